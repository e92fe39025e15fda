"""Vigilar el entrenamiento: barra de progreso, curva de pérdida en vivo y alarmas.

- En un cuaderno, `Monitor` dibuja la pérdida de entrenamiento y de validación con
  matplotlib y la redibuja en el mismo sitio (un `display` de IPython con id).
- En una terminal, muestra una barra de progreso y una línea por evaluación.
- `Vigilante` para el entrenamiento si la pérdida se vuelve NaN o infinita.
"""

from __future__ import annotations

import math
import os
import time

from transformers import TrainerCallback


def es_principal() -> bool:
    """True en el proceso principal (o si no hay entrenamiento distribuido).

    Se lee del entorno (RANK, que ponen torchrun y `accelerate launch`) para no iniciar
    el grupo distribuido antes que el Trainer.
    """
    return int(os.environ.get("RANK", "0")) == 0


def procesos() -> int:
    """Cuántos procesos entrenan a la vez (1 si no es distribuido)."""
    return int(os.environ.get("WORLD_SIZE", "1"))


def esperar_a_todos() -> None:
    """Barrera entre procesos (no hace nada si no es distribuido)."""
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        dist.barrier()


def decir(mensaje: str) -> None:
    """Imprime solo en el proceso principal: con `accelerate launch` no se repite."""
    if es_principal():
        print(mensaje, flush=True)


def _minutos(segundos: float) -> str:
    return f"{segundos:.0f} s" if segundos < 90 else f"{segundos / 60:.1f} min"


class Monitor(TrainerCallback):
    """Barra de progreso + curva en vivo (cuaderno) o una línea por evaluación (terminal)."""

    def __init__(self, en_cuaderno: bool, historial: list[dict]):
        self.en_cuaderno = en_cuaderno
        self.historial = historial
        self.barra = None
        self.figura = None
        self.pantalla = None
        self.inicio = None

    def on_train_begin(self, args, state, control, **kwargs):
        if not state.is_world_process_zero:
            return
        self.inicio = time.monotonic()
        if self.en_cuaderno:
            from tqdm.notebook import tqdm
        else:
            from tqdm import tqdm
        self.barra = tqdm(
            total=state.max_steps, initial=state.global_step, desc="Entrenando", unit="paso"
        )

    def on_step_end(self, args, state, control, **kwargs):
        if self.barra is not None:
            self.barra.update(state.global_step - self.barra.n)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not state.is_world_process_zero or not logs:
            return
        fila = {"paso": state.global_step}
        if "loss" in logs:
            fila["perdida"] = float(logs["loss"])
        if "eval_loss" in logs:
            fila["perdida_validacion"] = float(logs["eval_loss"])
        if len(fila) == 1:
            return
        self.historial.append(fila)
        if self.barra is not None and "perdida" in fila:
            self.barra.set_postfix(pérdida=f"{fila['perdida']:.3f}")
        if "perdida_validacion" in fila:
            if self.en_cuaderno:
                self._dibujar(state)
            else:
                self._linea(state, fila["perdida_validacion"])

    def _linea(self, state, perdida_validacion: float) -> None:
        entrenamiento = [f["perdida"] for f in self.historial if "perdida" in f]
        texto = f"paso {state.global_step}/{state.max_steps}"
        if entrenamiento:
            texto += f" · pérdida {entrenamiento[-1]:.3f}"
        texto += f" · validación {perdida_validacion:.3f}"
        texto += f" · {_minutos(time.monotonic() - self.inicio)}"
        if self.barra is not None:
            self.barra.write(texto)
        else:
            print(texto, flush=True)

    def _dibujar(self, state) -> None:
        import matplotlib.pyplot as plt
        from IPython.display import display

        if self.figura is None:
            self.figura, self.ejes = plt.subplots(figsize=(7, 3.5))
            plt.close(self.figura)  # no la muestres dos veces: la muestra `display`
        ejes = self.ejes
        ejes.clear()
        puntos = [(f["paso"], f["perdida"]) for f in self.historial if "perdida" in f]
        validacion = [
            (f["paso"], f["perdida_validacion"])
            for f in self.historial
            if "perdida_validacion" in f
        ]
        if puntos:
            ejes.plot(*zip(*puntos, strict=True), label="entrenamiento", color="tab:blue")
        if validacion:
            ejes.plot(*zip(*validacion, strict=True), "o-", label="validación", color="tab:orange")
        ejes.set_xlim(0, state.max_steps)
        ejes.set_xlabel("paso")
        ejes.set_ylabel("pérdida")
        ejes.set_title(f"Paso {state.global_step} de {state.max_steps}")
        ejes.legend()
        ejes.grid(alpha=0.3)
        if self.pantalla is None:
            self.pantalla = display(self.figura, display_id=True)
        else:
            self.pantalla.update(self.figura)

    def on_train_end(self, args, state, control, **kwargs):
        if self.barra is not None:
            self.barra.close()
            self.barra = None


class Vigilante(TrainerCallback):
    """Detiene el entrenamiento si la pérdida deja de ser un número finito."""

    def __init__(self):
        self.paso_malo = None
        self.valor = None

    def on_log(self, args, state, control, logs=None, **kwargs):
        for clave in ("loss", "eval_loss"):
            valor = (logs or {}).get(clave)
            if valor is not None and not math.isfinite(valor):
                self.paso_malo, self.valor = state.global_step, valor
                control.should_training_stop = True
                control.should_save = False


class EvaluarAlFinal(TrainerCallback):
    """Evalúa también en el último paso aunque no toque: el resultado que se da es la pérdida del
    modelo del final, no la de la última evaluación intermedia."""

    def on_step_end(self, args, state, control, **kwargs):
        if state.max_steps and state.global_step >= state.max_steps:
            control.should_evaluate = True
