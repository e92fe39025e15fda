"""Un solo entrenamiento por carpeta de salida a la vez: el candado ``.afinar.lock``.

Dos entrenamientos en la misma carpeta se pisarían los puntos de control y el modelo final. El
primero crea el candado (de forma atómica: ``O_CREAT | O_EXCL``) con su número de proceso y la
hora a la que empezó; el segundo lee quién lo tiene y para con una frase. Si el proceso que lo
creó ya no existe (lo mataron con kill -9, se apagó el equipo), el candado es viejo: se dice y
se quita. Con `accelerate launch` solo el proceso principal lo toma.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from pathlib import Path

from afinar.entrenamiento.monitor import decir, es_principal
from afinar.errores import AfinarError

NOMBRE = ".afinar.lock"


def _inicio_de_proceso(pid: int) -> float | None:
    """Cuándo empezó el proceso ``pid`` (None si no existe): distingue un pid reutilizado."""
    import psutil

    try:
        return psutil.Process(pid).create_time()
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return None
    except psutil.Error:  # existe, pero no deja mirarlo (de otro usuario): cuenta como vivo
        return 0.0


def dueno_vivo(datos: dict) -> bool:
    """¿Sigue vivo el proceso que tomó el candado (el mismo, no otro con su número)?"""
    if datos.get("equipo") not in (None, socket.gethostname()):
        return True  # de otro equipo (una carpeta compartida): no se puede saber, mejor respetarlo
    pid = datos.get("pid")
    if not isinstance(pid, int):
        return False
    inicio = _inicio_de_proceso(pid)
    if inicio is None:
        return False
    creado = datos.get("proceso_desde")
    return not inicio or not isinstance(creado, (int, float)) or abs(inicio - creado) < 2


def leer_candado(salida: Path) -> dict | None:
    """Lo que dice el candado de la carpeta (None si no hay)."""
    try:
        return json.loads((Path(salida) / NOMBRE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}  # a medio escribir o ilegible: sin pid, se trata como viejo


def _crear(archivo: Path) -> bool:
    """Crea el candado ya escrito, o False si existe: se escribe aparte y se enlaza con
    ``os.link``, que falla si ya existe (así nadie lo lee a medio escribir)."""
    datos = {
        "pid": os.getpid(),
        "equipo": socket.gethostname(),
        "proceso_desde": _inicio_de_proceso(os.getpid()),
        "inicio": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    temporal = archivo.with_name(f"{archivo.name}.{os.getpid()}.tmp")
    temporal.write_text(json.dumps(datos), encoding="utf-8")
    try:
        os.link(temporal, archivo)
        return True
    except FileExistsError:
        return False
    except OSError:  # sistemas de archivos sin enlaces (algunas unidades de red)
        try:
            descriptor = os.open(archivo, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(descriptor, "w", encoding="utf-8") as f:
            json.dump(datos, f)
        return True
    finally:
        temporal.unlink(missing_ok=True)


def _edad(archivo: Path) -> float:
    try:
        return archivo.stat().st_mtime
    except OSError:
        return 0.0


def _ocupado(salida: Path, datos: dict) -> AfinarError:
    desde = f", empezado el {datos['inicio']}" if datos.get("inicio") else ""
    return AfinarError(
        f"Otro entrenamiento (proceso {datos.get('pid')}{desde}) está usando la carpeta {salida}: "
        "espera a que termine o páralo, o elige otra carpeta con --salida. Si ese proceso ya no "
        f"existe, borra {salida / NOMBRE}."
    )


def tomar(salida: Path) -> Path | None:
    """Toma el candado de ``salida`` (la crea si hace falta) o para con una frase si otro
    entrenamiento vivo lo tiene. Devuelve el archivo del candado (None fuera del principal)."""
    if not es_principal():
        return None
    salida.mkdir(parents=True, exist_ok=True)
    archivo = salida / NOMBRE
    for _ in range(5):  # otro proceso puede quitar un candado viejo a la vez que este
        if _crear(archivo):
            return archivo
        datos = leer_candado(salida)
        if datos is None:
            continue
        if not datos and time.time() - _edad(archivo) < 5:
            time.sleep(0.5)  # otro lo está escribiendo ahora mismo
            continue
        if dueno_vivo(datos):
            raise _ocupado(salida, datos)
        decir(f"Quito un candado viejo de {salida}: el proceso {datos.get('pid', '?')} que lo "
              "tomó ya no existe (se cortó sin terminar).")  # fmt: skip
        with contextlib.suppress(FileNotFoundError):
            archivo.unlink()
    raise _ocupado(salida, leer_candado(salida) or {})


def soltar(archivo: Path | None) -> None:
    """Quita el candado si sigue siendo de este proceso."""
    if archivo is None:
        return
    datos = leer_candado(archivo.parent)
    if datos and datos.get("pid") == os.getpid():
        with contextlib.suppress(FileNotFoundError):
            archivo.unlink()


@contextlib.contextmanager
def candado(salida: Path):
    """``with candado(salida):`` un solo entrenamiento en la carpeta mientras dura."""
    archivo = tomar(salida)
    try:
        yield archivo
    finally:
        soltar(archivo)
