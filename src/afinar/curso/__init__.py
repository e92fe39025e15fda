"""El curso: lo que los cuadernos usan sin enseñarlo (corregir, elegir datos, adaptarse).

- :mod:`afinar.curso.comun`: leer respuestas como las escribe una persona y la corrección
  (``Correccion``), que nunca lanza errores; ``ParadaDelCurso`` para parar un cuaderno con una
  frase.
- :mod:`afinar.curso.cuaderno1`, :mod:`afinar.curso.cuaderno2`, :mod:`afinar.curso.cuaderno3`:
  las correcciones de cada cuaderno (y, en el 3, elegir los datos y leer la curva).
- :mod:`afinar.curso.drive`: la carpeta que comparten los cuadernos (Google Drive en Colab).
- :mod:`afinar.curso.adaptacion`: lo que el cuaderno 3 necesita saber de tus datos.
- :mod:`afinar.curso.ejemplos`: los datos de ejemplo por su nombre en los Ajustes.
- :mod:`afinar.curso.vistas`: vistazos y tablas del cuaderno 2.
- :mod:`afinar.curso.demo`: ``afinar demo``, el recorrido completo sin internet.
"""
