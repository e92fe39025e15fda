"""Entrenar: la receta, las decisiones, los datos en filas, los entrenadores y lo que se guarda.

- :mod:`afinar.entrenamiento.receta`: ``Receta``, los valores por defecto y por qué.
- :mod:`afinar.entrenamiento.decision`: ``decidir`` (método, precisión, tasa, checkpointing).
- :mod:`afinar.entrenamiento.preparacion`: comprobar los datos y colocar el texto en filas.
- :mod:`afinar.entrenamiento.chat`: conversaciones con etiquetas del asistente, empaquetadas.
- :mod:`afinar.entrenamiento.entrenadores`: argumentos y entrenadores de transformers y TRL.
- :mod:`afinar.entrenamiento.lora`: LoRA/QLoRA con PEFT y la fusión del adaptador.
- :mod:`afinar.entrenamiento.puntos`: puntos de control, cuáles están completos y desde dónde
  seguir sin destruir un entrenamiento anterior.
- :mod:`afinar.entrenamiento.candado`: un solo entrenamiento por carpeta a la vez.
- :mod:`afinar.entrenamiento.disco`: disco lleno, sin permiso o archivo inseguro, en una frase.
- :mod:`afinar.entrenamiento.monitor`: barra, curva en vivo y alarmas.
- :mod:`afinar.entrenamiento.progreso`: ``estado.json`` y ``progreso.jsonl`` (lo lee el estudio).
- :mod:`afinar.entrenamiento.juicio`: ¿salió bien? pérdidas honestas y respuestas degeneradas.
- :mod:`afinar.entrenamiento.ficha`: la ficha del modelo (``README.md``) en español.
- :mod:`afinar.entrenamiento.salida`: guardar el modelo, las métricas; subir al Hub.
- :mod:`afinar.entrenamiento.bucle`: ``entrenar``, que lo une todo.
"""

from afinar.entrenamiento.bucle import entrenar
from afinar.entrenamiento.decision import Decision, decidir
from afinar.entrenamiento.preparacion import preparar_datos
from afinar.entrenamiento.progreso import leer_estado, leer_progreso
from afinar.entrenamiento.receta import Receta
from afinar.entrenamiento.salida import ResultadoEntrenamiento, subir_al_hub

__all__ = [
    "Decision", "Receta", "ResultadoEntrenamiento", "decidir", "entrenar", "leer_estado",
    "leer_progreso", "preparar_datos", "subir_al_hub",
]  # fmt: skip
