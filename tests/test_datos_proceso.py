"""limpiar, anonimizar, dividir, formatear_chat, guardar / cargar_guardado y resumen."""

from __future__ import annotations

import pytest
from datasets import Dataset

from afinar.datos import (
    anonimizar,
    cargar_datos,
    cargar_guardado,
    dividir,
    formatear_chat,
    guardar,
    limpiar,
    resumen,
)
from afinar.errores import AfinarError

CHAT = [
    {"role": "user", "content": "¿Me das la receta?  Escríbeme a ana@correo.es"},
    {"role": "assistant", "content": "Claro: necesitas 3 huevos y 200 g de harina."},
]


def test_limpiar_arregla_y_quita_con_informe():
    filas = [
        "ComprÃ© una niÃ±a de trapo en la feria",  # mojibake
        "El pin\u0303ata estaba llena de caramelos",  # ñ descompuesta (NFD)
        "  Demasiados   espacios\u00a0y un\u200b invisible\t aquí  ",
        "",
        "   ",
        "corto",
        "La misma frase repetida dos veces.",
        "La misma frase repetida dos veces.",
        "LA MISMA FRASE,   repetida dos veces",  # casi duplicada
        "Otra fila normal y suficientemente larga.",
    ]
    limpio, informe = limpiar(cargar_datos(filas))
    assert list(limpio["texto"]) == [
        "Compré una niña de trapo en la feria",
        "El piñata estaba llena de caramelos",
        "Demasiados espacios y un invisible aquí",
        "La misma frase repetida dos veces.",
        "Otra fila normal y suficientemente larga.",
    ]
    assert informe.cambiadas == {"mojibake": 1, "nfc": 1, "espacios": 3}
    assert informe.quitadas == {"vacias": 2, "cortas": 1, "duplicadas": 1, "casi": 1}
    assert (informe.filas_antes, informe.filas_despues) == (10, 5)
    assert informe.ejemplos["mojibake"][0] == (filas[0], "Compré una niña de trapo en la feria")
    texto = str(informe)
    assert "Limpieza: 10 filas → 5 filas" in texto and "«corto»" in texto and "␣␣" in texto
    html = informe._repr_html_()
    assert "<table" in html and "casi duplicadas" in html


def test_limpiar_opciones():
    filas = ["Hola hola hola", "Hola hola hola", "ok"]
    limpio, informe = limpiar(cargar_datos(filas), min_caracteres=1, duplicados=False,
                              casi_duplicados=False)
    assert len(limpio) == 3 and informe.quitadas["duplicadas"] == 0


def test_limpiar_conversaciones():
    vacia = [{"role": "user", "content": "¿Hola?"}, {"role": "assistant", "content": "  "}]
    ds = cargar_datos([{"messages": CHAT}, {"messages": CHAT}, {"messages": vacia}])
    limpio, informe = limpiar(ds)
    assert len(limpio) == 1
    assert limpio[0]["messages"][0]["content"] == "¿Me das la receta? Escríbeme a ana@correo.es"
    assert informe.quitadas["vacias"] == 1 and informe.quitadas["duplicadas"] == 1


def test_anonimizar_texto_y_mensajes_con_informe():
    ds = cargar_datos(["Llámame al 612 345 678 o escribe a pepe@ejemplo.com.", "Nací en 1985 y pagué 20 €."])
    nuevo, informe = anonimizar(ds)
    assert list(nuevo["texto"]) == ["Llámame al <TELEFONO> o escribe a <EMAIL>.", "Nací en 1985 y pagué 20 €."]
    assert informe.por_tipo == {"TELEFONO": 1, "EMAIL": 1}
    assert informe.filas_con_datos == 1
    assert informe.ejemplos["EMAIL"][1].endswith("escribe a <EMAIL>.")
    assert "2 datos personales cambiados en 1 de 2 filas" in str(informe)
    chat, informe = anonimizar(cargar_datos([{"messages": CHAT}]))
    assert chat[0]["messages"][0]["content"] == "¿Me das la receta?  Escríbeme a <EMAIL>"
    assert chat[0]["messages"][1] == CHAT[1]
    with pytest.raises(AfinarError, match="No conozco los tipos"):
        anonimizar(ds, tipos=["PASAPORTE"])
    solo_correo, _ = anonimizar(ds, tipos=["EMAIL"])
    assert "612 345 678" in solo_correo[0]["texto"]


def test_dividir():
    ds = cargar_datos([f"Frase número {i} del conjunto" for i in range(50)])
    partes = dividir(ds, validacion=0.2, semilla=1)
    assert (len(partes["train"]), len(partes["validation"])) == (40, 10)
    assert set(partes["train"]["texto"]).isdisjoint(partes["validation"]["texto"])
    assert list(dividir(ds, validacion=0.2, semilla=1)["validation"]["texto"]) == list(partes["validation"]["texto"])
    assert len(dividir(ds, validacion=5)["validation"]) == 5
    with pytest.raises(AfinarError, match="validacion=1.5 no vale"):
        dividir(ds, validacion=1.5)
    with pytest.raises(AfinarError, match="hacen falta al menos 2"):
        dividir(cargar_datos(["una sola fila"]))


def test_guardar_y_cargar_guardado(tmp_path):
    partes = dividir(cargar_datos([f"Texto {i} con eñe" for i in range(20)]))
    carpeta = guardar(partes, tmp_path / "afinar_datos")
    vuelta = cargar_guardado(carpeta)
    assert set(vuelta) == {"train", "validation"}
    assert list(vuelta["train"]["texto"]) == list(partes["train"]["texto"])
    assert (carpeta / "afinar_datos.json").exists()
    with pytest.raises(AfinarError, match="No encuentro datos guardados"):
        cargar_guardado(tmp_path / "otra")


def test_formatear_chat_usa_la_plantilla(tokenizador_diminuto):
    ds = formatear_chat(cargar_datos([{"messages": CHAT}]), tokenizador_diminuto)
    assert ds.column_names == ["origen", "texto"]
    assert ds[0]["texto"] == tokenizador_diminuto.apply_chat_template(CHAT, tokenize=False)
    assert ds[0]["texto"].startswith("<|im_start|>user\n")
    with pytest.raises(AfinarError, match="necesita la columna «messages»"):
        formatear_chat(cargar_datos(["hola"]), tokenizador_diminuto)


def test_resumen(tokenizador_diminuto):
    ds = cargar_datos(["uno dos tres", "cuatro cinco", "seis siete ocho nueve"])
    r = resumen(ds)
    assert (r.filas, r.palabras, r.caracteres, r.tokens) == (3, 9, 12 + 12 + 21, None)
    texto = str(r)
    assert "filas" in texto and "palabras por ejemplo" in texto
    con_tokens = resumen(ds, tokenizador_diminuto)
    esperado = sum(len(tokenizador_diminuto(t)["input_ids"]) for t in ds["texto"])
    assert con_tokens.tokens == esperado
    assert "<img" in con_tokens._repr_html_()
    chat = resumen(cargar_datos([{"messages": CHAT}]), tokenizador_diminuto)
    plantilla = tokenizador_diminuto.apply_chat_template(CHAT, tokenize=False)
    assert chat.tokens == len(tokenizador_diminuto(plantilla, add_special_tokens=False)["input_ids"])


def test_dataset_sin_columna_de_texto():
    with pytest.raises(AfinarError, match="no tiene columna «texto» ni «messages»"):
        limpiar(Dataset.from_dict({"frase": ["hola"]}))
