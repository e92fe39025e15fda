"""El cuaderno 2 deja los datos (y lo que el 3 necesita saber) en la carpeta compartida, y el
3 los recoge de allí; si no están, para y dice dónde los buscó."""

from __future__ import annotations

import sys
from types import ModuleType

import pytest

from afinar.curso import cuaderno3, drive
from afinar.curso.adaptacion import ajustes_para_el_cuaderno3, sugerir_comprobaciones
from afinar.curso.comun import ParadaDelCurso
from afinar.datos import cargar_datos, dividir
from afinar.datos.guardado import cargar_guardado, guardar, leer_ajustes
from afinar.errores import AfinarError


def _pares(n=20):
    filas = [{"pregunta": f"¿Cuánto es {i} más {i}?", "respuesta": f"Bien: suma. A mejorar: nada. Nota: {i % 10}/10."}
             for i in range(n)]  # fmt: skip
    return dividir(cargar_datos(filas), validacion=4, semilla=1)


def test_carpeta_compartida_local_con_variable_y_en_colab(monkeypatch, tmp_path):
    monkeypatch.delenv(drive.VARIABLE, raising=False)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    assert drive.carpeta_compartida() == drive.CARPETA_LOCAL.expanduser()
    monkeypatch.setenv(drive.VARIABLE, str(tmp_path / "mi_drive"))
    assert drive.carpeta_compartida() == tmp_path / "mi_drive"
    assert drive.carpeta_de_datos("") == tmp_path / "mi_drive" / "datos"
    assert drive.carpeta_de_datos(" otra ") == drive.Path("otra")
    # En Colab: monta Drive (con la ventana de permiso de siempre) y usa MyDrive/afinar.
    monkeypatch.delenv(drive.VARIABLE)
    montajes = []
    colab, modulo_drive = ModuleType("google.colab"), ModuleType("google.colab.drive")
    modulo_drive.mount = montajes.append
    colab.drive = modulo_drive
    monkeypatch.setitem(sys.modules, "google.colab", colab)
    monkeypatch.setitem(sys.modules, "google.colab.drive", modulo_drive)
    with pytest.raises(AfinarError, match="no se montó"):  # aquí no aparece MyDrive de verdad
        drive.carpeta_compartida()
    assert montajes == ["/content/drive"]
    assert drive.carpeta_compartida(montar=False) == drive.CARPETA_COLAB


def test_guardar_con_ajustes_y_leerlos(tmp_path):
    partes = _pares()
    ajustes = ajustes_para_el_cuaderno3(partes, 96, origen="mis_comentarios.csv")
    assert ajustes["comprobaciones"] == ["Bien:", "A mejorar:", "Nota:"]
    assert ajustes["pregunta_ejemplo"][0]["role"] == "user" and ajustes["max_length"] == 96
    guardar(partes, tmp_path / "datos", ajustes=ajustes)
    assert leer_ajustes(tmp_path / "datos") == ajustes
    assert len(cargar_guardado(tmp_path / "datos")["validation"]) == 4
    with pytest.raises(AfinarError, match="texto, números o listas"):
        guardar(partes, tmp_path / "otra", ajustes={"modelo": object()})
    with pytest.raises(AfinarError, match="No encuentro datos guardados"):
        leer_ajustes(tmp_path / "nada")


def test_sugerir_comprobaciones_segun_los_datos():
    assert sugerir_comprobaciones(_pares()["train"]) == ["Bien:", "A mejorar:", "Nota:"]
    recetas = cargar_datos([{"pregunta": "¿Tortilla?", "respuesta": "Ingredientes:\n- huevos\n\nPasos:\n1. Bate."}] * 5)
    assert sugerir_comprobaciones(recetas) == ["Ingredientes:", "Pasos:"]
    assert sugerir_comprobaciones(cargar_datos(["Un texto suelto sin marcas.", "Otro más."])) == []


def test_el_cuaderno3_recoge_los_datos_del_2(monkeypatch, tmp_path):
    monkeypatch.setenv(drive.VARIABLE, str(tmp_path / "drive"))
    partes = _pares()
    guardar(partes, drive.carpeta_de_datos(""), ajustes=ajustes_para_el_cuaderno3(partes, 96))
    recogidas, adaptacion = cuaderno3.elegir_datos("los del cuaderno 2", "", 42)
    assert recogidas["train"]["messages"] == partes["train"]["messages"]
    assert adaptacion.es_chat and adaptacion.max_length == 96
    assert adaptacion.comprobaciones == ["Bien:", "A mejorar:", "Nota:"]


def test_sin_los_datos_del_2_para_y_dice_donde_miro(monkeypatch, tmp_path):
    monkeypatch.setenv(drive.VARIABLE, str(tmp_path / "drive"))
    with pytest.raises(ParadaDelCurso) as parada:
        cuaderno3.elegir_datos("los del cuaderno 2", "", 42)
    mensaje = str(parada.value)
    assert str(tmp_path / "drive" / "datos") in mensaje and "Ejecuta el cuaderno 2" in mensaje
    with pytest.raises(ParadaDelCurso, match="no están en otra_carpeta"):
        cuaderno3.elegir_datos("Los del cuaderno 2", "otra_carpeta", 42)
