"""El benchmark de entrenamiento corre de punta a punta (forma tiny, 2 pasos) y su JSON tiene sentido."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[1]


@pytest.mark.medicion  # ~80 s de CPU en ocho subprocesos (`make medir`, fuera de `make test`)
def test_benchmark_tiny_imprime_un_json_coherente(tmp_path):
    orden = [
        sys.executable, str(RAIZ / "benchmarks" / "entrenamiento.py"), "--forma", "tiny",
        "--pasos", "2", "--datos", "ambos", "--n-eval", "8", "--hilos", "1", "--c-fp32",
    ]
    temporal = tmp_path / "tmp"
    temporal.mkdir()
    proceso = subprocess.run(orden, capture_output=True, text=True, cwd=RAIZ, timeout=600,
                             env={**os.environ, "TMPDIR": str(temporal)})
    assert proceso.returncode == 0, proceso.stderr[-2000:]
    resultado = json.loads(proceso.stdout)
    # (c) guarda puntos de control y el modelo (casi 4 GB con la forma 135M): el benchmark
    # los borra al terminar, no llena el disco ejecución tras ejecución. (torch
    # deja ahí su carpeta de caché vacía, torchinductor_*: no es nuestra.)
    assert sorted(temporal.glob("afinar_bench_*")) == []

    assert resultado["forma"] == "tiny"
    assert resultado["pico_matmul_tflops"]["fp32"] > 0
    for datos in ("texto", "chat"):
        medidas = resultado[datos]
        recetas = [medidas[r] for r in ("a_relleno_max", "b_trl", "c", "c_fp32")]
        for receta in recetas:
            assert "error" not in receta, receta
            assert receta["tokens_por_segundo"] > 0
            assert receta["segundos_por_paso"] > 0
            assert receta["pico_memoria_mb"] > 100  # torch y transformers ya ocupan más
            assert 0 < receta["perdida_eval"] < math.log(receta["parametros"])
            assert receta["pasos"] >= 1
        a, b, c, c32 = recetas
        assert c32["precision"] == "fp32"
        # Las recetas entrenan con los mismos tokens reales. En texto, el empaquetado puede
        # soltar un resto corto; en chat, cada conversación entra entera.
        assert a["tokens_reales"] == b["tokens_reales"]
        if datos == "chat":
            assert c["tokens_reales"] == a["tokens_reales"] == c32["tokens_reales"]
        assert abs(c["tokens_reales"] - a["tokens_reales"]) <= 0.05 * a["tokens_reales"]
        # (a) rellena hasta max_length: procesa más tokens de los que entrena.
        assert a["tokens_procesados"] == a["pasos"] * resultado["lote"] * resultado["max_length"]
        assert a["tokens_procesados"] > a["tokens_reales"]
        assert medidas["ratio_c_a"] > 0 and medidas["ratio_c_b"] > 0
        assert 0 < medidas["mfu"] < 1 and 0 < medidas["mfu_c_fp32"] < 1


@pytest.mark.medicion  # ~40 s: cuatro subprocesos
def test_benchmark_resumen_compara_con_la_capa_final_completa():
    """--datos resumen (preguntas largas, respuestas de una frase) y --c-logits-completos: la
    misma receta (c) con la capa final en todas las posiciones, con los mismos tokens."""
    orden = [
        sys.executable, str(RAIZ / "benchmarks" / "entrenamiento.py"), "--forma", "tiny",
        "--pasos", "2", "--datos", "resumen", "--n-eval", "8", "--hilos", "1",
        "--c-logits-completos",
    ]
    proceso = subprocess.run(orden, capture_output=True, text=True, cwd=RAIZ, timeout=600)
    assert proceso.returncode == 0, proceso.stderr[-2000:]
    medidas = json.loads(proceso.stdout)["resumen"]
    c, completos = medidas["c"], medidas["c_logits_completos"]
    assert "error" not in c and "error" not in completos, (c, completos)
    assert c["tokens_reales"] == completos["tokens_reales"] == medidas["a_relleno_max"]["tokens_reales"]
    assert c["pasos"] == completos["pasos"]
    # La misma cuenta: solo cambia qué posiciones pasan por la capa final (redondeo de bf16).
    assert c["perdida_eval"] == pytest.approx(completos["perdida_eval"], rel=1e-3)
    assert medidas["ratio_c_logits_completos"] > 0 and medidas["memoria_c_sobre_logits_completos"] > 0
