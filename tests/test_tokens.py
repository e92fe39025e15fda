"""afinar.datos.tokens: ver tokens en color, comparar tokenizadores, largos y relleno."""

from __future__ import annotations

import numpy as np

from afinar.datos import cargar_datos
from afinar.datos.tokens import (
    comparar_relleno,
    comparar_tokenizadores,
    entrenar_tokenizador,
    longitudes,
    mostrar_tokens,
)

TEXTO = "¿Qué tal? El niño comió una manzana."


def test_mostrar_tokens_recupera_el_texto(tokenizador_diminuto):
    t = mostrar_tokens(tokenizador_diminuto, TEXTO)
    assert t.ids == tokenizador_diminuto(TEXTO, add_special_tokens=False)["input_ids"]
    assert "".join(t.piezas) == TEXTO  # cada pieza es el trozo de texto original
    texto = str(t)
    assert texto.startswith(f"{len(t)} tokens: [") and "␣" in texto and str(t.ids[0]) in texto
    html = t._repr_html_()
    assert html.count("<span title=") == len(t) and f"id {t.ids[0]}" in html


def test_mostrar_tokens_especiales(tokenizador_diminuto):
    conversacion = tokenizador_diminuto.apply_chat_template([{"role": "user", "content": "Hola"}], tokenize=False)
    t = mostrar_tokens(tokenizador_diminuto, conversacion)
    assert "<|im_start|>" in t.piezas and t.especiales[t.piezas.index("<|im_start|>")]
    assert "dashed" in t._repr_html_()


def test_comparar_tokenizadores_y_vocabulario_pequeno(tokenizador_diminuto):
    textos = ["El niño comió una manzana en la plaza del pueblo."] * 20 + ["La señora compró pan."] * 20
    pequeno = entrenar_tokenizador(textos, tamano_vocabulario=260)
    grande = entrenar_tokenizador(textos, tamano_vocabulario=400)
    assert len(pequeno) < len(grande)
    c = comparar_tokenizadores({"pequeño": pequeno, "grande": grande, "diminuto": tokenizador_diminuto}, textos[0])
    por_nombre = {fila[0]: fila for fila in c.filas}
    assert por_nombre["pequeño"][2] > por_nombre["grande"][2]  # menos vocabulario, más tokens
    assert por_nombre["grande"][3] == 10  # palabras
    assert "tokens por palabra" in str(c) and "<table" in c._repr_html_()


def test_longitudes_y_sugerencia(tokenizador_diminuto):
    ds = cargar_datos([("palabra " * n).strip() for n in range(1, 101)])
    medida = longitudes(ds, tokenizador_diminuto)
    esperados = [len(tokenizador_diminuto(t)["input_ids"]) for t in ds["texto"]]
    assert sorted(medida.valores.tolist()) == sorted(esperados)
    assert medida.cubiertos(medida.sugerencia) >= 0.95
    assert medida.sugerencia % 32 == 0
    assert "max_length=" in str(medida) and "<img" in medida._repr_html_()
    muestra = longitudes(ds, tokenizador_diminuto, muestra=10)
    assert len(muestra.valores) == 10 and "muestra al azar de 10" in str(muestra)


def test_comparar_relleno():
    r = comparar_relleno(np.array([10, 100, 20, 30]), max_length=64, lote=2)
    filas = {f[0]: f for f in r.filas}
    # textos recortados a 64: 10 + 64 + 20 + 30 = 124 tokens de texto
    assert filas["relleno al más largo del lote"][3] == 2 * 64 + 2 * 30 - 124
    assert filas["relleno fijo a 64"][3] == 4 * 64 - 124
    assert filas["empaquetado"][1:4] == (2, 124, 128 - 124)
    assert "desperdicio" in str(r)


def test_letra_partida_en_bytes():
    pequeno = entrenar_tokenizador(["casa mesa"] * 10, tamano_vocabulario=260)
    t = mostrar_tokens(pequeno, "número")
    assert t.piezas[:3] == ["n", "ú", "⋯"]  # la «ú» son dos bytes: dos tokens
    assert len(t.ids) == len(t.piezas) == 7
