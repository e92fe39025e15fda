"""Empaquetar conversaciones sin que se vean entre sí: misma pérdida que una a una."""

from __future__ import annotations

import datasets
import pytest
import torch
from conftest import crear_modelo_diminuto

from afinar.entrenamiento.chat import ColectorChat, empaquetar_chat
from afinar.errores import AfinarError

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


def test_conversacion_que_pierde_la_respuesta_entera_se_deja_fuera(tokenizador_diminuto, capsys):
    """Si el corte en max_length se lleva toda la respuesta, la conversación no enseña nada:
    se deja fuera y se dice; si les pasa a todas, un error que dice qué subir (antes, TRL las
    quitaba sin decir nada y el entrenamiento se rompía con un error de torch)."""
    larga = " ".join(RESPUESTAS * 6)

    def conversacion(pregunta):
        return {"messages": [{"role": "user", "content": pregunta},
                             {"role": "assistant", "content": "Sí."}]}

    datos = datasets.DatasetDict(
        train=datasets.Dataset.from_list([conversacion(larga), conversacion("¿Vienes?")]),
        validation=datasets.Dataset.from_list([conversacion("¿Y tú?")]),
    )
    filas = empaquetar_chat(datos, tokenizador_diminuto, max_length=32)
    assert [len(s) for s in filas["train"]["seq_lengths"]] == [1]  # solo queda la corta
    assert any(e != -100 for e in filas["train"][0]["labels"])
    assert len(filas["validation"]) == 1
    assert ("Aviso: 1 de 2 conversaciones de entrenamiento pasan de max_length=32"
            in (salida := capsys.readouterr().out))
    assert "En 1 no queda nada de la respuesta y las dejo fuera." in salida

    datos["train"] = datos["train"].select([0])
    with pytest.raises(AfinarError, match=r"La única conversación de entrenamiento pierde la "
                       r"respuesta entera .*max_length=32.*Sube max_length"):
        empaquetar_chat(datos, tokenizador_diminuto, max_length=32)


@pytest.mark.parametrize("arquitectura", ["llama", "qwen2", "gpt2"])
def test_logits_solo_donde_hay_etiqueta_misma_perdida_y_gradientes(arquitectura):
    """En CPU, afinar calcula la capa final solo en las posiciones cuyo token siguiente tiene
    etiqueta (`entrenar.perdida_en_etiquetas`): la pérdida y los gradientes deben ser los
    mismos que con la cuenta del modelo, que calcula los logits de todas las posiciones."""
    import transformers

    from afinar.entrenamiento.entrenadores import (
        MULTIPLO_CPU,
        mascara_de_logits_admitida,
        perdida_en_etiquetas,
    )

    modelo, tok = crear_modelo_diminuto(arquitectura)
    modelo.eval()  # sin dropout (GPT-2 lo tiene): las dos cuentas ven la misma red
    # transformers < 5.16 (la cota inferior, y Colab) no recorta con una máscara: allí afinar usa
    # la cuenta de siempre (test_entrenar comprueba que entrena igual) y no hay nada que comparar.
    admitida = hasattr(transformers.modeling_utils, "slice_logits_to_keep")
    assert mascara_de_logits_admitida(type(modelo)) is admitida
    assert not mascara_de_logits_admitida(torch.nn.Linear)  # sin slice_logits_to_keep: no
    if not admitida:
        return
    lote = ColectorChat(tok.pad_token_id, multiplo=64)(list(empaquetar_chat(conversaciones(), tok, 128)))
    con_etiqueta = int((lote["labels"][:, 1:] != -100).sum())
    filas_en_la_cabeza = []
    modelo.get_output_embeddings().register_forward_hook(
        lambda capa, entrada, salida: filas_en_la_cabeza.append(entrada[0].shape[:-1].numel())
    )

    def gradientes(perdida):
        modelo.zero_grad()
        perdida.backward()
        return [p.grad.clone() for p in modelo.parameters()]

    # Sin num_items_in_batch (media del lote) y con él (el total de un paso con acumulación).
    for num_items in (None, torch.tensor(3 * con_etiqueta)):
        filas_en_la_cabeza.clear()
        referencia = modelo(**lote, use_cache=False, num_items_in_batch=num_items).loss
        esperados = gradientes(referencia)
        perdida, salida = perdida_en_etiquetas(modelo, {**lote, "use_cache": False}, num_items)
        obtenidos = gradientes(perdida)
        assert perdida.item() == pytest.approx(referencia.item(), rel=1e-5)
        for obtenido, esperado in zip(obtenidos, esperados, strict=True):
            torch.testing.assert_close(obtenido, esperado, rtol=1e-4, atol=1e-6)
        # Las posiciones con etiqueta, completadas hasta un múltiplo de 64 (pocas formas).
        calculadas = -(-con_etiqueta // MULTIPLO_CPU) * MULTIPLO_CPU
        assert salida.logits.shape == (calculadas, modelo.config.vocab_size)
        assert filas_en_la_cabeza == [lote["input_ids"].numel(), calculadas]
    assert calculadas < 0.7 * lote["input_ids"].numel()  # de verdad se ahorra algo
