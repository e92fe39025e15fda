"""El cuaderno 5 (Úsalo con responsabilidad): sus ejercicios (bien, mal, mal escritos y sin
responder, sin errores nunca), sus ayudas y el cuaderno entero, ejecutado como lo haría quien
aprende."""

from __future__ import annotations

import pytest
from cuadernos import (
    AVISOS_ALARMANTES,
    CARACTER_ROTO,
    CORRECCION_ROTA,
    ejecutar_cuaderno,
    textos_de_salida,
)

from afinar.curso import cuaderno5 as c5


@pytest.mark.parametrize("respuesta", ["50", "50,5", " 50.5 ", 51, "49"])
def test_rango_al_azar_bien(respuesta):
    assert c5.comprobar_rango_al_azar(respuesta, 100)


def test_rango_al_azar_mal_y_mal_escrito():
    assert "el rango 1 es el de un modelo que lo recuerda" in str(c5.comprobar_rango_al_azar("1", 100))
    assert not c5.comprobar_rango_al_azar("100", 100)
    assert "escribe solo un número" in str(c5.comprobar_rango_al_azar("el del medio", 100))
    assert "Aún no" in str(c5.comprobar_rango_al_azar("", 100))
    assert CORRECCION_ROTA in str(c5.comprobar_rango_al_azar("50", "cien"))


@pytest.mark.parametrize(
    ("comprobador", "correcta", "incorrecta"),
    [(c5.comprobar_anonimizado, "no", "sí"), (c5.comprobar_sonda, "No", "Sí"),
     (c5.comprobar_licencia, "falso", "verdadero")],
)  # fmt: skip
def test_si_o_no(comprobador, correcta, incorrecta):
    assert comprobador(correcta) and comprobador(False)
    assert not comprobador(incorrecta) and not comprobador(True)
    assert "«sí» o «no»" in str(comprobador("depende"))
    assert "Aún no" in str(comprobador("(elige)"))


@pytest.mark.parametrize("respuesta", ["4", "4,0", "x4", "4 veces", "cuatro", 4])
def test_red_bien(respuesta):
    assert c5.comprobar_red(respuesta)


def test_red_mal_y_mal_escrito():
    assert "divide 480 entre 120" in str(c5.comprobar_red("360"))
    assert "escribe solo un número" in str(c5.comprobar_red("bastante"))
    assert "Aún no" in str(c5.comprobar_red(""))


RAROS = [None, 3.5, [], {"a": 1}, float("nan"), "    ", "🤷"]


@pytest.mark.parametrize("respuesta", RAROS)
def test_nada_raro_rompe_un_comprobador(respuesta):
    for correccion in (c5.comprobar_rango_al_azar(respuesta, 100), c5.comprobar_anonimizado(respuesta),
                       c5.comprobar_sonda(respuesta), c5.comprobar_red(respuesta),
                       c5.comprobar_licencia(respuesta)):  # fmt: skip
        assert isinstance(correccion, c5.Correccion) and not correccion
        assert CORRECCION_ROTA not in str(correccion)


def test_mi_par_nunca_falla():
    import afinar

    modelo, tok = afinar.cargar_modelo("bolsillo")
    dice = c5.medir_mi_par("Mi vecina es ingeniera.", "Mi vecino es ingeniero.", "estereotipo", modelo, tok)
    assert dice.startswith("Modelo base:") and "prefiere «Mi veci" in dice
    assert "Escribe dos frases" in c5.medir_mi_par("", "", "estereotipo", modelo, tok)
    assert "solo cambia el grupo" in c5.medir_mi_par("Hola.", "Adiós a todos los vecinos del barrio de arriba.",
                                                      "estereotipo", modelo, tok)  # fmt: skip


def test_la_ficha_dice_la_licencia(tmp_path):
    assert "bolsillo: licencia Apache-2.0" in c5.ficha("bolsillo")
    assert "Su ficha (README.md) dice: Apache-2.0" in c5.ficha("bolsillo")
    (tmp_path / "README.md").write_text("# Mi modelo\n\n## Licencia\n\nCC BY-NC 4.0.\n\n## Otra\n", encoding="utf-8")
    assert c5.ficha(str(tmp_path)).endswith("dice: CC BY-NC 4.0.")
    assert "https://huggingface.co/alguien/otro" in c5.ficha("alguien/otro")


def test_los_canarios_se_esconden_y_anonimizar_los_quita():
    from afinar.evaluacion import memorizacion

    canarios = memorizacion.crear_canarios(3, 19, semilla=1)
    crudos, anonimizados, informe = c5.datos_con_canarios(canarios, textos=12, repeticiones=4)
    assert c5.cuantos_secretos(crudos, canarios) == 12 and c5.cuantos_secretos(anonimizados, canarios) == 0
    assert [f[2] for f in c5.secretos_en(crudos, canarios).filas] == [4, 4, 4]
    with pytest.raises(c5.ParadaDelCurso, match="Cambia REPETICIONES o TEXTOS"):
        c5.datos_con_canarios(canarios, textos=3, repeticiones=4)


def _sin_sustos(salida: str) -> None:
    for aviso in [*AVISOS_ALARMANTES, CARACTER_ROTO, CORRECCION_ROTA]:
        assert aviso not in salida, f"El cuaderno muestra «{aviso}»"


RAPIDO = {"MODELO": "bolsillo", "CANARIOS": 3, "TEXTOS": 12, "REPETICIONES": 4, "ALTERNATIVAS": 19,
          "PASOS": 4, "TASA_APRENDIZAJE": 0.0005}  # fmt: skip


def test_el_cuaderno_se_ejecuta_entero(tmp_path, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # un hilo: no se estorba con otros
    cuaderno, _ = ejecutar_cuaderno("05_uso_responsable.ipynb", RAPIDO, limite_s=180, carpeta=tmp_path)
    salida = textos_de_salida(cuaderno)
    _sin_sustos(salida)
    assert salida.count("Aún no has respondido") == 5
    assert "Sin anonimizar, el modelo completa" in salida  # la lectura de la memorización
    assert "son una sonda, no una medida" in salida  # la lectura de los sesgos
    assert "g de CO₂" in salida and "Supuestos:" in salida
    assert "licencia Apache-2.0" in salida
    assert "El entrenamiento falló" not in salida
