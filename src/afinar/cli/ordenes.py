"""Las órdenes de `afinar`: cada una llama a las mismas funciones públicas que los cuadernos."""

from __future__ import annotations

import dataclasses
import os


def es_proceso_principal() -> bool:
    return os.environ.get("RANK", "0") == "0"


def info(args) -> int:
    from afinar import entorno

    print(entorno.resumen())
    return 0


def demo(args) -> int:
    from afinar.curso.demo import demo

    demo(modelo=args.modelo, salida=args.salida, pasos=args.pasos)
    return 0


def generar(args) -> int:
    from afinar.generacion import generar
    from afinar.modelos import cargar_modelo

    modelo, tokenizer = cargar_modelo(args.modelo)
    print(generar(modelo, tokenizer, args.texto, max_new_tokens=args.max_new_tokens))
    return 0


def receta_desde_argumentos(args):
    """La `Receta` con lo que se pasó en la línea de órdenes (el resto, sus valores por defecto)."""
    from afinar.entrenamiento import Receta

    return Receta(**{c.name: getattr(args, c.name) for c in dataclasses.fields(Receta)})


def entrenar(args) -> int:
    from afinar.datos import cargar_datos
    from afinar.entrenamiento import entrenar
    from afinar.modelos import cargar_modelo

    receta = receta_desde_argumentos(args)  # la receta y los datos, antes que el modelo (lento)
    datos = cargar_datos(args.datos)
    modelo, tokenizer = cargar_modelo(args.modelo)
    resultado = entrenar(modelo, tokenizer, datos, receta)  # separa validación
    if es_proceso_principal():
        print(f"Modelo afinado guardado en: {resultado.carpeta}")
    return 0


def evaluar(args) -> int:
    from afinar.datos import cargar_datos, dividir
    from afinar.evaluacion import comparar, contiene
    from afinar.modelos import cargar_modelo

    datos = cargar_datos(args.datos)
    validacion = datos if args.todos else dividir(datos, args.validacion)["validation"]
    ejemplos = validacion.select(range(min(args.ejemplos, len(validacion))))
    base = cargar_modelo(args.base)
    afinado = cargar_modelo(args.afinado)
    comparacion = comparar(base, afinado, ejemplos, max_new_tokens=args.max_new_tokens,
                           comprobaciones=[contiene(t) for t in args.contiene or []])
    print(comparacion.a_markdown())
    carpeta = comparacion.guardar(args.salida)
    print(f"Informe guardado en {carpeta / 'informe.html'} (y informe.md, informe.json).")
    return 0
