"""Ejecuta un cuaderno de principio a fin con papermill, como lo haría quien aprende.

Las pruebas solo cambian parámetros (la celda con la etiqueta ``parameters``):
``MODELO="bolsillo"``, menos pasos, menos datos. Nunca hay ramas "si estoy en una
prueba" dentro de los cuadernos.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
CUADERNOS = RAIZ / "notebooks"

# Avisos que un principiante no debería ver sin explicación (las pruebas de cuadernos los buscan).
AVISOS_ALARMANTES = [
    "FutureWarning",
    "DeprecationWarning",
    "UserWarning",
    "generation flags are not valid",
    "pin_memory",
    "Traceback",
    "Error",
]


def ejecutar_cuaderno(nombre: str, parametros: dict, limite_s: float, carpeta: Path):
    """Ejecuta ``notebooks/<nombre>`` en ``carpeta`` sin red y devuelve (cuaderno, segundos).

    Falla si una celda lanza un error o si tarda más de ``limite_s`` segundos.
    """
    import nbformat
    import papermill as pm

    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["MPLBACKEND"] = "agg"
    salida = Path(carpeta) / nombre
    # La carpeta compartida (Drive en Colab) nunca es la de verdad en una prueba: si la prueba no
    # elige una, cada ejecución usa la suya dentro de ``carpeta``.
    propia = "AFINAR_CARPETA_COMPARTIDA" not in os.environ
    if propia:
        os.environ["AFINAR_CARPETA_COMPARTIDA"] = str(Path(carpeta) / "drive")
    inicio = time.monotonic()
    try:
        pm.execute_notebook(
            str(CUADERNOS / nombre),
            str(salida),
            parameters=parametros,
            kernel_name="python3",
            cwd=str(carpeta),
            execution_timeout=int(limite_s),
            progress_bar=False,
        )
    finally:
        if propia:
            del os.environ["AFINAR_CARPETA_COMPARTIDA"]
    segundos = time.monotonic() - inicio
    assert segundos < limite_s, f"{nombre} tardó {segundos:.0f} s (límite {limite_s:.0f} s)"
    return nbformat.read(salida, as_version=4), segundos


CORRECCION_ROTA = "No he podido comprobar"  # lo que dice un comprobador si algo falló por dentro
CARACTER_ROTO = "\ufffd"  # «�»: texto decodificado a medias


def textos_de_salida(cuaderno) -> str:
    """Todo lo que el cuaderno mostró (texto y errores), para buscar avisos que asusten."""
    partes = []
    for celda in cuaderno.cells:
        for salida in celda.get("outputs", []):
            if "text" in salida:
                partes.append(salida["text"])
            for clave in ("text/plain", "text/html"):
                if clave in salida.get("data", {}):
                    partes.append(str(salida["data"][clave]))
    return "\n".join(partes)


# ── Leer los cuadernos sin ejecutarlos: prosa, legibilidad y celdas ─────────────────────────────

ORDEN = ["01_primeros_pasos.ipynb", "02_tus_datos.ipynb", "03_afinar_y_evaluar.ipynb",
         "04_clasificar_textos.ipynb", "05_uso_responsable.ipynb"]
_VOCALES = "aeiouáéíóúü"
_FUERTES = set("aeoáéíóú")  # con las débiles acentuadas (í, ú), forman hiato


def leer(nombre: str):
    import nbformat

    return nbformat.read(CUADERNOS / nombre, as_version=4)


def markdown(cuaderno) -> list[str]:
    """El texto de cada celda de Markdown, en orden."""
    return [c.source for c in cuaderno.cells if c.cell_type == "markdown"]


def prosa(texto: str) -> str:
    """Solo las frases: sin bloques de código, código en línea, enlaces, imágenes ni tablas."""
    import re

    texto = re.sub(r"```.*?```", " ", texto, flags=re.S)
    texto = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", texto)
    texto = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", texto)
    texto = re.sub(r"<https?://[^>]*>|https?://\S+", " ", texto)
    texto = re.sub(r"`[^`]*`", "", texto)
    lineas = [linea for linea in texto.splitlines() if not linea.lstrip().startswith("|")]
    return "\n".join(lineas)


def silabas(palabra: str) -> int:
    """Sílabas de una palabra española: un núcleo por grupo de vocales, más uno por hiato
    (dos vocales fuertes seguidas, o una débil acentuada junto a otra vocal). La «u» de
    «que», «qui», «gue», «gui» es muda; la «y» final tras vocal es parte del diptongo."""
    p = palabra.lower()
    p = p.replace("que", "qe").replace("qui", "qi").replace("gue", "ge").replace("gui", "gi")
    if p == "y":
        return 1
    cuenta, anterior = 0, ""
    for letra in p:
        if letra in _VOCALES:
            if not anterior:
                cuenta += 1
            elif (anterior in _FUERTES and letra in _FUERTES) or "í" in (anterior, letra) or "ú" in (
                anterior,
                letra,
            ):
                cuenta += 1
            anterior = letra
        else:
            anterior = ""
    return max(1, cuenta)


def fernandez_huerta(texto: str) -> tuple[float, int, int, int]:
    """Lecturabilidad de Fernández-Huerta con palabras por frase (la corrección habitual):
    206,84 − 60 × sílabas/palabra − 1,02 × palabras/frase. 70-80 es «bastante fácil».

    Devuelve (índice, palabras, sílabas, frases). Cada título, elemento de lista o línea de
    cita cuenta como una frase aunque no acabe en punto."""
    import re

    frases = palabras = silabas_total = 0
    for bloque in re.split(r"\n\s*(?:[-*>#]+|\d+\.)\s*|\n\s*\n", "\n" + texto):
        for frase in re.split(r"(?<=[.!?…])\s+", bloque):
            palabras_frase = re.findall(r"[^\W\d_]+", frase)
            if palabras_frase:
                frases += 1
                palabras += len(palabras_frase)
                silabas_total += sum(silabas(p) for p in palabras_frase)
    if not palabras:
        return 0.0, 0, 0, 0
    indice = 206.84 - 60 * silabas_total / palabras - 1.02 * palabras / frases
    return indice, palabras, silabas_total, frases
