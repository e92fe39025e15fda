"""Lanzar el estudio: solo en este equipo (127.0.0.1), en español, sin estadísticas y con un
límite de tamaño para las subidas.

- Un enlace público (``share=True`` de Gradio) solo con ``publico=True`` (``afinar estudio
  --publico``), y avisando de que cualquiera con el enlace verá tus datos: el tráfico pasa por
  los servidores de Gradio.
- En Colab la página se ve dentro del cuaderno a través del proxy del propio Colab
  (``share=False``): los datos no pasan por nadie más.
- Las cadenas de Gradio (botones de subir, errores…) salen en español aunque el navegador esté en
  otro idioma: antes de cargar la página se le dice que el idioma es «es».
"""

from __future__ import annotations

import os
import sys

AVISO_PUBLICO = (
    "AVISO: con --publico, Gradio crea un enlace público (*.gradio.live) y todo lo que hagas en "
    "el estudio (tus archivos, tus datos, el modelo) pasa por sus servidores: cualquiera que tenga "
    "el enlace puede verlo y usarlo mientras el estudio esté abierto. Úsalo solo con datos que "
    "puedas enseñar."
)
_IDIOMA = (
    "<script>(()=>{for(const k of ['language','languages']){try{Object.defineProperty("
    "Navigator.prototype,k,{get:()=>k==='language'?'es-ES':['es-ES','es']});}catch(e){}}})();"
    "</script>"
)
# El cliente de Gradio rechaza en el navegador, antes de subirlo, un archivo que pasa de
# max_file_size, con un mensaje en inglés que no pasa por sus traducciones
# («File(s) exceed the maximum allowed size of 51.0 Kb: "x.csv"»): se cambia por este.
_DEMASIADO_GRANDE = (
    "<script>(()=>{const re=/File\\(s\\) exceed the maximum allowed size of [^:]+: (.*)/;"
    "const cambiar=t=>{const m=t.nodeValue&&t.nodeValue.match(re);if(m)t.nodeValue="
    "`«${m[1].replaceAll('\"','')}» MENSAJE`;};"
    "const mirar=n=>{if(n.nodeType===3)return cambiar(n);const w=document.createTreeWalker(n,4);"
    "while(w.nextNode())cambiar(w.currentNode);};"
    "new MutationObserver(ms=>ms.forEach(m=>{mirar(m.target);m.addedNodes.forEach(mirar);}))"
    ".observe(document.documentElement,{childList:true,subtree:true,characterData:true});"
    "})();</script>"
)


def mensaje_demasiado_grande(limite_mb: float) -> str:
    """Lo que ve quien intenta subir un archivo que pasa del límite."""
    return (f"pasa del límite del estudio ({limite_mb:g} MB). Sube una parte de los datos, o "
            "usa el cuaderno o «afinar entrenar», que no tienen este límite.")  # fmt: skip


def script_de_la_pagina(limite_mb: float) -> bytes:
    """Los scripts que se añaden al principio de ``<head>``: el idioma y el mensaje de subida
    demasiado grande, en español."""
    mensaje = mensaje_demasiado_grande(limite_mb).replace("`", "'")
    return (_IDIOMA + _DEMASIADO_GRANDE.replace("MENSAJE", mensaje)).encode()


class IdiomaEspanol:
    """Middleware ASGI: añade al principio de ``<head>`` de la página un script que hace que el
    navegador diga «es» (la interfaz de Gradio elige su idioma con ``navigator.language``) y
    otro que dice en español que un archivo es demasiado grande."""

    def __init__(self, app, limite_mb: float = 50.0):
        self.app = app
        self.script = script_de_la_pagina(limite_mb)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "GET" or scope.get("path") != "/":
            await self.app(scope, receive, send)
            return
        inicio, partes = {}, []

        async def enviar(mensaje):
            if mensaje["type"] == "http.response.start":
                inicio.update(mensaje)
                return
            partes.append(mensaje.get("body", b""))
            if mensaje.get("more_body"):
                return
            cuerpo = b"".join(partes).replace(b"<head>", b"<head>" + self.script, 1)
            cabeceras = [(k, v) for k, v in inicio.get("headers", []) if k.lower() != b"content-length"]
            cabeceras.append((b"content-length", str(len(cuerpo)).encode()))
            await send({**inicio, "headers": cabeceras})
            await send({"type": "http.response.body", "body": cuerpo})

        await self.app(scope, receive, enviar)


def opciones_de_lanzamiento(estudio, *, publico: bool = False, puerto: int | None = None) -> dict:
    """Los argumentos de ``Blocks.launch`` del estudio (se prueban aparte)."""
    from starlette.middleware import Middleware

    from afinar.estudio.app import CSS
    from afinar.estudio.trabajo import limite_subida_mb

    limite = limite_subida_mb()
    return dict(
        server_name="127.0.0.1",
        server_port=puerto,
        share=bool(publico),
        max_file_size=f"{int(limite * 1024)}kb",
        allowed_paths=[],  # nada fuera de su carpeta temporal (donde van las descargas)
        app_kwargs={"middleware": [Middleware(IdiomaEspanol, limite_mb=limite)]},
        footer_links=["settings"],
        run_history=False,
        show_error=True,
        css=CSS,
        quiet=True,
    )


def preparar_entorno(estudio) -> None:
    """Sin estadísticas de Gradio; su carpeta temporal (subidas y descargas), dentro de la del
    estudio (no en /tmp, donde la verían otros usuarios del equipo)."""
    from afinar.estudio.trabajo import CARPETA_GRADIO

    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    temporal = estudio.raiz / CARPETA_GRADIO
    temporal.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ["GRADIO_TEMP_DIR"] = str(temporal)


def lanzar(app, *, publico: bool = False, puerto: int | None = None, bloquear: bool = True,
           en_cuaderno: bool = False, alto: int = 900):  # fmt: skip
    """Lanza ``app`` (de :func:`afinar.estudio.crear_app`). Devuelve la dirección local."""
    estudio = app.estudio
    if publico:
        print(AVISO_PUBLICO, file=sys.stderr, flush=True)
    opciones = opciones_de_lanzamiento(estudio, publico=publico, puerto=puerto)
    _, url, enlace = app.launch(prevent_thread_lock=True, inline=en_cuaderno, height=alto,
                                **opciones)  # fmt: skip
    if not en_cuaderno:
        donde = f"y en el enlace público {enlace}" if publico else "(solo en este equipo)"
        print(f"El estudio está abierto en {url} {donde}. Tus trabajos se guardan en "
              f"{estudio.raiz}. Ciérralo con Ctrl-C.", flush=True)  # fmt: skip
    if bloquear:
        try:
            app.block_thread()
        except KeyboardInterrupt:
            print("\nEstudio cerrado.", flush=True)
    return url
