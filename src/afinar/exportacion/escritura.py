"""Escribir sin dejar nada a medias: carpeta temporal hermana, espacio comprobado, renombrar al final."""

from __future__ import annotations

import errno
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from afinar.errores import AfinarError
from afinar.exportacion.informe import NOMBRE_INFORME


def _existente(carpeta: Path) -> Path:
    while not carpeta.exists() and carpeta != carpeta.parent:
        carpeta = carpeta.parent
    return carpeta


def comprobar_destino(salida: Path) -> None:
    """La carpeta de salida no puede pisar nada que no sea una exportación anterior de afinar."""
    if salida.is_file():
        raise AfinarError(f"«{salida}» es un archivo: elige una carpeta de salida con salida=...")
    if salida.is_dir() and any(salida.iterdir()) and not (salida / NOMBRE_INFORME).is_file():
        raise AfinarError(
            f"La carpeta «{salida}» ya existe, tiene archivos y no es una exportación de afinar: "
            "elige otra carpeta con salida=... para no borrar nada tuyo."
        )


def comprobar_espacio(salida: Path, necesario: int) -> None:
    """Error claro si el disco de ``salida`` no tiene ``necesario`` octetos libres."""
    libre = shutil.disk_usage(_existente(salida.parent)).free
    if libre < necesario:
        raise AfinarError(
            f"No hay espacio en disco para exportar a «{salida}»: hacen falta unos "
            f"{necesario / 2**30:.1f} GB y quedan {libre / 2**30:.1f} GB; libera espacio o elige "
            "otra carpeta con salida=...."
        )


def _vivo(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # existe pero es de otro usuario (o Windows): mejor no tocar
        return True
    return True


def limpiar_restos(salida: Path) -> None:
    """Borra las carpetas temporales de exportaciones que se cortaron (proceso ya terminado)."""
    for resto in salida.parent.glob(f".{salida.name}.a-medias-*"):
        pid = resto.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _vivo(int(pid)):
            shutil.rmtree(resto, ignore_errors=True)


def _publicar(temporal: Path, salida: Path) -> None:
    """Sustituye la carpeta final por la temporal (la anterior exportación se borra al final)."""
    anterior = None
    if salida.exists():
        anterior = salida.with_name(f".{salida.name}.anterior-{os.getpid()}")
        os.replace(salida, anterior)
    os.replace(temporal, salida)
    if anterior is not None:
        shutil.rmtree(anterior, ignore_errors=True)


@contextmanager
def carpeta_temporal(salida: Path, necesario: int):
    """Da una carpeta temporal junto a `salida`; si todo va bien pasa a ser `salida`.

    Si algo falla (también el disco lleno) se borra entera: nunca queda un archivo a medias.
    """
    salida = Path(salida).expanduser().absolute()
    comprobar_destino(salida)
    if salida.parent.is_dir():
        limpiar_restos(salida)  # antes de medir el espacio: lo que ocupaban vuelve a estar libre
    comprobar_espacio(salida, necesario)
    temporal = salida.with_name(f".{salida.name}.a-medias-{os.getpid()}")
    shutil.rmtree(temporal, ignore_errors=True)
    try:
        temporal.mkdir(parents=True)
        yield temporal
        _publicar(temporal, salida)
    except OSError as error:
        shutil.rmtree(temporal, ignore_errors=True)
        if error.errno == errno.ENOSPC:
            raise AfinarError(
                f"Se llenó el disco mientras exportaba a «{salida}»; borré lo que estaba a medias: "
                "libera espacio o elige otra carpeta con salida=...."
            ) from error
        raise AfinarError(
            f"No pude escribir en «{salida}» ({error.strerror or error}); borré lo que estaba a "
            "medias: comprueba que la carpeta es tuya y tiene permisos de escritura."
        ) from error
    except BaseException:
        shutil.rmtree(temporal, ignore_errors=True)
        raise
