"""El cuaderno 1 se ejecuta entero, sin red, con el modelo de bolsillo, y no asusta a nadie."""

from __future__ import annotations

from cuadernos import (
    AVISOS_ALARMANTES,
    CARACTER_ROTO,
    CORRECCION_ROTA,
    ejecutar_cuaderno,
    textos_de_salida,
)


def test_cuaderno_01_primeros_pasos(tmp_path, monkeypatch):
    # Un solo hilo de cálculo: con el modelo de bolsillo no se pierde nada, y en una máquina
    # compartida evita que los hilos de PyTorch se estorben (comparar ajustes pasa de 1 s a 30 s).
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    cuaderno, segundos = ejecutar_cuaderno(
        "01_primeros_pasos.ipynb", {"MODELO": "bolsillo"}, limite_s=180, carpeta=tmp_path
    )
    salida = textos_de_salida(cuaderno)
    for aviso in [*AVISOS_ALARMANTES, CARACTER_ROTO, CORRECCION_ROTA, "<|endoftext|>"]:
        assert aviso not in salida, f"El cuaderno muestra «{aviso}»"
    # lo que el cuaderno enseña salió de verdad: probabilidades, comparación y plantilla de chat
    assert "el modelo espera" in salida and "%" in salida
    assert "── determinista" in salida and "── sin_repetir" in salida
    assert "<|im_start|>system" in salida
    # los cuatro ejercicios, sin responder, piden la respuesta en su campo (sin errores)
    assert salida.count("Aún no has respondido") == 4
