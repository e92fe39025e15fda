"""estimar_memoria: la cuenta contra el pico de memoria medido en CPU, y su aritmética."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from afinar.errores import AfinarError
from afinar.modelos.memoria import MEMORIA_T4_GB, estimar_memoria

# Tres tamaños de Llama con pesos aleatorios (1,8 M, 15,6 M y 42,1 M de parámetros).
TAMANOS = [
    dict(hidden_size=128, intermediate_size=352, num_hidden_layers=4, num_attention_heads=4,
         num_key_value_heads=4, vocab_size=8000),
    dict(hidden_size=384, intermediate_size=1024, num_hidden_layers=6, num_attention_heads=6,
         num_key_value_heads=2, vocab_size=16000),
    dict(hidden_size=576, intermediate_size=1536, num_hidden_layers=8, num_attention_heads=9,
         num_key_value_heads=3, vocab_size=24000),
]
LOTE, LARGO = 4, 128

# Entrena 2 pasos completos en fp32 (AdamW) y devuelve el pico de memoria residente del proceso.
MEDIR = """
import json, sys
import torch
from transformers import AutoModelForCausalLM, LlamaConfig
torch.set_num_threads(1)
torch.manual_seed(0)
ajustes = json.loads(sys.argv[1])
lote, largo = ajustes.pop("lote"), ajustes.pop("largo")
modelo = AutoModelForCausalLM.from_config(
    LlamaConfig(**ajustes, tie_word_embeddings=True), attn_implementation="sdpa")
x = torch.randint(0, ajustes["vocab_size"], (lote, largo))
optimizador = torch.optim.AdamW(modelo.parameters(), lr=1e-4)
for _ in range(2):
    perdida = modelo(input_ids=x, labels=x).loss
    perdida.backward()
    optimizador.step()
    optimizador.zero_grad()
# VmHWM es el pico de ESTE proceso. ru_maxrss no sirve: Linux lo hereda a través de exec, así que
# valdría como mínimo lo que ocupaba pytest al lanzar el subproceso.
with open("/proc/self/status") as f:
    pico_kb = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
print(json.dumps({"pico_gb": pico_kb / 1024**2}))
"""


def _config(ajustes):
    from transformers import LlamaConfig

    return LlamaConfig(**ajustes, tie_word_embeddings=True)


@pytest.fixture(scope="module")
def picos_medidos():
    """Los tres tamaños medidos a la vez, cada uno en su proceso (pico de RSS propio)."""
    procesos = [
        subprocess.Popen(
            [sys.executable, "-c", MEDIR, json.dumps({**a, "lote": LOTE, "largo": LARGO})],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for a in TAMANOS
    ]
    picos = []
    for proceso in procesos:
        salida, errores = proceso.communicate(timeout=300)
        assert proceso.returncode == 0, errores[-2000:]
        picos.append(json.loads(salida.strip().splitlines()[-1])["pico_gb"])
    return picos


@pytest.mark.parametrize("indice", range(len(TAMANOS)))
def test_estimacion_cerca_del_pico_medido_en_cpu(picos_medidos, indice):
    estimado = estimar_memoria(
        _config(TAMANOS[indice]), "completo", lote=LOTE, max_length=LARGO, precision="fp32",
        dispositivo="cpu",
    ).total_gb
    medido = picos_medidos[indice]
    assert abs(estimado - medido) / medido <= 0.25, (estimado, medido)


def test_los_tamanos_medidos_crecen_con_el_modelo(picos_medidos):
    # Si la medida no viera el modelo (solo el runtime), la comprobación anterior no valdría.
    assert picos_medidos[0] < picos_medidos[1] < picos_medidos[2]
    assert picos_medidos[2] - picos_medidos[0] > 0.5


def test_parametros_de_una_config_igual_que_el_modelo():
    from transformers import AutoModelForCausalLM

    modelo = AutoModelForCausalLM.from_config(_config(TAMANOS[1]))
    desde_modelo = estimar_memoria(modelo, "completo", dispositivo="cpu")
    desde_config = estimar_memoria(_config(TAMANOS[1]), "completo", dispositivo="cpu")
    assert desde_config.parametros == desde_modelo.parametros
    assert desde_config.total_gb == pytest.approx(desde_modelo.total_gb)


@pytest.mark.parametrize("modelo", ["Qwen/Qwen2.5-0.5B-Instruct", "HuggingFaceTB/SmolLM2-135M-Instruct",
                                    "PlanTL-GOB-ES/gpt2-base-bne"])
def test_orden_de_los_metodos(modelo):
    comunes = dict(lote=4, max_length=256, precision="fp16", dispositivo="cuda")
    completo = estimar_memoria(modelo, "completo", **comunes)
    lora = estimar_memoria(modelo, "lora", **comunes)
    qlora = estimar_memoria(modelo, "qlora", **comunes)
    inferencia = estimar_memoria(modelo, "inferencia", **comunes)
    assert inferencia.total_gb < qlora.total_gb < lora.total_gb < completo.total_gb
    assert qlora.pesos_gb < lora.pesos_gb < completo.pesos_gb
    assert lora.entrenables < completo.entrenables == completo.parametros
    assert inferencia.gradientes_gb == inferencia.optimizador_gb == 0


def test_desglose_de_adam_en_fp32():
    estimacion = estimar_memoria(_config(TAMANOS[0]), "completo", precision="fp32",
                                 dispositivo="cpu")
    n = estimacion.parametros
    assert estimacion.pesos_gb * 1024**3 == pytest.approx(4 * n)
    assert estimacion.gradientes_gb * 1024**3 == pytest.approx(4 * n)
    assert estimacion.optimizador_gb * 1024**3 == pytest.approx(8 * n)


def test_mas_lote_y_mas_largo_cuestan_mas_y_checkpointing_ahorra():
    base = dict(precision="fp16", dispositivo="cuda")
    pequeno = estimar_memoria("Qwen/Qwen2.5-0.5B-Instruct", "lora", lote=2, max_length=256, **base)
    grande = estimar_memoria("Qwen/Qwen2.5-0.5B-Instruct", "lora", lote=8, max_length=512, **base)
    ahorro = estimar_memoria("Qwen/Qwen2.5-0.5B-Instruct", "lora", lote=8, max_length=512,
                             gradient_checkpointing=True, **base)
    assert pequeno.activaciones_gb < grande.activaciones_gb
    assert ahorro.activaciones_gb < grande.activaciones_gb


def test_t4_qwen_pequeno_lora_cabe_y_salamandra_completo_no():
    assert estimar_memoria("Qwen/Qwen2.5-0.5B-Instruct", "lora", lote=4, max_length=512).cabe_t4
    assert not estimar_memoria("BSC-LT/salamandra-2b-instruct", "completo").cabe_t4
    assert estimar_memoria("bolsillo", "completo").total_t4_gb < MEMORIA_T4_GB


def test_acepta_carpeta_local(carpeta_modelo_diminuto):
    estimacion = estimar_memoria(str(carpeta_modelo_diminuto), "lora", dispositivo="cpu")
    assert estimacion.parametros > 0
    assert estimacion.metodo == "lora"


def test_texto_y_html_en_espanol():
    estimacion = estimar_memoria("Qwen/Qwen2.5-0.5B-Instruct", "lora", lote=4)
    texto = str(estimacion)
    for palabra in ("pesos", "gradientes", "optimizador", "activaciones", "T4", "total"):
        assert palabra in texto
    assert "<table>" in estimacion._repr_html_()


def test_qlora_sin_cuda_no_cabe_aqui():
    estimacion = estimar_memoria("Qwen/Qwen2.5-0.5B-Instruct", "qlora", dispositivo="cpu")
    assert estimacion.cabe_aqui is False
    assert "QLoRA necesita una GPU CUDA" in str(estimacion)


def test_errores_en_espanol():
    with pytest.raises(AfinarError, match="El método «entero» no existe"):
        estimar_memoria("bolsillo", "entero")
    with pytest.raises(AfinarError, match="No sé cuánta memoria necesita «nadie/no-existe»"):
        estimar_memoria("nadie/no-existe")
    with pytest.raises(AfinarError, match="lote=0 no vale"):
        estimar_memoria("bolsillo", lote=0)


def test_chat_en_gpu_no_cuenta_los_logits_completos():
    # El SFTTrainer de TRL calcula la pérdida a trozos en GPU: con el vocabulario de Qwen
    # (151 936) y lote 8 × 512, los logits completos serían unos 7 GB.
    comunes = dict(lote=8, max_length=512, precision="fp16", dispositivo="cuda")
    chat = estimar_memoria("Qwen/Qwen2.5-0.5B-Instruct", "lora", datos="chat", **comunes)
    texto = estimar_memoria("Qwen/Qwen2.5-0.5B-Instruct", "lora", datos="texto", **comunes)
    assert texto.activaciones_gb - chat.activaciones_gb > 6
    assert chat.cabe_t4 and not texto.cabe_t4
    # En CPU, afinar usa la pérdida de siempre en los dos casos: la misma estimación.
    cpu = dict(comunes, precision="fp32", dispositivo="cpu")
    assert (estimar_memoria("Qwen/Qwen2.5-0.5B-Instruct", "lora", datos="chat", **cpu).total_gb
            == estimar_memoria("Qwen/Qwen2.5-0.5B-Instruct", "lora", datos="texto", **cpu).total_gb)
    with pytest.raises(AfinarError, match="datos"):
        estimar_memoria("bolsillo", "lora", datos="imagenes")
