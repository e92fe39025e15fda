"""Velocidad y memoria del entrenamiento: la receta de afinar contra las recetas habituales.

Entrena el mismo modelo (pesos aleatorios, misma semilla) con los mismos ejemplos, es decir,
con los mismos tokens reales (sin relleno), con tres recetas:

- (a) ``a_relleno_max``: la receta de la mayoría de cuadernos de iniciación: ``Trainer`` de
  transformers y cada ejemplo rellenado hasta ``max_length``.
- (b) ``b_trl``: ``SFTTrainer`` de TRL con sus valores por defecto, cambiados solo lo necesario
  para funcionar en este hardware (en CPU: ``bf16=False`` y ``gradient_checkpointing=False``).
- (c) ``c_afinar``: la ``Receta`` por defecto de afinar, a través de ``afinar.entrenar``.
  Si ese módulo aún no existe, o con ``--receta-c prototipo``, se usa ``c_prototipo``, que aplica
  los ajustes recomendados en ``benchmarks/README.md`` con ``Trainer``/``SFTTrainer``.

Con datos de texto plano y de chat de longitudes variadas (generados de forma determinista a partir
de ``corpus/``; ``--datos resumen``: chat con la pregunta larga y la respuesta de una frase).
Cada receta corre en su propio subproceso, así que ``pico_memoria_mb`` es el pico de memoria
residente (RSS) de esa receta sola. Imprime UN objeto JSON.

Ejemplos::

    .venv/bin/python benchmarks/entrenamiento.py                      # forma tiny, unos minutos
    .venv/bin/python benchmarks/entrenamiento.py --hilos 1 --datos chat --repeticiones 2
    .venv/bin/python benchmarks/entrenamiento.py --hilos 1 --forma smollm2-135m --pasos 3 \
        --datos chat --n-eval 16
    .venv/bin/python benchmarks/entrenamiento.py --variantes agrupado64_bf16,empaquetado_escalado_bf16
    .venv/bin/python benchmarks/entrenamiento.py --forma qwen2.5-0.5b --pasos 20   # con GPU

Qué mide cada campo:

- ``tokens_por_segundo``: tokens reales (sin relleno) entrenados por segundo de pasos de
  entrenamiento (se excluye el tiempo de evaluación, guardado y registro dentro del bucle);
  ``tokens_por_segundo_cpu``: lo mismo por segundo de CPU del proceso, que apenas cambia si otros
  procesos comparten la máquina (úsese con ``--hilos 1``).
- ``segundos_por_paso``: tiempo de entrenamiento dividido por los pasos de optimización.
- ``pico_memoria_mb``: pico de RSS del subproceso (y ``pico_memoria_gpu_mb`` con CUDA).
- ``perdida_eval``: entropía cruzada media en los mismos ejemplos reservados, calculada igual
  para todas las recetas (fp32; en chat, solo en los tokens del asistente).
- ``ratio_c_a``, ``ratio_c_b``: cociente de ``tokens_por_segundo``.
- ``mfu``: 6·N·tokens_por_segundo de (c) dividido por el pico de una multiplicación de matrices
  2048×2048 medido en la misma ejecución con la precisión que usa (c) (el mejor de dos medidas
  de 3 s, al principio y al final). ``mfu_c_fp32`` (con ``--c-fp32``): lo mismo para (c) con
  ``precision="fp32"`` frente al pico fp32.
- ``ratio_c_logits_completos`` y ``memoria_c_sobre_logits_completos`` (con
  ``--c-logits-completos``): (c) frente a la misma receta con la capa final calculada en todas
  las posiciones (``c_logits_completos``), no solo en las que predicen la respuesta; se nota con
  ``--datos resumen`` (preguntas largas, respuestas de una frase) y vocabularios grandes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from medir import pico_rss_mb  # benchmarks/ está en sys.path al ejecutar el guion

from afinar.entorno import nombre_cpu

RAIZ = Path(__file__).resolve().parents[1]
RECETAS = ("a_relleno_max", "b_trl", "c")
VARIANTES = (
    "relleno_dinamico",  # Trainer, relleno al más largo del lote, orden aleatorio, fp32
    "agrupado",  # + lotes agrupados por longitud
    "agrupado_bf16",  # + autocast bf16
    "agrupado64_bf16",  # + relleno hasta múltiplo de 64: pocas formas distintas para oneDNN
    "empaquetado",  # concatenar y cortar en bloques de max_length (atención cruzada entre textos)
    "empaquetado_bf16",
    "empaquetado_escalado_bf16",  # bloques por paso = lote × longitud media / max_length
    "sin_relleno_bf16",  # lote aplanado con position_ids: sin relleno y sin atención cruzada
    "trl_bfd",  # SFTTrainer packing=True (estrategia por defecto, bfd)
    "trl_wrapped",  # SFTTrainer packing=True, packing_strategy="wrapped"
    "trl_agrupado_bf16",  # SFTTrainer + agrupado por longitud + bf16 (+ solo asistente en chat)
)

# Formas de modelo: configuraciones construidas en código, pesos aleatorios, sin descargas.
FORMAS = {
    "tiny": dict(
        arquitectura="llama", hidden_size=256, intermediate_size=768, num_hidden_layers=6,
        num_attention_heads=4, num_key_value_heads=2, vocab_size=None,
    ),
    "smollm2-135m": dict(
        arquitectura="llama", hidden_size=576, intermediate_size=1536, num_hidden_layers=30,
        num_attention_heads=9, num_key_value_heads=3, vocab_size=49152, rope_theta=100000.0,
    ),
    "qwen2.5-0.5b": dict(
        arquitectura="qwen2", hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
        num_attention_heads=14, num_key_value_heads=2, vocab_size=151936, rope_theta=1000000.0,
    ),
}


# --------------------------------------------------------------------------- datos y modelo




def _frases() -> list[str]:
    """Frases del corpus del repositorio (texto con licencia propia), en orden."""
    textos = []
    for nombre in ("narrativa.txt", "dialogos.txt"):
        ruta = RAIZ / "corpus" / nombre
        if ruta.exists():
            textos.append(ruta.read_text(encoding="utf-8"))
    if not textos:
        raise SystemExit(f"No encuentro el corpus en {RAIZ / 'corpus'}: ejecuta desde el repositorio.")
    frases = []
    for texto in textos:
        for linea in texto.splitlines():
            linea = linea.strip().lstrip("—").strip()
            frases.extend(f for f in re.split(r"(?<=[.!?…])\s+", linea) if len(f) > 3)
    return frases


def _tokenizador():
    """Un BPE por bytes entrenado en el corpus (1 s), con la plantilla de chat de afinar."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    from afinar.modelos import PLANTILLA_CHAT, TOKENS_ESPECIALES

    especiales = [
        TOKENS_ESPECIALES["bos_token"], TOKENS_ESPECIALES["eos_token"],
        TOKENS_ESPECIALES["pad_token"], *TOKENS_ESPECIALES["additional_special_tokens"],
    ]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    entrenador = trainers.BpeTrainer(
        vocab_size=3000, special_tokens=especiales, show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator(_frases(), entrenador)
    envuelto = PreTrainedTokenizerFast(tokenizer_object=tok, **TOKENS_ESPECIALES)
    envuelto.chat_template = PLANTILLA_CHAT
    return envuelto


def _ejemplos(tok, tipo: str, n: int, semilla: int, max_length: int) -> list:
    """n ejemplos de longitud muy variada (log-normal), todos de como mucho max_length tokens."""
    frases = _frases()
    preguntas = [f for f in frases if f.endswith("?")] or frases
    azar = random.Random(semilla)
    salida = []
    while len(salida) < n:
        k = max(1, min(22, round(math.exp(azar.gauss(math.log(9.0), 0.6)))))
        inicio = azar.randrange(len(frases))
        cuerpo = " ".join(frases[(inicio + i) % len(frases)] for i in range(k))
        if tipo == "texto":
            ejemplo = {"texto": cuerpo}
            largo = len(tok(cuerpo + tok.eos_token)["input_ids"])
        else:
            mensajes = [
                {"role": "user", "content": azar.choice(preguntas)},
                {"role": "assistant", "content": cuerpo},
            ]
            if tipo == "resumen":  # al revés: pregunta larga, respuesta de una frase
                mensajes = [
                    {"role": "user", "content": f"Resume en una frase: {cuerpo}"},
                    {"role": "assistant", "content": frases[inicio]},
                ]
            ejemplo = {"messages": mensajes}
            largo = len(tok.apply_chat_template(mensajes, tokenize=True, return_dict=True)["input_ids"])
        if largo <= max_length - 4:  # nada se trunca: todas las recetas ven los mismos tokens
            salida.append(ejemplo)
    return salida


def _modelo(forma: str, tok, semilla: int):
    import torch
    from transformers import AutoModelForCausalLM, LlamaConfig, Qwen2Config

    ajustes = dict(FORMAS[forma])
    clase = {"llama": LlamaConfig, "qwen2": Qwen2Config}[ajustes.pop("arquitectura")]
    ajustes["vocab_size"] = max(ajustes["vocab_size"] or 0, len(tok))
    config = clase(
        **ajustes, max_position_embeddings=2048, tie_word_embeddings=True,
        pad_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id, bos_token_id=tok.bos_token_id,
    )
    torch.manual_seed(semilla)
    modelo = AutoModelForCausalLM.from_config(config, attn_implementation="sdpa")
    modelo.generation_config.pad_token_id = tok.pad_token_id
    return modelo


def _num_parametros(modelo) -> int:
    vistos = {p.data_ptr(): p.numel() for p in modelo.parameters()}
    return sum(vistos.values())


def _textos_planos(tok, ejemplos: list) -> list[str]:
    """Cada ejemplo como una cadena: texto + eos, o la conversación con la plantilla de chat."""
    if "texto" in ejemplos[0]:
        return [e["texto"] + tok.eos_token for e in ejemplos]
    return [tok.apply_chat_template(e["messages"], tokenize=False) for e in ejemplos]


def _perdida_eval(modelo, tok, ejemplos: list, lote: int = 8) -> float:
    """Entropía cruzada media por token objetivo, en fp32; en chat, solo tokens del asistente."""
    import torch

    modelo.eval()
    total, cuenta = 0.0, 0
    for i in range(0, len(ejemplos), lote):
        trozo = ejemplos[i : i + lote]
        if "texto" in trozo[0]:
            filas = [tok(t)["input_ids"] for t in _textos_planos(tok, trozo)]
            mascaras = [[1] * len(f) for f in filas]
        else:
            filas, mascaras = [], []
            for e in trozo:
                c = tok.apply_chat_template(
                    e["messages"], tokenize=True, return_dict=True, return_assistant_tokens_mask=True
                )
                filas.append(c["input_ids"])
                mascaras.append(c["assistant_masks"])
        largo = max(len(f) for f in filas)
        ids = torch.full((len(filas), largo), tok.pad_token_id)
        atencion = torch.zeros((len(filas), largo), dtype=torch.long)
        etiquetas = torch.full((len(filas), largo), -100)
        for j, (f, m) in enumerate(zip(filas, mascaras, strict=True)):
            ids[j, : len(f)] = torch.tensor(f)
            atencion[j, : len(f)] = 1
            etiquetas[j, : len(f)] = torch.tensor([t if k else -100 for t, k in zip(f, m, strict=True)])
        with torch.no_grad():
            logits = modelo(input_ids=ids, attention_mask=atencion).logits.float()
        objetivo = etiquetas[:, 1:]
        perdida = torch.nn.functional.cross_entropy(
            logits[:, :-1].reshape(-1, logits.shape[-1]), objetivo.reshape(-1),
            ignore_index=-100, reduction="sum",
        )
        total += perdida.item()
        cuenta += int((objetivo != -100).sum())
    return total / max(cuenta, 1)


# --------------------------------------------------------------------------- medición


class _Cronometro:
    """Callback: suma el tiempo de los pasos, sin evaluación, guardado ni registro."""

    def __new__(cls):
        from transformers import TrainerCallback

        class Cronometro(TrainerCallback):
            def __init__(self):
                self.marca = self.marca_cpu = None
                self.tiempo = self.tiempo_cpu = 0.0
                self.pasos = 0

            def on_train_begin(self, args, state, control, **kw):
                self._fuera_de_paso()

            def on_step_end(self, args, state, control, **kw):
                ahora, ahora_cpu = time.perf_counter(), time.process_time()
                self.tiempo += ahora - self.marca
                self.tiempo_cpu += ahora_cpu - self.marca_cpu
                self.pasos += 1
                self.marca, self.marca_cpu = ahora, ahora_cpu

            def _fuera_de_paso(self, *a, **kw):
                self.marca, self.marca_cpu = time.perf_counter(), time.process_time()

            on_log = on_evaluate = on_save = _fuera_de_paso

        return Cronometro()


def _instrumentar_trainer(cronometro, capturados: list):
    """Añade el cronómetro a todo Trainer (también SFTTrainer) que se cree en este proceso."""
    from transformers import Trainer

    original = Trainer.__init__

    def __init__(self, *a, **kw):
        original(self, *a, **kw)
        self.add_callback(cronometro)
        capturados.append(self)

    Trainer.__init__ = __init__


def _tokens_reales(trainer, pad_id: int) -> int:
    """Tokens distintos del relleno en el conjunto de entrenamiento que el trainer preparó."""
    datos = trainer.train_dataset
    total = 0
    for fila in datos:
        ids = fila["input_ids"]
        ids = ids.tolist() if hasattr(ids, "tolist") else ids
        total += sum(1 for t in ids if t != pad_id)
    return total


def _pico_matmul(precision: str, n: int = 2048, segundos: float = 1.0) -> tuple[float, float]:
    """TFLOP/s de la mejor tanda de matmul n×n: por segundo de reloj y por segundo de CPU."""
    import torch

    dispositivo = "cuda" if torch.cuda.is_available() else "cpu"
    tipo = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[precision]
    a = torch.randn(n, n, device=dispositivo, dtype=tipo)
    b = torch.randn(n, n, device=dispositivo, dtype=tipo)
    for _ in range(3):
        a @ b
    mejor = mejor_cpu = 0.0
    fin = time.perf_counter() + segundos
    while time.perf_counter() < fin:
        if dispositivo == "cuda":
            torch.cuda.synchronize()
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(4):
            a @ b
        if dispositivo == "cuda":
            torch.cuda.synchronize()
        flops = 4 * 2 * n**3
        mejor = max(mejor, flops / (time.perf_counter() - t0))
        mejor_cpu = max(mejor_cpu, flops / max(time.process_time() - c0, 1e-9))
    return mejor / 1e12, mejor_cpu / 1e12


# --------------------------------------------------------------------------- recetas


def _argumentos_comunes(args, carpeta: str) -> dict:
    """Lo que comparten todas las recetas: longitud del entrenamiento, lote, tasa, semilla."""
    return dict(
        output_dir=carpeta, per_device_train_batch_size=args.lote, num_train_epochs=1,
        learning_rate=args.lr, warmup_steps=0, logging_steps=10, save_strategy="no",
        report_to="none", seed=args.semilla, data_seed=args.semilla, disable_tqdm=True,
    )


def _hay_bf16() -> bool:
    try:
        from afinar.entorno import hardware

        return bool(hardware().bf16)
    except ImportError:  # entorno.py aún no existe: misma regla que su contrato
        import torch

        if torch.cuda.is_available():
            return torch.cuda.get_device_capability() >= (8, 0)
        banderas = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
        return "avx512_bf16" in banderas or "amx_bf16" in banderas


def _precision_gpu(bf16: bool) -> dict:
    import torch

    if not torch.cuda.is_available():
        return dict(use_cpu=True, bf16=bf16)
    return dict(bf16=True) if bf16 else dict(fp16=True)


def _receta_a(args, modelo, tok, ejemplos, carpeta):
    from datasets import Dataset
    from transformers import DataCollatorForLanguageModeling, Trainer, TrainingArguments

    textos = _textos_planos(tok, ejemplos)
    datos = Dataset.from_dict({"text": textos}).map(
        lambda e: tok(e["text"], padding="max_length", truncation=True, max_length=args.max_length),
        batched=True, remove_columns=["text"],
    )
    targs = TrainingArguments(**_argumentos_comunes(args, carpeta))
    colector = DataCollatorForLanguageModeling(tok, mlm=False)
    return Trainer(model=modelo, args=targs, train_dataset=datos, data_collator=colector,
                   processing_class=tok), "fp32", []


def _receta_b(args, modelo, tok, ejemplos, carpeta, **extra):
    import torch
    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer

    cambios = {}
    if not torch.cuda.is_available():
        cambios = dict(bf16=False, gradient_checkpointing=False)
    datos = Dataset.from_list(ejemplos)
    if "texto" in ejemplos[0]:
        cambios["dataset_text_field"] = "texto"
    config = SFTConfig(**(_argumentos_comunes(args, carpeta) | cambios | extra))
    precision = "bf16" if config.bf16 else ("fp16" if config.fp16 else "fp32")
    trainer = SFTTrainer(model=modelo, args=config, train_dataset=datos, processing_class=tok)
    return trainer, precision, sorted(cambios)


def _tokenizado(tok, ejemplos, args, solo_asistente: bool):
    from datasets import Dataset

    filas = []
    for e in ejemplos:
        if "texto" in e:
            ids = tok(e["texto"] + tok.eos_token)["input_ids"]
            etiquetas = list(ids)
        else:
            c = tok.apply_chat_template(e["messages"], tokenize=True, return_dict=True,
                                        return_assistant_tokens_mask=solo_asistente)
            ids = c["input_ids"]
            mascara = c["assistant_masks"] if solo_asistente else [1] * len(ids)
            etiquetas = [t if m else -100 for t, m in zip(ids, mascara, strict=True)]
        filas.append({"input_ids": ids[: args.max_length], "labels": etiquetas[: args.max_length]})
    return Dataset.from_list(filas)


def _empaquetar(datos, max_length: int):
    """Concatena todos los ejemplos y corta bloques de max_length (como run_clm de transformers)."""
    from datasets import Dataset

    ids, etiquetas = [], []
    for fila in datos:
        ids.extend(fila["input_ids"])
        etiquetas.extend(fila["labels"])
    bloques = [
        {"input_ids": ids[i : i + max_length], "labels": etiquetas[i : i + max_length]}
        for i in range(0, len(ids), max_length)
    ]
    return Dataset.from_list(bloques)


def _colector_relleno(tok, multiplo: int = 1):
    """Rellena al más largo del lote (redondeado a `multiplo`); el relleno no cuenta en la pérdida."""
    import torch

    def colector(filas):
        largo = max(len(f["input_ids"]) for f in filas)
        largo = -(-largo // multiplo) * multiplo
        ids = torch.full((len(filas), largo), tok.pad_token_id)
        atencion = torch.zeros((len(filas), largo), dtype=torch.long)
        etiquetas = torch.full((len(filas), largo), -100)
        for j, f in enumerate(filas):
            n = len(f["input_ids"])
            ids[j, :n] = torch.tensor(f["input_ids"])
            atencion[j, :n] = 1
            etiquetas[j, :n] = torch.tensor(f["labels"])
        return {"input_ids": ids, "attention_mask": atencion, "labels": etiquetas}

    return colector


def _receta_prototipo(args, modelo, tok, ejemplos, carpeta, variante: str):
    """Variantes de (c) para encontrar los ajustes rápidos (ver VARIANTES)."""
    from transformers import DataCollatorWithFlattening, Trainer, TrainingArguments

    chat = "messages" in ejemplos[0]
    bf16 = variante.endswith("_bf16") and _hay_bf16()
    precision = "bf16" if bf16 else "fp32"
    if variante.startswith("trl_"):
        extra = {}
        if variante == "trl_bfd":
            extra = dict(packing=True)
        elif variante == "trl_wrapped":
            extra = dict(packing=True, packing_strategy="wrapped")
        else:
            extra = dict(train_sampling_strategy="group_by_length", **_precision_gpu(bf16),
                         max_length=args.max_length, assistant_only_loss=chat)
        trainer, precision_b, _ = _receta_b(args, modelo, tok, ejemplos, carpeta, **extra)
        return trainer, precision_b, sorted(extra)
    base = variante.removesuffix("_bf16")
    datos = _tokenizado(tok, ejemplos, args, solo_asistente=chat)
    comunes = _argumentos_comunes(args, carpeta) | _precision_gpu(bf16)
    colector = _colector_relleno(tok, 64 if base == "agrupado64" else 1)
    if base in ("agrupado", "agrupado64"):
        comunes["train_sampling_strategy"] = "group_by_length"
    elif base.startswith("empaquetado"):
        if base == "empaquetado_escalado":  # mismos tokens por paso que (a): mismos pasos
            media = sum(len(f) for f in datos["input_ids"]) / len(datos)
            comunes["per_device_train_batch_size"] = max(1, round(args.lote * media
                                                                  / args.max_length))
        datos = _empaquetar(datos, args.max_length)
    elif base == "sin_relleno":
        colector = DataCollatorWithFlattening()
    targs = TrainingArguments(**comunes)
    trainer = Trainer(model=modelo, args=targs, train_dataset=datos, data_collator=colector,
                      processing_class=tok)
    return trainer, precision, [variante]


def _receta_c_afinar(args, modelo, tok, ejemplos, evaluacion, carpeta, precision="auto"):
    """(c) por la API pública: Receta() por defecto; solo se fijan la longitud del entrenamiento
    (una época, sin parada temprana), el lote, la tasa y la semilla, iguales que en (a) y (b).
    ``c_fp32`` es la misma receta con ``precision="fp32"``, para medir su mfu en fp32."""
    from datasets import Dataset, DatasetDict

    from afinar import Receta, entrenar

    receta = Receta(
        epocas=1, lote=args.lote, acumulacion=1, max_length=args.max_length,
        tasa_aprendizaje=args.lr, semilla=args.semilla, paciencia=0, precision=precision,
        salida=str(Path(carpeta) / "afinado"),
    )
    datos = DatasetDict(train=Dataset.from_list(ejemplos), validation=Dataset.from_list(evaluacion))
    return entrenar(modelo, tok, datos, receta), receta


def _hijo(args) -> dict:
    """Corre UNA receta en este proceso y devuelve sus medidas.

    Lo que guarda `entrenar` en (c) (puntos de control y el modelo; (a) y (b) no guardan nada)
    va a una carpeta temporal que se borra al terminar: con la forma 135M, casi 4 GB.
    """
    with tempfile.TemporaryDirectory(prefix="afinar_bench_") as carpeta:
        return _medir(args, carpeta)


def _medir(args, carpeta: str) -> dict:
    import torch

    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.hilos:
        torch.set_num_threads(args.hilos)
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    tok = _tokenizador()
    n_train = args.pasos * args.lote
    ejemplos = _ejemplos(tok, args.datos, n_train, args.semilla, args.max_length)
    evaluacion = _ejemplos(tok, args.datos, args.n_eval, args.semilla + 1000, args.max_length)
    modelo = _modelo(args.forma, tok, args.semilla)
    if torch.cuda.is_available():
        modelo = modelo.cuda()
    cronometro, capturados = _Cronometro(), []
    _instrumentar_trainer(cronometro, capturados)
    receta = args.receta
    detalle = {}
    if receta == "a_relleno_max":
        trainer, precision, cambios = _receta_a(args, modelo, tok, ejemplos, carpeta)
        trainer.train()
    elif receta == "b_trl":
        trainer, precision, cambios = _receta_b(args, modelo, tok, ejemplos, carpeta)
        trainer.train()
    elif receta in ("c_afinar", "c_fp32", "c_logits_completos"):
        if receta == "c_logits_completos":  # afinar sin recortar la capa final a las etiquetas
            import afinar.entrenamiento.entrenadores as entrenadores

            entrenadores.mascara_de_logits_admitida = lambda clase: False
        resultado, receta_c = _receta_c_afinar(args, modelo, tok, ejemplos, evaluacion, carpeta,
                                               "fp32" if receta == "c_fp32" else "auto")
        trainer = capturados[-1]
        modelo = getattr(resultado, "modelo", trainer.model)
        precision = "bf16" if trainer.args.bf16 else ("fp16" if trainer.args.fp16 else "fp32")
        cambios = []
        decision = getattr(resultado, "decision", None)
        detalle = {"metodo": getattr(decision, "metodo", None),
                   "gradient_checkpointing": getattr(decision, "gradient_checkpointing", None)}
    else:
        variante = receta.removeprefix("c_prototipo:") if ":" in receta else args.prototipo
        trainer, precision, cambios = _receta_prototipo(args, modelo, tok, ejemplos, carpeta,
                                                        variante)
        trainer.train()
        modelo = trainer.model
    modelo = getattr(modelo, "module", modelo)
    tokens = _tokens_reales(trainer, tok.pad_token_id)
    pasos = max(cronometro.pasos, 1)
    medidas = {
        "receta": receta,
        "precision": precision,
        "cambios": cambios,
        "pasos": cronometro.pasos,
        "tokens_reales": tokens,
        "tokens_procesados": sum(len(f["input_ids"]) for f in trainer.train_dataset),
        "tokens_por_segundo": round(tokens / cronometro.tiempo, 1),
        "segundos_por_paso": round(cronometro.tiempo / pasos, 4),
        "tokens_por_segundo_cpu": round(tokens / max(cronometro.tiempo_cpu, 1e-9), 1),
        "perdida_eval": round(_perdida_eval(modelo.float().cpu(), tok, evaluacion), 4),
        "pico_memoria_mb": round(pico_rss_mb(), 1),
        "parametros": _num_parametros(modelo),
        **detalle,
    }
    if torch.cuda.is_available():
        medidas["pico_memoria_gpu_mb"] = round(torch.cuda.max_memory_allocated() / 2**20, 1)
    return medidas


# --------------------------------------------------------------------------- orquestación


def _lanzar(args, receta: str, datos: str) -> dict:
    orden = [
        sys.executable, str(Path(__file__).resolve()), "--_hijo", "--receta", receta,
        "--datos", datos, "--forma", args.forma, "--pasos", str(args.pasos),
        "--lote", str(args.lote), "--max-length", str(args.max_length), "--lr", str(args.lr),
        "--semilla", str(args.semilla), "--n-eval", str(args.n_eval), "--hilos", str(args.hilos),
    ]
    proceso = subprocess.run(orden, capture_output=True, text=True, cwd=RAIZ)
    if proceso.returncode != 0:
        return {"receta": receta, "error": proceso.stderr.strip().splitlines()[-1:]}
    return json.loads(proceso.stdout.strip().splitlines()[-1])


def _c_disponible() -> bool:
    try:
        from afinar import Receta, entrenar  # noqa: F401
    except ImportError:
        return False
    return True


def _resumen(filas: list[dict], picos: dict, picos_cpu: dict) -> dict:
    """Medianas por receta de varias repeticiones, con los cocientes y su dispersión."""
    por_receta: dict[str, list[dict]] = {}
    for fila in filas:
        por_receta.setdefault(fila["_clave"], []).append(fila)
    salida = {}
    for clave, lista in por_receta.items():
        buenas = [f for f in lista if "error" not in f]
        if not buenas:
            salida[clave] = {"error": lista[0].get("error")}
            continue
        fila = {k: v for k, v in buenas[0].items() if k != "_clave"}
        for campo in ("tokens_por_segundo", "tokens_por_segundo_cpu", "segundos_por_paso",
                      "pico_memoria_mb", "perdida_eval"):
            fila[campo] = round(statistics.median(f[campo] for f in buenas), 4)
        if len(buenas) > 1:
            fila["tokens_por_segundo_todas"] = [f["tokens_por_segundo"] for f in buenas]
        salida[clave] = fila
    c = salida.get("c")
    if c and "error" not in c:
        for base in ("a", "b"):
            clave_base = "a_relleno_max" if base == "a" else "b_trl"
            b = salida.get(clave_base)
            if b and "error" not in b:
                ratios = [
                    fc["tokens_por_segundo"] / fb["tokens_por_segundo"]
                    for fc, fb in zip(por_receta["c"], por_receta[clave_base], strict=False)
                    if "error" not in fc and "error" not in fb
                ]
                salida[f"ratio_c_{base}"] = round(statistics.median(ratios), 3)
                salida[f"ratio_c_{base}_todas"] = [round(r, 3) for r in ratios]
                salida[f"ratio_c_{base}_cpu"] = round(
                    c["tokens_por_segundo_cpu"] / b["tokens_por_segundo_cpu"], 3)
        a = salida.get("a_relleno_max")
        if a and "error" not in a:
            salida["perdida_c_sobre_a"] = round(c["perdida_eval"] / a["perdida_eval"], 4)
            salida["memoria_c_sobre_a"] = round(c["pico_memoria_mb"] / a["pico_memoria_mb"], 3)
        c32 = salida.get("c_fp32")
        if c32 and "error" not in c32 and picos.get("fp32"):
            salida["mfu_c_fp32"] = round(
                6 * c32["parametros"] * c32["tokens_por_segundo"] / 1e12 / picos["fp32"], 3)
            salida["mfu_c_fp32_cpu"] = round(
                6 * c32["parametros"] * c32["tokens_por_segundo_cpu"] / 1e12 / picos_cpu["fp32"], 3)
        completos = salida.get("c_logits_completos")
        if completos and "error" not in completos:
            salida["ratio_c_logits_completos"] = round(
                c["tokens_por_segundo"] / completos["tokens_por_segundo"], 3)
            salida["memoria_c_sobre_logits_completos"] = round(
                c["pico_memoria_mb"] / completos["pico_memoria_mb"], 3)
        pico = picos.get(c["precision"])
        if pico:
            flops = 6 * c["parametros"] * c["tokens_por_segundo"] / 1e12
            salida["tflops_c"] = round(flops, 4)
            salida["mfu"] = round(flops / pico, 3)
            # Lo mismo con tiempo de CPU (tokens/s de CPU contra el pico por segundo de CPU):
            # no cambia si otros procesos comparten la máquina (con --hilos 1).
            flops_cpu = 6 * c["parametros"] * c["tokens_por_segundo_cpu"] / 1e12
            salida["mfu_cpu"] = round(flops_cpu / picos_cpu[c["precision"]], 3)
    return salida


def main(args) -> dict:
    import torch

    if args._hijo:
        medidas = _hijo(args)
        print(json.dumps(medidas, ensure_ascii=False))
        return medidas
    receta_c = "c_afinar" if (args.receta_c == "afinar" or (
        args.receta_c == "auto" and _c_disponible())) else f"c_prototipo:{args.prototipo}"
    conjuntos = ["texto", "chat"] if args.datos == "ambos" else [args.datos]
    variantes = [v for v in args.variantes.split(",") if v] if args.variantes else []
    for v in variantes:
        if v not in VARIANTES:
            raise SystemExit(f"Variante desconocida {v!r}; elige entre: {', '.join(VARIANTES)}.")
    if args.hilos:
        torch.set_num_threads(args.hilos)
    precisiones = ["fp32"] + (["bf16"] if _hay_bf16() else [])
    precisiones += ["fp16"] if torch.cuda.is_available() else []
    picos, picos_cpu = {}, {}

    def medir_picos():  # al principio y al final: se queda el mejor (el mfu más prudente)
        for precision in precisiones:
            pico, pico_cpu = _pico_matmul(precision, segundos=3.0)
            picos[precision] = round(max(pico, picos.get(precision, 0)), 4)
            picos_cpu[precision] = round(max(pico_cpu, picos_cpu.get(precision, 0)), 4)

    medir_picos()
    resultado = {
        "maquina": {
            "cpu": nombre_cpu(), "nucleos": os.cpu_count(), "hilos_torch": torch.get_num_threads(),
            "gpu": torch.cuda.get_device_name() if torch.cuda.is_available() else None,
            "carga_media_1min": round(os.getloadavg()[0], 2),
        },
        "forma": args.forma, "pasos": args.pasos, "lote": args.lote, "max_length": args.max_length,
        "lr": args.lr, "repeticiones": args.repeticiones, "receta_c": receta_c,
        "pico_matmul_tflops": picos,
        "pico_matmul_tflops_por_segundo_cpu": picos_cpu,
    }
    inicio = time.perf_counter()
    filas_por_datos = {}
    for datos in conjuntos:
        filas = []
        for _ in range(args.repeticiones):  # las recetas intercaladas: mismas condiciones
            extra = ("c_fp32",) if args.c_fp32 and receta_c == "c_afinar" else ()
            if args.c_logits_completos and receta_c == "c_afinar":
                extra += ("c_logits_completos",)
            for receta in ("a_relleno_max", "b_trl", receta_c, *extra):
                fila = _lanzar(args, receta, datos)
                fila["_clave"] = "c" if receta == receta_c else receta
                filas.append(fila)
        for v in variantes:
            fila = _lanzar(args, f"c_prototipo:{v}", datos)
            fila["_clave"] = f"variante_{v}"
            filas.append(fila)
        filas_por_datos[datos] = filas
    medir_picos()
    for datos, filas in filas_por_datos.items():
        resultado[datos] = _resumen(filas, picos, picos_cpu)
    resultado["segundos_totales"] = round(time.perf_counter() - inicio, 1)
    resultado["maquina"]["carga_media_1min_final"] = round(os.getloadavg()[0], 2)
    print(json.dumps(resultado, ensure_ascii=False, indent=1))
    return resultado


def _argumentos(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--forma", choices=sorted(FORMAS), default="tiny")
    p.add_argument("--pasos", type=int, default=24, help="pasos de (a); fija los ejemplos usados")
    p.add_argument("--datos", choices=["texto", "chat", "resumen", "ambos"], default="ambos",
                   help="ambos = texto y chat; resumen = chat con preguntas largas y respuestas "
                   "de una frase")
    p.add_argument("--lote", type=int, default=8)
    p.add_argument("--max-length", type=int, default=256)
    p.add_argument("--lr", type=float, default=1e-3, help="la misma en todas las recetas")
    p.add_argument("--semilla", type=int, default=42)
    p.add_argument("--n-eval", type=int, default=64)
    p.add_argument("--hilos", type=int, default=0, help="hilos de torch; 0 = los de torch")
    p.add_argument("--repeticiones", type=int, default=1, help="repite el trío a/b/c intercalado")
    p.add_argument("--receta-c", choices=["auto", "afinar", "prototipo"], default="auto")
    p.add_argument("--prototipo", choices=VARIANTES, default="agrupado_bf16",
                   help="variante usada como (c) cuando no hay afinar.entrenar")
    p.add_argument("--variantes", default="", help="variantes extra, separadas por comas")
    p.add_argument("--c-fp32", action="store_true",
                   help="mide también (c) con precision='fp32' (mfu_c_fp32)")
    p.add_argument("--c-logits-completos", action="store_true",
                   help="mide también (c) calculando la capa final en todas las posiciones, como "
                   "antes de recortarla a las etiquetas (ratio_c_logits_completos)")
    p.add_argument("--receta", default="", help=argparse.SUPPRESS)
    p.add_argument("--_hijo", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(argv)


if __name__ == "__main__":
    main(_argumentos())
