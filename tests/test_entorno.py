"""entorno: hardware, precisión, semillas, modo sin conexión y resumen."""

from __future__ import annotations

import time

import torch

from afinar import entorno
from afinar.entorno import Hardware, precision_recomendada


def _hw(**cambios):
    base = dict(colab=False, dispositivo="cpu", gpu=None, memoria_gpu_gb=None, capacidad=None,
                bf16=False, fp16=False, memoria_ram_gb=8.0, nucleos=2)
    base.update(cambios)
    return Hardware(**base)


def test_precision_segun_hardware():
    t4 = _hw(dispositivo="cuda", gpu="Tesla T4", memoria_gpu_gb=15.0, capacidad=(7, 5), fp16=True)
    a100 = _hw(dispositivo="cuda", gpu="A100", memoria_gpu_gb=40.0, capacidad=(8, 0), bf16=True,
               fp16=True)
    assert precision_recomendada(t4) == "fp16"
    assert precision_recomendada(a100) == "bf16"
    assert precision_recomendada(_hw()) == "fp32"
    assert precision_recomendada(_hw(bf16=True)) == "bf16"


def test_bf16_en_cpu_sale_de_las_banderas():
    assert entorno._cpu_bf16({"avx2", "avx512_bf16"})
    assert entorno._cpu_bf16({"amx_bf16"})
    assert not entorno._cpu_bf16({"avx2", "avx512f"})


def test_hardware_de_esta_maquina():
    hw = entorno.hardware()
    assert hw.dispositivo in ("cpu", "cuda", "mps")
    assert hw.nucleos >= 1
    assert hw.bf16 == entorno._cpu_bf16(entorno._banderas_cpu()) or hw.dispositivo != "cpu"


def test_semilla_repite_resultados():
    entorno.fijar_semilla(7)
    a = torch.rand(3)
    entorno.fijar_semilla(7)
    assert torch.equal(a, torch.rand(3))


def test_sin_conexion_con_variable(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert entorno.sin_conexion() is True


def test_sin_conexion_decide_rapido(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)

    def colgado(*args, **kwargs):  # como una resolución DNS que no contesta
        time.sleep(3)
        raise OSError("sin respuesta")

    monkeypatch.setattr(entorno.socket, "create_connection", colgado)
    inicio = time.monotonic()
    assert entorno.sin_conexion(espera_s=0.5) is True
    assert time.monotonic() - inicio < 2


def test_resumen_en_espanol():
    texto = entorno.resumen(_hw())
    assert "Sin GPU" in texto and "fp32" in texto
    t4 = _hw(dispositivo="cuda", gpu="Tesla T4", memoria_gpu_gb=15.0, capacidad=(7, 5), fp16=True)
    texto = entorno.resumen(t4)
    assert "Tesla T4" in texto and "capacidad 7.5" in texto and "fp16" in texto


def test_nombre_de_la_cpu_sale_de_cpuinfo(monkeypatch):
    monkeypatch.setattr(entorno, "_campo_cpuinfo",
                        lambda nombre: "CPU de prueba" if nombre == "model name" else None)
    assert entorno.nombre_cpu() == "CPU de prueba"
    monkeypatch.setattr(entorno, "_campo_cpuinfo", lambda nombre: None)
    assert entorno.nombre_cpu()  # sin /proc/cpuinfo, lo que diga platform


def _rss_mb() -> float:
    for linea in open("/proc/self/status"):
        if linea.startswith("VmRSS:"):
            return int(linea.split()[1]) / 1024
    raise AssertionError("sin VmRSS")


def test_memoria_reutilizable_guarda_lo_liberado_y_lo_devuelve_al_salir():
    import platform
    import sys

    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    n = 64 * 2**20  # 256 MB de float32

    # Sin el ajuste, glibc devuelve al sistema un bloque grande en cuanto se libera.
    antes = _rss_mb()
    bloque = torch.ones(n)
    del bloque
    assert _rss_mb() - antes < 100

    with entorno.memoria_reutilizable() as aplicado:
        assert aplicado is glibc
        if glibc:
            antes = _rss_mb()
            bloque = torch.ones(n)
            del bloque
            guardado = _rss_mb() - antes
            assert guardado > 200  # lo liberado se queda para el paso siguiente
    if glibc:
        assert _rss_mb() - antes < guardado - 150  # al salir, se devuelve


def test_avisos_de_conflictos_en_colab(monkeypatch):
    """`afinar info` cuenta lo que ve: torchao viejo, T4 sin bf16, Colab sin GPU ni Drive."""
    import afinar.compatibilidad

    monkeypatch.setattr(afinar.compatibilidad, "torchao_incompatible", lambda: "0.10.0")
    t4 = _hw(colab=True, dispositivo="cuda", gpu="Tesla T4", memoria_gpu_gb=15.0,
             capacidad=(7, 5), fp16=True)
    avisos = entorno.avisos(t4, drive_montado=False)
    assert any("torchao 0.10.0" in a and "No tienes que hacer nada" in a for a in avisos)
    assert any("Tesla T4" in a and "fp16" in a for a in avisos)
    assert any("Google Drive no está montado" in a for a in avisos)
    assert not any("sin GPU" in a for a in avisos)
    colab_cpu = entorno.avisos(_hw(colab=True), drive_montado=True)
    assert len(colab_cpu) == 2 and any("Colab sin GPU" in a for a in colab_cpu)
    monkeypatch.setattr(afinar.compatibilidad, "torchao_incompatible", lambda: None)
    assert entorno.avisos(_hw()) == []
    assert "Aviso: Google Drive" in entorno.resumen(_hw(colab=True, dispositivo="cuda",
                                                        gpu="A100", memoria_gpu_gb=40.0,
                                                        capacidad=(8, 0), bf16=True, fp16=True))
