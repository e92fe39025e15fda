"""Medida: exportar un modelo con la forma de Qwen2.5-0.5B (pesos aleatorios, sin descargar nada).

Debe tardar menos de 5 minutos por formato en un portátil o en la máquina de pruebas, contando la
comprobación (volver a cargar el GGUF y compararlo). Imprime los tiempos y la carga de la máquina:

    make medir    (o: HF_HUB_OFFLINE=1 .venv/bin/python -m pytest tests/test_exportacion_lenta.py -m medicion -s)

No entra en `make test` (unos 6 minutos de sus 20).
"""

from __future__ import annotations

import os
import time

import pytest
from modelos_reales import crear_tokenizador_real

from afinar.exportacion import exportar

# config.json de https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct (dimensiones y RoPE)
FORMA_QWEN2_5_0_5B = dict(
    hidden_size=896, intermediate_size=4864, num_hidden_layers=24, num_attention_heads=14,
    num_key_value_heads=2, vocab_size=151936, max_position_embeddings=32768,
    rope_theta=1000000.0, rms_norm_eps=1e-6, tie_word_embeddings=True,
)


@pytest.fixture(scope="module")
def qwen_medio_millardo(tmp_path_factory):
    """Carpeta con un Qwen2 de 494 M de parámetros al azar, guardado en bf16 como el original."""
    import torch
    from transformers import AutoModelForCausalLM, Qwen2Config

    tok = crear_tokenizador_real("Qwen/Qwen2.5-0.5B-Instruct")
    config = Qwen2Config(**FORMA_QWEN2_5_0_5B, eos_token_id=tok.eos_token_id,
                         pad_token_id=tok.pad_token_id, bos_token_id=tok.pad_token_id)
    torch.manual_seed(0)
    modelo = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
    carpeta = tmp_path_factory.mktemp("qwen05") / "qwen2.5-0.5b-forma"
    modelo.save_pretrained(carpeta)
    tok.save_pretrained(carpeta)
    assert 490e6 < sum(p.numel() for p in modelo.parameters()) < 500e6
    return carpeta


@pytest.mark.medicion
@pytest.mark.parametrize("cuantizacion", ["f16", "q8_0"])
def test_exportar_medio_millardo_en_menos_de_cinco_minutos(qwen_medio_millardo, cuantizacion):
    inicio = time.monotonic()
    informe = exportar(qwen_medio_millardo, "ollama", cuantizacion=cuantizacion)
    segundos = time.monotonic() - inicio
    carga = os.getloadavg()
    print(f"\n{cuantizacion}: {segundos:.0f} s, {informe.total / 2**20:.0f} MB, carga "
          f"{carga[0]:.1f} en {os.cpu_count()} núcleos\n{informe}")
    assert segundos < 300
    modelos = informe.comprobaciones[0]
    if cuantizacion == "f16":
        assert modelos.iguales == 5 and informe.correcto
    else:
        # Con pesos al azar los dos candidatos más probables casi empatan y el ruido de q8_0 puede
        # cambiar la elección voraz (aquí: 3 de 5); la medida que importa es cuánto se mueven los
        # logits. Con modelos entrenados (bolsillo) y los diminutos, 5 de 5 (test_exportacion*).
        assert modelos.media < 0.05
    assert all(c.correcta for c in informe.comprobaciones[1:])
