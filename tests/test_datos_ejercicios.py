"""Los ejercicios del cuaderno 2: cada corrección con una respuesta buena, una mala, una mal
escrita y sin responder. Ninguna lanza errores."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from afinar.curso import cuaderno2 as ej
from afinar.datos import cargar_datos, limpiar
from afinar.datos.tokens import Longitudes


def test_duplicadas():
    _, informe = limpiar(cargar_datos(["Una frase repetida aquí."] * 3 + ["UNA FRASE, repetida aquí"]))
    assert "Aún no" in str(ej.comprobar_duplicadas(None, informe))
    assert "Aún no" in str(ej.comprobar_duplicadas("", informe))
    assert ej.comprobar_duplicadas(2, informe)
    assert ej.comprobar_duplicadas("2", informe) and ej.comprobar_duplicadas("dos", informe)
    assert "casi duplicadas" in str(ej.comprobar_duplicadas("1", informe))
    mal_escrita = ej.comprobar_duplicadas("muchas", informe)
    assert not mal_escrita and "número entero" in str(mal_escrita)


def test_anonimizacion():
    assert not ej.comprobar_anonimizacion(None) and not ej.comprobar_anonimizacion("")
    assert ej.comprobar_anonimizacion("Llámame al 612 345 678 antes de 2025")
    assert ej.comprobar_anonimizacion('"Llámame al 612 345 678 antes de 2025"')
    assert "no encontré ningún dato personal" in str(ej.comprobar_anonimizacion("Nos vemos en 2025"))
    assert "no queda ningún número" in str(ej.comprobar_anonimizacion("Escribe a ana@ejemplo.com"))
    assert not ej.comprobar_anonimizacion(12345)  # mal formado: pista, no error


def test_max_length():
    medida = Longitudes(np.arange(1, 101), 0.95)
    assert "Aún no" in str(ej.comprobar_max_length("", medida))
    assert "Súbelo" in str(ej.comprobar_max_length("50", medida))
    assert "Bájalo" in str(ej.comprobar_max_length(1000, medida))
    assert ej.comprobar_max_length("96", medida) and ej.comprobar_max_length(96.0, medida)
    assert "número entero" in str(ej.comprobar_max_length("noventa y seis", medida))
    assert ej.max_length_elegido("96", medida) == 96
    assert ej.max_length_elegido("", medida) == medida.sugerencia


def test_etiquetas():
    ids = [3, 4, 5, 6, 0, 0]  # 2 de pregunta, 2 de respuesta, 2 de relleno (pad = 0)
    assert ej.etiquetas(ids, 2, 0) == [-100, -100, 5, 6, -100, -100]
    assert "Aún no" in str(ej.comprobar_etiquetas(None, ids, 2, 0))
    assert ej.comprobar_etiquetas("2", ids, 2, 0)
    assert "relleno tampoco" in str(ej.comprobar_etiquetas(4, ids, 2, 0))
    assert "no cuentan" in str(ej.comprobar_etiquetas(6, ids, 2, 0))
    assert "número entero" in str(ej.comprobar_etiquetas("[-100, 5]", ids, 2, 0))


def test_empaquetado():
    assert not ej.comprobar_empaquetado(None, [50] * 10, 128)
    assert ej.comprobar_empaquetado("4", [50] * 10, 128)
    assert "con relleno" in str(ej.comprobar_empaquetado(10, [50] * 10, 128))
    assert "último trozo" in str(ej.comprobar_empaquetado(3, [50] * 10, 128))
    assert "número entero" in str(ej.comprobar_empaquetado("3,9", [50] * 10, 128))


def test_aviso_de_marcadores():
    pocas = ej.aviso_marcadores(SimpleNamespace(filas=174, filas_con_datos=8))
    assert "8 de 174 filas (4.6 %)" in pocas and "⚠️" not in pocas
    muchas = ej.aviso_marcadores(SimpleNamespace(filas=112, filas_con_datos=48))
    assert muchas.startswith("⚠️") and "aprenderá a escribir marcadores" in muchas


def test_el_vistazo_lee_el_csv_como_cargar_datos(tmp_path):
    from afinar.curso.vistas import vistazo

    prosa = tmp_path / "prosa.csv"  # comas dentro de frases: una sola columna, no tres
    prosa.write_text("Hola, qué tal, cómo estás\nBien, gracias, y tú\nAquí, tranquila\n",
                     encoding="utf-8")
    assert list(vistazo(prosa).columns) == ["Hola, qué tal, cómo estás"]
    assert cargar_datos(prosa, informe=True)[1].separador == "ninguno"
    tabla = tmp_path / "tabla.csv"
    tabla.write_bytes("pregunta;respuesta\n¿Qué tal?;Bien, gracias.\n".encode("cp1252"))
    assert vistazo(tabla).to_dict("records") == [{"pregunta": "¿Qué tal?", "respuesta": "Bien, gracias."}]
