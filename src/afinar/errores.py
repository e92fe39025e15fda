"""El único tipo de error de afinar.

Cada error que provoca quien usa la biblioteca (un archivo que no existe, una
columna mal escrita, un modelo sin descargar) se lanza como :class:`AfinarError`
con una frase en español que nombra lo que falla y el paso siguiente. La línea
de comandos lo muestra sin traceback; con ``AFINAR_DEPURAR=1`` muestra el
traceback completo.
"""

from __future__ import annotations


class AfinarError(Exception):
    """Error de uso: el mensaje dice qué falla (archivo, columna, valor) y qué hacer."""

    def __init__(self, mensaje: str):
        super().__init__(mensaje)
        self.mensaje = mensaje

    def __str__(self) -> str:
        return self.mensaje

    def _render_traceback_(self) -> list[str]:
        """En un cuaderno (Jupyter, Colab), una línea en vez del traceback de Python."""
        return [f"⛔ {self.mensaje}"]
