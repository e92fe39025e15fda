"""La orden `afinar`: errores de uso en una frase, estado 2, y traceback solo si se pide."""

from __future__ import annotations

import os
import subprocess
import sys

from afinar import cli


def _afinar(*args, **entorno):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", **entorno}
    return subprocess.run([sys.executable, "-m", "afinar", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_error_de_usuario_es_una_frase_y_estado_2():
    r = _afinar("generar", "--modelo", "ruta/que/no/existe", "hola")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lineas = [linea for linea in r.stderr.splitlines() if linea.strip()]
    assert len(lineas) == 1
    assert lineas[0].startswith("Error: No existe la carpeta de modelo «ruta/que/no/existe».")


def test_depurar_muestra_el_traceback():
    r = _afinar("generar", "--modelo", "ruta/que/no/existe", "hola", AFINAR_DEPURAR="1")
    assert r.returncode != 0
    assert "Traceback" in r.stderr and "AfinarError" in r.stderr


def test_demo_con_modelo_del_hub_sin_conexion():
    r = _afinar("demo", "--modelo", "no/existe")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert "no está descargado y no hay conexión" in r.stderr


def test_info_en_espanol(capsys):
    assert cli.main(["info"]) == 0
    assert "Precisión recomendada" in capsys.readouterr().out


def test_ayuda_en_espanol():
    r = _afinar("--help")
    assert r.returncode == 0
    assert "adapta un modelo de lenguaje" in r.stdout
