"""Pruebas de afinar.evaluacion.degeneracion: respuestas vacías, en bucle, etiquetas, cifras, iguales."""

from __future__ import annotations

import json

import pytest

from afinar.errores import AfinarError
from afinar.evaluacion.degeneracion import diagnosticar

RECETA = (
    "Ingredientes: 2 huevos, 1 cebolla, sal y aceite. Pasos: 1. Bate los huevos. "
    "2. Pica la cebolla. 3. Fríe todo a fuego lento durante 10 minutos."
)
# Respuestas sanas de formas variadas: ninguna se puede marcar.
LIMPIAS = [
    RECETA,
    "Me gustó mucho el servicio, aunque la comida llegó algo fría.",
    "- sal\n- pimienta\n- aceite de oliva\n- ajo",
    "Nació en 1990.",
    "1990",  # un año: pocas cifras, no es degenerar
    "Llámame al 612 345 678 mañana por la tarde.",
    "El precio es 1.250,00 euros con el IVA incluido.",
    "¡Muy muy bueno! Ja ja ja, repetiría.",
    "Resumen\n----------------\nTodo bien. Cuesta 1000000 pesos.",  # separador y ceros
    "Sí.",
]


def test_respuestas_limpias_no_se_marcan():
    d = diagnosticar(LIMPIAS)
    assert (d.degeneradas, d.total, d.motivos, d.grave) == (0, len(LIMPIAS), [], False)
    assert d.tipos == [[]] * len(LIMPIAS)
    assert "Ninguna" in str(d)


def test_respuestas_limpias_con_sus_referencias_no_se_marcan():
    referencias = [*LIMPIAS[:-1], "Sí, claro."]
    assert diagnosticar(LIMPIAS, referencias=referencias).degeneradas == 0


@pytest.mark.parametrize(
    "respuesta",
    ["Añade el ajo y el ajo y el ajo", "Sí, no, no, no, no, no, no.",
     "Bate los huevos con sal. Bate los huevos con sal. Bate los huevos con sal.",
     "hola hola hola hola hola hola",
     # un trozo de más de 10 piezas, repetido: lo ven los grupos de 3 que ya habían salido
     "Corta la cebolla muy fina y ponla en la sartén con aceite. " * 3,
     # dentro de una palabra: lo que escriben los modelos diminutos aleatorios sin castigo
     "ió" * 40, "JJJJJJJJJ" + "\x11" * 31],
)  # fmt: skip
def test_bucles(respuesta):
    d = diagnosticar([RECETA, respuesta, LIMPIAS[1]])
    assert d.tipos == [[], ["bucle"], []]
    assert d.inservibles == [False, True, False]  # son repetición en su mayor parte
    assert d.degeneradas == 1 and not d.grave
    assert len(d.motivos) == 1
    assert d.motivos[0].startswith("1 de 3 respuestas repiten lo mismo en bucle (por ejemplo «")
    assert respuesta[:20] in d.motivos[0]


@pytest.mark.parametrize("respuesta", ["<TELEFONO> <EMAIL>", "<200000000.", "<0000.", "<EMAIL>"])
def test_etiquetas_de_anonimizacion_y_sus_trozos(respuesta):
    d = diagnosticar([respuesta, RECETA])
    assert d.tipos[0] == ["etiquetas"] and d.tipos[1] == []
    assert "marcadores de anonimización" in d.motivos[0] and respuesta in d.motivos[0]


def test_una_etiqueta_dentro_de_un_texto_no_lo_degenera():
    assert diagnosticar(["Escríbeme a <EMAIL> y te paso la receta completa."]).degeneradas == 0


def test_casi_solo_cifras_salvo_si_la_referencia_tambien_lo_es():
    d = diagnosticar(["00000.", "123456789"], referencias=["Una respuesta con letras.", "987654321"])
    assert d.tipos == [["cifras"], []]
    assert d.motivos == ["1 de 2 respuestas son casi solo cifras (por ejemplo «00000.»)."]


def test_vacias_y_cortas_frente_a_la_referencia():
    respuestas = ["", "   ", "Pica.", RECETA]
    d = diagnosticar(respuestas)  # sin referencias, solo las vacías
    assert d.tipos == [["vacia"], ["vacia"], [], []]
    d = diagnosticar(respuestas, referencias=[RECETA] * 4)
    assert d.tipos == [["vacia"], ["vacia"], ["vacia"], []]
    assert d.degeneradas == 3 and d.grave
    assert d.motivos[0].startswith("3 de 4 respuestas están vacías o son muy cortas")


def test_la_misma_respuesta_para_todo():
    d = diagnosticar(["Gracias."] * 5 + ["Otra cosa distinta."])
    assert d.cuentas == {"igual": 5} and d.grave
    assert d.motivos == [
        "5 de 6 respuestas son la misma respuesta para entradas distintas: «Gracias.»."
    ]
    # Si las referencias se repiten igual (clases), no es degenerar; si todas dicen lo mismo, sí.
    clases = ["positivo"] * 3 + ["negativo"] * 3
    assert diagnosticar(clases, referencias=clases).degeneradas == 0
    assert diagnosticar(["positivo"] * 6, referencias=clases).cuentas == {"igual": 6}
    assert diagnosticar(["Gracias.", "Gracias.", RECETA]).degeneradas == 0  # dos no son «todas»


def test_un_bucle_corto_en_una_respuesta_larga_no_la_hace_inservible():
    con_bucle = RECETA + " 4. Añade el ajo y el ajo y el ajo. 5. Sirve caliente con pan."
    d = diagnosticar([con_bucle, RECETA, LIMPIAS[1]])
    assert d.tipos == [["bucle"], [], []] and d.inservibles == [False, False, False]
    assert d.degeneradas == 1 and not d.grave


def test_el_caso_del_cuaderno_3_es_grave_y_cuenta_cada_tipo():
    # Lo que escribía el modelo afinado con las opiniones anonimizadas (issue 16).
    respuestas = ["00000.", "<200000000.", "<0000.", "00000.", "Me gustó, volveré.", "00000."]
    referencias = ["Un comentario de varias palabras sobre el restaurante y su comida."] * 6
    d = diagnosticar(respuestas, referencias=referencias)
    assert d.degeneradas == 5 and d.grave and d.inservibles == [True] * 4 + [False, True]
    assert d.cuentas == {"vacia": 5, "etiquetas": 2, "cifras": 3}
    assert len(d.motivos) == 3
    datos = json.loads(json.dumps(d.a_dict()))
    assert datos["degeneradas"] == 5 and datos["tipos"][4] == []


def test_referencias_de_otro_largo_dan_un_error_claro():
    with pytest.raises(AfinarError, match="2 respuestas y 1 referencias"):
        diagnosticar(["a", "b"], referencias=["a"])
