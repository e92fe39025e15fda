"""La carpeta que comparten los cuadernos: en Colab, tu Google Drive; en tu ordenador, una local.

En Colab cada cuaderno se abre en su propia máquina, que se borra al cerrarlo: lo que el
cuaderno 2 guarda en ``/content`` no existe cuando abres el cuaderno 3. Por eso el cuaderno 2
guarda en Drive (``/content/drive/MyDrive/afinar``) y el 3 lee de ahí.

Fuera de Colab es ``~/afinar`` (la carpeta ``afinar`` de tu carpeta personal). La variable de
entorno ``AFINAR_CARPETA_COMPARTIDA`` la cambia por otra (así las pruebas simulan Drive).
"""

from __future__ import annotations

import os
from pathlib import Path

from afinar.entorno import en_colab
from afinar.errores import AfinarError

VARIABLE = "AFINAR_CARPETA_COMPARTIDA"
MONTAJE_COLAB = Path("/content/drive")
CARPETA_COLAB = MONTAJE_COLAB / "MyDrive" / "afinar"
CARPETA_LOCAL = Path("~/afinar")
SUBCARPETA_DATOS = "datos"


def montar_drive() -> None:
    """Monta Google Drive en Colab (Colab pide permiso la primera vez con una ventana)."""
    if (MONTAJE_COLAB / "MyDrive").is_dir():
        return
    try:
        from google.colab import drive
    except ImportError as error:
        raise AfinarError(
            "No puedo montar Google Drive: esto no parece Colab. Escribe una carpeta de tu "
            "ordenador en los Ajustes."
        ) from error
    drive.mount(str(MONTAJE_COLAB))
    if not (MONTAJE_COLAB / "MyDrive").is_dir():
        raise AfinarError(
            "Google Drive no se montó (¿cerraste la ventana de permiso?): vuelve a ejecutar la "
            "celda y acepta el acceso, o escribe otra carpeta en los Ajustes."
        )


def carpeta_compartida(*, montar: bool = True) -> Path:
    """La carpeta que comparten los cuadernos.

    Con la variable de entorno ``AFINAR_CARPETA_COMPARTIDA``, esa carpeta. En Colab, monta
    Drive (si ``montar``) y devuelve ``/content/drive/MyDrive/afinar``. En tu ordenador,
    ``~/afinar``. No la crea: :func:`afinar.datos.guardar` lo hace al guardar.
    """
    elegida = os.environ.get(VARIABLE, "").strip()
    if elegida:
        return Path(elegida).expanduser()
    if en_colab():
        if montar:
            montar_drive()
        return CARPETA_COLAB
    return CARPETA_LOCAL.expanduser()


def carpeta_de_datos(carpeta: str | os.PathLike | None = None, *, montar: bool = True) -> Path:
    """Dónde guarda el cuaderno 2 los datos preparados y dónde los busca el 3.

    ``carpeta`` vacía (``""`` o ``None``): ``datos`` dentro de :func:`carpeta_compartida`.
    Otra: esa carpeta, tal cual.
    """
    if carpeta is not None and str(carpeta).strip():
        return Path(str(carpeta).strip()).expanduser()
    return carpeta_compartida(montar=montar) / SUBCARPETA_DATOS


def donde(carpeta: Path) -> str:
    """Una frase que dice qué es ``carpeta`` para quien aprende (Drive, local o la de prueba)."""
    texto = str(carpeta)
    if texto.startswith(str(MONTAJE_COLAB)):
        return f"{texto} (tu Google Drive)"
    if os.environ.get(VARIABLE, "").strip() and texto.startswith(os.environ[VARIABLE].strip()):
        return f"{texto} (la carpeta compartida de {VARIABLE})"
    return texto
