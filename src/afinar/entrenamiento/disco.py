"""Lo que falla al leer o escribir puntos de control, dicho en una frase.

- Disco lleno mientras se guarda: safetensors lanza ``SafetensorError(... No space left on
  device (os error 28))``, ``torch.save`` un ``RuntimeError`` sin pistas («unexpected pos…») y
  Python ``OSError(28)``. El punto de control a medias se borra (no sirve para reanudar y ocupa
  el espacio que falta); los anteriores quedan intactos.
- Sin permiso o disco de solo lectura: qué carpeta y qué hacer.
- Un archivo del punto de control que ``torch.load(weights_only=True)`` rechaza (dañado o con
  código dentro, como un ``rng_state.pth`` malicioso): no se ejecuta nada y se dice qué hacer.
"""

from __future__ import annotations

import contextlib
import errno
import pickle
import shutil
from pathlib import Path

from afinar.entrenamiento.monitor import es_principal
from afinar.entrenamiento.puntos import motivo_incompleto, puntos, ultimo_punto
from afinar.errores import AfinarError

_LLENO = {errno.ENOSPC, errno.EDQUOT}
_SIN_PERMISO = {errno.EACCES, errno.EPERM, errno.EROFS}
_TEXTOS_LLENO = ("os error 28", "no space left", "disk quota", "os error 122")
_TEXTOS_PERMISO = ("os error 13", "os error 30", "permission denied", "read-only file system")
# torch.save cuando no puede terminar de escribir su zip (sin errno ni mensaje útil)
_TEXTOS_TORCH = ("pytorchstreamwriter", "inline_container", "file write failed")
POCO_ESPACIO = 256 * 2**20  # con menos libre que esto, un fallo de escritura es el disco lleno


def _libre(salida: Path) -> int | None:
    try:
        return shutil.disk_usage(salida).free
    except OSError:
        return None


def clase_de_error(error: BaseException, salida: Path) -> str | None:
    """«lleno», «permiso», «escritura» (torch no pudo escribir y hay espacio) o None."""
    codigo = getattr(error, "errno", None)
    if codigo in _LLENO:
        return "lleno"
    if codigo in _SIN_PERMISO:
        return "permiso"
    texto = str(error).lower()
    if any(t in texto for t in _TEXTOS_LLENO):
        return "lleno"
    if any(t in texto for t in _TEXTOS_PERMISO):
        return "permiso"
    if isinstance(error, RuntimeError) and any(t in texto for t in _TEXTOS_TORCH):
        libre = _libre(salida)
        return "lleno" if libre is not None and libre < POCO_ESPACIO else "escritura"
    return None


def borrar_a_medias(salida: Path) -> list[str]:
    """Borra los puntos de control incompletos y los modelos finales a medio guardar."""
    if not es_principal():
        return []
    borrados = []
    for punto in puntos(salida):
        if motivo_incompleto(punto) is not None:
            shutil.rmtree(punto, ignore_errors=True)
            borrados.append(punto.name)
    for temporal in ("modelo.tmp", "adaptador.tmp"):
        if (salida / temporal).exists():
            shutil.rmtree(salida / temporal, ignore_errors=True)
            borrados.append(temporal)
    return borrados


def _mensaje(clase: str, salida: Path, error: BaseException) -> str:
    borrados = borrar_a_medias(salida) if clase in ("lleno", "escritura") else []
    ultimo = ultimo_punto(salida)
    queda = (f"el último punto de control completo, {ultimo.name}, está intacto"
             if ultimo else "aún no hay ningún punto de control completo")  # fmt: skip
    if borrados:
        queda += f" (borré lo que quedó a medias: {', '.join(borrados)})"
    seguir = "luego sigue con --reanudar (reanudar=True)" if ultimo else "luego repite"
    if clase == "lleno":
        libre = _libre(salida)
        libre_txt = f" (quedan {libre / 2**20:.0f} MB)" if libre is not None else ""
        return (f"No queda espacio en el disco de {salida}{libre_txt}: {queda}. Libera espacio, "
                "guarda menos puntos (--puntos-maximos 1) o elige otra carpeta con --salida; "
                f"{seguir}.")  # fmt: skip
    if clase == "permiso":
        return (f"No tengo permiso para leer o escribir en {salida} (permiso denegado o disco de "
                f"solo lectura): {queda}. Revisa sus permisos o elige otra carpeta con --salida; "
                f"{seguir}.")  # fmt: skip
    return (f"No pude escribir un punto de control en {salida} ({error}): {queda}. Comprueba el "
            f"disco (¿se desconectó la unidad?) y {seguir}.")  # fmt: skip


def _inseguro(punto: Path | None) -> str:
    donde = f"El punto de control {punto}" if punto else "Un punto de control"
    return (
        f"{donde} tiene un archivo que no se puede cargar de forma segura (torch.load con "
        "weights_only=True lo rechazó: está dañado o lleva código dentro), así que no lo cargo. "
        "Si no lo guardaste tú, no lo uses; para empezar de cero usa --sobrescribir "
        "(sobrescribir=True)."
    )


@contextlib.contextmanager
def errores_de_disco(salida: Path, punto: Path | None = None):
    """Convierte en `AfinarError` (una frase) los fallos de disco al leer o escribir en
    ``salida`` y los archivos inseguros de ``punto``; lo demás pasa tal cual."""
    from safetensors import SafetensorError

    try:
        yield
    except pickle.UnpicklingError as error:
        raise AfinarError(_inseguro(punto)) from error
    except (OSError, RuntimeError, SafetensorError) as error:
        clase = clase_de_error(error, salida)
        if clase is None:
            raise
        raise AfinarError(_mensaje(clase, salida, error)) from error
