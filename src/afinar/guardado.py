"""Guardar lo entrenado: modelo (o adaptador y modelo fusionado), métricas y subida al Hub.

Todo se escribe primero en una carpeta temporal y se renombra al final: nunca queda un modelo
a medias. Solo escribe el proceso principal (con `accelerate launch` hay varios).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from afinar.errores import AfinarError
from afinar.monitor import es_principal
from afinar.preparacion import sin_barras
from afinar.receta import Decision


def fusionar(modelo_peft, decision: Decision):
    if decision.metodo == "qlora":  # fusionar en 4 bits pierde calidad: fusiona sobre fp16
        import torch
        from peft import PeftModel
        from transformers import AutoModelForCausalLM

        base = AutoModelForCausalLM.from_pretrained(
            modelo_peft.base_model.model.name_or_path, dtype=torch.float16
        )
        modelo_peft = PeftModel.from_pretrained(base, modelo_peft.peft_config["default"])
    return modelo_peft.merge_and_unload()


def guardar_modelo(modelo, tokenizer, carpeta: Path) -> None:
    """Guarda en una carpeta temporal y la renombra: nunca queda un modelo a medias."""
    if not es_principal():
        return
    temporal = carpeta.with_name(carpeta.name + ".tmp")
    shutil.rmtree(temporal, ignore_errors=True)
    with sin_barras():
        modelo.save_pretrained(temporal)
        tokenizer.save_pretrained(temporal)
    shutil.rmtree(carpeta, ignore_errors=True)
    os.replace(temporal, carpeta)


def medir(entrenador, salida_train, segundos, decision, tipo, lote, acumulacion) -> dict:
    import torch

    estado = entrenador.state
    evaluaciones = [f["eval_loss"] for f in estado.log_history if "eval_loss" in f]
    tokens = estado.num_input_tokens_seen - getattr(entrenador, "_initial_num_input_tokens_seen", 0)
    tiempo = salida_train.metrics.get("train_runtime", segundos)
    if torch.cuda.is_available():
        pico = torch.cuda.max_memory_allocated() / 2**20
    else:
        pico = pico_memoria_ram_mb()
    return {
        "pasos": estado.global_step,
        "perdida_validacion": round(min(evaluaciones), 4) if evaluaciones else None,
        "perdida_validacion_final": round(evaluaciones[-1], 4) if evaluaciones else None,
        "tokens_reales": int(tokens),
        "tokens_por_segundo": round(tokens / tiempo, 1) if tiempo else 0.0,
        "segundos": round(tiempo, 2),
        "pico_memoria_mb": round(pico, 1),
        "memoria": "GPU" if torch.cuda.is_available() else "RAM (pico del proceso)",
        "metodo": decision.metodo,
        "precision": decision.precision,
        "tipo": tipo,
        "lote": lote,
        "acumulacion": acumulacion,
        "tasa_aprendizaje": decision.tasa_aprendizaje,
        "parametros": decision.parametros,
        "procesos": entrenador.args.world_size,
        "parada_temprana": estado.global_step < estado.max_steps,
    }


def subir_al_hub(carpeta, repo_id: str, *, privado: bool = True, token: str | None = None) -> str:
    """Sube un modelo guardado al Hub de Hugging Face (privado salvo que digas lo contrario)."""
    from huggingface_hub import HfApi

    from afinar import entorno

    if entorno.sin_conexion():
        raise AfinarError(
            f"No hay conexión con el Hub: no puedo subir {carpeta} a {repo_id}. Conéctate y repite."
        )
    api = HfApi(token=token)
    api.create_repo(repo_id, private=privado, exist_ok=True)
    api.upload_folder(folder_path=str(carpeta), repo_id=repo_id)
    return f"https://huggingface.co/{repo_id}"


def pico_memoria_ram_mb() -> float:
    """Pico de memoria RAM de este proceso, en MB (en Windows, el pico del conjunto de trabajo)."""
    try:
        import resource
    except ImportError:  # Windows
        import psutil

        info = psutil.Process().memory_info()
        return getattr(info, "peak_wset", info.rss) / 2**20
    pico = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return pico / 2**20 if sys.platform == "darwin" else pico / 1024  # macOS da bytes; Linux, KB
