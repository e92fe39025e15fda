"""LoRA y QLoRA con PEFT: preparar el modelo, comprobar los módulos y fusionar el adaptador."""

from __future__ import annotations

from afinar.compatibilidad import preparar_peft
from afinar.entrenamiento.decision import Decision
from afinar.entrenamiento.receta import Receta
from afinar.errores import AfinarError


def comprobar_modulos_lora(modelo, modulos: list[str]) -> None:
    if modulos == ["all-linear"]:
        return
    nombres = {n.rsplit(".", 1)[-1] for n, _ in modelo.named_modules()}
    faltan = [m for m in modulos if m not in nombres]
    if faltan:
        import torch

        lineales = sorted(
            {
                n.rsplit(".", 1)[-1]
                for n, m in modelo.named_modules()
                if isinstance(m, torch.nn.Linear) or type(m).__name__ == "Conv1D"
            }
        )
        raise AfinarError(
            f"El modelo no tiene el módulo {', '.join(faltan)} para LoRA: sus capas lineales "
            f"son {', '.join(lineales)}. Usa esos nombres o lora_modulos=['all-linear']."
        )


def preparar_modelo(modelo, decision: Decision, receta: Receta):
    import torch

    if decision.metodo == "completo":
        if modelo.dtype != torch.float32:
            modelo = modelo.float()  # pesos maestros en fp32; el cálculo va en autocast
        return modelo
    from peft import LoraConfig, get_peft_model

    preparar_peft()  # Colab trae un torchao que PEFT rechaza al crear capas LoRA

    if decision.metodo == "qlora":
        modelo = _cargar_4bit(modelo)
    elif decision.dispositivo == "cpu" and modelo.dtype == torch.float16:
        modelo = modelo.float()  # la CPU no acelera fp16
    configuracion = LoraConfig(
        r=receta.lora_r,
        lora_alpha=receta.lora_alpha,
        lora_dropout=receta.lora_dropout,
        target_modules=receta.lora_modulos[0]
        if receta.lora_modulos == ["all-linear"]
        else list(receta.lora_modulos),
        task_type="CAUSAL_LM",
    )
    return get_peft_model(modelo, configuracion)


def _cargar_4bit(modelo):
    import torch
    from peft import prepare_model_for_kbit_training
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    if not getattr(modelo, "is_loaded_in_4bit", False):
        cuantizacion = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_compute_dtype=torch.float16,
            bnb_4bit_use_double_quant=True,
        )
        modelo = AutoModelForCausalLM.from_pretrained(
            modelo.name_or_path, quantization_config=cuantizacion, device_map={"": 0}
        )
    return prepare_model_for_kbit_training(modelo, use_gradient_checkpointing=False)


def fusionar(modelo_peft, decision: Decision):
    if decision.metodo == "qlora":  # fusionar en 4 bits pierde calidad: fusiona sobre fp16
        import torch
        from peft import PeftModel

        preparar_peft()
        from transformers import AutoModelForCausalLM

        base = AutoModelForCausalLM.from_pretrained(
            modelo_peft.base_model.model.name_or_path, dtype=torch.float16
        )
        modelo_peft = PeftModel.from_pretrained(base, modelo_peft.peft_config["default"])
    return modelo_peft.merge_and_unload()
