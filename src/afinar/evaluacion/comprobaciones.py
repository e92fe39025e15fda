"""Comprobaciones que defines tú: una prueba que recibe una respuesta y dice si la cumple."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from afinar.errores import AfinarError
from afinar.evaluacion.metricas import TokenizadorEspanol


@dataclass(frozen=True)
class Comprobacion:
    """Una prueba que defines tú: recibe una respuesta y dice si la cumple."""

    nombre: str
    funcion: Callable[[str], bool]

    def __call__(self, respuesta: str) -> bool:
        return bool(self.funcion(respuesta))


def contiene(texto: str) -> Comprobacion:
    """La respuesta contiene ``texto`` (distingue mayúsculas)."""
    return Comprobacion(f"contiene «{texto}»", lambda r: texto in r)


def coincide(patron: str) -> Comprobacion:
    """La respuesta tiene algo que encaja con la expresión regular ``patron``."""
    try:
        compilado = re.compile(patron, re.MULTILINE)
    except re.error as error:
        raise AfinarError(
            f"El patrón «{patron}» no es una expresión regular válida: {error}."
        ) from error
    return Comprobacion(f"coincide con «{patron}»", lambda r: compilado.search(r) is not None)


def longitud_maxima(palabras: int) -> Comprobacion:
    """La respuesta tiene como mucho ``palabras`` palabras."""
    return Comprobacion(
        f"como mucho {palabras} palabras",
        lambda r: len(TokenizadorEspanol().tokenize(r)) <= palabras,
    )
