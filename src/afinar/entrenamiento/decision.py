"""Decidir lo que la receta deja en "auto" (método, precisión, tasa, checkpointing) y explicarlo.

La memoria sale de `afinar.modelos.estimar_memoria`, el único modelo de memoria de afinar.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from afinar import entorno
from afinar.entrenamiento.receta import Receta
from afinar.errores import AfinarError
from afinar.modelos.memoria import estimar_memoria, necesita_checkpointing


@dataclass
class Decision:
    """Lo que `decidir` resolvió a partir de la receta, el modelo y el hardware."""

    metodo: str
    precision: str
    dispositivo: str
    tasa_aprendizaje: float
    parametros: int
    gradient_checkpointing: bool
    explicacion: list[str]


_MOTIVOS_PRECISION = {
    "bf16": "este hardware calcula en bf16 de verdad: las cuentas van en números de 16 bits y los "
    "pesos se guardan en 32 bits, casi el doble de rápido",
    "fp16": "esta GPU no calcula en bf16 de verdad pero sí en fp16: las cuentas van en números de "
    "16 bits y los pesos se guardan en 32 bits para no perder precisión",
    "fp32": "este hardware no acelera bf16 ni fp16, así que fp32 es lo más rápido y seguro",
}


def _precision(receta: Receta, hw, explicacion: list[str]) -> str:
    precision = receta.precision
    if precision == "auto":
        precision = entorno.precision_recomendada(hw)
        explicacion.append(f"Precisión: {precision}, porque {_MOTIVOS_PRECISION[precision]}.")
    else:
        explicacion.append(f"Precisión: {precision} (la pediste en la receta).")
    if precision == "fp16" and hw.dispositivo != "cuda":
        raise AfinarError(
            "precision='fp16' necesita una GPU CUDA y aquí no hay: usa precision='auto'."
        )
    if precision == "bf16" and not hw.bf16:
        raise AfinarError(
            "precision='bf16' no está admitida de verdad en este hardware: usa precision='auto'."
        )
    return precision


def _metodo(receta: Receta, memoria, hw, millones: float, explicacion: list[str]) -> str:
    """Completo si entrenar el modelo entero cabe con holgura (la misma regla que decide el
    recálculo de activaciones); si no, LoRA. La memoria sale de `estimar_memoria`."""
    if receta.metodo != "auto":
        explicacion.append(f"Método: {receta.metodo} (lo pediste en la receta).")
        return receta.metodo
    disponible = hw.memoria_gb
    donde = f"la GPU {hw.gpu}" if hw.dispositivo == "cuda" else "la memoria RAM"
    necesita = memoria("completo").total_gb
    if not necesita_checkpointing(necesita, disponible):
        explicacion.append(
            f"Método: completo. El modelo tiene {millones:,.1f} M de parámetros; entrenarlo "
            f"entero necesita unos {necesita:.1f} GB y {donde} tiene {disponible:.0f} GB."
        )
        return "completo"
    explicacion.append(
        f"Método: LoRA. El modelo tiene {millones:,.0f} M de parámetros; entrenarlo entero "
        f"necesitaría unos {necesita:.0f} GB y {donde} tiene {disponible:.0f} GB, así que entreno "
        "solo unas matrices pequeñas añadidas (el adaptador)."
    )
    return "lora"


def tasa_por_defecto(metodo: str, parametros: int) -> float:
    """La tasa de aprendizaje habitual para ``metodo`` en un modelo de ``parametros``."""
    millones = parametros / 1e6
    if metodo == "completo":
        return 1e-3 if millones < 30 else (5e-5 if millones < 1000 else 1e-5)
    return 2e-3 if millones < 30 else 2e-4


def decidir(receta: Receta, modelo, hw, tipo: str = "chat") -> Decision:
    """Resuelve los valores "auto" de la receta y explica cada elección en español.

    ``tipo``: ``"chat"`` o ``"texto"``, los datos con los que se va a entrenar."""
    parametros = sum(p.numel() for p in modelo.parameters())
    millones = parametros / 1e6
    explicacion: list[str] = []
    precision = _precision(receta, hw, explicacion)

    def memoria(metodo: str):
        return estimar_memoria(
            modelo, metodo, lote=receta.lote, max_length=receta.max_length,
            precision=precision, lora_r=receta.lora_r, lora_dropout=receta.lora_dropout,
            dispositivo=hw.dispositivo, datos=tipo,
        )

    metodo = _metodo(receta, memoria, hw, millones, explicacion)
    explicacion.insert(0, explicacion.pop())  # el método primero, como se lee la receta
    if metodo == "qlora":
        _comprobar_qlora(hw)

    tasa = receta.tasa_aprendizaje
    if tasa <= 0:
        tasa = tasa_por_defecto(metodo, parametros)
        explicacion.append(
            f"Tasa de aprendizaje: {tasa:g}, la habitual para {metodo} en un modelo de este tamaño."
        )

    # Gradient checkpointing solo si hace falta, según la estimación completa (pesos,
    # gradientes, optimizador, activaciones y logits), comprobada contra lo medido en CPU.
    total = memoria(metodo).total_gb
    checkpointing = necesita_checkpointing(total, hw.memoria_gb)
    if checkpointing:
        explicacion.append(
            f"Gradient checkpointing activado: se estiman {total:.1f} GB y hay "
            f"{hw.memoria_gb:.0f} GB; recalcula activaciones para ahorrar memoria (un 30 % más "
            "lento)."
        )
    return Decision(
        metodo=metodo, precision=precision, dispositivo=hw.dispositivo, tasa_aprendizaje=tasa,
        parametros=parametros, gradient_checkpointing=checkpointing, explicacion=explicacion,
    )


def _comprobar_qlora(hw) -> None:
    if hw.dispositivo != "cuda":
        raise AfinarError(
            "QLoRA necesita una GPU CUDA (cuantiza el modelo a 4 bits con bitsandbytes) y aquí "
            f"no hay ({hw.dispositivo}): usa metodo='lora', que en CPU funciona igual de bien."
        )
    try:
        import bitsandbytes  # noqa: F401
    except ImportError as error:
        raise AfinarError(
            "QLoRA necesita el paquete bitsandbytes y no está instalado: ejecuta "
            "`pip install bitsandbytes` o usa metodo='lora'."
        ) from error


def pasos_totales(receta: Receta, ejemplos: int, procesos: int = 1) -> int:
    """Pasos de optimización que dará el entrenamiento con esta receta y estos ejemplos."""
    if receta.pasos > 0:
        return receta.pasos
    por_epoca = math.ceil(ejemplos / (receta.lote * procesos)) // receta.acumulacion
    return max(1, math.ceil(max(1, por_epoca) * receta.epocas))
