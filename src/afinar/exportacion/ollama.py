"""La carpeta para Ollama: el GGUF, un Modelfile con la plantilla y las paradas del modelo, y un LEEME.

Un modelo importado en Ollama sin su plantilla de chat ni sus tokens de parada no sabe cuándo
termina su turno: sigue escribiendo sin parar o escribe sin sentido. Por eso TEMPLATE sale de la
plantilla del propio modelo (plantilla_go) y `PARAMETER stop` de sus tokens de fin de turno.
"""

from __future__ import annotations

import re

from afinar.exportacion.plantilla_go import Piezas, plantilla_go
from afinar.exportacion.vocabulario import lo_anade

# generation_config.json → nombre del parámetro en Ollama
_PARAMETROS = {"temperature": "temperature", "top_p": "top_p", "top_k": "top_k",
               "repetition_penalty": "repeat_penalty"}


def nombre_ollama(texto: str) -> str:
    """Un nombre válido para `ollama create`: minúsculas, cifras, guiones."""
    limpio = re.sub(r"[^a-z0-9._-]+", "-", texto.lower()).strip("-._")
    return limpio or "mi-modelo"


def paradas(tokenizer, fin_de_turno: list[int]) -> list[str]:
    """Los textos de los tokens de fin de turno, para `PARAMETER stop`."""
    textos = []
    for token_id in fin_de_turno:
        texto = tokenizer.decode([token_id], skip_special_tokens=False)
        if texto.strip() and texto not in textos:
            textos.append(texto)
    return textos


def _parametros(generation_config) -> list[str]:
    if generation_config is None or not getattr(generation_config, "do_sample", False):
        return []
    lineas = []
    for origen, destino in _PARAMETROS.items():
        valor = getattr(generation_config, origen, None)
        if valor is not None:
            lineas.append(f"PARAMETER {destino} {valor}")
    return lineas


def bos_que_anade(tokenizer) -> str:
    """El texto del BOS si el tokenizador lo añade solo (Ollama también lo añadirá)."""
    return tokenizer.bos_token if lo_anade(tokenizer, True, tokenizer.bos_token_id) else ""


def modelfile(archivo_gguf: str, piezas: Piezas, tokenizer, fin_de_turno: list[int],
              generation_config=None) -> str:
    """El texto del Modelfile: FROM, TEMPLATE (Go) y PARAMETER stop (y muestreo, si lo hay)."""
    plantilla = plantilla_go(piezas, bos_que_anade(tokenizer))
    lineas = [
        "# Modelfile escrito por afinar. La plantilla (TEMPLATE) y las paradas (stop) salen de",
        "# la plantilla de chat y de los tokens de fin de turno del propio modelo.",
        f"FROM ./{archivo_gguf}",
        "",
        f'TEMPLATE """{plantilla}"""',
        "",
        *[f'PARAMETER stop "{texto}"' for texto in paradas(tokenizer, fin_de_turno)],
        *_parametros(generation_config),
    ]
    return "\n".join(lineas) + "\n"


def leeme(nombre: str, archivo_gguf: str, cuantizacion: str) -> str:
    """El LEEME.md en español con las órdenes para usarlo en Ollama."""
    if cuantizacion == "f16":
        reducir = (
            "Para que ocupe menos (y vaya más rápido, con algo menos de calidad), Ollama puede "
            "cuantizarlo al crearlo:\n\n"
            f"```\nollama create {nombre}-q4 --quantize q4_K_M -f Modelfile\n"
            f"ollama run {nombre}-q4\n```\n"
        )
    else:
        reducir = (
            "Este GGUF ya está cuantizado (q8_0). Ollama solo cuantiza desde f16: si quieres "
            "probar `ollama create --quantize q4_K_M`, exporta antes con cuantizacion=\"f16\":\n\n"
            f"```\nollama create {nombre}-q4 --quantize q4_K_M -f Modelfile\n```\n"
        )
    return (
        f"# {nombre}: tu modelo afinado, listo para Ollama\n\n"
        f"Esta carpeta tiene el modelo (`{archivo_gguf}`), el `Modelfile` que le dice a Ollama "
        "cómo conversar con él (su plantilla de chat y sus tokens de parada) y el informe de la "
        "exportación.\n\n"
        "1. Instala Ollama: <https://ollama.com/download>.\n"
        "2. Abre una terminal en esta carpeta y crea el modelo (se copia dentro de Ollama):\n\n"
        f"```\nollama create {nombre} -f Modelfile\n```\n\n"
        "3. Conversa con él:\n\n"
        f"```\nollama run {nombre}\n```\n\n"
        f"{reducir}\n"
        "No cambies la plantilla (TEMPLATE) ni las líneas `PARAMETER stop` del Modelfile: sin "
        "ellas el modelo no sabe dónde acaba su turno y sigue escribiendo sin parar.\n"
    )
