"""El cuaderno 3 con lo que le deja el cuaderno 2, como en Colab: cada cuaderno en su propia
carpeta de trabajo (su propia máquina), y solo una carpeta «Drive» en común.

- El camino por defecto 1 → 2 → 3: el 3 entrena con la hoja de la profesora que preparó el 2,
  y su veredicto favorece al modelo afinado con las pruebas que da.
- Sin los datos del 2, el 3 para y dice dónde los buscó (no cambia de datos a escondidas).
- Con texto suelto, compara continuaciones, sin las comprobaciones de otros datos.
"""

from __future__ import annotations

import json

import pytest
from cuadernos import (
    AVISOS_ALARMANTES,
    CARACTER_ROTO,
    CORRECCION_ROTA,
    ejecutar_cuaderno,
    textos_de_salida,
)

RAPIDO = {"MODELO": "bolsillo", "PASOS": 30, "LOTE": 8, "EJEMPLOS_EVALUACION": 4,
          "MAX_TOKENS_NUEVOS": 60}  # fmt: skip


def _sin_sustos(salida: str) -> None:
    for aviso in [*AVISOS_ALARMANTES, CARACTER_ROTO, CORRECCION_ROTA]:
        assert aviso not in salida, f"El cuaderno muestra «{aviso}»"


@pytest.mark.lento
def test_camino_por_defecto_1_2_3(tmp_path, monkeypatch):
    monkeypatch.setenv("AFINAR_CARPETA_COMPARTIDA", str(tmp_path / "drive"))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    salidas = {}
    for n, nombre, parametros in [
        (1, "01_primeros_pasos.ipynb", {"MODELO": "bolsillo"}),
        (2, "02_tus_datos.ipynb", {"MODELO": "bolsillo"}),
        (3, "03_afinar_y_evaluar.ipynb", RAPIDO),
    ]:
        carpeta = tmp_path / f"maquina_{n}"  # cada cuaderno en su máquina, como en Colab
        carpeta.mkdir()
        cuaderno, _ = ejecutar_cuaderno(nombre, parametros, limite_s=600, carpeta=carpeta)
        salidas[n] = textos_de_salida(cuaderno)
        _sin_sustos(salidas[n])
    assert (tmp_path / "drive" / "datos" / "afinar_datos.json").is_file()
    assert not (tmp_path / "maquina_3" / "afinar_datos").exists()
    # El 3 entrenó con la hoja de la profesora (conversaciones), no con las recetas.
    afinado = tmp_path / "maquina_3" / "afinado"
    metricas = json.loads((afinado / "metricas.json").read_text())
    assert metricas["tipo"] == "chat" and metricas["pasos"] == 30
    assert metricas["ejemplos_entrenamiento"] == 148  # 174 filas, 15 % para validar
    assert "«Bien:», «A mejorar:», «Nota:»" in salidas[3]
    informe = json.loads((afinado / "informe.json").read_text())
    assert all(f["pregunta"].startswith("Pregunta del examen:") for f in informe["filas"])
    assert "Ingredientes" not in json.dumps(informe, ensure_ascii=False)
    # El veredicto favorece al afinado y da sus pruebas: victorias, comprobaciones, chrF.
    resumen = informe["resumen"]
    assert resumen["ganadas"] > resumen["perdidas"], informe["veredicto"]
    bien = resumen["comprobaciones"]["contiene «Bien:»"]
    assert bien["afinado"] > bien["base"], bien
    assert resumen["chrf_afinado"] > resumen["chrf_base"]
    veredicto = informe["veredicto"]
    assert veredicto.startswith("El modelo afinado es mejor que el base")
    assert "contiene «Bien:»" in veredicto and "chrF" in veredicto
    assert veredicto in salidas[3]
    # Los ejercicios sin responder piden su respuesta; se reanudó sin repetir pasos.
    assert salidas[3].count("Aún no has respondido") == 4
    assert "ya había terminado (30 de 30 pasos)" in salidas[3]
    # Se lo lleva a casa: la carpeta de Ollama, comprobada contra el modelo afinado.
    modelfiles = list(afinado.glob("**/Modelfile"))
    assert len(modelfiles) == 1 and list(modelfiles[0].parent.glob("*.gguf")), modelfiles
    assert "Exportación «ollama q8_0»" in salidas[3], salidas[3][-2000:]
    assert "Todas las comprobaciones salieron bien." in salidas[3]


def test_sin_los_datos_del_2_para_y_dice_donde_miro(tmp_path, monkeypatch):
    import papermill

    monkeypatch.setenv("AFINAR_CARPETA_COMPARTIDA", str(tmp_path / "drive_vacio"))
    with pytest.raises(papermill.PapermillExecutionError) as fallo:
        ejecutar_cuaderno("03_afinar_y_evaluar.ipynb", RAPIDO, limite_s=180, carpeta=tmp_path)
    mensaje = str(fallo.value)
    assert "Pediste los datos del cuaderno 2, pero no están en" in mensaje
    assert str(tmp_path / "drive_vacio" / "datos") in mensaje
    assert not (tmp_path / "afinado").exists()  # no entrenó con otra cosa


@pytest.mark.lento
def test_con_texto_suelto_compara_continuaciones(tmp_path, monkeypatch):
    from afinar.curso.ejemplos import cargar_ejemplo

    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # en una máquina compartida, los hilos se estorban

    parametros = {**RAPIDO, "DATOS": "textos (ejemplo)", "PASOS": 6, "EJEMPLOS_EVALUACION": 3,
                  "MAX_TOKENS_NUEVOS": 20}  # fmt: skip
    cuaderno, _ = ejecutar_cuaderno("03_afinar_y_evaluar.ipynb", parametros, limite_s=600, carpeta=tmp_path)
    salida = textos_de_salida(cuaderno)
    _sin_sustos(salida)
    assert "texto suelto" in salida and "Sin comprobaciones" in salida
    metricas = json.loads((tmp_path / "afinado" / "metricas.json").read_text())
    assert metricas["tipo"] == "texto" and metricas["pasos"] == 6
    # La entrada es el comienzo de cada texto de validación y la referencia, el resto.
    informe = json.loads((tmp_path / "afinado" / "informe.json").read_text())
    validacion = cargar_ejemplo("textos (ejemplo)", semilla=42)["validation"]
    esperados = [" ".join(t.split()) for t in validacion["texto"][:3]]
    assert [f"{f['pregunta']} {f['referencia']}" for f in informe["filas"]] == esperados
    assert informe["resumen"]["comprobaciones"] == {}
