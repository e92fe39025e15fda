"""Generar texto: ajustes con nombre, comparaciones lado a lado y el laboratorio interactivo.

Todo se apoya en ``modelo.generate`` de Transformers. Lo que añade afinar:

- :data:`AJUSTES`: combinaciones de ajustes con nombre ("determinista", "creativo", "haz"...).
- :func:`ajustes_generacion`: el diccionario exacto que se pasa a ``generate``, solo con las
  opciones que cuentan en ese modo (así Transformers no avisa de opciones que ignora).
- :func:`generar`, :func:`comparar_ajustes`: generar una vez, o con varios ajustes lado a lado.
- :func:`siguientes_tokens`, :func:`paso_a_paso`, :func:`grafico_probabilidades`: lo que el
  modelo predice de verdad, token a token.
- :func:`laboratorio`: controles deslizantes (ipywidgets) para probar ajustes.

Los ejercicios del cuaderno 1 y sus comprobaciones están en :mod:`afinar.ejercicios`.
"""

from __future__ import annotations

import textwrap

from afinar.errores import AfinarError

# Ajustes con nombre. Cada uno cambia pocas cosas respecto a VALORES_POR_DEFECTO.
AJUSTES: dict[str, dict] = {
    # Siempre el token más probable ("greedy"): misma entrada, misma salida.
    "determinista": {"do_sample": False},
    # Como el determinista, pero castiga repetir tokens y prohíbe repetir grupos de 3.
    "sin_repetir": {"do_sample": False, "repetition_penalty": 1.3, "no_repeat_ngram_size": 3},
    # Sortea entre los tokens probables: variado pero con sentido.
    "equilibrado": {"do_sample": True, "temperature": 0.7, "top_k": 50, "top_p": 0.9},
    # Sortea con más libertad: sorprende más y se equivoca más.
    "creativo": {"do_sample": True, "temperature": 1.2, "top_k": 100, "top_p": 0.98},
    # Búsqueda en haz ("beam search"): sigue 4 continuaciones y se queda con la mejor.
    "haz": {"do_sample": False, "num_beams": 4},
}

DESCRIPCIONES: dict[str, str] = {
    "determinista": "siempre el token más probable (greedy)",
    "sin_repetir": "determinista, castigando las repeticiones",
    "equilibrado": "sorteo moderado entre los tokens probables",
    "creativo": "sorteo con más libertad (temperatura alta)",
    "haz": "búsqueda en haz (beam search) con 4 haces",
}

# Los valores de partida. Los escribimos todos para no depender de los que trae cada modelo
# en su generation_config (Qwen, por ejemplo, trae temperature=0.7 y top_k=20).
VALORES_POR_DEFECTO: dict = {
    "max_new_tokens": 40,  # cuántos tokens nuevos, como mucho
    "do_sample": False,  # False: el más probable; True: sortear
    "temperature": 1.0,  # < 1 más conservador, > 1 más arriesgado (solo al sortear)
    "top_k": 50,  # sortear solo entre los k más probables (solo al sortear)
    "top_p": 1.0,  # sortear entre los que suman p de probabilidad (solo al sortear)
    "repetition_penalty": 1.0,  # > 1 castiga los tokens ya usados
    "no_repeat_ngram_size": 0,  # n > 0 prohíbe repetir cualquier grupo de n tokens
    "num_beams": 1,  # > 1: búsqueda en haz con ese número de haces
}

_SOLO_AL_SORTEAR = ("temperature", "top_k", "top_p")


def _error(opcion: str, valor, regla: str) -> AfinarError:
    return AfinarError(f"El ajuste {opcion}={valor!r} no vale: {regla}.")


def _validar(valores: dict) -> None:
    desconocidas = sorted(set(valores) - set(VALORES_POR_DEFECTO))
    if desconocidas:
        raise AfinarError(
            f"No conozco el ajuste «{desconocidas[0]}». Los ajustes posibles son: "
            f"{', '.join(VALORES_POR_DEFECTO)}. Revisa cómo está escrito."
        )
    for opcion in ("max_new_tokens", "top_k", "num_beams", "no_repeat_ngram_size"):
        valor = valores[opcion]
        minimo = 0 if opcion == "no_repeat_ngram_size" else 1
        if isinstance(valor, bool) or not isinstance(valor, int) or valor < minimo:
            regla = f"tiene que ser un número entero mayor o igual que {minimo}"
            raise _error(opcion, valor, regla)
    if not isinstance(valores["do_sample"], bool):
        raise _error("do_sample", valores["do_sample"], "tiene que ser True (sortear) o False")
    for opcion, minimo, maximo in (
        ("temperature", 0.0, None), ("top_p", 0.0, 1.0), ("repetition_penalty", 0.0, None),
    ):
        valor = valores[opcion]
        if isinstance(valor, bool) or not isinstance(valor, (int, float)) or valor <= minimo:
            extra = " (para quitar el azar usa do_sample=False)" if opcion == "temperature" else ""
            raise _error(opcion, valor, f"tiene que ser un número mayor que {minimo:g}{extra}")
        if maximo is not None and valor > maximo:
            raise _error(opcion, valor, f"tiene que estar entre 0 y {maximo:g}")


def ajustes_generacion(ajustes: str | dict | None = "determinista", **cambios) -> dict:
    """El diccionario de opciones para ``modelo.generate(**entradas, **ajustes)``.

    ``ajustes`` es el nombre de uno de :data:`AJUSTES` o un diccionario propio; ``cambios``
    modifica opciones sueltas (``ajustes_generacion("creativo", temperature=0.9)``). Solo
    devuelve las opciones que cuentan en ese modo: sin sorteo no hay ``temperature`` ni
    ``top_p``; con un solo haz no hay ``num_beams``.
    """
    if ajustes is None:
        base = {}
    elif isinstance(ajustes, str):
        if ajustes not in AJUSTES:
            raise AfinarError(
                f"No hay ajustes con el nombre «{ajustes}». Elige uno de: {', '.join(AJUSTES)}, "
                "o pasa un diccionario como {\"do_sample\": False}."
            )
        base = AJUSTES[ajustes]
    elif isinstance(ajustes, dict):
        base = ajustes
    else:
        raise AfinarError(
            f"Los ajustes tienen que ser un nombre (como \"determinista\") o un diccionario, "
            f"no {type(ajustes).__name__}."
        )
    valores = {**VALORES_POR_DEFECTO, **base, **cambios}
    _validar(valores)
    resultado = {"max_new_tokens": valores["max_new_tokens"], "do_sample": valores["do_sample"]}
    if valores["do_sample"]:
        resultado.update({opcion: valores[opcion] for opcion in _SOLO_AL_SORTEAR})
    if valores["num_beams"] > 1:
        resultado["num_beams"] = valores["num_beams"]
    if valores["repetition_penalty"] != 1.0:
        resultado["repetition_penalty"] = valores["repetition_penalty"]
    if valores["no_repeat_ngram_size"] > 0:
        resultado["no_repeat_ngram_size"] = valores["no_repeat_ngram_size"]
    return resultado


def describir(ajustes: dict) -> str:
    """Las opciones de un diccionario de ajustes en una línea: ``do_sample=True, top_k=50``."""
    return ", ".join(f"{k}={v}" for k, v in ajustes.items() if k != "max_new_tokens")


def preparar_entradas(tokenizer, texto, dispositivo=None):
    """Tokeniza ``texto`` (o aplica la plantilla de chat si es una lista de mensajes)."""
    if isinstance(texto, (list, tuple)):
        if not getattr(tokenizer, "chat_template", None):
            raise AfinarError(
                "Este tokenizador no tiene plantilla de chat, así que no entiende una lista de "
                "mensajes: es un modelo base. Pasa un texto normal, o usa un modelo «Instruct»."
            )
        entradas = tokenizer.apply_chat_template(
            list(texto), add_generation_prompt=True, return_dict=True, return_tensors="pt"
        )
    elif isinstance(texto, str):
        if not texto.strip():
            raise AfinarError("El texto de entrada está vacío: escribe al menos una palabra.")
        entradas = tokenizer(texto, return_tensors="pt")
    else:
        raise AfinarError(
            f"El texto de entrada tiene que ser un texto (str) o una lista de mensajes, "
            f"no {type(texto).__name__}."
        )
    return entradas.to(dispositivo) if dispositivo is not None else entradas


def _opciones_generate(modelo, tokenizer, opciones: dict) -> dict:
    """Completa las opciones con el relleno y anula las del modelo que no se usan en este modo."""
    opciones = dict(opciones)
    if not opciones.get("do_sample"):
        # el generation_config del modelo puede traer temperature, top_p...: aquí no cuentan
        opciones.update({opcion: None for opcion in _SOLO_AL_SORTEAR})
    relleno = tokenizer.pad_token_id
    if relleno is None:
        relleno = modelo.generation_config.pad_token_id
    if relleno is None:
        relleno = tokenizer.eos_token_id
    opciones["pad_token_id"] = relleno
    return opciones


def generar(
    modelo, tokenizer, texto, ajustes="determinista", *, semilla: int = 42, **cambios
) -> str:
    """Genera una continuación de ``texto`` y devuelve solo el texto nuevo.

    ``texto`` puede ser un texto o una lista de mensajes de chat (``{"role", "content"}``).
    ``ajustes`` y ``cambios`` son los de :func:`ajustes_generacion`; ``semilla`` fija el azar,
    así que con la misma semilla sale lo mismo aunque se sortee.
    """
    import torch
    from transformers import set_seed

    opciones = ajustes_generacion(ajustes, **cambios)
    entradas = preparar_entradas(tokenizer, texto, modelo.device)
    set_seed(semilla)
    with torch.no_grad():
        salida = modelo.generate(**entradas, **_opciones_generate(modelo, tokenizer, opciones))
    nuevos = salida[0, entradas["input_ids"].shape[1]:]
    return tokenizer.decode(nuevos, skip_special_tokens=True)


class Tabla:
    """Una tabla pequeña que se ve como HTML en un cuaderno y como texto en la terminal."""

    def __init__(self, columnas: list[str], filas: list[list], titulo: str = "", formatos=None):
        self.columnas = list(columnas)
        self.filas = [list(f) for f in filas]
        self.titulo = titulo
        self.formatos = dict(formatos or {})

    def columna(self, nombre: str) -> list:
        """Los valores (sin formato) de una columna."""
        i = self.columnas.index(nombre)
        return [fila[i] for fila in self.filas]

    def _celdas(self) -> list[list[str]]:
        return [
            [self.formatos.get(c, str)(v) for c, v in zip(self.columnas, fila, strict=True)]
            for fila in self.filas
        ]

    def _repr_html_(self) -> str:
        from afinar._presentacion import escapar, tabla_html

        titulo = f"<p><b>{escapar(self.titulo)}</b></p>" if self.titulo else ""
        return titulo + tabla_html(self._celdas(), tuple(self.columnas))

    def __str__(self) -> str:
        celdas = self._celdas()
        lineas = [self.titulo] if self.titulo else []
        if all(len(v) <= 30 and "\n" not in v for fila in celdas for v in fila):
            anchos = [max(len(x) for x in [c, *(f[i] for f in celdas)])
                      for i, c in enumerate(self.columnas)]
            for fila in [self.columnas, *celdas]:
                lineas.append("  ".join(v.ljust(a) for v, a in zip(fila, anchos, strict=True)))
        else:  # textos largos: un bloque por fila
            for fila in celdas:
                lineas.append(f"── {fila[0]}")
                for columna, valor in zip(self.columnas[1:], fila[1:], strict=True):
                    envuelto = textwrap.fill(" ".join(valor.split()), 88, subsequent_indent="   ")
                    lineas.append(f"   {columna}: {envuelto}")
        return "\n".join(lineas)

    __repr__ = __str__


def comparar_ajustes(
    modelo, tokenizer, texto, ajustes=tuple(AJUSTES), *, semilla: int = 42, **cambios
) -> Tabla:
    """Genera con varios ajustes sobre el mismo ``texto`` y los muestra lado a lado.

    ``ajustes`` es una lista de nombres de :data:`AJUSTES` o un diccionario
    ``{"mi nombre": {...}}``; ``cambios`` (por ejemplo ``max_new_tokens=30``) se aplica a todos.
    """
    if isinstance(ajustes, str):
        ajustes = [ajustes]
    pares = ajustes.items() if isinstance(ajustes, dict) else [(n, n) for n in ajustes]
    filas = []
    for nombre, valor in pares:
        opciones = ajustes_generacion(valor, **cambios)
        salida = generar(modelo, tokenizer, texto, opciones, semilla=semilla)
        filas.append([str(nombre), describir(opciones), salida])
    titulo = f"Texto de entrada: {texto!r}" if isinstance(texto, str) else "Conversación"
    return Tabla(["ajustes", "opciones", "texto generado"], filas, titulo)


def ver_token(token: str) -> str:
    """Un token entre comillas, para que se vean los espacios y saltos de línea."""
    return repr(token)


def _porcentaje(p: float) -> str:
    return f"{100 * p:.1f} %"


def siguientes_tokens(modelo, tokenizer, texto: str, k: int = 5) -> Tabla:
    """Los ``k`` tokens que el modelo ve más probables justo después de ``texto``."""
    import torch

    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise AfinarError(f"k={k!r} no vale: tiene que ser un número entero mayor que 0.")
    entradas = preparar_entradas(tokenizer, texto, modelo.device)
    with torch.no_grad():
        logits = modelo(**entradas).logits[0, -1]
    probabilidades = torch.softmax(logits.float(), dim=-1)
    mejores = torch.topk(probabilidades, min(k, probabilidades.shape[-1]))
    filas = [
        [ver_token(tokenizer.decode([int(i)])), float(p)]
        for p, i in zip(mejores.values, mejores.indices, strict=True)
    ]
    return Tabla(["token", "probabilidad"], filas, f"Después de {texto!r}, el modelo espera:",
                 {"probabilidad": _porcentaje})


def paso_a_paso(modelo, tokenizer, texto: str, pasos: int = 6) -> Tabla:
    """Genera ``pasos`` tokens uno a uno, eligiendo siempre el más probable, y lo enseña."""
    import torch

    entradas = preparar_entradas(tokenizer, texto, modelo.device)
    ids = entradas["input_ids"]
    filas = []
    for paso in range(1, pasos + 1):
        with torch.no_grad():
            logits = modelo(input_ids=ids).logits[0, -1]
        probabilidades = torch.softmax(logits.float(), dim=-1)
        elegido = int(torch.argmax(probabilidades))
        ids = torch.cat([ids, torch.tensor([[elegido]], device=ids.device)], dim=1)
        filas.append([paso, ver_token(tokenizer.decode([elegido])),
                      float(probabilidades[elegido]), tokenizer.decode(ids[0])])
    return Tabla(["paso", "elige", "probabilidad", "texto hasta ahora"], filas,
                 "Generar = elegir el siguiente token, una y otra vez",
                 {"probabilidad": _porcentaje})


def grafico_probabilidades(tabla: Tabla, titulo: str | None = None):
    """Un gráfico de barras con la tabla de :func:`siguientes_tokens`. Devuelve la figura."""
    import matplotlib.pyplot as plt

    tokens = tabla.columna("token")
    valores = [100 * p for p in tabla.columna("probabilidad")]
    figura, ejes = plt.subplots(figsize=(6, 0.5 + 0.45 * len(tokens)))
    ejes.barh(tokens[::-1], valores[::-1], color="#3b7dd8")
    for y, v in enumerate(valores[::-1]):
        ejes.text(v, y, f" {v:.1f} %", va="center")
    ejes.set_xlabel("probabilidad (%)")
    ejes.set_xlim(0, max(valores + [1]) * 1.25)
    ejes.set_title(titulo or tabla.titulo)
    figura.tight_layout()
    plt.close(figura)  # la devolvemos: el cuaderno la muestra una sola vez
    return figura


_NOTA_SIN_CONTROLES = (
    "Nota: aquí no se pueden mostrar controles deslizantes ({motivo}). No pasa nada: "
    "esta celda genera una vez con los valores que le pases, por ejemplo "
    "laboratorio(modelo, tokenizer, \"Había una vez\", temperature=1.2)."
)


def laboratorio(
    modelo, tokenizer, texto: str = "Había una vez", *, max_new_tokens: int = 40,
    do_sample: bool = True, temperature: float = 0.7, top_k: int = 50, top_p: float = 0.9,
    repetition_penalty: float = 1.0, semilla: int = 42,
):
    """Controles deslizantes para probar los ajustes de generación (en un cuaderno).

    Sin ipywidgets, o fuera de un cuaderno, genera una vez con los valores dados y lo imprime.
    """
    from afinar.entorno import en_notebook

    valores = dict(max_new_tokens=max_new_tokens, do_sample=do_sample, temperature=temperature,
                   top_k=top_k, top_p=top_p, repetition_penalty=repetition_penalty)
    try:
        import ipywidgets as w
    except ImportError:
        w = None
    if w is None or not en_notebook():
        motivo = "falta el paquete ipywidgets" if w is None else "no estamos en un cuaderno"
        print(_NOTA_SIN_CONTROLES.format(motivo=motivo))
        print(f"\n{texto}▶ {generar(modelo, tokenizer, texto, semilla=semilla, **valores)}")
        return None
    return _controles(w, modelo, tokenizer, texto, valores, semilla)


def _controles(w, modelo, tokenizer, texto, valores, semilla):
    estilo = {"description_width": "150px"}
    diseno = w.Layout(width="480px")
    entrada = w.Textarea(value=texto, description="texto", style=estilo, layout=diseno)
    controles = {
        "do_sample": w.Checkbox(value=valores["do_sample"], description="do_sample (sortear)",
                                style=estilo),
        "temperature": w.FloatSlider(value=valores["temperature"], min=0.1, max=2.0, step=0.05,
                                     description="temperature", style=estilo, layout=diseno),
        "top_k": w.IntSlider(value=valores["top_k"], min=1, max=200, description="top_k",
                             style=estilo, layout=diseno),
        "top_p": w.FloatSlider(value=valores["top_p"], min=0.05, max=1.0, step=0.05,
                               description="top_p", style=estilo, layout=diseno),
        "repetition_penalty": w.FloatSlider(value=valores["repetition_penalty"], min=1.0, max=2.0,
                                            step=0.05, description="repetition_penalty",
                                            style=estilo, layout=diseno),
        "max_new_tokens": w.IntSlider(value=valores["max_new_tokens"], min=5, max=200,
                                      description="max_new_tokens", style=estilo, layout=diseno),
    }
    caja_semilla = w.IntText(value=semilla, description="semilla", style=estilo)
    boton = w.Button(description="Generar", button_style="primary")
    salida = w.Output()

    def al_pulsar(_=None):
        opciones = {nombre: control.value for nombre, control in controles.items()}
        salida.clear_output()
        with salida:
            try:
                nuevo = generar(modelo, tokenizer, entrada.value, semilla=caja_semilla.value,
                                **opciones)
                print(f"{entrada.value}▶ {nuevo}")
            except AfinarError as error:
                print(f"⚠️ {error}")

    boton.on_click(al_pulsar)
    al_pulsar()
    print("Mueve los controles y pulsa «Generar». Si no ves controles (por ejemplo, en una "
          "vista de GitHub), usa afinar.generar.generar(...) como en las celdas anteriores.")
    return w.VBox([entrada, *controles.values(), caja_semilla, boton, salida])
