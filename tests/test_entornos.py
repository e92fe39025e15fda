"""Los entornos de prueba (Colab y cotas inferiores) y la celda de instalación de los cuadernos.

`make colab` y `make cotas` construyen los entornos de verdad; aquí se prueba, sin red, que las
comprobaciones que hacen fallan cuando deben y que la celda hace lo que promete.
"""

from __future__ import annotations

import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RAIZ / "scripts"))

import entorno_colab  # noqa: E402

CELDA = (RAIZ / "entornos" / "instalar_en_colab.py").read_text(encoding="utf-8")


def _version_de_pyproject() -> str:
    import tomllib

    return tomllib.loads((RAIZ / "pyproject.toml").read_text())["project"]["version"]


def test_cada_cota_de_pyproject_es_la_que_prueba_cotas_txt():
    assert entorno_colab.problemas_de_cotas() == []


def test_una_cota_que_no_se_prueba_se_detecta(tmp_path, monkeypatch):
    (tmp_path / "entornos").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\ndependencies = ["trl>=1.0.0", "numpy>=2.1.0", "torch>=2.11"]\n')
    (tmp_path / "entornos" / "cotas.txt").write_text("trl==1.2.0\ntorch==2.13.0+cpu\n")
    monkeypatch.setattr(entorno_colab, "RAIZ", tmp_path)
    monkeypatch.setattr(entorno_colab, "ENTORNOS", tmp_path / "entornos")
    assert entorno_colab.problemas_de_cotas() == [
        "trl: pyproject dice >=1.0.0 y cotas.txt prueba 1.2.0",
        "numpy>=2.1.0 no está en entornos/cotas.txt",
    ]


def test_colab_txt_viene_de_un_pip_freeze_de_colab_con_fecha_y_fuente():
    texto = (RAIZ / "entornos" / "colab.txt").read_text(encoding="utf-8")
    assert re.search(r"commit [0-9a-f]{40} \(\d{4}-\d{2}-\d{2}\)", texto)
    assert entorno_colab.FUENTE in texto
    fijadas = entorno_colab.leer_congelado(texto)
    assert set(fijadas) == {entorno_colab.normalizar(n) for n in entorno_colab.PAQUETES_COLAB}
    assert fijadas["torch"] == "2.13.0" and "Colab: 2.11.0+cu128" in texto
    # lo que Colab no trae y afinar necesita lo instala la celda, no el entorno base
    assert not {"trl", "sacrebleu"} & set(fijadas)


def test_extraer_sustituye_torch_y_se_niega_si_falta_un_paquete():
    congelado = "\n".join(f"{n}==1.0" for n in entorno_colab.PAQUETES_COLAB)
    texto = entorno_colab.escribir_colab(
        entorno_colab.leer_congelado(congelado), "a" * 40, "2026-08-19", "3.13.15")
    assert "torch==2.13.0  # aquí; Colab: 1.0" in texto and "peft==1.0" in texto
    with pytest.raises(SystemExit, match="peft no está"):
        entorno_colab.escribir_colab(
            entorno_colab.leer_congelado(congelado.replace("peft==1.0", "")), "a", "b", "c")


def _simular_instalacion(monkeypatch, despues: dict, salida: str, codigo: int = 0,
                         origen: str = "file:///tmp/afinar-0.2.0-py3-none-any.whl"):
    antes = {"torch": "2.13.0", "transformers": "5.15.0", "numpy": "2.1.3", "datasets": "4.0.0"}
    listas = iter([antes, {**antes, "afinar": "0.2.0", **despues}])
    monkeypatch.setattr(entorno_colab, "versiones_de", lambda python: next(listas))
    monkeypatch.setattr(entorno_colab, "ejecutar_celda", lambda python, carpeta:
                        subprocess.CompletedProcess([], codigo, salida, ""))
    monkeypatch.setattr(entorno_colab, "origen_de_afinar", lambda python: origen)


def test_la_instalacion_falla_si_cambia_torch_o_pip_se_queja(tmp_path, monkeypatch):
    rueda = tmp_path / "afinar-0.2.0-py3-none-any.whl"
    rueda.write_bytes(b"")
    _simular_instalacion(monkeypatch, {"datasets": "5.2.0"}, "")
    assert entorno_colab.instalar("python", rueda) == []  # datasets puede subir

    _simular_instalacion(monkeypatch, {"torch": "2.14.1"}, "")
    assert entorno_colab.instalar("python", rueda) == ["torch cambió: 2.13.0 → 2.14.1"]

    aviso = "ERROR: pip's dependency resolver does not currently take into account ..."
    _simular_instalacion(monkeypatch, {}, aviso)
    assert entorno_colab.instalar("python", rueda) == [
        "pip imprimió errores del resolutor de dependencias (arriba)"]

    _simular_instalacion(monkeypatch, {}, "", origen="")
    assert "afinar no se instaló de afinar-0.2.0" in entorno_colab.instalar("python", rueda)[0]


def _ejecutar_celda(monkeypatch, carpeta: Path, codigo: int):
    """Ejecuta la celda como en Colab, pero sin pip: devuelve la orden que habría ejecutado."""
    import importlib.metadata

    ordenes = []

    def pip_falso(orden, **opciones):
        ordenes.append(orden)
        return subprocess.CompletedProcess(orden, codigo, "", "")

    monkeypatch.chdir(carpeta)
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", pip_falso)
    versiones = {"torch": "2.11.0+cu128", "transformers": "5.15.0", "numpy": "2.1.3"}
    monkeypatch.setattr(importlib.metadata, "version", versiones.__getitem__)
    exec(compile(CELDA, "celda", "exec"), {})
    return ordenes


def test_la_celda_instala_la_rueda_si_la_hay_y_si_no_pypi(tmp_path, monkeypatch):
    version = _version_de_pyproject()
    fijos = ["torch==2.11.0+cu128", "transformers==5.15.0", "numpy==2.1.3"]
    [orden] = _ejecutar_celda(monkeypatch, tmp_path, 0)
    assert orden[1:] == ["-m", "pip", "install", "-q", f"afinar=={version}", *fijos]

    (tmp_path / f"afinar-{version}-py3-none-any.whl").write_bytes(b"")
    (tmp_path / "afinar-0.0.1-py3-none-any.whl").write_bytes(b"")  # otra versión: no
    [orden] = _ejecutar_celda(monkeypatch, tmp_path, 0)
    assert orden[5:] == [f"afinar-{version}-py3-none-any.whl", *fijos]


def test_si_no_puede_instalar_lo_dice_en_una_frase(tmp_path, monkeypatch):
    with pytest.raises(RuntimeError, match=r"^No he podido instalar afinar\. Pide a tu docente") as e:
        _ejecutar_celda(monkeypatch, tmp_path, 1)
    assert e.value._render_traceback_() == [f"⛔ {e.value}"]  # en Colab, una línea sin traceback


def test_fuera_de_colab_la_celda_no_hace_nada(monkeypatch):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("no debe instalar"))
    exec(compile(CELDA, "celda", "exec"), {})


def test_la_celda_pide_la_version_de_pyproject():
    version = _version_de_pyproject()
    pedidas = set(re.findall(r"afinar[=-]=?(\d+\.\d+\.\d+)", CELDA))
    assert pedidas == {version}
