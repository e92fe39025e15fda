"""Correcciones de los ejercicios del cuaderno 2 (Tus datos).

Como en :mod:`afinar.curso.cuaderno1`: cada función acepta ``None`` (todavía no has respondido) y
entonces da una pista; si no, dice «¡Correcto!» o da una pista, siempre en español.
"""

from __future__ import annotations

import math
import re

from afinar.curso.comun import Correccion, bien, pista, sin_responder
from afinar.datos.privacidad import anonimizar_texto

_NUMERO = re.compile(r"\d+(?:[.,/]\d+)*(?:\s?[€%$])?")


def _entero(respuesta) -> bool:
    return isinstance(respuesta, int) and not isinstance(respuesta, bool)


def comprobar_duplicadas(respuesta, informe) -> Correccion:
    """Ejercicio: ¿cuántas filas quitó ``limpiar`` por ser duplicados exactos?"""
    como = "busca la fila «duplicadas» en la tabla del informe de limpieza (columna «filas»)"
    if respuesta is None:
        return sin_responder(f"{como}.")
    if not _entero(respuesta):
        return pista(f"la respuesta es un número entero, no {respuesta!r}: {como}.")
    correcta = informe.quitadas["duplicadas"]
    if respuesta == correcta:
        return bien(
            f"{correcta} filas eran copias exactas de otra. Un duplicado hace que el modelo vea "
            "ese ejemplo dos veces y lo memorice más que los demás."
        )
    if respuesta == informe.quitadas["casi"]:
        return pista("ese número es el de casi duplicadas; pregunto por las idénticas.")
    return pista(f"{como}.")


def comprobar_anonimizacion(frase) -> Correccion:
    """Ejercicio: una frase con un dato personal y un número que NO lo es (un año, un precio…)."""
    como = ('escribe una frase entre comillas, por ejemplo "Llámame al ... antes del ..."; con '
            "un dato personal (correo, teléfono, DNI…) y un número corriente (un año, un precio)")  # fmt: skip
    if frase is None:
        return sin_responder(f"{como}.")
    if not isinstance(frase, str) or not frase.strip():
        return pista(f"{como}.")
    nueva, hallazgos = anonimizar_texto(frase)
    if not hallazgos:
        return pista(
            "no encontré ningún dato personal. Prueba con un correo (ana@ejemplo.com) o un móvil "
            "(612 345 678); recuerda que un DNI con la letra equivocada no cuenta como DNI."
        )
    numeros = [m.group(0) for m in _NUMERO.finditer(nueva)]
    if not numeros:
        return pista(
            f"quedó así: «{nueva}». Cambió {len(hallazgos)} dato(s), pero no queda ningún número "
            "corriente: añade un año (2024), un precio (12,50 €) o una fecha."
        )
    tipos = ", ".join(sorted({f"<{h.tipo}>" for h in hallazgos}))
    return bien(
        f"Quedó así: «{nueva}». Se cambió {tipos} y se quedó «{numeros[0]}», que no es un dato "
        "personal: los dígitos de control y la forma de cada dato evitan tocar lo demás."
    )


def comprobar_max_length(valor, medida) -> Correccion:
    """Ejercicio: un ``max_length`` que deje enteros al menos el 90 % de los ejemplos sin
    pasarse del doble del ejemplo más largo (más largo = más memoria y más tiempo)."""
    como = "mira el histograma y los percentiles de la celda anterior; escribe un número entero, como 128"
    if valor is None:
        return sin_responder(f"{como}.")
    if not _entero(valor) or valor <= 0:
        return pista(f"{como}.")
    cubiertos = medida.cubiertos(valor)
    if cubiertos < 0.9:
        return pista(
            f"con max_length={valor} solo caben enteros el {100 * cubiertos:.0f} % de los ejemplos; "
            "los demás se cortarían. Súbelo."
        )
    if valor > 2 * int(medida.valores.max()):
        return pista(
            f"{valor} es más del doble del ejemplo más largo ({medida.valores.max()} tokens): "
            "gastarías memoria en relleno. Bájalo."
        )
    return bien(f"max_length={valor} deja enteros el {100 * cubiertos:.0f} % de los ejemplos.")


def comprobar_etiquetas(etiquetas, input_ids, n_pregunta: int, pad_id: int) -> Correccion:
    """Ejercicio: las etiquetas (labels) con -100 en la pregunta y en el relleno."""
    esperadas = [-100 if i < n_pregunta or t == pad_id else t for i, t in enumerate(input_ids)]
    como = ("una lista tan larga como input_ids: -100 en los primeros n_pregunta tokens y en el "
            "relleno (pad), y el mismo id que input_ids en los demás")  # fmt: skip
    if etiquetas is None:
        return sin_responder(f"{como}.")
    etiquetas = list(etiquetas) if not isinstance(etiquetas, (str, bytes)) else etiquetas
    if not isinstance(etiquetas, list) or len(etiquetas) != len(input_ids):
        return pista(f"{como} ({len(input_ids)} números).")
    if etiquetas == esperadas:
        return bien(
            "La pérdida solo se calculará en la respuesta: el modelo aprende a contestar, no a "
            "repetir la pregunta ni a escribir relleno."
        )
    for i, (a, b) in enumerate(zip(etiquetas, esperadas, strict=True)):
        if a != b:
            motivo = ("es de la pregunta" if i < n_pregunta else "es relleno" if input_ids[i] == pad_id
                      else "es de la respuesta, así que va su id")  # fmt: skip
            return pista(f"la posición {i} debería ser {b}: ese token {motivo}.")
    return pista(f"{como}.")


def comprobar_empaquetado(respuesta, largos, max_length: int) -> Correccion:
    """Ejercicio: ¿cuántas secuencias de ``max_length`` salen al empaquetar estos ``largos``?"""
    total = int(sum(largos))
    correcta = math.ceil(total / max_length)
    como = f"suma los largos y reparte los tokens en trozos de {max_length}; el último puede quedar a medias"
    if respuesta is None:
        return sin_responder(f"{como}.")
    if not _entero(respuesta):
        return pista(f"la respuesta es un número entero: {como}.")
    if respuesta == correcta:
        return bien(
            f"{total} tokens en trozos de {max_length} son {correcta} secuencias, frente a "
            f"{len(largos)} con relleno: menos pasos por época y casi nada desperdiciado."
        )
    if respuesta == len(largos):
        return pista("ese es el número de secuencias con relleno (una por ejemplo).")
    return pista(f"{como}. Pista: math.ceil(sum(largos) / {max_length}).")
