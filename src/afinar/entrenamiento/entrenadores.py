"""Los entrenadores: argumentos de transformers/TRL, el de chat con la pérdida solo en las
respuestas (en CPU, la capa final solo donde hay respuesta) y los ajustes de CPU."""

from __future__ import annotations

import contextlib
import functools
import warnings
from dataclasses import fields

from afinar import entorno
from afinar.compatibilidad import callar_aviso_de_peft
from afinar.entrenamiento.chat import ColectorChat
from afinar.entrenamiento.decision import Decision
from afinar.errores import AfinarError
from afinar.modelos.carga import id_de_relleno


def callar_avisos_internos() -> None:
    """Avisos entre bibliotecas que no dicen nada útil a quien aprende. Se ponen al importar
    este módulo (el cuaderno 3 llama a `get_peft_model` por su cuenta) y otra vez al llamar a
    `entrenar`: un filtro puesto dentro de un ``warnings.catch_warnings()`` (como hace pytest
    al importar) se pierde al salir de él.
    """
    callar_aviso_de_peft()
    # transformers 5.0–5.3 pasa por torch.tensor() la cuenta de tokens vistos, que ya es un
    # tensor, y avisa en cada entrenamiento (5.4 usa torch.as_tensor).
    warnings.filterwarnings(
        "ignore", message="To copy construct from a tensor", category=UserWarning,
        module=r"transformers\.trainer",
    )


def argumentos_de_entrenamiento(receta, decision, tipo, salida, total, lote, acumulacion):
    import transformers
    from trl import SFTConfig

    evaluar = receta.evaluar_cada or max(1, total // 5)
    guardar = receta.guardar_cada or evaluar
    if receta.paciencia and guardar % evaluar:
        raise AfinarError(
            f"guardar_cada={guardar} debe ser múltiplo de evaluar_cada={evaluar} para poder "
            "quedarse con el mejor punto de control (o pon paciencia=0)."
        )
    cuda = decision.dispositivo == "cuda"
    clase = SFTConfig if tipo == "chat" else transformers.TrainingArguments
    nombres = {f.name for f in fields(clase)}
    args = dict(
        output_dir=str(salida),
        max_steps=total,
        per_device_train_batch_size=lote,
        per_device_eval_batch_size=lote,
        gradient_accumulation_steps=acumulacion,
        learning_rate=decision.tasa_aprendizaje,
        lr_scheduler_type="cosine",
        warmup_steps=int(receta.calentamiento * total),
        logging_steps=max(1, total // 50),
        eval_strategy="steps",
        # La curva empieza en la pérdida del modelo base. También al reanudar: la evaluación
        # consume azar (el muestreo por longitud) y así el orden de los datos es el mismo.
        eval_on_start=True,
        eval_steps=evaluar,
        save_strategy="steps",
        save_steps=guardar,
        save_total_limit=receta.puntos_maximos,
        load_best_model_at_end=receta.paciencia > 0,
        metric_for_best_model="eval_loss",
        greater_is_better=False,
        restore_callback_states_from_checkpoint=True,
        seed=receta.semilla,
        data_seed=receta.semilla,
        bf16=decision.precision == "bf16",
        fp16=decision.precision == "fp16",
        use_cpu=decision.dispositivo == "cpu",
        dataloader_num_workers=0,  # los datos ya están tokenizados: otro proceso no compensa
        dataloader_pin_memory=cuda,
        disable_tqdm=True,  # la barra la pone el Monitor
        logging_nan_inf_filter=False,  # queremos ver un NaN, no esconderlo
        include_num_input_tokens_seen="non_padding",
        report_to="none",
        log_level="error",  # los avisos internos de transformers no ayudan a quien aprende
        log_level_replica="error",
        ddp_find_unused_parameters=False,  # todos los parámetros entrenables reciben gradiente
    )
    # transformers reciente llama «activation_checkpointing» a gradient_checkpointing
    clave = "activation_checkpointing" if "activation_checkpointing" in nombres else None
    args[clave or "gradient_checkpointing"] = decision.gradient_checkpointing
    if tipo == "chat":
        # Los datos llegan ya tokenizados, con las etiquetas del asistente y empaquetados
        # (preparacion.empaquetar_chat): TRL no tiene que volver a hacerlo.
        args.update(max_length=receta.max_length, packing=False, dataset_num_proc=None)
    return clase(**args)


@contextlib.contextmanager
def ajustes_cpu(decision: Decision, modelo):
    """Mientras se entrena en CPU: reutilizar la memoria entre pasos
    (`entorno.memoria_reutilizable`) y calcular la atención con la implementación «eager» de
    transformers en vez de SDPA, cuyo paso hacia atrás en CPU fue más lento (medido en
    benchmarks/: un 7–13 % más de tokens por segundo). Al terminar, el modelo vuelve a SDPA."""

    if decision.dispositivo != "cpu":
        yield
        return
    base = modelo.get_base_model() if hasattr(modelo, "get_base_model") else modelo
    antes = getattr(base.config, "_attn_implementation", None)
    with entorno.memoria_reutilizable():
        if antes == "sdpa":
            base.set_attn_implementation("eager")
        try:
            yield
        finally:
            if antes == "sdpa":
                base.set_attn_implementation(antes)


# En CPU con bf16, cada forma nueva de una multiplicación prepara núcleos nuevos de oneDNN:
# los lotes de chat se rellenan a múltiplos de 64 tokens y la capa final se calcula en un
# múltiplo de 64 posiciones, así hay pocas formas distintas y el pico de memoria queda bajo.
MULTIPLO_CPU = 64


@functools.cache
def mascara_de_logits_admitida(clase) -> bool:
    """¿Acepta este modelo ``logits_to_keep`` como máscara booleana (lote × posiciones)?

    transformers lo admite en los modelos que recortan con ``slice_logits_to_keep`` desde la
    5.x reciente (con transformers 5.0, o un modelo con código propio, no: se usa la cuenta
    de siempre, con los logits de todas las posiciones)."""
    import sys

    import torch

    try:
        from transformers.modeling_utils import slice_logits_to_keep

        prueba = slice_logits_to_keep(torch.zeros(1, 2, 1), torch.tensor([[True, False]]))
    except (ImportError, IndexError, RuntimeError, TypeError):
        return False
    modulo = sys.modules.get(clase.__module__)
    return tuple(prueba.shape) == (1, 1) and (
        getattr(modulo, "slice_logits_to_keep", None) is slice_logits_to_keep
    )


def perdida_en_etiquetas(modelo, entradas: dict, num_items_in_batch=None):
    """Entropía cruzada calculando los logits solo en las posiciones que tienen etiqueta.

    La posición t predice el token t+1, así que basta con los logits de las posiciones cuyo
    token siguiente es del asistente. La capa final (vocabulario × ancho) y sus logits en fp32
    son de lo más caro de cada paso; con preguntas largas y respuestas cortas (clasificar,
    resumir) casi ninguna posición cuenta y no se calculan. Misma cuenta que la pérdida del
    modelo: suma dividida por ``num_items_in_batch`` si llega, media si no. Devuelve la pérdida
    y la salida del modelo, cuyos ``logits`` son (posiciones calculadas × vocabulario)."""
    import torch
    import torch.nn.functional as F

    entradas = dict(entradas)
    siguiente = F.pad(entradas.pop("labels")[:, 1:], (0, 1), value=-100)  # lo que predice cada una
    calcular = siguiente != -100
    con_etiqueta = int(calcular.sum())
    # Se completa hasta un múltiplo de 64 con posiciones sin etiqueta (la pérdida las ignora):
    # con pocas formas distintas, oneDNN y el asignador reutilizan lo que ya prepararon (medido
    # en benchmarks/: sin redondear, el pico de memoria subía un 3–6 %).
    if faltan := -con_etiqueta % MULTIPLO_CPU:
        libres = (~calcular).view(-1).nonzero().squeeze(1)
        calcular.view(-1)[libres[:faltan]] = True
    salida = modelo(**entradas, logits_to_keep=calcular)
    perdida = F.cross_entropy(salida.logits.float(), siguiente[calcular], reduction="sum")
    divisor = con_etiqueta if num_items_in_batch is None else num_items_in_batch
    return perdida / torch.as_tensor(divisor, device=perdida.device).clamp(min=1), salida


@functools.cache
def clase_entrenador_chat():
    import transformers
    from trl import SFTTrainer

    class EntrenadorChat(SFTTrainer):
        """`SFTTrainer` que en CPU calcula la pérdida como `Trainer` (la misma entropía cruzada en
        los tokens del asistente), pero con los logits solo donde hay etiqueta.

        TRL 1.16 cambia siempre la salida del modelo por una que calcula la pérdida a trozos y,
        para sus registros, la entropía y el acierto de cada token. En GPU eso ahorra memoria
        con vocabularios grandes; en CPU puntúa todas las posiciones (relleno incluido) y fue
        un 20–25 % más lenta (benchmarks/README.md), así que allí usamos `perdida_en_etiquetas`
        (o, si el modelo no la admite, la cuenta de `Trainer`, con todos los logits).
        """

        def _send_telemetry(self):
            """TRL avisa a huggingface.co de cada entrenamiento; afinar no envía nada a nadie."""

        def create_model_card(self, *args, **kwargs):
            """TRL escribe una ficha en inglés (con un enlace a huggingface.co/None) en cada punto
            de control; la ficha de afinar la escribe `afinar.entrenamiento.ficha` al final."""

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            if self.args.device.type != "cpu":
                return super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
            inputs["use_cache"] = False  # entrenando no hace falta guardar la caché de atención
            base = self.accelerator.unwrap_model(model)
            base = base.get_base_model() if hasattr(base, "get_base_model") else base
            if "labels" not in inputs or not mascara_de_logits_admitida(type(base)):
                return transformers.Trainer.compute_loss(
                    self, model, inputs, return_outputs, num_items_in_batch
                )
            # Como `Trainer.compute_loss`: el total de tokens del paso solo llega a la pérdida
            # si el modelo lo acepta (si no, media del lote y `Trainer` divide por la acumulación).
            if not self.model_accepts_loss_kwargs:
                num_items_in_batch = None
            perdida, salida = perdida_en_etiquetas(model, inputs, num_items_in_batch)
            if self.args.average_tokens_across_devices and num_items_in_batch is not None:
                perdida = perdida * self.accelerator.num_processes
            return (perdida, salida) if return_outputs else perdida

    return EntrenadorChat


def crear_entrenador(modelo, tokenizer, conjunto, tipo, argumentos, callbacks, dispositivo):
    import transformers

    id_de_relleno(tokenizer)  # el relleno solo completa filas; nunca cuenta en la pérdida
    if tipo == "chat":
        entrenador = clase_entrenador_chat()(
            model=modelo,
            args=argumentos,
            train_dataset=conjunto["train"],
            eval_dataset=conjunto["validation"],
            # Filas rellenadas a un múltiplo de tokens: pocas formas distintas (MULTIPLO_CPU).
            data_collator=ColectorChat(
                tokenizer.pad_token_id, MULTIPLO_CPU if dispositivo == "cpu" else 8
            ),
            processing_class=tokenizer,
            callbacks=callbacks,
        )
    else:
        entrenador = transformers.Trainer(
            model=modelo,
            args=argumentos,
            train_dataset=conjunto["train"],
            eval_dataset=conjunto["validation"],
            data_collator=transformers.DataCollatorForLanguageModeling(tokenizer, mlm=False),
            processing_class=tokenizer,
            callbacks=callbacks,
        )
    entrenador.remove_callback(transformers.PrinterCallback)
    return entrenador
