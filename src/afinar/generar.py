"""Generar texto: ajustes con nombre, comparaciones lado a lado y el laboratorio interactivo.

Todo se apoya en ``modelo.generate`` de Transformers. Lo que añade afinar:

- :data:`AJUSTES`: combinaciones de ajustes con nombre ("determinista", "creativo", "haz"...).
- :func:`ajustes_generacion`: el diccionario exacto que se pasa a ``generate``, solo con las
  opciones que cuentan en ese modo (así Transformers no avisa de opciones que ignora).
- :func:`generar`, :func:`comparar_ajustes`: generar una vez, o con varios ajustes lado a lado.
- :func:`laboratorio`: controles deslizantes (ipywidgets) para probar ajustes.

Lo que el modelo predice en cada paso (probabilidades del siguiente token) está en
:mod:`afinar.prediccion`; los ejercicios del cuaderno 1 y sus comprobaciones, en
:mod:`afinar.ejercicios`.
"""

from __future__ import annotations

from afinar.errores import AfinarError
from afinar.prediccion import Tabla, error_de_ajuste, modo_evaluacion, preparar_entradas

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
            raise error_de_ajuste(opcion, valor, regla)
    if not isinstance(valores["do_sample"], bool):
        raise error_de_ajuste(
            "do_sample", valores["do_sample"], "tiene que ser True (sortear) o False"
        )
    for opcion, minimo, maximo in (
        ("temperature", 0.0, None),
        ("top_p", 0.0, 1.0),
        ("repetition_penalty", 0.0, None),
    ):
        valor = valores[opcion]
        if isinstance(valor, bool) or not isinstance(valor, (int, float)) or valor <= minimo:
            extra = " (para quitar el azar usa do_sample=False)" if opcion == "temperature" else ""
            raise error_de_ajuste(
                opcion, valor, f"tiene que ser un número mayor que {minimo:g}{extra}"
            )
        if maximo is not None and valor > maximo:
            raise error_de_ajuste(opcion, valor, f"tiene que estar entre 0 y {maximo:g}")


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
                'o pasa un diccionario como {"do_sample": False}.'
            )
        base = AJUSTES[ajustes]
    elif isinstance(ajustes, dict):
        base = ajustes
    else:
        raise AfinarError(
            f'Los ajustes tienen que ser un nombre (como "determinista") o un diccionario, '
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


def _opciones_generate(modelo, tokenizer, opciones: dict) -> dict:
    """Completa las opciones con el relleno y con valores neutros para lo que no se pide.

    El generation_config de cada modelo trae sus propios valores (Qwen: temperature=0.7,
    repetition_penalty=1.05...). Si no los neutralizamos, "determinista" no sería solo
    "el más probable" y Transformers avisaría de opciones que no se usan.
    """
    neutros = {"repetition_penalty": 1.0, "no_repeat_ngram_size": 0, "num_beams": 1}
    if not opciones.get("do_sample"):
        neutros.update({"temperature": 1.0, "top_k": 50, "top_p": 1.0})
    opciones = {**neutros, **opciones}
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
    así que con la misma semilla sale lo mismo aunque se sortee. La respuesta a una
    conversación se devuelve sin espacios ni saltos de línea al principio y al final.
    """
    import torch
    from transformers import set_seed

    opciones = ajustes_generacion(ajustes, **cambios)
    entradas = preparar_entradas(tokenizer, texto, modelo.device)
    set_seed(semilla)
    with modo_evaluacion(modelo), torch.no_grad():
        salida = modelo.generate(**entradas, **_opciones_generate(modelo, tokenizer, opciones))
    nuevos = salida[0, entradas["input_ids"].shape[1] :]
    texto_nuevo = tokenizer.decode(nuevos, skip_special_tokens=True)
    # una respuesta de chat no necesita los saltos de línea con los que a veces empieza
    return texto_nuevo.strip() if isinstance(texto, (list, tuple)) else texto_nuevo


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
        que_hace = DESCRIPCIONES.get(valor if isinstance(valor, str) else "", "ajustes propios")
        filas.append([str(nombre), que_hace, describir(opciones), salida])
    titulo = f"Texto de entrada: {texto!r}" if isinstance(texto, str) else "Conversación"
    return Tabla(["ajustes", "qué hace", "opciones", "texto generado"], filas, titulo)


_NOTA_SIN_CONTROLES = (
    "Nota: aquí no se pueden mostrar controles deslizantes ({motivo}). No pasa nada: "
    "esta celda genera una vez con los valores que le pases, por ejemplo "
    'laboratorio(modelo, tokenizer, "Había una vez", temperature=1.2).'
)


def laboratorio(
    modelo,
    tokenizer,
    texto: str = "Había una vez",
    *,
    max_new_tokens: int = 40,
    do_sample: bool = True,
    temperature: float = 0.7,
    top_k: int = 50,
    top_p: float = 0.9,
    repetition_penalty: float = 1.0,
    semilla: int = 42,
):
    """Controles deslizantes para probar los ajustes de generación (en un cuaderno).

    Sin ipywidgets, o fuera de un cuaderno, genera una vez con los valores dados y lo imprime.
    """
    from afinar.entorno import en_notebook

    valores = dict(
        max_new_tokens=max_new_tokens,
        do_sample=do_sample,
        temperature=temperature,
        top_k=top_k,
        top_p=top_p,
        repetition_penalty=repetition_penalty,
    )
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
        "do_sample": w.Checkbox(
            value=valores["do_sample"], description="do_sample (sortear)", style=estilo
        ),
        "temperature": w.FloatSlider(
            value=valores["temperature"],
            min=0.1,
            max=2.0,
            step=0.05,
            description="temperature",
            style=estilo,
            layout=diseno,
        ),
        "top_k": w.IntSlider(
            value=valores["top_k"], min=1, max=200, description="top_k", style=estilo, layout=diseno
        ),
        "top_p": w.FloatSlider(
            value=valores["top_p"],
            min=0.05,
            max=1.0,
            step=0.05,
            description="top_p",
            style=estilo,
            layout=diseno,
        ),
        "repetition_penalty": w.FloatSlider(
            value=valores["repetition_penalty"],
            min=1.0,
            max=2.0,
            step=0.05,
            description="repetition_penalty",
            style=estilo,
            layout=diseno,
        ),
        "max_new_tokens": w.IntSlider(
            value=valores["max_new_tokens"],
            min=5,
            max=200,
            description="max_new_tokens",
            style=estilo,
            layout=diseno,
        ),
    }
    caja_semilla = w.IntText(value=semilla, description="semilla", style=estilo)
    boton = w.Button(description="Generar", button_style="primary")
    salida = w.Output()

    def al_pulsar(_=None):
        opciones = {nombre: control.value for nombre, control in controles.items()}
        salida.clear_output()
        with salida:
            try:
                nuevo = generar(
                    modelo, tokenizer, entrada.value, semilla=caja_semilla.value, **opciones
                )
                print(f"{entrada.value}▶ {nuevo}")
            except AfinarError as error:
                print(f"⚠️ {error}")

    boton.on_click(al_pulsar)
    print(
        "Mueve los controles y pulsa «Generar». Si no ves controles (por ejemplo, en una "
        "vista de GitHub), usa afinar.generar.generar(...) como en las celdas anteriores."
    )
    return w.VBox([entrada, *controles.values(), caja_semilla, boton, salida])
