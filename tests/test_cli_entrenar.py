"""`afinar entrenar`: limpia y anonimiza por defecto (con sus informes y una forma de no
hacerlo), no destruye un entrenamiento anterior, reanuda, y sale con 2 si el entrenamiento
estropeó el modelo. Con dos órdenes en la misma carpeta, la segunda para con una frase."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import crear_modelo_diminuto

from afinar import cli

CORREO = "maria.garcia@correo.es"
DISTINTAS = 20


FRASES_CLI = [
    "El mercado del barrio abre temprano y cierra a la hora de comer.",
    "Mi abuela preparaba un guiso de lentejas los domingos de invierno.",
    "La biblioteca municipal presta libros, películas y también juegos de mesa.",
    "El autobús de la línea siete pasa cada veinte minutos por la plaza.",
    "En verano la piscina se llena de niños desde las once de la mañana.",
    "El carpintero arregló la puerta del patio con madera de pino.",
    "Los viernes por la tarde hay música en directo junto al río.",
    "La panadería de la esquina vende pan integral y magdalenas caseras.",
    "Para llegar a la estación hay que cruzar el puente de hierro.",
    "El huerto comunitario necesita voluntarios para regar las tomateras.",
    "La profesora de historia organizó una visita al museo arqueológico.",
    "En la feria del libro firmaron ejemplares varias autoras jóvenes.",
    "El médico recomendó caminar media hora cada día después de cenar.",
    "Las golondrinas vuelven cada primavera a los aleros de la iglesia.",
    "El equipo de fútbol del pueblo entrena los martes y los jueves.",
    "La farmacia de guardia está en la calle mayor, frente al ayuntamiento.",
    "Con la lluvia de anoche el camino del monte quedó lleno de barro.",
    "El taller de cerámica enseña a modelar cuencos y jarras de barro.",
    "La cooperativa reparte cestas de verdura de temporada cada semana.",
    "Al atardecer los vecinos sacan las sillas a la puerta para charlar.",
]


def _datos(carpeta: Path) -> Path:
    """20 textos distintos, cada uno dos veces, y un correo en uno de ellos."""
    filas = [{"texto": f} for f in FRASES_CLI]
    filas[0]["texto"] += f" Escríbeme a {CORREO}."
    archivo = carpeta / "textos.jsonl"
    archivo.write_text("".join(json.dumps(f, ensure_ascii=False) + "\n" for f in filas * 2))
    return archivo


def _afinar(*argv) -> tuple[int, str, str]:
    salida, error = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(salida), contextlib.redirect_stderr(error):
        try:
            estado = cli.main([str(a) for a in argv])
        except SystemExit as fin:
            estado = fin.code
    return estado, salida.getvalue(), error.getvalue()


@pytest.fixture(scope="module")
def carpeta(tmp_path_factory):
    carpeta = tmp_path_factory.mktemp("cli")
    modelo, tok = crear_modelo_diminuto("llama")
    modelo.save_pretrained(carpeta / "modelo_base")
    tok.save_pretrained(carpeta / "modelo_base")
    _datos(carpeta)
    return carpeta


def _orden(carpeta, *extra, modelo=None):
    modelo = modelo or carpeta / "modelo_base"
    return ("entrenar", "--modelo", modelo, "--datos", carpeta / "textos.jsonl",
            "--salida", carpeta / "s", "--pasos", 3, "--evaluar-cada", 3, "--max-length", 64,
            "--lote", 2, "--metodo", "completo", "--revisar", 2, *extra)  # fmt: skip


@pytest.fixture(scope="module")
def destruido(carpeta):
    """Con tasa 1e6 el modelo de bolsillo (que antes continuaba un texto) se destruye: la orden
    tiene que decirlo y salir con 2."""
    return _afinar(*_orden(carpeta, "--tasa-aprendizaje", "1e6", modelo="bolsillo"))


def test_limpia_y_anonimiza_por_defecto(destruido, carpeta):
    _, salida, _ = destruido
    assert f"Limpieza: {DISTINTAS * 2} filas → {DISTINTAS} filas" in salida
    assert "Anonimización: 1 datos personales cambiados" in salida
    # Los duplicados se quitaron antes de separar: ninguno puede estar a los dos lados.
    assert "Aparto 2 ejemplos para validación y entreno con 18." in salida
    escritos = [p for p in (carpeta / "s").rglob("*") if p.is_file()]
    assert escritos and not [p for p in escritos if CORREO.encode() in p.read_bytes()]
    ficha = (carpeta / "s" / "modelo" / "README.md").read_text()
    assert "Anonimización: 1 datos personales cambiados por marcadores (1 <EMAIL>)" in ficha
    assert f"Limpieza: {DISTINTAS * 2} → {DISTINTAS} filas" in ficha


def test_un_modelo_destruido_sale_con_estado_2(destruido, carpeta):
    estado, _, error = destruido
    assert estado == 2
    assert "Limpiando" not in error and "Anonimizando" not in error  # sin barras de datasets
    errores = [linea for linea in error.splitlines() if linea.startswith("Error:")]
    assert len(errores) == 1, error
    assert errores[0].startswith("Error: El entrenamiento falló: la pérdida de validación acabó ")
    assert "Causa probable: la tasa de aprendizaje (1e+06)" in errores[0]
    assert json.loads((carpeta / "s" / "estado.json").read_text())["estado"] == "error"


def test_repetir_la_orden_no_destruye_y_reanudar_lo_lee(destruido, carpeta):
    puntos = sorted((carpeta / "s").glob("checkpoint-*"))
    huella = {p: p.stat().st_mtime_ns for p in puntos}
    estado, _, error = _afinar(*_orden(carpeta))
    assert estado == 2
    assert "ya tiene un entrenamiento" in error and "--reanudar" in error
    assert "--sobrescribir" in error
    assert {p: p.stat().st_mtime_ns for p in puntos} == huella
    estado, salida, error = _afinar(*_orden(carpeta, "--reanudar", modelo="bolsillo"))
    assert "ya había terminado (3 de 3 pasos)" in salida
    assert estado == 2 and "El entrenamiento falló" in error  # sigue siendo el mismo resultado


def test_sin_limpiar_ni_anonimizar_si_se_pide(destruido, carpeta):
    estado, salida, error = _afinar(*_orden(carpeta, "--sobrescribir", "--sin-limpiar",
                                            "--sin-anonimizar"))  # fmt: skip
    assert estado in (0, 2), error
    assert "Sobrescribo el entrenamiento anterior" in salida
    assert "Limpieza:" not in salida and "Anonimización:" not in salida
    assert "Aparto 4 ejemplos para validación y entreno con 36." in salida
    ficha = (carpeta / "s" / "README.md").read_text()
    assert "Sin anonimizar (--sin-anonimizar)" in ficha and "Sin limpiar" in ficha


def _esperar(condicion, limite=240):
    final = time.monotonic() + limite
    while time.monotonic() < final:
        if condicion():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.lento
def test_dos_ordenes_en_la_misma_carpeta_y_parar_con_sigterm(carpeta, tmp_path):
    """Como el estudio: una orden entrena, otra en la misma carpeta para con una frase; SIGTERM
    la interrumpe limpia (estado «interrumpido»), y --reanudar sigue desde su punto de control."""
    from afinar.entrenamiento.progreso import leer_estado, leer_progreso
    from afinar.entrenamiento.puntos import paso_de, ultimo_punto

    salida = tmp_path / "s"
    orden = ["entrenar", "--modelo", carpeta / "modelo_base", "--datos", carpeta / "textos.jsonl",
             "--salida", salida, "--max-length", 64, "--lote", 2, "--metodo", "completo",
             "--revisar", 0, "--evaluar-cada", 2, "--paciencia", 0]  # fmt: skip
    entorno = {**os.environ, "HF_HUB_OFFLINE": "1"}
    primero = subprocess.Popen([sys.executable, "-m", "afinar", *map(str, orden), "--pasos",
                                "2000"], env=entorno, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert _esperar(lambda: any(f["paso"] >= 2 for f in leer_progreso(salida)
                                    if "perdida" in f))  # fmt: skip
        estado, _, error = _afinar(*orden, "--pasos", 2000)
        assert estado == 2 and f"Otro entrenamiento (proceso {primero.pid}" in error
        primero.send_signal(signal.SIGTERM)
        _, error = primero.communicate(timeout=120)
    finally:
        primero.kill()
    assert primero.returncode == 130, error
    assert "Traceback" not in error and "Error: Entrenamiento interrumpido en el paso" in error
    estado = leer_estado(salida)
    assert estado["estado"] == "interrumpido" and "--reanudar" in estado["mensaje"]
    # SIGTERM puede llegar mientras se guarda un punto: ese queda a medias y no cuenta.
    ultimo = paso_de(ultimo_punto(salida))
    estado, salida_texto, error = _afinar(*orden, "--pasos", ultimo + 2, "--reanudar")
    assert f"Reanudo desde checkpoint-{ultimo}" in salida_texto, error
    assert json.loads((salida / "metricas.json").read_text())["pasos"] == ultimo + 2


def test_los_papeles_de_columna_llegan_a_cargar_datos():
    """`afinar entrenar` y `afinar evaluar` aceptan los papeles de columna de una hoja de
    cálculo como la de la profesora (tres columnas con nombres propios)."""
    from afinar import datos_ejemplo
    from afinar.cli import crear_parser, ordenes

    for orden in (["entrenar"], ["evaluar", "--base", "bolsillo", "--afinado", "x"]):
        args = crear_parser(con_receta=orden[0] == "entrenar").parse_args([
            *orden, "--datos", str(datos_ejemplo("comentarios")),
            "--pregunta", "Pregunta del examen", "Respuesta del alumno",
            "--respuesta", "Mi comentario"])
        ds = ordenes.cargar_de_argumentos(args)
        assert len(ds) == 174 and "messages" in ds.column_names
        usuario = ds[0]["messages"][0]["content"]
        assert usuario.startswith("Pregunta del examen:") and "Respuesta del alumno:" in usuario
        assert ds[0]["messages"][-1]["content"].startswith("Bien:")
