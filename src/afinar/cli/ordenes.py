"""Las órdenes de `afinar`: cada una llama a las mismas funciones públicas que los cuadernos."""

from __future__ import annotations

import dataclasses
import os
import sys


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


def preparar_datos(args):
    """Lee los datos y, salvo que se pida lo contrario, los limpia y los anonimiza (antes de
    separar la validación: así ningún duplicado cae a los dos lados). Devuelve los datos y las
    frases (solo cifras, sin datos personales) que describen lo que se hizo, para la ficha."""
    from afinar.datos import anonimizar, limpiar
    from afinar.presentacion import sin_barras

    datos = cargar_de_argumentos(args)
    descripcion = [f"{len(datos)} filas leídas de tus archivos."]
    if args.sin_limpiar:
        descripcion.append("Sin limpiar (--sin-limpiar): pueden quedar duplicados y filas vacías.")
    else:
        with sin_barras():
            datos, informe = limpiar(datos)
        _mostrar(informe)
        descripcion.append(f"Limpieza: {informe.filas_antes} → {informe.filas_despues} filas "
                           "(vacías, muy cortas y duplicadas quitadas).")  # fmt: skip
    if args.sin_anonimizar:
        descripcion.append("Sin anonimizar (--sin-anonimizar): puede haber datos personales.")
    else:
        with sin_barras():
            datos, informe = anonimizar(datos)
        _mostrar(informe)
        tipos = ", ".join(f"{n} <{t}>" for t, n in sorted(informe.por_tipo.items()) if n)
        descripcion.append(f"Anonimización: {informe.total} datos personales cambiados por "
                           f"marcadores{f' ({tipos})' if tipos else ''}.")  # fmt: skip
    return datos, descripcion


def cargar_de_argumentos(args):
    """`cargar_datos` con los papeles de columna que se pasaron en la línea de órdenes."""
    from afinar.datos import cargar_datos

    return cargar_datos(args.datos, columna=args.columna, pregunta=args.pregunta,
                        respuesta=args.respuesta, contexto=args.contexto, agrupar=args.agrupar)


def _mostrar(informe) -> None:
    if es_proceso_principal():
        print(informe, flush=True)


def entrenar(args) -> int:
    """Lee y prepara los datos, carga el modelo y entrena. Estado 2 si el entrenamiento terminó
    pero salió mal (``resultado.fallo``): el modelo se guardó, pero no es un buen resultado."""
    from afinar.entrenamiento import entrenar
    from afinar.modelos import cargar_modelo

    receta = receta_desde_argumentos(args)  # la receta y los datos, antes que el modelo (lento)
    datos, descripcion = preparar_datos(args)
    modelo, tokenizer = cargar_modelo(args.modelo)
    resultado = entrenar(modelo, tokenizer, datos, receta, reanudar=args.reanudar,
                         sobrescribir=args.sobrescribir, descripcion_datos=descripcion)  # fmt: skip
    if not es_proceso_principal():
        return 0 if resultado.correcto else 2
    if resultado.correcto:
        print(f"Modelo afinado guardado en: {resultado.carpeta}")
        return 0
    print(f"Error: {resultado.fallo} (el modelo quedó en {resultado.carpeta}, pero no lo uses "
          "sin revisarlo).", file=sys.stderr)  # fmt: skip
    return 2


def evaluar(args) -> int:
    from afinar.datos import dividir
    from afinar.evaluacion import comparar, contiene
    from afinar.modelos import cargar_modelo

    datos = cargar_de_argumentos(args)
    if hasattr(datos, "keys"):  # una carpeta guardada con afinar.datos.guardar: ya está dividida
        validacion = datos["validation"]
    else:
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
