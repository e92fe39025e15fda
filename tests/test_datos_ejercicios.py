"""Los ejercicios del cuaderno 2: cada corrección con una respuesta buena, una mala, una mal
escrita y sin responder. Ninguna lanza errores."""

from __future__ import annotations

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
    from types import SimpleNamespace as Conversacion

    ids = [3, 4, 5, 6, 7, 0, 0]  # 2 de pregunta, respuesta y fin de turno, tras el fin, 2 de relleno
    mascara = [0, 0, 1, 1, 0, 0, 0]
    assert ej.etiquetas(ids, mascara) == [-100, -100, 5, 6, -100, -100, -100]
    conversacion = Conversacion(input_ids=ids, mascara=mascara, relleno=2, n_pregunta=2)
    assert "Aún no" in str(ej.comprobar_etiquetas(None, conversacion))
    assert ej.comprobar_etiquetas("2", conversacion)
    assert "relleno tampoco" in str(ej.comprobar_etiquetas(5, conversacion))
    assert "no cuentan" in str(ej.comprobar_etiquetas(7, conversacion))
    assert "cierra el turno" in str(ej.comprobar_etiquetas(1, conversacion))
    assert "número entero" in str(ej.comprobar_etiquetas("[-100, 5]", conversacion))


def test_la_tabla_del_cuaderno_marca_lo_mismo_que_el_entrenamiento():
    """Las etiquetas que enseña el cuaderno 2 son las del entrenamiento (empaquetar_chat)."""
    import datasets

    from afinar.curso import vistas
    from afinar.entrenamiento.chat import empaquetar_chat
    from afinar.modelos import cargar_modelo

    _, tok = cargar_modelo("bolsillo")
    ejemplo = vistas.conversacion_en_tokens(tok, "¿Capital de Chile?", "Santiago.", relleno=3)
    mensajes = [{"role": "user", "content": "¿Capital de Chile?"},
                {"role": "assistant", "content": "Santiago."}]
    fila = empaquetar_chat(datasets.Dataset.from_list([{"messages": mensajes}]), tok, 512)[0]
    etiquetas = ej.etiquetas(ejemplo.input_ids, ejemplo.mascara)
    assert fila["input_ids"] == ejemplo.input_ids[:-3]
    assert fila["labels"] == etiquetas[:-3] and etiquetas[-3:] == [-100] * 3
    assert ej.comprobar_etiquetas(str(sum(ejemplo.mascara)), ejemplo)


def test_empaquetado():
    assert not ej.comprobar_empaquetado(None, [50] * 10, 128)
    assert ej.comprobar_empaquetado("4", [50] * 10, 128)
    assert "con relleno" in str(ej.comprobar_empaquetado(10, [50] * 10, 128))
    assert "último trozo" in str(ej.comprobar_empaquetado(3, [50] * 10, 128))
    assert "número entero" in str(ej.comprobar_empaquetado("3,9", [50] * 10, 128))


def test_aviso_de_marcadores():
    """Una sola regla: la del informe de anonimizar (más del 20 % de las filas con marcadores)."""
    import datasets

    from afinar.datos import anonimizar

    def informe(con_datos, total):
        filas = [{"texto": f"Escríbeme a persona{i}@correo.es cuando puedas."}
                 for i in range(con_datos)]
        filas += [{"texto": f"Un comentario sin datos, el número {i}."}
                  for i in range(total - con_datos)]
        return anonimizar(datasets.Dataset.from_list(filas))[1]

    pocas = ej.aviso_marcadores(informe(8, 174))
    assert "8 de 174 filas (4.6 %)" in pocas and "⚠️" not in pocas
    muchas = ej.aviso_marcadores(informe(48, 112))
    assert muchas.startswith("⚠️") and "aprender a escribir esos marcadores" in muchas
