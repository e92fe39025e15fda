"""Resultados honestos: un entrenamiento que estropea el modelo se declara fallido con su causa
probable; las métricas dan la pérdida del modelo guardado (nunca la del paso 0) y la mejor con
su paso; la ficha del modelo es la de afinar, en español; TRL no envía nada a nadie."""

from __future__ import annotations

import json

import pytest
from test_entrenar import datos_texto, receta_rapida

from afinar.entrenamiento import entrenar
from afinar.evaluacion.degeneracion import diagnosticar

SANAS = ["Ingredientes: huevos y sal. Pasos: bate y cuaja.", "Me gustó mucho el sitio.",
         "El tren sale a las ocho.", "Nació en 1990 en Lima."]  # fmt: skip
REFERENCIAS = ["Ingredientes: harina. Pasos: amasa.", "Muy buen servicio, volveré pronto.",
               "Llega a las diez y media.", "Vive en Quito desde 2010."]  # fmt: skip


def _decision(tasa=1e-3, metodo="completo", parametros=30_000):
    from afinar.entrenamiento.decision import Decision

    return Decision(metodo=metodo, precision="fp32", dispositivo="cpu", tasa_aprendizaje=tasa,
                    parametros=parametros, gradient_checkpointing=False, explicacion=[])


def _historia(*evaluaciones):
    return [{"step": paso, "eval_loss": valor} for paso, valor in evaluaciones]


def test_la_perdida_del_resultado_nunca_es_la_del_paso_0():
    from afinar.entrenamiento.juicio import resumen_validacion

    # La del paso 0 (el modelo sin afinar) es la más baja: no es el resultado.
    r = resumen_validacion(_historia((0, 2.0), (2, 2.6), (4, 2.5)), None)
    assert r == {"perdida_validacion": 2.5, "paso_del_modelo": 4,
                 "perdida_validacion_inicial": 2.0, "perdida_validacion_final": 2.5,
                 "mejor_perdida_validacion": 2.5, "mejor_paso": 4}  # fmt: skip
    # Con el mejor punto de control cargado al final, el resultado es el suyo.
    r = resumen_validacion(_historia((0, 3.0), (2, 2.1), (4, 2.4)), 2)
    assert (r["perdida_validacion"], r["paso_del_modelo"]) == (2.1, 2)
    assert (r["perdida_validacion_final"], r["mejor_paso"]) == (2.4, 2)


def test_perdida_peor_que_al_empezar_es_un_fallo_con_su_causa():
    from afinar.entrenamiento.juicio import juzgar, resumen_validacion

    resumen = resumen_validacion(_historia((0, 2.0), (2, 9.0), (4, 9.1)), None)
    j = juzgar(resumen, diagnosticar(SANAS), None, _decision(tasa=1e6), REFERENCIAS)
    assert j.fallo.startswith("El entrenamiento falló: la pérdida de validación acabó en 9.1, "
                              "peor que antes de entrenar (2.0). Causa probable: la tasa de "
                              "aprendizaje (1e+06) es más de mil veces la habitual")  # fmt: skip
    # Subió tras mejorar: sobreajuste, con el paso de la mejor.
    resumen = resumen_validacion(_historia((0, 2.0), (2, 1.5), (4, 2.2)), None)
    j = juzgar(resumen, None, None, _decision(), REFERENCIAS)
    assert "Causa probable: sobreajuste: la validación mejoró hasta el paso 2 (1.5)" in j.fallo
    # Bajó: ningún fallo.
    resumen = resumen_validacion(_historia((0, 2.0), (2, 1.5), (4, 1.4)), None)
    assert juzgar(resumen, None, None, _decision(), REFERENCIAS).fallo is None


def test_un_modelo_que_deja_de_escribir_es_un_fallo():
    from afinar.entrenamiento.juicio import juzgar, resumen_validacion

    resumen = resumen_validacion(_historia((0, 3.0), (4, 2.0)), None)  # la pérdida bajó...
    mudo = diagnosticar(["", "", "", ""], referencias=REFERENCIAS)
    j = juzgar(resumen, diagnosticar(SANAS, referencias=REFERENCIAS), mudo, _decision(),
               ["Aquí me pongo", "a cantar yo", "al compás de", "la vigüela que"])
    assert j.fallo.startswith("El entrenamiento falló: el modelo dejó de responder bien: 4 de 4")
    assert "las filas son muy cortas (unas 3 palabras)" in j.fallo
    assert j.revision["despues"]["grave"] and not j.revision["antes"]["grave"]
    # Si ya escribía mal antes de entrenar, no es culpa del entrenamiento: solo un aviso.
    j = juzgar(resumen, mudo, mudo, _decision(), REFERENCIAS)
    assert j.fallo is None and j.avisos[0].startswith("Las respuestas ya eran degeneradas")
    # Un bucle en una de cuatro: aviso, no fallo.
    bucle = diagnosticar([*SANAS[:3], "hola hola hola hola hola hola"])
    j = juzgar(resumen, None, bucle, _decision(), REFERENCIAS)
    assert j.fallo is None and j.avisos[0].startswith("Algunas respuestas parecen degeneradas")


@pytest.fixture(scope="module")
def destruido(tmp_path_factory):
    """El modelo de bolsillo (entrenado: continúa un texto) con tasa 1e6 se destruye: su pérdida
    de validación sube y deja de escribir."""
    from afinar.modelos import cargar_modelo

    receta = receta_rapida(tmp_path_factory.mktemp("destruido"), pasos=3, evaluar_cada=2,
                           max_length=64, lote=4, metodo="completo", tasa_aprendizaje=1e6)
    return entrenar(*cargar_modelo("bolsillo"), datos_texto(), receta)


def test_un_entrenamiento_que_destruye_el_modelo_se_declara_fallido(destruido):
    r = destruido
    assert not r.correcto
    assert r.fallo.startswith("El entrenamiento falló: la pérdida de validación acabó en ")
    assert "peor que antes de entrenar" in r.fallo
    assert "; el modelo dejó de responder bien: 4 de 4 respuestas" in r.fallo
    assert "Causa probable: la tasa de aprendizaje (1e+06) es más de mil veces" in r.fallo
    m = json.loads((r.salida / "metricas.json").read_text())
    assert m["estado"] == "fallido" and m["fallo"] == r.fallo
    assert m["revision"]["antes"]["degeneradas"] < m["revision"]["despues"]["degeneradas"] == 4
    # El resultado es el modelo del final (evaluado también en el paso 3, que no es múltiplo de
    # 2), nunca el del paso 0; y también se dan la inicial y la mejor con su paso.
    assert (m["paso_del_modelo"], m["perdida_validacion"]) == (3, m["perdida_validacion_final"])
    assert m["perdida_validacion"] > m["perdida_validacion_inicial"]
    inicial = r.historial[0]
    assert inicial["paso"] == 0 and m["perdida_validacion_inicial"] == round(
        inicial["perdida_validacion"], 4)
    assert m["mejor_paso"] in (2, 3) and m["mejor_perdida_validacion"] is not None
    estado = json.loads((r.salida / "estado.json").read_text())
    assert estado["estado"] == "error" and estado["mensaje"] == r.fallo


def test_la_ficha_del_modelo_es_de_afinar_y_en_espanol(destruido):
    r = destruido
    for carpeta in (r.salida, r.carpeta):
        ficha = (carpeta / "README.md").read_text()
        assert "# Modelo afinado con afinar" in ficha and "## Límites" in ficha
        assert "## Licencia" in ficha and "hereda su licencia" in ficha
        assert "**Falló.** El entrenamiento falló" in ficha
        assert "pérdida de validación antes de entrenar" in ficha and "| lote | 4 |" in ficha
        assert "Modelo base: **bolsillo (el modelo de bolsillo de afinar)**" in ficha
        assert "huggingface.co/None" not in ficha and "TRL" not in ficha
        assert str(r.salida) not in ficha  # ninguna ruta local (puede llevar un nombre)
        assert "manzana" not in ficha and "Núñez" not in ficha  # ningún texto de los datos
    assert not list(r.salida.glob("checkpoint-*/README.md"))


def test_trl_no_envia_telemetria(tmp_path, monkeypatch):
    """TRL 1.16 avisa a huggingface.co de cada entrenamiento de chat (SFTTrainer)."""
    from conftest import crear_modelo_diminuto
    from test_entrenar import datos_chat
    from trl.trainer import base_trainer

    avisos = []
    monkeypatch.setattr(base_trainer, "send_telemetry", lambda *a, **k: avisos.append(k))
    monkeypatch.delenv("CI", raising=False)  # TRL no avisa en CI: aquí tendría que avisar
    receta = receta_rapida(tmp_path, pasos=1, evaluar_cada=1, max_length=64)
    r = entrenar(*crear_modelo_diminuto("llama"), datos_chat(8), receta)
    assert r.metricas["tipo"] == "chat" and avisos == []
