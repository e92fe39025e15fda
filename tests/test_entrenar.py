"""Pruebas de afinar.entrenar: aprende (la pérdida baja, los pesos cambian), guarda y reanuda."""

from __future__ import annotations

import json
import typing
from dataclasses import fields

import datasets
import pytest
import torch
from conftest import FRASES, crear_modelo_diminuto
from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback

from afinar.entrenamiento import Receta, entrenar
from afinar.errores import AfinarError
from afinar.recursos import datos_ejemplo


def datos_chat(n=40):
    filas = [json.loads(linea) for linea in datos_ejemplo("recetas").read_text().splitlines()]
    return datasets.Dataset.from_list(filas[:n])


def datos_texto(repeticiones=6):
    return datasets.Dataset.from_dict({"texto": FRASES * repeticiones})


def receta_rapida(tmp_path, **cambios):
    base = dict(
        pasos=12, lote=4, max_length=128, evaluar_cada=6, paciencia=0, salida=str(tmp_path / "s")
    )
    return Receta(**{**base, **cambios})


def copia_pesos(modelo):
    return {n: p.detach().clone() for n, p in modelo.named_parameters()}


def perdidas_validacion(resultado):
    return [f["perdida_validacion"] for f in resultado.historial if "perdida_validacion" in f]


def test_completo_en_chat_aprende_y_guarda(tmp_path, capsys):
    modelo, tok = crear_modelo_diminuto("llama")
    antes = copia_pesos(modelo)
    r = entrenar(modelo, tok, datos_chat(), receta_rapida(tmp_path, metodo="completo"))
    perdidas = perdidas_validacion(r)
    assert perdidas[0] > perdidas[-1] + 0.05, perdidas  # la primera es el modelo sin afinar
    assert any(not torch.equal(antes[n], p) for n, p in r.modelo.named_parameters())
    assert r.metricas["pasos"] == 12 and r.metricas["tipo"] == "chat"
    metricas = json.loads((r.salida / "metricas.json").read_text())
    assert metricas["tokens_por_segundo"] > 0 and metricas["pico_memoria_mb"] > 0
    cargado = AutoModelForCausalLM.from_pretrained(r.carpeta)
    assert AutoTokenizer.from_pretrained(r.carpeta).chat_template == tok.chat_template
    for n, p in cargado.named_parameters():
        torch.testing.assert_close(p, r.modelo.state_dict()[n])
    salida = capsys.readouterr().out
    assert "Método: completo" in salida and "Precisión:" in salida and "validación" in salida


def test_lora_en_texto_aprende_y_fusiona_igual(tmp_path):
    from peft import PeftModel

    modelo, tok = crear_modelo_diminuto("qwen2")
    receta = receta_rapida(tmp_path, metodo="lora", max_length=32, pasos=16, evaluar_cada=8)
    r = entrenar(modelo, tok, datos_texto(), receta)
    perdidas = perdidas_validacion(r)
    assert perdidas[0] > perdidas[-1] + 0.03, perdidas
    assert r.adaptador is not None and (r.adaptador / "adapter_config.json").exists()
    # El adaptador sobre el modelo base y el modelo fusionado dicen lo mismo.
    base, _ = crear_modelo_diminuto("qwen2")
    con_adaptador = PeftModel.from_pretrained(base, r.adaptador).eval()
    fusionado = AutoModelForCausalLM.from_pretrained(r.carpeta).eval()
    entrada = tok("El niño comió", return_tensors="pt")
    opciones = dict(max_new_tokens=12, do_sample=False, pad_token_id=tok.pad_token_id)
    uno = con_adaptador.generate(**entrada, **opciones)
    otro = fusionado.generate(**entrada, **opciones)
    assert torch.equal(uno, otro)
    sin_afinar = crear_modelo_diminuto("qwen2")[0].state_dict()
    assert any(not torch.equal(p, sin_afinar[n]) for n, p in fusionado.named_parameters())


class _Cortar(TrainerCallback):
    """Simula una desconexión: para el entrenamiento en un paso dado."""

    def __init__(self, paso):
        self.paso = paso

    def on_step_end(self, args, state, control, **kwargs):
        if state.global_step == self.paso:
            control.should_training_stop = True


def test_reanudar_termina_igual_que_sin_cortes(tmp_path, capsys):
    datos = datos_chat(24)
    receta = dict(pasos=8, evaluar_cada=4, metodo="completo")
    seguido = entrenar(*crear_modelo_diminuto("llama"), datos, receta_rapida(tmp_path, **receta))
    cortado = receta_rapida(tmp_path / "b", **receta)
    parcial = entrenar(*crear_modelo_diminuto("llama"), datos, cortado, callbacks=[_Cortar(4)])
    assert parcial.metricas["pasos"] == 4
    capsys.readouterr()
    r = entrenar(*crear_modelo_diminuto("llama"), datos, cortado, reanudar=True)
    assert "Reanudo desde checkpoint-4" in capsys.readouterr().out
    assert r.metricas["pasos"] == 8
    assert min(f["paso"] for f in r.historial if "perdida" in f) > 4  # no repitió pasos
    # Reanudar un entrenamiento ya terminado no entrena más: carga el modelo final.
    otra = entrenar(*crear_modelo_diminuto("llama"), datos, cortado, reanudar=True)
    assert "ya había terminado (8 de 8 pasos)" in capsys.readouterr().out
    assert otra.metricas["pasos"] == 8
    for n, p in otra.modelo.named_parameters():
        torch.testing.assert_close(p, r.modelo.state_dict()[n])
    for n, p in r.modelo.named_parameters():
        torch.testing.assert_close(p, seguido.modelo.state_dict()[n], rtol=1e-4, atol=1e-5)


def _sin_rastro(tmp_path):
    return not (tmp_path / "s").exists()


def test_datos_sin_filas_utiles(tmp_path):
    vacios = datasets.Dataset.from_dict({"texto": ["", "   ", ""]})
    with pytest.raises(AfinarError, match="no tienen ninguna fila útil: las 3 filas"):
        entrenar(*crear_modelo_diminuto("llama"), vacios, receta_rapida(tmp_path))
    assert _sin_rastro(tmp_path)


def test_max_length_menor_que_la_plantilla(tmp_path):
    with pytest.raises(AfinarError, match=r"max_length=4 no deja sitio.*plantilla de chat"):
        entrenar(
            *crear_modelo_diminuto("llama"), datos_chat(8), receta_rapida(tmp_path, max_length=4)
        )
    assert _sin_rastro(tmp_path)


def test_max_length_que_corta_todas_las_respuestas(tmp_path):
    pregunta = " ".join(FRASES[:6])  # unos 90 tokens: con max_length=64 no llega la respuesta
    conversacion = [{"role": "user", "content": pregunta}, {"role": "assistant", "content": "Sí."}]
    datos = datasets.Dataset.from_list([{"messages": conversacion}] * 8)
    with pytest.raises(AfinarError, match=r"Las 7 conversaciones de entrenamiento pierden la "
                       r"respuesta entera al cortar a max_length=64.*Sube max_length"):
        entrenar(*crear_modelo_diminuto("llama"), datos, receta_rapida(tmp_path, max_length=64))
    assert _sin_rastro(tmp_path)


def test_salida_sin_permiso_de_escritura():
    # /sys no admite escritura ni siquiera para root: sirve en cualquier máquina Linux.
    receta = Receta(pasos=2, salida="/sys/afinar-prueba/salida")
    with pytest.raises(AfinarError, match="No puedo escribir en la carpeta de salida"):
        entrenar(*crear_modelo_diminuto("llama"), datos_texto(), receta)


def test_modulo_lora_que_no_existe(tmp_path):
    receta = receta_rapida(tmp_path, metodo="lora", lora_modulos=["c_attn"])
    with pytest.raises(AfinarError, match=r"no tiene el módulo c_attn para LoRA.*q_proj"):
        entrenar(*crear_modelo_diminuto("llama"), datos_texto(), receta)
    assert _sin_rastro(tmp_path)


def test_qlora_sin_gpu(tmp_path):
    with pytest.raises(AfinarError, match="QLoRA necesita una GPU CUDA"):
        entrenar(
            *crear_modelo_diminuto("llama"), datos_texto(), receta_rapida(tmp_path, metodo="qlora")
        )
    assert _sin_rastro(tmp_path)


def test_perdida_nan_para_con_explicacion(tmp_path):
    receta = receta_rapida(tmp_path, metodo="completo", tasa_aprendizaje=1e30, precision="fp32")
    with pytest.raises(AfinarError, match=r"La pérdida se volvió nan.*tasa de aprendizaje"):
        entrenar(*crear_modelo_diminuto("llama"), datos_texto(), receta)


def test_sin_memoria_reintenta_con_lote_menor(tmp_path, monkeypatch, capsys):
    import transformers

    original = transformers.Trainer.train
    llamadas = []

    def train_que_falla(self, *args, **kwargs):
        llamadas.append(self.args.per_device_train_batch_size)
        if len(llamadas) == 1:
            raise torch.OutOfMemoryError("CUDA out of memory")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(transformers.Trainer, "train", train_que_falla)
    receta = receta_rapida(tmp_path, pasos=2, lote=4, acumulacion=1, max_length=256)
    r = entrenar(*crear_modelo_diminuto("llama"), datos_chat(16), receta)
    assert llamadas == [4, 2]
    assert (r.metricas["lote"], r.metricas["acumulacion"]) == (2, 2)
    assert "reintento con lote 2 y acumulación 2 (el lote efectivo sigue siendo 4)" in (
        capsys.readouterr().out
    )


def test_texto_empaquetado_ve_tantos_tokens_por_paso_como_lote_textos(tmp_path, capsys):
    # Bloques de 64 tokens y textos de unos 16: un paso con lote 8 debe juntar 2 bloques, no 8.
    receta = receta_rapida(tmp_path, pasos=2, lote=8, max_length=64, evaluar_cada=2)
    tok = crear_modelo_diminuto("llama")[1]
    media = sum(len(tok(f + tok.eos_token)["input_ids"]) for f in FRASES) / len(FRASES)
    r = entrenar(*crear_modelo_diminuto("llama"), datos_texto(), receta)
    bloques = r.metricas["lote"]
    assert bloques < 8
    assert abs(bloques * 64 - 8 * media) <= 64  # tokens por paso ≈ los de 8 textos (± 1 bloque)
    assert f"{bloques} fila(s) por paso" in capsys.readouterr().out


def test_aviso_si_hay_pocos_datos_para_tantos_pasos(tmp_path, capsys):
    pocos = datasets.Dataset.from_dict({"texto": FRASES})
    receta = receta_rapida(tmp_path, pasos=24, lote=8, max_length=16, evaluar_cada=24)
    entrenar(*crear_modelo_diminuto("llama"), pocos, receta)
    salida = capsys.readouterr().out
    assert "24 pasos y lote efectivo 8 fila(s), cada ejemplo se verá unas" in salida


def test_receta_se_puede_convertir_en_opciones_de_linea_de_comandos():
    tipos = {str, int, float, bool, list[str]}
    pistas = typing.get_type_hints(Receta)
    for campo in fields(Receta):
        assert campo.metadata.get("help"), campo.name
        assert pistas[campo.name] in tipos, campo.name
    with pytest.raises(AfinarError, match="El método «rapido» no existe"):
        Receta(metodo="rapido")


def test_subir_al_hub_sin_conexion_lo_dice(tmp_path, monkeypatch):
    from afinar.entrenamiento import subir_al_hub

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(AfinarError, match="No hay conexión con el Hub: no puedo subir"):
        subir_al_hub(tmp_path, "alguien/modelo")



def test_chat_con_tokenizador_sin_token_de_relleno(tmp_path):
    modelo, tok = crear_modelo_diminuto("llama")
    tok.pad_token = None  # como muchos modelos base: el relleno será el token de fin
    r = entrenar(modelo, tok, datos_chat(20), receta_rapida(tmp_path, pasos=2, evaluar_cada=2))
    assert r.metricas["pasos"] == 2 and tok.pad_token == tok.eos_token


def test_gradient_checkpointing_solo_si_la_estimacion_no_cabe():
    from afinar.entorno import Hardware
    from afinar.entrenamiento.decision import decidir
    from afinar.modelos.memoria import estimar_memoria

    modelo, _ = crear_modelo_diminuto("llama")
    receta = Receta(metodo="completo", precision="fp32", lote=8, max_length=512)
    necesita = estimar_memoria(
        modelo, "completo", lote=8, max_length=512, precision="fp32", dispositivo="cpu"
    ).total_gb

    def cpu(ram_gb):
        return Hardware(colab=False, dispositivo="cpu", gpu=None, memoria_gpu_gb=None,
                        capacidad=None, bf16=False, fp16=False, memoria_ram_gb=ram_gb, nucleos=2)

    holgada = decidir(receta, modelo, cpu(necesita / 0.7))
    justa = decidir(receta, modelo, cpu(necesita / 0.9))
    assert not holgada.gradient_checkpointing
    assert justa.gradient_checkpointing
    assert any("Gradient checkpointing activado" in linea for linea in justa.explicacion)


def test_los_avisos_internos_no_llegan_a_quien_aprende(tmp_path):
    """transformers 5.0–5.3 (la cota inferior de pyproject) avisa en cada entrenamiento al
    contar los tokens vistos, y el cuaderno 3 lo mostraba; PEFT avisa al crear el modelo LoRA.
    Aquí un callback los emite como lo hacen ellos, junto a otro aviso que sí debe llegar."""
    import warnings

    class Avisador(TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            for mensaje, tipo, modulo in (
                ("To copy construct from a tensor, it is recommended to use "
                 "sourceTensor.detach().clone()", UserWarning, "transformers.trainer"),
                ("`is_gradient_checkpointing` is deprecated", FutureWarning, "peft.peft_model"),
                ("Otro aviso que sí importa", UserWarning, "transformers.trainer"),
            ):
                warnings.warn_explicit(mensaje, tipo, modulo.replace(".", "/") + ".py", 1,
                                       module=modulo, registry={})

    modelo, tok = crear_modelo_diminuto("llama")
    with warnings.catch_warnings(record=True) as vistos:
        entrenar(modelo, tok, datos_chat(20), receta_rapida(tmp_path, pasos=2, evaluar_cada=2),
                 callbacks=[Avisador()])
    mensajes = {str(v.message) for v in vistos}
    assert "Otro aviso que sí importa" in mensajes
    assert not any(m.startswith("To copy construct") for m in mensajes), mensajes
    assert not any("is_gradient_checkpointing" in m for m in mensajes), mensajes


def test_en_cpu_la_capa_final_solo_calcula_las_respuestas(tmp_path):
    """Con preguntas largas y respuestas cortas, la capa final (la más cara con vocabularios
    grandes) solo debe calcular las posiciones que predicen la respuesta, al entrenar y al
    evaluar; y el entrenamiento debe aprender igual."""
    pregunta = " ".join(FRASES[:6])
    datos = datasets.Dataset.from_list(
        [
            {"messages": [{"role": "user", "content": f"{pregunta} ¿Cuántas frases van? {i}"},
                          {"role": "assistant", "content": "Seis." if i % 2 else "Siete."}]}
            for i in range(24)
        ]
    )
    vistas = []  # (filas que llegan a la capa final, tokens de la entrada), en cada pasada

    class Contador(TrainerCallback):
        def on_train_begin(self, args, state, control, model=None, **kwargs):
            self.ganchos = [
                model.register_forward_pre_hook(
                    lambda m, a, k: vistas.append([None, k["input_ids"].numel()]), with_kwargs=True
                ),
                model.get_output_embeddings().register_forward_hook(
                    lambda m, entrada, s: vistas[-1].__setitem__(0, entrada[0].shape[:-1].numel())
                ),
            ]

        def on_train_end(self, args, state, control, **kwargs):
            for gancho in self.ganchos:
                gancho.remove()

    modelo, tok = crear_modelo_diminuto("llama")
    r = entrenar(modelo, tok, datos, receta_rapida(tmp_path, pasos=6, evaluar_cada=3, max_length=256),
                 callbacks=[Contador()])
    import transformers

    assert len(vistas) >= 6 + 3  # los pasos y las evaluaciones (la inicial y dos más)
    if hasattr(transformers.modeling_utils, "slice_logits_to_keep"):
        # ~4 tokens de respuesta por conversación de ~90: la capa final calcula esos,
        # completados hasta un múltiplo de 64 (MULTIPLO_CPU), no todas las posiciones.
        assert all(0 < filas < tokens and filas % 64 == 0 for filas, tokens in vistas), vistas
        assert sum(filas for filas, _ in vistas) < 0.25 * sum(tokens for _, tokens in vistas)
    else:  # transformers < 5.16 (cota inferior, Colab): la cuenta de Trainer, todas las posiciones
        assert all(filas == tokens for filas, tokens in vistas), vistas
    perdidas = perdidas_validacion(r)
    assert perdidas[0] > perdidas[-1] + 0.1, perdidas  # medido: 6,00 → 5,71
