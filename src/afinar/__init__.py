"""afinar: adapta un modelo de lenguaje a tus propios datos, en privado, y decide si funciona.

Los verbos del curso, en orden::

    import afinar
    modelo, tokenizer = afinar.cargar_modelo("bolsillo")
    ds = afinar.cargar_datos("mis_datos.csv")
    ds, informe = afinar.limpiar(ds)
    ds, informe = afinar.anonimizar(ds)
    partes = afinar.dividir(ds)
    resultado = afinar.entrenar(modelo, tokenizer, partes, afinar.Receta(pasos=60))
    afinar.generar(resultado.modelo, tokenizer, "Érase una vez")
    afinar.comparar(base, resultado.modelo, partes["validation"], tokenizer=tokenizer)

Cada paquete es una etapa del camino: ``afinar.datos``, ``afinar.modelos``,
``afinar.generacion``, ``afinar.entrenamiento``, ``afinar.evaluacion``, ``afinar.exportacion``,
``afinar.curso``. Cada
nombre se importa al usarlo por primera vez, así ``import afinar`` es rápido.
"""

from __future__ import annotations

import importlib
import os as _os
import sys as _sys

from afinar.errores import AfinarError

# Sin telemetría (issue 17): afinar solo usa internet si pides un modelo del Hub. TRL envía un
# aviso a huggingface.co en cada entrenamiento salvo con HF_HUB_DISABLE_TELEMETRY=1; Gradio
# (el estudio) manda estadísticas salvo con GRADIO_ANALYTICS_ENABLED=False. Si ya las fijaste
# tú, mandan las tuyas.
for _variable, _valor in (("HF_HUB_DISABLE_TELEMETRY", "1"), ("GRADIO_ANALYTICS_ENABLED", "False")):
    _os.environ.setdefault(_variable, _valor)
if _os.environ["HF_HUB_DISABLE_TELEMETRY"].upper() in ("1", "ON", "YES", "TRUE"):
    # huggingface_hub lee la variable al importarse: si se importó antes que afinar, se lo decimos.
    _constantes = _sys.modules.get("huggingface_hub.constants")
    if _constantes is not None:
        _constantes.HF_HUB_DISABLE_TELEMETRY = True
    del _constantes
del _variable, _valor

__version__ = "0.1.0"

# nombre público → módulo donde vive (o (módulo, nombre allí))
_API = {
    "hardware": "afinar.entorno",
    "fijar_semilla": "afinar.entorno",
    "resumen_entorno": ("afinar.entorno", "resumen"),
    "cargar_modelo": "afinar.modelos",
    "estimar_memoria": "afinar.modelos",
    "CATALOGO": "afinar.modelos",
    "datos_ejemplo": "afinar.recursos",
    "cargar_datos": "afinar.datos",
    "limpiar": "afinar.datos",
    "anonimizar": "afinar.datos",
    "dividir": "afinar.datos",
    "formatear_chat": "afinar.datos",
    "guardar": "afinar.datos",
    "cargar_guardado": "afinar.datos",
    "resumen": "afinar.datos",
    "mostrar_tokens": "afinar.datos.tokens",
    "comparar_tokenizadores": "afinar.datos.tokens",
    "longitudes": "afinar.datos.tokens",
    "generar": "afinar.generacion",
    "generar_respuestas": "afinar.generacion",
    "Receta": "afinar.entrenamiento",
    "entrenar": "afinar.entrenamiento",
    "perplejidad": "afinar.evaluacion",
    "chrf": "afinar.evaluacion",
    "rouge_l": "afinar.evaluacion",
    "comparar": "afinar.evaluacion",
    "contiene": "afinar.evaluacion",
    "coincide": "afinar.evaluacion",
    "longitud_maxima": "afinar.evaluacion",
    "diagnosticar": "afinar.evaluacion",
    "exportar": "afinar.exportacion",
    "InformeExportacion": "afinar.exportacion",
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


def __dir__() -> list[str]:
    """Para que el autocompletado (Tab en Colab) muestre los verbos del curso."""
    return sorted(n for n in set(globals()) | set(_API) if not n.startswith("_") or n == "__version__")
