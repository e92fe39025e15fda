"""Entornos de prueba de afinar: la pila de Colab y las cotas inferiores de pyproject.toml.

Órdenes (las usa el Makefile; a mano solo hace falta ``extraer`` cuando Colab cambie)::

    # 1. Reescribe entornos/colab.txt a partir de un pip-freeze de googlecolab/backend-info
    python scripts/entorno_colab.py extraer pip-freeze.gpu.txt --commit SHA --fecha AAAA-MM-DD

    # 2. Ejecuta la celda de instalación de los cuadernos (entornos/instalar_en_colab.py) con el
    #    Python de un entorno, como en Colab, y falla si cambia torch/transformers/numpy, si pip
    #    imprime errores del resolutor o si afinar no sale de la rueda indicada.
    python scripts/entorno_colab.py instalar .venv-colab/bin/python dist/afinar-0.2.0-py3-none-any.whl

    # 3. Reescribe entornos/cotas.txt: cada dependencia de pyproject.toml en su cota inferior
    #    (y lo demás resuelto por uv) — después de cambiar una cota
    python scripts/entorno_colab.py fijar-cotas --uv .venv/bin/uv

    # 4. Comprueba que cada cota inferior de pyproject.toml está fijada tal cual en cotas.txt
    python scripts/entorno_colab.py cotas
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

RAIZ = Path(__file__).resolve().parents[1]
ENTORNOS = RAIZ / "entornos"
FUENTE = "https://github.com/googlecolab/backend-info"

# Lo que afinar, sus cuadernos y sus pruebas tocan de lo que Colab trae instalado.
# Orden: el de la lista, que es el del archivo generado.
PAQUETES_COLAB = [
    "pip",
    "torch", "torchao", "transformers", "tokenizers", "safetensors", "huggingface-hub",
    "hf-xet", "accelerate", "peft", "datasets", "pyarrow", "fsspec", "dill", "multiprocess",
    "xxhash", "numpy", "pandas", "scipy", "scikit-learn", "matplotlib", "pillow",
    "ipywidgets", "widgetsnbextension", "jupyterlab-widgets", "ipython", "ipykernel",
    "jupyter-client", "nbclient", "nbformat", "tornado", "pyzmq", "gradio", "gradio-client",
    "jinja2", "sentencepiece", "protobuf", "regex", "requests", "pyyaml", "filelock",
    "packaging", "tqdm", "psutil", "openpyxl", "charset-normalizer", "nltk", "absl-py",
    "pydantic", "httpx", "rich", "typer", "click", "pytest",
]
# Lo que Colab NO trae (lo instala la celda de instalación al instalar afinar).
AUSENTES_EN_COLAB = ["trl", "bitsandbytes", "evaluate", "sacrebleu", "rouge-score", "pypdf",
                     "python-docx", "ftfy"]
# Colab usa la rueda CUDA de torch y Python 3.13; aquí hay una rueda CPU para Python 3.11.
SUSTITUTOS = {"torch": "2.13.0"}
# Lo que la celda de instalación no puede cambiar: cambiarlo obliga a reiniciar Colab.
INTOCABLES = ["torch", "transformers", "numpy"]
AVISO_RESOLUTOR = "ERROR: pip's dependency resolver"
# Cotas que aquí no se pueden probar tal cual: {paquete: (versión que se prueba, por qué)}.
COTAS_SUSTITUIDAS = {
    "torch": ("2.13.0+cpu", "aquí solo hay rueda CPU de 2.13; la 2.11 es la de Colab (CUDA, ~4 GB)"),
}


def normalizar(nombre: str) -> str:
    return re.sub(r"[-_.]+", "-", nombre.strip().lower())


def leer_congelado(texto: str) -> dict[str, str]:
    """``pip freeze`` → {nombre normalizado: versión}; ignora comentarios y líneas ``@ URL``."""
    versiones = {}
    for linea in texto.splitlines():
        linea = linea.split("#", 1)[0].strip()
        if "==" in linea:
            nombre, version = linea.split("==", 1)
            versiones[normalizar(nombre)] = version.strip()
    return versiones


def escribir_colab(congelado: dict[str, str], commit: str, fecha: str, python: str) -> str:
    lineas = [
        f"# Lo que Colab trae instalado (GPU), tomado de {FUENTE}",
        f"# archivo pip-freeze.gpu.txt, commit {commit} ({fecha}); Python de Colab: {python}.",
        "# Generado con `python scripts/entorno_colab.py extraer`; no editar a mano.",
        "# `make colab` crea .venv-colab con esto (Python 3.11) e instala afinar como la celda",
        "# de los cuadernos. Las líneas marcadas «aquí» se sustituyen en esta máquina.",
    ]
    for nombre in PAQUETES_COLAB:
        version = congelado.get(normalizar(nombre))
        if version is None:
            raise SystemExit(f"{nombre} no está en el pip-freeze de Colab: quítalo de la lista.")
        if nombre in SUSTITUTOS:
            lineas.append(f"{nombre}=={SUSTITUTOS[nombre]}  # aquí; Colab: {version}")
        else:
            lineas.append(f"{nombre}=={version}")
    presentes = [n for n in AUSENTES_EN_COLAB if normalizar(n) in congelado]
    if presentes:
        raise SystemExit(f"Colab ya trae {', '.join(presentes)}: pásalos a PAQUETES_COLAB.")
    lineas.append(f"# No los trae Colab: {', '.join(AUSENTES_EN_COLAB)}.")
    return "\n".join(lineas) + "\n"


def versiones_de(python: str) -> dict[str, str]:
    salida = subprocess.run([python, "-m", "pip", "list", "--format=json"],
                            capture_output=True, text=True, check=True).stdout
    return {normalizar(p["name"]): p["version"] for p in json.loads(salida)}


def celda_instalacion() -> str:
    return (ENTORNOS / "instalar_en_colab.py").read_text(encoding="utf-8")


def ejecutar_celda(python: str, carpeta: Path) -> subprocess.CompletedProcess:
    """Ejecuta la celda tal cual en ``carpeta`` (el /content de Colab), con ``google.colab``."""
    envoltorio = (
        "import sys, types\n"
        "sys.modules['google'] = types.ModuleType('google')\n"
        "sys.modules['google.colab'] = types.ModuleType('google.colab')\n"
        f"exec(compile({celda_instalacion()!r}, 'celda de instalación', 'exec'))\n"
    )
    entorno = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.run([python, "-c", envoltorio], cwd=carpeta, capture_output=True,
                          text=True, env=entorno)


def origen_de_afinar(python: str) -> str:
    """La URL de ``direct_url.json`` si afinar se instaló de un archivo; '' si vino de PyPI."""
    codigo = ("from importlib.metadata import distribution as d; "
              "print(d('afinar').read_text('direct_url.json') or '')")
    salida = subprocess.run([python, "-c", codigo], capture_output=True, text=True, check=True)
    texto = salida.stdout.strip()
    return json.loads(texto).get("url", "") if texto else ""


def instalar(python: str, rueda: Path) -> list[str]:
    """Instala afinar con la celda de los cuadernos; devuelve los problemas encontrados."""
    antes = versiones_de(python)
    with tempfile.TemporaryDirectory(prefix="content-") as carpeta:
        shutil.copy(rueda, carpeta)
        r = ejecutar_celda(python, Path(carpeta))
    despues = versiones_de(python)
    salida = r.stdout + r.stderr
    print(salida, end="")
    problemas = []
    if r.returncode != 0:
        problemas.append(f"la celda de instalación terminó con el código {r.returncode}")
    if AVISO_RESOLUTOR in salida:
        problemas.append("pip imprimió errores del resolutor de dependencias (arriba)")
    for nombre in INTOCABLES:
        if antes.get(nombre) != despues.get(nombre):
            problemas.append(f"{nombre} cambió: {antes.get(nombre)} → {despues.get(nombre)}")
    if "afinar" in despues and rueda.name not in origen_de_afinar(python):
        problemas.append(f"afinar no se instaló de {rueda.name} (¿esa versión ya está en PyPI? "
                         "sube la versión en pyproject.toml)")
    cambios = sorted(n for n in despues if n in antes and antes[n] != despues[n])
    nuevos = sorted(n for n in despues if n not in antes)
    print("Cambiados por la instalación: " + (", ".join(
        f"{n} {antes[n]} → {despues[n]}" for n in cambios) or "ninguno"))
    print(f"Añadidos: {len(nuevos)} ({', '.join(nuevos)})")
    for nombre in INTOCABLES:
        print(f"{nombre}: {antes.get(nombre)} antes, {despues.get(nombre)} después")
    return problemas


def cotas_declaradas() -> dict[str, str]:
    """{paquete: cota inferior} de las dependencias de pyproject.toml (sin extras de desarrollo)."""
    proyecto = tomllib.loads((RAIZ / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    cotas = {}
    for requisito in proyecto["dependencies"]:
        coincide = re.match(r"^([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][^,;\s]*)", requisito)
        if not coincide:
            raise SystemExit(f"«{requisito}» no tiene una cota inferior «>=»: añádesela.")
        cotas[normalizar(coincide[1])] = coincide[2]
    return cotas


def fijar_cotas(uv: str) -> str:
    """Resuelve con uv el entorno de cotas: cada dependencia en su cota, lo demás lo más nuevo."""
    exactas = [f"{n}=={c}" for n, c in cotas_declaradas().items() if n not in COTAS_SUSTITUIDAS]
    sustitutas = [f"{n}=={v}" for n, (v, _) in COTAS_SUSTITUIDAS.items()]
    with tempfile.TemporaryDirectory() as carpeta:
        restricciones, sustituciones = Path(carpeta) / "r.txt", Path(carpeta) / "s.txt"
        restricciones.write_text("\n".join(exactas) + "\n")
        sustituciones.write_text("\n".join(sustitutas) + "\n")
        orden = [uv, "pip", "compile", str(RAIZ / "pyproject.toml"), "--extra", "dev",
                 "--python-version", "3.11", "--python-platform", "x86_64-manylinux_2_28",
                 "--find-links", "/opt/wheels", "-c", str(restricciones),
                 "--override", str(sustituciones), "--no-header", "--no-annotate", "-q"]
        fijado = subprocess.run(orden, capture_output=True, text=True, cwd=RAIZ)
    if fijado.returncode != 0:
        raise SystemExit(f"uv no encuentra un entorno con esas cotas:\n{fijado.stderr}")
    cabecera = [
        "# Entorno de cotas inferiores: cada dependencia de pyproject.toml en su cota (`>=`),",
        "# el resto (dependencias de otras y herramientas de prueba) lo más nuevo compatible.",
        "# Generado con `python scripts/entorno_colab.py fijar-cotas`; no editar a mano.",
        "# `make cotas` crea .venv-cotas con esto y pasa las pruebas. Cotas sustituidas aquí:",
        *(f"#   {n} {v}: {por_que}" for n, (v, por_que) in COTAS_SUSTITUIDAS.items()),
    ]
    return "\n".join(cabecera) + "\n" + fijado.stdout


def problemas_de_cotas() -> list[str]:
    fijadas = leer_congelado((ENTORNOS / "cotas.txt").read_text(encoding="utf-8"))
    problemas = []
    for nombre, cota in cotas_declaradas().items():
        if nombre not in fijadas:
            problemas.append(f"{nombre}>={cota} no está en entornos/cotas.txt")
        elif nombre in COTAS_SUSTITUIDAS:
            if fijadas[nombre] != COTAS_SUSTITUIDAS[nombre][0]:
                problemas.append(f"{nombre}: cotas.txt debería probar {COTAS_SUSTITUIDAS[nombre][0]}")
        elif fijadas[nombre] != cota:
            problemas.append(f"{nombre}: pyproject dice >={cota} y cotas.txt prueba "
                             f"{fijadas[nombre]}")
    return problemas


def main(argumentos: list[str] | None = None) -> int:
    analizador = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ordenes = analizador.add_subparsers(dest="orden", required=True)
    extraer = ordenes.add_parser("extraer", help="reescribe entornos/colab.txt")
    extraer.add_argument("congelado", type=Path)
    extraer.add_argument("--commit", required=True)
    extraer.add_argument("--fecha", required=True)
    extraer.add_argument("--python", default="3.13", help="versión de Python de Colab")
    inst = ordenes.add_parser("instalar", help="ejecuta la celda de instalación y la comprueba")
    inst.add_argument("python")
    inst.add_argument("rueda", type=Path)
    fijar = ordenes.add_parser("fijar-cotas", help="reescribe entornos/cotas.txt con uv")
    fijar.add_argument("--uv", default=shutil.which("uv") or "uv")
    ordenes.add_parser("cotas", help="comprueba que cotas.txt prueba las cotas de pyproject")
    args = analizador.parse_args(argumentos)

    if args.orden == "extraer":
        texto = escribir_colab(leer_congelado(args.congelado.read_text(encoding="utf-8")),
                               args.commit, args.fecha, args.python)
        (ENTORNOS / "colab.txt").write_text(texto, encoding="utf-8")
        return 0
    if args.orden == "fijar-cotas":
        (ENTORNOS / "cotas.txt").write_text(fijar_cotas(args.uv), encoding="utf-8")
        return 0
    # absolute(), no resolve(): el python de un entorno es un enlace al de pyenv
    problemas = (instalar(str(Path(args.python).absolute()), args.rueda.resolve())
                 if args.orden == "instalar"
                 else problemas_de_cotas())
    for problema in problemas:
        print(f"✗ {problema}", file=sys.stderr)
    return 1 if problemas else 0


if __name__ == "__main__":
    sys.exit(main())
