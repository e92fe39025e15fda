"""Piezas comunes de las pruebas: modelos diminutos creados al vuelo, sin red."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

FRASES = [
    "¿Qué tal estás hoy? Muy bien, gracias por preguntar.",
    "El niño comió una manzana en la plaza del pueblo.",
    "¡Qué día tan bonito para pasear por el río!",
    "La señora Núñez compró pan, queso y aceitunas en el mercado.",
    "Mañana lloverá en el norte y hará sol en el sur.",
    "Para aprender, hay que practicar un poco cada día.",
    "El tren sale a las ocho y llega a las diez y media.",
    "La biblioteca abre de lunes a viernes por la mañana.",
]


def _tokenizador_diminuto():
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    from afinar.modelos import PLANTILLA_CHAT, TOKENS_ESPECIALES

    especiales = [
        TOKENS_ESPECIALES["bos_token"],
        TOKENS_ESPECIALES["eos_token"],
        TOKENS_ESPECIALES["pad_token"],
        *TOKENS_ESPECIALES["additional_special_tokens"],
    ]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    entrenador = trainers.BpeTrainer(
        vocab_size=400,
        special_tokens=especiales,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(FRASES * 4, entrenador)
    envuelto = PreTrainedTokenizerFast(tokenizer_object=tok, **TOKENS_ESPECIALES)
    envuelto.chat_template = PLANTILLA_CHAT
    return envuelto


@pytest.fixture(scope="session")
def tokenizador_diminuto():
    """Un tokenizador BPE por bytes entrenado en un segundo, con la plantilla de chat de bolsillo."""
    return _tokenizador_diminuto()


def crear_modelo_diminuto(arquitectura: str = "llama", semilla: int = 0):
    """Devuelve (modelo, tokenizador) con pesos aleatorios: Llama, Qwen2 o GPT-2 en miniatura."""
    import torch
    from transformers import (
        AutoModelForCausalLM,
        GPT2Config,
        LlamaConfig,
        Qwen2Config,
    )

    tok = _tokenizador_diminuto()
    comunes = dict(
        vocab_size=len(tok),
        pad_token_id=tok.pad_token_id,
        eos_token_id=tok.eos_token_id,
        bos_token_id=tok.bos_token_id,
    )
    if arquitectura == "llama":
        config = LlamaConfig(
            hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, max_position_embeddings=512, tie_word_embeddings=True, **comunes,
        )
    elif arquitectura == "qwen2":
        config = Qwen2Config(
            hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, max_position_embeddings=512, tie_word_embeddings=True, **comunes,
        )
    elif arquitectura == "gpt2":
        config = GPT2Config(n_embd=32, n_layer=2, n_head=4, n_positions=512, **comunes)
    else:
        raise ValueError(arquitectura)
    torch.manual_seed(semilla)
    modelo = AutoModelForCausalLM.from_config(config)
    modelo.generation_config.pad_token_id = tok.pad_token_id
    return modelo, tok


@pytest.fixture(params=["llama", "qwen2", "gpt2"])
def modelo_diminuto(request):
    """(modelo, tokenizador) diminutos, uno por arquitectura."""
    return crear_modelo_diminuto(request.param)


@pytest.fixture
def modelo_llama_diminuto():
    return crear_modelo_diminuto("llama")


@pytest.fixture
def carpeta_modelo_diminuto(tmp_path):
    """Una carpeta con un modelo Llama diminuto guardado como lo guarda `save_pretrained`."""
    modelo, tok = crear_modelo_diminuto("llama")
    carpeta = tmp_path / "modelo_diminuto"
    modelo.save_pretrained(carpeta)
    tok.save_pretrained(carpeta)
    return carpeta
