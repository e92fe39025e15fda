"""El entrenamiento del estudio: `afinar entrenar` en un proceso aparte.

La página no se bloquea mientras se entrena: el estudio lanza ``python -m afinar entrenar`` con
la receta del formulario y lee lo que ese proceso escribe en su carpeta de salida
(``progreso.jsonl`` y ``estado.json``, ver :mod:`afinar.entrenamiento.progreso`). Parar manda
SIGTERM (el entrenamiento termina limpio y deja su punto de control); reanudar vuelve a lanzar la
orden con ``--reanudar``. Un solo entrenamiento a la vez en cada estudio.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import threading
import time

from afinar.errores import AfinarError


def opciones_de_receta(receta) -> list[str]:
    """Las opciones de `afinar entrenar` que reproducen ``receta`` (solo las que no son las de
    por defecto, y nunca ``--salida``: la pone el estudio)."""
    from afinar.entrenamiento import Receta

    defecto = Receta()
    opciones: list[str] = []
    for campo in dataclasses.fields(Receta):
        valor = getattr(receta, campo.name)
        if campo.name == "salida" or valor == getattr(defecto, campo.name):
            continue
        opciones.append("--" + campo.name.replace("_", "-"))
        opciones += [str(v) for v in valor] if isinstance(valor, list) else [str(valor)]
    return opciones


def orden_entrenar(modelo: str, trabajo, receta, *, reanudar: bool = False,
                   sobrescribir: bool = False) -> list[str]:  # fmt: skip
    """La orden completa, la misma que escribirías en una terminal. Los datos ya llegan limpios
    y anonimizados (o no, si así lo elegiste) de la pestaña Datos."""
    orden = [sys.executable, "-m", "afinar", "entrenar", "--modelo", modelo,
             "--datos", str(trabajo.datos), "--salida", str(trabajo.entrenamiento),
             "--sin-limpiar", "--sin-anonimizar", *opciones_de_receta(receta)]  # fmt: skip
    if reanudar:
        orden.append("--reanudar")
    elif sobrescribir:
        orden.append("--sobrescribir")
    return orden


class Entrenamientos:
    """Lanza, para y vigila el proceso de entrenamiento; uno a la vez."""

    def __init__(self):
        self._candado = threading.Lock()
        self.proceso: subprocess.Popen | None = None
        self.trabajo = None
        self.orden: list[str] = []
        self.inicio: float | None = None
        self.parado = False  # lo paró el estudio (SIGTERM), no salió por su cuenta

    def en_marcha(self, trabajo=None) -> bool:
        """¿Hay un entrenamiento en marcha (de ``trabajo``, si se da)?"""
        proceso = self.de(trabajo) if trabajo is not None else self.proceso
        return proceso is not None and proceso.poll() is None

    def de(self, trabajo) -> subprocess.Popen | None:
        """El último proceso lanzado para ``trabajo`` (None si no hay)."""
        if self.proceso is None or self.trabajo.carpeta != trabajo.carpeta:
            return None
        return self.proceso

    def empezar(self, trabajo, orden: list[str]) -> None:
        """Lanza ``orden`` (de :func:`orden_entrenar`) y guarda su salida en el registro."""
        with self._candado:
            if self.en_marcha():
                raise AfinarError(
                    f"Ya hay un entrenamiento en marcha (trabajo {self.trabajo.nombre}): espera a "
                    "que termine o páralo con «Parar» antes de empezar otro."
                )
            if not (trabajo.datos / "afinar_datos.json").is_file():
                raise AfinarError(
                    "Aún no hay datos preparados en este trabajo: ve a la pestaña Datos y pulsa "
                    "«Dividir y guardar»."
                )
            entorno = {**os.environ, "PYTHONUNBUFFERED": "1", "TQDM_DISABLE": "1"}
            registro = open(trabajo.registro, "a", encoding="utf-8")  # noqa: SIM115
            registro.write("$ " + " ".join(orden[1:]) + "\n")
            registro.flush()
            try:
                self.proceso = subprocess.Popen(
                    orden, stdout=registro, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    env=entorno, cwd=trabajo.carpeta,
                )
            finally:
                registro.close()  # el hijo tiene su copia
            self.trabajo, self.orden, self.inicio = trabajo, orden, time.monotonic()
            self.parado = False

    def parar(self, trabajo, pid_de_estado: int | None = None, espera: float = 60.0) -> str:
        """Para el entrenamiento con SIGTERM (deja su punto de control). Si lo lanzó otro estudio
        que ya se cerró, usa el ``pid`` de ``estado.json`` (solo si sigue vivo)."""
        if self.en_marcha(trabajo):
            self.parado = True
            self.proceso.send_signal(signal.SIGTERM)
            try:
                self.proceso.wait(espera)
            except subprocess.TimeoutExpired:
                return "Le pedí que pare; está guardando su punto de control."
            return "Entrenamiento parado: puedes seguir con «Reanudar»."
        if pid_de_estado:
            os.kill(pid_de_estado, signal.SIGTERM)
            return "Le pedí que pare (lo había empezado otro estudio); se parará en unos segundos."
        return "No hay ningún entrenamiento en marcha en este trabajo."



_DEL_PROCESO = Entrenamientos()


def del_proceso() -> Entrenamientos:
    """Los entrenamientos de este proceso de Python: aunque abras dos estudios (dos celdas con
    `abrir()`), solo uno entrena a la vez."""
    return _DEL_PROCESO
