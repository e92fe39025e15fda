"""Pruebas de afinar.generar, afinar.generacion.prediccion y afinar.curso.cuaderno1, con modelos diminutos."""

from __future__ import annotations

import logging
import sys

import pytest
from conftest import crear_modelo_diminuto

from afinar import generacion as generar
from afinar.errores import AfinarError
from afinar.generacion import prediccion

TEXTO = "El niño comió"


@pytest.fixture(scope="module", autouse=True)
def un_hilo():
    """Un solo hilo de PyTorch en estas pruebas: con modelos diminutos no se pierde nada y, en
    una máquina compartida, los hilos que se esperan unos a otros las hacen 3 veces más lentas."""
    import torch

    antes = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(antes)


@pytest.fixture(scope="module")
def llama():
    """Un Llama diminuto cuyo generation_config trae sus propios valores, como Qwen en el Hub."""
    modelo, tok = crear_modelo_diminuto("llama")
    config = modelo.generation_config
    config.do_sample, config.temperature, config.top_p, config.top_k = True, 0.7, 0.8, 20
    config.repetition_penalty, config.no_repeat_ngram_size = 1.5, 2
    return modelo, tok


@pytest.fixture
def avisos_transformers():
    """Recoge los avisos que escribe transformers (incluidos los de «una sola vez»)."""
    logging.Logger.warning_once.cache_clear()
    recogidos: list[str] = []

    class Recolector(logging.Handler):
        def emit(self, registro):
            recogidos.append(registro.getMessage())

    raiz = logging.getLogger("transformers")
    manejador = Recolector(level=logging.WARNING)
    raiz.addHandler(manejador)
    yield recogidos
    raiz.removeHandler(manejador)


# --- ajustes -----------------------------------------------------------------------------


def test_ajustes_solo_incluyen_lo_que_cuenta_en_cada_modo():
    assert generar.ajustes_generacion("determinista") == {"max_new_tokens": 40, "do_sample": False}
    equilibrado = generar.ajustes_generacion("equilibrado", max_new_tokens=10)
    assert equilibrado == {"max_new_tokens": 10, "do_sample": True, "temperature": 0.7,
                           "top_k": 50, "top_p": 0.9}
    haz = generar.ajustes_generacion("haz")
    assert haz["num_beams"] == 4 and "temperature" not in haz
    # quitar el sorteo quita también temperature/top_k/top_p
    assert "temperature" not in generar.ajustes_generacion("creativo", do_sample=False)


@pytest.mark.parametrize(
    ("ajustes", "cambios", "fragmento"),
    [
        ("rapidisimo", {}, "No hay ajustes con el nombre «rapidisimo»"),
        ({"temperatura": 0.5}, {}, "No conozco el ajuste «temperatura»"),
        ("equilibrado", {"temperature": 0}, "temperature=0 no vale"),
        ("equilibrado", {"top_p": 1.5}, "top_p=1.5 no vale"),
        ("determinista", {"max_new_tokens": 0}, "max_new_tokens=0 no vale"),
        ("determinista", {"do_sample": "sí"}, "do_sample='sí' no vale"),
        (3, {}, "no int"),
    ],
)
def test_ajustes_invalidos_dan_un_error_claro(ajustes, cambios, fragmento):
    with pytest.raises(AfinarError, match=fragmento):
        generar.ajustes_generacion(ajustes, **cambios)


# --- generar ------------------------------------------------------------------------------


@pytest.mark.parametrize("nombre", ["determinista", "sin_repetir", "haz"])
def test_ajustes_sin_sorteo_dan_siempre_lo_mismo(modelo_diminuto, nombre):
    modelo, tok = modelo_diminuto
    primera = generar.generar(modelo, tok, TEXTO, nombre, semilla=1, max_new_tokens=12)
    segunda = generar.generar(modelo, tok, TEXTO, nombre, semilla=2, max_new_tokens=12)
    assert primera == segunda
    assert primera  # generó algo
    modelo.train()  # tras entrenar, el dropout está activo: generar lo apaga y lo deja como estaba
    assert generar.generar(modelo, tok, TEXTO, nombre, semilla=3, max_new_tokens=12) == primera
    assert modelo.training


def test_determinista_elige_el_mas_probable_sin_avisos(llama, avisos_transformers):
    modelo, tok = llama
    texto = generar.generar(modelo, tok, TEXTO, "determinista", max_new_tokens=6)
    pasos = prediccion.paso_a_paso(modelo, tok, TEXTO, pasos=6)
    assert tok.decode(tok(TEXTO)["input_ids"]) + texto == pasos.columna("texto hasta ahora")[-1]
    for nombre in generar.AJUSTES:  # ningún modo provoca «generation flags are not valid»
        generar.generar(modelo, tok, TEXTO, nombre, max_new_tokens=4)
    assert avisos_transformers == []


def test_paso_a_paso_para_en_el_token_de_fin():
    import torch

    modelo, tok = crear_modelo_diminuto("llama")
    with torch.no_grad():
        favorito = int(modelo(**tok(TEXTO, return_tensors="pt")).logits[0, -1].argmax())
    modelo.generation_config.eos_token_id = favorito  # que el primer token elegido sea el de fin
    pasos = prediccion.paso_a_paso(modelo, tok, TEXTO, pasos=3)
    assert pasos.columna("paso") == [1]
    assert "(fin: el modelo da el texto por terminado)" in pasos.columna("texto hasta ahora")[0]


def test_sortear_con_semilla_se_repite(llama):
    modelo, tok = llama
    una = generar.generar(modelo, tok, TEXTO, "creativo", semilla=7, max_new_tokens=15)
    otra = generar.generar(modelo, tok, TEXTO, "creativo", semilla=7, max_new_tokens=15)
    assert una == otra
    distintas = {
        generar.generar(modelo, tok, TEXTO, "creativo", semilla=s, max_new_tokens=15)
        for s in range(1, 5)
    }
    assert len(distintas) > 1  # otras semillas, otros textos


def test_generar_con_mensajes_y_errores_de_entrada(llama):
    modelo, tok = llama
    mensajes = [{"role": "user", "content": "Hola"}]
    assert isinstance(generar.generar(modelo, tok, mensajes, max_new_tokens=3), str)
    with pytest.raises(AfinarError, match="vacío"):
        generar.generar(modelo, tok, "   ")
    sin_plantilla = crear_modelo_diminuto("gpt2")[1]
    sin_plantilla.chat_template = None
    with pytest.raises(AfinarError, match="no tiene plantilla de chat"):
        prediccion.preparar_entradas(sin_plantilla, mensajes)


def test_comparar_ajustes_muestra_una_fila_por_ajuste(llama):
    modelo, tok = llama
    tabla = generar.comparar_ajustes(modelo, tok, TEXTO, max_new_tokens=8)
    assert tabla.columna("ajustes") == list(generar.AJUSTES)
    determinista = generar.generar(modelo, tok, TEXTO, "determinista", max_new_tokens=8)
    assert tabla.columna("texto generado")[0] == determinista
    assert "do_sample=True, temperature=0.7" in str(tabla)
    assert tabla.columna("qué hace")[-1] == generar.DESCRIPCIONES["haz"]
    propia = generar.comparar_ajustes(modelo, tok, TEXTO, {"<mío>": {"num_beams": 2}},
                                      max_new_tokens=4)
    assert "&lt;mío&gt;" in propia._repr_html_() and "num_beams=2" in str(propia)
    assert propia.columna("qué hace") == ["ajustes propios"]


# --- probabilidades -----------------------------------------------------------------------


def test_siguientes_tokens_y_grafico(llama):
    modelo, tok = llama
    tabla = prediccion.siguientes_tokens(modelo, tok, TEXTO, k=5)
    probabilidades = tabla.columna("probabilidad")
    assert len(probabilidades) == 5
    assert probabilidades == sorted(probabilidades, reverse=True)
    assert 0 < sum(probabilidades) <= 1
    primer_paso = prediccion.paso_a_paso(modelo, tok, TEXTO, pasos=1)
    assert primer_paso.columna("elige") == tabla.columna("token")[:1]
    assert "%" in str(tabla)
    figura = prediccion.grafico_probabilidades(tabla)
    assert len(figura.axes[0].patches) == 5
    with pytest.raises(AfinarError, match="k=0"):
        prediccion.siguientes_tokens(modelo, tok, TEXTO, k=0)


def test_la_temperatura_afila_o_aplana_las_probabilidades(llama):
    modelo, tok = llama
    fria, normal, caliente = (
        prediccion.siguientes_tokens(modelo, tok, TEXTO, k=3, temperature=t).columna("probabilidad")
        for t in (0.5, 1.0, 2.0)
    )
    assert fria[0] > normal[0] > caliente[0]  # el favorito gana más con temperatura baja
    fria_tabla = prediccion.siguientes_tokens(modelo, tok, TEXTO, temperature=0.5)
    assert "temperature=0.5" in str(fria_tabla)
    with pytest.raises(AfinarError, match="temperature=0 no vale"):
        prediccion.siguientes_tokens(modelo, tok, TEXTO, temperature=0)


# --- laboratorio --------------------------------------------------------------------------


def test_laboratorio_sin_ipywidgets_genera_una_vez(llama, monkeypatch, capsys):
    modelo, tok = llama
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # como si no estuviera instalado
    resultado = generar.laboratorio(modelo, tok, TEXTO, max_new_tokens=6, temperature=0.9)
    salida = capsys.readouterr().out
    assert resultado is None
    assert "falta el paquete ipywidgets" in salida
    esperado = generar.generar(modelo, tok, TEXTO, do_sample=True, temperature=0.9, top_k=50,
                               top_p=0.9, max_new_tokens=6)
    assert f"{TEXTO}▶ {esperado}" in salida


def test_laboratorio_en_un_cuaderno_muestra_controles(llama, monkeypatch, capsys):
    import ipywidgets

    modelo, tok = llama
    monkeypatch.setattr("afinar.entorno.en_notebook", lambda: True)
    caja = generar.laboratorio(modelo, tok, TEXTO, max_new_tokens=5)
    assert isinstance(caja, ipywidgets.VBox)
    descripciones = {getattr(hijo, "description", "") for hijo in caja.children}
    sliders = {"temperature", "top_k", "top_p", "repetition_penalty", "max_new_tokens"}
    assert sliders <= descripciones
    assert "pulsa «Generar»" in capsys.readouterr().out
    boton = next(h for h in caja.children if isinstance(h, ipywidgets.Button))
    boton.click()  # como si se pulsara: genera con los valores de los controles
    esperado = generar.generar(modelo, tok, TEXTO, do_sample=True, temperature=0.7, top_k=50,
                               top_p=0.9, max_new_tokens=5)
    assert f"{TEXTO}▶ {esperado}" in capsys.readouterr().out
    caja.children[0].value = "  "  # un texto vacío da un aviso claro, no un traceback
    boton.click()
    assert "⚠️ El texto de entrada está vacío" in capsys.readouterr().out




def _es_pista(resultado):
    return not resultado and "Pista" in str(resultado)


def _ids_de_bytes(tok, datos: bytes) -> list[int]:
    """Un token por byte: el alfabeto de un tokenizador por bytes (ByteLevel de GPT-2)."""
    from transformers.convert_slow_tokenizer import bytes_to_unicode

    letras = bytes_to_unicode()
    return tok.convert_tokens_to_ids([letras[b] for b in datos])


def _con_guion(monkeypatch, modelo, tok, continuaciones):
    """Hace que ``modelo.generate`` escriba, fila a fila, las continuaciones dadas (en orden)."""
    import torch

    pendientes = iter(continuaciones)

    def generate(input_ids, attention_mask, **opciones):
        filas = [fila + next(pendientes) for fila in input_ids.tolist()]
        largo = max(map(len, filas))
        return torch.tensor([f + [tok.pad_token_id] * (largo - len(f)) for f in filas])

    monkeypatch.setattr(modelo, "generate", generate)


def test_el_texto_generado_nunca_lleva_caracteres_rotos(monkeypatch):
    from afinar.evaluacion import comparar

    modelo, tok = crear_modelo_diminuto("llama")
    # el primer byte de «¡» seguido de otra cosa, y un texto que para a mitad de la «ñ»
    roto = _ids_de_bytes(tok, b"A" + "¡".encode()[:1] + b"Gracias!")
    a_medias = _ids_de_bytes(tok, "Hasta mañana, mañ".encode() + "ñ".encode()[:1])
    assert tok.decode(roto) == "A\ufffdGracias!" and tok.decode(a_medias).endswith("ñ\ufffd")
    esperado = ["AGracias!", "Hasta mañana, mañ"]

    _con_guion(monkeypatch, modelo, tok, [roto, a_medias])  # en lote
    assert generar.generar_respuestas(modelo, tok, ["Hola", "Adiós"]) == esperado
    _con_guion(monkeypatch, modelo, tok, [roto, a_medias])  # de una en una, texto y chat
    assert generar.generar(modelo, tok, "Hola") == esperado[0]
    assert generar.generar(modelo, tok, [{"role": "user", "content": "Hola"}]) == esperado[1]

    _con_guion(monkeypatch, modelo, tok, [roto, a_medias, a_medias, roto])  # base, luego afinado
    ejemplos = [{"prompt": "Hola", "referencia": "¡Gracias!"}, {"prompt": "Y", "referencia": "Sí"}]
    c = comparar(modelo, modelo, ejemplos, tokenizer=tok)
    assert [f["base"] for f in c.filas] == esperado
    assert [f["afinado"] for f in c.filas] == esperado[::-1]
    assert "\ufffd" not in c.a_markdown() + c._repr_html_()
