"""`afinar demo`: sin internet, en menos de 3 minutos, y el modelo afinado adopta el formato."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from afinar.curso.demo import MARCAS, dividir_por_respuesta


def _entorno():
    return {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}


def _demo(carpeta, entorno=None) -> tuple[subprocess.CompletedProcess, float]:
    inicio = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "afinar", "demo", "--salida", str(carpeta)],
                       capture_output=True, text=True, env=entorno or _entorno(), timeout=900)
    return r, time.monotonic() - inicio


@pytest.mark.medicion
def test_demo_en_menos_de_tres_minutos(tmp_path):
    """Lo que promete el README, medido como lo vive quien la ejecuta: sola en el equipo y con
    todos sus núcleos (`make medir`; dentro de `make test` compartiría los núcleos)."""
    entorno = {k: v for k, v in _entorno().items() if k != "OMP_NUM_THREADS"}
    r, segundos = _demo(tmp_path, entorno)
    assert r.returncode == 0, r.stderr[-3000:]
    print(f"\nafinar demo: {segundos:.0f} s (carga {os.getloadavg()[0]:.1f})")
    assert segundos < 180, f"la demo tardó {segundos:.0f} s"


@pytest.mark.lento
def test_demo_completa(tmp_path):
    r, _ = _demo(tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    salida = r.stdout
    for texto in ("Perplejidad antes:", "Perplejidad:", "Base:", "Afinado:", "Veredicto:",
                  "Modelo afinado guardado en:"):
        assert texto in salida, texto
    informe = json.loads((tmp_path / "informe.json").read_text(encoding="utf-8"))
    filas = informe["filas"]
    assert 3 <= len(filas) <= 5
    con_formato = [all(m in f["afinado"] for m in MARCAS) for f in filas]
    assert sum(con_formato) > len(filas) / 2, [f["afinado"] for f in filas]
    assert not any(m in f["base"] for f in filas for m in MARCAS)
    assert (tmp_path / "informe.html").exists() and (tmp_path / "informe.md").exists()
    antes = float(salida.split("Perplejidad antes:")[1].split()[0])
    despues = float(salida.split("Perplejidad:")[1].split("→")[1].split()[0])
    assert despues < antes / 2


@pytest.mark.lento
def test_ctrl_c_para_limpio(tmp_path):
    proceso = subprocess.Popen(
        [sys.executable, "-m", "afinar", "demo", "--salida", str(tmp_path), "--pasos", "5000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_entorno(),
        # Un shell sin control de trabajos (como el de CI) lanza los procesos en segundo plano
        # con SIGINT ignorado, y Python lo hereda: lo devolvemos a su valor normal, el de una
        # terminal donde alguien pulsa Ctrl-C.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    for linea in proceso.stdout:  # esperar a que el entrenamiento haya empezado de verdad
        if linea.startswith("Entreno "):
            break
    time.sleep(3)
    proceso.send_signal(signal.SIGINT)
    _, error = proceso.communicate(timeout=120)
    assert proceso.returncode == 130
    assert "Traceback" not in error
    errores = [linea for linea in error.splitlines() if linea.startswith("Error:")]
    assert len(errores) == 1 and errores[0].startswith("Error: Entrenamiento interrumpido en el paso")
    assert "reanudar=True" in error


def test_division_sin_fugas():
    from datasets import Dataset

    filas = [{"messages": [{"role": "user", "content": f"pregunta {i}"},
                           {"role": "assistant", "content": f"respuesta {i // 2}"}]}
             for i in range(40)]
    partes = dividir_por_respuesta(Dataset.from_list(filas), validacion=0.2)
    def respuestas(ds):
        return {m[-1]["content"] for m in ds["messages"]}
    assert not respuestas(partes["train"]) & respuestas(partes["validation"])
    assert len(partes["train"]) + len(partes["validation"]) == 40
    assert len(respuestas(partes["validation"])) == 4
