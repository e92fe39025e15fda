"""Cada valor de la receta se comprueba antes de cargar nada, con una frase en español; el
max_length, en cuanto se conoce el modelo y antes de escribir nada."""

from __future__ import annotations

import math

import datasets
import pytest
from conftest import FRASES, crear_modelo_diminuto

from afinar.entrenamiento import Receta, entrenar
from afinar.errores import AfinarError


@pytest.mark.parametrize(
    ("cambio", "esperado"),
    [
        (dict(pasos=-5), r"pasos=-5 no vale \(--pasos\): usa 0"),
        (dict(pasos=2.5), r"pasos=2.5 no vale"),
        (dict(epocas=0), r"epocas=0 no vale \(--epocas\): usa un número de pasadas mayor que 0"),
        (dict(epocas=math.inf), r"epocas=inf no vale"),
        (dict(tasa_aprendizaje=-1), r"tasa_aprendizaje=-1 no vale \(--tasa-aprendizaje\)"),
        (dict(tasa_aprendizaje=math.nan), r"tasa_aprendizaje=nan no vale"),
        (dict(tasa_aprendizaje="alta"), r"tasa_aprendizaje='alta' no vale"),
        (dict(lora_dropout=2), r"lora_dropout=2 no vale \(--lora-dropout\): usa una fracción"),
        (dict(lora_dropout=-0.1), r"lora_dropout=-0.1 no vale"),
        (dict(lora_alpha=0), r"lora_alpha=0 no vale"),
        (dict(lote=0), r"lote=0 no vale \(--lote\): usa 1 o más"),
        (dict(max_length=0), r"max_length=0 no vale"),
        (dict(evaluar_cada=-1), r"evaluar_cada=-1 no vale"),
        (dict(puntos_maximos=0), r"puntos_maximos=0 no vale .*para poder reanudar"),
        (dict(paciencia=-2), r"paciencia=-2 no vale"),
        (dict(calentamiento=1), r"calentamiento=1 no vale"),
        (dict(validacion=1.0), r"validacion=1.0 no vale"),
        (dict(semilla=-1), r"semilla=-1 no vale"),
        (dict(revisar=-1), r"revisar=-1 no vale"),
        (dict(lora_modulos=[]), r"lora_modulos=\[\] no vale"),
        (dict(salida=""), r"salida='' no vale"),
        (dict(metodo="rapido"), r"El método «rapido» no existe"),
        (dict(precision="fp8"), r"La precisión «fp8» no existe"),
    ],
)  # fmt: skip
def test_cada_valor_malo_de_la_receta_es_una_frase(cambio, esperado):
    with pytest.raises(AfinarError, match=esperado):
        Receta(**cambio)


def test_valores_limite_que_si_valen():
    Receta(pasos=0, tasa_aprendizaje=0, lora_dropout=0, paciencia=0, evaluar_cada=0,
           validacion=0, calentamiento=0, revisar=0, semilla=0)  # fmt: skip
    Receta(tasa_aprendizaje=1e6, epocas=0.5, lora_modulos="q_proj")


def test_max_length_mayor_que_las_posiciones_del_modelo(tmp_path):
    modelo, tok = crear_modelo_diminuto("gpt2")
    posiciones = modelo.config.n_positions
    receta = Receta(pasos=2, max_length=posiciones + 1, salida=str(tmp_path / "s"))
    datos = datasets.Dataset.from_dict({"texto": FRASES * 4})
    with pytest.raises(AfinarError, match=rf"max_length={posiciones + 1} pasa de lo que admite "
                       rf"el modelo \({posiciones} tokens\): usa --max-length {posiciones}"):
        entrenar(modelo, tok, datos, receta)
    assert not (tmp_path / "s").exists()  # nada escrito
