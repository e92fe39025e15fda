"""afinar: adapta un modelo de lenguaje a tus propios datos, en privado, y decide si funciona.

La API pública, en el orden del curso::

    from afinar import cargar_modelo, cargar_datos, limpiar, anonimizar, dividir
    from afinar import Receta, perplejidad, comparar
    from afinar.entrenar import entrenar      # `afinar.entrenar` es el módulo
    from afinar.generar import generar        # ídem

Cada nombre se importa al usarlo por primera vez, así ``import afinar`` es rápido.
"""

from __future__ import annotations

import importlib

from afinar.errores import AfinarError

__version__ = "0.1.0"

# nombre público → módulo donde vive
_API = {
    "hardware": "afinar.entorno",
    "fijar_semilla": "afinar.entorno",
    "resumen_entorno": ("afinar.entorno", "resumen"),
    "cargar_modelo": "afinar.modelos",
    "estimar_memoria": "afinar.memoria",
    "CATALOGO": "afinar.modelos",
    "datos_ejemplo": "afinar.recursos",
    "cargar_datos": "afinar.datos",
    "limpiar": "afinar.datos",
    "anonimizar": "afinar.datos",
    "dividir": "afinar.datos",
    "formatear_chat": "afinar.datos",
    "guardar": "afinar.datos",
    "cargar_guardado": "afinar.datos",
    "mostrar_tokens": "afinar.tokens",
    "comparar_tokenizadores": "afinar.tokens",
    "longitudes": "afinar.tokens",
    "Receta": "afinar.entrenar",
    "perplejidad": "afinar.evaluar",
    "chrf": "afinar.evaluar",
    "rouge_l": "afinar.evaluar",
    "comparar": "afinar.evaluar",
}

__all__ = ["AfinarError", "__version__", *_API]


def __getattr__(nombre: str):
    if nombre not in _API:
        raise AttributeError(f"module 'afinar' has no attribute {nombre!r}")
    destino = _API[nombre]
    modulo, atributo = destino if isinstance(destino, tuple) else (destino, nombre)
    valor = getattr(importlib.import_module(modulo), atributo)
    globals()[nombre] = valor
    return valor
