"""Guardar lo entrenado: modelo (o adaptador y modelo fusionado), métricas, ficha y subida al Hub.

Todo se escribe primero en un temporal y se renombra al final: nunca queda un modelo ni un JSON
a medias. Solo escribe el proceso principal (con `accelerate launch` hay varios). Antes de
guardar, `juicio.juzgar` decide si el entrenamiento salió bien (``ResultadoEntrenamiento.fallo``).
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
from afinar.entrenamiento.disco import errores_de_disco
from afinar.entrenamiento.ficha import escribir_ficha
from afinar.entrenamiento.juicio import (
    Juicio,
    juzgar,
    paso_del_mejor,
    resumen_validacion,
    revisar,
)
from afinar.entrenamiento.lora import fusionar
from afinar.entrenamiento.monitor import decir, es_principal, esperar_a_todos
from afinar.entrenamiento.progreso import escribir_atomico
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


def medir(entrenado: dict, decision: Decision, tipo: str) -> dict:
    """Las cifras del entrenamiento; la pérdida de validación es la del modelo que se guarda
    (y también la inicial, la final y la mejor con su paso: `juicio.resumen_validacion`)."""
    import torch

    entrenador, salida_train = entrenado["entrenador"], entrenado["salida_train"]
    estado = entrenador.state
    tokens = estado.num_input_tokens_seen - getattr(entrenador, "_initial_num_input_tokens_seen", 0)
    tiempo = salida_train.metrics.get("train_runtime", entrenado["segundos"])
    if torch.cuda.is_available():
        pico = torch.cuda.max_memory_allocated() / 2**20
    else:
        pico = pico_memoria_ram_mb()
    return {
        "pasos": estado.global_step,
        **resumen_validacion(estado.log_history, paso_del_mejor(entrenador)),
        "ejemplos_entrenamiento": entrenado.get("ejemplos"),
        "ejemplos_validacion": entrenado.get("ejemplos_validacion"),
        "tokens_reales": int(tokens),
        "tokens_por_segundo": round(tokens / tiempo, 1) if tiempo else 0.0,
        "segundos": round(tiempo, 2),
        "pico_memoria_mb": round(pico, 1),
        "memoria": "GPU" if torch.cuda.is_available() else "RAM (pico del proceso)",
        "metodo": decision.metodo,
        "precision": decision.precision,
        "tipo": tipo,
        "lote": entrenado["lote"],
        "acumulacion": entrenado["acumulacion"],
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
    """Lo que devuelve `entrenar`: el modelo afinado, dónde quedó todo y si salió bien.

    ``fallo``: None si el entrenamiento salió bien; si no, una frase con lo que falló y su causa
    probable (la pérdida de validación acabó peor que al empezar, o el modelo dejó de responder
    bien). ``avisos``: lo que conviene mirar aunque no sea un fallo."""

    modelo: object  # el modelo afinado (con LoRA, ya fusionado si receta.fusionar)
    tokenizer: object
    carpeta: Path  # el modelo final, se carga con AutoModelForCausalLM.from_pretrained
    salida: Path  # carpeta de la receta: puntos de control, metricas.json, historial.json
    adaptador: Path | None  # con LoRA, el adaptador (se carga con PeftModel.from_pretrained)
    metricas: dict
    historial: list[dict] = field(default_factory=list)
    decision: Decision | None = None
    fallo: str | None = None
    avisos: list[str] = field(default_factory=list)

    @property
    def correcto(self) -> bool:
        """True si el entrenamiento no falló (ver ``fallo``)."""
        return self.fallo is None

    def __repr__(self) -> str:
        m = self.metricas
        texto = (
            f"ResultadoEntrenamiento(carpeta='{self.carpeta}', pasos={m.get('pasos')}, "
            f"perdida_validacion={m.get('perdida_validacion')}"
        )
        return texto + (f", fallo={self.fallo!r})" if self.fallo else ")")


def resultado_guardado(salida: Path, tokenizer, decision: Decision) -> ResultadoEntrenamiento:
    """El resultado de un entrenamiento ya terminado, leído de la carpeta de salida."""
    from transformers import AutoModelForCausalLM

    def leer(nombre, vacio):
        ruta = salida / nombre
        return json.loads(ruta.read_text()) if ruta.exists() else vacio

    adaptador = salida / "adaptador"
    metricas = leer("metricas.json", {})
    return ResultadoEntrenamiento(
        modelo=AutoModelForCausalLM.from_pretrained(salida / "modelo").eval(),
        tokenizer=tokenizer,
        carpeta=salida / "modelo",
        salida=salida,
        adaptador=adaptador if adaptador.is_dir() else None,
        metricas=metricas,
        historial=leer("historial.json", []),
        decision=decision,
        fallo=metricas.get("fallo"),
        avisos=metricas.get("avisos", []),
    )


def _guardar_modelos(modelo_final, tokenizer, decision: Decision, receta, salida: Path):
    """Con LoRA: el adaptador y, si la receta lo pide, el fusionado; si no, el modelo entero."""
    carpeta, adaptador = salida / "modelo", None
    with errores_de_disco(salida):
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
    return modelo_final, carpeta, adaptador


def guardar_json(ruta: Path, datos, **opciones) -> None:
    """Escribe JSON entero o nada (temporal + rename)."""
    escribir_atomico(ruta, json.dumps(datos, ensure_ascii=False, **opciones))


def _contar(metricas: dict, juicio: Juicio, entrenado: dict) -> None:
    inicial, guardada = metricas["perdida_validacion_inicial"], metricas["perdida_validacion"]
    mejor = metricas["mejor_perdida_validacion"]
    texto = f"Listo en {entrenado['segundos']:.0f} s: pérdida de validación "
    texto += f"{inicial} → {guardada}" if inicial is not None else f"{guardada}"
    if mejor is not None and mejor != guardada:
        texto += f" (la mejor, {mejor}, en el paso {metricas['mejor_paso']})"
    decir(texto + f", {metricas['tokens_por_segundo']:.0f} tokens/s.")
    for aviso in juicio.avisos:
        decir(f"Aviso: {aviso}")
    if juicio.fallo:
        decir(f"ATENCIÓN. {juicio.fallo}")


def guardar_resultado(entrenado: dict, tokenizer, decision: Decision, receta, tipo: str,
                      salida: Path, revision: dict) -> ResultadoEntrenamiento:
    """Juzga el resultado, guarda el modelo final, las métricas, la curva, la receta y la ficha
    (``README.md``); solo el proceso principal escribe.

    ``revision``: ``antes`` (diagnóstico de las respuestas del modelo sin afinar), ``entradas``
    y ``referencias`` (las de validación que se vuelven a generar), ``descripcion_datos``
    (frases sobre cómo se prepararon los datos) y ``modelo_base``/``es_hub`` (su nombre)."""
    modelo_final = entrenado["entrenador"].model
    despues = revisar(modelo_final, tokenizer, revision["entradas"], revision["referencias"])
    metricas = medir(entrenado, decision, tipo)
    juicio = juzgar(metricas, revision["antes"], despues, decision, revision["referencias"])
    metricas.update(estado="fallido" if juicio.fallo else "correcto", fallo=juicio.fallo,
                    avisos=juicio.avisos, revision=juicio.revision)  # fmt: skip
    modelo_final, carpeta, adaptador = _guardar_modelos(
        modelo_final, tokenizer, decision, receta, salida
    )
    if es_principal():
        with errores_de_disco(salida):
            guardar_json(salida / "metricas.json", metricas, indent=2)
            guardar_json(salida / "historial.json", entrenado["historial"])
            guardar_json(salida / "receta.json", asdict(receta), indent=2)
            escribir_ficha(
                [salida, carpeta, *([adaptador] if adaptador else [])],
                modelo_base=revision["modelo_base"], es_hub=revision["es_hub"], receta=receta,
                decision=decision, metricas=metricas, fallo=juicio.fallo, avisos=juicio.avisos,
                descripcion_datos=revision.get("descripcion_datos"),
            )
    esperar_a_todos()
    _contar(metricas, juicio, entrenado)
    decir(f"Modelo guardado en {carpeta}")
    modelo_final.eval()
    return ResultadoEntrenamiento(
        modelo=modelo_final, tokenizer=tokenizer, carpeta=carpeta, salida=salida,
        adaptador=adaptador, metricas=metricas, historial=entrenado["historial"],
        decision=decision, fallo=juicio.fallo, avisos=juicio.avisos,
    )
