"""Llévalo a tu ordenador: exportar el modelo afinado a las herramientas que se usan en casa.

    from afinar.exportacion import exportar
    exportar("mi_modelo", formato="fusionado")            # safetensors, para transformers
    exportar("mi_modelo", formato="gguf")                 # un archivo para llama.cpp, LM Studio…
    exportar("mi_modelo", formato="ollama", cuantizacion="q8_0")   # carpeta con Modelfile

Cada exportación comprueba lo que escribió (vuelve a cargarlo y lo compara con el original) y
deja un informe en español en la carpeta de salida.
"""

from afinar.exportacion.archivo_gguf import CUANTIZACIONES
from afinar.exportacion.informe import InformeExportacion
from afinar.exportacion.pasos import FORMATOS, exportar

__all__ = ["FORMATOS", "CUANTIZACIONES", "InformeExportacion", "exportar"]
