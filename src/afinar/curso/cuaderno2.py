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


def etiquetas(input_ids, mascara) -> list[int]:
    """Las etiquetas (labels): el id donde la máscara vale 1 (la respuesta y su fin de turno) y
    -100 en todo lo demás: la pregunta, las marcas de la plantilla y el relleno."""
    return [t if m else -100 for t, m in zip(input_ids, mascara, strict=True)]


@nunca_falla
def comprobar_etiquetas(respuesta, conversacion) -> Correccion:
    """Ejercicio: ¿cuántos tokens de ``conversacion`` cuentan para aprender (no llevan -100)?"""
    cuentan = sum(conversacion.mascara)
    total = len(conversacion.input_ids)
    como = ("cuenta las filas de la tabla que son de la respuesta, incluido el token que cierra "
            "su turno: ni la pregunta, ni las marcas de la plantilla, ni el relleno")  # fmt: skip
    if vacia(respuesta):
        return sin_responder(f"{como}.")
    valor = leer_entero(respuesta)
    if valor is None:
        return _no_es_entero(respuesta)
    if valor == cuentan:
        return bien(
            f"Solo {cuentan} de {total} tokens cuentan: el modelo aprende a contestar y a callarse "
            "al terminar, no a repetir la pregunta ni a escribir relleno."
        )
    if valor == total - conversacion.n_pregunta:
        return pista("casi: el relleno tampoco cuenta, porque no es texto (ni lo que la "
                     "plantilla escribe después del fin del turno).")  # fmt: skip
    if valor == total:
        return pista("la pregunta y el relleno llevan -100: no cuentan.")
    if valor == cuentan - 1:
        return pista("casi: el token que cierra el turno también cuenta, para que el modelo "
                     "aprenda a terminar.")  # fmt: skip
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


def aviso_marcadores(informe) -> str:
    """Una frase sobre cuántas filas llevan marcadores (``<EMAIL>``…) tras anonimizar. El aviso y
    su umbral son los del informe de `afinar.anonimizar` (``aviso_etiquetas``): una sola regla."""
    if informe.aviso_etiquetas:
        return f"⚠️ {informe.aviso_etiquetas}"
    cifra = (f"{informe.filas_con_etiquetas} de {informe.filas - informe.filas_quitadas} filas "
             f"({100 * informe.proporcion_etiquetas:.1f} %)")  # fmt: skip
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
