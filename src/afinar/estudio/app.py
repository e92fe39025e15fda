"""La página del estudio: cinco pestañas en el orden del camino y lo que se recupera al abrirla."""

from __future__ import annotations

import contextlib
import threading
from functools import partial

from afinar.estudio import (
    pestana_comparar,
    pestana_datos,
    pestana_entrenar,
    pestana_llevar,
    pestana_modelo,
    vigilancia,
)
from afinar.estudio.comun import accion
from afinar.estudio.estado import Estudio

TITULO = "afinar estudio"
CABECERA = (
    "# afinar estudio\nAdapta un modelo de lenguaje a tus datos, en tu equipo y sin escribir "
    "código. Sigue las pestañas en orden; cada paso usa las mismas funciones que los cuadernos "
    "del curso, y nada sale de tu equipo."
)
CSS = ".gradio-container {max-width: 1100px !important; margin: auto}"


def linea_de_trabajo(estudio: Estudio) -> str:
    trabajo = estudio.trabajo
    return (f"**Trabajo:** `{trabajo.nombre}` · modelo `{estudio.modelo_base()}` · carpeta "
            f"`{trabajo.carpeta}`")  # fmt: skip


def al_abrir(estudio: Estudio, ver_entrenamiento):
    """Al abrir (o recargar) la página: el trabajo actual tal como está en disco."""
    from afinar.estudio.pestana_comparar import comprobaciones_sugeridas, hay_que_votar, par_actual
    from afinar.estudio.pestana_datos import resumen_de_pasos

    return (linea_de_trabajo(estudio), estudio.modelo_base(), resumen_de_pasos(estudio),
            comprobaciones_sugeridas(estudio), par_actual(estudio), hay_que_votar(estudio),
            *ver_entrenamiento())  # fmt: skip


def trabajo_nuevo(estudio: Estudio) -> str:
    estudio.trabajo_nuevo()
    return linea_de_trabajo(estudio)


def precalentar(estudio: Estudio) -> threading.Thread:
    """En segundo plano, mientras abres el navegador: el catálogo (estima la memoria de cada
    modelo) y matplotlib (la curva), para que la primera carga de la página no los espere. Si
    algo falla aquí, no se pierde nada: la página lo vuelve a calcular al abrirse y entonces
    enseña el error."""

    def calentar():
        with contextlib.suppress(Exception):
            pestana_modelo.tabla(estudio)
            vigilancia.curva([])

    hilo = threading.Thread(target=calentar, name="afinar-estudio-precalentar", daemon=True)
    hilo.start()
    return hilo


def crear_app(estudio: Estudio | None = None):
    """Los `gr.Blocks` del estudio (sin lanzar). ``estudio``: el estado (uno nuevo si no se da)."""
    import gradio as gr

    from afinar.estudio.servidor import preparar_entorno

    estudio = estudio or Estudio()
    preparar_entorno(estudio)  # antes de crear nada: Gradio fija ahí su carpeta temporal
    with gr.Blocks(title=TITULO, analytics_enabled=False) as app:
        gr.Markdown(CABECERA)
        with gr.Row():
            trabajo = gr.Markdown(elem_id="trabajo")
            nuevo = gr.Button("Trabajo nuevo", size="sm", scale=0)
        with gr.Tabs():
            with gr.Tab("1. Modelo", id="modelo"):
                modelo = pestana_modelo.construir(estudio)
            with gr.Tab("2. Datos", id="datos"):
                datos = pestana_datos.construir(estudio)
            with gr.Tab("3. Entrenar", id="entrenar") as pestana:
                entrenar = pestana_entrenar.construir(estudio)
            funcion, salidas_receta = entrenar["proponer"]
            pestana.select(funcion, None, salidas_receta, api_name=False)
            with gr.Tab("4. Comparar", id="comparar"):
                comparar = pestana_comparar.construir(estudio)
            with gr.Tab("5. Probar y llevar", id="llevar"):
                pestana_llevar.construir(estudio)
        # los datos guardados traen sus comprobaciones sugeridas («Nota:»…): a la pestaña Comparar
        datos["dividido"].success(partial(pestana_comparar.comprobaciones_sugeridas, estudio), None,
                                  comparar["comprobaciones"], api_name=False)  # fmt: skip
        salidas = [trabajo, modelo["nombre"], datos["pasos"], comparar["comprobaciones"],
                   comparar["par"], comparar["votos"], *entrenar["vista"]]  # fmt: skip
        app.load(accion(partial(al_abrir, estudio, entrenar["ver"])), None, salidas,
                 api_name="al_abrir")  # fmt: skip
        # el catálogo tarda (estima la memoria de cada modelo): aparte, para no retrasar lo demás
        app.load(accion(partial(pestana_modelo.tabla, estudio)), None, modelo["catalogo"],
                 api_name="catalogo")  # fmt: skip
        nuevo.click(accion(partial(trabajo_nuevo, estudio)), None, trabajo, api_name="trabajo_nuevo")
    app.estudio = estudio
    precalentar(estudio)
    return app
