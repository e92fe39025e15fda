"""El cuaderno 3 se ejecuta entero, sin red, con el modelo de bolsillo, y el afinado gana al base."""

from __future__ import annotations

import json

import pytest
from cuadernos import AVISOS_ALARMANTES, ejecutar_cuaderno, textos_de_salida


@pytest.mark.lento
def test_cuaderno_03_afinar_y_evaluar(tmp_path):
    parametros = {
        "MODELO": "bolsillo",
        "PASOS": 40,
        "LOTE": 4,
        "EJEMPLOS_EVALUACION": 4,
        "MAX_TOKENS_NUEVOS": 90,
    }
    cuaderno, _ = ejecutar_cuaderno(
        "03_afinar_y_evaluar.ipynb", parametros, limite_s=240, carpeta=tmp_path
    )
    salida = textos_de_salida(cuaderno)
    for aviso in AVISOS_ALARMANTES:
        assert aviso not in salida, f"El cuaderno muestra «{aviso}»"
    # El afinado gana al base en los ejemplos de validación (el informe que guardó el cuaderno).
    informe = json.loads((tmp_path / "afinado" / "informe.json").read_text())
    resumen = informe["resumen"]
    assert resumen["ganadas"] > resumen["perdidas"], informe["veredicto"]
    formato = resumen["comprobaciones"]["contiene «Ingredientes:»"]
    assert formato["afinado"] > formato["base"], formato
    assert informe["veredicto"].startswith("El modelo afinado es mejor que el base")
    # Se entrenó, se reanudó sin repetir pasos y los ejercicios sin responder dan pista.
    metricas = json.loads((tmp_path / "afinado" / "metricas.json").read_text())
    assert metricas["pasos"] == 40
    assert "ya había terminado (40 de 40 pasos)" in salida
    assert salida.count("Aún no has respondido") == 4


@pytest.mark.lento
def test_cuaderno_03_con_los_textos_que_guardo_el_cuaderno_2(tmp_path):
    """Como quien sigue el curso: el cuaderno 2 con su ejemplo (textos, no chat) y luego el 3."""
    from afinar.datos import cargar_guardado

    ejecutar_cuaderno("02_tus_datos.ipynb", {"MODELO": "bolsillo"}, limite_s=150, carpeta=tmp_path)
    parametros = {
        "MODELO": "bolsillo",
        "PASOS": 10,
        "LOTE": 4,
        "DEBE_CONTENER": ["."],
        "EJEMPLOS_EVALUACION": 3,
        "MAX_TOKENS_NUEVOS": 20,
    }
    cuaderno, _ = ejecutar_cuaderno(
        "03_afinar_y_evaluar.ipynb", parametros, limite_s=240, carpeta=tmp_path
    )
    salida = textos_de_salida(cuaderno)
    assert "Uso los datos del cuaderno 2 (afinar_datos)" in salida
    for aviso in AVISOS_ALARMANTES:
        assert aviso not in salida, f"El cuaderno muestra «{aviso}»"
    metricas = json.loads((tmp_path / "afinado" / "metricas.json").read_text())
    assert metricas["tipo"] == "texto" and metricas["pasos"] == 10
    # Se compara con textos: la entrada es el comienzo de cada texto de validación y la
    # referencia, el resto; y las comprobaciones son las de DEBE_CONTENER.
    informe = json.loads((tmp_path / "afinado" / "informe.json").read_text())
    validacion = cargar_guardado(tmp_path / "afinar_datos")["validation"]
    esperados = [" ".join(t.split()) for t in validacion["texto"][:3]]
    assert [f"{f['pregunta']} {f['referencia']}" for f in informe["filas"]] == esperados
    assert list(informe["resumen"]["comprobaciones"]) == ["contiene «.»"]
    assert salida.count("Aún no has respondido") == 4
