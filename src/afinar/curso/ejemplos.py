"""Los datos de ejemplo de los cuadernos, por el nombre que se elige en los Ajustes.

«comentarios de examen (ejemplo)» es la hoja de una profesora (pregunta del examen, respuesta
del alumno y su comentario): el ejemplo por defecto de los cuadernos 2 y 3.
"""

from __future__ import annotations

from pathlib import Path

from afinar.curso.comun import ParadaDelCurso, leer_opcion, leer_texto, lista_de_textos
from afinar.datos import anonimizar, cargar_datos, dividir, limpiar
from afinar.presentacion import sin_barras
from afinar.recursos import datos_ejemplo

# nombre en los Ajustes → (nombre en afinar.datos_ejemplo, papeles de las columnas, división)
EJEMPLOS = {
    "comentarios de examen (ejemplo)": (
        "comentarios",
        {"pregunta": ["Pregunta del examen", "Respuesta del alumno"], "respuesta": "Mi comentario"},
        {"validacion": 0.15},
    ),
    "recetas (ejemplo)": ("recetas", {}, {"validacion": 0.1, "por": "respuesta"}),
    "textos (ejemplo)": ("textos", {}, {"validacion": 0.1}),
    "opiniones (ejemplo)": ("opiniones", {}, {"validacion": 0.1}),
}
TABULARES = {".csv", ".tsv", ".xlsx", ".xlsm", ".ods"}  # archivos con columnas que elegir


def ruta_de_datos(datos) -> Path:
    """La ruta de lo elegido en DATOS: un ejemplo por su nombre, o tu archivo o carpeta."""
    nombre = leer_opcion(datos, EJEMPLOS)
    if nombre is not None:
        return datos_ejemplo(EJEMPLOS[nombre][0])
    texto = leer_texto(datos)
    if not texto:
        opciones = ", ".join(f"«{o}»" for o in EJEMPLOS)
        raise ParadaDelCurso(f"DATOS está vacío: escribe la ruta de tu archivo o elige {opciones}.")
    return Path(texto).expanduser()


def papeles_de_ejemplo(datos) -> dict:
    """Los papeles de las columnas de un ejemplo (``pregunta=``, ``respuesta=``), o ``{}``."""
    nombre = leer_opcion(datos, EJEMPLOS)
    return dict(EJEMPLOS[nombre][1]) if nombre else {}


def cargar_ejemplo(nombre: str, semilla: int = 42):
    """Carga, limpia, anonimiza y divide un ejemplo, como hace el cuaderno 2 con tus datos."""
    eleccion = leer_opcion(nombre, EJEMPLOS)
    if eleccion is None:
        raise ParadaDelCurso(f"No hay ningún ejemplo llamado «{nombre}».")
    corto, papeles, division = EJEMPLOS[eleccion]
    with sin_barras():
        datos = cargar_datos(datos_ejemplo(corto), **papeles)
        datos, _ = limpiar(datos)
        datos, _ = anonimizar(datos)
        return dividir(datos, semilla=semilla, **division)


def papeles(datos, pregunta="", respuesta="", contexto="") -> dict:
    """Los papeles de las columnas para ``cargar_datos``: ``pregunta=``, ``respuesta=``,
    ``contexto=`` (solo los que tienen valor).

    Con una tabla (CSV, Excel), los de los campos de los Ajustes; ``pregunta`` puede nombrar
    varias columnas separadas por «;». Con un archivo que no es una tabla (conversaciones,
    texto) no hay columnas: se devuelve ``{}`` y se dice si había algo escrito en los campos.
    """
    ruta = ruta_de_datos(datos)
    elegidos = {
        "pregunta": lista_de_textos(pregunta),
        "respuesta": leer_texto(respuesta),
        "contexto": leer_texto(contexto),
    }
    elegidos = {k: v for k, v in elegidos.items() if v}
    if ruta.suffix.lower() not in TABULARES and not ruta.is_dir():
        if elegidos:
            print(f"«{ruta.name}» no es una tabla: no uso los papeles de columna de los Ajustes.")
        return {}
    return elegidos
