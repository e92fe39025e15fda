"""El camino entero con la plantilla de chat de cada modelo real (issue 14): perplejidad,
entrenar completo y con LoRA, reanudar, comparar, generar, y el modelo guardado se carga con
transformers a secas y para en su fin de turno.

Los modelos son diminutos y aleatorios, pero con la plantilla, los tokens especiales y el
generation_config exactos de cada modelo (tests/modelos_reales.py).
"""

from __future__ import annotations

import datasets
import pytest
import torch
from modelos_reales import NOMBRES_CHAT, NOMBRES_CHAT_DISTINTOS, crear_modelo_real
from transformers import AutoModelForCausalLM, AutoTokenizer

import afinar
from afinar.entrenamiento.chat import empaquetar_chat
from afinar.evaluacion.metricas import _ejemplos_tokenizados
from afinar.generacion.plantillas import entrada_de_chat, fin_de_turno

pytestmark = pytest.mark.lento

PREGUNTAS = ["¿Qué lleva la tortilla?", "¿Cuánto dura el viaje?", "¿Abre la biblioteca hoy?",
             "¿Dónde está la plaza?", "¿Qué tiempo hará mañana?", "¿Cómo se hace el pan?"]


def _conversaciones(n: int) -> datasets.Dataset:
    """Siempre la misma respuesta corta: el modelo diminuto la aprende en pocos pasos, y con
    ella dónde termina su turno."""
    filas = []
    for i in range(n):
        mensajes = [{"role": "user", "content": PREGUNTAS[i % len(PREGUNTAS)]},
                    {"role": "assistant", "content": "Sí, claro."}]
        if i % 3 == 0:
            mensajes.insert(0, {"role": "system", "content": "Responde en español."})
        filas.append({"messages": mensajes})
    return datasets.Dataset.from_list(filas)


def _receta(carpeta, **cambios):
    base = dict(salida=str(carpeta), pasos=30, tasa_aprendizaje=1e-2, lote=4, max_length=512,
                evaluar_cada=10, paciencia=0, semilla=0)
    return afinar.Receta(**{**base, **cambios})


@pytest.mark.parametrize("nombre", NOMBRES_CHAT)
def test_entrenar_y_perplejidad_marcan_los_mismos_tokens(nombre):
    _, tok = crear_modelo_real(nombre)
    conversacion = _conversaciones(4).select([3])  # con sistema: la del índice 3 no lo lleva
    empaquetado = empaquetar_chat(conversacion, tok, 512)
    ids, etiquetas = _ejemplos_tokenizados(tok, conversacion, 512)[0]
    assert empaquetado[0]["input_ids"] == ids
    # El colector pone -100 en la primera posición de cada conversación; el resto, igual.
    assert empaquetado[0]["labels"][1:] == etiquetas[1:]
    marcados = [i for i, e in zip(ids, etiquetas, strict=True) if e != -100]
    # Mistral escribe un espacio antes de la respuesta: en su tokenizador va pegado a «Sí».
    assert tok.decode(marcados).lstrip().startswith("Sí, claro.")
    assert marcados[-1] == fin_de_turno(tok)[0]


@pytest.mark.parametrize("nombre", NOMBRES_CHAT_DISTINTOS)
def test_camino_completo_con_la_plantilla_real(nombre, tmp_path):
    modelo, tok = crear_modelo_real(nombre)
    partes = afinar.dividir(_conversaciones(24), validacion=4, semilla=0)
    antes = afinar.perplejidad(modelo, tok, partes["validation"])
    assert antes > 1

    # Completo: aprende (la pérdida de validación baja) y se reanuda desde un punto de control.
    corto = afinar.entrenar(modelo, tok, partes, _receta(tmp_path / "completo", pasos=20))
    assert (tmp_path / "completo" / "checkpoint-20").is_dir()
    r = afinar.entrenar(corto.modelo, tok, partes, _receta(tmp_path / "completo", pasos=40),
                        reanudar=True)
    assert r.metricas["pasos"] == 40
    despues = afinar.perplejidad(r.modelo, tok, partes["validation"])
    assert despues < antes / 2, (antes, despues)

    # LoRA sobre una copia nueva del modelo base: entrena el adaptador y lo fusiona.
    base, _ = crear_modelo_real(nombre)
    lora = afinar.entrenar(base, tok, partes, _receta(tmp_path / "lora", metodo="lora", pasos=6))
    assert (tmp_path / "lora" / "adaptador" / "adapter_model.safetensors").is_file()

    comparacion = afinar.comparar(crear_modelo_real(nombre)[0], r.modelo, partes["validation"],
                                  tokenizer=tok, max_new_tokens=12)
    assert comparacion.resumen["ejemplos"] == 4
    assert "Sí, claro." in afinar.generar(r.modelo, tok, [{"role": "user",
                                                           "content": PREGUNTAS[0]}])
    assert lora.carpeta.is_dir()

    # El modelo guardado se carga con transformers a secas y para en su fin de turno.
    cargado = AutoModelForCausalLM.from_pretrained(r.carpeta)
    tok_cargado = AutoTokenizer.from_pretrained(r.carpeta)
    assert tok_cargado.chat_template == tok.chat_template
    entrada = torch.tensor([entrada_de_chat(tok_cargado, [{"role": "user",
                                                           "content": PREGUNTAS[1]}])])
    salida = cargado.generate(entrada, attention_mask=torch.ones_like(entrada),
                              max_new_tokens=40, do_sample=False)[0, entrada.shape[1]:]
    assert len(salida) < 40, tok.decode(salida)  # no sigue escribiendo turnos inventados
    assert int(salida[-1]) in fin_de_turno(tok_cargado, cargado.generation_config)
    assert tok.decode(salida, skip_special_tokens=True).strip() == "Sí, claro."
