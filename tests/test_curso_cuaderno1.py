"""Los ejercicios del cuaderno 1: cada corrección con una respuesta buena, una mala, una mal
escrita y sin responder. Ninguna lanza errores."""

from __future__ import annotations

import pytest

from afinar.curso import cuaderno1 as ej

FRASE = "El ayuntamiento desafortunadamente cerró la biblioteca municipal por obras."


@pytest.fixture(scope="module")
def bolsillo():
    from afinar.modelos import cargar_modelo

    return cargar_modelo("bolsillo")


def test_palabra_partida(bolsillo):
    _, tok = bolsillo
    cuentas = ej.trozos_por_palabra(tok, FRASE)
    maximo = max(cuentas.values())
    mas_partida = next(p for p, n in cuentas.items() if n == maximo)
    menos = next(p for p, n in cuentas.items() if n < maximo)
    assert maximo > 1  # la frase del ejercicio tiene alguna palabra partida
    assert ej.comprobar_palabra_partida(mas_partida, tok, FRASE)
    assert ej.comprobar_palabra_partida(f" «{mas_partida.upper()}» ", tok, FRASE)
    mala = ej.comprobar_palabra_partida(menos, tok, FRASE)
    assert not mala and "otra palabra ocupa más" in str(mala)
    assert "una sola palabra de la frase" in str(ej.comprobar_palabra_partida("hipopótamo", tok, FRASE))
    assert "Aún no has respondido" in str(ej.comprobar_palabra_partida("", tok, FRASE))
    assert not ej.comprobar_palabra_partida(12, tok, FRASE)


def test_siguiente_token(bolsillo):
    from afinar.generacion.prediccion import siguientes_tokens

    modelo, tok = bolsillo
    tokens = siguientes_tokens(modelo, tok, "Me gusta", k=5).columna("token")
    assert ej.comprobar_siguiente(tokens[0], modelo, tok, "Me gusta")
    assert ej.comprobar_siguiente(f'"{tokens[0].strip()}"', modelo, tok, "Me gusta")
    segundo = ej.comprobar_siguiente(tokens[1], modelo, tok, "Me gusta")
    assert not segundo and "no es el primero" in str(segundo)
    assert not ej.comprobar_siguiente(3.5, modelo, tok, "Me gusta")
    assert "Aún no" in str(ej.comprobar_siguiente(None, modelo, tok, "Me gusta"))


def test_determinista(bolsillo):
    modelo, tok = bolsillo
    bien = ej.comprobar_determinista("no", 1.5, modelo, tok)
    assert bien and "La temperatura no cuenta" in str(bien)
    assert ej.comprobar_determinista(False, "0,3")
    mala = ej.comprobar_determinista("sí", 0.1)
    assert not mala and "aunque bajes la temperatura" in str(mala)
    assert "«sí» o «no»" in str(ej.comprobar_determinista("a veces", 1.0))
    assert "Aún no" in str(ej.comprobar_determinista("(elige)", 1.0))


def test_conversacion(bolsillo):
    _, tok = bolsillo
    textos = list(ej.CONVERSACION_EJEMPLO)
    bien = ej.comprobar_conversacion(["system", "user", "assistant", "user"], textos, tok)
    assert bien and "<|im_start|>system" in str(bien)
    assert ej.comprobar_conversacion(["sistema", "Usuario", "asistente", "usuario"], textos)
    mala = ej.comprobar_conversacion(["system", "assistant", "user", "user"], textos)
    assert not mala and "se alternan" in str(mala)
    assert "es el de sistema" in str(ej.comprobar_conversacion(["user"] * 4, textos))
    assert "no tiene papel" in str(ej.comprobar_conversacion(["system", "jefe", "user", "user"], textos))
    assert "está vacío" in str(
        ej.comprobar_conversacion(["system", "user", "assistant", "user"], ["", "a", "b", "c"])
    )
    assert "Aún no" in str(ej.comprobar_conversacion(["(elige)"] * 4, textos))
    assert not ej.comprobar_conversacion(None, textos)  # mal formado: pista, no error
