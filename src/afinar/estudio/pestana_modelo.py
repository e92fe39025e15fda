"""Pestaña 1, Modelo: el catálogo con lo que cabe en este equipo, elegir un modelo y probarlo."""

from __future__ import annotations

import threading
from functools import partial

from afinar.estudio.comun import accion, introduccion

INTRO = introduccion(
    "1. Elige el modelo de partida",
    "Afinar no crea un modelo nuevo: ajusta uno que ya existe con tus ejemplos. La tabla dice qué "
    "cabe en este equipo y en una GPU T4 de Colab; el de **bolsillo** viene con afinar y sirve "
    "para practicar sin internet. Antes de afinar, pruébalo: así sabrás luego qué ha cambiado.",
)


COLUMNAS = ("modelo", "cabe aquí", "T4: LoRA", "parámetros (M)", "español", "sin GPU", "licencia")


_CATALOGO: list[str] = []  # el HTML, calculado una vez por proceso (depende solo del equipo)
_CANDADO = threading.Lock()


def tabla(estudio=None) -> str:
    """El catálogo (`tabla_catalogo`) con las columnas que importan al elegir, en HTML (como en
    los cuadernos). Depende solo de este equipo: se calcula una vez por proceso."""
    with _CANDADO:
        if not _CATALOGO:
            from afinar.modelos import tabla_catalogo
            from afinar.presentacion import tabla_html

            catalogo = tabla_catalogo()
            columnas = [c for c in COLUMNAS if c in catalogo.columns]
            filas = [tuple(fila) for fila in catalogo[columnas].itertuples(index=False)]
            _CATALOGO.append("<p><b>Catálogo de modelos</b> («cabe aquí»: lo que se puede hacer "
                             "con la memoria de este equipo)</p>" + tabla_html(filas, columnas))
        return _CATALOGO[0]


def elegir_modelo(estudio, nombre: str) -> str:
    """Carga el modelo (`cargar_modelo`), lo apunta en el trabajo y dice en una tabla cuánta
    memoria necesita afinarlo completo y con LoRA (`estimar_memoria`) y si cabe."""
    from afinar.modelos import estimar_memoria

    nombre = estudio.comprobar_nombre_de_modelo(nombre)
    modelo, _ = estudio.modelo(nombre)
    estudio.trabajo.apuntar(modelo=nombre)
    filas = ["| para afinarlo… | memoria | ¿cabe en este equipo? | ¿cabe en una T4 de Colab? |",
             "|---|---|---|---|"]  # fmt: skip
    for metodo, como in (("completo", "completo (todos los pesos)"),
                         ("lora", "con LoRA (solo unos adaptadores)")):  # fmt: skip
        memoria = estimar_memoria(modelo, metodo)
        aqui = {True: "sí", False: "no", None: "no lo sé"}[memoria.cabe_aqui]
        if memoria.disponible_gb is not None:
            aqui += f" (hay {memoria.disponible_gb:.1f} GB)"
        filas.append(f"| {como} | unos {memoria.total_gb:.1f} GB | {aqui} | "
                     f"{'sí' if memoria.cabe_t4 else 'no'} |")  # fmt: skip
    return (f"**Modelo elegido: `{nombre}`** ({modelo.num_parameters() / 1e6:,.1f} M de "
            "parámetros). Se usará en todas las pestañas de este trabajo.\n\n" + "\n".join(filas))


def probar_modelo(estudio, texto: str) -> str:
    """Genera con el modelo elegido (`afinar.generar`): como conversación si el modelo tiene
    plantilla de chat, como continuación de texto si no."""
    from afinar.generacion import generar

    if not (texto or "").strip():
        return "Escribe algo en el cuadro de arriba y pulsa «Generar»."
    modelo, tokenizer = estudio.modelo(estudio.modelo_base())
    entrada = [{"role": "user", "content": texto}] if tokenizer.chat_template else texto
    return generar(modelo, tokenizer, entrada, max_new_tokens=80)


def construir(estudio) -> dict:
    """La pestaña y sus eventos; devuelve los componentes que otras partes necesitan."""
    import gradio as gr

    from afinar.modelos import CATALOGO

    gr.Markdown(INTRO)
    catalogo = gr.HTML("<p>Calculando qué modelos caben en este equipo…</p>")
    with gr.Row():
        nombre = gr.Dropdown(
            [m.id for m in CATALOGO], value="bolsillo", allow_custom_value=True, scale=3,
            label="Modelo", info="Del catálogo, un id del Hub (organización/modelo) o la carpeta "
            "de un modelo dentro de la carpeta del estudio.",
        )
        elegir = gr.Button("Usar este modelo", variant="primary", scale=1)
    memoria = gr.Markdown()
    with gr.Row():
        prueba = gr.Textbox(label="Pruébalo", value="¿Qué le dirías a un alumno que no estudió?",
                            lines=2, scale=3)  # fmt: skip
        generar = gr.Button("Generar", scale=1)
    respuesta = gr.Textbox(label="Respuesta del modelo", lines=3, interactive=False,
                           elem_id="respuesta-modelo")

    elegir.click(accion(partial(elegir_modelo, estudio)), nombre, memoria, api_name="elegir_modelo")
    generar.click(accion(partial(probar_modelo, estudio)), prueba, respuesta,
                  api_name="probar_modelo")  # fmt: skip
    return {"catalogo": catalogo, "nombre": nombre, "memoria": memoria}
