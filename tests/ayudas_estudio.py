"""Ayuda de las pruebas del estudio: lanzarlo y dejarlo todo como estaba al terminar."""

from __future__ import annotations

import contextlib
import os


@contextlib.contextmanager
def estudio_en_marcha(raiz, **entorno):
    """El estudio en un puerto libre de 127.0.0.1 con la raíz ``raiz`` y torch con un hilo (aquí
    y en el proceso que entrena: en una máquina compartida, dos hilos por proceso se estorban).
    Da ``(app, url)``; al salir para el entrenamiento que quede, cierra el servidor y devuelve
    las variables de entorno y los hilos de torch a como estaban."""
    import torch

    from afinar.estudio import crear_app
    from afinar.estudio.servidor import lanzar

    claves = ("GRADIO_TEMP_DIR", "OMP_NUM_THREADS", *entorno)
    antes, hilos = {k: os.environ.get(k) for k in claves}, torch.get_num_threads()
    os.environ.update(OMP_NUM_THREADS="1", **entorno)
    torch.set_num_threads(1)
    app = crear_app(raiz)
    try:
        yield app, lanzar(app, bloquear=False)
    finally:
        procesos = app.estudio.entrenamientos
        if procesos.en_marcha():
            procesos.parar(procesos.trabajo)
        app.close()
        torch.set_num_threads(hilos)
        for clave, valor in antes.items():
            os.environ.pop(clave, None) if valor is None else os.environ.__setitem__(clave, valor)
