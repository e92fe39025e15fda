"""Lo que el modelo predice: la probabilidad de cada token siguiente, paso a paso.

- :func:`siguientes_tokens`: los tokens más probables después de un texto (con su probabilidad).
- :func:`grafico_probabilidades`: esa tabla como gráfico de barras.
- :func:`paso_a_paso`: generar eligiendo el más probable, token a token, a la vista.
- :func:`ids_de_entrada`: un texto o una conversación, convertidos en la entrada del modelo.

Las tablas que devuelven (:class:`afinar.presentacion.Tabla`) se ven como HTML en un cuaderno y
como texto en la terminal.
"""

from __future__ import annotations

import contextlib

from afinar.errores import AfinarError
from afinar.generacion.ajustes import error_de_ajuste
from afinar.generacion.plantillas import entrada_de_chat, fin_de_turno
from afinar.presentacion import Tabla


@contextlib.contextmanager
def modo_evaluacion(modelo):
    """Sin dropout mientras se genera (tras entrenar, el modelo queda en modo entrenamiento)."""
    entrenando = modelo.training
    modelo.eval()
    try:
        yield
    finally:
        modelo.train(entrenando)


def ids_de_entrada(tokenizer, texto) -> list[int]:
    """Los ids que entran al modelo: el texto tokenizado o, si es una lista de mensajes, la
    conversación con la plantilla de chat del modelo y el turno del asistente abierto. Es la
    única forma en que afinar construye lo que pide a un modelo."""
    if isinstance(texto, (list, tuple)):
        if not getattr(tokenizer, "chat_template", None):
            raise AfinarError(
                "Este tokenizador no tiene plantilla de chat, así que no entiende una lista de "
                "mensajes: es un modelo base. Pasa un texto normal, o usa un modelo «Instruct»."
            )
        return entrada_de_chat(tokenizer, list(texto))
    if isinstance(texto, str):
        if not texto.strip():
            raise AfinarError("El texto de entrada está vacío: escribe al menos una palabra.")
        return list(tokenizer(texto)["input_ids"])
    raise AfinarError(
        f"El texto de entrada tiene que ser un texto (str) o una lista de mensajes, "
        f"no {type(texto).__name__}."
    )


def preparar_entradas(tokenizer, texto, dispositivo=None) -> dict:
    """``input_ids`` y ``attention_mask`` (tensores de un ejemplo) para llamar al modelo."""
    import torch

    ids = torch.tensor([ids_de_entrada(tokenizer, texto)], device=dispositivo)
    return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}


CARACTER_ROTO = "\ufffd"  # «�»: lo que sale al decodificar bytes que no forman una letra


def decodificar(tokenizer, ids) -> str:
    """Los tokens nuevos como texto, sin tokens especiales y sin caracteres a medias («�»).

    Un tokenizador por bytes puede parar a mitad de una letra de varios bytes («ñ», «¡») o, en
    un modelo pequeño, escribir el primer byte de una y seguir con otra cosa («A�Gracias!»).
    Esos bytes sueltos no forman ninguna letra y se decodifican como «�», que no significa
    nada: se quitan, estén al final o en medio.
    """
    return tokenizer.decode(ids, skip_special_tokens=True).replace(CARACTER_ROTO, "")


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
    """Los ids de los tokens con los que el modelo da el texto (o su turno) por terminado."""
    return set(fin_de_turno(tokenizer, modelo.generation_config))


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
                decodificar(tokenizer, ids[0]),
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
