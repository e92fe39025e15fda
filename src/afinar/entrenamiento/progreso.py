"""Lo que otro proceso (el estudio, una terminal) lee de un entrenamiento en marcha.

Contrato (lo lee ``afinar.estudio``; no cambiar sin avisar):

- ``salida/progreso.jsonl``: un objeto JSON por línea de registro del entrenamiento::

      {"paso": 12, "total": 60, "perdida": 2.31, "perdida_validacion": 2.40,
       "segundos": 35.2, "restante_s": 140.8}

  ``perdida``, ``perdida_validacion`` y ``restante_s`` aparecen solo cuando hay dato (una
  pérdida NaN o infinita se escribe como ``null``: JSON no admite NaN).
  ``segundos``: tiempo entrenando desde el principio (sumando las veces que se reanudó).
- ``salida/estado.json``::

      {"estado": "entrenando" | "terminado" | "error" | "interrumpido", "mensaje": "...",
       "pid": 1234, "paso": 12, "total": 60, "inicio": "2026-12-01T11:40:00+00:00"}

  Se escribe al empezar, en cada evaluación y al final. ``mensaje`` es una frase en español
  (en un error, qué pasó y qué hacer); ``inicio``, la hora ISO 8601 a la que empezó esta
  ejecución. Un «entrenando» cuyo ``pid`` ya no vive es un entrenamiento cortado:
  `leer_estado` lo devuelve como «interrumpido».

Los dos se escriben enteros en un temporal y se renombran (``os.replace``): quien los lee nunca
ve un archivo a medias. Solo escribe el proceso principal.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from transformers import TrainerCallback

from afinar.entrenamiento.candado import dueno_vivo
from afinar.entrenamiento.monitor import es_principal
from afinar.errores import AfinarError

PROGRESO = "progreso.jsonl"
ESTADO = "estado.json"
ESTADOS = ("entrenando", "terminado", "error", "interrumpido")


def escribir_atomico(ruta: Path, texto: str) -> None:
    """Escribe ``texto`` en ``ruta`` sin que nadie pueda leerlo a medias (temporal + rename)."""
    temporal = ruta.with_name(f".{ruta.name}.{os.getpid()}.tmp")
    temporal.write_text(texto, encoding="utf-8")
    os.replace(temporal, ruta)


def leer_progreso(salida) -> list[dict]:
    """Las líneas de ``progreso.jsonl`` (vacío si aún no hay)."""
    ruta = Path(salida) / PROGRESO
    try:
        lineas = ruta.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [json.loads(linea) for linea in lineas if linea.strip()]


def leer_estado(salida) -> dict | None:
    """``estado.json`` de la carpeta (None si no hay); un «entrenando» de un proceso que ya no
    existe se devuelve como «interrumpido», con un mensaje que dice cómo reanudar."""
    try:
        estado = json.loads((Path(salida) / ESTADO).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if estado.get("estado") == "entrenando" and not dueno_vivo({"pid": estado.get("pid")}):
        estado["estado"] = "interrumpido"
        estado["mensaje"] = (
            f"El proceso {estado.get('pid')} que entrenaba ya no existe (se cortó en el paso "
            f"{estado.get('paso')}): sigue con --reanudar (reanudar=True)."
        )
    return estado


def _parar_con_sigterm():
    """SIGTERM → KeyboardInterrupt mientras se entrena (solo en el hilo principal). Devuelve el
    manejador anterior para restaurarlo (None si no se cambió)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def interrumpir(numero, marco):
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, interrumpir)


class Seguimiento(TrainerCallback):
    """Escribe ``estado.json`` y ``progreso.jsonl`` de ``salida`` (ver el contrato arriba)."""

    def __init__(self, salida: Path, total: int, paso_inicial: int = 0):
        self.salida, self.total, self.paso = Path(salida), total, paso_inicial
        self.inicio = datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")
        self.reloj = time.monotonic()
        self.paso_reloj = paso_inicial
        # Al reanudar se conservan las líneas hasta el punto de control y su tiempo (su
        # evaluación no: al reanudar se evalúa otra vez ese paso); si no, se empieza de cero.
        self.lineas = [
            f for f in leer_progreso(salida) if paso_inicial and (
                f.get("paso", 0) < paso_inicial
                or (f.get("paso") == paso_inicial and "perdida_validacion" not in f))
        ]  # fmt: skip
        self.segundos_antes = max((f.get("segundos", 0.0) for f in self.lineas), default=0.0)

    def estado(self, estado: str, mensaje: str, paso: int | None = None) -> None:
        if paso is not None:
            self.paso = paso
        if not es_principal():
            return
        datos = {"estado": estado, "mensaje": mensaje, "pid": os.getpid(), "paso": self.paso,
                 "total": self.total, "inicio": self.inicio}  # fmt: skip
        escribir_atomico(self.salida / ESTADO, json.dumps(datos, ensure_ascii=False))

    @contextlib.contextmanager
    def vigilar(self):
        """Mientras dura: «entrenando»; si algo sale mal, «error» o «interrumpido» con su frase
        en español. Una señal SIGTERM (la que manda el estudio para parar) interrumpe como
        Ctrl-C, así el entrenamiento termina limpio y lo dice."""
        self.estado("entrenando", f"Entrenando {self.total} pasos.")
        anterior = _parar_con_sigterm()
        try:
            yield self
        except BaseException as error:
            self._fallo(error)
            raise
        finally:
            if anterior is not None:
                signal.signal(signal.SIGTERM, anterior)

    def _fallo(self, error: BaseException) -> None:
        interrumpido = isinstance(error, KeyboardInterrupt) or isinstance(
            getattr(error, "__cause__", None), KeyboardInterrupt
        )
        if interrumpido:
            mensaje = str(error) or "Entrenamiento interrumpido: continúa con --reanudar."
            self.estado("interrumpido", mensaje)
        elif isinstance(error, AfinarError):
            self.estado("error", str(error))
        else:
            self.estado("error", f"Error inesperado ({type(error).__name__}: {error}). Repite "
                        "con AFINAR_DEPURAR=1 para ver el detalle.")  # fmt: skip

    def terminar(self, fallo: str | None, paso: int | None = None) -> None:
        """El estado final: «terminado», o «error» con la frase del fallo si salió mal."""
        if fallo:
            self.estado("error", fallo, paso)
        else:
            self.estado("terminado", f"Terminado: {paso} de {self.total} pasos.", paso)

    def on_train_begin(self, args, state, control, **kwargs):
        self.total = state.max_steps or self.total
        self.reloj, self.paso_reloj = time.monotonic(), state.global_step

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not state.is_world_process_zero or not logs:
            return
        transcurrido = time.monotonic() - self.reloj
        fila = {"paso": state.global_step, "total": state.max_steps}
        for clave, nombre in (("loss", "perdida"), ("eval_loss", "perdida_validacion")):
            if clave in logs:
                valor = float(logs[clave])
                fila[nombre] = valor if math.isfinite(valor) else None  # JSON no admite NaN
        if len(fila) == 2:
            return
        fila["segundos"] = round(self.segundos_antes + transcurrido, 2)
        hechos = state.global_step - self.paso_reloj
        if hechos > 0:
            fila["restante_s"] = round((state.max_steps - state.global_step) * transcurrido / hechos, 1)
        self.lineas.append(fila)
        texto = "".join(json.dumps(f, ensure_ascii=False) + "\n" for f in self.lineas)
        escribir_atomico(self.salida / PROGRESO, texto)
        if "perdida_validacion" in fila:
            self.estado("entrenando", f"Evaluado el paso {state.global_step} de "
                        f"{state.max_steps}.", state.global_step)  # fmt: skip

    def on_step_end(self, args, state, control, **kwargs):
        self.paso = state.global_step
