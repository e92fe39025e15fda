"""El curso: un módulo por cuaderno con sus comprobadores de ejercicios, y la demostración.

- :mod:`afinar.curso.comun`: la corrección (``Correccion``) y sus frases.
- :mod:`afinar.curso.cuaderno1`, :mod:`afinar.curso.cuaderno2`: comprobadores de cada cuaderno.
- :mod:`afinar.curso.demo`: ``afinar demo``, el recorrido completo sin internet.
"""
