"""La orden `afinar`: demo, entrenar, generar e info.

Ejemplos::

    afinar info
    afinar demo
    afinar generar --modelo bolsillo "Érase una vez"
    afinar entrenar --modelo bolsillo --datos recetas.jsonl --salida mi_modelo --metodo lora
    accelerate launch --multi_gpu --num_processes 2 -m afinar entrenar --modelo bolsillo --datos recetas.jsonl

Un error de uso se muestra como una sola frase en español (estado de salida 2); con
``AFINAR_DEPURAR=1`` se muestra el traceback completo.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import types
import typing

from afinar.errores import AfinarError


def _tipo_base(tipo):
    """De `int | None`, `Optional[int]` o `list[str]` saca lo que argparse necesita."""
    origen = typing.get_origin(tipo)
    if origen in (typing.Union, types.UnionType):
        argumentos = [a for a in typing.get_args(tipo) if a is not type(None)]
        return _tipo_base(argumentos[0])
    if origen in (list, tuple):
        return ("lista", typing.get_args(tipo)[0] if typing.get_args(tipo) else str)
    return tipo


def agregar_opciones_de_receta(parser: argparse.ArgumentParser) -> None:
    """Una opción por campo de `Receta` (la ayuda sale del comentario del campo): nada se escribe dos veces."""
    from afinar.entrenar import Receta

    tipos = typing.get_type_hints(Receta)
    for campo in dataclasses.fields(Receta):
        opcion = "--" + campo.name.replace("_", "-")
        tipo = _tipo_base(tipos[campo.name])
        ayuda = campo.metadata.get("ayuda", "")
        if tipo is bool:
            parser.add_argument(opcion, dest=campo.name, action=argparse.BooleanOptionalAction,
                                default=None, help=ayuda)
        elif isinstance(tipo, tuple):
            parser.add_argument(opcion, dest=campo.name, nargs="+", type=tipo[1], default=None,
                                help=ayuda)
        else:
            parser.add_argument(opcion, dest=campo.name, type=tipo if tipo in (int, float) else str,
                                default=None, help=ayuda)


def receta_desde_argumentos(args: argparse.Namespace):
    """Construye una `Receta` con los valores por defecto y lo que se pasó en la línea de órdenes."""
    from afinar.entrenar import Receta

    cambios = {
        campo.name: getattr(args, campo.name)
        for campo in dataclasses.fields(Receta)
        if getattr(args, campo.name, None) is not None
    }
    return Receta(**cambios)


def _orden_info(args) -> int:
    from afinar import entorno

    print(entorno.resumen())
    return 0


def _orden_generar(args) -> int:
    from afinar.generar import generar
    from afinar.modelos import cargar_modelo

    modelo, tokenizer = cargar_modelo(args.modelo)
    print(generar(modelo, tokenizer, args.texto, max_new_tokens=args.max_new_tokens))
    return 0


def _orden_entrenar(args) -> int:
    from afinar.datos import cargar_datos
    from afinar.entrenar import entrenar
    from afinar.modelos import cargar_modelo

    receta = receta_desde_argumentos(args)
    modelo, tokenizer = cargar_modelo(args.modelo)
    resultado = entrenar(modelo, tokenizer, cargar_datos(args.datos), receta)  # separa validación
    if _es_proceso_principal():
        print(f"Modelo afinado guardado en: {resultado.carpeta}")
    return 0


def _es_proceso_principal() -> bool:
    return os.environ.get("RANK", "0") == "0"


def _orden_demo(args) -> int:
    from afinar.demo import demo

    demo(modelo=args.modelo, salida=args.salida, pasos=args.pasos)
    return 0


def crear_parser(con_receta: bool = True) -> argparse.ArgumentParser:
    """El analizador de argumentos. Las opciones de `entrenar` salen de `Receta` (import pesado:
    solo se cargan cuando la orden es `entrenar`)."""
    parser = argparse.ArgumentParser(
        prog="afinar",
        description="afinar: adapta un modelo de lenguaje a tus datos, en privado, y mide si mejoró.",
    )
    sub = parser.add_subparsers(dest="orden", metavar="ORDEN")
    sub.required = True

    p = sub.add_parser("info", help="Muestra el equipo (GPU o CPU, memoria, precisión).")
    p.set_defaults(funcion=_orden_info)

    p = sub.add_parser("demo", help="Afina el modelo de bolsillo con recetas, sin internet, y compara.")
    p.add_argument("--modelo", default="bolsillo", help='"bolsillo", una carpeta o un id del Hub.')
    p.add_argument("--salida", default="afinar_demo", help="Carpeta donde guardar el modelo y el informe.")
    p.add_argument("--pasos", type=int, default=None, help="Pasos de entrenamiento (por defecto, los de la receta).")
    p.set_defaults(funcion=_orden_demo)

    p = sub.add_parser("generar", help="Genera texto con un modelo.")
    p.add_argument("texto", help="El comienzo del texto (prompt).")
    p.add_argument("--modelo", default="bolsillo", help='"bolsillo", una carpeta o un id del Hub.')
    p.add_argument("--max-new-tokens", type=int, default=60, help="Cuántos tokens nuevos, como mucho.")
    p.set_defaults(funcion=_orden_generar)

    p = sub.add_parser("entrenar", help="Afina un modelo con tus datos.")
    p.add_argument("--modelo", default="bolsillo", help='"bolsillo", una carpeta o un id del Hub.')
    p.add_argument("--datos", required=True, help="Archivo o carpeta con tus datos (txt, csv, xlsx, json, jsonl, docx, pdf).")
    if con_receta:
        agregar_opciones_de_receta(p)
    p.set_defaults(funcion=_orden_entrenar)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Punto de entrada de la orden `afinar` (y de `python -m afinar`)."""
    argv = sys.argv[1:] if argv is None else argv
    args = crear_parser(con_receta="entrenar" in argv).parse_args(argv)
    depurar = os.environ.get("AFINAR_DEPURAR", "").strip() not in ("", "0")
    try:
        return args.funcion(args)
    except AfinarError as error:
        if depurar:
            raise
        print(f"Error: {error}", file=sys.stderr)
        # Ctrl-C durante el entrenamiento llega como AfinarError (dice cómo reanudar): 130, como
        # cualquier programa interrumpido; el resto son errores de uso: 2.
        return 130 if isinstance(error.__cause__, KeyboardInterrupt) else 2
    except KeyboardInterrupt:
        if depurar:
            raise
        print("\nInterrumpido (Ctrl-C). Los puntos de control ya guardados siguen en la carpeta de "
              "salida: puedes reanudar con `reanudar=True`.", file=sys.stderr)
        return 130
