"""Deriva de `[project.urls]` las insignias de Colab, copia la celda de instalación y lo comprueba.

La dirección del repositorio vive en un solo sitio (pyproject.toml) y la celda que instala afinar
en Colab, en otro (entornos/instalar_en_colab.py, la que prueba `make colab`). Este guion reescribe
la tabla de cuadernos del README, la insignia «Abrir en Colab» de cada cuaderno y su celda de
instalación, y comprueba que esa celda instala la versión de pyproject.toml.

Ejemplos::

    python scripts/enlaces.py              # reescribe README.md y notebooks/*.ipynb
    python scripts/enlaces.py --comprobar  # solo comprueba; sale con 1 si algo no cuadra
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

RAIZ = Path(__file__).resolve().parents[1]
INICIO, FIN = "<!-- cuadernos:inicio -->", "<!-- cuadernos:fin -->"
INSIGNIA = "https://colab.research.google.com/assets/colab-badge.svg"


def repositorio() -> str:
    datos = tomllib.loads((RAIZ / "pyproject.toml").read_text(encoding="utf-8"))
    return datos["project"]["urls"]["Repository"].rstrip("/")


def enlace_colab(cuaderno: str) -> str:
    ruta = repositorio().removeprefix("https://github.com/")
    return f"https://colab.research.google.com/github/{ruta}/blob/main/notebooks/{cuaderno}"


def insignia(cuaderno: str) -> str:
    return f"[![Abrir en Colab]({INSIGNIA})]({enlace_colab(cuaderno)})"


CELDA_INSTALAR = RAIZ / "entornos" / "instalar_en_colab.py"
PRIMERA_LINEA = "# ❗ Solo en Colab: instala afinar"


def version() -> str:
    proyecto = tomllib.loads((RAIZ / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return proyecto.get("version", "")


def celda_instalacion() -> str:
    """El texto de la celda que instala afinar en Colab (entornos/instalar_en_colab.py)."""
    return CELDA_INSTALAR.read_text(encoding="utf-8").rstrip("\n")


def _titulo(cuaderno: dict) -> str:
    for celda in cuaderno["cells"]:
        if celda["cell_type"] == "markdown":
            for linea in "".join(celda["source"]).splitlines():
                if linea.startswith("# "):
                    return linea[2:].strip()
    return "(sin título)"


def tabla(cuadernos: list[Path]) -> str:
    filas = ["| Cuaderno | Tema | Abrir |", "|---|---|---|"]
    for ruta in cuadernos:
        cuaderno = json.loads(ruta.read_text(encoding="utf-8"))
        filas.append(f"| `{ruta.name}` | {_titulo(cuaderno)} | {insignia(ruta.name)} |")
    return "\n".join(filas)


_RE_INSIGNIA = re.compile(r"\[!\[Abrir en Colab\]\([^)]*\)\]\([^)]*\)")


def _corregir_cuaderno(ruta: Path) -> tuple[str, str]:
    original = ruta.read_text(encoding="utf-8")
    cuaderno = json.loads(original)
    for celda in cuaderno["cells"]:
        texto = "".join(celda["source"])
        nuevo = _RE_INSIGNIA.sub(lambda _: insignia(ruta.name), texto)
        if celda["cell_type"] == "code" and texto.startswith(PRIMERA_LINEA):
            nuevo = celda_instalacion()
        if nuevo != texto:
            celda["source"] = nuevo.splitlines(keepends=True)
    return original, json.dumps(cuaderno, ensure_ascii=False, indent=1) + "\n"


def problemas(corregir: bool) -> list[str]:
    """Lista lo que no cuadra (y lo corrige si `corregir`)."""
    encontrados = []
    cuadernos = sorted((RAIZ / "notebooks").glob("*.ipynb"))
    readme = RAIZ / "README.md"
    texto = readme.read_text(encoding="utf-8")
    antes, _, resto = texto.partition(INICIO)
    _, _, despues = resto.partition(FIN)
    nuevo = f"{antes}{INICIO}\n{tabla(cuadernos)}\n{FIN}{despues}"
    if nuevo != texto:
        encontrados.append("README.md: la tabla de cuadernos no está al día")
        if corregir:
            readme.write_text(nuevo, encoding="utf-8")
    if version() and f'"afinar=={version()}"' not in celda_instalacion():
        encontrados.append(f"entornos/instalar_en_colab.py no instala afinar=={version()}, la "
                           "versión de pyproject.toml")
    for ruta in cuadernos:
        original, corregido = _corregir_cuaderno(ruta)
        cuaderno = json.loads(original)
        fuente = "".join("".join(c["source"]) for c in cuaderno["cells"])
        if insignia(ruta.name) not in fuente:
            encontrados.append(f"{ruta.name}: falta la insignia de Colab correcta")
        instalar = [c for c in cuaderno["cells"] if "".join(c["source"]).startswith(PRIMERA_LINEA)]
        if len(instalar) != 1 or "".join(instalar[0]["source"]) != celda_instalacion():
            encontrados.append(f"{ruta.name}: la celda de instalación no es la de "
                               "entornos/instalar_en_colab.py")
        if corregir and json.loads(corregido) != cuaderno:
            ruta.write_text(corregido, encoding="utf-8")
    return encontrados


def main(args: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comprobar", action="store_true", help="Solo comprobar, sin escribir.")
    opciones = parser.parse_args(args)
    encontrados = problemas(corregir=not opciones.comprobar)
    for linea in encontrados:
        print(linea)
    return 1 if (opciones.comprobar and encontrados) else 0


if __name__ == "__main__":
    sys.exit(main())
