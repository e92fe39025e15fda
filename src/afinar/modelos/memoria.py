"""Cuánta memoria necesita un modelo para entrenarlo (completo, LoRA, QLoRA) o para generar.

`estimar_memoria` suma, en GB (GiB, como los cuenta Colab), las piezas que ocupan memoria:

- pesos: 4 bytes por parámetro en fp32; con autocast (bf16/fp16) los pesos maestros siguen en
  fp32 y además hay una copia de 16 bits mientras se calcula; LoRA deja el modelo base en la
  precisión de cálculo; QLoRA guarda las capas lineales en 4 bits (NF4, ~0,53 bytes/parámetro).
- gradientes: 4 bytes por parámetro entrenable (todos en completo; solo el adaptador en LoRA).
- estados del optimizador: AdamW guarda dos números fp32 por parámetro entrenable (8 bytes).
- activaciones: lo que el paso hacia delante guarda para el paso hacia atrás, por token:
  unos (11·ancho + 4·intermedio) valores por capa más 3 copias fp32 de los logits (tamaño del
  vocabulario; con chat en GPU, solo el trozo que usa la pérdida de TRL), por el factor 1,3
  medido en CPU (el asignador de memoria no devuelve todo lo que libera). En el entrenamiento completo los gradientes crecen mientras las activaciones se
  liberan, así que solo cuenta la parte de las activaciones que no se solapa con ellos.
- extra: el propio Python con torch y transformers (CPU) o el contexto CUDA (GPU), y márgenes.

Las constantes se comprobaron contra el pico de memoria medido en CPU (tests/test_memoria.py):
es una estimación de la memoria máxima con ejemplos que llenan ``max_length``; con ejemplos más
cortos se usa menos.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from afinar.entorno import hardware, precision_recomendada
from afinar.errores import AfinarError
from afinar.modelos.bolsillo import RUTA_BOLSILLO
from afinar.modelos.catalogo import ficha

GB = 1024**3
MEMORIA_T4_GB = 15.0  # lo que Colab muestra para su T4 (16 GB nominales)
# Si la estimación pasa de esta fracción de la memoria, `entrenar` activa gradient checkpointing
# (`necesita_checkpointing`).
FRACCION_SIN_CHECKPOINTING = 0.8
# Los métodos de entrenamiento y las precisiones que existen (la `Receta` añade "auto").
METODOS = ("completo", "lora", "qlora")
PRECISIONES = ("fp32", "bf16", "fp16")
_FACTOR_ASIGNADOR = 1.3  # activaciones medidas / teóricas en CPU (glibc guarda lo liberado)
_EXTRA_GB = {"cpu": 0.41, "cuda": 0.6, "mps": 0.41}  # runtime (CPU) o contexto CUDA (GPU)

@dataclass(frozen=True)
class EstimacionMemoria:
    """Memoria estimada, en GB, desglosada. `total_gb` es el pico esperado."""

    modelo: str
    metodo: str
    precision: str
    dispositivo: str
    lote: int
    max_length: int
    parametros: int
    entrenables: int
    pesos_gb: float
    gradientes_gb: float
    optimizador_gb: float
    activaciones_gb: float
    extra_gb: float
    total_t4_gb: float  # la misma tarea en una T4 de Colab (fp16 con autocast)
    disponible_gb: float | None  # memoria de este equipo (GPU si hay CUDA, si no RAM)

    @property
    def total_gb(self) -> float:
        return (
            self.pesos_gb + self.gradientes_gb + self.optimizador_gb + self.activaciones_gb
            + self.extra_gb
        )

    @property
    def cabe_t4(self) -> bool:
        return self.total_t4_gb <= MEMORIA_T4_GB

    @property
    def cabe_aqui(self) -> bool | None:
        if self.metodo == "qlora" and self.dispositivo != "cuda":
            return False  # QLoRA necesita una GPU CUDA
        if self.disponible_gb is None:
            return None
        return self.total_gb <= self.disponible_gb

    def _filas(self) -> list[tuple[str, float]]:
        return [
            ("pesos", self.pesos_gb),
            ("gradientes", self.gradientes_gb),
            ("estados del optimizador", self.optimizador_gb),
            ("activaciones", self.activaciones_gb),
            ("extra (runtime, márgenes)", self.extra_gb),
        ]

    def _veredictos(self) -> list[str]:
        t4 = "sí" if self.cabe_t4 else "no"
        lineas = [f"¿Cabe en una T4 de Colab ({MEMORIA_T4_GB:.0f} GB)? {t4} "
                  f"(unos {self.total_t4_gb:.1f} GB en fp16)."]
        donde = "la GPU" if self.dispositivo == "cuda" else "la RAM"
        if self.metodo == "qlora" and self.dispositivo != "cuda":
            lineas.append("¿Cabe aquí? no: QLoRA necesita una GPU CUDA; en este equipo usa LoRA.")
        elif self.disponible_gb is not None:
            aqui = "sí" if self.cabe_aqui else "no"
            lineas.append(f"¿Cabe aquí? {aqui} ({donde} tiene {self.disponible_gb:.1f} GB).")
        if not (self.cabe_aqui and self.cabe_t4) and self.metodo != "inferencia":
            lineas.append("Si no cabe: baja el lote o max_length, usa LoRA/QLoRA o un modelo menor.")
        return lineas

    def __str__(self) -> str:
        que = "generar" if self.metodo == "inferencia" else f"entrenar ({self.metodo})"
        cabecera = (
            f"Memoria para {que} {self.modelo}: unos {self.total_gb:.2f} GB "
            f"({self.parametros / 1e6:,.1f} M de parámetros, {self.entrenables / 1e6:,.2f} M "
            f"entrenables; {self.precision}, {self.dispositivo}, lote {self.lote} × "
            f"{self.max_length} tokens)"
        )
        filas = [f"  {nombre:<27}{valor:8.2f} GB" for nombre, valor in self._filas()]
        return "\n".join([cabecera, *filas, f"  {'total':<27}{self.total_gb:8.2f} GB",
                          *self._veredictos()])

    def __repr__(self) -> str:
        return (
            f"EstimacionMemoria(modelo={self.modelo!r}, metodo={self.metodo!r}, "
            f"total_gb={self.total_gb:.2f}, cabe_t4={self.cabe_t4})"
        )

    def _repr_html_(self) -> str:
        from html import escape

        filas = "".join(
            f"<tr><td>{escape(n)}</td><td style='text-align:right'>{v:.2f} GB</td></tr>"
            for n, v in self._filas()
        )
        que = "generar" if self.metodo == "inferencia" else f"entrenar ({self.metodo})"
        veredictos = "".join(f"<li>{escape(v)}</li>" for v in self._veredictos())
        return (
            f"<p><b>Memoria para {escape(que)} {escape(self.modelo)}</b> "
            f"({self.parametros / 1e6:,.1f} M de parámetros; {self.precision}, "
            f"lote {self.lote} × {self.max_length} tokens)</p>"
            f"<table>{filas}<tr><td><b>total</b></td>"
            f"<td style='text-align:right'><b>{self.total_gb:.2f} GB</b></td></tr></table>"
            f"<ul>{veredictos}</ul>"
        )


# ---------------------------------------------------------------- forma del modelo


def _valor(config, *nombres, defecto=None):
    for nombre in nombres:
        valor = config.get(nombre) if isinstance(config, dict) else getattr(config, nombre, None)
        if valor is not None:
            return valor
    return defecto


def _forma(config) -> dict:
    """Dimensiones que importan para la memoria, de un config (objeto o dict de config.json)."""
    if not isinstance(config, dict) and hasattr(config, "get_text_config"):
        config = config.get_text_config()
    elif isinstance(config, dict) and isinstance(config.get("text_config"), dict):
        config = config["text_config"]
    ancho = _valor(config, "hidden_size", "n_embd", "d_model")
    capas = _valor(config, "num_hidden_layers", "n_layer", "num_layers")
    vocab = _valor(config, "vocab_size")
    if not (ancho and capas and vocab):
        raise AfinarError(
            "No sé estimar la memoria de este modelo: su configuración no dice el ancho "
            "(hidden_size), las capas (num_hidden_layers) o el vocabulario (vocab_size)."
        )
    cabezas = _valor(config, "num_attention_heads", "n_head", defecto=max(1, ancho // 64))
    tipo = _valor(config, "model_type", defecto="")
    gpt2 = tipo == "gpt2" or _valor(config, "n_embd") is not None
    return dict(
        ancho=ancho, capas=capas, vocab=vocab, cabezas=cabezas,
        kv=_valor(config, "num_key_value_heads", defecto=cabezas),
        dim_cabeza=_valor(config, "head_dim", defecto=ancho // cabezas),
        intermedio=_valor(config, "intermediate_size", "n_inner", defecto=None) or 4 * ancho,
        atadas=bool(_valor(config, "tie_word_embeddings", defecto=True)),
        posiciones=_valor(config, "n_positions", defecto=0) if gpt2 else 0,
        gpt2=gpt2,
    )


def _contar_parametros(f: dict) -> int:
    h, hd = f["ancho"], f["dim_cabeza"]
    atencion = h * f["cabezas"] * hd * 2 + 2 * h * f["kv"] * hd
    mlp = (2 if f["gpt2"] else 3) * h * f["intermedio"]
    embebidos = f["vocab"] * h * (1 if f["atadas"] else 2) + f["posiciones"] * h
    return embebidos + f["capas"] * (atencion + mlp + 2 * h) + h


def _parametros_lineales(f: dict) -> int:
    """Parámetros de las capas lineales de los bloques (lo que LoRA adapta y QLoRA cuantiza)."""
    h, hd = f["ancho"], f["dim_cabeza"]
    atencion = h * f["cabezas"] * hd * 2 + 2 * h * f["kv"] * hd
    return f["capas"] * (atencion + (2 if f["gpt2"] else 3) * h * f["intermedio"])


def _parametros_lora(f: dict, rango: int) -> int:
    """LoRA en todas las capas lineales ("all-linear"): r × (entrada + salida) en cada una."""
    h, hd, i = f["ancho"], f["dim_cabeza"], f["intermedio"]
    q = f["cabezas"] * hd
    kv = f["kv"] * hd
    if f["gpt2"]:  # c_attn (h → 3h), c_proj, c_fc, c_proj del MLP
        por_capa = (h + 3 * h) + (h + h) + (h + i) + (i + h)
    else:  # q, k, v, o, gate, up, down
        por_capa = (h + q) + 2 * (h + kv) + (q + h) + 2 * (h + i) + (i + h)
    return f["capas"] * rango * por_capa


def _resolver(modelo_o_id) -> tuple[str, dict, int | None]:
    """(nombre, forma, parámetros si se conocen exactamente) sin usar la red."""
    if hasattr(modelo_o_id, "parameters") and hasattr(modelo_o_id, "config"):
        vistos = {p.data_ptr(): p.numel() for p in modelo_o_id.parameters()}
        nombre = getattr(modelo_o_id.config, "name_or_path", "") or type(modelo_o_id).__name__
        return nombre, _forma(modelo_o_id.config), sum(vistos.values())
    if hasattr(modelo_o_id, "to_dict") or isinstance(modelo_o_id, dict):
        nombre = _valor(modelo_o_id, "name_or_path", "_name_or_path") or "(configuración)"
        return nombre, _forma(modelo_o_id), None
    if not isinstance(modelo_o_id, (str, Path)):
        raise AfinarError(
            f"No sé estimar la memoria de un {type(modelo_o_id).__name__}: pasa un modelo "
            "cargado, su configuración, su carpeta o un nombre del catálogo."
        )
    nombre = str(modelo_o_id)
    carpeta = RUTA_BOLSILLO if nombre == "bolsillo" else Path(nombre).expanduser()
    if (carpeta / "config.json").is_file():
        return nombre, _forma(json.loads((carpeta / "config.json").read_text("utf-8"))), None
    recomendado = ficha(nombre)
    if recomendado is not None and recomendado.forma:
        return nombre, _forma(recomendado.forma), round(recomendado.parametros_m * 1e6)
    try:  # un modelo ya descargado: su config.json está en la caché local
        from huggingface_hub import try_to_load_from_cache

        ruta = try_to_load_from_cache(nombre, "config.json")
    except Exception:  # noqa: BLE001 - un id con forma rara no es un error aquí
        ruta = None
    if isinstance(ruta, str) and Path(ruta).is_file():
        return nombre, _forma(json.loads(Path(ruta).read_text("utf-8"))), None
    raise AfinarError(
        f"No sé cuánta memoria necesita «{nombre}»: no es una carpeta con config.json, no está "
        "en el catálogo (afinar.modelos.CATALOGO) ni descargado. Pasa el modelo ya cargado o "
        "su configuración (transformers.AutoConfig.from_pretrained)."
    )


# ---------------------------------------------------------------- la cuenta


def _piezas(f: dict, n: int, metodo: str, precision: str, dispositivo: str, lote: int,
            max_length: int, lora_r: int, lora_dropout: float,
            gradient_checkpointing: bool, datos: str) -> dict:
    """Bytes de cada pieza para una tarea, un hardware y una precisión."""
    mixta = precision in ("bf16", "fp16")
    tokens = lote * max_length
    h, i, capas = f["ancho"], f["intermedio"], f["capas"]
    n_lineal = min(_parametros_lineales(f), n)
    if metodo == "inferencia":
        por_valor = 2 if mixta else 4
        kv_cache = 2 * capas * f["kv"] * f["dim_cabeza"] * tokens * por_valor
        trabajo = tokens * (4 * h + 2 * i) * por_valor + lote * f["vocab"] * 4
        return dict(pesos=n * por_valor, gradientes=0, optimizador=0,
                    activaciones=kv_cache + trabajo)
    entrenables = n if metodo == "completo" else _parametros_lora(f, lora_r)
    # Lo que el paso hacia delante guarda por token y capa (11 h + 4 i valores) y los logits.
    if mixta:  # autocast: las entradas de las multiplicaciones en 16 bits, las normas en fp32
        por_capa = (7 * h + 4 * i) * 2 + 4 * h * 4
    else:
        por_capa = (11 * h + 4 * i) * 4
    if metodo != "completo" and lora_dropout > 0:  # el dropout de LoRA copia sus entradas
        por_capa += (3 * h + i) * (2 if mixta else 4)
    if gradient_checkpointing:  # solo la entrada de cada capa, más una capa que se recalcula
        activaciones = tokens * (capas * h * (2 if mixta else 4) + por_capa)
    else:
        activaciones = tokens * capas * por_capa
    factor = _FACTOR_ASIGNADOR if dispositivo != "cuda" else 1.0  # en GPU: +10 % en `extra`
    if datos == "chat" and dispositivo == "cuda":
        # Chat en GPU: el SFTTrainer de TRL calcula la pérdida a trozos (4096 tokens × 32768
        # palabras del vocabulario) y nunca crea los logits completos.
        logits = min(tokens, 4096) * min(f["vocab"], 32768) * 4
    else:  # los logits completos: su copia fp32, el log-softmax y su gradiente
        # (con chat en CPU, afinar solo los calcula donde hay respuesta; sin saber cuánto ocupan
        # las respuestas, se cuentan todos: la cota del peor caso)
        logits = 3 * tokens * f["vocab"] * 4
    activaciones = (activaciones + logits) * factor
    gradientes = 4 * entrenables
    if metodo == "completo":
        pesos = 4 * n + (2 * n if mixta else 0)  # maestros fp32 + copia de 16 bits en autocast
        activaciones = max(0.0, activaciones - gradientes)  # se solapan en el tiempo
    elif metodo == "lora":
        pesos = n * (2 if mixta else 4) + 4 * entrenables
    else:  # qlora: lineales en NF4 con doble cuantización; el resto en fp32 (prepare_model...)
        pesos = n_lineal * 0.53 + (n - n_lineal) * 4 + 4 * entrenables
    return dict(pesos=pesos, gradientes=gradientes, optimizador=8 * entrenables,
                activaciones=activaciones)


def necesita_checkpointing(total_gb: float, disponible_gb: float) -> bool:
    """La regla de `entrenar` (y de la tabla del catálogo): recalcular activaciones (gradient
    checkpointing) si la estimación pasa del 80 % de la memoria que hay."""
    return total_gb > FRACCION_SIN_CHECKPOINTING * disponible_gb


def _validar(metodo: str, precision: str | None, datos: str, **enteros) -> None:
    if metodo not in (*METODOS, "inferencia"):
        raise AfinarError(
            f"El método «{metodo}» no existe: usa uno de {', '.join(METODOS)} o inferencia."
        )
    if precision is not None and precision not in PRECISIONES:
        raise AfinarError(
            f"La precisión «{precision}» no existe: usa una de {', '.join(PRECISIONES)}."
        )
    if datos not in ("chat", "texto"):
        raise AfinarError(f"datos=«{datos}» no existe: usa \"chat\" o \"texto\".")
    for nombre, valor in enteros.items():
        if not isinstance(valor, int) or valor < 1:
            raise AfinarError(f"{nombre}={valor!r} no vale: debe ser un entero de 1 o más.")


def estimar_memoria(
    modelo_o_id,
    metodo: str = "completo",
    *,
    lote: int | None = None,
    max_length: int = 512,
    precision: str | None = None,
    lora_r: int = 16,
    lora_dropout: float = 0.05,
    gradient_checkpointing: bool = False,
    dispositivo: str | None = None,
    datos: str = "chat",
) -> EstimacionMemoria:
    """Estima la memoria máxima para entrenar (``"completo"``, ``"lora"``, ``"qlora"``) o para
    generar (``"inferencia"``) con ``modelo_o_id``: un modelo cargado, su configuración, una
    carpeta local, ``"bolsillo"`` o un nombre del catálogo. No usa la red.

    ``precision``: ``"fp32"``, ``"bf16"`` o ``"fp16"`` (autocast con pesos maestros fp32);
    por defecto, la que afinar usaría en este equipo. ``dispositivo`` (``"cpu"`` o ``"cuda"``):
    por defecto, el de este equipo. Los valores por defecto de ``lote``,
    ``max_length``, ``lora_r`` y ``lora_dropout`` son los de `afinar.Receta` (para
    generar, ``lote`` es 1 por defecto). Es un techo: supone ejemplos que llenan ``max_length``.
    ``datos``: ``"chat"`` o ``"texto"``; con chat en GPU, afinar entrena con el `SFTTrainer` de
    TRL, que no crea los logits completos (con vocabularios grandes, varios GB menos).

    >>> print(estimar_memoria("Qwen/Qwen2.5-0.5B-Instruct", "lora"))  # doctest: +SKIP
    """
    lote = lote if lote is not None else (1 if metodo == "inferencia" else 8)
    _validar(metodo, precision, datos, lote=lote, max_length=max_length, lora_r=lora_r)
    nombre, forma, parametros = _resolver(modelo_o_id)
    n = parametros or _contar_parametros(forma)

    hw = hardware()
    if dispositivo not in (None, "cpu", "cuda", "mps"):
        raise AfinarError(f"El dispositivo «{dispositivo}» no existe: usa \"cpu\" o \"cuda\".")
    precision = precision or (precision_recomendada(hw) if dispositivo in (None, hw.dispositivo)
                              else ("fp16" if dispositivo == "cuda" else "fp32"))
    dispositivo = dispositivo or hw.dispositivo
    comunes = dict(lote=lote, max_length=max_length, lora_r=lora_r, lora_dropout=lora_dropout,
                   gradient_checkpointing=gradient_checkpointing, datos=datos)
    piezas = _piezas(forma, n, metodo, precision, dispositivo, **comunes)
    t4 = _piezas(forma, n, metodo, "fp16", "cuda", **comunes)
    total_t4 = sum(t4.values()) * 1.1 + _EXTRA_GB["cuda"] * GB
    variable = sum(piezas.values())
    extra = _EXTRA_GB.get(dispositivo, 0.45) * GB + (0.1 * variable if dispositivo == "cuda" else 0)
    disponible = None
    if dispositivo == hw.dispositivo:
        disponible = hw.memoria_gb
    return EstimacionMemoria(
        modelo=nombre, metodo=metodo, precision=precision, dispositivo=dispositivo, lote=lote,
        max_length=max_length, parametros=n,
        entrenables=n if metodo == "completo" else (
            0 if metodo == "inferencia" else _parametros_lora(forma, lora_r)),
        pesos_gb=piezas["pesos"] / GB, gradientes_gb=piezas["gradientes"] / GB,
        optimizador_gb=piezas["optimizador"] / GB, activaciones_gb=piezas["activaciones"] / GB,
        extra_gb=extra / GB, total_t4_gb=total_t4 / GB,
        disponible_gb=float(disponible) if disponible else None,
    )
