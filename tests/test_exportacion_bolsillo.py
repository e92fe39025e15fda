"""Exportar el modelo de bolsillo (el del curso) a GGUF f16 y a Ollama (GGUF q8_0 + Modelfile).

Aparte de tests/test_exportacion.py para que cada archivo tarde menos de un minuto: el de bolsillo
es el modelo más grande de las pruebas (4096 tokens, 4 capas de 256).
"""

from __future__ import annotations

import shutil

from ayudas_exportacion import (
    compilar_go,
    comprobar_gguf,
    comprobar_ollama,
    un_hilo,  # noqa: F401  (fixture: un hilo de torch)
)

from afinar.exportacion import exportar
from afinar.modelos import RUTA_BOLSILLO, cargar_modelo


def test_bolsillo_en_gguf_f16_responde_igual(tmp_path):
    modelo, tok = cargar_modelo("bolsillo", dispositivo="cpu")
    informe = exportar(RUTA_BOLSILLO, "gguf", cuantizacion="f16", salida=tmp_path / "gguf")
    comprobar_gguf(informe, modelo, tok)


def test_bolsillo_en_ollama_q8_0(tmp_path, tmp_path_factory):
    carpeta = tmp_path / "bolsillo"
    shutil.copytree(RUTA_BOLSILLO, carpeta)
    modelo, tok = cargar_modelo("bolsillo", dispositivo="cpu")
    informe = exportar(carpeta, "ollama", cuantizacion="q8_0")
    comprobar_gguf(informe, modelo, tok)  # el GGUF q8_0 de la carpeta de Ollama
    comprobar_ollama(informe, carpeta, tok, compilar_go(tmp_path_factory))
