"""Escribir un GGUF (f16 o q8_0) con el paquete `gguf` de PyPI: sin compilar nada.

Hace lo mismo que el conversor de llama.cpp para Llama, Mistral y Qwen2: los hiperparámetros en
las claves de la arquitectura, los tensores con los nombres de `gguf.get_tensor_name_map`, q y k
permutados en Llama (llama.cpp aplica RoPE por pares contiguos), los vectores en f32 y las
matrices en f16 o cuantizadas a q8_0 con `gguf.quants`.
"""

from __future__ import annotations

import math
from pathlib import Path

from afinar.errores import AfinarError
from afinar.exportacion.vocabulario import escribir_vocabulario, vocabulario

# model_type de transformers → (arquitectura en GGUF, ¿permutar q y k?)
ARQUITECTURAS = {"llama": ("llama", True), "mistral": ("llama", True), "qwen2": ("qwen2", False)}
CUANTIZACIONES = ("f16", "q8_0")  # las que sabe escribir (y las que acepta exportar)


def arquitectura(config: dict, donde) -> str:
    """La arquitectura GGUF del modelo, o un error en español si afinar no sabe escribirla."""
    tipo = config.get("model_type")
    if tipo not in ARQUITECTURAS:
        raise AfinarError(
            f"No sé exportar a GGUF la arquitectura «{tipo}» de {donde}: afinar escribe GGUF de "
            "Llama, Mistral y Qwen2; exporta con formato='fusionado' y conviértelo con llama.cpp."
        )
    return ARQUITECTURAS[tipo][0]


def _rope(config) -> tuple[float, dict]:
    parametros = dict(getattr(config, "rope_parameters", None) or {})
    escalado = getattr(config, "rope_scaling", None) or {}
    parametros = {**escalado, **parametros}
    theta = parametros.get("rope_theta", getattr(config, "rope_theta", 10000.0))
    tipo = parametros.get("rope_type", parametros.get("type", "default"))
    if tipo not in ("default", "llama3"):
        raise AfinarError(
            f"El modelo usa un escalado de RoPE «{tipo}» que afinar todavía no escribe en GGUF: "
            "exporta con formato='fusionado'."
        )
    return float(theta), parametros


def factores_rope_llama3(parametros: dict, dim_cabeza: int, theta: float):
    """El tensor rope_freqs de llama.cpp para el RoPE de Llama 3.1+ (las bajas frecuencias, estiradas)."""
    import numpy as np

    frecuencias = 1.0 / theta ** (np.arange(0, dim_cabeza, 2, dtype=np.float64) / dim_cabeza)
    factor = parametros.get("factor", 8.0)
    bajo, alto = parametros.get("low_freq_factor", 1.0), parametros.get("high_freq_factor", 4.0)
    contexto = parametros.get("original_max_position_embeddings", 8192)
    onda = 2 * math.pi / frecuencias
    suave = (contexto / onda - bajo) / (alto - bajo)
    factores = 1 / ((1 - suave) / factor + suave)
    factores = np.where(onda < contexto / alto, 1.0, np.where(onda > contexto / bajo, factor, factores))
    return factores.astype(np.float32)


def _hiperparametros(escritor, config, nombre: str, cuantizacion: str) -> dict:
    import gguf

    cabezas = config.num_attention_heads
    dim_cabeza = getattr(config, "head_dim", None) or config.hidden_size // cabezas
    theta, rope = _rope(config)
    escritor.add_name(nombre)
    escritor.add_context_length(config.max_position_embeddings)
    escritor.add_embedding_length(config.hidden_size)
    escritor.add_block_count(config.num_hidden_layers)
    escritor.add_feed_forward_length(config.intermediate_size)
    escritor.add_head_count(cabezas)
    escritor.add_head_count_kv(getattr(config, "num_key_value_heads", None) or cabezas)
    escritor.add_layer_norm_rms_eps(config.rms_norm_eps)
    escritor.add_rope_freq_base(theta)
    escritor.add_rope_dimension_count(dim_cabeza)
    if dim_cabeza != config.hidden_size // cabezas:
        escritor.add_key_length(dim_cabeza)
        escritor.add_value_length(dim_cabeza)
    escritor.add_vocab_size(config.vocab_size)
    if cuantizacion == "q8_0":
        escritor.add_file_type(gguf.LlamaFileType.MOSTLY_Q8_0)
        escritor.add_quantization_version(gguf.GGML_QUANT_VERSION)
    else:
        escritor.add_file_type(gguf.LlamaFileType.MOSTLY_F16)
    return {"dim_cabeza": dim_cabeza, "theta": theta, "rope": rope}


def _permutar(pesos, cabezas: int):
    """Reordena las filas de q/k como llama.cpp (mitades de RoPE → pares contiguos)."""
    forma = pesos.shape
    return pesos.reshape(cabezas, 2, forma[0] // cabezas // 2, *forma[1:]).swapaxes(1, 2).reshape(forma)


# En q8_0 la tabla de embeddings y la cabeza de salida quedan en f16 (como `llama-quantize
# --token-embedding-type f16 --output-tensor-type f16`): son las que más mueven la elección
# del siguiente token, y así la continuación voraz casi nunca cambia.
SIN_CUANTIZAR = ("token_embd.weight", "output.weight")


def _convertir(nombre: str, pesos, cuantizacion: str):
    """(datos, tipo GGML): vectores en f32; matrices en f16 o q8_0 (f16 si no caben en bloques)."""
    import gguf
    import numpy as np

    if pesos.ndim < 2:
        return pesos.astype(np.float32), None
    bloque = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType.Q8_0][0]
    if cuantizacion == "q8_0" and pesos.shape[-1] % bloque == 0 and nombre not in SIN_CUANTIZAR:
        tipo = gguf.GGMLQuantizationType.Q8_0
        return gguf.quants.quantize(pesos.astype(np.float32), tipo), tipo
    return pesos.astype(np.float16), None


def _tensores(modelo, arq: str, permutar: bool):
    """(nombre GGUF, array float32) de cada peso del modelo, sin la cabeza si está atada."""
    import gguf

    config = modelo.config
    tipo = next(k for k, v in gguf.MODEL_ARCH_NAMES.items() if v == arq)
    nombres = gguf.get_tensor_name_map(tipo, config.num_hidden_layers)
    atada = getattr(config, "tie_word_embeddings", False)
    cabezas = config.num_attention_heads
    cabezas_kv = getattr(config, "num_key_value_heads", None) or cabezas
    for nombre_hf, tensor in modelo.state_dict().items():
        if atada and nombre_hf == "lm_head.weight":
            continue
        nombre = nombres.get_name(nombre_hf, try_suffixes=(".weight", ".bias"))
        if nombre is None:
            raise AfinarError(
                f"El peso «{nombre_hf}» no tiene nombre en GGUF para la arquitectura {arq}: el "
                "modelo tiene piezas que llama.cpp no conoce; exporta con formato='fusionado'."
            )
        pesos = tensor.detach().float().cpu().numpy()
        if permutar and nombre.endswith("attn_q.weight"):
            pesos = _permutar(pesos, cabezas)
        elif permutar and nombre.endswith("attn_k.weight"):
            pesos = _permutar(pesos, cabezas_kv)
        yield nombre, pesos


def escribir_gguf(modelo, tokenizer, ruta: Path, cuantizacion: str, fin_de_turno: list[int],
                  nombre: str) -> None:
    """Escribe `modelo` (ya fusionado) y su tokenizador en el archivo GGUF `ruta`."""
    import gguf

    config = modelo.config
    arq = arquitectura(config.to_dict(), ruta.name)
    escritor = gguf.GGUFWriter(str(ruta), arq)
    extra = _hiperparametros(escritor, config, nombre, cuantizacion)
    escribir_vocabulario(escritor, vocabulario(tokenizer, config.vocab_size, fin_de_turno))
    if extra["rope"].get("rope_type") == "llama3":
        escritor.add_tensor(gguf.TENSOR_NAMES[gguf.MODEL_TENSOR.ROPE_FREQS] + ".weight",
                            factores_rope_llama3(extra["rope"], extra["dim_cabeza"], extra["theta"]))
    for nombre_gguf, pesos in _tensores(modelo, arq, ARQUITECTURAS[config.model_type][1]):
        datos, tipo = _convertir(nombre_gguf, pesos, cuantizacion)
        escritor.add_tensor(nombre_gguf, datos, raw_dtype=tipo)
    try:
        escritor.write_header_to_file()
        escritor.write_kv_data_to_file()
        escritor.write_tensors_to_file(progress=False)
    finally:
        escritor.close()


def cargar_gguf(carpeta: Path, archivo: str, config_original=None):
    """Carga el GGUF con transformers (`gguf_file=`), como lo haría cualquiera.

    transformers no lee el escalado de RoPE de Llama 3 del GGUF (llama.cpp sí, del tensor
    rope_freqs): en ese caso se le pasa la configuración original.
    """
    from transformers import AutoModelForCausalLM

    opciones = {}
    if config_original is not None and _rope(config_original)[1].get("rope_type") == "llama3":
        opciones["config"] = config_original
    modelo = AutoModelForCausalLM.from_pretrained(str(carpeta), gguf_file=archivo, **opciones)
    return modelo.eval()
