"""El cuaderno 4 (Clasificar textos): sus ejercicios (bien, mal, mal escritos y sin responder,
sin errores nunca) y el cuaderno entero, ejecutado como lo haría quien aprende."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from cuadernos import (
    AVISOS_ALARMANTES,
    CARACTER_ROTO,
    CORRECCION_ROTA,
    ejecutar_cuaderno,
    textos_de_salida,
)

from afinar.curso import cuaderno4 as c4

CATEGORIAS = ["cultura", "obras", "pagos", "social", "limpieza"]
# filas: la verdadera; columnas: la elegida. «obras» tiene 3 fuera de la diagonal; «pagos», 2.
MEDIDAS = SimpleNamespace(etiquetas=["obras", "pagos", "social"],
                          matriz=[[5, 2, 1], [1, 6, 1], [0, 0, 7]])  # fmt: skip


@pytest.mark.parametrize("respuesta", ["20", "20 %", " 20,0 ", 20, "0,2", "veinte"])
def test_azar_bien(respuesta):
    assert c4.comprobar_azar(respuesta, CATEGORIAS)


def test_azar_mal_y_mal_escrito():
    assert not c4.comprobar_azar("50", CATEGORIAS)
    assert "hay 5 categorías" in str(c4.comprobar_azar("50", CATEGORIAS))
    assert "escribe solo un número" in str(c4.comprobar_azar("la quinta parte", CATEGORIAS))
    assert "Aún no" in str(c4.comprobar_azar("", CATEGORIAS))
    assert CORRECCION_ROTA in str(c4.comprobar_azar("20", None))  # sin categorías: pista, no error


def test_mas_confundida():
    assert c4.comprobar_mas_confundida("obras", MEDIDAS)
    assert c4.comprobar_mas_confundida(' "Obras" ', MEDIDAS)
    assert "tiene 2 textos fuera de la diagonal" in str(c4.comprobar_mas_confundida("pagos", MEDIDAS))
    assert "escribe una de las categorías" in str(c4.comprobar_mas_confundida("la primera", MEDIDAS))
    assert "Aún no" in str(c4.comprobar_mas_confundida("", MEDIDAS))
    perfecta = SimpleNamespace(etiquetas=["a", "b"], matriz=[[3, 0], [0, 4]])
    assert c4.comprobar_mas_confundida("a", perfecta)
    assert CORRECCION_ROTA in str(c4.comprobar_mas_confundida("obras", "no son medidas"))


@pytest.mark.parametrize("respuesta", ["F1 macro", "f1 macro", "macro F1", "«F1 macro»"])
def test_medida_desequilibrada_bien(respuesta):
    assert c4.comprobar_medida_desequilibrada(respuesta)


def test_medida_desequilibrada_mal_y_mal_escrito():
    assert "90 %" in str(c4.comprobar_medida_desequilibrada("exactitud"))
    assert not c4.comprobar_medida_desequilibrada("accuracy")
    assert "elige «exactitud» o «F1 macro»" in str(c4.comprobar_medida_desequilibrada("la buena"))
    assert "Aún no" in str(c4.comprobar_medida_desequilibrada("(elige)"))


@pytest.mark.parametrize("respuesta", ["no", "No", "falso", False, "NO."])
def test_herramienta_bien(respuesta):
    assert c4.comprobar_herramienta(respuesta)


def test_herramienta_mal_y_mal_escrito():
    assert not c4.comprobar_herramienta("sí") and not c4.comprobar_herramienta(True)
    assert "«sí» o «no»" in str(c4.comprobar_herramienta("a veces"))
    assert "Aún no" in str(c4.comprobar_herramienta("(elige)"))


RAROS = [None, 3.5, True, [], {"a": 1}, float("nan"), "    ", "🤷"]


@pytest.mark.parametrize("respuesta", RAROS)
def test_nada_raro_rompe_un_comprobador(respuesta):
    for correccion in (c4.comprobar_azar(respuesta, CATEGORIAS),
                       c4.comprobar_mas_confundida(respuesta, MEDIDAS),
                       c4.comprobar_medida_desequilibrada(respuesta),
                       c4.comprobar_herramienta(respuesta)):  # fmt: skip
        assert isinstance(correccion, c4.Correccion) and not correccion
        assert CORRECCION_ROTA not in str(correccion)


def test_recuento_y_recorte():
    entrenamiento = [("a", "x"), ("b", "x"), ("c", "y")]
    tabla = c4.recuento(entrenamiento, [("d", "y")])
    assert tabla.filas == [["x", 2, 0], ["y", 1, 1]]
    assert c4.recortar_validacion(entrenamiento, 0) == entrenamiento
    assert c4.recortar_validacion(entrenamiento, 2) == entrenamiento[:2]


def test_tu_archivo_con_sus_columnas(tmp_path):
    archivo = tmp_path / "correos.csv"
    filas = [f"Mensaje número {i} sobre {'facturas' if i % 2 else 'averías'};{'pagos' if i % 2 else 'obras'}"
             for i in range(20)]  # fmt: skip
    archivo.write_text("Asunto;Tipo\n" + "\n".join(filas) + "\n", encoding="utf-8")
    entrenamiento, validacion, categorias = c4.cargar_categorias(str(archivo), "Asunto", "Tipo")
    assert categorias == ["obras", "pagos"] and len(entrenamiento) + len(validacion) == 20
    with pytest.raises(c4.ParadaDelCurso, match="Revisa DATOS, COLUMNA_TEXTO y COLUMNA_CATEGORIA"):
        c4.cargar_categorias(str(archivo), "Asunto", "No existe")


def test_una_pregunta_demasiado_larga_para_el_cuaderno_y_dice_que_cambiar():
    from conftest import crear_modelo_diminuto

    modelo, tok = crear_modelo_diminuto("gpt2")  # 512 posiciones
    ejemplos = [("mensaje muy largo " * 60, "obras")] * 3
    with pytest.raises(c4.ParadaDelCurso, match="pon menos ejemplos.*EJEMPLOS_EN_LA_PREGUNTA"):
        c4.clasificar_y_mostrar(modelo, tok, [("se rompió la farola", "obras")], ["obras", "pagos"],
                                ejemplos, metodo="con ejemplos")  # fmt: skip


def _sin_sustos(salida: str) -> None:
    for aviso in [*AVISOS_ALARMANTES, CARACTER_ROTO, CORRECCION_ROTA]:
        assert aviso not in salida, f"El cuaderno muestra «{aviso}»"


RAPIDO = {"MODELO": "bolsillo", "MAX_VALIDACION": 5, "EJEMPLOS_EN_LA_PREGUNTA": 1, "PASOS": 2}


def test_el_cuaderno_se_ejecuta_entero(tmp_path, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # un hilo: no se estorba con otros
    cuaderno, _ = ejecutar_cuaderno("04_clasificar_textos.ipynb", RAPIDO, limite_s=180, carpeta=tmp_path)
    salida = textos_de_salida(cuaderno)
    _sin_sustos(salida)
    assert salida.count("Aún no has respondido") == 4
    for metodo in ("sin ejemplos", "con ejemplos", "afinado", "clásico (TF-IDF)"):
        assert metodo in salida
    assert "Con el modelo de lenguaje gana" in salida  # el veredicto
    assert (tmp_path / "clasificador" / "metricas.json").is_file()
