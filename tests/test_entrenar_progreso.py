"""Lo que el estudio lee de un entrenamiento (``estado.json``, ``progreso.jsonl``) y el candado:
un solo entrenamiento por carpeta a la vez, y un candado viejo (proceso muerto) no bloquea."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
from conftest import crear_modelo_diminuto
from test_entrenar import datos_chat, receta_rapida
from transformers import TrainerCallback

from afinar.entrenamiento import entrenar
from afinar.errores import AfinarError

CLAVES_PROGRESO = {"paso", "total", "perdida", "perdida_validacion", "segundos", "restante_s"}
CLAVES_ESTADO = {"estado", "mensaje", "pid", "paso", "total", "inicio"}


def _receta(carpeta, **cambios):
    base = dict(pasos=4, evaluar_cada=2, max_length=64, metodo="completo")
    return receta_rapida(carpeta, **{**base, **cambios})


class _Espia(TrainerCallback):
    """Lee estado.json y el candado mientras se entrena (como lo haría el estudio)."""

    def __init__(self, salida, cortar_en=None):
        self.salida, self.cortar_en, self.vistos = salida, cortar_en, []

    def on_step_end(self, args, state, control, **kwargs):
        estado = json.loads((self.salida / "estado.json").read_text())
        candado = json.loads((self.salida / ".afinar.lock").read_text())
        self.vistos.append((state.global_step, estado, candado["pid"]))
        if state.global_step == self.cortar_en:
            raise KeyboardInterrupt


def test_estado_y_progreso_mientras_se_entrena(tmp_path):
    from afinar.entrenamiento.progreso import leer_estado, leer_progreso

    salida = tmp_path / "s"
    espia = _Espia(salida)
    entrenar(*crear_modelo_diminuto("llama"), datos_chat(16), _receta(tmp_path),
             callbacks=[espia])  # fmt: skip
    assert [paso for paso, _, _ in espia.vistos] == [1, 2, 3, 4]
    for _, estado, pid in espia.vistos:
        assert set(estado) == CLAVES_ESTADO and estado["estado"] == "entrenando"
        assert estado["pid"] == pid == os.getpid() and estado["total"] == 4
    assert espia.vistos[2][1]["paso"] == 2  # actualizado en la evaluación del paso 2
    final = leer_estado(salida)
    assert (final["estado"], final["paso"], final["total"]) == ("terminado", 4, 4)
    lineas = leer_progreso(salida)
    assert all({"paso", "total", "segundos"} <= set(f) <= CLAVES_PROGRESO for f in lineas)
    assert [f["paso"] for f in lineas if "perdida_validacion" in f] == [0, 2, 4]
    assert [f["paso"] for f in lineas if "perdida" in f] == [1, 2, 3, 4]
    assert all("restante_s" in f for f in lineas if f["paso"] > 0)
    segundos = [f["segundos"] for f in lineas]
    assert segundos == sorted(segundos)
    assert not list(salida.glob(".*.tmp")) and not (salida / ".afinar.lock").exists()


def test_interrumpido_queda_escrito_y_se_reanuda(tmp_path):
    from afinar.entrenamiento.progreso import leer_estado, leer_progreso

    salida = tmp_path / "s"
    with pytest.raises(AfinarError, match=r"interrumpido en el paso 3: el último punto de control "
                       r"es checkpoint-2 .*--reanudar"):
        entrenar(*crear_modelo_diminuto("llama"), datos_chat(16), _receta(tmp_path),
                 callbacks=[_Espia(salida, cortar_en=3)])  # fmt: skip
    estado = leer_estado(salida)
    assert estado["estado"] == "interrumpido" and "--reanudar" in estado["mensaje"]
    assert not (salida / ".afinar.lock").exists()
    r = entrenar(*crear_modelo_diminuto("llama"), datos_chat(16), _receta(tmp_path),
                 reanudar=True)  # fmt: skip
    assert r.metricas["pasos"] == 4 and leer_estado(salida)["estado"] == "terminado"
    pasos = [f["paso"] for f in leer_progreso(salida) if "perdida" in f]
    assert pasos == [1, 2, 3, 4]  # lo de antes del punto de control, sin repetir el paso 3


def _candado_de(proceso: subprocess.Popen | None, carpeta) -> None:
    import psutil

    pid = proceso.pid if proceso else 2**22 + 12345  # un pid que no existe
    desde = psutil.Process(pid).create_time() if proceso else 0.0
    carpeta.mkdir(parents=True, exist_ok=True)
    (carpeta / ".afinar.lock").write_text(json.dumps(
        {"pid": pid, "equipo": socket.gethostname(), "proceso_desde": desde, "inicio": "ayer"}))


def test_un_solo_entrenamiento_por_carpeta(tmp_path):
    salida = tmp_path / "s"
    otro = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        _candado_de(otro, salida)
        with pytest.raises(AfinarError, match=rf"Otro entrenamiento \(proceso {otro.pid}, "
                           rf"empezado el ayer\) está usando la carpeta {salida}: espera"):
            entrenar(*crear_modelo_diminuto("llama"), datos_chat(16), _receta(tmp_path))
        assert sorted(p.name for p in salida.iterdir()) == [".afinar.lock"]  # nada más escrito
    finally:
        otro.kill()
        otro.wait()


def test_un_candado_viejo_no_bloquea(tmp_path, capsys):
    from afinar.entrenamiento import candado
    from afinar.entrenamiento.progreso import leer_estado

    salida = tmp_path / "s"
    _candado_de(None, salida)  # su proceso ya no existe (kill -9, apagón)
    archivo = candado.tomar(salida)
    assert "Quito un candado viejo" in capsys.readouterr().out
    assert json.loads(archivo.read_text())["pid"] == os.getpid()
    with pytest.raises(AfinarError, match="Otro entrenamiento"):
        candado.tomar(salida)  # el mismo proceso vivo lo tiene
    candado.soltar(archivo)
    assert not archivo.exists()
    # Un «entrenando» de un proceso muerto se lee como «interrumpido».
    (salida / "estado.json").write_text(json.dumps(
        {"estado": "entrenando", "mensaje": "", "pid": 2**22 + 12345, "paso": 7, "total": 9,
         "inicio": "ayer"}))  # fmt: skip
    estado = leer_estado(salida)
    assert estado["estado"] == "interrumpido" and "paso 7" in estado["mensaje"]
