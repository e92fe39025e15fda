"""Afinar un modelo con tus datos: `entrenar(modelo, tokenizer, datos, receta)`.

- Texto plano (columna ``texto``): `transformers.Trainer`, con los textos concatenados y
  cortados en bloques de ``max_length`` (la receta clásica de preentrenamiento: no hay relleno).
- Chat (columna ``messages``): `trl.SFTTrainer` con la pérdida solo en los tokens del
  asistente y las conversaciones empaquetadas en filas de ``max_length`` tokens, cada una con
  sus propias posiciones, así que ninguna atiende a otra y casi no se calcula sobre relleno
  (`afinar.preparacion.empaquetar_chat`).
- Completo o LoRA (PEFT); QLoRA solo con GPU CUDA y bitsandbytes.

La receta (`afinar.receta.Receta`) decide el resto; lo que se elige solo se explica en español.
"""

from __future__ import annotations

import contextlib
import functools
import json
import shutil
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from afinar.errores import AfinarError
from afinar.guardado import fusionar, guardar_modelo, medir, subir_al_hub
from afinar.monitor import Monitor, Vigilante, decir, es_principal, esperar_a_todos, procesos
from afinar.preparacion import (
    ColectorChat,
    empaquetar,
    empaquetar_chat,
    preparar_datos,
    sin_barras,
)
from afinar.receta import Decision, Receta, decidir, pasos_totales

__all__ = ["Receta", "ResultadoEntrenamiento", "entrenar", "preparar_datos", "subir_al_hub"]


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


# ---------------------------------------------------------------- comprobaciones previas


def _callar_avisos_internos() -> None:
    """Avisos entre bibliotecas que no dicen nada útil a quien aprende. Se ponen al importar
    este módulo (el cuaderno 3 llama a `get_peft_model` por su cuenta) y otra vez al llamar a
    `entrenar`: un filtro puesto dentro de un ``warnings.catch_warnings()`` (como hace pytest
    al importar) se pierde al salir de él.
    """
    # PEFT 0.21 consulta `is_gradient_checkpointing`, que transformers 5 renombró.
    warnings.filterwarnings(
        "ignore", message=".*is_gradient_checkpointing", category=FutureWarning
    )
    # transformers 5.0–5.3 pasa por torch.tensor() la cuenta de tokens vistos, que ya es un
    # tensor, y avisa en cada entrenamiento (5.4 usa torch.as_tensor).
    warnings.filterwarnings(
        "ignore", message="To copy construct from a tensor", category=UserWarning,
        module=r"transformers\.trainer",
    )


_callar_avisos_internos()


def _comprobar_modulos_lora(modelo, modulos: list[str]) -> None:
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


def _comprobar_salida(salida: Path) -> None:
    existente = salida
    while not existente.exists() and existente != existente.parent:
        existente = existente.parent
    try:
        if not existente.is_dir():
            raise NotADirectoryError(existente)
        with tempfile.NamedTemporaryFile(dir=existente):
            pass
    except OSError as error:
        raise AfinarError(
            f"No puedo escribir en la carpeta de salida «{salida}» ({existente} no admite "
            "escritura): elige otra con Receta(salida=...)."
        ) from error


def _ultimo_punto(salida: Path) -> Path | None:
    from transformers.trainer_utils import get_last_checkpoint

    if not salida.is_dir():
        return None
    ultimo = get_last_checkpoint(str(salida))
    return Path(ultimo) if ultimo else None


def _paso(punto: Path) -> int:
    """El paso en que se guardó un punto de control (checkpoint-N)."""
    return int(punto.name.rsplit("-", 1)[-1])


def _resultado_guardado(salida: Path, tokenizer, decision: Decision) -> ResultadoEntrenamiento:
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


# ---------------------------------------------------------------- modelo y entrenador


def _preparar_modelo(modelo, decision: Decision, receta: Receta):
    import torch

    if decision.metodo == "completo":
        if modelo.dtype != torch.float32:
            modelo = modelo.float()  # pesos maestros en fp32; el cálculo va en autocast
        return modelo
    from peft import LoraConfig, get_peft_model

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


def _argumentos(receta, decision, tipo, salida, total, lote, acumulacion):
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
def _ajustes_cpu(decision: Decision, modelo):
    """Mientras se entrena en CPU: reutilizar la memoria entre pasos
    (`entorno.memoria_reutilizable`) y calcular la atención con la implementación «eager» de
    transformers en vez de SDPA, cuyo paso hacia atrás en CPU fue más lento (medido en
    benchmarks/: un 7–13 % más de tokens por segundo). Al terminar, el modelo vuelve a SDPA."""
    from afinar import entorno

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
def _mascara_de_logits_admitida(clase) -> bool:
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


def _perdida_en_etiquetas(modelo, entradas: dict, num_items_in_batch=None):
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
def _clase_chat():
    import transformers
    from trl import SFTTrainer

    class EntrenadorChat(SFTTrainer):
        """`SFTTrainer` que en CPU calcula la pérdida como `Trainer` (la misma entropía cruzada en
        los tokens del asistente), pero con los logits solo donde hay etiqueta.

        TRL 1.16 cambia siempre la salida del modelo por una que calcula la pérdida a trozos y,
        para sus registros, la entropía y el acierto de cada token. En GPU eso ahorra memoria
        con vocabularios grandes; en CPU puntúa todas las posiciones (relleno incluido) y fue
        un 20–25 % más lenta (benchmarks/README.md), así que allí usamos `_perdida_en_etiquetas`
        (o, si el modelo no la admite, la cuenta de `Trainer`, con todos los logits).
        """

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            if self.args.device.type != "cpu":
                return super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
            inputs["use_cache"] = False  # entrenando no hace falta guardar la caché de atención
            base = self.accelerator.unwrap_model(model)
            base = base.get_base_model() if hasattr(base, "get_base_model") else base
            if "labels" not in inputs or not _mascara_de_logits_admitida(type(base)):
                return transformers.Trainer.compute_loss(
                    self, model, inputs, return_outputs, num_items_in_batch
                )
            # Como `Trainer.compute_loss`: el total de tokens del paso solo llega a la pérdida
            # si el modelo lo acepta (si no, media del lote y `Trainer` divide por la acumulación).
            if not self.model_accepts_loss_kwargs:
                num_items_in_batch = None
            perdida, salida = _perdida_en_etiquetas(model, inputs, num_items_in_batch)
            if self.args.average_tokens_across_devices and num_items_in_batch is not None:
                perdida = perdida * self.accelerator.num_processes
            return (perdida, salida) if return_outputs else perdida

    return EntrenadorChat


def _crear_entrenador(modelo, tokenizer, conjunto, tipo, argumentos, callbacks, dispositivo):
    import transformers

    if tokenizer.pad_token is None:  # el relleno solo completa filas; nunca cuenta en la pérdida
        tokenizer.pad_token = tokenizer.eos_token
    if tipo == "chat":
        entrenador = _clase_chat()(
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


# ---------------------------------------------------------------- entrenar


def entrenar(
    modelo,
    tokenizer=None,
    datos=None,
    receta: Receta | None = None,
    *,
    reanudar: bool = False,
    callbacks: list | None = None,
) -> ResultadoEntrenamiento:
    """Afina ``modelo`` con ``datos`` según ``receta`` y guarda el resultado en receta.salida.

    ``datos``: un `Dataset` con la columna ``texto`` o ``messages``, o un `DatasetDict` con
    ``train`` y ``validation``. ``reanudar=True`` continúa desde el último punto de control
    de la carpeta de salida (por ejemplo, tras una desconexión de Colab).
    """
    import torch
    import transformers

    from afinar import entorno

    receta = receta or Receta()
    if isinstance(modelo, (str, Path)):
        from afinar.modelos import cargar_modelo

        modelo, propio = cargar_modelo(str(modelo))
        tokenizer = tokenizer or propio
    if tokenizer is None or datos is None:
        raise AfinarError("entrenar necesita el modelo, su tokenizador y los datos.")
    entorno.fijar_semilla(receta.semilla)
    transformers.logging.set_verbosity_error()  # sus avisos internos no ayudan a quien aprende
    _callar_avisos_internos()

    # 1. Comprobar todo antes de escribir nada.
    with sin_barras():
        conjunto, tipo = preparar_datos(datos, tokenizer, receta)
    decision = decidir(receta, modelo, entorno.hardware(), tipo)
    if decision.metodo in ("lora", "qlora"):
        _comprobar_modulos_lora(modelo, receta.lora_modulos)
    salida = Path(receta.salida).expanduser().resolve()
    _comprobar_salida(salida)
    for linea in decision.explicacion:
        decir(linea)

    # 2. Pasos, avisos y carpeta.
    # Sin relleno: varios ejemplos por fila de max_length tokens. El texto plano se concatena
    # (un texto puede ver al anterior, como al preentrenar); las conversaciones se colocan enteras
    # y cada una solo se ve a sí misma.
    ejemplos = originales = len(conjunto["train"])
    with sin_barras():
        if tipo == "texto":
            conjunto = empaquetar(conjunto, tokenizer, receta.max_length)
        else:
            conjunto = empaquetar_chat(conjunto, tokenizer, receta.max_length)
            # Sin las conversaciones que perdieron la respuesta entera al cortarlas.
            ejemplos = originales = sum(len(s) for s in conjunto["train"]["seq_lengths"])
    # Cada fila junta varios ejemplos: para que un paso vea tantos tokens como `lote` ejemplos
    # (y no varias veces más, con muchos menos pasos), se ajusta el número de filas por paso.
    # Medido en benchmarks/entrenamiento.py: con 8 filas llenas por paso la pérdida salía un 10 %
    # peor que la receta de referencia; así, igual o mejor y más rápido.
    tokens = sum(len(b) for b in conjunto["train"]["input_ids"])
    filas = max(1, min(receta.lote, round(receta.lote * tokens / ejemplos / receta.max_length)))
    que = "textos" if tipo == "texto" else "conversaciones"
    decir(
        f"Coloco {ejemplos} {que} en {len(conjunto['train'])} filas de hasta {receta.max_length} "
        f"tokens, sin relleno; {filas} fila(s) por paso: tantos tokens como {receta.lote} {que}."
    )
    receta = replace(receta, lote=filas)
    ejemplos = len(conjunto["train"])
    total = pasos_totales(receta, ejemplos, procesos())
    lote_efectivo = receta.lote * receta.acumulacion * procesos()
    vistas = total * lote_efectivo / ejemplos
    if receta.pasos > 0 and vistas > 20:
        decir(
            f"Aviso: con {originales} {que}, {total} pasos y lote efectivo {lote_efectivo} "
            f"fila(s), cada ejemplo se verá unas {vistas:.0f} veces: el modelo puede memorizarlos. "
            "Consigue más datos o baja los pasos."
        )
    punto = _ultimo_punto(salida)
    if reanudar and punto is not None and _paso(punto) >= total and (salida / "modelo").is_dir():
        decir(
            f"El entrenamiento de {salida} ya había terminado ({_paso(punto)} de {total} pasos): "
            "cargo el modelo final sin repetir nada."
        )
        return _resultado_guardado(salida, tokenizer, decision)
    if reanudar and punto is not None:
        decir(f"Reanudo desde {punto.name} ({_paso(punto)} de {total} pasos) en {salida}.")
    elif reanudar:
        decir(f"No hay puntos de control en {salida}: empiezo desde el principio.")
    elif punto is not None and es_principal():
        decir(f"{salida} tiene puntos de control de otro entrenamiento: los sustituyo.")
        for viejo in salida.glob("checkpoint-*"):
            shutil.rmtree(viejo, ignore_errors=True)
        punto = None
    esperar_a_todos()
    decir(
        f"Entreno {total} pasos ({tipo}, {decision.metodo}, lote efectivo {lote_efectivo} "
        "fila(s))."
    )

    # 3. Entrenar, con reintento si la GPU se queda sin memoria.
    modelo = _preparar_modelo(modelo, decision, receta)
    historial: list[dict] = []
    lote, acumulacion = receta.lote, receta.acumulacion
    while True:
        vigilante = Vigilante()
        llamadas = [Monitor(entorno.en_notebook(), historial), vigilante]
        if receta.paciencia > 0:
            llamadas.append(transformers.EarlyStoppingCallback(receta.paciencia))
        argumentos = _argumentos(receta, decision, tipo, salida, total, lote, acumulacion)
        with sin_barras():
            entrenador = _crear_entrenador(
                modelo, tokenizer, conjunto, tipo, argumentos, llamadas + list(callbacks or []),
                decision.dispositivo,
            )
        inicio = time.monotonic()
        try:
            with sin_barras(), _ajustes_cpu(decision, modelo):
                salida_train = entrenador.train(
                    resume_from_checkpoint=str(punto) if punto else None
                )
            break
        except torch.OutOfMemoryError as error:
            if lote == 1:
                raise AfinarError(
                    "La GPU se quedó sin memoria incluso con lote 1: usa metodo='lora' o "
                    "'qlora', un max_length menor o un modelo más pequeño."
                ) from error
            historial.clear()
            torch.cuda.empty_cache()
            lote, acumulacion = lote // 2, acumulacion * 2
            decir(
                f"La GPU se quedó sin memoria: reintento con lote {lote} y acumulación "
                f"{acumulacion} (el lote efectivo sigue siendo {lote * acumulacion})."
            )
            punto = _ultimo_punto(salida)
        except KeyboardInterrupt as error:
            if llamadas[0].barra is not None:
                llamadas[0].barra.close()  # que el mensaje no quede pegado a la barra
            ultimo = _ultimo_punto(salida)
            donde = (
                f"el último punto de control es {ultimo}" if ultimo else "no hay puntos de control"
            )
            raise AfinarError(
                f"Entrenamiento interrumpido en el paso {entrenador.state.global_step}: {donde}; "
                "continúa con entrenar(..., reanudar=True)."
            ) from error
    segundos = time.monotonic() - inicio
    if vigilante.paso_malo is not None:
        raise AfinarError(
            f"La pérdida se volvió {vigilante.valor} en el paso {vigilante.paso_malo} y paré el "
            "entrenamiento: el modelo dejó de aprender. Suele ser una tasa de aprendizaje "
            f"demasiado alta ({decision.tasa_aprendizaje:g}): prueba con una diez veces menor, "
            "o con precision='fp32'."
        )

    # 4. Guardar (solo el proceso principal) y medir.
    modelo_final = entrenador.model
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
    metricas = medir(entrenador, salida_train, segundos, decision, tipo, lote, acumulacion)
    if es_principal():
        (salida / "metricas.json").write_text(json.dumps(metricas, indent=2, ensure_ascii=False))
        (salida / "historial.json").write_text(json.dumps(historial, ensure_ascii=False))
        (salida / "receta.json").write_text(
            json.dumps(asdict(receta), indent=2, ensure_ascii=False)
        )
    esperar_a_todos()
    decir(
        f"Listo en {segundos:.0f} s: pérdida de validación {metricas['perdida_validacion']}, "
        f"{metricas['tokens_por_segundo']:.0f} tokens/s. Modelo guardado en {carpeta}"
    )
    modelo_final.eval()
    return ResultadoEntrenamiento(
        modelo=modelo_final,
        tokenizer=tokenizer,
        carpeta=carpeta,
        salida=salida,
        adaptador=adaptador,
        metricas=metricas,
        historial=historial,
        decision=decision,
    )
