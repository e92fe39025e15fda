"""Generar texto con ``modelo.generate`` de Transformers: una vez, en lotes o con varios ajustes.

- :func:`generar`: una continuación de un texto o la respuesta a una conversación.
- :func:`generar_respuestas`: muchas entradas a la vez, en lotes (lo que usa la comparación).
- :func:`comparar_ajustes`: el mismo texto con varios ajustes, lado a lado.

Los ajustes con nombre («determinista», «creativo»…) están en :mod:`afinar.generacion.ajustes`;
las probabilidades del siguiente token, en :mod:`afinar.generacion.prediccion`.
"""

from __future__ import annotations

from afinar.generacion.ajustes import AJUSTES, DESCRIPCIONES, ajustes_generacion, describir
from afinar.generacion.plantillas import fin_de_turno
from afinar.generacion.prediccion import decodificar, ids_de_entrada, modo_evaluacion
from afinar.modelos.carga import id_de_relleno
from afinar.presentacion import Tabla


def _opciones_generate(opciones: dict, modelo, tokenizer, chat: bool) -> dict:
    """Completa las opciones con el relleno y con valores neutros para lo que no se pide.

    El generation_config de cada modelo trae sus propios valores (Qwen: temperature=0.7,
    repetition_penalty=1.05...). Si no los neutralizamos, "determinista" no sería solo
    "el más probable" y Transformers avisaría de opciones que no se usan.
    """
    neutros = {"repetition_penalty": 1.0, "no_repeat_ngram_size": 0, "num_beams": 1}
    if not opciones.get("do_sample"):
        neutros.update({"temperature": 1.0, "top_k": 50, "top_p": 1.0})
    opciones = {**neutros, **opciones, "pad_token_id": id_de_relleno(tokenizer)}
    if chat:  # parar también en el fin de turno que escribe la plantilla (<|im_end|>, <|eot_id|>…):
        # si no, un modelo de chat sigue escribiendo turnos inventados
        opciones["eos_token_id"] = fin_de_turno(tokenizer, modelo.generation_config)
    return opciones


def generar_respuestas(modelo, tokenizer, entradas, ajustes="determinista", *, lote: int = 8,
                       semilla: int = 42, **cambios) -> list[str]:
    """Genera la respuesta a cada una de ``entradas``, en lotes: mucho más rápido que una a una.

    Cada entrada es un texto o una lista de mensajes de chat. ``ajustes`` y ``cambios`` son los
    de :func:`afinar.generacion.ajustes.ajustes_generacion` (por defecto, sin azar). Se rellena
    por la izquierda, así que cada respuesta es la misma que se obtendría generando esa entrada
    sola. Devuelve solo el texto nuevo de cada una, sin espacios al principio ni al final.
    """
    import torch
    from transformers import set_seed

    entradas = list(entradas)
    chat = any(isinstance(e, (list, tuple)) for e in entradas)
    opciones = _opciones_generate(ajustes_generacion(ajustes, **cambios), modelo, tokenizer, chat)
    relleno = opciones["pad_token_id"]
    ids = [ids_de_entrada(tokenizer, entrada) for entrada in entradas]
    respuestas = []
    with modo_evaluacion(modelo), torch.no_grad():
        for inicio in range(0, len(ids), lote):
            grupo = ids[inicio : inicio + lote]
            largo = max(len(fila) for fila in grupo)
            entrada = torch.tensor([[relleno] * (largo - len(f)) + f for f in grupo])
            atencion = torch.tensor([[0] * (largo - len(f)) + [1] * len(f) for f in grupo])
            set_seed(semilla)
            salida = modelo.generate(
                input_ids=entrada.to(modelo.device),
                attention_mask=atencion.to(modelo.device),
                **opciones,
            )
            respuestas += [decodificar(tokenizer, fila[largo:]).strip() for fila in salida]
    return respuestas


def generar(
    modelo, tokenizer, texto, ajustes="determinista", *, semilla: int = 42, **cambios
) -> str:
    """Genera una continuación de ``texto`` y devuelve solo el texto nuevo.

    ``texto`` puede ser un texto o una lista de mensajes de chat (``{"role", "content"}``).
    ``ajustes`` y ``cambios`` son los de :func:`ajustes_generacion`; ``semilla`` fija el azar,
    así que con la misma semilla sale lo mismo aunque se sortee. La respuesta a una
    conversación se devuelve sin espacios ni saltos de línea al principio y al final.
    """
    import torch
    from transformers import set_seed

    chat = isinstance(texto, (list, tuple))
    opciones = _opciones_generate(ajustes_generacion(ajustes, **cambios), modelo, tokenizer, chat)
    ids = torch.tensor([ids_de_entrada(tokenizer, texto)], device=modelo.device)
    set_seed(semilla)
    with modo_evaluacion(modelo), torch.no_grad():
        salida = modelo.generate(input_ids=ids, attention_mask=torch.ones_like(ids), **opciones)
    texto_nuevo = decodificar(tokenizer, salida[0, ids.shape[1] :])
    # una respuesta de chat no necesita los saltos de línea con los que a veces empieza
    return texto_nuevo.strip() if isinstance(texto, (list, tuple)) else texto_nuevo


def comparar_ajustes(
    modelo, tokenizer, texto, ajustes=tuple(AJUSTES), *, semilla: int = 42, **cambios
) -> Tabla:
    """Genera con varios ajustes sobre el mismo ``texto`` y los muestra lado a lado.

    ``ajustes`` es una lista de nombres de :data:`AJUSTES` o un diccionario
    ``{"mi nombre": {...}}``; ``cambios`` (por ejemplo ``max_new_tokens=30``) se aplica a todos.
    """
    if isinstance(ajustes, str):
        ajustes = [ajustes]
    pares = ajustes.items() if isinstance(ajustes, dict) else [(n, n) for n in ajustes]
    filas = []
    for nombre, valor in pares:
        opciones = ajustes_generacion(valor, **cambios)
        salida = generar(modelo, tokenizer, texto, opciones, semilla=semilla)
        que_hace = DESCRIPCIONES.get(valor if isinstance(valor, str) else "", "ajustes propios")
        filas.append([str(nombre), que_hace, describir(opciones), salida])
    titulo = f"Texto de entrada: {texto!r}" if isinstance(texto, str) else "Conversación"
    return Tabla(["ajustes", "qué hace", "opciones", "texto generado"], filas, titulo)
