"""Guardar lo entrenado: modelo (o adaptador y modelo fusionado), métricas y subida al Hub.

Todo se escribe primero en una carpeta temporal y se renombra al final: nunca queda un modelo
a medias. Solo escribe el proceso principal (con `accelerate launch` hay varios).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from afinar import entorno
from afinar.entrenamiento.decision import Decision
from afinar.entrenamiento.lora import fusionar
from afinar.entrenamiento.monitor import decir, es_principal, esperar_a_todos
from afinar.errores import AfinarError
from afinar.generacion.plantillas import fin_de_turno
from afinar.presentacion import sin_barras


def guardar_modelo(modelo, tokenizer, carpeta: Path) -> None:
    """Guarda en una carpeta temporal y la renombra: nunca queda un modelo a medias."""
    if not es_principal():
        return
    temporal = carpeta.with_name(carpeta.name + ".tmp")
    shutil.rmtree(temporal, ignore_errors=True)
    configuracion = getattr(modelo, "generation_config", None)
    if configuracion is not None and getattr(tokenizer, "chat_template", None):
        # que el modelo guardado pare en su fin de turno, también con transformers a secas
        configuracion.eos_token_id = fin_de_turno(tokenizer, configuracion)
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


@dataclass
class ResultadoEntrenamiento:
    """Lo que devuelve `entrenar`: el modelo afinado y dónde quedó todo."""

    modelo: object  # el modelo afinado (con LoRA, ya fusionado si receta.fusionar)
    tokenizer: object
    carpeta: Path  # el modelo final, se carga con AutoModelForCausalLM.from_pretrained
    salida: Path  # carpeta de la receta: puntos de control, metricas.json, historial.json
    adaptador: Path | None  # con LoRA, el adaptador (se carga con PeftModel.from_pretrained)
    metricas: dict
    historial: list[dict] = field(default_factory=list)
    decision: Decision | None = None

    def __repr__(self) -> str:
        m = self.metricas
        return (
            f"ResultadoEntrenamiento(carpeta='{self.carpeta}', pasos={m.get('pasos')}, "
            f"perdida_validacion={m.get('perdida_validacion')})"
        )


def resultado_guardado(salida: Path, tokenizer, decision: Decision) -> ResultadoEntrenamiento:
    """El resultado de un entrenamiento ya terminado, leído de la carpeta de salida."""
    from transformers import AutoModelForCausalLM

    def leer(nombre, vacio):
        ruta = salida / nombre
        return json.loads(ruta.read_text()) if ruta.exists() else vacio

    adaptador = salida / "adaptador"
    return ResultadoEntrenamiento(
        modelo=AutoModelForCausalLM.from_pretrained(salida / "modelo").eval(),
        tokenizer=tokenizer,
        carpeta=salida / "modelo",
        salida=salida,
        adaptador=adaptador if adaptador.is_dir() else None,
        metricas=leer("metricas.json", {}),
        historial=leer("historial.json", []),
        decision=decision,
    )


def guardar_resultado(entrenado: dict, tokenizer, decision: Decision, receta, tipo: str,
                      salida: Path) -> ResultadoEntrenamiento:
    """Guarda el modelo final (con LoRA: el adaptador y, si la receta lo pide, el fusionado),
    las métricas, la curva y la receta; solo el proceso principal escribe."""
    modelo_final = entrenado["entrenador"].model
    carpeta, adaptador = salida / "modelo", None
    if decision.metodo in ("lora", "qlora"):
        adaptador = salida / "adaptador"
        guardar_modelo(modelo_final, tokenizer, adaptador)
        if receta.fusionar:
            modelo_final = fusionar(modelo_final, decision)
            guardar_modelo(modelo_final, tokenizer, carpeta)
        else:
            carpeta = adaptador
    else:
        guardar_modelo(modelo_final, tokenizer, carpeta)
    metricas = medir(entrenado["entrenador"], entrenado["salida_train"], entrenado["segundos"],
                     decision, tipo, entrenado["lote"], entrenado["acumulacion"])
    if es_principal():
        (salida / "metricas.json").write_text(json.dumps(metricas, indent=2, ensure_ascii=False))
        (salida / "historial.json").write_text(
            json.dumps(entrenado["historial"], ensure_ascii=False)
        )
        (salida / "receta.json").write_text(
            json.dumps(asdict(receta), indent=2, ensure_ascii=False)
        )
    esperar_a_todos()
    decir(
        f"Listo en {entrenado['segundos']:.0f} s: pérdida de validación "
        f"{metricas['perdida_validacion']}, {metricas['tokens_por_segundo']:.0f} tokens/s. "
        f"Modelo guardado en {carpeta}"
    )
    modelo_final.eval()
    return ResultadoEntrenamiento(
        modelo=modelo_final, tokenizer=tokenizer, carpeta=carpeta, salida=salida,
        adaptador=adaptador, metricas=metricas, historial=entrenado["historial"],
        decision=decision,
    )
