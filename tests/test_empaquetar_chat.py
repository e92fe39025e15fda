"""Empaquetar conversaciones sin que se vean entre sí: misma pérdida que una a una."""

from __future__ import annotations

import datasets
import pytest
import torch
from conftest import crear_modelo_diminuto

from afinar.errores import AfinarError
from afinar.preparacion import ColectorChat, empaquetar_chat

PREGUNTAS = ["¿Qué hora es?", "¿Abre la biblioteca el lunes?", "Dime un color.", "¿Y mañana?"]
RESPUESTAS = [
    "Son las cinco.",
    "Sí, abre de lunes a viernes por la mañana y cierra a las dos.",
    "Azul.",
    "Mañana también, pero solo hasta el mediodía porque es festivo en el barrio.",
]


def conversaciones():
    return datasets.Dataset.from_list(
        [
            {"messages": [{"role": "user", "content": p}, {"role": "assistant", "content": r}]}
            for p in PREGUNTAS
            for r in RESPUESTAS
        ]
    )


def perdida_total(modelo, lote) -> tuple[float, int]:
    """Suma de la entropía cruzada en los tokens con etiqueta, y cuántos son."""
    with torch.no_grad():
        logits = modelo(**lote, use_cache=False).logits
    etiquetas = lote["labels"][:, 1:]
    perdida = torch.nn.functional.cross_entropy(
        logits[:, :-1].reshape(-1, logits.shape[-1]).float(),
        etiquetas.reshape(-1),
        ignore_index=-100,
        reduction="sum",
    )
    return perdida.item(), int((etiquetas != -100).sum())


@pytest.mark.parametrize("arquitectura", ["llama", "qwen2", "gpt2"])
@pytest.mark.parametrize("atencion", ["sdpa", "eager"])
def test_empaquetadas_igual_que_una_a_una(arquitectura, atencion):
    modelo, tok = crear_modelo_diminuto(arquitectura)
    modelo.set_attn_implementation(atencion)
    modelo.eval()
    datos = conversaciones()
    filas = empaquetar_chat(datos, tok, max_length=128)
    assert len(filas) < len(datos) // 2  # de verdad comparten filas
    assert max(len(s) for s in filas["seq_lengths"]) >= 3
    lote = ColectorChat(tok.pad_token_id, multiplo=64)(list(filas))
    assert "attention_mask" not in lote and lote["input_ids"].shape[1] % 64 == 0

    sola, tokens_sola = 0.0, 0
    for ejemplo in datos:
        c = tok.apply_chat_template(
            ejemplo["messages"], tokenize=True, return_dict=True, return_assistant_tokens_mask=True
        )
        ids = torch.tensor([c["input_ids"]])
        mascara = torch.tensor([c["assistant_masks"]]).bool()
        p, n = perdida_total(modelo, {"input_ids": ids, "labels": torch.where(mascara, ids, -100)})
        sola, tokens_sola = sola + p, tokens_sola + n
    juntas, tokens_juntas = perdida_total(modelo, lote)
    assert tokens_juntas == tokens_sola  # las mismas etiquetas: solo los tokens del asistente
    # Medido: se diferencian en menos de 1e-6 (redondeo de fp32).
    assert juntas / tokens_juntas == pytest.approx(sola / tokens_sola, abs=1e-5)

    # Control: con la máscara de atención de siempre, las conversaciones de una fila se verían
    # entre sí y la pérdida cambiaría. Si esto fallara, la prueba de arriba no probaría nada.
    cruzada = {**lote, "attention_mask": (lote["labels"] != -100) | (lote["position_ids"] > 0)}
    cruzada.pop("position_ids")
    otra, _ = perdida_total(modelo, cruzada)
    assert abs(otra / tokens_juntas - sola / tokens_sola) > 1e-4  # medido: 6e-4 a 2e-3


def test_conversacion_sin_asistente_es_un_error_claro(tokenizador_diminuto):
    datos = datasets.Dataset.from_list(
        [{"messages": [{"role": "user", "content": "Hola"}, {"role": "user", "content": "¿Hay alguien?"}]}]
    )
    with pytest.raises(AfinarError, match="asistente"):
        empaquetar_chat(datos, tokenizador_diminuto, max_length=64)


def test_conversacion_larga_se_corta_en_max_length(tokenizador_diminuto, capsys):
    larga = " ".join(RESPUESTAS * 6)
    datos = datasets.Dataset.from_list(
        [{"messages": [{"role": "user", "content": "Cuenta"}, {"role": "assistant", "content": larga}]}]
    )
    filas = empaquetar_chat(datos, tokenizador_diminuto, max_length=32)
    assert [len(f) for f in filas["input_ids"]] == [32]
    assert len(filas[0]["labels"]) == 32
    assert "Aviso: 1 de 1 conversaciones pasan de max_length=32" in capsys.readouterr().out
