"""Entrenamiento en paralelo de datos con dos procesos en CPU (gloo), como al crecer a varias GPU.

Con accelerate 1.15, `accelerate launch --cpu --num_processes 2` lanza un solo proceso (el
lanzador simple; varios procesos en CPU necesitarían mpirun). El lanzador multiproceso es el de
`--multi_gpu`; sin GPU visibles, cada proceso entrena en CPU y se comunican con gloo.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from afinar.recursos import datos_ejemplo


@pytest.mark.lento
def test_dos_procesos_entrenan_y_guardan_un_modelo(carpeta_modelo_diminuto, tmp_path):
    datos = tmp_path / "recetas.jsonl"
    datos.write_text("\n".join(datos_ejemplo("recetas").read_text().splitlines()[:40]) + "\n")
    salida = tmp_path / "salida"
    accelerate = Path(sys.executable).with_name("accelerate")
    orden = [
        str(accelerate), "launch", "--multi_gpu", "--num_processes", "2", "--num_machines", "1",
        "--mixed_precision", "no", "--dynamo_backend", "no",
        "-m", "afinar", "entrenar", "--modelo", str(carpeta_modelo_diminuto),
        "--datos", str(datos), "--salida", str(salida), "--pasos", "4",
        "--max-length", "128", "--lote", "2",
    ]  # fmt: skip
    entorno = {**os.environ, "CUDA_VISIBLE_DEVICES": "", "HF_HUB_OFFLINE": "1"}
    hecho = subprocess.run(
        orden, cwd=tmp_path, env=entorno, capture_output=True, text=True, timeout=300
    )
    assert hecho.returncode == 0, hecho.stdout[-3000:] + hecho.stderr[-3000:]
    metricas = json.loads((salida / "metricas.json").read_text())
    assert metricas["procesos"] == 2 and metricas["pasos"] == 4
    assert hecho.stdout.count("Entreno 4 pasos (chat, completo, lote efectivo 4 fila(s))") == 1
    assert sorted(p.name for p in salida.iterdir() if not p.name.startswith("checkpoint")) == [
        "README.md", "estado.json", "historial.json", "metricas.json", "modelo", "progreso.jsonl",
        "receta.json",
    ]  # fmt: skip
    from transformers import AutoModelForCausalLM

    assert AutoModelForCausalLM.from_pretrained(salida / "modelo").num_parameters() > 0
