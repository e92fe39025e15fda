"""Modelos: cargarlos, el catálogo de recomendados y cuánta memoria necesitan.

- :mod:`afinar.modelos.carga`: ``cargar_modelo`` (bolsillo, una carpeta o un id del Hub).
- :mod:`afinar.modelos.catalogo`: el catálogo, solo datos.
- :mod:`afinar.modelos.bolsillo`: dónde está el modelo de bolsillo y su formato de chat.
- :mod:`afinar.modelos.memoria`: ``estimar_memoria``, el único modelo de memoria de afinar.
- :mod:`afinar.modelos.tabla`: el catálogo como tabla, con lo que cabe en cada equipo.
"""

from afinar.modelos.bolsillo import PLANTILLA_CHAT, RUTA_BOLSILLO, TOKENS_ESPECIALES
from afinar.modelos.carga import cargar_modelo, id_de_relleno
from afinar.modelos.catalogo import CATALOGO, ModeloRecomendado, ficha
from afinar.modelos.memoria import EstimacionMemoria, estimar_memoria
from afinar.modelos.tabla import tabla_catalogo

__all__ = [
    "CATALOGO", "PLANTILLA_CHAT", "RUTA_BOLSILLO", "TOKENS_ESPECIALES", "EstimacionMemoria",
    "ModeloRecomendado", "cargar_modelo", "estimar_memoria", "ficha", "id_de_relleno",
    "tabla_catalogo",
]  # fmt: skip
