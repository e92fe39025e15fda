"""Leer respuestas como las escribe una persona, y comprobadores que nunca lanzan errores."""

from __future__ import annotations

import pytest

from afinar.curso import comun


@pytest.mark.parametrize(
    ("escrito", "valor"),
    [
        ("7,07", 7.07), ("7.07", 7.07), (" 7,07 % ", 7.07), ("1.234,5", 1234.5), ("1,234.5", 1234.5),
        (12, 12.0), (0.5, 0.5), ("dos", 2.0), ("'3'", 3.0), ("«15»", 15.0), ("12 tokens", 12.0),
    ],
)  # fmt: skip
def test_leer_numero_como_lo_escribe_una_persona(escrito, valor):
    assert comun.leer_numero(escrito) == pytest.approx(valor)


@pytest.mark.parametrize("escrito", [None, "", "hola", "7,07,08", True, float("nan"), [7]])
def test_leer_numero_devuelve_none_si_no_hay_numero(escrito):
    assert comun.leer_numero(escrito) is None


def test_leer_entero():
    assert comun.leer_entero("12") == 12 and comun.leer_entero("12,0") == 12
    assert comun.leer_entero("doce") == 12 and comun.leer_entero(3) == 3
    assert comun.leer_entero("12,5") is None and comun.leer_entero("x") is None


@pytest.mark.parametrize(
    ("escrito", "valor"),
    [("sí", True), ("Si", True), ("verdadero", True), ("True", True), (True, True), ("no", False),
     ("No.", False), ("falso", False), ("False", False), ('"False"', False), (False, False)],
)  # fmt: skip
def test_leer_si_no(escrito, valor):
    assert comun.leer_si_no(escrito) is valor


@pytest.mark.parametrize("escrito", [None, "", "quizá", "Gracias", 7])
def test_leer_si_no_sin_respuesta_clara(escrito):
    assert comun.leer_si_no(escrito) is None


def test_vacia_y_opciones():
    assert comun.vacia(None) and comun.vacia("") and comun.vacia("  ") and comun.vacia("(elige)")
    assert not comun.vacia("0") and not comun.vacia(0)
    assert comun.leer_opcion(" b ", ["A", "B"]) == "B"
    assert comun.leer_opcion('"A"', ["A", "B"]) == "A"
    assert comun.leer_opcion("D", ["A", "B"]) is None


def test_lista_de_textos():
    assert comun.lista_de_textos("Pregunta del examen; Respuesta del alumno") == [
        "Pregunta del examen", "Respuesta del alumno"]  # fmt: skip
    assert comun.lista_de_textos("Bien:, Nota:") == ["Bien:", "Nota:"]
    assert comun.lista_de_textos("") == [] and comun.lista_de_textos(None) == []


def test_nunca_falla_convierte_un_error_en_pista():
    @comun.nunca_falla
    def roto(respuesta):
        raise TypeError("'str' object is not callable")

    correccion = roto("Gracias")
    assert not correccion and "No he podido comprobar" in str(correccion)


def test_parada_del_curso_se_ve_sin_traceback():
    parada = comun.ParadaDelCurso("No encuentro tus datos en /x.")
    assert isinstance(parada, comun.AfinarError)
    assert parada._render_traceback_() == ["⛔ No encuentro tus datos en /x."]
