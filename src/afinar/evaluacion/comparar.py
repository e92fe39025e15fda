"""Comparar el modelo base con el afinado sobre ejemplos que no vio: lado a lado, con métricas.

- `separar(ejemplo)`: la entrada, la pregunta y la respuesta de referencia de un ejemplo de
  chat, de texto o de prompt/referencia.
- `comparar(base, afinado, ejemplos)`: genera con los dos modelos y devuelve una
  `Comparacion` (tabla HTML o Markdown, totales, victorias/empates/derrotas, respuestas
  degeneradas, ajustes de generación y un veredicto que explica las contradicciones).
"""

from __future__ import annotations

from afinar.datos.tipo import tipo_de_datos
from afinar.errores import AfinarError
from afinar.evaluacion.degeneracion import filas_con_etiquetas
from afinar.evaluacion.informe import Comparacion
from afinar.evaluacion.metricas import chrf, rouge_l
from afinar.generacion.ajustes import DESCRIPCIONES, ajustes_generacion
from afinar.generacion.generar import generar_respuestas

# Cómo genera la comparación: sin azar y sin bucles (medido en tests/test_veredicto.py y en el
# informe de V: con bolsillo afinado con las recetas, «determinista» repite «el ajo y el ajo»).
AJUSTES_COMPARACION = "sin_repetir"


def separar(ejemplo) -> tuple[object, str, str]:
    """Parte un ejemplo en (entrada para generar, texto de la pregunta, respuesta de referencia).

    Sirve igual para los tres formatos de datos de afinar:

    - chat (``messages``): la entrada es la conversación hasta la última respuesta del
      asistente, y esa respuesta es la referencia;
    - texto (``texto``): la entrada es la primera mitad de las palabras y la referencia, el
      resto (el modelo tiene que continuar el texto);
    - ``prompt`` y ``referencia``: tal cual.
    """
    if "prompt" in ejemplo and "referencia" in ejemplo and "messages" not in ejemplo:
        return ejemplo["prompt"], ejemplo["prompt"], ejemplo["referencia"]
    if not {"messages", "texto"} & set(ejemplo):
        raise AfinarError(
            f"No sé comparar este ejemplo (columnas {list(ejemplo)}): usa «messages», «texto» "
            "o «prompt» y «referencia»."
        )
    if tipo_de_datos(ejemplo) == "chat":
        mensajes = list(ejemplo["messages"])
        ultimo = max((i for i, m in enumerate(mensajes) if m["role"] == "assistant"), default=None)
        if ultimo is None:
            raise AfinarError("Un ejemplo de chat no tiene respuesta del asistente que comparar.")
        pregunta = mensajes[:ultimo]
        return pregunta, pregunta[-1]["content"], mensajes[ultimo]["content"]
    palabras = ejemplo["texto"].split()
    mitad = max(1, len(palabras) // 2)
    inicio = " ".join(palabras[:mitad])
    return inicio, inicio, " ".join(palabras[mitad:])


def _modelo_y_tokenizer(cual, tokenizer):
    if isinstance(cual, tuple):
        return cual
    if tokenizer is None:
        raise AfinarError("comparar necesita el tokenizador: pásalo con tokenizer=...")
    return cual, tokenizer


def _datos_de_entrenamiento(datos) -> dict | None:
    if datos is None:
        return None
    if hasattr(datos, "keys") and "train" in datos.keys():  # un DatasetDict de dividir()
        datos = datos["train"]
    con, total = filas_con_etiquetas(datos)
    return {"filas": total, "filas_con_etiquetas": con}


def ajustes_usados(ajustes, max_new_tokens: int) -> dict:
    """Los ajustes de generación tal como se cuentan en el informe: nombre, qué hacen, opciones."""
    opciones = ajustes_generacion(ajustes, max_new_tokens=max_new_tokens)
    nombre = ajustes if isinstance(ajustes, str) else "propios"
    return {"nombre": nombre, "descripcion": DESCRIPCIONES.get(nombre, ""), "opciones": opciones}


def comparar(
    base,
    afinado,
    ejemplos,
    *,
    tokenizer=None,
    comprobaciones=(),
    max_new_tokens: int = 128,
    ajustes=AJUSTES_COMPARACION,
    perplejidad=None,
    datos_entrenamiento=None,
) -> Comparacion:
    """Genera con el modelo base y el afinado sobre ``ejemplos`` y los compara.

    ``base`` y ``afinado`` son modelos (con ``tokenizer`` común) o pares (modelo, tokenizer).
    ``ejemplos``: filas con ``messages`` (la última respuesta del asistente es la
    referencia), ``texto`` (la primera mitad es la entrada) o ``prompt`` y ``referencia``.

    - ``ajustes``: cómo se genera (nombre de :data:`afinar.generacion.ajustes.AJUSTES` o
      diccionario). Por defecto «sin_repetir»: sin azar, así que el resultado se repite, y sin
      los bucles en los que caen los modelos pequeños. El informe dice cuáles se usaron.
    - ``perplejidad``: ``(antes, después)`` de entrenar, medidas con :func:`perplejidad`; si
      la perplejidad baja pero las respuestas empeoran, el veredicto lo explica.
    - ``datos_entrenamiento``: los datos con los que se entrenó (o lo que devuelve
      ``dividir``); el veredicto cuenta cuántas filas llevan marcadores de anonimización.
    """
    modelo_base, tok_base = _modelo_y_tokenizer(base, tokenizer)
    modelo_afinado, tok_afinado = _modelo_y_tokenizer(afinado, tokenizer)
    filas = list(ejemplos)
    if not filas:
        raise AfinarError("No hay ejemplos que comparar: pasa al menos uno.")
    usados = ajustes_usados(ajustes, max_new_tokens)
    entradas, preguntas, referencias = zip(*(separar(f) for f in filas), strict=True)
    respuestas = [
        generar_respuestas(modelo, tok, entradas, usados["opciones"])
        for modelo, tok in ((modelo_base, tok_base), (modelo_afinado, tok_afinado))
    ]
    return comparar_respuestas(
        preguntas, referencias, *respuestas, comprobaciones, perplejidad=perplejidad,
        ajustes=usados, entrenamiento=_datos_de_entrenamiento(datos_entrenamiento),
    )


def comparar_respuestas(
    preguntas, referencias, respuestas_base, respuestas_afinado, comprobaciones=(), *,
    perplejidad=None, ajustes: dict | None = None, entrenamiento: dict | None = None,
) -> Comparacion:
    """Compara respuestas ya generadas (útil si las generaste tú o vienen de otra herramienta).

    ``perplejidad``, ``ajustes`` (como los da :func:`ajustes_usados`) y ``entrenamiento``
    (``{"filas", "filas_con_etiquetas"}``) son opcionales y pasan al informe y al veredicto.
    """
    if not len(preguntas) == len(referencias) == len(respuestas_base) == len(respuestas_afinado):
        raise AfinarError("Preguntas, referencias y respuestas tienen que tener el mismo número.")
    filas = []
    for pregunta, referencia, b, a in zip(
        preguntas, referencias, respuestas_base, respuestas_afinado, strict=True
    ):
        filas.append(
            {
                "pregunta": pregunta,
                "referencia": referencia,
                "base": b,
                "afinado": a,
                "chrf_base": chrf(b, referencia),
                "chrf_afinado": chrf(a, referencia),
                "rouge_l_base": rouge_l(b, referencia),
                "rouge_l_afinado": rouge_l(a, referencia),
                "comprobaciones_base": {c.nombre: c(b) for c in comprobaciones},
                "comprobaciones_afinado": {c.nombre: c(a) for c in comprobaciones},
            }
        )
    return Comparacion(filas, perplejidad=perplejidad, ajustes=ajustes, entrenamiento=entrenamiento)
