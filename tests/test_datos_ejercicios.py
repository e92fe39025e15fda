"""Comprobaciones de los ejercicios del cuaderno 2: sin responder, bien y mal."""

from __future__ import annotations

import numpy as np

from afinar.curso import cuaderno2 as ej
from afinar.datos import cargar_datos, limpiar
from afinar.datos.tokens import Longitudes


def test_duplicadas():
    _, informe = limpiar(cargar_datos(["Una frase repetida aquí."] * 3 + ["UNA FRASE, repetida aquí"]))
    assert not ej.comprobar_duplicadas(None, informe) and "Aún no" in str(ej.comprobar_duplicadas(None, informe))
    assert ej.comprobar_duplicadas(2, informe)
    assert "casi duplicadas" in str(ej.comprobar_duplicadas(1, informe))
    assert not ej.comprobar_duplicadas("2", informe)


def test_anonimizacion():
    assert not ej.comprobar_anonimizacion(None)
    assert ej.comprobar_anonimizacion("Llámame al 612 345 678 antes de 2025")
    assert "no encontré ningún dato personal" in str(ej.comprobar_anonimizacion("Mi DNI es 12345678A"))
    assert "no queda ningún número" in str(ej.comprobar_anonimizacion("Escribe a ana@ejemplo.com"))


def test_max_length():
    medida = Longitudes(np.arange(1, 101), 0.95)
    assert not ej.comprobar_max_length(None, medida)
    assert "Súbelo" in str(ej.comprobar_max_length(50, medida))
    assert "Bájalo" in str(ej.comprobar_max_length(1000, medida))
    assert ej.comprobar_max_length(96, medida)


def test_etiquetas():
    ids = [3, 4, 5, 6, 0, 0]
    assert not ej.comprobar_etiquetas(None, ids, 2, 0)
    assert ej.comprobar_etiquetas([-100, -100, 5, 6, -100, -100], ids, 2, 0)
    assert "posición 4" in str(ej.comprobar_etiquetas([-100, -100, 5, 6, 0, 0], ids, 2, 0))
    assert "6 números" in str(ej.comprobar_etiquetas([1, 2], ids, 2, 0))


def test_empaquetado():
    assert not ej.comprobar_empaquetado(None, [50] * 10, 128)
    assert ej.comprobar_empaquetado(4, [50] * 10, 128)
    assert "con relleno" in str(ej.comprobar_empaquetado(10, [50] * 10, 128))
    assert "math.ceil" in str(ej.comprobar_empaquetado(5, [50] * 10, 128))
