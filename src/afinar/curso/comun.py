"""Lo común a los comprobadores de ejercicios de todos los cuadernos: la corrección y sus frases.

Cada comprobador acepta ``None`` (todavía no has respondido) y entonces da una pista, sin
error; si no, dice «¡Correcto!» o da una pista, siempre en español.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Correccion:
    """El resultado de comprobar un ejercicio: si está bien y qué decirte."""

    correcto: bool
    mensaje: str

    def __bool__(self) -> bool:
        return self.correcto

    def __str__(self) -> str:
        return self.mensaje

    __repr__ = __str__


def bien(mensaje: str) -> Correccion:
    return Correccion(True, f"✅ ¡Correcto! {mensaje}")


def pista(mensaje: str) -> Correccion:
    return Correccion(False, f"💡 Todavía no. Pista: {mensaje}")


def sin_responder(mensaje: str) -> Correccion:
    aviso = "✏️ Aún no has respondido (la variable vale None)."
    return Correccion(False, f"{aviso} Pista: {mensaje}")
