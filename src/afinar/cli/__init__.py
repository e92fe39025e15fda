"""La orden `afinar`: info, demo, generar, entrenar, evaluar, exportar y estudio.

Ejemplos::

    afinar info
    afinar demo
    afinar generar --modelo bolsillo "Érase una vez"
    afinar entrenar --modelo bolsillo --datos recetas.jsonl --salida mi_modelo --metodo lora
    afinar entrenar --modelo bolsillo --datos recetas.jsonl --salida mi_modelo --reanudar
    afinar evaluar --base bolsillo --afinado mi_modelo/modelo --datos recetas.jsonl
    afinar exportar --modelo mi_modelo --formato ollama
    afinar estudio [--puerto N] [--publico]
    accelerate launch --multi_gpu --num_processes 2 -m afinar entrenar --modelo bolsillo --datos recetas.jsonl

Un error de uso se muestra como una sola frase en español (estado de salida 2); con
``AFINAR_DEPURAR=1`` se muestra el traceback completo. Un entrenamiento que termina pero sale
mal (la validación acaba peor que al empezar, o el modelo deja de responder) también sale con 2. Las opciones de `entrenar` salen de los
campos de `Receta` con `transformers.HfArgumentParser`: no se escriben dos veces.
"""

from __future__ import annotations

import os
import sys

from afinar.cli import ordenes
from afinar.cli.espanol import Analizador, ayudar_negaciones, en_espanol, recortar_mensaje
from afinar.errores import AfinarError

_MODELO = '"bolsillo", una carpeta o un id del Hub.'


def _opciones_de_receta():
    """Un analizador con una opción por campo de `Receta` (su ayuda es ``metadata["help"]``)."""
    from transformers import HfArgumentParser

    from afinar.entrenamiento import Receta

    return HfArgumentParser(Receta, add_help=False)


def crear_parser(con_receta: bool = True) -> Analizador:
    """El analizador de argumentos. Las opciones de `entrenar` salen de `Receta` (import pesado:
    solo se cargan cuando la orden es `entrenar`)."""
    parser = Analizador(
        prog="afinar",
        description="afinar: adapta un modelo de lenguaje a tus datos, en privado, y mide si mejoró.",
    )
    sub = parser.add_subparsers(dest="orden", metavar="ORDEN", title="órdenes")
    sub.required = True

    p = sub.add_parser("info", help="Muestra el equipo (GPU o CPU, memoria, precisión).")
    p.set_defaults(funcion=ordenes.info)

    p = sub.add_parser("demo", help="Afina el modelo de bolsillo con recetas, sin internet, y compara.")
    p.add_argument("--modelo", default="bolsillo", help=_MODELO)
    p.add_argument("--salida", default="afinar_demo", help="Carpeta donde guardar el modelo y el informe.")
    p.add_argument("--pasos", type=int, default=None, help="Pasos de entrenamiento (por defecto, los de la receta).")
    p.set_defaults(funcion=ordenes.demo)

    p = sub.add_parser("generar", help="Genera texto con un modelo.")
    p.add_argument("texto", help="El comienzo del texto (prompt).")
    p.add_argument("--modelo", default="bolsillo", help=_MODELO)
    p.add_argument("--max-new-tokens", type=int, default=60, help="Cuántos tokens nuevos, como mucho.")
    p.set_defaults(funcion=ordenes.generar)

    padres = [_opciones_de_receta()] if con_receta else []
    p = sub.add_parser("entrenar", help="Afina un modelo con tus datos.", parents=padres)
    p.add_argument("--modelo", default="bolsillo", help=_MODELO)
    p.add_argument("--datos", required=True, help="Archivo o carpeta con tus datos (txt, csv, xlsx, json, jsonl, docx, pdf).")
    _opciones_de_columnas(p)
    carpeta = p.add_mutually_exclusive_group()
    carpeta.add_argument("--reanudar", action="store_true",
                         help="Sigue el entrenamiento de la carpeta de salida desde su último punto de control.")
    carpeta.add_argument("--sobrescribir", action="store_true",
                         help="Borra el entrenamiento que ya haya en la carpeta de salida y empieza de cero.")
    p.add_argument("--sin-limpiar", action="store_true",
                   help="No limpia los datos (por defecto se quitan filas vacías y duplicadas y se arregla el texto).")
    p.add_argument("--sin-anonimizar", action="store_true",
                   help="No anonimiza (por defecto, correos, teléfonos, DNI… se cambian por marcadores).")
    p.set_defaults(funcion=ordenes.entrenar)
    ayudar_negaciones(p)

    p = sub.add_parser("evaluar", help="Compara el modelo base con el afinado en ejemplos de validación.")
    p.add_argument("--base", required=True, help="El modelo antes de afinar: " + _MODELO)
    p.add_argument("--afinado", required=True, help="La carpeta del modelo afinado (por ejemplo, mi_modelo/modelo).")
    p.add_argument("--datos", required=True, help="Los mismos datos con los que entrenaste.")
    _opciones_de_columnas(p)
    p.add_argument("--validacion", type=float, default=0.1, help="Fracción de validación (la de la receta).")
    p.add_argument("--todos", action="store_true", help="Usa todos los datos, sin apartar validación.")
    p.add_argument("--ejemplos", type=int, default=8, help="Cuántos ejemplos comparar.")
    p.add_argument("--contiene", nargs="+", help="Textos que una buena respuesta debe contener.")
    p.add_argument("--max-new-tokens", type=int, default=128, help="Largo máximo de cada respuesta.")
    p.add_argument("--salida", default="afinar_evaluacion", help="Carpeta del informe.")
    p.set_defaults(funcion=ordenes.evaluar)
    _agregar_exportar(sub)
    _agregar_estudio(sub)
    return parser


def _opciones_de_columnas(p) -> None:
    """Qué columna es qué en una hoja de cálculo (los papeles de `cargar_datos`)."""
    p.add_argument("--pregunta", nargs="+", metavar="COLUMNA",
                   help="Columna(s) con la pregunta o entrada (varias se juntan, cada una con su nombre).")
    p.add_argument("--respuesta", metavar="COLUMNA", help="Columna con la respuesta que el modelo debe aprender.")
    p.add_argument("--contexto", nargs="+", metavar="COLUMNA", help="Columna(s) de contexto que acompañan a la pregunta.")
    p.add_argument("--columna", help="Columna con el texto, si son textos sueltos y afinar no la adivina.")
    p.add_argument("--agrupar", type=int, metavar="N", help="Junta cada N filas seguidas en un pasaje (filas muy cortas, como versos).")


def _agregar_exportar(sub) -> None:
    """`afinar exportar` la define `afinar.exportacion.orden`, junto a lo que hace."""
    from afinar.exportacion.orden import agregar_orden

    agregar_orden(sub)


def _agregar_estudio(sub) -> None:
    """`afinar estudio` (Gradio solo se importa al lanzarla; sin él, una frase dice qué instalar)."""
    from afinar.estudio import agregar_orden

    agregar_orden(sub)


def main(argv: list[str] | None = None) -> int:
    """Punto de entrada de la orden `afinar` (y de `python -m afinar`)."""
    argv = sys.argv[1:] if argv is None else argv
    with en_espanol():
        args = crear_parser(con_receta="entrenar" in argv).parse_args(argv)
    depurar = os.environ.get("AFINAR_DEPURAR", "").strip() not in ("", "0")
    try:
        return args.funcion(args)
    except AfinarError as error:
        if depurar:
            raise
        print(f"Error: {recortar_mensaje(str(error))}", file=sys.stderr)
        # Ctrl-C durante el entrenamiento llega como AfinarError (dice cómo reanudar): 130, como
        # cualquier programa interrumpido; el resto son errores de uso: 2.
        return 130 if isinstance(error.__cause__, KeyboardInterrupt) else 2
    except KeyboardInterrupt:
        if depurar:
            raise
        print("\nInterrumpido (Ctrl-C). Los puntos de control ya guardados siguen en la carpeta de "
              "salida: repite la orden con --reanudar para seguir.", file=sys.stderr)
        return 130
