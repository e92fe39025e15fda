"""Archivos que viajan dentro de afinar: el modelo de bolsillo y los datos de ejemplo.

Los datos de ejemplo están en ``recursos/datos/`` y se describen en su README:

- ``recetas``: ``recetas.jsonl``, conversaciones en formato chat (las usa ``afinar demo``).
- ``textos``: ``textos.txt``, prosa en español para preentrenamiento continuado.
- ``opiniones``: ``opiniones.csv``, un CSV desordenado (Windows-1252, separador ``;``)
  con datos personales inventados, para practicar la limpieza y la anonimización.
- ``comentarios``: ``comentarios_examen.csv``, la hoja de una profesora de secundaria
  (``Pregunta del examen``, ``Respuesta del alumno``, ``Mi comentario``), guardada como la
  guarda Excel en español (UTF-8 con BOM, separador ``;``). Es la opción por defecto de los
  cuadernos 2 y 3: enseña al modelo a comentar respuestas con el estilo de la profesora.
- ``solicitudes``: ``solicitudes.csv``, mensajes a un ayuntamiento (``texto``) con el
  departamento que los atiende (``departamento``, 5 clases), para clasificar (cuaderno 4).
- ``pares_sesgo``: ``pares_sesgo.csv``, pares de frases que solo cambian en el grupo
  nombrado, para medir sesgos de un modelo (cuaderno 5).

Todo está escrito para afinar (licencia Apache-2.0); las personas y los datos personales
son inventados.
"""

from __future__ import annotations

from pathlib import Path

from afinar.errores import AfinarError

CARPETA_DATOS = Path(__file__).resolve().parent / "datos"

DATOS_EJEMPLO = {
    "recetas": "recetas.jsonl",
    "textos": "textos.txt",
    "opiniones": "opiniones.csv",
    "comentarios": "comentarios_examen.csv",
    "solicitudes": "solicitudes.csv",
    "pares_sesgo": "pares_sesgo.csv",
}


def datos_ejemplo(nombre: str) -> Path:
    """Devuelve la ruta de un conjunto de datos de ejemplo incluido en afinar.

    Args:
        nombre: el nombre corto (``"recetas"``, ``"textos"``, ``"opiniones"``,
            ``"comentarios"``, ``"solicitudes"`` o ``"pares_sesgo"``) o el nombre del archivo
            (``"recetas.jsonl"``...). No distingue mayúsculas.

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
