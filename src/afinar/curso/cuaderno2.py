"""Correcciones de los ejercicios del cuaderno 2 (Tus datos), y la ruta de los datos elegidos.

Como en :mod:`afinar.curso.cuaderno1`: cada función recibe lo que escribiste en el campo del
ejercicio y dice «¡Correcto!» o da una pista, siempre en español, sin lanzar errores.
"""

from __future__ import annotations

import math
import re

from afinar.curso.comun import (
    Correccion,
    bien,
    leer_entero,
    leer_texto,
    nunca_falla,
    pista,
    sin_responder,
    vacia,
)
from afinar.datos.privacidad import anonimizar_texto

_NUMERO = re.compile(r"\d+(?:[.,/]\d+)*(?:\s?[€%$])?")


def _no_es_entero(respuesta) -> Correccion:
    return pista(f"escribe solo un número entero, como 7 (ahora «{leer_texto(respuesta)}»).")


@nunca_falla
def comprobar_duplicadas(respuesta, informe) -> Correccion:
    """Ejercicio: ¿cuántas filas quitó ``limpiar`` por ser duplicados exactos?"""
    como = "busca la fila «duplicadas» en la tabla del informe de limpieza (columna «filas»)"
    if vacia(respuesta):
        return sin_responder(f"{como}.")
    valor = leer_entero(respuesta)
    if valor is None:
        return _no_es_entero(respuesta)
    correcta = informe.quitadas["duplicadas"]
    if valor == correcta:
        return bien(
            f"{correcta} filas eran copias exactas de otra. Un duplicado hace que el modelo vea "
            "ese ejemplo dos veces y lo memorice más que los demás."
        )
    if valor == informe.quitadas.get("casi"):
        return pista("ese número es el de casi duplicadas; pregunto por las idénticas.")
    return pista(f"{como}.")


@nunca_falla
def comprobar_anonimizacion(frase) -> Correccion:
    """Ejercicio: una frase con un dato personal y un número que NO lo es (un año, un precio…)."""
    como = ("escribe una frase con un dato personal (un correo, un móvil, un DNI…) y un número "
            "corriente (un año, un precio)")  # fmt: skip
    if vacia(frase):
        return sin_responder(f"{como}.")
    frase = leer_texto(frase)
    nueva, hallazgos = anonimizar_texto(frase)
    if not hallazgos:
        return pista(
            "no encontré ningún dato personal. Prueba con un correo inventado (nombre, arroba y "
            "dominio) o un móvil de nueve cifras que empiece por 6."
        )
    numeros = [m.group(0) for m in _NUMERO.finditer(nueva)]
    if not numeros:
        return pista(
            f"quedó así: «{nueva}». Cambió {len(hallazgos)} dato(s), pero no queda ningún número "
            "corriente: añade un año, un precio o una fecha."
        )
    tipos = ", ".join(sorted({f"<{h.tipo}>" for h in hallazgos}))
    return bien(
        f"Quedó así: «{nueva}». Se cambió {tipos} y se quedó «{numeros[0]}», que no es un dato "
        "personal: los dígitos de control y la forma de cada dato evitan tocar lo demás."
    )


@nunca_falla
def comprobar_max_length(respuesta, medida) -> Correccion:
    """Ejercicio: un ``max_length`` que deje enteros al menos el 90 % de los ejemplos sin
    pasarse del doble del ejemplo más largo (más largo = más memoria y más tiempo)."""
    como = "mira el histograma y los percentiles de la celda anterior"
    if vacia(respuesta):
        return sin_responder(f"{como}.")
    valor = leer_entero(respuesta)
    if valor is None or valor <= 0:
        return _no_es_entero(respuesta)
    cubiertos = medida.cubiertos(valor)
    if cubiertos < 0.9:
        return pista(
            f"con {valor} solo caben enteros el {100 * cubiertos:.0f} % de los ejemplos; los "
            "demás se cortarían. Súbelo."
        )
    if valor > 2 * int(medida.valores.max()):
        return pista(
            f"{valor} es más del doble del ejemplo más largo ({medida.valores.max()} tokens): "
            "gastarías memoria en relleno. Bájalo."
        )
    return bien(f"Con {valor} quedan enteros el {100 * cubiertos:.0f} % de los ejemplos.")


def etiquetas(input_ids, n_pregunta: int, pad_id: int) -> list[int]:
    """Las etiquetas (labels): -100 en la pregunta y en el relleno; el id en la respuesta."""
    return [-100 if i < n_pregunta or t == pad_id else t for i, t in enumerate(input_ids)]


@nunca_falla
def comprobar_etiquetas(respuesta, input_ids, n_pregunta: int, pad_id: int) -> Correccion:
    """Ejercicio: ¿cuántos tokens cuentan para aprender (no llevan -100)?"""
    cuentan = sum(e != -100 for e in etiquetas(input_ids, n_pregunta, pad_id))
    como = ("cuenta las filas de la tabla que son de la respuesta: ni de la pregunta ni de "
            "relleno")  # fmt: skip
    if vacia(respuesta):
        return sin_responder(f"{como}.")
    valor = leer_entero(respuesta)
    if valor is None:
        return _no_es_entero(respuesta)
    if valor == cuentan:
        return bien(
            f"Solo {cuentan} de {len(input_ids)} tokens cuentan: el modelo aprende a contestar, "
            "no a repetir la pregunta ni a escribir relleno."
        )
    if valor == len(input_ids) - n_pregunta:
        return pista("casi: el relleno tampoco cuenta, porque no es texto.")
    if valor == len(input_ids):
        return pista("la pregunta y el relleno llevan -100: no cuentan.")
    return pista(f"{como}.")


@nunca_falla
def comprobar_empaquetado(respuesta, largos, max_length: int) -> Correccion:
    """Ejercicio: ¿cuántas secuencias de ``max_length`` salen al empaquetar estos ``largos``?"""
    total = int(sum(largos))
    correcta = math.ceil(total / max_length)
    como = (f"suma los tokens de todos los ejemplos y repártelos en trozos de {max_length}; el "
            "último trozo puede quedar a medias")  # fmt: skip
    if vacia(respuesta):
        return sin_responder(f"{como}.")
    valor = leer_entero(respuesta)
    if valor is None:
        return _no_es_entero(respuesta)
    if valor == correcta:
        return bien(
            f"{total} tokens en trozos de {max_length} son {correcta} secuencias, frente a "
            f"{len(largos)} con relleno: menos pasos y casi nada desperdiciado."
        )
    if valor == len(largos):
        return pista("ese es el número de secuencias con relleno (una por ejemplo).")
    if valor == total // max_length:
        return pista("no tires el último trozo: aunque quede a medias, también se usa.")
    return pista(f"{como}.")


def aviso_marcadores(informe, limite: float = 0.1) -> str:
    """Una frase sobre cuántas filas llevan marcadores (``<EMAIL>``…) tras anonimizar.

    Si pasan de ``limite`` (el 10 %), avisa: el modelo aprendería a escribir los marcadores.
    """
    filas = max(1, informe.filas)
    parte = informe.filas_con_datos / filas
    cifra = f"{informe.filas_con_datos} de {informe.filas} filas ({100 * parte:.1f} %)"
    if parte > limite:
        return (
            f"⚠️ {cifra} llevan un marcador como <EMAIL>. Son muchas: el modelo aprenderá a "
            "escribir marcadores en sus respuestas. Si puedes, quita esos datos en el archivo "
            "original o deja fuera esas filas."
        )
    return f"{cifra} llevan un marcador. Son pocas: el modelo no aprenderá a escribirlos."


def max_length_elegido(respuesta, medida) -> int:
    """El ``max_length`` que se guarda para el cuaderno 3: el tuyo si es válido, o la
    sugerencia (y lo dice)."""
    valor = leer_entero(respuesta)
    if valor is not None and comprobar_max_length(valor, medida).correcto:
        print(f"Guardo max_length = {valor}, el que elegiste.")
        return valor
    print(f"Guardo max_length = {medida.sugerencia}, la sugerencia (tu respuesta no vale aún).")
    return int(medida.sugerencia)
