"""Pestaña 2, Datos: subir un archivo o elegir un ejemplo, decir qué columna es cada cosa,
limpiar, anonimizar, medir el largo en tokens y dividir en entrenamiento y validación."""

from __future__ import annotations

import contextlib
import os
from functools import partial
from pathlib import Path

from afinar.errores import AfinarError
from afinar.estudio.columnas import cabeceras, columnas_del_informe
from afinar.estudio.comun import accion, html_de, introduccion
from afinar.estudio.trabajo import EXTENSIONES, limite_subida_mb

INTRO = introduccion(
    "2. Prepara tus datos",
    "El modelo aprende de tus ejemplos: si tienen errores, duplicados o datos personales, los "
    "aprende también. Sube tu archivo (o elige un ejemplo), di qué columna es la pregunta y cuál "
    "la respuesta, límpialo y anonimízalo; al final se aparta una parte para validación, que el "
    "modelo no ve al entrenar y sirve para medir si aprende de verdad.",
)
EJEMPLOS = ("comentarios", "recetas", "opiniones", "textos")
PASOS = ("leído", "limpio", "anonimizado", "guardado")


def vista_previa(ds, n: int = 5):
    """Las primeras filas, como tabla: pregunta y respuesta (chat) o el texto."""
    import gradio as gr
    import pandas as pd

    from afinar.datos import tipo_de_datos
    from afinar.evaluacion import separar

    filas = ds.select(range(min(n, len(ds))))
    if tipo_de_datos(ds) == "chat":
        partes = [separar(f) for f in filas]
        tabla = pd.DataFrame({"pregunta": [p for _, p, _ in partes],
                              "respuesta": [r for _, _, r in partes]})  # fmt: skip
    else:
        tabla = pd.DataFrame({"texto": [t[:400] for t in filas["texto"]]})
    return gr.Dataframe(tabla, column_widths=[f"{100 // len(tabla.columns)}%"] * len(tabla.columns))


def resumen_de_pasos(estudio) -> str:
    if estudio.datos is None:
        return "Aún no hay datos: sube un archivo o elige un ejemplo."
    hechos = " → ".join(f"**{p}** ✓" for p in estudio.pasos_datos)
    from afinar.datos import tipo_de_datos

    return (f"Datos de «{estudio.ruta_datos.name}»: {len(estudio.datos)} filas "
            f"({tipo_de_datos(estudio.datos)}). Hecho: {hechos}.")  # fmt: skip


def _leer(estudio, ruta: Path, papeles: dict | None = None):
    """Lee ``ruta`` con `cargar_datos` y prepara lo que muestra la página."""
    import gradio as gr

    from afinar.datos import cargar_datos

    estudio.ruta_datos, estudio.datos, estudio.pasos_datos = ruta, None, []
    try:
        datos, informe = cargar_datos(ruta, informe=True, **(papeles or {}))
    except AfinarError as error:
        if papeles:
            raise
        columnas = cabeceras(ruta)
        if not columnas:
            raise
        aviso = (f"<p><b>Falta un paso:</b> {error}</p><p>Elige abajo qué columna es la "
                 "pregunta y cuál la respuesta, y pulsa «Usar estas columnas».</p>")  # fmt: skip
        return [aviso, None, gr.Dropdown(choices=columnas, value=[]),
                gr.Dropdown(choices=columnas, value=None),
                gr.Dropdown(choices=columnas, value=[]), resumen_de_pasos(estudio)]
    estudio.datos, estudio.pasos_datos = datos, ["leído"]
    columnas = columnas_del_informe(informe)
    papel = {p: [c for c, q in informe.columnas if q == p] for p in ("pregunta", "respuesta",
                                                                      "contexto")}  # fmt: skip
    return [html_de(informe), vista_previa(datos),
            gr.Dropdown(choices=columnas, value=papel["pregunta"]),
            gr.Dropdown(choices=columnas, value=(papel["respuesta"] or [None])[0]),
            gr.Dropdown(choices=columnas, value=papel["contexto"]), resumen_de_pasos(estudio)]


def subir(estudio, archivo):
    """Copia el archivo subido a la carpeta del trabajo y lo lee. La copia temporal de Gradio se
    borra: tus datos quedan solo en la carpeta del trabajo."""
    if not archivo:
        raise AfinarError("No llegó ningún archivo: elige uno y espera a que termine de subir.")
    origen = Path(archivo)
    try:
        ruta = estudio.trabajo.guardar_subida(origen)
    finally:
        with contextlib.suppress(OSError):
            os.remove(origen)
    return _leer(estudio, ruta)


def usar_ejemplo(estudio, nombre: str):
    """Copia un conjunto de ejemplo de afinar (`datos_ejemplo`) al trabajo y lo lee."""
    from afinar.recursos import datos_ejemplo

    return _leer(estudio, estudio.trabajo.guardar_subida(datos_ejemplo(nombre)))


def usar_columnas(estudio, pregunta, respuesta, contexto):
    """Vuelve a leer el archivo con los papeles elegidos (``pregunta``, ``respuesta``,
    ``contexto`` de `cargar_datos`); sin pregunta, la respuesta es el texto (una columna)."""
    if estudio.ruta_datos is None:
        raise AfinarError("Primero sube un archivo o elige un ejemplo.")
    if not respuesta:
        raise AfinarError("Elige la columna de la respuesta (o del texto, si no hay pregunta).")
    if pregunta:
        papeles = {"pregunta": list(pregunta), "respuesta": respuesta,
                   "contexto": list(contexto) or None}  # fmt: skip
    else:
        papeles = {"columna": respuesta}
    return _leer(estudio, estudio.ruta_datos, papeles)


def _datos(estudio):
    if estudio.datos is None:
        raise AfinarError("Primero sube un archivo o elige un ejemplo (y di qué columna es cada "
                          "cosa, si te lo pide).")  # fmt: skip
    return estudio.datos


def limpiar(estudio):
    """`afinar.limpiar`: arregla el texto y quita filas vacías, cortas y duplicadas."""
    from afinar.datos import limpiar as limpiar_datos

    estudio.datos, informe = limpiar_datos(_datos(estudio))
    estudio.pasos_datos.append("limpio")
    return html_de(informe), vista_previa(estudio.datos), resumen_de_pasos(estudio)


def anonimizar(estudio):
    """`afinar.anonimizar`: cambia correos, teléfonos, DNI… por marcadores (<EMAIL>…)."""
    from afinar.datos import anonimizar as anonimizar_datos

    estudio.datos, informe = anonimizar_datos(_datos(estudio))
    estudio.pasos_datos.append("anonimizado")
    return html_de(informe), vista_previa(estudio.datos), resumen_de_pasos(estudio)


def _limpio_y_anonimo(estudio, sin_limpiar: bool, sin_anonimizar: bool) -> str:
    """Limpia y anonimiza si aún no se hizo (como `afinar entrenar`): saltárselo hay que
    pedirlo marcando la casilla. Devuelve los informes de lo que se hizo ahora."""
    partes = []
    if "limpio" not in estudio.pasos_datos and not sin_limpiar:
        partes.append(limpiar(estudio)[0])
    if "anonimizado" not in estudio.pasos_datos and not sin_anonimizar:
        partes.append(anonimizar(estudio)[0])
    for paso, saltado, nombre in (("limpio", sin_limpiar, "sin limpiar"),
                                  ("anonimizado", sin_anonimizar, "sin anonimizar")):  # fmt: skip
        if saltado and paso not in estudio.pasos_datos:
            estudio.pasos_datos.append(nombre)
    return "".join(partes)


def dividir(estudio, validacion: float, sin_limpiar: bool = False, sin_anonimizar: bool = False):
    """Limpia y anonimiza si no lo hiciste (salvo que marques que no), mide el largo en tokens
    (`longitudes`, con el tokenizador del modelo elegido), divide (`dividir`) y guarda
    (`guardar`) para que el entrenamiento lo lea."""
    from afinar.curso.adaptacion import ajustes_para_el_cuaderno3
    from afinar.datos import dividir as dividir_datos
    from afinar.datos import guardar
    from afinar.datos.tokens import longitudes

    _datos(estudio)
    if estudio.entrenamientos.en_marcha():
        raise AfinarError("Hay un entrenamiento en marcha con los datos guardados: espera a que "
                          "termine o páralo antes de cambiarlos.")  # fmt: skip
    hecho_ahora = _limpio_y_anonimo(estudio, sin_limpiar, sin_anonimizar)
    datos = estudio.datos
    _, tokenizer = estudio.modelo(estudio.modelo_base())
    medida = longitudes(datos, tokenizer)
    partes = dividir_datos(datos, float(validacion))
    ajustes = ajustes_para_el_cuaderno3(partes, medida.sugerencia, origen=estudio.ruta_datos.name)
    guardar(partes, estudio.trabajo.datos, ajustes=ajustes)
    estudio.max_length = medida.sugerencia
    estudio.pasos_datos.append("guardado")
    texto = (f"<p><b>Guardado:</b> {len(partes['train'])} ejemplos para entrenar y "
             f"{len(partes['validation'])} para validación. El entrenamiento usará "
             f"max_length={medida.sugerencia}.</p>")  # fmt: skip
    return texto + html_de(medida) + hecho_ahora, vista_previa(datos), resumen_de_pasos(estudio)


def construir(estudio) -> dict:
    """La pestaña y sus eventos."""
    import gradio as gr
    import pandas as pd

    gr.Markdown(INTRO)
    with gr.Row():
        archivo = gr.File(label="Tu archivo", file_types=list(EXTENSIONES), type="filepath",
                          scale=2, elem_id="subida")  # fmt: skip
        with gr.Column(scale=1):
            ejemplo = gr.Dropdown(EJEMPLOS, value="comentarios", label="…o un ejemplo de afinar")
            usar = gr.Button("Usar este ejemplo")
    gr.Markdown(f"Formatos: {' '.join(EXTENSIONES)}. Tamaño máximo: {limite_subida_mb():g} MB. "
                "El archivo se copia a la carpeta de este trabajo y no sale de tu equipo.")
    lectura = gr.HTML()
    vista = gr.Dataframe(pd.DataFrame(columns=["pregunta", "respuesta"]), label="Primeras filas",
                         interactive=False, wrap=True, max_height=260)  # fmt: skip
    with gr.Row():
        pregunta = gr.Dropdown([], multiselect=True, label="Pregunta",
                               info="Lo que recibe el modelo (puede ser más de una columna).")
        respuesta = gr.Dropdown([], label="Respuesta", info="Lo que debe aprender a escribir; "
                                "sin pregunta, es el texto que aprende a continuar.")
        contexto = gr.Dropdown([], multiselect=True, label="Contexto (opcional)")
    columnas = gr.Button("Usar estas columnas")
    with gr.Row():
        boton_limpiar = gr.Button("Limpiar")
        boton_anonimizar = gr.Button("Anonimizar")
    informe = gr.HTML()
    with gr.Row():
        validacion = gr.Slider(0.05, 0.5, value=0.1, step=0.05, label="Parte para validación")
        with gr.Column():
            sin_limpiar = gr.Checkbox(label="No limpiar", info="Si no pulsaste «Limpiar», se "
                                      "limpia al dividir salvo que marques esto.")  # fmt: skip
            sin_anonimizar = gr.Checkbox(label="No anonimizar (mis datos no tienen nada personal)",
                                         info="Igual con la anonimización.")  # fmt: skip
        boton_dividir = gr.Button("Medir y dividir", variant="primary")
    division = gr.HTML()
    pasos = gr.Markdown(resumen_de_pasos(estudio))

    lectura_salidas = [lectura, vista, pregunta, respuesta, contexto, pasos]
    archivo.upload(accion(partial(subir, estudio)), archivo, lectura_salidas, api_name="subir")
    usar.click(accion(partial(usar_ejemplo, estudio)), ejemplo, lectura_salidas,
               api_name="usar_ejemplo")  # fmt: skip
    columnas.click(accion(partial(usar_columnas, estudio)), [pregunta, respuesta, contexto],
                   lectura_salidas, api_name="usar_columnas")  # fmt: skip
    boton_limpiar.click(accion(partial(limpiar, estudio)), None, [informe, vista, pasos],
                        api_name="limpiar")  # fmt: skip
    boton_anonimizar.click(accion(partial(anonimizar, estudio)), None, [informe, vista, pasos],
                           api_name="anonimizar")  # fmt: skip
    dividido = boton_dividir.click(accion(partial(dividir, estudio)),
                                   [validacion, sin_limpiar, sin_anonimizar],
                                   [division, vista, pasos],
                                   api_name="dividir")  # fmt: skip
    return {"pasos": pasos, "dividido": dividido}
