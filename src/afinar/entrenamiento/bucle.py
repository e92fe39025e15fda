"""Afinar un modelo con tus datos: `entrenar(modelo, tokenizer, datos, receta)`.

- Texto plano (columna ``texto``): `transformers.Trainer`, con los textos concatenados y
  cortados en bloques de ``max_length`` (la receta clásica de preentrenamiento: no hay relleno).
- Chat (columna ``messages``): `trl.SFTTrainer` con la pérdida solo en los tokens del
  asistente y las conversaciones empaquetadas en filas de ``max_length`` tokens, cada una con
  sus propias posiciones, así que ninguna atiende a otra y casi no se calcula sobre relleno
  (`afinar.entrenamiento.chat.empaquetar_chat`).
- Completo o LoRA (PEFT); QLoRA solo con GPU CUDA y bitsandbytes.

Los pasos, en orden: comprobar todo antes de escribir nada (`_comprobar`), colocar los ejemplos
en filas (`preparacion.colocar_en_filas`), tomar la carpeta (`candado`: un entrenamiento por
carpeta) y decidir desde dónde se empieza sin destruir nada (`puntos.punto_de_partida`),
entrenar con reintento si falta memoria (`_entrenar_con_reintento`), juzgar y guardar
(`salida.guardar_resultado`). Mientras tanto, ``estado.json`` y ``progreso.jsonl`` cuentan por
dónde va (`progreso`).
"""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path

from afinar import entorno
from afinar.entrenamiento import juicio
from afinar.entrenamiento.candado import candado
from afinar.entrenamiento.decision import Decision, decidir, pasos_totales
from afinar.entrenamiento.disco import errores_de_disco
from afinar.entrenamiento.entrenadores import (
    ajustes_cpu,
    argumentos_de_entrenamiento,
    callar_avisos_internos,
    crear_entrenador,
)
from afinar.entrenamiento.ficha import nombre_del_base
from afinar.entrenamiento.lora import comprobar_modulos_lora, preparar_modelo
from afinar.entrenamiento.monitor import (
    EvaluarAlFinal,
    Monitor,
    Vigilante,
    decir,
    es_principal,
    esperar_a_todos,
    procesos,
)
from afinar.entrenamiento.preparacion import colocar_en_filas, preparar_datos
from afinar.entrenamiento.progreso import Seguimiento
from afinar.entrenamiento.puntos import (
    comprobar_salida,
    paso_de,
    punto_de_partida,
    ultimo_punto,
)
from afinar.entrenamiento.receta import Receta, comprobar_max_length
from afinar.entrenamiento.salida import (
    ResultadoEntrenamiento,
    guardar_json,
    guardar_resultado,
    resultado_guardado,
)
from afinar.errores import AfinarError
from afinar.presentacion import sin_barras

callar_avisos_internos()


def entrenar(
    modelo,
    tokenizer=None,
    datos=None,
    receta: Receta | None = None,
    *,
    reanudar: bool = False,
    sobrescribir: bool = False,
    callbacks: list | None = None,
    descripcion_datos: list[str] | None = None,
) -> ResultadoEntrenamiento:
    """Afina ``modelo`` con ``datos`` según ``receta`` y guarda el resultado en receta.salida.

    ``datos``: un `Dataset` con la columna ``texto`` o ``messages``, o un `DatasetDict` con
    ``train`` y ``validation``. Si la carpeta de salida ya tiene un entrenamiento, no se borra:
    ``reanudar=True`` lo continúa desde su último punto de control completo (por ejemplo, tras
    una desconexión de Colab) y ``sobrescribir=True`` lo borra y empieza de cero.
    ``descripcion_datos``: frases (sin datos personales) sobre cómo se prepararon los datos,
    para la ficha del modelo. Si el entrenamiento sale mal (la validación acaba peor que al
    empezar, o el modelo deja de responder bien), el resultado lo dice en ``fallo``.
    """
    import transformers

    receta = receta or Receta()
    if isinstance(modelo, (str, Path)):
        from afinar.modelos import cargar_modelo

        modelo, propio = cargar_modelo(str(modelo))
        tokenizer = tokenizer or propio
    if tokenizer is None or datos is None:
        raise AfinarError("entrenar necesita el modelo, su tokenizador y los datos.")
    entorno.fijar_semilla(receta.semilla)
    transformers.logging.set_verbosity_error()  # sus avisos internos no ayudan a quien aprende
    callar_avisos_internos()

    conjunto, tipo, decision, salida = _comprobar(modelo, tokenizer, datos, receta)
    entradas, referencias = juicio.muestras(conjunto["validation"], tipo, receta.revisar)
    filas, receta_filas, originales = colocar_en_filas(conjunto, tipo, tokenizer, receta)
    total = pasos_totales(receta_filas, len(filas["train"]), procesos())
    _avisar_memorizacion(receta_filas, total, len(filas["train"]), originales, tipo)
    base, es_hub = nombre_del_base(modelo)
    revision = dict(entradas=entradas, referencias=referencias, modelo_base=base, es_hub=es_hub,
                    descripcion_datos=descripcion_datos, ejemplos=originales,
                    ejemplos_validacion=len(conjunto["validation"]))  # fmt: skip
    with candado(salida):
        punto = punto_de_partida(salida, total, reanudar=reanudar, sobrescribir=sobrescribir,
                                 receta=receta)  # fmt: skip
        if punto == "terminado":
            return resultado_guardado(salida, tokenizer, decision)
        seguimiento = Seguimiento(salida, total, paso_de(punto) if punto else 0)
        with seguimiento.vigilar():
            resultado = _ejecutar(modelo, tokenizer, filas, tipo, decision, (receta, receta_filas),
                                  salida, total, punto, [seguimiento, *(callbacks or [])],
                                  revision)  # fmt: skip
            seguimiento.terminar(resultado.fallo, resultado.metricas.get("pasos"))
    return resultado


def _comprobar(modelo, tokenizer, datos, receta: Receta):
    """Comprueba datos, decisión y carpeta antes de escribir nada; explica lo que decidió."""
    comprobar_max_length(receta, modelo)
    with sin_barras():
        conjunto, tipo = preparar_datos(datos, tokenizer, receta)
    decision = decidir(receta, modelo, entorno.hardware(), tipo)
    if decision.metodo in ("lora", "qlora"):
        comprobar_modulos_lora(modelo, receta.lora_modulos)
    salida = Path(receta.salida).expanduser().resolve()
    comprobar_salida(salida)
    for linea in decision.explicacion:
        decir(linea)
    return conjunto, tipo, decision, salida


def _ejecutar(modelo, tokenizer, filas, tipo, decision, recetas, salida, total, punto, callbacks,
              revision) -> ResultadoEntrenamiento:
    """Con la carpeta ya tomada: la receta en disco, las respuestas de antes, entrenar, guardar."""
    receta, receta_filas = recetas
    if es_principal():
        guardar_json(salida / "receta.json", asdict(receta), indent=2)  # para poder reanudar
    # Las respuestas del modelo sin afinar, para saber después si entrenar lo estropeó.
    revision["antes"] = juicio.revisar(modelo, tokenizer, revision["entradas"],
                                       revision["referencias"])  # fmt: skip
    esperar_a_todos()
    decir(
        f"Entreno {total} pasos ({tipo}, {decision.metodo}, lote efectivo "
        f"{receta_filas.lote * receta_filas.acumulacion * procesos()} fila(s))."
    )
    modelo = preparar_modelo(modelo, decision, receta_filas)
    entrenado = _entrenar_con_reintento(
        modelo, tokenizer, filas, tipo, decision, receta_filas, salida, total, punto, callbacks
    )
    entrenado.update(ejemplos=revision["ejemplos"],
                     ejemplos_validacion=revision["ejemplos_validacion"])
    return guardar_resultado(entrenado, tokenizer, decision, receta, tipo, salida, revision)


def _avisar_memorizacion(receta: Receta, total: int, filas: int, originales: int, tipo: str):
    lote_efectivo = receta.lote * receta.acumulacion * procesos()
    vistas = total * lote_efectivo / filas
    if receta.pasos > 0 and vistas > 20:
        que = "textos" if tipo == "texto" else "conversaciones"
        decir(
            f"Aviso: con {originales} {que}, {total} pasos y lote efectivo {lote_efectivo} "
            f"fila(s), cada ejemplo se verá unas {vistas:.0f} veces: el modelo puede memorizarlos. "
            "Consigue más datos o baja los pasos."
        )


def _crear(modelo, tokenizer, conjunto, tipo, decision, receta, salida, total, lote,
           acumulacion, llamadas):
    """El entrenador de transformers/TRL con este lote (cambia si falta memoria)."""
    argumentos = argumentos_de_entrenamiento(
        receta, decision, tipo, salida, total, lote, acumulacion
    )
    with sin_barras():
        return crear_entrenador(
            modelo, tokenizer, conjunto, tipo, argumentos, llamadas, decision.dispositivo
        )


def _entrenar_con_reintento(modelo, tokenizer, conjunto, tipo, decision: Decision,
                            receta: Receta, salida: Path, total: int, punto, callbacks) -> dict:
    """Entrena; si la GPU se queda sin memoria, reintenta con medio lote y el doble de
    acumulación (el lote efectivo no cambia: `auto_find_batch_size` de transformers baja el
    lote sin compensarlo, y cambiaría la receta)."""
    import torch
    import transformers

    historial: list[dict] = []
    lote, acumulacion = receta.lote, receta.acumulacion
    while True:
        vigilante = Vigilante()
        llamadas = [Monitor(entorno.en_notebook(), historial), vigilante, EvaluarAlFinal()]
        if receta.paciencia > 0:
            llamadas.append(transformers.EarlyStoppingCallback(receta.paciencia))
        entrenador = _crear(modelo, tokenizer, conjunto, tipo, decision, receta, salida,
                           total, lote, acumulacion, llamadas + list(callbacks or []))
        inicio = time.monotonic()
        try:
            with sin_barras(), ajustes_cpu(decision, modelo), errores_de_disco(salida, punto):
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
            punto = ultimo_punto(salida)
        except KeyboardInterrupt as error:
            raise _interrumpido(llamadas[0], entrenador, salida) from error
        except Exception:
            _cerrar_barra(llamadas[0])  # que el mensaje de error no quede pegado a la barra
            raise
    _comprobar_vigilante(vigilante, decision)
    return dict(entrenador=entrenador, salida_train=salida_train, lote=lote,
                acumulacion=acumulacion, historial=historial,
                segundos=time.monotonic() - inicio)


def _cerrar_barra(monitor: Monitor) -> None:
    if monitor.barra is not None:
        monitor.barra.close()
        monitor.barra = None


def _interrumpido(monitor: Monitor, entrenador, salida: Path) -> AfinarError:
    _cerrar_barra(monitor)  # que el mensaje no quede pegado a la barra
    ultimo = ultimo_punto(salida)
    donde = f"el último punto de control es {ultimo.name}" if ultimo else "no hay puntos de control"
    return AfinarError(
        f"Entrenamiento interrumpido en el paso {entrenador.state.global_step}: {donde} (en "
        f"{salida}); continúa con la misma orden y --reanudar (en Python, entrenar(..., "
        "reanudar=True))."
    )


def _comprobar_vigilante(vigilante: Vigilante, decision: Decision) -> None:
    if vigilante.paso_malo is not None:
        raise AfinarError(
            f"La pérdida se volvió {vigilante.valor} en el paso {vigilante.paso_malo} y paré el "
            "entrenamiento: el modelo dejó de aprender. Suele ser una tasa de aprendizaje "
            f"demasiado alta ({decision.tasa_aprendizaje:g}): prueba con una diez veces menor, "
            "o con precision='fp32'."
        )
