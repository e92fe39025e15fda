"""Los papeles de las columnas y el informe de lectura (issue 16, «The learner's data shapes»).

La hoja de la profesora (pregunta del examen, respuesta del alumno, su comentario) debe leerse
como conversaciones cuando ella dice qué columna es cada cosa, y nunca convertirse en silencio
en texto de una sola columna. ``cargar_datos`` dice siempre qué columnas usó y para qué.
"""

from __future__ import annotations

import pandas as pd
import pytest

from afinar.datos import cargar_datos
from afinar.datos.informe_lectura import InformeLectura
from afinar.errores import AfinarError

CABECERA = ["Pregunta del examen", "Respuesta del alumno", "Mi comentario"]
FILAS = [
    ["¿Qué es un sustantivo? Pon dos ejemplos.", "Una palabra que nombra cosas: mesa y perro.",
     "Bien: idea correcta y buenos ejemplos. A mejorar: añade uno abstracto. Nota: 7/10."],
    ["Explica la diferencia entre «hay», «ahí» y «ay».", "hay es de haber y ahi es un lugar",
     "Bien: entiendes dos de las tres. A mejorar: «ahí» lleva tilde; falta «ay». Nota: 5/10."],
    ["¿Qué es un adjetivo calificativo?", "",
     "Bien: nada todavía. A mejorar: la respuesta está en blanco; repasa el tema 3. Nota: 1/10."],
]  # fmt: skip
PAPELES = {
    "pregunta": ["Pregunta del examen", "Respuesta del alumno"],
    "respuesta": "Mi comentario",
}


def _hoja(tmp_path, nombre="comentarios.csv"):
    ruta = tmp_path / nombre
    pd.DataFrame(FILAS, columns=CABECERA).to_csv(ruta, sep=";", index=False, encoding="utf-8-sig")
    return ruta


def _error(*args, **kwargs) -> str:
    with pytest.raises(AfinarError) as e:
        cargar_datos(*args, **kwargs)
    return str(e.value)


def test_la_hoja_de_la_profesora_con_sus_papeles(tmp_path):
    ds, informe = cargar_datos(_hoja(tmp_path), **PAPELES, informe=True)
    assert ds.column_names == ["messages", "origen"] and len(ds) == 3
    assert ds[0]["messages"] == [
        {"role": "user", "content": "Pregunta del examen: ¿Qué es un sustantivo? Pon dos ejemplos."
                                    "\n\nRespuesta del alumno: Una palabra que nombra cosas: mesa y perro."},
        {"role": "assistant", "content": FILAS[0][2]},
    ]  # fmt: skip
    assert (
        ds[2]["messages"][0]["content"] == "Pregunta del examen: " + FILAS[2][0]
    )  # vacía: se salta
    assert informe.columnas == [
        ("Pregunta del examen", "pregunta"),
        ("Respuesta del alumno", "pregunta"),
        ("Mi comentario", "respuesta"),
    ]
    assert informe.ignoradas == [] and informe.tipo == "chat"


def test_el_ejemplo_del_proyecto_con_sus_papeles():
    from afinar.recursos import datos_ejemplo

    ds, informe = cargar_datos(datos_ejemplo("comentarios"), **PAPELES, informe=True)
    assert ds.column_names == ["messages", "origen"] and len(ds) >= 150
    primero = ds[0]["messages"]
    assert primero[0]["content"].startswith("Pregunta del examen: ")
    assert "\n\nRespuesta del alumno: " in primero[0]["content"]
    assert primero[1]["content"].startswith("Bien: ")
    assert informe.vacias == 0 and informe.reparadas == 0


def test_varias_columnas_de_texto_sin_papeles_no_se_quedan_en_una(tmp_path):
    assert _error(_hoja(tmp_path)) == (
        "«comentarios.csv» tiene varias columnas de texto («Pregunta del examen», «Respuesta del "
        "alumno», «Mi comentario») y no sé qué papel tiene cada una: para enseñar a responder, di "
        "qué columnas forman la pregunta y cuál es la respuesta, por ejemplo "
        'cargar_datos("comentarios.csv", pregunta=["Pregunta del examen", "Respuesta del alumno"], '
        'respuesta="Mi comentario"); para usar solo el texto de una, '
        'cargar_datos("comentarios.csv", columna="Mi comentario").'
    )
    ds = cargar_datos(_hoja(tmp_path), columna="Mi comentario")  # o solo una, si se pide
    assert list(ds["texto"]) == [f[2] for f in FILAS]


def test_nombres_sin_mirar_mayusculas_tildes_ni_espacios(tmp_path):
    ds = cargar_datos(_hoja(tmp_path), pregunta=["PREGUNTA DEL EXAMEN", "respuesta  del_alumno"],
                      respuesta="mi comentário")  # fmt: skip
    assert ds[0]["messages"][1]["content"] == FILAS[0][2]
    assert _error(_hoja(tmp_path), pregunta="Pregunta examen", respuesta="Mi comentario") == (
        "La columna «Pregunta examen» de pregunta= no está en «comentarios.csv»: las columnas son "
        "«Pregunta del examen», «Respuesta del alumno», «Mi comentario»; ¿querías decir "
        "«Pregunta del examen»?"
    )


def test_contexto_con_su_cabecera(tmp_path):
    ruta = tmp_path / "lecturas.csv"
    pd.DataFrame({"Texto leído": ["El zorro vivía en el bosque con sus crías."],
                  "Pregunta": ["¿Dónde vivía el zorro?"], "Respuesta": ["En el bosque."]}).to_csv(
        ruta, index=False)  # fmt: skip
    ds, informe = cargar_datos(ruta, pregunta="Pregunta", respuesta="Respuesta",
                               contexto="Texto leído", informe=True)  # fmt: skip
    assert ds[0]["messages"][0]["content"] == (
        "Pregunta: ¿Dónde vivía el zorro?\n\nTexto leído: El zorro vivía en el bosque con sus crías."
    )
    assert ("Texto leído", "contexto") in informe.columnas


@pytest.mark.parametrize(
    ("opciones", "empieza"),
    [
        ({"respuesta": "Mi comentario"}, "Falta pregunta=:"),
        ({"pregunta": "Pregunta del examen"}, "Falta respuesta=:"),
        ({"pregunta": "Pregunta del examen", "respuesta": ["Mi comentario", "Respuesta del alumno"]},
         "respuesta=['Mi comentario', 'Respuesta del alumno'] no es válido"),
        ({"columna": "Mi comentario", "pregunta": "Pregunta del examen", "respuesta": "Mi comentario"},
         "columna= elige una sola columna"),
        ({"pregunta": ["Mi comentario"], "respuesta": "mi comentario"},
         "La columna «Mi comentario» está en pregunta= y en respuesta="),
    ],
)  # fmt: skip
def test_papeles_mal_dichos(tmp_path, opciones, empieza):
    assert _error(_hoja(tmp_path), **opciones).startswith(empieza)


def test_campos_de_formulario_vacios_son_no_decir_nada(tmp_path):
    ds = cargar_datos(
        _hoja(tmp_path), pregunta=[], respuesta="", contexto="  ", columna="Mi comentario"
    )
    assert list(ds["texto"]) == [f[2] for f in FILAS]


def test_excel_sin_cabecera_columnas_sin_nombre_y_columnas_vacias(tmp_path):
    import openpyxl

    libro = openpyxl.Workbook()
    hoja = libro.active
    for i, fila in enumerate(FILAS, start=1):
        for j, valor in enumerate(fila, start=1):
            hoja.cell(row=i, column=j, value=valor)
    hoja.cell(row=1, column=4, value="nota suelta")  # una celda sin cabecera encima
    hoja.cell(row=8, column=9).number_format = "0.00"  # formato en celdas vacías, lejos
    ruta = tmp_path / "sin_cabecera.xlsx"
    libro.save(ruta)
    ds, informe = cargar_datos(ruta, pregunta=["columna 1", "columna 2"], respuesta="columna 3",
                               informe=True)  # fmt: skip
    assert [m[1]["content"] for m in ds["messages"]] == [f[2] for f in FILAS]
    assert informe.ignoradas == ["columna 4"] and informe.vacias == 0
    assert any("no una cabecera" in a for a in informe.avisos)


def test_excel_y_dataframe_con_papeles(tmp_path):
    ruta = tmp_path / "hoja.xlsx"
    pd.DataFrame(FILAS, columns=CABECERA).to_excel(ruta, index=False)
    assert cargar_datos(ruta, **PAPELES)[1]["messages"][1]["content"] == FILAS[1][2]
    df = pd.DataFrame(FILAS, columns=CABECERA)
    assert cargar_datos(df, **PAPELES)[0]["messages"][0]["content"].startswith(
        "Pregunta del examen:"
    )


# --- el informe de lectura ------------------------------------------------------------------


def test_informe_dice_que_uso_que_ignoro_y_que_quito(tmp_path):
    ruta = tmp_path / "opiniones.csv"
    ruta.write_text("fecha;comentario;nota\n01/02;Muy rico todo;5\n02/02;;3\n\n03/02;Tarde;2\n",
                    encoding="utf-8")  # fmt: skip
    ds, informe = cargar_datos(ruta, informe=True)
    assert isinstance(informe, InformeLectura)
    assert (informe.filas, informe.tipo, informe.vacias) == (2, "texto", 2)
    assert informe.columnas == [("comentario", "texto")]
    assert informe.ignoradas == ["fecha", "nota"]
    assert informe.resumen() == (
        "Leí «opiniones.csv»: 2 filas (texto «comentario»); ignoré «fecha», «nota»; quité 2 vacías."
    )
    texto = str(informe)
    assert "Ignoradas" in texto and "«fecha», «nota»" in texto and "Filas vacías quitadas" in texto
    html = informe._repr_html_()
    assert "<table" in html and "«comentario»" in html


def test_sin_informe_imprime_una_linea_solo_si_hay_algo(tmp_path, capsys):
    limpio = tmp_path / "limpio.csv"
    limpio.write_text("texto\nUna frase.\nOtra frase.\n", encoding="utf-8")
    assert len(cargar_datos(limpio)) == 2
    assert capsys.readouterr().out == ""
    con_mas = tmp_path / "con_mas.csv"
    con_mas.write_text("texto;id\nUna frase.;1\nOtra frase.;2\n", encoding="utf-8")
    cargar_datos(con_mas)
    assert capsys.readouterr().out == "Leí «con_mas.csv»: 2 filas (texto «texto»); ignoré «id».\n"


def test_listados_largos_se_cortan(tmp_path):
    ruta = tmp_path / "ancho.csv"
    columnas = [f"c{i}" for i in range(10_000)]
    ruta.write_text(",".join(columnas) + "\n" + ",".join("x" for _ in columnas) + "\n",
                    encoding="utf-8")  # fmt: skip
    mensaje = _error(ruta, columna="no_esta")
    assert len(mensaje) < 1000
    assert "«c18», «c19» y 9.980 más;" in mensaje
    mensaje = _error(ruta, pregunta="nada", respuesta="c1")
    assert len(mensaje) < 1000 and "y 9.980 más" in mensaje
