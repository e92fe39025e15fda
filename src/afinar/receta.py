"""La receta de entrenamiento: una sola dataclass con los valores por defecto y por qué.

`Receta` reúne todo lo que decide cómo se entrena. Cada campo lleva un comentario
con el motivo de su valor y un texto de ayuda (``metadata["ayuda"]``) del que la
línea de comandos (`afinar entrenar`) deriva sus opciones: no se escriben dos veces.
Los valores ``"auto"`` o ``0`` se resuelven con el hardware y el modelo que haya
(`decidir`), y la decisión se explica en español.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from afinar.errores import AfinarError

METODOS = ("auto", "completo", "lora", "qlora")
PRECISIONES = ("auto", "bf16", "fp16", "fp32")


def _campo(valor, ayuda: str):
    if isinstance(valor, list):
        return field(default_factory=lambda: list(valor), metadata={"ayuda": ayuda})
    return field(default=valor, metadata={"ayuda": ayuda})


@dataclass
class Receta:
    """Valores por defecto del entrenamiento. Cambia solo lo que necesites."""

    # "auto" elige completo o LoRA según el tamaño del modelo y la memoria que hay.
    metodo: str = _campo("auto", "Método: auto, completo, lora o qlora (qlora solo con GPU CUDA).")
    # 3 pasadas por los datos bastan para adoptar un formato sin memorizar los ejemplos.
    epocas: float = _campo(3.0, "Pasadas completas por los datos de entrenamiento.")
    # 0 = lo deciden las épocas; un número fijo sirve para pruebas y comparaciones justas.
    pasos: int = _campo(0, "Pasos de entrenamiento; si es mayor que 0, manda sobre --epocas.")
    # 0 = automática: alta para LoRA y modelos diminutos, baja para modelos grandes completos.
    tasa_aprendizaje: float = _campo(
        0.0, "Tasa de aprendizaje; 0 la elige según el método y el tamaño del modelo."
    )
    # 8 ejemplos por paso caben en una T4 con modelos pequeños y dan un gradiente estable.
    lote: int = _campo(8, "Ejemplos por paso en cada dispositivo.")
    # Acumular gradientes simula un lote mayor sin más memoria.
    acumulacion: int = _campo(1, "Pasos de acumulación de gradiente (lote efectivo = lote × esto).")
    # 512 tokens cubren la mayoría de ejemplos de chat; más largo cuesta memoria y tiempo.
    max_length: int = _campo(512, "Longitud máxima de cada ejemplo, en tokens.")
    # Rango 16: suficiente capacidad para un estilo o formato nuevo, con muy pocos parámetros.
    lora_r: int = _campo(16, "Rango de las matrices LoRA.")
    # alpha = 2 × r es la proporción habitual: escala estable al cambiar r.
    lora_alpha: int = _campo(32, "Escala alpha de LoRA.")
    # Un poco de dropout reduce la memorización con pocos datos.
    lora_dropout: float = _campo(0.05, "Dropout de las capas LoRA.")
    # "all-linear" adapta todas las capas lineales: funciona en cualquier arquitectura.
    lora_modulos: list[str] = _campo(
        ["all-linear"], "Módulos a los que se añade LoRA (por ejemplo q_proj v_proj)."
    )
    # 0 = 5 evaluaciones (más la inicial): curva legible sin gastar mucho tiempo en medir.
    evaluar_cada: int = _campo(0, "Evaluar cada N pasos; 0 lo reparte en 5 evaluaciones.")
    # 0 = guardar en cada evaluación: si la sesión se corta, se pierde poco.
    guardar_cada: int = _campo(
        0, "Guardar un punto de control cada N pasos; 0 = en cada evaluación."
    )
    # Dos puntos de control bastan para reanudar y para quedarse con el mejor.
    puntos_maximos: int = _campo(2, "Puntos de control que se conservan en disco.")
    # Parar si la pérdida de validación no mejora en 3 evaluaciones seguidas; 0 = no parar.
    paciencia: int = _campo(3, "Evaluaciones sin mejorar antes de parar; 0 desactiva la parada.")
    # 10 % de validación si los datos llegan sin dividir.
    validacion: float = _campo(0.1, "Fracción de validación si los datos no vienen divididos.")
    # 5 % de calentamiento evita pasos grandes al principio, cuando el gradiente es ruidoso.
    calentamiento: float = _campo(0.05, "Fracción de pasos de calentamiento de la tasa.")
    # Precisión: "auto" usa la que el hardware admite de verdad (bf16, fp16 o fp32).
    precision: str = _campo("auto", "Precisión: auto, bf16, fp16 o fp32.")
    # Carpeta propia: puntos de control, modelo final, métricas. Puede estar en Google Drive.
    salida: str = _campo("afinado", "Carpeta donde se guardan puntos de control y el modelo.")
    # Con LoRA, guardar también el modelo fusionado, que se carga sin PEFT.
    fusionar: bool = _campo(True, "Con LoRA, guardar también el modelo fusionado.")
    # Misma semilla = mismo resultado: se puede comparar un cambio con otro.
    semilla: int = _campo(42, "Semilla para que el resultado se pueda repetir.")

    def __post_init__(self):
        if self.metodo not in METODOS:
            raise AfinarError(
                f"El método «{self.metodo}» no existe: usa uno de {', '.join(METODOS)}."
            )
        if self.precision not in PRECISIONES:
            raise AfinarError(
                f"La precisión «{self.precision}» no existe: usa una de {', '.join(PRECISIONES)}."
            )
        for nombre in ("lote", "acumulacion", "max_length", "lora_r"):
            if getattr(self, nombre) < 1:
                raise AfinarError(f"{nombre}={getattr(self, nombre)} no vale: debe ser 1 o más.")
        if not 0 <= self.validacion < 1:
            raise AfinarError(f"validacion={self.validacion} no vale: usa una fracción como 0.1.")
        if isinstance(self.lora_modulos, str):
            self.lora_modulos = [self.lora_modulos]


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


def _memoria_disponible_gb(hw) -> float:
    if hw.dispositivo == "cuda" and hw.memoria_gpu_gb:
        return float(hw.memoria_gpu_gb)
    return float(hw.memoria_ram_gb or 4.0)


def _memoria_entrenamiento_gb(parametros: int, metodo: str) -> float:
    """Memoria aproximada (pesos, gradientes y estados de Adam), sin activaciones."""
    if metodo == "completo":  # fp32: pesos 4 + gradientes 4 + Adam 8 bytes por parámetro
        return parametros * 16 / 1e9
    if metodo == "lora":  # pesos congelados (2-4 bytes) + adaptador pequeño
        return parametros * 4 / 1e9
    return parametros * 0.7 / 1e9  # qlora: pesos de 4 bits


def decidir(receta: Receta, modelo, hw, tipo: str = "chat") -> Decision:
    """Resuelve los valores "auto" de la receta y explica cada elección en español.

    ``tipo``: ``"chat"`` o ``"texto"``, los datos con los que se va a entrenar."""
    from afinar import entorno

    parametros = sum(p.numel() for p in modelo.parameters())
    millones = parametros / 1e6
    disponible = _memoria_disponible_gb(hw)
    donde = f"la GPU {hw.gpu}" if hw.dispositivo == "cuda" else "la memoria RAM"
    explicacion = []

    metodo = receta.metodo
    if metodo == "auto":
        necesita = _memoria_entrenamiento_gb(parametros, "completo")
        if necesita < 0.5 * disponible:
            metodo = "completo"
            explicacion.append(
                f"Método: completo. El modelo tiene {millones:,.1f} M de parámetros; entrenarlo "
                f"entero necesita unos {necesita:.1f} GB y {donde} tiene {disponible:.0f} GB."
            )
        else:
            metodo = "lora"
            explicacion.append(
                f"Método: LoRA. El modelo tiene {millones:,.0f} M de parámetros; entrenarlo "
                f"entero necesitaría unos {necesita:.0f} GB y {donde} tiene {disponible:.0f} GB, "
                "así que entreno solo unas matrices pequeñas añadidas (el adaptador)."
            )
    else:
        explicacion.append(f"Método: {metodo} (lo pediste en la receta).")
    if metodo == "qlora":
        _comprobar_qlora(hw)

    precision = receta.precision
    if precision == "auto":
        precision = entorno.precision_recomendada()
        motivos = {
            "bf16": "este hardware admite bf16 de verdad: cálculo en bf16 (autocast) con "
            "pesos maestros en fp32, casi el doble de rápido",
            "fp16": "esta GPU no admite bf16 de verdad pero sí fp16: cálculo en fp16 "
            "(autocast) con pesos maestros en fp32 para no perder precisión",
            "fp32": "este hardware no acelera bf16 ni fp16, así que fp32 es lo más rápido y seguro",
        }
        explicacion.append(f"Precisión: {precision}, porque {motivos[precision]}.")
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

    tasa = receta.tasa_aprendizaje
    if tasa <= 0:
        if metodo == "completo":
            tasa = 1e-3 if millones < 30 else (5e-5 if millones < 1000 else 1e-5)
        else:
            tasa = 2e-3 if millones < 30 else 2e-4
        explicacion.append(
            f"Tasa de aprendizaje: {tasa:g}, la habitual para {metodo} en un modelo de este tamaño."
        )

    # Gradient checkpointing solo si hace falta, según la estimación completa (pesos,
    # gradientes, optimizador, activaciones y logits), comprobada contra lo medido en CPU.
    from afinar.memoria import estimar_memoria, necesita_checkpointing

    total = estimar_memoria(
        modelo,
        metodo,
        lote=receta.lote,
        max_length=receta.max_length,
        precision=precision,
        lora_r=receta.lora_r,
        lora_dropout=receta.lora_dropout,
        dispositivo=hw.dispositivo,
        datos=tipo,
    ).total_gb
    checkpointing = necesita_checkpointing(total, disponible)
    if checkpointing:
        explicacion.append(
            f"Gradient checkpointing activado: se estiman {total:.1f} GB y hay {disponible:.0f} GB; "
            "recalcula activaciones para ahorrar memoria (un 30 % más lento)."
        )
    return Decision(
        metodo=metodo,
        precision=precision,
        dispositivo=hw.dispositivo,
        tasa_aprendizaje=tasa,
        parametros=parametros,
        gradient_checkpointing=checkpointing,
        explicacion=explicacion,
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
