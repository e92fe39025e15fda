"""El tokenizador dentro del GGUF: tokens, tipos, fusiones (merges), tokens especiales y plantilla.

llama.cpp y Ollama no leen tokenizer.json: leen estas claves del GGUF. Se escriben como lo hace
el conversor de llama.cpp para un BPE por bytes (Llama 3, Qwen2, SmolLM2, el modelo de bolsillo).
Cómo parte el texto antes de aplicar las fusiones («pre-tokenizador») se averigua comparando el
comportamiento del tokenizador con los tipos que llama.cpp conoce, sobre un texto de prueba.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from afinar.errores import AfinarError

# Cómo parte el texto cada tipo de pre-tokenizador que entienden llama.cpp y Ollama (expresiones
# públicas de los tokenizadores de GPT-2, Llama 3 y Qwen2; SmolLM separa además cada dígito).
_LLAMA3 = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
    r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
_QWEN2 = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}"
    r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
TEXTO_DE_PRUEBA = (
    "¡Hola!  ¿Qué tal? I'm fine, you're OK; it's 2024-12-01 y son 12345 € (3.14).\n\n"
    "\tañadir   espacios\r\n niño/ÑANDÚ ...¿¡?! 🙂 日本語 ''' don't\n  fin"
)
_GENERACION = re.compile(r"\{%-?\s*(end)?generation\s*-?%\}")


def _candidatos():
    from tokenizers import Regex, pre_tokenizers

    def partir(expresion):
        return pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(expresion), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ])

    return {
        "gpt-2": pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
        "llama-bpe": partir(_LLAMA3),
        "qwen2": partir(_QWEN2),
        "smollm": pre_tokenizers.Sequence([
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
        ]),
    }


def tipo_pre_tokenizador(tokenizer) -> str:
    """El nombre (para llama.cpp) del pre-tokenizador que parte el texto igual que el del modelo."""
    propio = tokenizer.backend_tokenizer.pre_tokenizer
    if propio is None:
        raise AfinarError(_no_bpe_por_bytes(tokenizer))
    esperado = [t for t, _ in propio.pre_tokenize_str(TEXTO_DE_PRUEBA)]
    for nombre, candidato in _candidatos().items():
        if [t for t, _ in candidato.pre_tokenize_str(TEXTO_DE_PRUEBA)] == esperado:
            return nombre
    raise AfinarError(
        f"El tokenizador de {tokenizer.name_or_path} parte el texto de una forma que llama.cpp no "
        "conoce (no coincide con GPT-2, Llama 3, Qwen2 ni SmolLM): no puedo escribir un GGUF que "
        "tokenice igual; exporta con formato='fusionado'."
    )


def _no_bpe_por_bytes(tokenizer) -> str:
    return (
        f"El tokenizador de {tokenizer.name_or_path} no es un BPE por bytes (como los de Llama 3, "
        "Qwen2 o el modelo de bolsillo) y afinar todavía no sabe escribirlo en GGUF: exporta con "
        "formato='fusionado' y conviértelo con llama.cpp."
    )


@dataclass
class Vocabulario:
    """Lo que el GGUF guarda del tokenizador."""

    pre: str
    tokens: list[str]
    tipos: list[int]
    fusiones: list[str]
    especiales: dict[str, int] = field(default_factory=dict)  # bos, eos, pad, unk, eot → id
    anadir_bos: bool = False
    anadir_eos: bool = False
    plantilla: str | None = None


def _fusiones(datos: dict) -> list[str]:
    return [m if isinstance(m, str) else " ".join(m) for m in datos["model"].get("merges", [])]


def lo_anade(tokenizer, al_principio: bool, token_id) -> bool:
    """¿Pone el tokenizador ``token_id`` solo, al principio (o al final) de cada texto?"""
    if token_id is None:
        return False
    ids = tokenizer("a", add_special_tokens=True)["input_ids"]
    return bool(ids) and (ids[0] if al_principio else ids[-1]) == token_id


def _tokens_y_tipos(tokenizer, tamano: int) -> tuple[list[str], list[int]]:
    from gguf import TokenType

    por_id = {i: t for t, i in tokenizer.get_vocab().items()}
    anadidos = tokenizer.added_tokens_decoder
    if max(por_id) >= tamano:
        raise AfinarError(
            f"El tokenizador de {tokenizer.name_or_path} tiene {max(por_id) + 1} tokens y el "
            f"modelo solo {tamano} filas de embeddings: no coinciden, así que no puedo exportarlo."
        )
    tokens, tipos = [], []
    for i in range(tamano):
        if i not in por_id:  # filas de relleno del modelo sin token (como en Qwen2.5)
            tokens.append(f"[PAD{i}]")
            tipos.append(TokenType.UNUSED)
        elif i in anadidos:
            tokens.append(anadidos[i].content)
            tipos.append(TokenType.CONTROL if anadidos[i].special else TokenType.USER_DEFINED)
        else:
            tokens.append(por_id[i])
            tipos.append(TokenType.NORMAL)
    return tokens, [int(t) for t in tipos]


def plantilla_sin_marcas(plantilla: str | None) -> str | None:
    """La plantilla sin `{% generation %}`: solo sirve para entrenar y llama.cpp no la entiende."""
    return _GENERACION.sub("", plantilla) if isinstance(plantilla, str) else None


def vocabulario(tokenizer, tamano: int, fin_de_turno: list[int]) -> Vocabulario:
    """Lee del tokenizador rápido (tokenizer.json) todo lo que el GGUF necesita."""
    datos = json.loads(tokenizer.backend_tokenizer.to_str())
    if datos["model"].get("type") != "BPE" or "ByteLevel" not in json.dumps(datos["pre_tokenizer"]):
        raise AfinarError(_no_bpe_por_bytes(tokenizer))
    tokens, tipos = _tokens_y_tipos(tokenizer, tamano)
    especiales = {
        nombre: getattr(tokenizer, f"{nombre}_token_id")
        for nombre in ("bos", "eos", "pad", "unk")
        if getattr(tokenizer, f"{nombre}_token_id", None) is not None
    }
    otros = [i for i in fin_de_turno if i != especiales.get("eos")]
    if otros:
        especiales["eot"] = otros[0]
    return Vocabulario(
        pre=tipo_pre_tokenizador(tokenizer),
        tokens=tokens,
        tipos=tipos,
        fusiones=_fusiones(datos),
        especiales=especiales,
        anadir_bos=lo_anade(tokenizer, True, especiales.get("bos")),
        anadir_eos=lo_anade(tokenizer, False, especiales.get("eos")),
        plantilla=plantilla_sin_marcas(getattr(tokenizer, "chat_template", None)),
    )


def escribir_vocabulario(escritor, vocab: Vocabulario) -> None:
    """Añade al GGUF las claves tokenizer.ggml.* y tokenizer.chat_template."""
    escritor.add_tokenizer_model("gpt2")
    escritor.add_tokenizer_pre(vocab.pre)
    escritor.add_token_list(vocab.tokens)
    escritor.add_token_types(vocab.tipos)
    escritor.add_token_merges(vocab.fusiones)
    metodos = {"bos": escritor.add_bos_token_id, "eos": escritor.add_eos_token_id,
               "pad": escritor.add_pad_token_id, "unk": escritor.add_unk_token_id,
               "eot": escritor.add_eot_token_id}
    for nombre, token_id in vocab.especiales.items():
        metodos[nombre](token_id)
    escritor.add_add_bos_token(vocab.anadir_bos)
    escritor.add_add_eos_token(vocab.anadir_eos)
    if vocab.plantilla:
        escritor.add_chat_template(vocab.plantilla)
