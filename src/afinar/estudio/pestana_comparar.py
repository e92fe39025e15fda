"""Pestaña 4, Comparar: el modelo de partida y el afinado, lado a lado, sobre ejemplos de
validación que ninguno vio; las métricas, el veredicto, tus comprobaciones y tu voto a ciegas."""

from __future__ import annotations

import html
from functools import partial

from afinar.errores import AfinarError
from afinar.estudio.comun import accion, html_de, introduccion, lista_de_lineas

INTRO = introduccion(
    "4. Compara",
    "Que la pérdida baje no basta: hay que ver si responde mejor. Aquí los dos modelos contestan "
    "a ejemplos de validación que no vieron al entrenar, y afinar cuenta quién se parece más a la "
    "respuesta de referencia, si cumplen tus comprobaciones y si alguno se ha estropeado. Después "
    "vota tú sin saber cuál es cuál: las métricas no lo ven todo.",
)


def comprobaciones_sugeridas(estudio) -> str:
    """Las comprobaciones que se guardaron con los datos (una por línea)."""
    from afinar.datos.guardado import leer_ajustes

    try:
        return "\n".join(leer_ajustes(estudio.trabajo.datos).get("comprobaciones", []))
    except AfinarError:
        return ""


def comparar(estudio, ejemplos, comprobaciones: str):
    """`afinar.comparar` con el modelo de partida y el afinado; guarda el informe (informe.html)
    en la carpeta del trabajo y lo ofrece para descargar. El resultado queda oculto hasta que
    termines de votar a ciegas (o pidas verlo): si lo vieras antes, el voto ya no sería ciego."""
    import gradio as gr

    from afinar.datos import cargar_guardado
    from afinar.evaluacion import ValoracionCiega, contiene
    from afinar.evaluacion import comparar as comparar_modelos

    trabajo = estudio.trabajo
    afinado, tokenizer = estudio.modelo_afinado()
    base, tokenizer_base = estudio.modelo(estudio.modelo_base())
    partes = cargar_guardado(trabajo.datos)
    validacion = partes["validation"]
    n = max(1, min(int(ejemplos or 5), len(validacion)))
    comparacion = comparar_modelos(
        (base, tokenizer_base), (afinado, tokenizer), validacion.select(range(n)),
        comprobaciones=[contiene(t) for t in lista_de_lineas(comprobaciones)],
        datos_entrenamiento=partes,
    )
    comparacion.guardar(trabajo.evaluacion)
    estudio.comparacion = comparacion
    estudio.valoracion = ValoracionCiega(comparacion)
    informe = trabajo.para_descargar(trabajo.evaluacion / "informe.html")
    return (f"**Veredicto:** {comparacion.veredicto}", html_de(comparacion), str(informe),
            par_actual(estudio), gr.Column(visible=False), gr.Column(visible=True),
            gr.Row(visible=True))  # fmt: skip


def par_actual(estudio) -> str:
    """El par que toca votar (A y B en orden al azar), o, si ya terminaste, el recuento y qué
    modelo era cada respuesta."""
    valoracion = estudio.valoracion
    if valoracion is None:
        return "Pulsa «Comparar»: primero votarás a ciegas y después verás el resultado."
    if valoracion.terminada:
        return f"**{valoracion.resultado()}**\n\n" + revelar(valoracion)
    par = valoracion.pares[len(valoracion.votos)]

    def caja(texto):
        return ("<div style='white-space:pre-wrap;border:1px solid #ccc;padding:6px;"
                f"border-radius:4px'>{html.escape(str(texto))}</div>")  # fmt: skip

    return (f"Par {len(valoracion.votos) + 1} de {len(valoracion.pares)}. "
            f"**Pregunta:** {html.escape(str(par['pregunta']))}\n\n**A**\n\n{caja(par['A'])}\n\n"
            f"**B**\n\n{caja(par['B'])}")  # fmt: skip


NOMBRES = {"base": "de partida", "afinado": "afinado"}


def revelar(valoracion) -> str:
    """Después de votar: qué modelo era A y cuál B en cada par, y qué votaste (Markdown)."""
    filas = ["| par | A era el modelo… | B era el modelo… | tu voto |", "|---|---|---|---|"]
    for numero, (par, voto) in enumerate(zip(valoracion.pares, valoracion.votos, strict=False), 1):
        elegido = "empate" if voto == "empate" else f"{voto} ({NOMBRES[par['modelo_' + voto]]})"
        filas.append(f"| {numero} | {NOMBRES[par['modelo_A']]} | {NOMBRES[par['modelo_B']]} | "
                     f"{elegido} |")  # fmt: skip
    return "\n".join(filas)


def hay_que_votar(estudio):
    """Los botones de votar, visibles solo si queda algún par por votar (o aún no se comparó)."""
    import gradio as gr

    return gr.Row(visible=estudio.valoracion is None or not estudio.valoracion.terminada)


def votar(estudio, eleccion: str):
    """Tu voto para el par actual (`ValoracionCiega.votar`): «A», «B» o «empate». Con el último
    voto se enseña el resultado de la comparación."""
    import gradio as gr

    if estudio.valoracion is None:
        raise AfinarError("Pulsa «Comparar» primero: después podrás votar a ciegas.")
    estudio.valoracion.votar(eleccion)
    terminada = estudio.valoracion.terminada
    return (par_actual(estudio), gr.Column(visible=terminada), gr.Column(visible=not terminada),
            gr.Row(visible=not terminada))  # fmt: skip


def ver_resultado(estudio):
    """Enseña el resultado sin terminar de votar (la votación ya no será ciega)."""
    import gradio as gr

    if estudio.comparacion is None:
        raise AfinarError("Pulsa «Comparar» primero.")
    return gr.Column(visible=True), gr.Column(visible=False)


def construir(estudio) -> dict:
    """La pestaña y sus eventos."""
    import gradio as gr

    gr.Markdown(INTRO)
    with gr.Row():
        ejemplos = gr.Slider(1, 20, value=5, step=1, label="Ejemplos de validación",
                             elem_id="ejemplos")
        comprobaciones = gr.Textbox(
            label="Tus comprobaciones", lines=3, scale=2,
            info="Una por línea: un texto que toda buena respuesta debe contener (por ejemplo "
            "«Nota:»). Se proponen las que llevan casi todas tus respuestas.",
        )
    boton = gr.Button("Comparar", variant="primary")
    gr.Markdown("#### 1. Vota a ciegas\nElige la mejor respuesta sin saber de qué modelo es; al "
                "terminar se revela qué modelo era cada una y aparece el resultado.")
    par = gr.Markdown(par_actual(estudio))
    with gr.Row() as fila_de_votos:
        botones = [gr.Button(texto) for texto in ("A es mejor", "B es mejor", "Empate")]
    with gr.Column(visible=False) as pedir:
        ver = gr.Button("Ver ya el resultado (sin terminar de votar)", size="sm")
    with gr.Column(visible=False) as resultado:
        gr.Markdown("#### 2. El resultado")
        veredicto = gr.Markdown(visible=False)  # la tabla ya lo dice; aparte, para la API
        tabla = gr.HTML()
        informe = gr.File(label="Informe para descargar (informe.html)", interactive=False)

    boton.click(accion(partial(comparar, estudio)), [ejemplos, comprobaciones],
                [veredicto, tabla, informe, par, resultado, pedir, fila_de_votos],
                api_name="comparar")  # fmt: skip
    for b, eleccion in zip(botones, ("A", "B", "empate"), strict=True):
        b.click(accion(partial(votar, estudio, eleccion)), None,
                [par, resultado, pedir, fila_de_votos],
                api_name=f"votar_{eleccion.lower()}")  # fmt: skip
    ver.click(accion(partial(ver_resultado, estudio)), None, [resultado, pedir],
              api_name="ver_resultado")  # fmt: skip
    return {"comprobaciones": comprobaciones, "par": par, "votos": fila_de_votos}
