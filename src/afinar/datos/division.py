"""Separar entrenamiento y validación: la única división de afinar.

La validación mide si el modelo aprende de verdad o solo memoriza, así que nunca se entrena con
ella. Si varias filas comparten la misma pregunta o la misma respuesta, ``por=`` las manda todas
al mismo lado: si no, la validación saldría mejor de lo que es.
"""

from __future__ import annotations

import random

from afinar.datos.tipo import tipo_de_datos
from afinar.errores import AfinarError


def _claves_de_grupo(ds, por: str) -> list[str]:
    """La pregunta o la respuesta de cada fila (la última del usuario o del asistente, en chat;
    el texto entero, en texto plano)."""
    if tipo_de_datos(ds) == "texto":
        return list(ds["texto"])
    rol = "assistant" if por == "respuesta" else "user"
    return [next((m["content"] for m in reversed(mensajes) if m["role"] == rol), "")
            for mensajes in ds["messages"]]  # fmt: skip


def dividir(ds, validacion: float | int = 0.1, semilla: int = 42, *, por: str | None = None):
    """Separa ``ds`` en ``train`` y ``validation`` (un ``DatasetDict``), mezclando con ``semilla``.

    ``validacion`` es una fracción (0.1 = el 10 %) o un número de filas (p. ej. 50). La
    validación sirve para medir si el modelo aprende de verdad o solo memoriza: nunca se
    entrena con ella. Con ``por="pregunta"`` o ``por="respuesta"``, las filas que comparten
    pregunta (o respuesta) van todas al mismo lado y ``validacion`` cuenta grupos, no filas.
    """
    if len(ds) < 2:
        raise AfinarError(
            f"Con {len(ds)} fila(s) no se puede separar entrenamiento y validación: hacen falta "
            "al menos 2 (mejor, cientos)."
        )
    if (
        isinstance(validacion, float)
        and not 0 < validacion < 1
        or (isinstance(validacion, int) and not 1 <= validacion < len(ds))
    ):
        raise AfinarError(
            f"validacion={validacion} no vale: usa una fracción entre 0 y 1 (por ejemplo 0.1) o "
            f"un número de filas entre 1 y {len(ds) - 1}."
        )
    if por not in (None, "pregunta", "respuesta"):
        raise AfinarError(f'por="{por}" no existe: usa por="pregunta" o por="respuesta".')
    if por is not None:
        return _dividir_por_grupos(ds, validacion, semilla, por)
    n = (
        validacion
        if isinstance(validacion, int)
        else max(1, min(len(ds) - 1, round(validacion * len(ds))))
    )
    partes = ds.train_test_split(test_size=n, seed=semilla)
    partes["validation"] = partes.pop("test")
    return partes


def _dividir_por_grupos(ds, validacion, semilla: int, por: str):
    from datasets import DatasetDict

    claves = _claves_de_grupo(ds, por)
    distintas = sorted(set(claves))
    if len(distintas) < 2:
        raise AfinarError(
            f"Todas las filas tienen la misma {por}: no se puede apartar validación con "
            f'por="{por}". Quita por= o añade ejemplos distintos.'
        )
    n = validacion if isinstance(validacion, int) else round(validacion * len(distintas))
    apartadas = set(random.Random(semilla).sample(distintas, max(1, min(n, len(distintas) - 1))))
    validacion_ = [i for i, c in enumerate(claves) if c in apartadas]
    entrenamiento = [i for i, c in enumerate(claves) if c not in apartadas]
    return DatasetDict(train=ds.select(entrenamiento), validation=ds.select(validacion_))
