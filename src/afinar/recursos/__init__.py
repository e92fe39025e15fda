"""Archivos que viajan dentro de afinar: el modelo de bolsillo y los datos de ejemplo.

Los datos de ejemplo están en ``recursos/datos/`` y se describen en su README:

- ``recetas``: ``recetas.jsonl``, conversaciones en formato chat (las usa ``afinar demo``).
- ``textos``: ``textos.txt``, prosa en español para preentrenamiento continuado.
- ``opiniones``: ``opiniones.csv``, un CSV desordenado (Windows-1252, separador ``;``)
  con datos personales inventados, para practicar la limpieza y la anonimización.
"""

from __future__ import annotations

from pathlib import Path

from afinar.errores import AfinarError

CARPETA_DATOS = Path(__file__).resolve().parent / "datos"

DATOS_EJEMPLO = {
    "recetas": "recetas.jsonl",
    "textos": "textos.txt",
    "opiniones": "opiniones.csv",
}


def datos_ejemplo(nombre: str) -> Path:
    """Devuelve la ruta de un conjunto de datos de ejemplo incluido en afinar.

    Args:
        nombre: el nombre corto (``"recetas"``, ``"textos"`` u ``"opiniones"``) o el
            nombre del archivo (``"recetas.jsonl"``...). No distingue mayúsculas.

    Returns:
        La ruta (:class:`pathlib.Path`) del archivo, lista para ``cargar_datos``.

    Raises:
        AfinarError: si el nombre no corresponde a ningún conjunto de ejemplo.

    Ejemplo::

        >>> from afinar.recursos import datos_ejemplo
        >>> datos_ejemplo("recetas").name
        'recetas.jsonl'
    """
    clave = str(nombre).strip().lower()
    archivo = DATOS_EJEMPLO.get(clave)
    if archivo is None and clave in DATOS_EJEMPLO.values():
        archivo = clave
    if archivo is None:
        disponibles = ", ".join(f'"{corto}"' for corto in DATOS_EJEMPLO)
        raise AfinarError(
            f'No hay ningún conjunto de datos de ejemplo llamado "{nombre}". '
            f"Los disponibles son: {disponibles}."
        )
    ruta = CARPETA_DATOS / archivo
    if not ruta.is_file():
        raise AfinarError(
            f"Falta el archivo de ejemplo {ruta}. Reinstala afinar o vuelve a crearlo con "
            "python scripts/crear_datos_ejemplo.py."
        )
    return ruta
