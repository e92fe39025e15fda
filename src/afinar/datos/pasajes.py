"""Filas muy cortas (versos, frases sueltas): avisar y juntarlas en pasajes, en su orden.

Un modelo afinado con filas de cinco o seis palabras aprende que un texto acaba enseguida, y
muchas veces no escribe nada. ``cargar_datos(..., agrupar=N)`` junta cada ``N`` filas seguidas
del mismo archivo en un pasaje (separadas por saltos de línea), sin cambiar el orden.
"""

from __future__ import annotations

import math
import statistics

from afinar.errores import AfinarError

PALABRAS_CORTA = 10  # una fila con menos palabras es «muy corta»
PROPORCION_AVISO = 0.6  # se avisa si lo son al menos el 60 % de las filas
PALABRAS_PASAJE = 60  # el tamaño al que apunta el agrupar que se sugiere


def comprobar_agrupar(agrupar) -> int | None:
    """``agrupar`` tal cual si es un entero positivo (o None); si no, un error que lo explica."""
    if agrupar is None:
        return None
    if isinstance(agrupar, bool) or not isinstance(agrupar, int) or agrupar < 1:
        raise AfinarError(
            f"agrupar={agrupar!r} no es válido: escribe cuántas filas seguidas juntar en cada "
            "pasaje, un número entero como agrupar=8."
        )
    return agrupar


def agrupar_filas(filas, n: int | None):
    """Junta cada ``n`` filas de texto seguidas (del mismo origen) en una; en su orden."""
    if not n or n == 1:
        yield from filas
        return
    grupo: list[str] = []
    origen = None
    for fila in filas:
        if grupo and (fila["origen"] != origen or len(grupo) == n):
            yield {"texto": "\n".join(grupo), "origen": origen}
            grupo = []
        grupo.append(fila["texto"])
        origen = fila["origen"]
    if grupo:
        yield {"texto": "\n".join(grupo), "origen": origen}


def aviso_filas_cortas(textos: list[str], nombre: str) -> str | None:
    """Un aviso si la mayoría de las filas son muy cortas, con el ``agrupar`` que conviene."""
    if len(textos) < 10:
        return None
    palabras = [len(t.split()) for t in textos]
    cortas = sum(p < PALABRAS_CORTA for p in palabras) / len(palabras)
    if cortas < PROPORCION_AVISO:
        return None
    mediana = statistics.median(palabras)
    n = min(20, max(2, math.ceil(PALABRAS_PASAJE / max(mediana, 1))))
    return (f"El {cortas * 100:.0f} % de las filas de «{nombre}» tienen menos de {PALABRAS_CORTA} "
            f"palabras (la mitad, {mediana:g} o menos): un modelo afinado con frases tan cortas "
            "aprende a escribir muy poco, a veces nada; si son versos o líneas de un texto "
            f"seguido, júntalas en pasajes, en su orden, con cargar_datos(..., agrupar={n}).")  # fmt: skip
