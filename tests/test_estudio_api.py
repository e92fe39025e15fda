"""El estudio de verdad, por su API (gradio_client), con el modelo de bolsillo y sin red: cada
pestaña hace su trabajo, el servidor escucha solo en 127.0.0.1 y las subidas peligrosas se
rechazan."""

from __future__ import annotations

import csv
import os
import time
import zipfile

import pytest
from ayudas_estudio import estudio_en_marcha
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from afinar.estudio.pestana_entrenar import campos

LIMITE_MB = 1
CORREO = "lucia.martin@correo.es"


@pytest.fixture(scope="module")
def servidor(tmp_path_factory):
    """El estudio lanzado en un puerto libre, con una raíz temporal y un límite de 1 MB. Torch
    con un hilo (aquí y en el proceso que entrena): con la máquina compartida, dos hilos por
    proceso se estorban y cada paso tarda varias veces más."""
    with estudio_en_marcha(tmp_path_factory.mktemp("estudio"),
                           AFINAR_ESTUDIO_LIMITE_MB=str(LIMITE_MB)) as (app, url):
        yield app, url, Client(url, verbose=False,
                               download_files=str(app.estudio.raiz / "cliente"))


def _examen(carpeta):
    """La hoja de la profesora (las 40 primeras filas del ejemplo) con un correo en una fila."""
    from afinar.recursos import datos_ejemplo

    with open(datos_ejemplo("comentarios"), encoding="utf-8-sig", newline="") as f:
        filas = list(csv.reader(f, delimiter=";"))[:41]
    filas[1][1] += f" Escríbeme a {CORREO}"
    ruta = carpeta / "examen.csv"
    with open(ruta, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(filas)
    return ruta


def _llamar(url: str, api: str, *datos) -> tuple[str, str]:
    """Llama a ``api`` por HTTP, tal cual (sin que gradio_client suba nada por su cuenta):
    devuelve el evento final («complete» o «error») y sus datos."""
    import httpx

    evento = httpx.post(f"{url}gradio_api/call/{api}", json={"data": list(datos)}, timeout=30)
    respuesta = httpx.get(f"{url}gradio_api/call/{api}/{evento.json()['event_id']}", timeout=120)
    bloques = [b for b in respuesta.text.split("\n\n") if b.startswith("event:")]
    nombre, _, datos_finales = bloques[-1].partition("\ndata:")
    return nombre.removeprefix("event:").strip(), datos_finales.strip()


def _esperar(cliente, limite_s=420):
    inicio = time.monotonic()
    while time.monotonic() - inicio < limite_s:
        vista = cliente.predict(api_name="/al_abrir")[-4:]  # lo que ve quien recarga la página
        if "Terminado" in vista[2] or "falló" in vista[2]:
            return vista
        time.sleep(2)
    raise AssertionError(f"El entrenamiento no terminó en {limite_s} s: {vista[2]}")


def test_todo_el_camino(servidor, tmp_path):
    app, _, cliente = servidor
    # Modelo: el catálogo con lo que cabe aquí, elegir el de bolsillo y probarlo.
    catalogo = cliente.predict(api_name="/catalogo")
    assert "Qwen/Qwen2.5-0.5B-Instruct" in catalogo and "cabe aquí" in catalogo
    eleccion = cliente.predict("bolsillo", api_name="/elegir_modelo")
    assert "Modelo elegido: `bolsillo`" in eleccion and "¿cabe en este equipo?" in eleccion
    assert cliente.predict("¿Qué es un verbo?", api_name="/probar_modelo").strip()

    # Datos: tres columnas de texto → pide los papeles; después limpiar, anonimizar y dividir.
    lectura = cliente.predict(handle_file(_examen(tmp_path)), api_name="/subir")
    assert "Falta un paso" in lectura[0] and "Mi comentario" in str(lectura[3])
    lectura = cliente.predict(["Pregunta del examen", "Respuesta del alumno"], "Mi comentario",
                              [], api_name="/usar_columnas")
    assert "40" in lectura[5] and "respuesta" in lectura[0]
    cliente.predict(api_name="/limpiar")
    informe, vista, pasos = cliente.predict(api_name="/anonimizar")
    assert "EMAIL" in informe and CORREO not in informe and CORREO not in str(vista)
    assert "anonimizado" in pasos
    division, _, _ = cliente.predict(0.1, False, False, api_name="/dividir")
    assert "Guardado" in division and "para validación" in division

    # Entrenar: la receta propuesta, 20 pasos; un segundo entrenamiento se rechaza.
    *valores, explicacion = cliente.predict(api_name="/proponer_receta")
    assert "Método: completo" in explicacion
    receta = dict(zip([c.name for c in campos()], valores, strict=True))
    receta.update(pasos=20, lote=1, max_length=64, evaluar_cada=10, revisar=0)
    valores = list(receta.values())
    assert "afinar entrenar --modelo bolsillo" in cliente.predict(*valores, api_name="/entrenar")
    with pytest.raises(AppError, match="Ya hay un entrenamiento en marcha"):
        cliente.predict(*valores, api_name="/entrenar")
    curva, barra, avisos, registro = _esperar(cliente)
    assert "Terminado" in avisos and "Paso <b>20</b> de <b>20</b>" in barra, registro
    assert curva["type"] == "matplotlib" and curva["plot"].startswith("data:image/png;base64,")
    from afinar.entrenamiento.progreso import leer_progreso

    filas = leer_progreso(app.estudio.trabajo.entrenamiento)  # lo que dibuja la curva
    assert {"perdida", "perdida_validacion"} <= {k for f in filas for k in f}
    assert max(f["paso"] for f in filas) == 20

    # Comparar, votar a ciegas y descargar el informe.
    veredicto, tabla, informe, par = cliente.predict(2, "Nota:", api_name="/comparar")
    assert veredicto.startswith("**Veredicto:**") and "Par 1 de 2" in par
    with open(informe, encoding="utf-8") as f:
        assert "Informe de evaluación" in f.read()
    assert "Par 2 de 2" in cliente.predict(api_name="/votar_a")
    recuento = cliente.predict(api_name="/votar_empate")
    assert "Elegiste el afinado" in recuento and "| 2 |" in recuento  # y qué era cada uno

    # Probar y llevar: conversar y descargar el modelo.
    _, historial = cliente.predict("¿Qué es un sinónimo?", [], api_name="/chatear")
    assert historial[-1]["role"] == "assistant"
    archivo = cliente.predict(api_name="/descargar_modelo")  # actualiza un gr.File (visible)
    with zipfile.ZipFile(archivo["value"] if isinstance(archivo, dict) else archivo) as z:
        assert {"config.json", "model.safetensors"} <= set(z.namelist())

    # Recargar (o volver a abrir el estudio) recupera el mismo trabajo desde su carpeta.
    from afinar.estudio.estado import Estudio
    from afinar.estudio.pestana_entrenar import ver_entrenamiento

    otra_vez = Estudio(app.estudio.raiz)
    assert otra_vez.trabajo.carpeta == app.estudio.trabajo.carpeta
    assert "Terminado" in ver_entrenamiento(otra_vez)[2]
    assert "Trabajo:" in cliente.predict(api_name="/al_abrir")[0]


def test_escucha_solo_en_este_equipo(servidor):
    import psutil

    app, url, _ = servidor
    puerto = int(url.rstrip("/").rsplit(":", 1)[1])
    proceso = psutil.Process()  # net_connections desde psutil 6; Colab trae 5.9 (connections)
    conexiones = getattr(proceso, "net_connections", None) or proceso.connections
    escuchando = [c for c in conexiones(kind="inet")
                  if c.status == psutil.CONN_LISTEN and c.laddr.port == puerto]
    assert escuchando and {c.laddr.ip for c in escuchando} == {"127.0.0.1"}
    assert app.share is False and os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"


def test_la_pagina_llega_en_espanol_y_deprisa(servidor):
    import httpx

    _, url, _ = servidor
    inicio = time.monotonic()
    respuesta = httpx.get(url, timeout=30)
    assert respuesta.status_code == 200 and time.monotonic() - inicio < 3
    cabeza = respuesta.text.split("</head>")[0]
    assert "'es-ES'" in cabeza and f"pasa del límite del estudio ({LIMITE_MB} MB)" in cabeza


def test_subida_con_nombre_traicionero(servidor):
    import httpx

    app, url, _ = servidor
    trabajo = app.estudio.trabajo
    contenido = "pregunta;respuesta\n¿Qué es un verbo?;Una palabra que expresa una acción.\n" * 3
    respuesta = httpx.post(f"{url}gradio_api/upload",
                           files={"files": ("../../fuera.csv", contenido.encode())}, timeout=30)
    (subida,) = respuesta.json()
    assert os.path.dirname(os.path.dirname(subida)) == os.environ["GRADIO_TEMP_DIR"]
    evento, datos = _llamar(url, "subir", {"path": subida, "meta": {"_type": "gradio.FileData"}})
    assert evento == "complete", datos
    assert (trabajo.subidas / "fuera.csv").is_file()
    assert not (trabajo.carpeta.parent / "fuera.csv").exists()
    assert not (app.estudio.raiz / "fuera.csv").exists() and not os.path.exists(subida)
    # Una ruta del servidor que nadie subió no se abre.
    evento, datos = _llamar(url, "subir", {"path": "/etc/hostname",
                                           "meta": {"_type": "gradio.FileData"}})
    assert evento == "error" and not (trabajo.subidas / "hostname").exists()


def test_subida_demasiado_grande(servidor):
    import httpx

    app, url, _ = servidor
    grande = b"texto\n" + b"a" * int(1.5 * LIMITE_MB * 2**20)
    respuesta = httpx.post(f"{url}gradio_api/upload",
                           files={"files": ("grande.txt", grande)}, timeout=60)
    assert respuesta.status_code == 413
    assert not (app.estudio.trabajo.subidas / "grande.txt").exists()
