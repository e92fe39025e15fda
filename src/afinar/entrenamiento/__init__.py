"""Entrenar: la receta, las decisiones, los datos en filas, los entrenadores y lo que se guarda.

- :mod:`afinar.entrenamiento.receta`: ``Receta``, los valores por defecto y por qué.
- :mod:`afinar.entrenamiento.decision`: ``decidir`` (método, precisión, tasa, checkpointing).
- :mod:`afinar.entrenamiento.preparacion`: comprobar los datos y colocar el texto en filas.
- :mod:`afinar.entrenamiento.chat`: conversaciones con etiquetas del asistente, empaquetadas.
- :mod:`afinar.entrenamiento.entrenadores`: argumentos y entrenadores de transformers y TRL.
- :mod:`afinar.entrenamiento.lora`: LoRA/QLoRA con PEFT y la fusión del adaptador.
- :mod:`afinar.entrenamiento.puntos`: puntos de control y desde dónde seguir.
- :mod:`afinar.entrenamiento.monitor`: barra, curva en vivo y alarmas.
- :mod:`afinar.entrenamiento.salida`: guardar el modelo, las métricas; subir al Hub.
- :mod:`afinar.entrenamiento.bucle`: ``entrenar``, que lo une todo.
"""

from afinar.entrenamiento.bucle import entrenar
from afinar.entrenamiento.decision import Decision, decidir
from afinar.entrenamiento.preparacion import preparar_datos
from afinar.entrenamiento.receta import Receta
from afinar.entrenamiento.salida import ResultadoEntrenamiento, subir_al_hub

__all__ = [
    "Decision", "Receta", "ResultadoEntrenamiento", "decidir", "entrenar", "preparar_datos",
    "subir_al_hub",
]  # fmt: skip
