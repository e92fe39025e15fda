"""La orden `afinar exportar`: la misma `exportar()` desde una terminal.

Ejemplos::

    afinar exportar --modelo mi_modelo --formato ollama
    afinar exportar --modelo mi_modelo --formato gguf --cuantizacion q8_0
    afinar exportar --modelo mi_modelo/modelo --formato fusionado --salida modelo_para_llevar

La línea de órdenes de afinar la añade con ``agregar_orden(subparsers)``; ``main_exportar(args)``
imprime el informe y devuelve 0 si todas las comprobaciones salieron bien (1 si alguna falló).
"""

from __future__ import annotations

import argparse
import sys

from afinar.errores import AfinarError
from afinar.exportacion import CUANTIZACIONES, FORMATOS, exportar


def agregar_orden(subparsers) -> argparse.ArgumentParser:
    """Añade la orden `exportar` al analizador de `afinar` y devuelve su sub-analizador."""
    p = subparsers.add_parser(
        "exportar",
        help="Lleva tu modelo afinado a tu ordenador: fusionado, GGUF u Ollama.",
        description="Exporta la carpeta de un entrenamiento (o un modelo guardado) a un modelo "
        "fusionado (transformers), un archivo GGUF (llama.cpp, LM Studio, Jan) o una carpeta "
        "para Ollama, y comprueba que responde igual que el original.",
    )
    p.add_argument("--modelo", required=True,
                   help="Carpeta de salida del entrenamiento, o carpeta guardada con save_pretrained.")
    p.add_argument("--formato", choices=FORMATOS, default="gguf",
                   help="fusionado (safetensors), gguf (un archivo) u ollama (carpeta con Modelfile).")
    p.add_argument("--cuantizacion", choices=CUANTIZACIONES, default="f16",
                   help="GGUF y Ollama: f16 (fiel) o q8_0 (la mitad de tamaño).")
    p.add_argument("--salida", default=None,
                   help="Carpeta donde escribir (por defecto, exportado-<formato> en la del modelo).")
    p.add_argument("--sin-comprobar", action="store_true",
                   help="No vuelve a cargar lo exportado para compararlo (más rápido, menos seguro).")
    p.set_defaults(funcion=main_exportar)
    return p


def main_exportar(args) -> int:
    """Ejecuta la orden con los argumentos ya leídos; los AfinarError los muestra `afinar`."""
    informe = exportar(args.modelo, args.formato, salida=args.salida,
                       cuantizacion=args.cuantizacion, comprobar=not args.sin_comprobar)
    print(informe)
    return 0 if informe.correcto else 1


def main(argv: list[str] | None = None) -> int:
    """`python -m afinar.exportacion.orden exportar ...` (la misma orden, sin el resto de `afinar`)."""
    parser = argparse.ArgumentParser(prog="afinar")
    agregar_orden(parser.add_subparsers(dest="orden", required=True))
    args = parser.parse_args(argv)
    try:
        return args.funcion(args)
    except AfinarError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
