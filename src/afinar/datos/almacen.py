"""Dónde viven tus datos mientras afinar los prepara: en memoria, no en la caché compartida.

La política (issue 17). Los datos de quien aprende, mientras pueden tener datos personales
(al leerlos, al limpiarlos y al anonimizarlos), nunca se escriben en la caché compartida de
Hugging Face (``~/.cache/huggingface/datasets``), donde quedarían sin anonimizar después de
``anonimizar`` y de cerrar el cuaderno:

- Leer por partes (``Dataset.from_generator``, para archivos grandes) escribe los archivos
  Arrow en una carpeta temporal privada (permisos 700, dentro de ``TMPDIR``); se cargan en
  memoria y la carpeta se borra en ese momento (:func:`desde_generador`). Si el proceso muere
  a medias (kill -9), la próxima vez se borran los restos de procesos que ya no existen.
- ``limpiar`` y ``anonimizar`` transforman en memoria (:func:`transformar`, es decir
  ``Dataset.map(keep_in_memory=True)``): no escriben archivos de caché, tampoco junto a los de
  un ``Dataset`` que venga de disco.
- Un ``Dataset`` en memoria sigue en memoria al dividirlo o seleccionar filas. Lo único que
  se escribe es lo que pides: ``guardar`` y el entrenamiento, ya con los datos anonimizados.

El precio: los datos ocupan memoria RAM, más o menos lo que ocupa su texto (un CSV de 2 GB,
unos 2 GB de RAM; ``limpiar`` y ``anonimizar`` hacen una copia cada uno mientras trabajan), y
al leer un archivo grande hace falta ese mismo espacio libre en la carpeta temporal durante la
lectura. Para corpus que no caben en memoria, divide el archivo y prepáralo por partes.

Si le das a ``anonimizar`` un ``Dataset`` que ya vive en archivos (por ejemplo, uno de
``datasets.load_dataset``), esos archivos siguen teniendo los datos sin anonimizar:
:func:`archivos_en_disco` los encuentra y el informe de ``anonimizar`` lo avisa.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

PREFIJO = "afinar-datos-"
_RESTO = re.compile(rf"{PREFIJO}(\d+)-")


def _borrar_restos(carpeta_temporal: Path) -> None:
    """Borra las carpetas privadas que dejaron procesos de afinar que ya no existen."""
    import psutil

    for carpeta in carpeta_temporal.glob(f"{PREFIJO}*"):
        m = _RESTO.match(carpeta.name)
        if m and int(m.group(1)) != os.getpid() and not psutil.pid_exists(int(m.group(1))):
            shutil.rmtree(carpeta, ignore_errors=True)


@contextlib.contextmanager
def carpeta_privada():
    """Una carpeta temporal solo para este proceso (permisos 700) que se borra al salir."""
    base = Path(tempfile.gettempdir())
    _borrar_restos(base)
    carpeta = Path(tempfile.mkdtemp(prefix=f"{PREFIJO}{os.getpid()}-", dir=base))
    try:
        yield carpeta
    finally:
        shutil.rmtree(carpeta, ignore_errors=True)
        if carpeta.exists():
            print(f"Aviso: no pude borrar la carpeta temporal «{carpeta}», que tiene una copia "
                  "de tus datos sin anonimizar: bórrala a mano.")  # fmt: skip


def desde_generador(generador, features, gen_kwargs: dict, **opciones):
    """``Dataset.from_generator`` en memoria, sin dejar nada en la caché de Hugging Face.

    ``opciones`` pasa tal cual a ``from_generator`` (por ejemplo ``fingerprint=``).
    """
    from datasets import Dataset

    with carpeta_privada() as carpeta:
        return Dataset.from_generator(generador, features=features, gen_kwargs=gen_kwargs,
                                      cache_dir=str(carpeta), keep_in_memory=True,
                                      **opciones)  # fmt: skip


def transformar(ds, funcion, **opciones):
    """``ds.map(funcion, ...)`` en memoria: no escribe archivos de caché en ningún sitio."""
    return ds.map(funcion, keep_in_memory=True, load_from_cache_file=False, **opciones)


def archivos_en_disco(ds) -> list[str]:
    """Los archivos Arrow de los que lee ``ds`` (vacío si vive en memoria)."""
    return [f["filename"] for f in getattr(ds, "cache_files", [])]
