"""cargar_datos: cada formato y codificación, con archivos que crean las propias pruebas."""

from __future__ import annotations

import json
import zipfile

import pandas as pd
import pytest

from afinar.datos import cargar_datos, lectura
from afinar.errores import AfinarError

FRASES = [
    "¿Dónde está la niña? ¡Aquí, junto al señor Núñez!",
    "El pingüino comió una piña en la montaña; después durmió.",
    "Año tras año, la cigüeña vuelve al campanario de Peñíscola.",
]


def textos(ds):
    return list(ds["texto"])


def test_csv_windows_1252_con_punto_y_coma(tmp_path):
    import csv

    ruta = tmp_path / "opiniones.csv"
    with open(ruta, "w", encoding="cp1252", newline="") as f:  # como lo guarda Excel en español
        escritor = csv.writer(f, delimiter=";")  # la frase con «;» va entre comillas
        escritor.writerows([["fecha", "cliente", "comentario", "nota"]]
                           + [["01/02/2024", "Íñigo", frase, 5] for frase in FRASES])
    ds = cargar_datos(ruta)
    assert ds.column_names == ["texto", "origen"]
    assert textos(ds) == FRASES
    assert set(ds["origen"]) == {"opiniones.csv"}


def test_csv_utf8_con_bom_comillas_y_saltos(tmp_path):
    ruta = tmp_path / "a.csv"
    pd.DataFrame({"texto": [FRASES[0], "Dos líneas\ncon «comillas», y coma"], "n": [1, 2]}).to_csv(
        ruta, index=False, encoding="utf-8-sig"
    )
    ds = cargar_datos(ruta)
    assert textos(ds) == [FRASES[0], "Dos líneas\ncon «comillas», y coma"]


def test_tsv_y_columna_elegida(tmp_path):
    ruta = tmp_path / "a.tsv"
    ruta.write_text("titulo\tcuerpo\n" + "\n".join(f"T{i}\t{f}" for i, f in enumerate(FRASES)), encoding="utf-8")
    assert textos(cargar_datos(ruta, columna="titulo")) == ["T0", "T1", "T2"]
    assert textos(cargar_datos(ruta, columna="CUERPO")) == FRASES  # sin distinguir mayúsculas


@pytest.mark.parametrize("codificacion", ["utf-16", "utf-16-le", "utf-8", "cp1252"])
def test_txt_en_varias_codificaciones(tmp_path, codificacion):
    ruta = tmp_path / "libro.txt"
    ruta.write_bytes("\n\n".join(FRASES).encode(codificacion))
    ds = cargar_datos(ruta)
    assert textos(ds) == FRASES


def test_txt_por_parrafo_linea_y_archivo(tmp_path):
    ruta = tmp_path / "t.txt"
    ruta.write_text("Primera línea\nsigue el párrafo.\n\n\nOtro párrafo.\n", encoding="utf-8")
    assert textos(cargar_datos(ruta)) == ["Primera línea\nsigue el párrafo.", "Otro párrafo."]
    assert textos(cargar_datos(ruta, por="linea")) == ["Primera línea", "sigue el párrafo.", "Otro párrafo."]
    assert len(cargar_datos(ruta, por="archivo")) == 1
    sin_blancos = tmp_path / "frases.txt"
    sin_blancos.write_text("\n".join(FRASES), encoding="utf-8")
    assert textos(cargar_datos(sin_blancos)) == FRASES  # sin líneas en blanco: una por línea


def test_excel_dos_hojas(tmp_path):
    ruta = tmp_path / "libro.xlsx"
    with pd.ExcelWriter(ruta, engine="openpyxl") as escritor:
        pd.DataFrame({"id": [1, 2, 3], "texto": FRASES}).to_excel(escritor, sheet_name="Primera", index=False)
        pd.DataFrame({"pregunta": ["¿Qué es un año?"], "respuesta": ["¡Doce meses!"]}).to_excel(
            escritor, sheet_name="Segunda", index=False
        )
    assert textos(cargar_datos(ruta)) == FRASES
    chat = cargar_datos(ruta, hoja="Segunda")
    assert chat[0]["messages"] == [{"role": "user", "content": "¿Qué es un año?"},
                                   {"role": "assistant", "content": "¡Doce meses!"}]
    with pytest.raises(AfinarError) as e:
        cargar_datos(ruta, hoja="Tercera")
    assert str(e.value) == (
        "La hoja «Tercera» no está en «libro.xlsx»: sus hojas son «Primera», «Segunda»; "
        'elige una con hoja=, por ejemplo hoja="Primera".'
    )


def test_docx_parrafos(tmp_path):
    import docx

    documento = docx.Document()
    for frase in FRASES:
        documento.add_paragraph(frase)
    documento.add_paragraph("   ")
    ruta = tmp_path / "carta.docx"
    documento.save(ruta)
    assert textos(cargar_datos(ruta)) == FRASES


def _pdf(ruta, lineas):
    from fpdf import FPDF

    pdf = FPDF()
    for linea in lineas:
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        if linea:
            pdf.multi_cell(0, 10, linea)
        else:
            pdf.rect(20, 20, 100, 60, style="F")  # un dibujo, sin capa de texto (como un escaneo)
    pdf.output(str(ruta))


def test_pdf_con_texto_una_pagina_por_ejemplo(tmp_path):
    ruta = tmp_path / "informe.pdf"
    _pdf(ruta, FRASES[:2])
    assert [" ".join(t.split()) for t in textos(cargar_datos(ruta))] == FRASES[:2]


def test_pdf_escaneado_pide_ocr(tmp_path):
    ruta = tmp_path / "escaneo.pdf"
    _pdf(ruta, [None])
    with pytest.raises(AfinarError) as e:
        cargar_datos(ruta)
    assert str(e.value) == (
        "«escaneo.pdf» no tiene texto seleccionable (parece escaneado): pásalo antes por un "
        "programa de OCR (reconocimiento de texto), por ejemplo ocrmypdf, y carga el resultado."
    )


def _jsonl(ruta, registros):
    ruta.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in registros) + "\n", encoding="utf-8")


def test_jsonl_chat_pares_y_alpaca(tmp_path):
    chat = [{"messages": [{"role": "system", "content": "Eres amable."},
                          {"role": "user", "content": "¿Qué tal?"},
                          {"role": "assistant", "content": "¡Muy bien, señora!"}]}]  # fmt: skip
    _jsonl(tmp_path / "chat.jsonl", chat)
    assert cargar_datos(tmp_path / "chat.jsonl")[0]["messages"] == chat[0]["messages"]
    _jsonl(tmp_path / "pares.jsonl", [{"pregunta": "¿Cuántos años?", "respuesta": "Ocho."}])
    assert cargar_datos(tmp_path / "pares.jsonl")[0]["messages"][1] == {"role": "assistant", "content": "Ocho."}
    _jsonl(tmp_path / "alpaca.jsonl", [{"instruction": "Traduce", "input": "cat", "output": "gato"}])
    assert cargar_datos(tmp_path / "alpaca.jsonl")[0]["messages"][0]["content"] == "Traduce\n\ncat"
    _jsonl(tmp_path / "sharegpt.jsonl", [{"conversations": [{"from": "human", "value": "Hola"},
                                                           {"from": "gpt", "value": "¡Hola!"}]}])  # fmt: skip
    assert cargar_datos(tmp_path / "sharegpt.jsonl")[0]["messages"][1]["role"] == "assistant"


def test_json_lista_y_objeto_con_lista(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"text": f} for f in FRASES], ensure_ascii=False), encoding="utf-8")
    assert textos(cargar_datos(tmp_path / "a.json")) == FRASES
    (tmp_path / "b.json").write_text(json.dumps({"version": 1, "datos": FRASES}), encoding="utf-8")
    assert textos(cargar_datos(tmp_path / "b.json")) == FRASES


def test_carpeta_con_formatos_mezclados(tmp_path):
    import docx

    carpeta = tmp_path / "mis_datos"
    (carpeta / "sub").mkdir(parents=True)
    (carpeta / "uno.txt").write_text(FRASES[0], encoding="utf-16")
    (carpeta / "dos.csv").write_bytes(f"texto;nota\n{FRASES[2]};3\n".encode("cp1252"))
    documento = docx.Document()
    documento.add_paragraph(FRASES[1])
    documento.save(carpeta / "sub" / "tres.docx")
    (carpeta / ".oculto.txt").write_text("no", encoding="utf-8")
    ds = cargar_datos(carpeta)
    assert sorted(textos(ds)) == sorted(FRASES)
    assert sorted(ds["origen"]) == ["dos.csv", "sub/tres.docx", "uno.txt"]
    _jsonl(carpeta / "chat.jsonl", [{"prompt": "a", "completion": "b"}])
    with pytest.raises(AfinarError, match="mezcla texto plano"):
        cargar_datos(carpeta)


def test_carpeta_guardada_con_save_to_disk_se_carga_tal_cual(tmp_path):
    import datasets

    carpeta = tmp_path / "guardado"  # sin el manifiesto de afinar.datos.guardar
    datasets.Dataset.from_dict({"texto": FRASES, "origen": ["a.txt"] * len(FRASES)}).save_to_disk(
        str(carpeta)
    )
    ds, informe = cargar_datos(carpeta, informe=True)
    assert textos(ds) == FRASES and informe.tipo == "texto"


def test_lista_y_dataframe():
    assert textos(cargar_datos(FRASES)) == FRASES
    df = pd.DataFrame({"id": [1, 2, 3], "opinion": FRASES, "nota": [1, 2, 3]})
    assert textos(cargar_datos(df)) == FRASES
    chat = cargar_datos([{"prompt": "¿Sí?", "completion": "¡Sí!"}])
    assert chat[0]["messages"][0]["content"] == "¿Sí?"


def test_columna_larga_evidente(tmp_path):
    ruta = tmp_path / "x.csv"
    pd.DataFrame({"a": ["c1", "c2", "c3"], "b": FRASES}).to_csv(ruta, index=False)
    assert textos(cargar_datos(ruta)) == FRASES


# --- entradas malas: una frase en español que nombra el archivo y dice qué hacer ----------------

def _error(*args, **kwargs) -> str:
    with pytest.raises(AfinarError) as e:
        cargar_datos(*args, **kwargs)
    return str(e.value)


def test_archivo_que_no_existe(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _error("no_existe.csv") == (
        f"No encuentro «no_existe.csv»: comprueba el nombre y la carpeta (ahora estás en {tmp_path}), "
        "o sube el archivo primero."
    )


def test_archivo_vacio(tmp_path):
    (tmp_path / "vacio.csv").write_bytes(b"")
    assert _error(tmp_path / "vacio.csv") == (
        "«vacio.csv» está vacío (0 bytes): ábrelo, comprueba que guardaste el contenido y vuelve a cargarlo."
    )
    (tmp_path / "blancos.txt").write_text("\n\n   \n", encoding="utf-8")
    assert "no tiene ningún texto" in _error(tmp_path / "blancos.txt")


def test_binario_renombrado_a_csv(tmp_path):
    ruta = tmp_path / "datos.csv"
    with zipfile.ZipFile(ruta, "w") as z:  # como un .xlsx renombrado
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert _error(ruta) == (
        "«datos.csv» no es un archivo de texto (parece un archivo comprimido (¿un .xlsx o .docx "
        "renombrado?)): ábrelo con su programa y expórtalo como CSV o texto en UTF-8, o cárgalo con "
        "su extensión verdadera."
    )
    (tmp_path / "ruido.csv").write_bytes(bytes(range(256)) * 50)
    assert _error(tmp_path / "ruido.csv").startswith("«ruido.csv» no es un archivo de texto (parece un archivo binario)")


def test_csv_solo_numeros(tmp_path):
    ruta = tmp_path / "medidas.csv"
    ruta.write_text("a;b;c\n1;2,5;3\n4;5;6\n", encoding="utf-8")
    assert _error(ruta) == (
        "En «medidas.csv» no hay ninguna columna de texto (solo números o celdas vacías en «a», "
        "«b», «c»): comprueba que es el archivo correcto o añade una columna con los textos."
    )


def test_columna_desconocida_lista_las_que_hay(tmp_path):
    ruta = tmp_path / "x.csv"
    ruta.write_text("fecha,comentario\n2024,hola\n", encoding="utf-8")
    assert _error(ruta, columna="texto_largo") == (
        "La columna «texto_largo» no está en «x.csv»: las columnas son «fecha», «comentario»; "
        'escribe una de ellas, por ejemplo cargar_datos("x.csv", columna="comentario").'
    )
    assert _error(ruta, columna="comentarios").endswith('columna="comentario").')  # la más parecida


def test_columna_ambigua_pide_elegir(tmp_path):
    ruta = tmp_path / "x.csv"
    ruta.write_text("titulo,resumen\nUna casa en el campo,Una casa grande\nEl mar,El mar azul\n", encoding="utf-8")
    assert _error(ruta) == (
        "No sé qué columna de «x.csv» tiene el texto (hay varias: «titulo», «resumen»): elígela "
        'con columna=, por ejemplo cargar_datos("x.csv", columna="titulo").'
    )


def test_json_con_registros_mezclados(tmp_path):
    ruta = tmp_path / "mezcla.json"
    ruta.write_text(json.dumps([{"texto": "hola"}, {"messages": []}]), encoding="utf-8")
    assert _error(ruta) == (
        "«mezcla.json» mezcla registros de formas distintas (el registro 2 es ['messages'] y "
        "esperaba ['texto']): deja un solo formato en todo el archivo y vuelve a cargarlo."
    )


def test_jsonl_mezclado_tras_la_muestra_no_deja_nada_a_medias(tmp_path):
    ruta = tmp_path / "largo.jsonl"
    _jsonl(ruta, [{"texto": f"fila {i}"} for i in range(1500)] + [{"otra": "cosa"}])
    assert _error(ruta).startswith("«largo.jsonl» mezcla registros de formas distintas (el registro 1501")


def test_demasiado_grande_para_leer_entero(tmp_path, monkeypatch):
    monkeypatch.setattr(lectura, "LIMITE_LECTURA_COMPLETA_MB", 0.01)  # 10 KB
    registros = [{"texto": f"{FRASES[i % 3]} ({i})"} for i in range(400)]
    (tmp_path / "grande.json").write_text(json.dumps(registros, ensure_ascii=False), encoding="utf-8")
    assert _error(tmp_path / "grande.json") == (
        "«grande.json» ocupa 0 MB y un archivo JSON hay que leerlo entero en memoria: guárdalo "
        "como CSV o JSON Lines (.jsonl), que afinar lee por partes, o divídelo en archivos más pequeños."
    )
    _jsonl(tmp_path / "grande.jsonl", registros)  # el mismo contenido, leído por partes
    assert len(cargar_datos(tmp_path / "grande.jsonl")) == 400


def test_extension_desconocida_o_antigua(tmp_path):
    (tmp_path / "hoja.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert _error(tmp_path / "hoja.xls") == (
        "No sé leer archivos «.xls» (hoja.xls): es Excel antiguo: ábrelo y guárdalo como .xlsx, .docx o .csv."
    )
