"""El veredicto explica las contradicciones (issue 16): perplejidad que baja con respuestas que
degeneran, etiquetas aprendidas, bucles; y el informe (HTML, Markdown, JSON) lo enseña todo."""

from __future__ import annotations

import json

import datasets
import pytest
from conftest import crear_modelo_diminuto

from afinar.errores import AfinarError
from afinar.evaluacion import (
    coincide,
    comparar,
    comparar_respuestas,
    contiene,
    filas_con_etiquetas,
)
from afinar.evaluacion.comparar import ajustes_usados

REFERENCIA = "Me gustó mucho el trato del personal, aunque la comida llegó algo fría a la mesa."
BASE = [
    "La comida estaba buena y el servicio fue rápido, volveré con mi familia.",
    "No me gustó el sitio, el camarero tardó mucho en atendernos.",
    "El local es bonito y el personal muy amable con los niños.",
    "Todo correcto, aunque el postre llegó tarde a la mesa.",
]
# Lo que escribía el modelo afinado del cuaderno 3 con las opiniones anonimizadas (issue 16).
DEGENERADO = ["00000.", "<200000000.", "<0000.", "00000."]


def _comparar(base, afinado, comprobaciones=(), **opciones):
    preguntas = [f"pregunta {i}" for i in range(len(base))]
    return comparar_respuestas(preguntas, [REFERENCIA] * len(base), base, afinado,
                               comprobaciones, **opciones)


def test_perplejidad_que_baja_con_etiquetas_aprendidas_se_explica():
    c = _comparar(BASE, DEGENERADO, perplejidad=(412.0, 20.5),
                  entrenamiento={"filas": 112, "filas_con_etiquetas": 48})
    v = c.veredicto
    assert c.empeora and c.diagnostico.grave and c.resumen["perdidas"] == 4
    assert v.startswith("El modelo afinado es peor que el base: gana en 0 de 4")
    assert "Perplejidad en validación 412.0 → 20.5 (es 20 veces menor)." in v
    assert "Ojo: la perplejidad baja, pero las respuestas del afinado en su mayoría no sirven." in v
    assert "48 de 112 filas de entrenamiento llevan marcadores de anonimización" in v
    assert "Qué probar: quitar esas filas" in v
    assert "112 filas de entrenamiento son pocas" in v
    assert ("Respuestas degeneradas del afinado: 4 de 4 (del base, 0): vacía o muy corta 4, "
            "marcadores de anonimización 2, casi solo cifras 2.") in v
    assert "contesta vacío" not in v  # las cortas son las mismas etiquetas: una sola causa


def test_sin_perplejidad_no_habla_de_contradicciones_pero_explica_lo_degenerado():
    c = _comparar(BASE, DEGENERADO)
    assert "Ojo" not in c.veredicto and "Perplejidad" not in c.veredicto
    assert "Respuestas degeneradas del afinado: 4 de 4" in c.veredicto
    assert "Por qué: los datos de entrenamiento llevan marcadores de anonimización" in c.veredicto


def test_un_bucle_corto_en_una_respuesta_buena_se_cuenta_pero_no_la_hace_perder():
    receta = ("Ingredientes: harina, agua y sal. Pasos: 1. Mezcla la harina con el agua. "
              "2. Amasa diez minutos. 3. Añade el ajo y el ajo y el ajo. 4. Hornea media hora "
              "a fuego medio y deja enfriar antes de servir.")
    c = _comparar(BASE, [receta] * 2 + BASE[2:], [contiene("Ingredientes:")])
    assert c.diagnostico.cuentas == {"bucle": 2} and c.diagnostico.inservibles == [False] * 4
    assert [f["resultado"] for f in c.filas[:2]] == ["gana", "gana"] and c.mejora
    assert c.veredicto.startswith("El modelo afinado es mejor que el base")
    assert "Respuestas degeneradas del afinado: 2 de 4 (del base, 0): en bucle 2." in c.veredicto
    assert "Por qué: se queda en bucle" in c.veredicto


def test_una_respuesta_degenerada_pierde_aunque_cumpla_la_comprobacion():
    # «coincide(r"\d")» pasaba con «00000»: ya no basta para ganar (issue 16, ejercicio 3).
    c = _comparar(BASE, DEGENERADO, [coincide(r"\d")])
    assert c.resumen["comprobaciones"]['coincide con «\\d»'] == {"base": 0, "afinado": 4}
    assert [f["resultado"] for f in c.filas] == ["pierde"] * 4
    assert not c.mejora


def test_bucles_con_perplejidad_que_baja():
    bucle = "Añade el ajo y el ajo y el ajo y el ajo y el ajo"
    c = _comparar(BASE, [bucle, BASE[1], bucle, bucle], perplejidad=(30.0, 12.0),
                  ajustes=ajustes_usados("determinista", 64))
    v = c.veredicto
    assert c.diagnostico.cuentas == {"bucle": 3}
    assert "Por qué: se queda en bucle: un modelo pequeño" in v and "(es 2 veces menor)" in v
    assert "Qué probar: más pasos o más datos, y generar con los ajustes «sin_repetir»." in v
    c = _comparar(BASE, [bucle, BASE[1], bucle, bucle], perplejidad=(30.0, 12.0),
                  ajustes=ajustes_usados("sin_repetir", 64))
    assert "se queda en bucle aun generando con «sin_repetir»" in c.veredicto
    assert "Qué probar: más pasos o más datos." in c.veredicto
    assert [f["degeneracion_afinado"] for f in c.filas] == [["bucle"], [], ["bucle"], ["bucle"]]


def test_perplejidad_que_baja_y_respuestas_peores_sin_degenerar():
    peores = ["Hace sol por la tarde en Sevilla.", "El tren sale a las ocho.",
              "Mañana llueve en todo el norte.", "Hola a todos los de la clase."]
    c = _comparar(BASE, peores, perplejidad=(30.0, 20.0))
    assert c.diagnostico.degeneradas == 0 and c.empeora
    assert "(baja un 33 %)" in c.veredicto
    assert "las respuestas del afinado son peores que las del base" in c.veredicto
    assert "Por qué: aprende palabras y giros de tus datos" in c.veredicto


def test_perplejidad_que_baja_y_respuestas_mejores_no_es_contradiccion():
    c = _comparar(DEGENERADO, BASE, perplejidad=(30.0, 10.0))
    assert c.mejora and c.veredicto.startswith("El modelo afinado es mejor que el base")
    assert "Ojo" not in c.veredicto and "Respuestas degeneradas del afinado" not in c.veredicto


def test_gana_con_perplejidad_que_sube_lo_avisa():
    c = _comparar(DEGENERADO, BASE, perplejidad=(10.0, 14.0))
    assert c.mejora
    assert "Perplejidad en validación 10.0 → 14.0 (sube 4.0)." in c.veredicto
    assert "gana en los ejemplos aunque la perplejidad suba" in c.veredicto


def test_nunca_llama_mejor_a_un_afinado_casi_todo_degenerado():
    # Los dos degeneran; el afinado gana por la comprobación, pero el titular no lo vende.
    base = ["", "", "", "Una respuesta normal de varias palabras sobre la comida."]
    afinado = ["<EMAIL> <EMAIL>", "<EMAIL>", "<TELEFONO>", "Otra respuesta normal sobre el trato."]
    c = _comparar(base, afinado, [contiene("<")])
    assert c.mejora and c.diagnostico.grave
    assert c.veredicto.startswith("El modelo afinado gana al base, pero la mayoría de sus "
                                  "respuestas no sirven (3 de 4)")


def test_si_los_dos_degeneran_por_igual_lo_dice():
    c = _comparar(DEGENERADO, DEGENERADO[::-1], perplejidad=(50.0, 10.0))
    assert not c.mejora and not c.empeora
    assert c.veredicto.startswith("No hay una diferencia clara entre el modelo afinado y el base, "
                                  "y la mayoría de las respuestas de los dos no sirven")
    # no pierde más de lo que gana, pero la perplejidad que baja no lo arregla: se dice
    assert "Ojo: la perplejidad baja, pero las respuestas del afinado en su mayoría" in c.veredicto


def test_gana_por_comprobaciones_con_chrf_que_baja_lo_avisa():
    afinado = [f"Ingredientes: {b} y sal. Pasos: hierve el agua." for b in ["pan", "arroz", "té"]]
    afinado.append("Ingredientes: nada. Pasos: ninguno por ahora.")
    c = _comparar([*BASE], afinado, [contiene("Ingredientes:")])
    assert c.mejora and c.resumen["chrf_afinado"] < c.resumen["chrf_base"]
    assert "Gana por tus comprobaciones aunque se parece menos a las referencias" in c.veredicto


@pytest.mark.parametrize("valor", [(1.0,), "mucho", (float("nan"), 2.0), (3.0, -1.0)])
def test_perplejidad_mal_pasada_da_un_error_claro(valor):
    with pytest.raises(AfinarError, match="perplejidad=.* no vale"):
        _comparar(BASE, BASE, perplejidad=valor)


def test_el_informe_enseña_veredicto_diagnostico_ajustes_y_metricas(tmp_path):
    c = _comparar(BASE, DEGENERADO, [contiene("comida")], perplejidad=(412.0, 20.5),
                  ajustes=ajustes_usados("sin_repetir", 120),
                  entrenamiento={"filas": 112, "filas_con_etiquetas": 48})
    generacion = ("Generado con los ajustes «sin_repetir» (determinista, sin bucles: castiga "
                  "repetir tokens y grupos de 5: do_sample=False, repetition_penalty=1.1, "
                  "no_repeat_ngram_size=5; como mucho 120 tokens nuevos por respuesta).")
    assert c.generacion() == generacion
    c.guardar(tmp_path)
    markdown = (tmp_path / "informe.md").read_text(encoding="utf-8")
    pagina = (tmp_path / "informe.html").read_text(encoding="utf-8")
    for texto in (markdown, pagina):
        assert "repetition_penalty=1.1" in texto and "Afinado: 4 de 4 respuestas" in texto
        assert "perplejidad en validación" in texto and "respuestas degeneradas" in texto
    assert "| respuestas degeneradas | 0 de 4 | 4 de 4 |" in markdown
    assert "pierde (afinado: vacía o muy corta, casi solo cifras)" in markdown
    assert "&lt;200000000." in pagina and "<200000000." not in pagina
    datos = json.loads((tmp_path / "informe.json").read_text(encoding="utf-8"))
    assert datos["veredicto"] == c.veredicto
    assert datos["perplejidad"] == {"antes": 412.0, "despues": 20.5}
    assert datos["generacion"]["opciones"]["no_repeat_ngram_size"] == 5
    assert datos["diagnostico"]["afinado"]["cuentas"] == {"vacia": 4, "etiquetas": 2, "cifras": 2}
    assert datos["diagnostico"]["base"]["degeneradas"] == 0
    assert datos["entrenamiento"] == {"filas": 112, "filas_con_etiquetas": 48}
    assert datos["resumen"]["degeneradas_afinado"] == 4
    assert datos["filas"][1]["degeneracion_afinado"] == ["vacia", "etiquetas"]


def test_respuestas_de_fuera_dicen_que_los_ajustes_son_desconocidos():
    c = _comparar(BASE, BASE)
    assert c.generacion().startswith("Respuestas generadas fuera de afinar")
    assert c.a_dict()["generacion"] is None and c.a_dict()["perplejidad"] is None


def test_filas_con_etiquetas_en_texto_y_chat():
    filas = [
        {"texto": "Llámame al <TELEFONO> mañana."},
        {"texto": "Sin datos personales. <script> no es una etiqueta."},
        {"messages": [{"role": "user", "content": "¿Tu correo?"},
                      {"role": "assistant", "content": "Es <EMAIL>."}]},
        "<DNI> suelto",
    ]
    assert filas_con_etiquetas(filas) == (3, 4)
    assert filas_con_etiquetas(datasets.Dataset.from_list(filas[:2])) == (1, 2)


def test_comparar_cuenta_las_etiquetas_de_los_datos_de_entrenamiento():
    modelo, tok = crear_modelo_diminuto("llama")
    partes = datasets.DatasetDict({
        "train": datasets.Dataset.from_list(
            [{"texto": "Escribe a <EMAIL> hoy."}, {"texto": "El tren sale a las ocho."}]),
        "validation": datasets.Dataset.from_list([{"texto": "La biblioteca abre por la mañana."}]),
    })
    c = comparar(modelo, modelo, partes["validation"], tokenizer=tok, max_new_tokens=4,
                 perplejidad=(9.0, 3.0), datos_entrenamiento=partes)
    assert c.entrenamiento == {"filas": 2, "filas_con_etiquetas": 1}
    assert c.perplejidad == (9.0, 3.0) and c.ajustes["nombre"] == "sin_repetir"
    assert c.filas[0]["base"] == c.filas[0]["afinado"] and c.resumen["empates"] == 1
