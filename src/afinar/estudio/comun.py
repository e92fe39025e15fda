"""Piezas que comparten las pestañas: errores en español en la página y textos comunes."""

from __future__ import annotations

import functools
import html
import traceback

from afinar.errores import AfinarError


def accion(funcion):
    """Una acción de la página: un `AfinarError` (o cualquier fallo) se muestra como aviso en
    español en la página, en vez de un error sin explicar."""
    import gradio as gr

    @functools.wraps(funcion)
    def envuelta(*args, **kwargs):
        try:
            return funcion(*args, **kwargs)
        except gr.Error:
            raise
        except AfinarError as error:
            raise gr.Error(str(error), title="No se pudo hacer", print_exception=False) from error
        except Exception as error:
            traceback.print_exc()
            raise gr.Error(
                f"Error inesperado ({type(error).__name__}: {error}). Si se repite, abre el mismo "
                "paso en el cuaderno o en la terminal para ver el detalle.",
                title="Algo salió mal",
            ) from error

    return envuelta


def introduccion(titulo: str, frases: str) -> str:
    """La cabecera de una pestaña: qué pasa en ella y por qué (Markdown)."""
    return f"### {titulo}\n{frases}"


def html_de(objeto) -> str:
    """El HTML con el que la biblioteca dibuja ``objeto`` en un cuaderno (``_repr_html_``); si no
    lo tiene, su texto."""
    if objeto is None:
        return ""
    dibujar = getattr(objeto, "_repr_html_", None)
    if dibujar is not None:
        return dibujar()
    return f"<pre style='white-space:pre-wrap'>{html.escape(str(objeto))}</pre>"


def lista_de_lineas(texto: str | None) -> list[str]:
    """Las líneas no vacías de un cuadro de texto."""
    return [linea.strip() for linea in (texto or "").splitlines() if linea.strip()]
