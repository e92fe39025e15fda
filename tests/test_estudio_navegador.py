"""El estudio en un navegador de verdad (el Chromium del sistema, con Selenium): abrir la página,
subir un archivo, entrenar viendo cómo se mueve la curva, comparar, votar y conversar.

Guarda una captura de cada pestaña en la carpeta que imprime (``AFINAR_ARTEFACTOS`` si está
definida). Necesita los paquetes de Debian ``chromium`` y ``chromium-driver``.
"""

from __future__ import annotations

import base64
import csv
import os
import re
import time
from pathlib import Path

import pytest
from ayudas_estudio import estudio_en_marcha

pytestmark = pytest.mark.lento

CHROMIUM, DRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
CORREO = "lucia.martin@correo.es"
FALLO: list[Path] = []  # dónde guardar la captura si algo no llega


@pytest.fixture(scope="module")
def artefactos(tmp_path_factory):
    carpeta = Path(os.environ.get("AFINAR_ARTEFACTOS") or tmp_path_factory.mktemp("artefactos"))
    carpeta = carpeta / "estudio"
    carpeta.mkdir(parents=True, exist_ok=True)
    print(f"\nCapturas del estudio en: {carpeta}")
    FALLO[:] = [carpeta / "fallo.png"]
    return carpeta


@pytest.fixture(scope="module")
def pagina(tmp_path_factory):
    """El estudio lanzado y un Chromium sin ventana que lo abre (con el idioma en inglés: la
    página tiene que salir en español igualmente). Torch con un hilo, como en
    test_estudio_api.py: en una máquina compartida, dos hilos por proceso se estorban."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with estudio_en_marcha(tmp_path_factory.mktemp("estudio_navegador")) as (app, url):
        opciones = webdriver.ChromeOptions()
        opciones.binary_location = CHROMIUM
        for argumento in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                          "--window-size=1280,1700", "--lang=en-US"):  # fmt: skip
            opciones.add_argument(argumento)
        navegador = webdriver.Chrome(service=Service(DRIVER), options=opciones)
        navegador.implicitly_wait(0)
        yield navegador, url, app
        navegador.quit()


def _esperar(navegador, condicion, limite_s=60, que="la página"):
    inicio = time.monotonic()
    while time.monotonic() - inicio < limite_s:
        try:
            resultado = condicion(navegador)
        except Exception:  # el elemento aún no existe o se está redibujando
            resultado = None
        if resultado:
            return resultado
        time.sleep(0.5)
    if FALLO:
        navegador.save_screenshot(str(FALLO[0]))
    raise AssertionError(f"Esperé {limite_s} s a {que} y no llegó.")


def _texto(navegador) -> str:
    return navegador.find_element("tag name", "body").text


def _boton(navegador, texto: str):
    return navegador.find_element("xpath", f"//button[normalize-space()='{texto}']")


def _pestana(navegador, numero: int, titulo: str):
    """Abre la pestaña ``numero`` y espera a ver su ``titulo``."""
    navegador.find_elements("css selector", "button[role='tab']")[numero - 1].click()
    _esperar(navegador, lambda n: titulo in _texto(n), 30, f"la pestaña {numero}")


def _escribir(navegador, campo: str, valor) -> None:
    entrada = navegador.find_element("css selector", f"#receta-{campo} input")
    entrada.clear()
    entrada.send_keys(str(valor))
    entrada.send_keys("\t")


def _archivo(carpeta: Path) -> Path:
    """30 filas de la hoja de la profesora con cabeceras que afinar reconoce solo, y un correo
    en una respuesta (lo tiene que quitar la anonimización)."""
    from afinar.recursos import datos_ejemplo

    with open(datos_ejemplo("comentarios"), encoding="utf-8-sig", newline="") as f:
        filas = list(csv.reader(f, delimiter=";"))[1:31]
    filas[0][2] += f" Dudas: {CORREO}"
    ruta = carpeta / "mi_examen.csv"
    with open(ruta, "w", encoding="utf-8", newline="") as f:
        escritor = csv.writer(f, delimiter=";")
        escritor.writerow(["pregunta", "respuesta"])
        escritor.writerows([f"{p}\nRespuesta del alumno: {a}", c] for p, a, c in filas)
    return ruta


def _captura(navegador, ruta: Path) -> None:
    """Una captura de la página entera, no solo de lo que cabe en la ventana (Chrome DevTools:
    ``captureBeyondViewport``), de 1280 píxeles de ancho."""
    alto = navegador.execute_script(
        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    imagen = navegador.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": 1280, "height": alto, "scale": 1}})  # fmt: skip
    ruta.write_bytes(base64.b64decode(imagen["data"]))


def _paso(navegador) -> int:
    encontrado = re.search(r"Paso (\d+) de (\d+)", _texto(navegador))
    return int(encontrado.group(1)) if encontrado else -1


def test_el_camino_en_el_navegador(pagina, artefactos, tmp_path):
    navegador, url, app = pagina
    inicio = time.monotonic()
    navegador.get(url)
    _esperar(navegador, lambda n: "Elige el modelo de partida" in _texto(n), 30, "la página")
    carga = time.monotonic() - inicio
    print(f"Primera carga de la página: {carga:.2f} s (objetivo: < 3 s en un equipo sin carga)")
    assert carga < 15
    assert navegador.execute_script("return document.documentElement.lang") == "es"
    _esperar(navegador, lambda n: "Qwen/Qwen2.5-0.5B-Instruct" in _texto(n), 120, "el catálogo")
    _boton(navegador, "Usar este modelo").click()
    _esperar(navegador, lambda n: "¿cabe en este equipo?" in _texto(n), 60, "el modelo")
    _boton(navegador, "Generar").click()
    _esperar(navegador, lambda n: n.find_element("css selector", "#respuesta-modelo textarea")
             .get_attribute("value").strip(), 60, "la prueba del modelo")  # fmt: skip
    _captura(navegador, artefactos / "1_modelo.png")

    _pestana(navegador, 2, "2. Prepara tus datos")
    assert "Coloque el archivo aquí" in _texto(navegador)  # las cadenas de Gradio, en español
    # Un archivo que pasa del límite (50 MB) se rechaza antes de subirlo, en español.
    grande = tmp_path / "todo_el_curso.csv"
    with open(grande, "wb") as f:
        f.truncate(51 * 2**20)  # disperso: no ocupa disco, y el navegador no lo llega a subir
    navegador.find_element("css selector", "#subida input[type='file']").send_keys(str(grande))
    aviso = "«todo_el_curso.csv» pasa del límite del estudio (50 MB)"
    _esperar(navegador, lambda n: aviso in _texto(n), 30, "el aviso de archivo demasiado grande")
    assert "exceed" not in _texto(navegador)
    assert not (app.estudio.trabajo.subidas / grande.name).exists()
    for cerrar in navegador.find_elements("css selector", ".toast-close"):
        cerrar.click()
    _esperar(navegador, lambda n: aviso not in _texto(n), 10, "que se cierre el aviso")
    navegador.find_element("css selector", "#subida input[type='file']").send_keys(str(_archivo(tmp_path)))
    _esperar(navegador, lambda n: "Lectura de «mi_examen.csv»" in _texto(n), 60, "la lectura")
    _boton(navegador, "Medir y dividir").click()  # sin pulsar antes Limpiar ni Anonimizar
    _esperar(navegador, lambda n: "Guardado:" in _texto(n), 60, "la división")
    assert "limpio ✓ → anonimizado ✓ → guardado ✓" in _texto(navegador)  # por defecto
    assert "<EMAIL>" in _texto(navegador) and CORREO not in _texto(navegador)
    _captura(navegador, artefactos / "2_datos.png")

    _pestana(navegador, 3, "3. Entrena")
    _esperar(navegador, lambda n: "Por qué esta receta" in _texto(n), 60, "la receta propuesta")
    for campo, valor in (("pasos", 30), ("lote", 1), ("max_length", 64)):
        _escribir(navegador, campo, valor)
    ajustes = navegador.find_element("xpath", "//*[normalize-space()='Más ajustes de la receta']")
    ajustes.click()
    # Los campos del acordeón se dibujan al abrirlo y se rellenan después: esperar al valor.
    modulos = _esperar(navegador, lambda n: next(
        (c for c in n.find_elements("css selector", "#receta-lora_modulos textarea, "
                                    "#receta-lora_modulos input") if c.get_attribute("value")),
        None), 30, "los ajustes de la receta")  # fmt: skip
    _escribir(navegador, "evaluar_cada", 10)
    _escribir(navegador, "revisar", 0)
    assert modulos.get_attribute("value") == "all-linear"  # la receta propuesta, entera
    assert "Tasa de aprendizaje" in _texto(navegador)  # nombres en español, no tasa_aprendizaje
    ajustes.click()  # cerrado otra vez, como lo ve quien no lo abre
    _boton(navegador, "Entrenar").click()
    _esperar(navegador, lambda n: "afinar entrenar --modelo bolsillo" in _texto(n), 30, "la orden")
    primero = _esperar(navegador, lambda n: _paso(n) > 0 and _paso(n), 120, "el primer paso")
    assert primero < 30, "el entrenamiento acabó antes de verlo avanzar: súbele los pasos"
    dibujo = navegador.find_element("css selector", "#curva img").get_attribute("src")
    _esperar(navegador, lambda n: _paso(n) > primero, 60, "que el entrenamiento avance")
    _esperar(navegador, lambda n: n.find_element("css selector", "#curva img")
             .get_attribute("src") != dibujo, 60, "que la curva cambie")  # fmt: skip
    _captura(navegador, artefactos / "3_entrenar_en_marcha.png")
    _esperar(navegador, lambda n: "Terminado:" in _texto(n), 180, "el final del entrenamiento")
    imagen = navegador.find_element("css selector", "#curva img")
    assert imagen.get_attribute("src").startswith("data:image/png"), "no se dibujó la curva"
    _captura(navegador, artefactos / "3_entrenar.png")

    _pestana(navegador, 4, "4. Compara")
    ejemplos = navegador.find_element("css selector", "#ejemplos input[type='number']")
    ejemplos.clear()
    ejemplos.send_keys("2\t")
    _boton(navegador, "Comparar").click()
    _esperar(navegador, lambda n: "Par 1 de 2" in _texto(n), 120, "la comparación")
    assert "chrF medio" not in _texto(navegador)  # el resultado, oculto mientras se vota
    _captura(navegador, artefactos / "4_comparar_votacion.png")
    _boton(navegador, "A es mejor").click()
    _esperar(navegador, lambda n: "Par 2 de 2" in _texto(n), 30, "el segundo par")
    _boton(navegador, "Empate").click()
    _esperar(navegador, lambda n: "Elegiste el afinado" in _texto(n), 30, "el recuento")
    _esperar(navegador, lambda n: "chrF medio" in _texto(n), 30, "el resultado")
    assert "A era el modelo" in _texto(navegador)  # qué era cada respuesta, ya revelado
    votar = navegador.find_elements("xpath", "//button[normalize-space()='A es mejor']")
    assert not [b for b in votar if b.is_displayed()]  # ya no hay nada que votar
    assert "Tus comprobaciones" in _texto(navegador) and "Nota:" in _texto(navegador)
    _captura(navegador, artefactos / "4_comparar.png")

    _pestana(navegador, 5, "5. Pruébalo y llévatelo")
    mensaje = navegador.find_element("css selector", "textarea[placeholder='Escribe tu pregunta…']")
    mensaje.send_keys("¿Qué es un sinónimo?")
    _boton(navegador, "Enviar").click()
    _esperar(navegador, lambda n: n.find_elements("css selector", "[data-testid='bot']"), 120,
             "la respuesta del modelo")  # fmt: skip
    _boton(navegador, "Preparar el modelo para descargar (.zip)").click()
    zip_del_modelo = f"modelo-{app.estudio.trabajo.nombre}"  # el nombre; «.zip» va aparte
    _esperar(navegador, lambda n: zip_del_modelo in _texto(n), 120, "el .zip del modelo")
    _captura(navegador, artefactos / "5_probar_y_llevar.png")
    assert (app.estudio.trabajo.evaluacion / "informe.html").is_file()

    # la página no pidió nada fuera de este equipo (ni fuentes, ni estadísticas)
    pedidos = navegador.execute_script(
        "return performance.getEntriesByType('resource').map(r => r.name)")
    assert pedidos and [p for p in pedidos if not p.startswith(url)] == []
