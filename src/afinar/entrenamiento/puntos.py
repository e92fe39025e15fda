"""Puntos de control (checkpoints): la carpeta de salida, el último punto y desde dónde seguir."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from afinar.entrenamiento.monitor import decir, es_principal
from afinar.errores import AfinarError


def comprobar_salida(salida: Path) -> None:
    existente = salida
    while not existente.exists() and existente != existente.parent:
        existente = existente.parent
    try:
        if not existente.is_dir():
            raise NotADirectoryError(existente)
        with tempfile.NamedTemporaryFile(dir=existente):
            pass
    except OSError as error:
        raise AfinarError(
            f"No puedo escribir en la carpeta de salida «{salida}» ({existente} no admite "
            "escritura): elige otra con Receta(salida=...)."
        ) from error


def ultimo_punto(salida: Path) -> Path | None:
    from transformers.trainer_utils import get_last_checkpoint

    if not salida.is_dir():
        return None
    ultimo = get_last_checkpoint(str(salida))
    return Path(ultimo) if ultimo else None


def paso_de(punto: Path) -> int:
    """El paso en que se guardó un punto de control (checkpoint-N)."""
    return int(punto.name.rsplit("-", 1)[-1])


def punto_de_partida(salida: Path, reanudar: bool, total: int):
    """El punto de control desde el que se entrena (None: desde el principio), o "terminado" si
    al reanudar el entrenamiento ya había acabado y su modelo final está guardado."""
    punto = ultimo_punto(salida)
    if reanudar and punto is not None and paso_de(punto) >= total and (salida / "modelo").is_dir():
        decir(
            f"El entrenamiento de {salida} ya había terminado ({paso_de(punto)} de {total} pasos): "
            "cargo el modelo final sin repetir nada."
        )
        return "terminado"
    if reanudar and punto is not None:
        decir(f"Reanudo desde {punto.name} ({paso_de(punto)} de {total} pasos) en {salida}.")
    elif reanudar:
        decir(f"No hay puntos de control en {salida}: empiezo desde el principio.")
    elif punto is not None and es_principal():
        decir(f"{salida} tiene puntos de control de otro entrenamiento: los sustituyo.")
        for viejo in salida.glob("checkpoint-*"):
            shutil.rmtree(viejo, ignore_errors=True)
        punto = None
    return punto
