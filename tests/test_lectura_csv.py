"""CSV leídos como los quiso quien los escribió, o con un aviso (issue 17, «Silent CSV damage»).

Cada archivo lo crea la prueba, con los defectos de los archivos reales: comas dentro del texto,
filas con campos de más o de menos, comillas sueltas, cabeceras repetidas o ausentes, filas
vacías, campos enormes y líneas en codificaciones distintas.
"""

from __future__ import annotations

import csv

import pytest

from afinar.datos import cargar_datos
from afinar.errores import AfinarError


class _InformeDespues:
    """El informe de lectura, pedido al usarlo: así cada prueba comprueba primero los datos (lo
    que se perdía en silencio) y después lo que dice el informe."""

    def __init__(self, ruta, opciones):
        self._ruta, self._opciones, self._informe = ruta, opciones, None

    def __getattr__(self, nombre):
        if self._informe is None:
            self._informe = cargar_datos(self._ruta, informe=True, **self._opciones)[1]
        return getattr(self._informe, nombre)


def _leer(ruta, **opciones):
    return cargar_datos(ruta, **opciones), _InformeDespues(ruta, opciones)


def _csv(tmp_path, contenido: str, nombre="datos.csv", codificacion="utf-8"):
    ruta = tmp_path / nombre
    ruta.write_bytes(contenido.encode(codificacion))
    return ruta


# --- separador ------------------------------------------------------------------------------


def test_una_columna_con_comas_no_se_corta(tmp_path):
    ruta = _csv(tmp_path, "texto\nHola, qué tal\nBien, gracias, ¿y tú?\nSin comas\n")
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == ["Hola, qué tal", "Bien, gracias, ¿y tú?", "Sin comas"]
    assert informe.separador == "ninguno"
    assert not informe.hay_novedades


def test_una_columna_entre_comillas_como_la_escribe_pandas(tmp_path):
    ruta = _csv(tmp_path, 'texto\n"Hola, qué tal"\n"Dos líneas,\ny coma"\n')
    assert list(cargar_datos(ruta)["texto"]) == ["Hola, qué tal", "Dos líneas,\ny coma"]


def test_punto_y_coma_con_comas_en_el_texto(tmp_path):
    ruta = _csv(tmp_path, "fecha;comentario\n01/02;Hola, qué tal, todo bien\n02/02;Sí, claro\n")
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == ["Hola, qué tal, todo bien", "Sí, claro"]
    assert informe.separador == "«;»" and informe.ignoradas == ["fecha"]


# --- filas con campos de más o de menos ------------------------------------------------------


def test_campos_de_mas_se_juntan_en_la_columna_de_texto(tmp_path):
    ruta = _csv(tmp_path, "fecha,comentario,nota\n"
                          "2024,Llegó tarde, pero bien,4\n"
                          "2025,Todo perfecto y muy rápido,5\n"
                          "2025,Caro, lento, y frío,1\n")  # fmt: skip
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == ["Llegó tarde, pero bien", "Todo perfecto y muy rápido",
                                 "Caro, lento, y frío"]  # fmt: skip
    assert informe.reparadas == 2
    aviso = next(a for a in informe.avisos if "más campos" in a)
    assert "líneas 2, 4" in aviso and "«comentario»" in aviso


def test_campos_de_menos_se_avisan(tmp_path):
    ruta = _csv(
        tmp_path, "texto;nota\nUna opinión larga sobre el pedido;3\nOtra opinión sin nota\n"
    )
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == ["Una opinión larga sobre el pedido", "Otra opinión sin nota"]
    assert any("menos campos" in a and "línea 3" in a for a in informe.avisos)


def test_celdas_vacias_al_final_no_son_un_arreglo(tmp_path):
    ruta = _csv(tmp_path, "texto;nota\nUna opinión;3;;\nOtra opinión;4;;\n")  # como Excel
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == ["Una opinión", "Otra opinión"]
    assert informe.reparadas == 0 and not informe.avisos


# --- comillas --------------------------------------------------------------------------------


def test_comilla_sin_cerrar_no_se_traga_el_resto(tmp_path):
    ruta = _csv(tmp_path, 'texto,nota\n"Hola abierto,3\nOtra fila,4\nFinal,5\n')
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == ['"Hola abierto', "Otra fila", "Final"]
    assert informe.reparadas == 1
    assert any("comilla" in a and "línea 2" in a for a in informe.avisos)


def test_muchas_lineas_que_empiezan_con_comilla(tmp_path):
    lineas = [f'"Hola {i}, dijo ella al entrar en la casa' for i in range(3000)]
    ruta = _csv(tmp_path, "texto\n" + "\n".join(lineas) + "\n")
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == lineas
    assert informe.reparadas == 3000


def test_comilla_en_medio_de_un_campo_se_lee_tal_cual(tmp_path):
    ruta = _csv(tmp_path, 'texto;nota\n"Hola" dijo ella al entrar;3\nBien;4\n')
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == ['"Hola" dijo ella al entrar', "Bien"]
    assert informe.reparadas == 1


def test_comilla_que_se_cierra_mucho_despues(tmp_path):
    filas = "".join(f"Fila número {i},{i}\n" for i in range(6))
    # Cerrada con texto detrás: no es un campo entre comillas; cada línea, tal cual.
    ruta = _csv(tmp_path, 'texto,nota\n"Empieza aquí,1\n' + filas + 'Cierra" tarde,9\nÚltima,2\n')
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == ['"Empieza aquí'] + [f"Fila número {i}" for i in range(6)] + [
        'Cierra" tarde',
        "Última",
    ]
    # Cerrada justo antes del separador: es un campo válido, pero se avisa de las filas juntadas.
    ruta = _csv(tmp_path, 'texto,nota\n"Empieza aquí,1\n' + filas + 'Cierra",9\nÚltima,2\n')
    ds, informe = _leer(ruta)
    assert len(ds) == 2 and "Fila número 3,3" in ds["texto"][0]
    assert any("ocupan muchas líneas" in a and "línea 2" in a for a in informe.avisos)


def test_campo_enorme_una_frase(tmp_path):
    ruta = _csv(tmp_path, "texto,nota\nhola,1\n" + "a" * 140_000 + ",2\n")
    with pytest.raises(AfinarError) as e:
        cargar_datos(ruta)
    assert str(e.value).startswith(
        "En «datos.csv», el registro que empieza en la línea 3 tiene un campo de más de 131.072 "
        "caracteres: suele ser una comilla"
    )
    assert csv.field_size_limit() == 131_072  # no se cambia nada global


# --- cabeceras -------------------------------------------------------------------------------


def test_nombres_de_columna_repetidos_o_vacios(tmp_path):
    ruta = _csv(tmp_path, "texto,texto,\nPrimero,Segundo,x\nTercero,Cuarto,y\n")
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == ["Primero", "Tercero"]
    assert informe.ignoradas == ["texto (2)", "columna 3"]
    assert any("repite «texto»" in a for a in informe.avisos)
    assert list(cargar_datos(ruta, columna="texto (2)")["texto"]) == ["Segundo", "Cuarto"]


def test_cabecera_repetida_en_medio_se_quita(tmp_path):
    ruta = _csv(tmp_path, "texto;nota\nPrimera parte;1\ntexto;nota\nSegunda parte;2\n")
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == ["Primera parte", "Segunda parte"]
    assert any("repite la cabecera" in a and "línea 3" in a for a in informe.avisos)


FRASES = ["La casa del pueblo tenía un patio lleno de macetas y un pozo.",
          "Cada verano volvíamos allí con los abuelos y los primos pequeños.",
          "Por las noches contábamos historias hasta que se apagaban las luces."]  # fmt: skip


def test_archivo_sin_cabecera_no_pierde_la_primera_fila(tmp_path):
    ruta = _csv(tmp_path, "\n".join(FRASES) + "\n", nombre="sin_cabecera.csv")
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == FRASES
    assert informe.columnas == [("columna 1", "texto")]
    assert any("no una cabecera" in a and "cabecera=True" in a for a in informe.avisos)
    assert list(cargar_datos(ruta, cabecera=True)["texto"]) == FRASES[1:]  # si se dice


def test_sin_cabecera_con_numeros_y_dos_columnas(tmp_path):
    ruta = _csv(tmp_path, "".join(f"{i};{f}\n" for i, f in enumerate(FRASES, 1)))
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == FRASES
    assert informe.columnas == [("columna 2", "texto")] and informe.ignoradas == ["columna 1"]


def test_cabecera_de_formulario_con_preguntas_sigue_siendo_cabecera(tmp_path):
    ruta = _csv(tmp_path, "Marca temporal;¿Qué es lo que más te ha gustado del curso en general?\n"
                + "".join(f"2024-05-0{i};{f}\n" for i, f in enumerate(FRASES, 1)))  # fmt: skip
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == FRASES  # la pregunta es la cabecera, no un dato
    assert informe.columnas == [("¿Qué es lo que más te ha gustado del curso en general?", "texto")]


# --- filas vacías ----------------------------------------------------------------------------


def test_filas_vacias_se_cuentan(tmp_path, capsys):
    ruta = _csv(tmp_path, "\ntexto;nota\nUna;1\n\n;\n   ;5\nDos;2\n\n;\n")  # antes y al final: no
    ds = cargar_datos(ruta)
    assert list(ds["texto"]) == ["Una", "Dos"]
    salida = capsys.readouterr().out
    assert "quité 3 vacías" in salida
    _, informe = _leer(ruta)
    assert informe.vacias == 3


def test_lista_de_python_conserva_las_vacias_para_limpiar():
    assert list(cargar_datos(["Hola", "", "Adiós"])["texto"]) == ["Hola", "", "Adiós"]


# --- codificaciones --------------------------------------------------------------------------


def test_utf8_y_windows_1252_mezclados_linea_a_linea(tmp_path):
    utf8 = ["texto", "Cañón y pingüino", "El niño comió piña", "Sin tildes aquí"]
    cp1252 = ["Añadido después en Windows: acción", "Última línea, señor"]
    ruta = tmp_path / "mezcla.csv"
    ruta.write_bytes(
        ("\n".join(utf8) + "\n").encode("utf-8") + ("\n".join(cp1252) + "\n").encode("cp1252")
    )
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == utf8[1:] + cp1252
    assert informe.reparadas == 2  # las dos de Windows-1252 (la minoría)
    assert any("mezcla codificaciones (3 línea(s) en UTF-8 y 2 en Windows-1252)" in a
               for a in informe.avisos)  # fmt: skip


def test_una_linea_con_las_dos_codificaciones(tmp_path):
    ruta = tmp_path / "pegado.txt"
    ruta.write_bytes("Cañón ".encode() + "y señor".encode("cp1252") + b"\n")
    assert list(cargar_datos(ruta)["texto"]) == ["Cañón y señor"]


def test_archivo_de_ms_dos_cp850(tmp_path):
    lineas = ["texto", "El pingüino comió piña en la montaña", "¿Dónde está la niña? ¡Aquí!"]
    ruta = tmp_path / "dos.csv"
    ruta.write_bytes("\r\n".join(lineas).encode("cp850"))
    ds, informe = _leer(ruta)
    assert list(ds["texto"]) == lineas[1:]
    assert informe.codificacion == "MS-DOS (cp850)" and informe.reparadas == 0


def test_codificacion_dicha_que_no_encaja(tmp_path):
    ruta = _csv(tmp_path, "texto\nCañón\n", codificacion="cp1252")
    with pytest.raises(AfinarError) as e:
        cargar_datos(ruta, codificacion="utf-8")
    assert "no indiques codificacion=" in str(e.value)
    with pytest.raises(AfinarError, match='codificacion="klingon" no existe'):
        cargar_datos(ruta, codificacion="klingon")


def test_informe_igual_si_datasets_usa_su_cache(tmp_path):
    ruta = _csv(tmp_path, "texto;nota\nUna;1\n\nDos, tres;2;x\n")
    _, primero = _leer(ruta)
    _, segundo = _leer(ruta)  # mismo archivo y opciones: datasets lo sirve de su caché
    assert (primero.vacias, primero.reparadas) == (segundo.vacias, segundo.reparadas) == (1, 1)


def test_leer_no_deja_copia_en_la_cache_compartida(tmp_path, monkeypatch):
    import datasets

    cache = tmp_path / "cache_hf"
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", cache)
    ruta = _csv(tmp_path, "texto;correo\nEscríbeme, por favor;ana@correo.es\n")
    assert len(cargar_datos(ruta)) == 1
    assert not [p for p in cache.rglob("*") if p.is_file()]  # nada sin anonimizar en disco
