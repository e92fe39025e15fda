"""El proyecto en sí: enlaces derivados de pyproject, versiones fijadas, cuadernos limpios."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RAIZ / "scripts"))

import enlaces  # noqa: E402


def test_insignias_e_instalacion_derivadas_de_pyproject():
    assert enlaces.problemas(corregir=False) == []
    r = subprocess.run([sys.executable, str(RAIZ / "scripts" / "enlaces.py"), "--comprobar"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout


def test_la_comprobacion_detecta_una_insignia_vieja(tmp_path, monkeypatch):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname="x"\n[project.urls]\nRepository = "https://github.com/otra/cosa"\n')
    (tmp_path / "README.md").write_text(f"{enlaces.INICIO}\n{enlaces.FIN}\n")
    celda = {"cell_type": "markdown", "metadata": {},
             "source": ["# Título\n", "[![Abrir en Colab](x.svg)](https://viejo)\n"]}
    (tmp_path / "notebooks" / "01_x.ipynb").write_text(json.dumps(
        {"cells": [celda], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    monkeypatch.setattr(enlaces, "RAIZ", tmp_path)
    encontrados = enlaces.problemas(corregir=False)
    assert "01_x.ipynb: falta la insignia de Colab correcta" in encontrados
    assert "README.md: la tabla de cuadernos no está al día" in encontrados
    assert ("01_x.ipynb: la celda de instalación no es la de entornos/instalar_en_colab.py"
            in encontrados)
    enlaces.problemas(corregir=True)
    texto = (tmp_path / "notebooks" / "01_x.ipynb").read_text()
    assert "colab.research.google.com/github/otra/cosa/blob/main/notebooks/01_x.ipynb" in texto
    assert "| `01_x.ipynb` | Título |" in (tmp_path / "README.md").read_text()


def test_cada_dependencia_esta_fijada_en_constraints():
    import tomllib

    proyecto = tomllib.loads((RAIZ / "pyproject.toml").read_text())["project"]
    fijadas = {}
    for linea in (RAIZ / "constraints.txt").read_text().splitlines():
        if "==" in linea and not linea.startswith("#"):
            nombre, version = linea.split("==")
            fijadas[re.sub(r"[-_.]+", "-", nombre.lower())] = version
    requisitos = proyecto["dependencies"] + proyecto["optional-dependencies"]["dev"]
    for requisito in requisitos:
        nombre = re.split(r"[<>=!;\[ ]", requisito)[0]
        clave = re.sub(r"[-_.]+", "-", nombre.lower())
        if "python_version" in requisito:
            continue
        assert clave in fijadas, f"{nombre} no está fijado en constraints.txt"
    assert fijadas["torch"] == "2.13.0"


def test_cuadernos_sin_salidas_y_con_parametros():
    for ruta in sorted((RAIZ / "notebooks").glob("*.ipynb")):
        cuaderno = json.loads(ruta.read_text(encoding="utf-8"))
        codigo = [c for c in cuaderno["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") for c in codigo), f"{ruta.name} tiene salidas guardadas"
        assert all(c.get("execution_count") is None for c in codigo), ruta.name
        etiquetadas = [c for c in codigo if "parameters" in c["metadata"].get("tags", [])]
        assert len(etiquetadas) == 1, f"{ruta.name}: debe haber una sola celda 'parameters'"
        assert "MODELO" in "".join(etiquetadas[0]["source"]), ruta.name
        texto = "".join("".join(c["source"]) for c in cuaderno["cells"])
        for marca in ("Qué vas a aprender", "❗", "🔎", "⏳", "Términos", "Preguntas",
                      "Para seguir"):
            assert marca in texto, f"{ruta.name}: falta «{marca}»"
        assert not re.search(r"hf_[A-Za-z0-9]{30,}", texto), f"{ruta.name}: ¿un token?"
