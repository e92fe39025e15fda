"""Comprobar que lo exportado responde igual que el original.

Cinco preguntas en español, formateadas con la plantilla de chat del modelo si la tiene. Para
cada una se guarda la continuación voraz (greedy, sin azar) del original y sus logits; el modelo
exportado se compara con las dos cosas: mismos tokens y diferencia media de logits.
"""

from __future__ import annotations

import io
from contextlib import contextmanager, redirect_stderr
from dataclasses import dataclass

PREGUNTAS = [
    "¿Cómo se prepara una tortilla de patatas?",
    "Escribe una frase sobre el mar.",
    "¿Qué es el aprendizaje automático?",
    "Dame tres consejos para estudiar mejor.",
    "Resume en una línea: mañana lloverá en el norte.",
]
TOKENS_NUEVOS = 12


@contextmanager
def callado():
    """Sin barras de progreso mientras se carga lo exportado.

    La de transformers se apaga con su interruptor; la de «de-quantizing GGUF tensors» es un
    tqdm sin interruptor que escribe en stderr: se recoge aparte y se descarta.
    """
    from transformers.utils import logging as hf_logging

    barras = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        with redirect_stderr(io.StringIO()):
            yield
    finally:
        if barras:
            hf_logging.enable_progress_bar()


@dataclass
class Huella:
    """Lo que un modelo hace con las preguntas: continuación voraz y logits sobre una continuación."""

    entradas: list[list[int]]  # las preguntas, en ids
    tokens: list[list[int]]  # la continuación voraz de este modelo (acaba en el fin de turno)
    logits: list  # tensores (TOKENS_NUEVOS, vocabulario) sobre la continuación de referencia


@dataclass
class Comprobacion:
    """Una comprobación del informe: qué se comprobó, si salió bien y el detalle medido."""

    nombre: str
    correcta: bool
    detalle: str
    iguales: int | None = None  # continuaciones idénticas (de cinco), si se compararon modelos
    media: float | None = None  # diferencia absoluta media de logits
    maxima: float | None = None  # diferencia absoluta máxima de logits


def entradas(tokenizer) -> list[list[int]]:
    """Las cinco preguntas en ids, con la plantilla de chat si el tokenizador la tiene."""
    if getattr(tokenizer, "chat_template", None):
        from afinar.generacion.plantillas import entrada_de_chat

        return [entrada_de_chat(tokenizer, [{"role": "user", "content": p}]) for p in PREGUNTAS]
    return [tokenizer(p)["input_ids"] for p in PREGUNTAS]


def _clave_cache(modelo) -> str:
    """Cómo se llama el argumento de la caché: `cache` (transformers ≥ 5.24) o `past_key_values`."""
    import inspect

    base = modelo.get_base_model() if hasattr(modelo, "get_base_model") else modelo
    return "cache" if "cache" in inspect.signature(base.forward).parameters else "past_key_values"


def _voraz(modelo, ids: list[int], n: int, parar: frozenset[int]) -> list[int]:
    """Hasta n tokens elegidos siempre por el más probable; para tras un token de fin de turno."""
    import torch

    clave = _clave_cache(modelo)
    salida = modelo(input_ids=torch.tensor([ids], device=modelo.device), use_cache=True,
                    logits_to_keep=1)
    nuevos = [int(salida.logits[0, -1].argmax())]
    while len(nuevos) < n and nuevos[-1] not in parar:
        siguiente = torch.tensor([[nuevos[-1]]], device=modelo.device)
        salida = modelo(input_ids=siguiente, use_cache=True, logits_to_keep=1,
                        **{clave: getattr(salida, clave)})
        nuevos.append(int(salida.logits[0, -1].argmax()))
    return nuevos


def _logits(modelo, ids: list[int], continuacion: list[int]):
    """Logits (float32, CPU) que predicen cada token de `continuacion` tras `ids`."""
    import torch

    secuencia = torch.tensor([ids + continuacion], device=modelo.device)
    logits = modelo(input_ids=secuencia).logits[0].float().cpu()
    inicio = len(ids) - 1
    return logits[inicio : inicio + len(continuacion)]


def huella(modelo, ids: list[list[int]], referencia: Huella | None = None,
           parar=()) -> Huella:
    """La huella de `modelo`; sus logits se miden sobre la continuación de `referencia` si la hay.

    `parar`: ids de fin de turno; la continuación acaba en el primero que aparezca.
    """
    import torch

    parar = frozenset(int(i) for i in parar)
    with torch.inference_mode():
        tokens = [_voraz(modelo, e, TOKENS_NUEVOS, parar) for e in ids]
        base = referencia.tokens if referencia is not None else tokens
        logits = [_logits(modelo, e, c) for e, c in zip(ids, base, strict=True)]
    return Huella(ids, tokens, logits)


def comparar(nombre: str, referencia: Huella, otra: Huella, *, minimo: int,
             tolerancia: float | None = None) -> Comprobacion:
    """¿Cuántas continuaciones coinciden, y cuánto difieren los logits?

    Correcta si coinciden al menos `minimo` de las cinco y, con `tolerancia`, si la mayor
    diferencia absoluta de logits no la supera.
    """
    import torch

    pares = zip(referencia.logits, otra.logits, strict=True)
    iguales = sum(a == b for a, b in zip(referencia.tokens, otra.tokens, strict=True))
    diferencias = torch.cat([(a - b).abs().flatten() for a, b in pares])
    media, maxima = float(diferencias.mean()), float(diferencias.max())
    correcta = iguales >= minimo and (tolerancia is None or maxima <= tolerancia)
    detalle = (
        f"{iguales} de {len(referencia.tokens)} continuaciones idénticas "
        f"(hasta {TOKENS_NUEVOS} tokens o el fin de turno); diferencia de logits: media {media:.2e}, "
        f"máxima {maxima:.2e}"
    )
    if tolerancia is not None:
        detalle += f" (tolerancia {tolerancia:.0e})"
    return Comprobacion(nombre, correcta, detalle, iguales, media, maxima)
