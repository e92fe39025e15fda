"""Métricas: perplejidad (cuánto le sorprenden los textos al modelo) y parecido con una
referencia (chrF de sacrebleu, ROUGE-L de rouge-score con un tokenizador que conserva tildes y ñ).

La perplejidad compara un modelo solo consigo mismo (antes y después de afinar, con el mismo
tokenizador y los mismos datos): con tokenizadores distintos los números no son comparables.
"""

from __future__ import annotations

import math
import re

from afinar.datos.tipo import tipo_de_datos
from afinar.errores import AfinarError
from afinar.generacion.plantillas import tokenizar_conversaciones
from afinar.modelos.carga import id_de_relleno


def _ejemplos_tokenizados(tokenizer, datos, max_length: int):
    """(ids, etiquetas) por ejemplo; en chat solo cuentan los tokens del asistente, marcados
    igual que al entrenar (`afinar.generacion.plantillas.tokenizar_conversaciones`)."""
    filas = list(datos)
    if filas and tipo_de_datos(filas[0]) == "chat":
        salida = tokenizar_conversaciones(
            tokenizer, [f["messages"] for f in filas], max_length=max_length
        )
        pares = [
            (ids, [i if m else -100 for i, m in zip(ids, mascara, strict=True)])
            for ids, mascara in zip(salida["input_ids"], salida["mascara"], strict=True)
        ]
    else:
        pares = [
            (ids, list(ids))
            for ids in (tokenizer(f["texto"], add_special_tokens=False)["input_ids"][:max_length]
                        for f in filas)
        ]
    return [(ids, etiquetas) for ids, etiquetas in pares if any(e != -100 for e in etiquetas[1:])]


def perplejidad(modelo, tokenizer, datos, *, max_length: int = 512, lote: int = 8) -> float:
    """Perplejidad del modelo en ``datos`` (columna ``texto`` o ``messages``). Menos es mejor.

    En datos de chat solo cuentan las respuestas del asistente, como al entrenar.
    Ojo: compara un modelo solo consigo mismo (antes y después de afinar). Dos modelos con
    tokenizadores distintos cortan el texto en piezas distintas y sus perplejidades no se
    pueden comparar.
    """
    import torch

    ejemplos = _ejemplos_tokenizados(tokenizer, datos, max_length)
    if not ejemplos:
        raise AfinarError("No hay ningún ejemplo con texto para medir la perplejidad.")
    relleno = id_de_relleno(tokenizer)
    suma, cuenta = 0.0, 0
    entrenando = modelo.training
    modelo.eval()
    try:
        with torch.no_grad():
            for inicio in range(0, len(ejemplos), lote):
                grupo = ejemplos[inicio : inicio + lote]
                largo = max(len(ids) for ids, _ in grupo)
                ids = torch.full((len(grupo), largo), relleno)
                etiquetas = torch.full((len(grupo), largo), -100)
                atencion = torch.zeros((len(grupo), largo), dtype=torch.long)
                for i, (fila, etiqueta) in enumerate(grupo):
                    ids[i, : len(fila)] = torch.tensor(fila)
                    etiquetas[i, : len(fila)] = torch.tensor(etiqueta)
                    atencion[i, : len(fila)] = 1
                logits = modelo(
                    input_ids=ids.to(modelo.device), attention_mask=atencion.to(modelo.device)
                ).logits.float()
                objetivo = etiquetas[:, 1:].to(logits.device)
                perdida = torch.nn.functional.cross_entropy(
                    logits[:, :-1].reshape(-1, logits.shape[-1]),
                    objetivo.reshape(-1),
                    ignore_index=-100,
                    reduction="sum",
                )
                suma += perdida.item()
                cuenta += int((objetivo != -100).sum())
    finally:
        modelo.train(entrenando)
    return math.exp(suma / cuenta)


class TokenizadorEspanol:
    """Palabras en minúsculas, con tildes, ñ y ü (el de rouge-score las borra)."""

    def tokenize(self, texto: str) -> list[str]:
        return re.findall(r"\w+", texto.lower())


def chrf(hipotesis: str, referencia: str) -> float:
    """chrF (sacrebleu) de una respuesta frente a su referencia, de 0 a 100."""
    import sacrebleu

    return float(sacrebleu.sentence_chrf(hipotesis, [referencia]).score)


def rouge_l(hipotesis: str, referencia: str) -> float:
    """ROUGE-L (medida F, de 0 a 1): la subsecuencia de palabras común más larga."""
    from rouge_score import rouge_scorer

    medidor = rouge_scorer.RougeScorer(["rougeL"], tokenizer=TokenizadorEspanol())
    return float(medidor.score(referencia, hipotesis)["rougeL"].fmeasure)
