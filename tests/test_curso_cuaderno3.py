"""El cuaderno 3: sus ejercicios (bien, mal, mal escritos y sin responder, sin errores nunca), la
lectura de la curva y cómo elige y adapta los datos."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from afinar.curso import cuaderno3 as c3

LORA = SimpleNamespace(get_nb_trainable_parameters=lambda: (707, 10000))  # 7,07 %


@pytest.mark.parametrize("respuesta", ["7,07", "7.07", "7", " 7,07 % ", 7.07, "7,1"])
def test_porcentaje_lora_bien(respuesta):
    assert c3.comprobar_porcentaje_lora(respuesta, LORA)


def test_porcentaje_lora_mal_y_mal_escrito():
    assert "multiplícala por 100" in str(c3.comprobar_porcentaje_lora("0,0707", LORA))
    assert "número de parámetros" in str(c3.comprobar_porcentaje_lora("707", LORA))
    assert not c3.comprobar_porcentaje_lora("50", LORA)
    assert "escribe solo el número" in str(c3.comprobar_porcentaje_lora("siete coma cero", LORA))
    assert "Aún no" in str(c3.comprobar_porcentaje_lora("", LORA))
    roto = c3.comprobar_porcentaje_lora("7", object())  # sin modelo LoRA: pista, no error
    assert not roto and "No he podido comprobar" in str(roto)


def test_sobreajuste():
    assert c3.comprobar_sobreajuste("B") and c3.comprobar_sobreajuste(' "b" ')
    assert "le falta entrenamiento" in str(c3.comprobar_sobreajuste("C"))
    assert "se estabiliza" in str(c3.comprobar_sobreajuste("A"))
    assert "elige A, B o C" in str(c3.comprobar_sobreajuste("la segunda"))
    assert "Aún no" in str(c3.comprobar_sobreajuste("(elige)"))


@pytest.mark.parametrize("respuesta", ["no", "No", "False", '"False"', "falso", False])
def test_perplejidades_bien(respuesta):
    assert c3.comprobar_perplejidades(respuesta)


def test_perplejidades_mal_y_mal_escrito():
    assert not c3.comprobar_perplejidades("sí") and not c3.comprobar_perplejidades("True")
    assert "«sí» o «no»" in str(c3.comprobar_perplejidades("depende"))
    assert "Aún no" in str(c3.comprobar_perplejidades("(elige)"))


def _comparacion():
    referencia = "Bien: correcto. A mejorar: un ejemplo. Nota: 7/10."
    filas = [
        {"referencia": referencia, "base": "El sol, el sol y el sol 00000.", "afinado": referencia},
        {"referencia": referencia, "base": "Había una vez 1492.", "afinado": "Bien: 00000. Nota: 9//0"},
        {"referencia": referencia, "base": "Gracias por todo.", "afinado": "Bien: sí. A mejorar: no."},
    ]
    return SimpleNamespace(filas=filas)


def test_mi_comprobacion_bien():
    assert c3.comprobar_mi_comprobacion("contiene el texto", "Bien:", _comparacion())
    assert c3.comprobar_mi_comprobacion("empieza por", "Bien", _comparacion())
    assert c3.comprobar_mi_comprobacion("", "A mejorar", _comparacion())  # sin tipo: contiene


def test_mi_comprobacion_sin_sentido_no_pasa():
    # «0» o un patrón de dígitos aparece en casi cualquier texto (y en «00000»): no vale.
    for valor in ["0", r"\d", "000", "10"]:
        correccion = c3.comprobar_mi_comprobacion("contiene el texto", valor, _comparacion())
        assert not correccion and "al menos tres letras" in str(correccion), valor
    # «Gracias» no lo llevan las respuestas de referencia (y antes daba TypeError).
    gracias = c3.comprobar_mi_comprobacion("contiene el texto", "Gracias", _comparacion())
    assert not gracias and "no lo cumplen tus respuestas de referencia" in str(gracias)
    # Lo cumplen las referencias, pero el afinado no más que el base.
    corto = c3.comprobar_mi_comprobacion("como mucho estas palabras", "60", _comparacion())
    assert not corto and "no más que el base" in str(corto)


def test_mi_comprobacion_mal_escrita_o_sin_responder():
    assert "número de palabras" in str(
        c3.comprobar_mi_comprobacion("como mucho estas palabras", "muchas", _comparacion())
    )
    assert "Aún no" in str(c3.comprobar_mi_comprobacion("contiene el texto", "", _comparacion()))
    assert not c3.comprobar_mi_comprobacion("contiene el texto", "Bien:", None)  # sin comparación


def test_leer_curva():
    def historial(valores):
        return [{"perdida_validacion": v} for v in valores]

    assert "sobreajuste" in c3.leer_curva(historial(c3.CURVAS["B"]))
    assert "Sigue bajando" in c3.leer_curva(historial(c3.CURVAS["C"]))
    estable = c3.leer_curva(historial(c3.CURVAS["A"]))
    assert "se estabiliza" in estable and "lo dirá la comparación" in estable
    assert "no está aprendiendo" in c3.leer_curva(historial([2.0, 2.0, 2.0]))
    assert "menos de dos" in c3.leer_curva([{"perdida": 1.0}])


def test_comprobaciones_elegidas(capsys):
    adaptacion = c3.Adaptacion(datos="chat", comprobaciones=["Bien:", "Nota:"])
    assert [c.nombre for c in c3.comprobaciones_elegidas("", adaptacion)] == [
        "contiene «Bien:»", "contiene «Nota:»"]  # fmt: skip
    assert [c.nombre for c in c3.comprobaciones_elegidas("Pasos:; Fin", adaptacion)] == [
        "contiene «Pasos:»", "contiene «Fin»"]  # fmt: skip
    assert c3.comprobaciones_elegidas("", c3.Adaptacion(datos="texto")) == []
    assert "Sin comprobaciones" in capsys.readouterr().out
