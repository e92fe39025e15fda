"""afinar estudio: todo el camino (modelo, datos, entrenar, comparar, llevar) en una página web
en español, sin escribir código.

En una terminal::

    afinar estudio                 # abre http://127.0.0.1:7860, solo en este equipo

En un cuaderno (Colab o Jupyter), la página aparece dentro del cuaderno::

    import afinar.estudio
    afinar.estudio.abrir()

La página solo coloca y conecta: cada botón llama a las mismas funciones públicas de afinar que
usan los cuadernos (`cargar_datos`, `limpiar`, `anonimizar`, `dividir`, `decidir`, `afinar
entrenar`, `comparar`…). Necesita Gradio: ``pip install "afinar[estudio]"`` (Colab ya lo trae).
"""

from __future__ import annotations

from afinar.errores import AfinarError

__all__ = ["abrir", "agregar_orden", "crear_app", "main_estudio"]


def _gradio():
    try:
        import gradio  # noqa: F401
    except ImportError as error:
        raise AfinarError(
            'El estudio necesita Gradio y no está instalado: ejecuta pip install "afinar[estudio]" '
            "(en Colab ya viene instalado)."
        ) from error


def crear_app(carpeta=None):
    """La página del estudio (un ``gradio.Blocks`` sin lanzar). ``carpeta``: dónde se guardan
    los trabajos (por defecto ``~/afinar_estudio`` o la variable ``AFINAR_ESTUDIO``)."""
    _gradio()
    from afinar.estudio.app import crear_app as crear
    from afinar.estudio.estado import Estudio

    return crear(Estudio(carpeta))


def abrir(carpeta=None, *, puerto: int | None = None, alto: int = 900):
    """Abre el estudio dentro del cuaderno (Colab o Jupyter) y devuelve la página.

    En Colab se ve a través del proxy del propio Colab (``share=False``): ni tus datos ni la
    página pasan por ningún servidor de fuera. La celda termina enseguida; el estudio sigue
    abierto mientras el cuaderno esté en marcha."""
    from afinar.estudio.servidor import lanzar

    app = crear_app(carpeta)
    lanzar(app, puerto=puerto, bloquear=False, en_cuaderno=True, alto=alto)
    return app


def agregar_orden(subparsers) -> None:
    """Añade `afinar estudio` al analizador de la orden `afinar`."""
    p = subparsers.add_parser(
        "estudio", help="Abre el estudio: todo el camino en una página web, sin código."
    )
    p.add_argument("--carpeta", default=None,
                   help="Dónde guardar los trabajos (por defecto ~/afinar_estudio).")
    p.add_argument("--puerto", type=int, default=None,
                   help="Puerto local (por defecto, el primero libre desde 7860).")
    p.add_argument("--publico", action="store_true",
                   help="Crea un enlace público de Gradio: cualquiera con el enlace verá tus datos.")
    p.set_defaults(funcion=main_estudio)


def main_estudio(args) -> int:
    """`afinar estudio`: lanza la página en 127.0.0.1 y espera hasta Ctrl-C."""
    from afinar.estudio.servidor import lanzar

    app = crear_app(args.carpeta)
    lanzar(app, publico=args.publico, puerto=args.puerto)
    return 0
