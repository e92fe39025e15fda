"""Evaluar: ¿ha servido afinar? Métricas, comprobaciones propias, comparación y veredicto.

- :mod:`afinar.evaluacion.metricas`: ``perplejidad``, ``chrf``, ``rouge_l``.
- :mod:`afinar.evaluacion.comprobaciones`: ``contiene``, ``coincide``, ``longitud_maxima``.
- :mod:`afinar.evaluacion.comparar`: ``separar``, ``comparar``, ``comparar_respuestas``.
- :mod:`afinar.evaluacion.informe`: ``Comparacion`` (totales, diagnóstico, HTML, Markdown, JSON).
- :mod:`afinar.evaluacion.veredicto`: quién gana cada ejemplo y el veredicto que lo explica.
- :mod:`afinar.evaluacion.degeneracion`: ``diagnosticar`` (respuestas vacías, en bucle,
  etiquetas, cifras o siempre iguales) y ``filas_con_etiquetas``.
- :mod:`afinar.evaluacion.valoracion`: ``ValoracionCiega`` (tú eliges sin saber cuál es cuál).

Clasificar textos (cuaderno 4) y usarlo con responsabilidad (cuaderno 5); se importan por su
módulo (tres tienen su propia ``medir``):

- :mod:`afinar.evaluacion.clasificacion`: elegir entre categorías sin ejemplos, con ejemplos en
  la pregunta o afinando, y el veredicto de cuál conviene.
- :mod:`afinar.evaluacion.metricas_clasificacion`: exactitud, F1 macro, precisión y exhaustividad
  por categoría y matriz de confusión (scikit-learn).
- :mod:`afinar.evaluacion.verosimilitud`: la log-verosimilitud de un texto entero.
- :mod:`afinar.evaluacion.memorizacion`: canarios y exposición («secret sharer»).
- :mod:`afinar.evaluacion.sesgo`: pares mínimos, base frente a afinado.
- :mod:`afinar.evaluacion.coste`: energía y CO₂ de un entrenamiento.
"""

from afinar.evaluacion.comparar import comparar, comparar_respuestas, separar
from afinar.evaluacion.comprobaciones import Comprobacion, coincide, contiene, longitud_maxima
from afinar.evaluacion.degeneracion import Diagnostico, diagnosticar, filas_con_etiquetas
from afinar.evaluacion.informe import Comparacion
from afinar.evaluacion.metricas import chrf, perplejidad, rouge_l
from afinar.evaluacion.valoracion import ValoracionCiega

__all__ = [
    "Comparacion", "Comprobacion", "Diagnostico", "ValoracionCiega", "chrf", "coincide",
    "comparar", "comparar_respuestas", "contiene", "diagnosticar", "filas_con_etiquetas",
    "longitud_maxima", "perplejidad", "rouge_l", "separar",
]  # fmt: skip
