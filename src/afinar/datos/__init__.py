"""Tus datos, de tus archivos al entrenamiento: leer, limpiar, anonimizar, resumir y dividir.

El camino de los datos (cada paso es una llamada sobre un ``datasets.Dataset`` normal)::

    ds = cargar_datos("mis_textos.csv")        # columna «texto» o «messages», y «origen»
    ds, informe = limpiar(ds)                  # mojibake, espacios, vacías, duplicados
    ds, informe = anonimizar(ds)               # <EMAIL>, <TELEFONO>, <DNI>, <CUENTA>…
    resumen(ds, tokenizer)                     # filas, palabras, tokens, histograma
    partes = dividir(ds, validacion=0.1)       # DatasetDict con «train» y «validation»
    guardar(partes, "afinar_datos")            # para el cuaderno 3: cargar_guardado("afinar_datos")

Cada paso vive en su módulo: lectura (con formatos, codificacion, columnas, tablas,
lectura_tablas, documentos, pasajes e informe_lectura), limpieza, privacidad (con detectores y
ficticios), almacen (dónde viven los datos en disco), tokens, tipo (chat o texto: la única
decisión), division (la única división), resumen y guardado. Aquí están los nombres públicos.
"""

from afinar.datos.codificacion import detectar_codificacion
from afinar.datos.division import dividir
from afinar.datos.guardado import cargar_guardado, guardar, hay_datos_guardados, leer_ajustes
from afinar.datos.informe_lectura import InformeLectura
from afinar.datos.lectura import cargar_datos
from afinar.datos.limpieza import InformeLimpieza, limpiar
from afinar.datos.privacidad import TIPOS as TIPOS_PERSONALES
from afinar.datos.privacidad import (
    InformeAnonimizacion,
    anonimizar,
    anonimizar_texto,
    buscar_datos_personales,
)
from afinar.datos.resumen import Resumen, resumen
from afinar.datos.tipo import columna_principal, formatear_chat, textos, tipo_de_datos

__all__ = [
    "TIPOS_PERSONALES", "InformeAnonimizacion", "InformeLectura", "InformeLimpieza", "Resumen",
    "anonimizar",
    "anonimizar_texto", "buscar_datos_personales", "cargar_datos", "cargar_guardado",
    "columna_principal", "detectar_codificacion", "dividir", "formatear_chat", "guardar",
    "hay_datos_guardados", "leer_ajustes", "limpiar", "resumen", "textos", "tipo_de_datos",
]  # fmt: skip
