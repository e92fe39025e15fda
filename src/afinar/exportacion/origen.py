"""De dónde sale lo que se exporta: la carpeta de entrenar(), un modelo completo o un adaptador.

`localizar` decide qué hay en la carpeta (sin cargar nada) y `cargar` devuelve el modelo listo
para exportar: si hay un adaptador LoRA, lo fusiona sobre una copia en 16 o 32 bits del modelo
base (nunca en 4 bits: fusionar sobre pesos cuantizados pierde calidad).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from afinar.compatibilidad import preparar_peft
from afinar.errores import AfinarError
from afinar.modelos import RUTA_BOLSILLO, cargar_modelo, id_de_relleno


@dataclass(frozen=True)
class Origen:
    """Lo que hay en la carpeta que se quiere exportar."""

    carpeta: Path  # la carpeta que pasó quien exporta
    modelo: Path | None  # carpeta con un modelo completo (config.json + safetensors)
    adaptador: Path | None  # carpeta con un adaptador LoRA (adapter_config.json)

    @property
    def base(self) -> str | None:
        """El modelo base del adaptador, tal como lo anotó PEFT."""
        if self.adaptador is None:
            return None
        config = json.loads((self.adaptador / "adapter_config.json").read_text(encoding="utf-8"))
        return config.get("base_model_name_or_path")

    @property
    def descripcion(self) -> str:
        if self.adaptador is not None:
            return f"el adaptador LoRA de {self.adaptador}, fusionado sobre {self.base}"
        return f"el modelo completo de {self.modelo}"

    def config(self) -> dict:
        """El config.json del modelo (o del modelo base del adaptador)."""
        if self.modelo is not None:
            return json.loads((self.modelo / "config.json").read_text(encoding="utf-8"))
        from transformers import AutoConfig

        base = _ruta_base(self.base)
        try:
            return AutoConfig.from_pretrained(base, trust_remote_code=False).to_dict()
        except Exception as error:
            raise AfinarError(
                f"No encuentro el modelo base «{self.base}» del adaptador de {self.adaptador} "
                f"({type(error).__name__}): descárgalo antes (con internet) o guarda el modelo "
                "fusionado al entrenar (receta.fusionar=True) y exporta esa carpeta."
            ) from error


def _tiene_modelo(carpeta: Path) -> bool:
    return (carpeta / "config.json").is_file() and any(carpeta.glob("*.safetensors"))


def localizar(carpeta) -> Origen:
    """Mira qué contiene `carpeta` y dice qué se va a exportar; no carga nada."""
    carpeta = Path(carpeta).expanduser()
    if not carpeta.is_dir():
        raise AfinarError(
            f"No existe la carpeta «{carpeta}»: pasa la carpeta de salida de entrenar() o una "
            "carpeta guardada con save_pretrained."
        )
    # La salida de entrenar(): con LoRA se fusiona desde el adaptador; si no, el modelo final.
    if (carpeta / "adaptador" / "adapter_config.json").is_file():
        return Origen(carpeta, None, carpeta / "adaptador")
    if _tiene_modelo(carpeta / "modelo"):
        return Origen(carpeta, carpeta / "modelo", None)
    if (carpeta / "adapter_config.json").is_file():
        return Origen(carpeta, None, carpeta)
    if _tiene_modelo(carpeta):
        return Origen(carpeta, carpeta, None)
    if (carpeta / "config.json").is_file():
        raise AfinarError(
            f"La carpeta «{carpeta}» tiene config.json pero ningún peso .safetensors: vuelve a "
            "guardar el modelo con save_pretrained(carpeta) y exporta otra vez."
        )
    raise AfinarError(
        f"La carpeta «{carpeta}» no contiene un modelo (ni config.json con pesos .safetensors, ni "
        "adapter_config.json, ni las carpetas modelo/ o adaptador/ que escribe entrenar()): pasa "
        "la carpeta de salida del entrenamiento."
    )


def _ruta_base(base: str | None) -> str:
    if not base:
        raise AfinarError(
            "El adaptador no dice cuál es su modelo base (falta base_model_name_or_path en "
            "adapter_config.json): vuelve a guardarlo con save_pretrained desde el PeftModel."
        )
    if base.lower() == "bolsillo":
        return str(RUTA_BOLSILLO)
    return base


def _dtype_de(config: dict):
    """16 bits si el modelo se guardó en 16 bits; si no, 32. Nunca 4 u 8 bits."""
    import torch

    nombre = str(config.get("dtype") or config.get("torch_dtype") or "float32")
    return {"bfloat16": torch.bfloat16, "float16": torch.float16}.get(nombre, torch.float32)


def _rechazar_cuantizado(config: dict, donde: Path | str) -> None:
    if config.get("quantization_config"):
        raise AfinarError(
            f"El modelo de «{donde}» está guardado cuantizado (4 u 8 bits) y fusionar o exportar "
            "desde ahí pierde calidad: exporta la carpeta del entrenamiento, que tiene el "
            "adaptador, o un modelo guardado en 16 o 32 bits."
        )


def cargar(origen: Origen):
    """(modelo, tokenizer, adaptado): el modelo listo para exportar, en CPU y en evaluación.

    Con adaptador, `adaptado` es el PeftModel sin fusionar (para comparar antes de fusionar) y
    `modelo` se obtiene con `fusionar(adaptado)`; sin adaptador, `adaptado` es None.
    """
    if origen.adaptador is None:
        config = origen.config()
        _rechazar_cuantizado(config, origen.modelo)
        modelo, tokenizer = cargar_modelo(str(origen.modelo), dtype=_dtype_de(config),
                                          dispositivo="cpu")
        return modelo, _tokenizer_de(origen.modelo, tokenizer), None
    base = _ruta_base(origen.base)
    config = origen.config()
    _rechazar_cuantizado(config, base)
    modelo_base, tokenizer = cargar_modelo(base, dtype=_dtype_de(config), dispositivo="cpu")
    from peft import PeftModel

    preparar_peft()  # Colab trae un torchao que PEFT rechaza al cargar un adaptador
    try:
        adaptado = PeftModel.from_pretrained(modelo_base, str(origen.adaptador))
    except Exception as error:
        raise AfinarError(
            f"No pude cargar el adaptador de «{origen.adaptador}» sobre «{base}» "
            f"({type(error).__name__}): comprueba que es el mismo modelo base con el que entrenaste."
        ) from error
    adaptado.eval()
    return None, _tokenizer_de(origen.adaptador, tokenizer), adaptado


def _tokenizer_de(carpeta: Path, respaldo):
    """El tokenizador guardado junto al modelo o adaptador (lleva la plantilla de chat afinada)."""
    if not (carpeta / "tokenizer_config.json").is_file():
        return respaldo
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(carpeta), trust_remote_code=False)
    id_de_relleno(tokenizer)  # la regla de relleno de afinar, como en cargar_modelo
    return tokenizer


def fusionar(adaptado):
    """Suma el adaptador a los pesos del modelo base y devuelve un modelo normal de transformers."""
    modelo = adaptado.merge_and_unload()
    modelo.eval()
    return modelo
