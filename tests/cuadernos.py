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
    inicio = time.monotonic()
    pm.execute_notebook(
        str(CUADERNOS / nombre),
        str(salida),
        parameters=parametros,
        kernel_name="python3",
        cwd=str(carpeta),
        execution_timeout=int(limite_s),
        progress_bar=False,
    )
    segundos = time.monotonic() - inicio
    assert segundos < limite_s, f"{nombre} tardó {segundos:.0f} s (límite {limite_s:.0f} s)"
    return nbformat.read(salida, as_version=4), segundos


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
