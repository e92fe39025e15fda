"""Generar texto: ajustes, generación en lotes, probabilidades del siguiente token, laboratorio.

- :mod:`afinar.generacion.ajustes`: ajustes con nombre y su validación.
- :mod:`afinar.generacion.generar`: ``generar``, ``generar_respuestas``, ``comparar_ajustes``.
- :mod:`afinar.generacion.prediccion`: ``siguientes_tokens``, ``paso_a_paso``, la entrada del
  modelo (``ids_de_entrada``).
- :mod:`afinar.generacion.laboratorio`: controles deslizantes en un cuaderno.
"""

from afinar.generacion.ajustes import AJUSTES, DESCRIPCIONES, ajustes_generacion, describir
from afinar.generacion.generar import comparar_ajustes, generar, generar_respuestas
from afinar.generacion.laboratorio import laboratorio
from afinar.generacion.prediccion import (
    grafico_probabilidades,
    ids_de_entrada,
    paso_a_paso,
    siguientes_tokens,
)

__all__ = [
    "AJUSTES", "DESCRIPCIONES", "ajustes_generacion", "comparar_ajustes", "describir", "generar",
    "generar_respuestas", "grafico_probabilidades", "ids_de_entrada", "laboratorio",
    "paso_a_paso", "siguientes_tokens",
]  # fmt: skip
