"""Lo que el modelo predice: la probabilidad de cada token siguiente, paso a paso.

- :func:`siguientes_tokens`: los tokens más probables después de un texto (con su probabilidad).
- :func:`grafico_probabilidades`: esa tabla como gráfico de barras.
- :func:`paso_a_paso`: generar eligiendo el más probable, token a token, a la vista.
- :func:`preparar_entradas`: un texto o una conversación, convertidos en la entrada del modelo.

:class:`Tabla` es la tabla pequeña que usan estas funciones y :mod:`afinar.generar`: se ve como
HTML en un cuaderno y como texto en la terminal.
"""

from __future__ import annotations

import contextlib
import textwrap

from afinar.errores import AfinarError


def error_de_ajuste(opcion: str, valor, regla: str) -> AfinarError:
    """El error para un ajuste de generación que no vale: nombra el ajuste, el valor y la regla."""
    return AfinarError(f"El ajuste {opcion}={valor!r} no vale: {regla}.")


@contextlib.contextmanager
def modo_evaluacion(modelo):
    """Sin dropout mientras se genera (tras entrenar, el modelo queda en modo entrenamiento)."""
    entrenando = modelo.training
    modelo.eval()
    try:
        yield
    finally:
        modelo.train(entrenando)


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
            anchos = [
                max(len(x) for x in [c, *(f[i] for f in celdas)])
                for i, c in enumerate(self.columnas)
            ]
            for fila in [self.columnas, *celdas]:
                celdas_alineadas = (v.ljust(a) for v, a in zip(fila, anchos, strict=True))
                lineas.append("  ".join(celdas_alineadas).rstrip())
        else:  # textos largos: un bloque por fila
            for fila in celdas:
                lineas.append(f"── {fila[0]}")
                for columna, valor in zip(self.columnas[1:], fila[1:], strict=True):
                    envuelto = textwrap.fill(" ".join(valor.split()), 88, subsequent_indent="   ")
                    lineas.append(f"   {columna}: {envuelto}")
        return "\n".join(lineas)

    __repr__ = __str__


def ver_token(token: str) -> str:
    """Un token entre comillas, para que se vean los espacios y saltos de línea."""
    return repr(token)


def _porcentaje(p: float) -> str:
    return f"{100 * p:.1f} %"


def siguientes_tokens(modelo, tokenizer, texto: str, k: int = 5, temperature: float = 1.0) -> Tabla:
    """Los ``k`` tokens que el modelo ve más probables justo después de ``texto``.

    Con ``temperature`` distinta de 1 muestra las probabilidades con las que se sortearía:
    las puntuaciones (logits) se dividen por la temperatura antes de convertirlas.
    """
    import torch

    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise AfinarError(f"k={k!r} no vale: tiene que ser un número entero mayor que 0.")
    if (
        isinstance(temperature, bool)
        or not isinstance(temperature, (int, float))
        or temperature <= 0
    ):
        raise error_de_ajuste("temperature", temperature, "tiene que ser un número mayor que 0")
    entradas = preparar_entradas(tokenizer, texto, modelo.device)
    with modo_evaluacion(modelo), torch.no_grad():
        logits = modelo(**entradas).logits[0, -1]
    probabilidades = torch.softmax(logits.float() / temperature, dim=-1)
    mejores = torch.topk(probabilidades, min(k, probabilidades.shape[-1]))
    filas = [
        [tokenizer.decode([int(i)]), float(p)]
        for p, i in zip(mejores.values, mejores.indices, strict=True)
    ]
    con = f" (con temperature={temperature:g})" if temperature != 1.0 else ""
    return Tabla(
        ["token", "probabilidad"],
        filas,
        f"Después de {texto!r}, el modelo espera{con}:",
        {"token": ver_token, "probabilidad": _porcentaje},
    )


def tokens_de_fin(modelo, tokenizer) -> set[int]:
    """Los ids de los tokens con los que el modelo da el texto por terminado."""
    fin = modelo.generation_config.eos_token_id
    fin = set(fin) if isinstance(fin, (list, tuple)) else {fin}
    return {i for i in (*fin, tokenizer.eos_token_id) if i is not None}


def paso_a_paso(modelo, tokenizer, texto: str, pasos: int = 6) -> Tabla:
    """Genera ``pasos`` tokens uno a uno, eligiendo siempre el más probable, y lo enseña.

    Para antes si el modelo elige un token de fin (como hace ``generate``).
    """
    import torch

    entradas = preparar_entradas(tokenizer, texto, modelo.device)
    ids = entradas["input_ids"]
    filas = []
    fin = tokens_de_fin(modelo, tokenizer)
    for paso in range(1, pasos + 1):
        with modo_evaluacion(modelo), torch.no_grad():
            logits = modelo(input_ids=ids).logits[0, -1]
        probabilidades = torch.softmax(logits.float(), dim=-1)
        elegido = int(torch.argmax(probabilidades))
        ids = torch.cat([ids, torch.tensor([[elegido]], device=ids.device)], dim=1)
        filas.append(
            [
                paso,
                tokenizer.decode([elegido]),
                float(probabilidades[elegido]),
                tokenizer.decode(ids[0], skip_special_tokens=True),
            ]
        )
        if elegido in fin:
            filas[-1][3] += "  (fin: el modelo da el texto por terminado)"
            break
    return Tabla(
        ["paso", "elige", "probabilidad", "texto hasta ahora"],
        filas,
        "Generar = elegir el siguiente token, una y otra vez",
        {"elige": ver_token, "probabilidad": _porcentaje},
    )


def grafico_probabilidades(tabla: Tabla, titulo: str | None = None):
    """Un gráfico de barras con la tabla de :func:`siguientes_tokens`. Devuelve la figura."""
    import matplotlib.pyplot as plt

    tokens = [ver_token(t) for t in tabla.columna("token")]
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
