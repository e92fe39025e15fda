"""Pestaña 5, Probar y llevar: conversar con el modelo afinado, descargarlo y exportarlo."""

from __future__ import annotations

import shutil
from functools import partial

from afinar.errores import AfinarError
from afinar.estudio.comun import accion, introduccion

INTRO = introduccion(
    "5. Pruébalo y llévatelo",
    "Habla con tu modelo afinado con tus propias preguntas, no solo con las de validación. Si te "
    "convence, descárgalo: la carpeta se carga con transformers, y la exportación a GGUF u Ollama "
    "lo deja listo para usarlo en tu ordenador sin afinar ni internet.",
)


def chatear(estudio, mensaje: str, historial):
    """Responde con el modelo afinado (`afinar.generar`) a la conversación entera."""
    from afinar.generacion import generar

    if not (mensaje or "").strip():
        return "", historial
    modelo, tokenizer = estudio.modelo_afinado()
    mensajes = [{"role": m["role"], "content": _texto(m["content"])} for m in historial or []]
    mensajes.append({"role": "user", "content": mensaje})
    entrada = mensajes if tokenizer.chat_template else mensaje
    respuesta = generar(modelo, tokenizer, entrada, "sin_repetir", max_new_tokens=128)
    return "", [*mensajes, {"role": "assistant", "content": respuesta}]


def _texto(contenido) -> str:
    """El texto de un mensaje de `gr.Chatbot` (a veces llega como lista de partes)."""
    if isinstance(contenido, list):
        return " ".join(str(p.get("text", p)) if isinstance(p, dict) else str(p)
                        for p in contenido)  # fmt: skip
    return str(contenido)


def descargar_modelo(estudio) -> str:
    """La carpeta del modelo afinado en un .zip, para descargar."""
    estudio.modelo_afinado()  # error claro si aún no hay modelo
    trabajo = estudio.trabajo
    trabajo.descargas.mkdir(parents=True, exist_ok=True)
    base = trabajo.descargas / f"modelo-{trabajo.nombre}"
    import gradio as gr

    archivo = shutil.make_archive(str(base), "zip", root_dir=trabajo.modelo_afinado)
    return gr.File(archivo, visible=True)


def formatos_de_exportacion() -> list[str]:
    """Los formatos de `afinar.exportacion` (vacío si ese paquete no está)."""
    try:
        from afinar.exportacion import FORMATOS
    except ImportError:
        return []
    return list(FORMATOS)


def exportar(estudio, formato: str):
    """`afinar.exportacion.exportar` del entrenamiento de este trabajo; el resultado, en .zip."""
    try:
        from afinar.exportacion import exportar as exportar_modelo
    except ImportError as error:
        raise AfinarError("Esta instalación de afinar no trae la exportación: actualízala.") from error
    estudio.modelo_afinado()
    trabajo = estudio.trabajo
    destino = trabajo.carpeta / f"exportado-{formato}"
    if destino.exists():
        shutil.rmtree(destino)
    informe = exportar_modelo(trabajo.entrenamiento, formato=formato, salida=destino)
    trabajo.descargas.mkdir(parents=True, exist_ok=True)
    archivo = shutil.make_archive(str(trabajo.descargas / destino.name), "zip", root_dir=destino)
    import gradio as gr

    return informe.a_markdown(), gr.File(archivo, visible=True)


def construir(estudio) -> dict:
    """La pestaña y sus eventos."""
    import gradio as gr

    gr.Markdown(INTRO)
    chat = gr.Chatbot(label="Tu modelo afinado", height=320, buttons=["copy", "copy_all"],
                      placeholder="Cuando termine el entrenamiento, pregúntale algo aquí abajo.")
    with gr.Row():
        mensaje = gr.Textbox(show_label=False, placeholder="Escribe tu pregunta…", scale=4)
        enviar = gr.Button("Enviar", variant="primary", scale=1)
    borrar = gr.Button("Borrar la conversación", size="sm")
    gr.Markdown("#### Llévatelo")
    with gr.Row():
        descargar = gr.Button("Preparar el modelo para descargar (.zip)")
        archivo = gr.File(label="Modelo", interactive=False, visible=False)
    formatos = formatos_de_exportacion()
    if formatos:
        with gr.Row():
            formato = gr.Dropdown(formatos, value=formatos[0], label="Exportar a",
                                  info="gguf: llama.cpp, LM Studio, Jan · ollama: carpeta con "
                                  "Modelfile · fusionado: transformers sin PEFT")  # fmt: skip
            boton_exportar = gr.Button("Exportar")
        informe = gr.Markdown()
        exportado = gr.File(label="Exportación", interactive=False, visible=False)
        boton_exportar.click(accion(partial(exportar, estudio)), formato, [informe, exportado],
                             api_name="exportar")  # fmt: skip

    enviar.click(accion(partial(chatear, estudio)), [mensaje, chat], [mensaje, chat],
                 api_name="chatear")  # fmt: skip
    mensaje.submit(accion(partial(chatear, estudio)), [mensaje, chat], [mensaje, chat], api_name=False)
    borrar.click(lambda: [], None, chat, api_name=False)
    descargar.click(accion(partial(descargar_modelo, estudio)), None, archivo,
                    api_name="descargar_modelo")  # fmt: skip
    return {}
