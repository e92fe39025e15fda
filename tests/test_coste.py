"""La estimación de energía y CO₂ de un entrenamiento (cuaderno 5): la cuenta, la potencia que
se supone para cada equipo y los supuestos a la vista."""

from __future__ import annotations

import pytest

from afinar.entorno import Hardware
from afinar.errores import AfinarError
from afinar.evaluacion import coste


def _equipo(gpu=None, colab=False, nucleos=4):
    return Hardware(colab=colab, dispositivo="cuda" if gpu else "cpu", gpu=gpu,
                    memoria_gpu_gb=15.0 if gpu else None, capacidad=(7, 5) if gpu else None,
                    bf16=False, fp16=bool(gpu), memoria_ram_gb=12.0, nucleos=nucleos)  # fmt: skip


def test_la_cuenta():
    # Una T4 (70 W) una hora en Colab (PUE 1,1) con una red de 480 g/kWh.
    c = coste.estimar(3600, _equipo("Tesla T4", colab=True), intensidad_g_kwh=480)
    assert c.vatios == 70 and c.pue == 1.1
    assert c.energia_kwh == pytest.approx(0.077)
    assert c.co2_g == pytest.approx(0.077 * 480)
    texto = str(c)
    assert "gastó como mucho 77.00 Wh" in texto and "36.96 g de CO₂" in texto
    assert "la GPU Tesla T4: 70 W como máximo" in texto and "PUE 1.1" in texto
    assert "308 m en coche" in texto  # 36,96 g a 120 g/km


def test_la_potencia_de_cada_equipo():
    assert coste.potencia_estimada(_equipo("NVIDIA A100-SXM4-40GB"))[0] == 400
    assert coste.potencia_estimada(_equipo("NVIDIA L4"))[0] == 72
    vatios, origen = coste.potencia_estimada(_equipo("Una GPU rara"))
    assert vatios == coste.VATIOS_GPU_DESCONOCIDA and "no tengo en mi tabla" in origen
    assert coste.potencia_estimada(_equipo(nucleos=6)) == (60.0, "6 núcleos de CPU a unos 10 W cada uno")


def test_lo_que_escribes_manda_y_lo_imposible_se_explica():
    c = coste.estimar(36, _equipo(), vatios=100, pue=1.5, intensidad_g_kwh=200)
    assert c.energia_kwh == pytest.approx(100 * 0.01 * 1.5 / 1000)
    assert "100 W, la potencia que escribiste" in str(c)
    assert "2.5 m en coche" in str(c)  # 0,3 g a 120 g/km
    with pytest.raises(AfinarError, match="intensidad_g_kwh=-5 no vale"):
        coste.estimar(10, _equipo(), intensidad_g_kwh=-5)
