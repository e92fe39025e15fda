"""Pruebas de afinar.evaluar: métricas con valores calculados a mano, veredicto e informe."""

from __future__ import annotations

import json
import math

import pytest
import torch
from conftest import crear_modelo_diminuto

from afinar.errores import AfinarError
from afinar.evaluacion import (
    chrf,
    coincide,
    comparar,
    comparar_respuestas,
    contiene,
    longitud_maxima,
    perplejidad,
    rouge_l,
    separar,
)
from afinar.evaluacion.valoracion import ValoracionCiega
from afinar.generacion import generar


def test_chrf_calculado_a_mano_con_enie():
    # Orden 1: P = 2/2, R = 2/3. Orden 2: P = 1/1, R = 1/2. Órdenes 3-6: sin n-gramas.
    # P media = 1, R media = 7/12; F2 = 5·P·R / (4·P + R) = 7/11.
    assert chrf("ñu", "ñus") == pytest.approx(100 * 7 / 11)
    assert chrf("canción", "canción") == pytest.approx(100)
    assert chrf("xyz", "abc") == pytest.approx(0)


def test_rouge_l_calculado_a_mano_conserva_tildes():
    # Subsecuencia común: «el niño pan» = 3 de 4 palabras en cada lado: F = 0.75.
    # (El tokenizador de rouge-score por defecto partiría «niño» y daría 0.8.)
    assert rouge_l("El niño comió pan", "el niño bebió pan") == pytest.approx(0.75)
    assert rouge_l("canción", "cancion") == 0.0
    assert rouge_l("pingüino acuático", "acuático") == pytest.approx(2 * 0.5 * 1 / 1.5)


def test_comprobaciones_propias():
    respuesta = "Ingredientes:\n- pan\nPasos:\n1. Corta el pan."
    assert contiene("Ingredientes:")(respuesta) and not contiene("Azúcar")(respuesta)
    assert coincide(r"^\d+\. ")(respuesta) and not coincide(r"^- sal")(respuesta)
    assert longitud_maxima(8)(respuesta) and not longitud_maxima(5)(respuesta)
    with pytest.raises(AfinarError, match="no es una expresión regular válida"):
        coincide("(sin cerrar")


def test_perplejidad_coincide_con_la_perdida_de_transformers():
    modelo, tok = crear_modelo_diminuto("llama")
    texto = "La señora Núñez compró pan en el mercado."
    ids = tok(texto, return_tensors="pt", add_special_tokens=False)["input_ids"]
    with torch.no_grad():
        esperado = math.exp(modelo(input_ids=ids, labels=ids).loss.item())
    assert perplejidad(modelo, tok, [{"texto": texto}]) == pytest.approx(esperado, rel=1e-4)


def test_perplejidad_de_chat_cuenta_solo_al_asistente():
    modelo, tok = crear_modelo_diminuto("llama")
    pregunta = {"role": "user", "content": "¿Qué tal estás hoy?"}
    corto = [pregunta, {"role": "assistant", "content": "Muy bien."}]
    otra_pregunta = [{"role": "user", "content": "El tren sale a las ocho " * 5}, corto[1]]
    # Cambiar solo la pregunta cambia el contexto, pero las etiquetas siguen siendo las mismas
    # pocas: la perplejidad es finita y distinta de la del texto completo.
    a = perplejidad(modelo, tok, [{"messages": corto}])
    b = perplejidad(modelo, tok, [{"messages": otra_pregunta}])
    completo = tok.apply_chat_template(corto, tokenize=False)
    c = perplejidad(modelo, tok, [{"texto": completo}])
    assert math.isfinite(a) and math.isfinite(b) and a != c


def _comparacion(base, afinado, comprobaciones=()):
    preguntas = [f"pregunta {i}" for i in range(len(base))]
    referencias = ["Ingredientes: harina y agua. Pasos: amasa y hornea."] * len(base)
    return comparar_respuestas(preguntas, referencias, base, afinado, comprobaciones)


def test_el_veredicto_llama_peor_a_un_afinado_peor():
    bueno = "Ingredientes: harina y agua. Pasos: amasa y hornea."
    malo = "No sé nada de cocina."
    c = _comparacion([bueno, bueno, bueno], [malo, malo, bueno], [contiene("Ingredientes:")])
    assert c.empeora and not c.mejora
    assert c.veredicto.startswith("El modelo afinado es peor que el base: gana en 0 de 3")
    assert "pierde en 2" in c.veredicto and "(empeora)" in c.veredicto
    assert "Lee primero los ejemplos 1 y 2" in c.veredicto


def test_el_veredicto_llama_mejor_a_un_afinado_mejor():
    bueno = "Ingredientes: harina y agua. Pasos: amasa y hornea."
    c = _comparacion(["Hola.", "Hola.", "Hola."], [bueno, bueno, "Hola."])
    assert c.mejora
    assert c.veredicto.startswith("El modelo afinado es mejor que el base: gana en 2 de 3")
    assert c.resumen["empates"] == 1 and "chrF medio" in c.veredicto and "(sube" in c.veredicto


def test_informe_en_html_markdown_y_disco(tmp_path):
    c = _comparacion(["a | b\nc"], ["<script>"])
    assert "&lt;script&gt;" in c._repr_html_()
    markdown = c.a_markdown()
    assert "a \\| b<br>c" in markdown and markdown.startswith("# Informe de evaluación")
    c.guardar(tmp_path)
    guardado = json.loads((tmp_path / "informe.json").read_text())
    assert guardado["veredicto"] == c.veredicto
    assert (tmp_path / "informe.html").read_text().startswith("<!DOCTYPE html>")
    assert (tmp_path / "informe.md").read_text() == markdown


def test_separar_entrada_pregunta_y_referencia_de_chat_texto_y_prompt():
    charla = [
        {"role": "system", "content": "Eres breve."},
        {"role": "user", "content": "¿Capital de Perú?"},
        {"role": "assistant", "content": "Lima."},
        {"role": "user", "content": "¿Y de Chile?"},
        {"role": "assistant", "content": "Santiago."},
    ]
    # chat: la entrada es todo hasta la última respuesta del asistente, que es la referencia
    assert separar({"messages": charla}) == (charla[:4], "¿Y de Chile?", "Santiago.")
    # texto: la primera mitad de las palabras es la entrada; el resto, la referencia
    texto = {"texto": "Compré   seis aceites y dos llegaron turbios"}
    assert separar(texto) == ("Compré seis aceites", "Compré seis aceites", "y dos llegaron turbios")
    assert separar({"prompt": "Resume:", "referencia": "Corto."}) == ("Resume:", "Resume:", "Corto.")
    with pytest.raises(AfinarError, match="no tiene respuesta del asistente"):
        separar({"messages": charla[:2]})
    with pytest.raises(AfinarError, match="«messages», «texto»"):
        separar({"comentario": "Hola"})


def test_comparar_genera_con_los_dos_modelos():
    base, tok = crear_modelo_diminuto("llama", semilla=0)
    otro, _ = crear_modelo_diminuto("llama", semilla=1)
    ejemplos = [
        {
            "messages": [
                {"role": "user", "content": "Hola"},
                {"role": "assistant", "content": "Hola."},
            ]
        },
        {"texto": "El tren sale a las ocho y llega a las diez."},
    ]
    c = comparar(
        base, otro, ejemplos, tokenizer=tok, max_new_tokens=6, comprobaciones=[contiene("a")]
    )
    assert [f["pregunta"] for f in c.filas] == ["Hola", "El tren sale a las"]
    assert [f["referencia"] for f in c.filas] == ["Hola.", "ocho y llega a las diez."]
    entradas = [ejemplos[0]["messages"][:1], "El tren sale a las"]
    # cada modelo, su respuesta, con los ajustes que dice el informe
    assert c.ajustes["nombre"] == "sin_repetir" and c.ajustes["opciones"]["max_new_tokens"] == 6
    for fila, entrada in zip(c.filas, entradas, strict=True):
        assert fila["base"] == generar(base, tok, entrada, c.ajustes["opciones"]).strip()
        assert fila["afinado"] == generar(otro, tok, entrada, c.ajustes["opciones"]).strip()


def test_valoracion_ciega_revela_al_final(capsys):
    c = _comparacion(["base 1", "base 2"], ["afinado 1", "afinado 2"])
    v = ValoracionCiega(c, semilla=3)
    v.mostrar()
    assert "Par 1 de 2" in capsys.readouterr().out
    assert "Llevas 0 de 2" in v.resultado()
    elegir_afinado = "A" if v.pares[0]["modelo_A"] == "afinado" else "B"
    v.votar(elegir_afinado)
    v.votar("empate")
    assert v.recuento() == {"base": 0, "afinado": 1, "empate": 1}
    assert v.resultado().startswith("Elegiste el afinado 1 vez, el base 0 veces")
    with pytest.raises(AfinarError, match="Ya valoraste todos los pares"):
        v.votar("A")
