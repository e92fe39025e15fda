"""cargar_modelo: bolsillo, carpetas locales, ids del Hub sin conexión, y errores que enseñan."""

from __future__ import annotations

import shutil

import pytest

from afinar.errores import AfinarError
from afinar.modelos import CATALOGO, cargar_modelo, ficha


def test_carga_una_carpeta_local(carpeta_modelo_diminuto):
    modelo, tokenizer = cargar_modelo(str(carpeta_modelo_diminuto))
    assert modelo.config.model_type == "llama"
    assert tokenizer.pad_token is not None
    assert modelo.generation_config.pad_token_id == tokenizer.pad_token_id
    assert not modelo.training


def test_carga_bolsillo():
    modelo, tokenizer = cargar_modelo("bolsillo")
    assert modelo.config.model_type == "llama"
    assert tokenizer.chat_template


def test_id_del_hub_sin_conexion(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(AfinarError) as e:
        cargar_modelo("no/existe")
    assert str(e.value).startswith(
        "El modelo «no/existe» no está descargado y no hay conexión con el Hub de Hugging Face."
    )
    assert "hf download no/existe" in str(e.value)


def test_ruta_que_no_existe():
    with pytest.raises(AfinarError, match="No existe la carpeta de modelo «ruta/que/no/existe»"):
        cargar_modelo("ruta/que/no/existe")


def test_carpeta_sin_config(tmp_path):
    (tmp_path / "pesos.txt").write_text("nada")
    with pytest.raises(AfinarError, match="no tiene config.json"):
        cargar_modelo(str(tmp_path))


def test_safetensors_truncado(carpeta_modelo_diminuto, tmp_path):
    copia = tmp_path / "roto"
    shutil.copytree(carpeta_modelo_diminuto, copia)
    pesos = copia / "model.safetensors"
    datos = pesos.read_bytes()
    pesos.write_bytes(datos[: len(datos) // 2])
    with pytest.raises(AfinarError, match="están dañados o incompletos"):
        cargar_modelo(str(copia))


def test_catalogo_tiene_los_predeterminados_sin_restriccion():
    ids = {m.id for m in CATALOGO if m.predeterminado}
    assert {"Qwen/Qwen2.5-0.5B-Instruct", "BSC-LT/salamandra-2b-instruct",
            "PlanTL-GOB-ES/gpt2-base-bne"} <= ids
    assert not any(m.restringido for m in CATALOGO if m.predeterminado)
    assert ficha("qwen/qwen2.5-0.5b-instruct").licencia == "Apache-2.0"
    assert all(m.licencia and m.espanol and m.cpu for m in CATALOGO)


def test_tabla_catalogo_dice_lo_que_cabe_en_una_t4_con_la_estimacion():
    from afinar.entorno import Hardware
    from afinar.modelos import tabla_catalogo

    portatil = Hardware(colab=False, dispositivo="cpu", gpu=None, memoria_gpu_gb=None,
                        capacidad=None, bf16=False, fp16=False, memoria_ram_gb=8.0, nucleos=4)
    tabla = tabla_catalogo(portatil).set_index("modelo")
    assert tabla.loc["bolsillo", "T4: completo"] == "sí"
    assert tabla.loc["bolsillo", "cabe aquí"] == "generar, LoRA, completo"
    assert tabla.loc["Qwen/Qwen2.5-0.5B-Instruct", "T4: LoRA"] == "sí"
    # 1544 M de parámetros × 16 bytes (pesos fp32, gradientes y Adam) ya son 25 GB: completo
    # no cabe en los 15 GB de la T4; con LoRA cabe si se recalculan activaciones.
    assert tabla.loc["Qwen/Qwen2.5-1.5B-Instruct", "T4: completo"] == "no"
    assert tabla.loc["Qwen/Qwen2.5-1.5B-Instruct", "T4: LoRA"] == "sí, más lento (checkpointing)"
    assert "completo" not in tabla.loc["Qwen/Qwen2.5-1.5B-Instruct", "cabe aquí"]
