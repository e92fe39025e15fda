"""La receta de entrenamiento: una sola dataclass con los valores por defecto y por qué.

`Receta` reúne todo lo que decide cómo se entrena. Cada campo lleva un comentario
con el motivo de su valor y un texto de ayuda (``metadata["help"]``, la clave que lee `transformers.HfArgumentParser`) del que la
línea de comandos (`afinar entrenar`) deriva sus opciones: no se escriben dos veces.
Los valores ``"auto"`` o ``0`` se resuelven con el hardware y el modelo que haya
(`decidir`), y la decisión se explica en español.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from afinar.errores import AfinarError
from afinar.modelos.memoria import METODOS as METODOS_ENTRENAMIENTO
from afinar.modelos.memoria import PRECISIONES as PRECISIONES_CALCULO

# "auto" más los métodos y precisiones que existen (definidos junto al modelo de memoria).
METODOS = ("auto", *METODOS_ENTRENAMIENTO)
PRECISIONES = ("auto", *PRECISIONES_CALCULO)


def _campo(valor, ayuda: str):
    if isinstance(valor, list):
        return field(default_factory=lambda: list(valor), metadata={"help": ayuda})
    return field(default=valor, metadata={"help": ayuda})


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

    # 4 respuestas de validación antes y después: un modelo roto (mudo, en bucle) no pasa por bueno.
    revisar: int = _campo(
        4, "Respuestas de validación que se generan antes y después de entrenar para detectar un "
        "modelo roto (mudo o en bucle); 0 = no revisar."
    )

    def __post_init__(self):
        if isinstance(self.lora_modulos, str):
            self.lora_modulos = [self.lora_modulos]
        comprobar_receta(self)


# Cada valor numérico: (tipo, mínimo, ¿mínimo incluido?, máximo exclusivo o None, qué significa).
_LIMITES = {
    "epocas": (float, 0, False, None, "un número de pasadas mayor que 0, como 3"),
    "pasos": (int, 0, True, None, "0 (lo deciden las épocas) o un número de pasos mayor que 0"),
    "tasa_aprendizaje": (float, 0, True, None, "0 (automática) o un número positivo como 2e-4"),
    "lote": (int, 1, True, None, "1 o más"),
    "acumulacion": (int, 1, True, None, "1 o más"),
    "max_length": (int, 1, True, None, "un número de tokens como 512"),
    "lora_r": (int, 1, True, None, "1 o más, como 16"),
    "lora_alpha": (float, 0, False, None, "un número mayor que 0, como 32"),
    "lora_dropout": (float, 0, True, 1, "una fracción entre 0 y 1 (sin llegar a 1), como 0.05"),
    "evaluar_cada": (int, 0, True, None, "0 (automático) o un número de pasos"),
    "guardar_cada": (int, 0, True, None, "0 (en cada evaluación) o un número de pasos"),
    "puntos_maximos": (int, 1, True, None, "1 o más (hace falta uno para poder reanudar)"),
    "paciencia": (int, 0, True, None, "0 (no parar) o un número de evaluaciones"),
    "validacion": (float, 0, True, 1, "una fracción como 0.1"),
    "calentamiento": (float, 0, True, 1, "una fracción entre 0 y 1, como 0.05"),
    "semilla": (int, 0, True, 2**32, "un número entero entre 0 y 4294967295"),
    "revisar": (int, 0, True, None, "0 (no revisar) o un número de respuestas, como 4"),
}


def _fuera_de_limites(valor, tipo, minimo, incluido: bool, maximo) -> bool:
    numero = isinstance(valor, (int, float)) and not isinstance(valor, bool)
    if not numero or (tipo is int and not isinstance(valor, int)) or not math.isfinite(valor):
        return True
    if valor < minimo or (valor == minimo and not incluido):
        return True
    return maximo is not None and valor >= maximo


def comprobar_receta(receta: Receta) -> None:
    """Comprueba cada valor de la receta antes de cargar nada; el primero que no vale se explica
    en una frase (con su nombre en la línea de órdenes)."""
    if receta.metodo not in METODOS:
        raise AfinarError(f"El método «{receta.metodo}» no existe: usa uno de {', '.join(METODOS)}.")
    if receta.precision not in PRECISIONES:
        raise AfinarError(
            f"La precisión «{receta.precision}» no existe: usa una de {', '.join(PRECISIONES)}."
        )
    for nombre, (tipo, minimo, incluido, maximo, que) in _LIMITES.items():
        valor = getattr(receta, nombre)
        if _fuera_de_limites(valor, tipo, minimo, incluido, maximo):
            opcion = "--" + nombre.replace("_", "-")
            raise AfinarError(f"{nombre}={valor!r} no vale ({opcion}): usa {que}.")
    modulos = receta.lora_modulos
    if not modulos or not all(isinstance(m, str) and m.strip() for m in modulos):
        raise AfinarError(
            f"lora_modulos={modulos!r} no vale (--lora-modulos): usa nombres de capas como "
            "q_proj v_proj, o all-linear."
        )
    if not isinstance(receta.salida, str) or not receta.salida.strip():
        raise AfinarError(
            f"salida={receta.salida!r} no vale (--salida): usa el nombre de una carpeta."
        )


def posiciones_del_modelo(modelo) -> int | None:
    """Cuántas posiciones (tokens) admite el modelo según su configuración (None si no lo dice)."""
    config = getattr(modelo, "config", None)
    for clave in ("max_position_embeddings", "n_positions", "max_sequence_length"):
        valor = getattr(config, clave, None)
        if isinstance(valor, int) and valor > 0:
            return valor
    return None


def comprobar_max_length(receta: Receta, modelo) -> None:
    """``max_length`` no puede pasar de las posiciones del modelo (se sabe al tener el modelo)."""
    posiciones = posiciones_del_modelo(modelo)
    if posiciones is not None and receta.max_length > posiciones:
        raise AfinarError(
            f"max_length={receta.max_length} pasa de lo que admite el modelo ({posiciones} "
            f"tokens): usa --max-length {posiciones} o menos (Receta(max_length={posiciones}))."
        )
