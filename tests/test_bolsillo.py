"""Pruebas del modelo de bolsillo: carga sin red, tamaño, tokenizador, generación y pérdida."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch  # noqa: E402
from transformers import AutoModelForCausalLM, AutoTokenizer, GenerationConfig  # noqa: E402

from afinar.modelos import RUTA_BOLSILLO, TOKENS_ESPECIALES  # noqa: E402

RAIZ = Path(__file__).resolve().parents[1]
CORPUS = RAIZ / "corpus"
SCRIPT = RAIZ / "scripts" / "crear_bolsillo.py"

INDICACIONES = [
    "Había una vez",
    "El mercado del sábado",
    "En la escuela",
    "Por la mañana",
    "La señora",
]


def _palabras(texto: str) -> list[str]:
    return re.findall(r"[a-záéíóúüñ]+", texto.lower())


@pytest.fixture(scope="module")
def modelo():
    return AutoModelForCausalLM.from_pretrained(RUTA_BOLSILLO).eval()


@pytest.fixture(scope="module")
def tokenizador():
    return AutoTokenizer.from_pretrained(RUTA_BOLSILLO)


@pytest.fixture(scope="module")
def vocabulario_corpus() -> set[str]:
    palabras: set[str] = set()
    for ruta in sorted(CORPUS.iterdir()):
        if ruta.suffix in {".txt", ".jsonl", ".json"}:
            palabras.update(_palabras(ruta.read_text(encoding="utf-8")))
    return palabras


def _script():
    spec = importlib.util.spec_from_file_location("crear_bolsillo", SCRIPT)
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


def test_carpeta_y_tamano():
    pesos = RUTA_BOLSILLO / "model.safetensors"
    assert pesos.is_file(), "falta model.safetensors: ejecuta scripts/crear_bolsillo.py"
    assert pesos.stat().st_size <= 15_000_000
    for nombre in ("config.json", "generation_config.json", "tokenizer.json", "README.md"):
        assert (RUTA_BOLSILLO / nombre).is_file(), nombre


def test_es_un_llama(modelo):
    assert modelo.config.model_type == "llama"
    assert type(modelo).__name__ == "LlamaForCausalLM"
    assert modelo.config.tie_word_embeddings
    assert 1_000_000 < modelo.num_parameters() < 3_750_000


def test_tokenizador(tokenizador):
    assert 4000 <= len(tokenizador) <= 8192
    assert tokenizador.eos_token == TOKENS_ESPECIALES["eos_token"]
    assert tokenizador.pad_token == TOKENS_ESPECIALES["pad_token"]
    assert tokenizador.bos_token == TOKENS_ESPECIALES["bos_token"]
    assert tokenizador.pad_token_id is not None and tokenizador.eos_token_id is not None
    assert tokenizador.pad_token_id != tokenizador.eos_token_id
    texto = "¿Qué tal? ¡Mañana iré al mercado con la cigüeña!"
    assert tokenizador.decode(tokenizador(texto)["input_ids"]) == texto


def test_configuracion_de_generacion(modelo, tokenizador):
    gc = GenerationConfig.from_pretrained(RUTA_BOLSILLO)
    ids_fin = {tokenizador.convert_tokens_to_ids(t) for t in ("<|im_end|>", "<|endoftext|>")}
    assert set(gc.eos_token_id) == ids_fin
    assert gc.pad_token_id == tokenizador.pad_token_id
    assert not gc.do_sample
    gc.validate(strict=True)  # sin banderas de muestreo que provoquen avisos


def test_genera_palabras_reales(modelo, tokenizador, vocabulario_corpus):
    generadas: list[str] = []
    for texto in INDICACIONES:
        ids = tokenizador(texto, return_tensors="pt")
        with torch.no_grad():
            salida = modelo.generate(**ids, max_new_tokens=30, do_sample=False)
        nuevo = tokenizador.decode(salida[0, ids["input_ids"].shape[1] :], skip_special_tokens=True)
        generadas.extend(_palabras(nuevo)[:-1])  # la última puede estar cortada
    assert len(generadas) >= 20, generadas
    conocidas = sum(p in vocabulario_corpus for p in generadas) / len(generadas)
    assert conocidas >= 0.8, (conocidas, generadas)


def test_responde_en_formato_chat(modelo, tokenizador):
    mensajes = [{"role": "user", "content": "¿Qué es el ciclo del agua?"}]
    entrada = tokenizador.apply_chat_template(
        mensajes, add_generation_prompt=True, return_tensors="pt", return_dict=True
    )
    assert entrada["input_ids"].shape[1] > 5
    with torch.no_grad():
        salida = modelo.generate(**entrada, max_new_tokens=80, do_sample=False)
    nuevos = salida[0, entrada["input_ids"].shape[1] :]
    respuesta = tokenizador.decode(nuevos, skip_special_tokens=True).strip()
    assert respuesta
    # Se detiene sola: el último token es uno de los de fin.
    assert nuevos[-1].item() in set(modelo.generation_config.eos_token_id)


def test_plantilla_marca_al_asistente(tokenizador):
    conversacion = [
        {"role": "user", "content": "Hola"},
        {"role": "assistant", "content": "¡Hola! ¿Qué tal?"},
    ]
    r = tokenizador.apply_chat_template(
        conversacion, tokenize=True, return_dict=True, return_assistant_tokens_mask=True
    )
    mascara = r["assistant_masks"]
    assert 0 < sum(mascara) < len(mascara)
    del_asistente = [i for i, m in zip(r["input_ids"], mascara, strict=True) if m]
    assert tokenizador.decode(del_asistente) == "¡Hola! ¿Qué tal?<|im_end|>"


def test_corpus_sin_formato_de_recetas():
    # Ese formato lo enseñan los datos de ejemplo del afinado: el modelo base no debe verlo.
    for ruta in CORPUS.iterdir():
        if ruta.suffix not in {".txt", ".jsonl", ".json"}:
            continue
        texto = ruta.read_text(encoding="utf-8")
        assert "Ingredientes:" not in texto and "Pasos:" not in texto, ruta.name


def test_aprende_algo_comparado_con_uno_al_azar(modelo, tokenizador):
    # El mismo 5 % del corpus que el script reserva para validación (nunca visto al entrenar).
    script = _script()
    args = script.leer_argumentos([])
    corpus = script.preparar_corpus(CORPUS, args.semilla, args.parrafos, args.charlas)
    flujo = script.a_tokens(tokenizador, corpus["validacion"], None)
    n = len(flujo) // 256 * 256
    bloques = torch.tensor(flujo[:n]).view(-1, 256)  # todo el 5 %: unos 5000 tokens
    assert len(bloques) >= 8
    torch.manual_seed(0)
    al_azar = AutoModelForCausalLM.from_config(modelo.config).eval()
    with torch.no_grad():
        perdida = modelo(input_ids=bloques, labels=bloques).loss.item()
        perdida_azar = al_azar(input_ids=bloques, labels=bloques).loss.item()
    assert perdida < 0.5 * perdida_azar, (perdida, perdida_azar)
