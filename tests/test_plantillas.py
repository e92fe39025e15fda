"""Qué tokens son del asistente, con qué se abre su turno y con qué termina, en plantillas
de chat reales copiadas tal cual (tests/modelos_reales.py) y en la del modelo de bolsillo."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest
from modelos_reales import (
    FICHAS,
    NOMBRES_CHAT,
    NOMBRES_REALES,
    PLANTILLA_GEMMA3,
    PLANTILLA_LLAMA3_2,
    PLANTILLA_QWEN2_5,
    crear_modelo_real,
    crear_tokenizador_real,
)

from afinar.errores import AfinarError
from afinar.generacion.plantillas import (
    entrada_de_chat,
    fin_de_turno,
    tokenizar_conversacion,
    tokenizar_conversaciones,
)

# Lo que escribe el asistente según cada plantilla real: su texto (recortado si la
# plantilla hace «| trim») y el cierre de su turno, hasta el token especial incluido.
_CHATML = lambda c: c + "<|im_end|>"  # noqa: E731
ESPERADO = {
    "Qwen/Qwen2.5-0.5B-Instruct": _CHATML,
    "Qwen/Qwen2.5-1.5B-Instruct": _CHATML,
    "BSC-LT/salamandra-2b-instruct": _CHATML,
    "HuggingFaceTB/SmolLM2-135M-Instruct": _CHATML,
    "meta-llama/Llama-3.2-1B-Instruct": lambda c: c.strip() + "<|eot_id|>",
    "google/gemma-3-1b-it": lambda c: c.strip() + "<end_of_turn>",
    # Mistral escribe " " + respuesta: la entrada para generar acaba en [/INST], así que ese
    # espacio también lo escribe el modelo.
    "mistralai/Mistral-7B-Instruct-v0.3": lambda c: " " + c.strip() + "</s>",
}
FIN_REAL = {
    "Qwen/Qwen2.5-0.5B-Instruct": "<|im_end|>",
    "Qwen/Qwen2.5-1.5B-Instruct": "<|im_end|>",
    "BSC-LT/salamandra-2b-instruct": "<|im_end|>",
    "HuggingFaceTB/SmolLM2-135M-Instruct": "<|im_end|>",
    "meta-llama/Llama-3.2-1B-Instruct": "<|eot_id|>",
    "google/gemma-3-1b-it": "<end_of_turn>",
    "mistralai/Mistral-7B-Instruct-v0.3": "</s>",
}
APERTURA = {  # cómo acaba la entrada para generar
    "Qwen/Qwen2.5-0.5B-Instruct": "<|im_start|>assistant\n",
    "Qwen/Qwen2.5-1.5B-Instruct": "<|im_start|>assistant\n",
    "BSC-LT/salamandra-2b-instruct": "<|im_start|>assistant\n",
    "HuggingFaceTB/SmolLM2-135M-Instruct": "<|im_start|>assistant\n",
    "meta-llama/Llama-3.2-1B-Instruct": "<|start_header_id|>assistant<|end_header_id|>\n\n",
    "google/gemma-3-1b-it": "<start_of_turn>model\n",
    "mistralai/Mistral-7B-Instruct-v0.3": "¿Y mañana?[/INST]",
}

SISTEMA = {"role": "system", "content": "Eres un asistente de cocina. Responde breve."}
U1 = {"role": "user", "content": "¿Cuánto se hornea el bizcocho?"}
A1 = {"role": "assistant", "content": "Unos cuarenta minutos a 180 grados."}
U2 = {"role": "user", "content": "¿Y mañana?"}
A2 = {"role": "assistant", "content": "Mañana lloverá en el norte; 42 litros."}
A2_ESPACIOS = {"role": "assistant", "content": "  Lloverá en el norte.\n"}
CONVERSACIONES = {
    "un_turno": [U1, A1],
    "un_turno_con_sistema": [SISTEMA, U1, A1],
    "varios_turnos": [U1, A1, U2, A2],
    "varios_turnos_con_sistema": [SISTEMA, U1, A1, U2, A2],
    "espacios_en_el_borde": [SISTEMA, U1, A1, U2, A2_ESPACIOS],
}


@pytest.fixture(scope="module")
def tokenizadores():
    return {nombre: crear_tokenizador_real(nombre) for nombre in NOMBRES_REALES}


def tramos_marcados(tokenizer, ids, mascara) -> list[str]:
    """El texto de cada tramo seguido de tokens con máscara 1."""
    tramos, actual = [], []
    for i, m in zip(ids, mascara, strict=True):
        if m:
            actual.append(i)
        elif actual:
            tramos.append(actual)
            actual = []
    if actual:
        tramos.append(actual)
    return [tokenizer.decode(t, clean_up_tokenization_spaces=False) for t in tramos]


def test_plantillas_copiadas_byte_a_byte_de_las_que_trl_vigila():
    # TRL compara cada semana sus copias con las del Hub (scripts/check_chat_templates.py).
    carpeta = files("trl") / "chat_templates"
    assert (carpeta / "qwen2_5.jinja").read_text(encoding="utf-8") == PLANTILLA_QWEN2_5
    assert (carpeta / "llama3_2.jinja").read_text(encoding="utf-8") == PLANTILLA_LLAMA3_2
    assert (carpeta / "gemma3.jinja").read_text(encoding="utf-8") == PLANTILLA_GEMMA3


@pytest.mark.parametrize("caso", list(CONVERSACIONES))
@pytest.mark.parametrize("nombre", NOMBRES_CHAT)
def test_la_mascara_es_exactamente_lo_que_escribe_el_asistente(tokenizadores, nombre, caso):
    tok = tokenizadores[nombre]
    mensajes = CONVERSACIONES[caso]
    ids, mascara = tokenizar_conversacion(tok, mensajes)
    assert len(ids) == len(mascara)
    esperado = [ESPERADO[nombre](m["content"]) for m in mensajes if m["role"] == "assistant"]
    assert tramos_marcados(tok, ids, mascara) == esperado
    # Y los ids son los de la plantilla (más el BOS del tokenizador si ella no lo escribe).
    plantilla = tok.apply_chat_template(mensajes)["input_ids"]
    assert ids[-len(plantilla):] == plantilla and len(ids) - len(plantilla) in (0, 1)


@pytest.mark.parametrize("nombre", NOMBRES_CHAT)
def test_nada_de_la_plantilla_ni_del_usuario_cuenta(tokenizadores, nombre):
    tok = tokenizadores[nombre]
    ids, mascara = tokenizar_conversacion(tok, CONVERSACIONES["varios_turnos_con_sistema"])
    fuera = tok.decode([i for i, m in zip(ids, mascara, strict=True) if not m],
                       clean_up_tokenization_spaces=False)
    dentro = tok.decode([i for i, m in zip(ids, mascara, strict=True) if m],
                        clean_up_tokenization_spaces=False)
    for texto in ("Cuánto se hornea", "Y mañana"):
        assert texto in fuera and texto not in dentro
    for texto in ("cuarenta minutos", "lloverá"):
        assert texto in dentro and texto not in fuera
    # La de Mistral v0.3 solo escribe el sistema si la conversación acaba en el usuario.
    assert "asistente de cocina" not in dentro
    assert ("asistente de cocina" in fuera) == (nombre != "mistralai/Mistral-7B-Instruct-v0.3")


@pytest.mark.parametrize("nombre", NOMBRES_CHAT)
def test_entrada_de_chat_es_la_plantilla_con_el_turno_abierto(tokenizadores, nombre):
    tok = tokenizadores[nombre]
    mensajes = [SISTEMA, U1, A1, U2]
    ids = entrada_de_chat(tok, mensajes)
    plantilla = tok.apply_chat_template(mensajes, add_generation_prompt=True)["input_ids"]
    if FICHAS[nombre].bos_al_tokenizar and plantilla[0] != tok.bos_token_id:
        plantilla = [tok.bos_token_id, *plantilla]  # salamandra: su plantilla no escribe BOS
    assert ids == plantilla
    assert tok.decode(ids, clean_up_tokenization_spaces=False).endswith(APERTURA[nombre])


@pytest.mark.parametrize("nombre", [n for n in NOMBRES_CHAT if FICHAS[n].bos_al_tokenizar])
def test_un_solo_bos_aunque_lo_pongan_la_plantilla_y_el_tokenizador(tokenizadores, nombre):
    tok = tokenizadores[nombre]
    assert tok("hola")["input_ids"][0] == tok.bos_token_id  # el tokenizador lo pone
    ids, mascara = tokenizar_conversacion(tok, CONVERSACIONES["varios_turnos_con_sistema"])
    entrada = entrada_de_chat(tok, [U1])
    for secuencia in (ids, entrada):
        assert secuencia[0] == tok.bos_token_id
        assert secuencia.count(tok.bos_token_id) == 1
    assert mascara[0] == 0


@pytest.mark.parametrize("nombre", NOMBRES_CHAT)
def test_fin_de_turno_empieza_por_el_token_real_y_suma_los_del_generation_config(nombre):
    modelo, tok = crear_modelo_real(nombre)
    fin = fin_de_turno(tok, modelo.generation_config)
    assert fin[0] == tok.convert_tokens_to_ids(FIN_REAL[nombre])
    eos = modelo.generation_config.eos_token_id
    assert set(eos if isinstance(eos, list) else [eos]) <= set(fin)
    assert len(fin) == len(set(fin))


def test_fin_de_turno_de_salamandra_anade_im_end_a_su_eos():
    # Su generation_config solo trae </s>; el turno lo cierra <|im_end|> (de la plantilla).
    modelo, tok = crear_modelo_real("BSC-LT/salamandra-2b-instruct")
    assert modelo.generation_config.eos_token_id == tok.convert_tokens_to_ids("</s>")
    assert tok.convert_ids_to_tokens(fin_de_turno(tok, modelo.generation_config)) == [
        "<|im_end|>", "</s>"]


def test_en_bolsillo_la_mascara_deducida_es_la_de_las_marcas_generation():
    from transformers import AutoTokenizer

    from afinar.modelos import RUTA_BOLSILLO

    con_marcas = AutoTokenizer.from_pretrained(RUTA_BOLSILLO)
    sin_marcas = AutoTokenizer.from_pretrained(RUTA_BOLSILLO)
    sin_marcas.chat_template = re.sub(r"\{%-?\s*(end)?generation\s*-?%\}", "",
                                      con_marcas.chat_template)
    assert "{%- generation" not in sin_marcas.chat_template
    assert con_marcas.apply_chat_template(CONVERSACIONES["varios_turnos"], tokenize=False) == (
        sin_marcas.apply_chat_template(CONVERSACIONES["varios_turnos"], tokenize=False))
    lote = [*CONVERSACIONES.values(), [U1, {"role": "assistant", "content": "\n\nVale. "}]]
    marcas = tokenizar_conversaciones(con_marcas, lote)
    deducida = tokenizar_conversaciones(sin_marcas, lote)
    assert deducida == marcas
    assert all(1 in m for m in marcas["mascara"])
    # La vía de las marcas es la de transformers, tal cual.
    directa = con_marcas.apply_chat_template(lote, return_assistant_tokens_mask=True)
    assert marcas["mascara"] == [list(m) for m in directa["assistant_masks"]]


def test_gpt2_bne_sin_plantilla_dice_que_uses_un_instruct_o_texto():
    modelo, tok = crear_modelo_real("PlanTL-GOB-ES/gpt2-base-bne")
    for funcion in (tokenizar_conversacion, entrada_de_chat):
        with pytest.raises(AfinarError, match="«-Instruct».*texto"):
            funcion(tok, [U1, A1])
    with pytest.raises(AfinarError, match="plantilla de chat"):
        tokenizar_conversaciones(tok, [[U1, A1]])
    assert fin_de_turno(tok, modelo.generation_config) == [
        tok.convert_tokens_to_ids("<|endoftext|>")]


def test_en_lote_da_lo_mismo_que_de_una_en_una_y_corta_por_el_final(tokenizadores):
    tok = tokenizadores["meta-llama/Llama-3.2-1B-Instruct"]
    lote = list(CONVERSACIONES.values())
    juntas = tokenizar_conversaciones(tok, lote)
    for k, mensajes in enumerate(lote):
        ids, mascara = tokenizar_conversacion(tok, mensajes)
        assert (juntas["input_ids"][k], juntas["mascara"][k]) == (ids, mascara)
    cortas = tokenizar_conversaciones(tok, lote, max_length=20)
    assert cortas["input_ids"] == [f[:20] for f in juntas["input_ids"]]
    assert cortas["mascara"] == [m[:20] for m in juntas["mascara"]]


@pytest.mark.parametrize("nombre", ["mistralai/Mistral-7B-Instruct-v0.3", "google/gemma-3-1b-it"])
def test_roles_sin_alternar_dan_un_error_en_espanol(tokenizadores, nombre):
    with pytest.raises(AfinarError, match="rechaza una conversación.*alternados"):
        tokenizar_conversacion(tokenizadores[nombre], [U1, U2, A1])


def test_sin_cierre_especial_no_hay_mascara_dudosa():
    tok = crear_tokenizador_real("Qwen/Qwen2.5-0.5B-Instruct")
    tok.chat_template = (
        "{% for m in messages %}{{ m['role'] + ': ' + m['content'] + '\\n' }}{% endfor %}"
        "{% if add_generation_prompt %}{{ 'assistant: ' }}{% endif %}"
    )
    with pytest.raises(AfinarError, match="no cierra el turno del asistente"):
        tokenizar_conversacion(tok, [U1, A1])


def test_plantilla_que_repite_la_respuesta_da_error():
    tok = crear_tokenizador_real("Qwen/Qwen2.5-0.5B-Instruct")
    tok.chat_template = (
        "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}"
        "{% if m['role'] == 'assistant' %} ({{ m['content'] }}){% endif %}<|im_end|>\n"
        "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
    )
    with pytest.raises(AfinarError, match="dos veces"):
        tokenizar_conversacion(tok, [U1, A1])


def test_respuesta_sin_texto_da_error(tokenizadores):
    tok = tokenizadores["Qwen/Qwen2.5-0.5B-Instruct"]
    with pytest.raises(AfinarError, match="no tiene texto"):
        tokenizar_conversacion(tok, [U1, {"role": "assistant", "content": None}])


@pytest.mark.parametrize("nombre", NOMBRES_REALES)
def test_modelo_real_guardado_se_carga_con_transformers(tmp_path, nombre):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    modelo, tok = crear_modelo_real(nombre, carpeta=tmp_path)
    assert (tmp_path / "model.safetensors").exists()
    cargado = AutoModelForCausalLM.from_pretrained(tmp_path)
    tok2 = AutoTokenizer.from_pretrained(tmp_path)
    assert type(cargado).__name__ == type(modelo).__name__
    assert cargado.config.model_type == FICHAS[nombre].arquitectura
    assert cargado.generation_config.eos_token_id == modelo.generation_config.eos_token_id
    assert tok2.chat_template == FICHAS[nombre].plantilla
    assert cargado.config.vocab_size == len(tok2) == len(tok)
    for especial in (*FICHAS[nombre].especiales_inicio, *FICHAS[nombre].especiales_final):
        assert tok2.convert_ids_to_tokens(tok2.convert_tokens_to_ids(especial)) == especial
        assert len(tok2(especial, add_special_tokens=False)["input_ids"]) == 1


def test_plantilla_que_recorta_la_respuesta_a_su_manera_da_error():
    tok = crear_tokenizador_real("Qwen/Qwen2.5-0.5B-Instruct")
    tok.chat_template = (
        "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'][:12] }}<|im_end|>\n"
        "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
    )
    with pytest.raises(AfinarError, match="cambia o no escribe el texto"):
        tokenizar_conversacion(tok, [U1, A1])
