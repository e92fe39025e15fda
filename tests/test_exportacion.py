"""Exportar: fusionado (LoRA → safetensors), GGUF (f16/q8_0) y Ollama (Modelfile), con sus errores.

Las comprobaciones de estas pruebas no se fían del informe de `exportar`: vuelven a cargar lo
escrito con transformers y lo comparan con el original, y la plantilla TEMPLATE del Modelfile se
renderiza con el `text/template` real de Go (paquete golang-go de Debian), con los mismos datos
que le da Ollama (.Messages[].Role/.Content, .System, .Response).
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from ayudas_exportacion import (
    DOS_TURNOS,
    SISTEMA,
    cargar,
    compilar_go,
    comprobar_gguf,
    comprobar_modelfile,
    comprobar_ollama,
    continuaciones,
    un_hilo,  # noqa: F401  (fixture: un hilo de torch)
)
from conftest import crear_modelo_diminuto
from modelos_reales import NOMBRES_CHAT, crear_modelo_real

from afinar.errores import AfinarError
from afinar.exportacion import exportar


@pytest.fixture(scope="module")
def go_template(tmp_path_factory):
    return compilar_go(tmp_path_factory)


def _lora(tmp_path):
    """Una carpeta como la de entrenar() con LoRA: adaptador/ (+ tokenizador) y métricas."""
    from peft import LoraConfig, get_peft_model

    from afinar.compatibilidad import preparar_peft

    preparar_peft()  # como hace afinar antes de usar PEFT (y calla su aviso interno)
    modelo, tok = crear_modelo_diminuto("llama", semilla=3)
    base = tmp_path / "base"
    modelo.save_pretrained(base)
    tok.save_pretrained(base)
    adaptado = get_peft_model(cargar(base), LoraConfig(
        r=4, lora_alpha=8, target_modules=["q_proj", "v_proj", "down_proj"],
        init_lora_weights=False,  # B aleatoria: el adaptador cambia de verdad las respuestas
    ))
    salida = tmp_path / "entrenamiento"
    adaptado.save_pretrained(salida / "adaptador")
    tok.save_pretrained(salida / "adaptador")
    (salida / "metricas.json").write_text("{}")
    (salida / "receta.json").write_text("{}")
    return salida, base, tok


# ------------------------------------------------------------------ fusionado


def test_fusionado_de_un_lora_responde_como_el_adaptador(tmp_path):
    import torch
    from peft import PeftModel

    salida, base, tok = _lora(tmp_path)
    informe = exportar(salida, "fusionado")

    destino = salida / "exportado-fusionado"
    assert informe.carpeta == destino and informe.correcto
    nombres = {p.name for p in destino.iterdir()}
    assert {"model.safetensors", "config.json", "generation_config.json",
            "tokenizer.json", "informe_exportacion.md"} <= nombres
    assert "adapter_config.json" not in nombres  # pesos completos: no hace falta PEFT
    fusionado = cargar(destino)
    assert fusionado.dtype == torch.float32
    assert fusionado.generation_config.pad_token_id == tok.pad_token_id
    assert fusionado.config.model_type == "llama"
    from transformers import AutoTokenizer

    assert AutoTokenizer.from_pretrained(destino).chat_template == tok.chat_template

    adaptado = PeftModel.from_pretrained(cargar(base), salida / "adaptador").eval()
    tokens_f, logits_f = continuaciones(fusionado, tok)
    tokens_a, logits_a = continuaciones(adaptado, tok)
    assert tokens_f == tokens_a
    for f, a in zip(logits_f, logits_a, strict=True):
        torch.testing.assert_close(f, a, atol=1e-4, rtol=1e-4)
    _, logits_base = continuaciones(cargar(base), tok)
    assert max(float((f - b).abs().max()) for f, b in zip(logits_f, logits_base, strict=True)) > 1e-2
    assert "5 de 5 continuaciones idénticas" in informe.comprobaciones[0].detalle

    directo = exportar(salida / "adaptador", "fusionado", cuantizacion="q8_0", comprobar=False)
    assert directo.carpeta == salida / "adaptador-fusionado"  # junto a la carpeta, no dentro
    assert "no se cuantiza" in directo.notas[0]
    torch.testing.assert_close(cargar(directo.carpeta).state_dict()["lm_head.weight"],
                               fusionado.state_dict()["lm_head.weight"])


# ------------------------------------------------------------------ GGUF


@pytest.mark.parametrize("cuantizacion", ["f16", "q8_0"])
@pytest.mark.parametrize("nombre", ["Qwen/Qwen2.5-0.5B-Instruct", "meta-llama/Llama-3.2-1B-Instruct"])
def test_gguf_vuelve_a_cargar_con_transformers_y_responde_igual(tmp_path, nombre, cuantizacion):
    carpeta = tmp_path / "modelo"
    modelo, tok = crear_modelo_real(nombre, carpeta)
    informe = exportar(carpeta, "gguf", cuantizacion=cuantizacion, salida=tmp_path / "gguf")
    comprobar_gguf(informe, modelo, tok)


def test_gguf_de_un_lora_fusiona_antes(tmp_path):
    salida, _, _ = _lora(tmp_path)
    informe = exportar(salida, "gguf", cuantizacion="q8_0")
    assert informe.carpeta == salida / "exportado-gguf-q8_0"
    assert informe.correcto
    assert "adaptador LoRA" in informe.origen
    assert (informe.carpeta / "entrenamiento-q8_0.gguf").exists()


def test_pre_tokenizador_se_deduce_del_comportamiento(tokenizador_diminuto):
    from afinar.exportacion.vocabulario import tipo_pre_tokenizador
    from afinar.modelos import cargar_modelo

    assert tipo_pre_tokenizador(tokenizador_diminuto) == "gpt-2"
    _, qwen = crear_modelo_real("Qwen/Qwen2.5-0.5B-Instruct")
    assert tipo_pre_tokenizador(qwen) == "gpt-2"  # el de prueba se entrenó con ByteLevel
    _, tok = cargar_modelo("bolsillo", dispositivo="cpu")
    from tokenizers import Regex, pre_tokenizers
    from transformers.models.qwen2.tokenization_qwen2 import PRETOKENIZE_REGEX

    tok.backend_tokenizer.pre_tokenizer = pre_tokenizers.Sequence([  # como el Qwen2 real
        pre_tokenizers.Split(Regex(PRETOKENIZE_REGEX), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    assert tipo_pre_tokenizador(tok) == "qwen2"
    tok.backend_tokenizer.pre_tokenizer = pre_tokenizers.Sequence([  # como SmolLM2
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    assert tipo_pre_tokenizador(tok) == "smollm"
    llama3 = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
              r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")  # tokenizer.json de Llama 3
    tok.backend_tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(llama3), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False),
    ])
    assert tipo_pre_tokenizador(tok) == "llama-bpe"
    tok.backend_tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    with pytest.raises(AfinarError, match="parte el texto de una forma que llama.cpp no conoce"):
        tipo_pre_tokenizador(tok)


# ------------------------------------------------------------------ Ollama


@pytest.mark.parametrize("nombre", ["Qwen/Qwen2.5-0.5B-Instruct", "meta-llama/Llama-3.2-1B-Instruct",
                                    "mistralai/Mistral-7B-Instruct-v0.3"])
def test_ollama_modelfile_reproduce_la_plantilla(tmp_path, nombre, go_template):
    carpeta = tmp_path / nombre.split("/")[-1].lower()
    _, tok = crear_modelo_real(nombre, carpeta)
    informe = exportar(carpeta, "ollama", cuantizacion="q8_0")
    comprobar_ollama(informe, carpeta, tok, go_template)


@pytest.mark.parametrize("nombre", NOMBRES_CHAT)
def test_modelfile_de_cada_plantilla_real(nombre, go_template):
    """Todas las plantillas reales (también las de arquitecturas sin GGUF, como Gemma)."""
    from afinar.exportacion.ollama import bos_que_anade, modelfile
    from afinar.exportacion.plantilla_go import deducir
    from afinar.generacion.plantillas import fin_de_turno

    modelo, tok = crear_modelo_real(nombre)
    texto = modelfile("modelo.gguf", deducir(tok), tok,
                      fin_de_turno(tok, modelo.generation_config), modelo.generation_config)
    comprobar_modelfile(texto, tok, bool(bos_que_anade(tok)), go_template)


def test_plantilla_go_de_mistral_pone_el_sistema_en_el_ultimo_turno(go_template):
    from afinar.exportacion.plantilla_go import deducir, plantilla_go

    _, tok = crear_modelo_real("mistralai/Mistral-7B-Instruct-v0.3")
    piezas = deducir(tok)
    assert piezas.sistema == "ultimo"
    texto = go_template(plantilla_go(piezas, tok.bos_token), [SISTEMA, *DOS_TURNOS])
    assert texto.index(SISTEMA["content"]) > texto.index(DOS_TURNOS[1]["content"])


def test_plantilla_que_no_se_puede_expresar_lo_dice(tokenizador_diminuto):
    from afinar.exportacion.plantilla_go import deducir

    tok = tokenizador_diminuto
    original = tok.chat_template
    try:
        tok.chat_template = ("{% for m in messages|reverse %}<|im_start|>{{ m['role'] }}\n"
                             "{{ m['content'] }}<|im_end|>\n{% endfor %}")
        with pytest.raises(AfinarError, match="no se puede escribir como plantilla de Ollama"):
            deducir(tok)
        tok.chat_template = None
        with pytest.raises(AfinarError, match="no tiene plantilla de chat"):
            deducir(tok)
    finally:
        tok.chat_template = original


# ------------------------------------------------------------------ errores y escritura segura


def _sin_rastro(carpeta: Path) -> set[str]:
    return {p.name for p in carpeta.iterdir()}


def test_carpeta_que_no_es_un_modelo(tmp_path):
    (tmp_path / "notas").mkdir()
    (tmp_path / "notas" / "leeme.txt").write_text("hola")
    antes = _sin_rastro(tmp_path)
    with pytest.raises(AfinarError) as error:
        exportar(tmp_path / "notas", "gguf")
    assert str(error.value).startswith(f"La carpeta «{tmp_path / 'notas'}» no contiene un modelo")
    with pytest.raises(AfinarError, match="No existe la carpeta"):
        exportar(tmp_path / "no_existe", "ollama")
    with pytest.raises(AfinarError, match="No conozco el formato «onnx»"):
        exportar(tmp_path / "notas", "onnx")
    assert _sin_rastro(tmp_path) == antes


def test_adaptador_sin_su_modelo_base(tmp_path):
    salida, base, _ = _lora(tmp_path)
    shutil.rmtree(base)
    with pytest.raises(AfinarError, match=f"^No encuentro el modelo base «{base}» del adaptador"):
        exportar(salida, "ollama")
    assert _sin_rastro(salida) == {"adaptador", "metricas.json", "receta.json"}


def test_arquitectura_sin_gguf_lo_dice_antes_de_escribir(tmp_path):
    modelo, tok = crear_modelo_diminuto("gpt2")
    modelo.save_pretrained(tmp_path / "gpt2")
    tok.save_pretrained(tmp_path / "gpt2")
    antes = _sin_rastro(tmp_path)
    with pytest.raises(AfinarError) as error:
        exportar(tmp_path / "gpt2", "gguf")
    assert str(error.value) == (
        f"No sé exportar a GGUF la arquitectura «gpt2» de {tmp_path / 'gpt2'}: afinar escribe "
        "GGUF de Llama, Mistral y Qwen2; exporta con formato='fusionado' y conviértelo con "
        "llama.cpp."
    )
    assert _sin_rastro(tmp_path) == antes
    informe = exportar(tmp_path / "gpt2", "fusionado")  # el fusionado sí sirve para cualquiera
    assert informe.correcto


def test_disco_lleno_no_deja_nada_a_medias(tmp_path, monkeypatch):
    import gguf

    modelo, tok = crear_modelo_diminuto("qwen2")
    modelo.save_pretrained(tmp_path / "qwen")
    tok.save_pretrained(tmp_path / "qwen")
    antes = _sin_rastro(tmp_path)
    escribir = gguf.GGUFWriter.write_tensors_to_file

    def a_medias(self, *args, **kwargs):
        for fout in self.fout:
            fout.write(b"\0" * 1024)  # algo llegó a escribirse antes de llenarse el disco
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(gguf.GGUFWriter, "write_tensors_to_file", a_medias)
    with pytest.raises(AfinarError, match="^Se llenó el disco mientras exportaba"):
        exportar(tmp_path / "qwen", "ollama")
    assert _sin_rastro(tmp_path) == antes

    # Un proceso que murió a mitad (kill -9) deja su carpeta temporal; la siguiente la borra.
    resto = tmp_path / ".qwen-gguf-f16.a-medias-999999999"
    resto.mkdir()
    monkeypatch.setattr(gguf.GGUFWriter, "write_tensors_to_file", escribir)
    libre = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: libre._replace(free=1000))
    with pytest.raises(AfinarError, match="^No hay espacio en disco para exportar"):
        exportar(tmp_path / "qwen", "gguf")
    assert _sin_rastro(tmp_path) == antes


def test_no_pisa_una_carpeta_ajena_y_si_una_exportacion_anterior(tmp_path):
    modelo, tok = crear_modelo_diminuto("llama")
    modelo.save_pretrained(tmp_path / "m")
    tok.save_pretrained(tmp_path / "m")
    ajena = tmp_path / "mis_cosas"
    ajena.mkdir()
    (ajena / "tesis.docx").write_text("no me borres")
    with pytest.raises(AfinarError, match="no es una exportación de afinar"):
        exportar(tmp_path / "m", "gguf", salida=ajena)
    assert _sin_rastro(ajena) == {"tesis.docx"}
    primera = exportar(tmp_path / "m", "gguf", salida=tmp_path / "fuera", comprobar=False)
    segunda = exportar(tmp_path / "m", "gguf", salida=tmp_path / "fuera", cuantizacion="q8_0",
                       comprobar=False)
    assert primera.carpeta == segunda.carpeta
    assert _sin_rastro(segunda.carpeta) == {"m-q8_0.gguf", "informe_exportacion.md"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


# ------------------------------------------------------------------ informe y orden


def test_informe_en_texto_html_y_markdown(tmp_path):
    modelo, tok = crear_modelo_diminuto("llama")
    modelo.save_pretrained(tmp_path / "m")
    tok.save_pretrained(tmp_path / "m")
    informe = exportar(tmp_path / "m", "gguf", cuantizacion="q8_0")
    texto, html, md = str(informe), informe._repr_html_(), (
        informe.carpeta / "informe_exportacion.md").read_text()
    for parte in (texto, html, md):
        assert "m-q8_0.gguf" in parte and "llama-cli" in parte
        assert "continuaciones idénticas" in parte and "diferencia de logits" in parte
    assert "Todas las comprobaciones salieron bien." in texto
    assert "<li>✅" in html and "KB" in html
    assert md.startswith("# Exportación «gguf q8_0»")
    assert dict(informe.archivos)["m-q8_0.gguf"] == (informe.carpeta / "m-q8_0.gguf").stat().st_size


def test_orden_exportar(tmp_path, capsys):
    import argparse

    from afinar.exportacion.orden import agregar_orden, main

    modelo, tok = crear_modelo_diminuto("qwen2")
    modelo.save_pretrained(tmp_path / "m")
    tok.save_pretrained(tmp_path / "m")
    parser = argparse.ArgumentParser(prog="afinar")
    agregar_orden(parser.add_subparsers(dest="orden"))
    args = parser.parse_args(["exportar", "--modelo", str(tmp_path / "m"), "--formato", "ollama",
                              "--cuantizacion", "q8_0", "--salida", str(tmp_path / "o")])
    assert args.funcion(args) == 0
    assert "ollama create m -f Modelfile" in capsys.readouterr().out
    assert main(["exportar", "--modelo", str(tmp_path / "nada")]) == 2
    assert "Error: No existe la carpeta" in capsys.readouterr().err
