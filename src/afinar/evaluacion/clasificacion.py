"""Clasificar textos con un modelo de lenguaje: elegir una etiqueta entre las posibles.

El modelo no escribe libremente (habría que adivinar qué quiso decir): para cada texto se
calcula la probabilidad que da a **cada etiqueta** como respuesta y se elige la más probable.
Las tres maneras del cuaderno 4 usan esta misma regla y solo cambia lo que el modelo ve o sabe:

- **sin ejemplos** (*zero-shot*): la instrucción, las etiquetas posibles y el texto;
- **con ejemplos** (*few-shot*): lo mismo, con unos textos ya etiquetados delante;
- **afinado**: el modelo entrenado con :func:`datos_para_afinar` (la etiqueta es la respuesta
  del asistente). Ya no necesita la instrucción ni la lista de etiquetas: solo ve el texto, así
  que cada pregunta es más corta (y más barata) que sin ejemplos.

Con un modelo de chat la pregunta va en la plantilla del modelo; con un modelo base, como texto
(«Mensaje: … / Departamento: …»).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from afinar.datos.tipo import tipo_de_datos
from afinar.errores import AfinarError
from afinar.evaluacion.verosimilitud import de_continuaciones, de_respuestas

INSTRUCCION = "Clasifica el mensaje en una de estas categorías: {etiquetas}."


def pares_etiquetados(datos, texto: str = "texto", etiqueta: str | None = None):
    """Los pares ``(texto, etiqueta)`` de un conjunto de datos.

    Sirve un `Dataset` de conversaciones (el mensaje del usuario es el texto; la respuesta del
    asistente, la etiqueta), como el que da ``cargar_datos(ruta, pregunta="texto",
    respuesta="departamento")``, o uno con dos columnas (``texto`` y ``etiqueta``).
    """
    columnas = list(getattr(datos, "column_names", None) or [])
    if etiqueta and texto in columnas and etiqueta in columnas:
        pares = [(str(t), str(e)) for t, e in zip(datos[texto], datos[etiqueta], strict=True)]
    elif _es_chat(datos):
        pares = [_par_de_conversacion(m, i) for i, m in enumerate(datos["messages"])]
    else:
        raise AfinarError(
            f"No encuentro textos con etiqueta en estos datos (columnas: {columnas}). Léelos "
            "con cargar_datos(ruta, pregunta=<columna del texto>, respuesta=<columna de la "
            "etiqueta>)."
        )
    vacias = [i for i, (t, e) in enumerate(pares) if not t.strip() or not e.strip()]
    if vacias:
        print(f"Dejo fuera {len(vacias)} de {len(pares)} filas sin texto o sin etiqueta (la "
              f"primera, la fila {vacias[0] + 1} de los datos).")  # fmt: skip
    pares = [(t.strip(), e.strip()) for t, e in pares if t.strip() and e.strip()]
    if len({e for _, e in pares}) < 2:
        raise AfinarError("Para clasificar hacen falta al menos dos etiquetas distintas.")
    return pares


def _es_chat(datos) -> bool:
    """¿Son conversaciones? Lo decide `afinar.datos.tipo` (la única decisión del tipo de datos)."""
    try:
        return tipo_de_datos(datos) == "chat"
    except AfinarError:  # ni «texto» ni «messages»: el error de pares_etiquetados lo explica
        return False


def _par_de_conversacion(mensajes, numero: int) -> tuple[str, str]:
    usuario = [m["content"] for m in mensajes if m["role"] == "user"]
    asistente = [m["content"] for m in mensajes if m["role"] == "assistant"]
    if not usuario or not asistente:
        raise AfinarError(
            f"La conversación {numero} no tiene un mensaje del usuario (el texto) y una "
            "respuesta (la etiqueta)."
        )
    return usuario[-1], asistente[-1]


def elegir_ejemplos(pares, k: int, semilla: int = 42) -> list[tuple[str, str]]:
    """``k`` ejemplos para poner delante (*few-shot*), repartidos entre las etiquetas: uno de
    cada una por turnos, en orden al azar (con ``semilla``)."""
    azar = random.Random(semilla)
    por_etiqueta: dict[str, list] = {}
    for par in pares:
        por_etiqueta.setdefault(par[1], []).append(par)
    for lista in por_etiqueta.values():
        azar.shuffle(lista)
    elegidos: list[tuple[str, str]] = []
    while len(elegidos) < k and any(por_etiqueta.values()):
        for etiqueta in sorted(por_etiqueta):
            if por_etiqueta[etiqueta] and len(elegidos) < k:
                elegidos.append(por_etiqueta[etiqueta].pop())
    azar.shuffle(elegidos)
    return elegidos


def _pregunta(texto: str, etiquetas, instruccion: bool) -> str:
    if not instruccion:
        return f"Mensaje: {texto}"
    return f"{INSTRUCCION.format(etiquetas=', '.join(etiquetas))}\n\nMensaje: {texto}"


def conversacion(texto: str, etiquetas, ejemplos=(), respuesta: str | None = None, *,
                 instruccion: bool = True) -> list[dict]:  # fmt: skip
    """La conversación que ve un modelo de chat: los ejemplos como turnos anteriores y, al final,
    el texto; con ``respuesta``, también la respuesta del asistente. Sin ``instruccion``, solo
    el mensaje (lo que ve un modelo afinado para la tarea)."""
    mensajes = []
    for t, e in ejemplos:
        mensajes += [{"role": "user", "content": _pregunta(t, etiquetas, instruccion)},
                     {"role": "assistant", "content": e}]  # fmt: skip
    mensajes.append({"role": "user", "content": _pregunta(texto, etiquetas, instruccion)})
    if respuesta is not None:
        mensajes.append({"role": "assistant", "content": respuesta})
    return mensajes


def texto_plano(texto: str, etiquetas, ejemplos=(), *, instruccion: bool = True) -> str:
    """Lo mismo para un modelo base (sin plantilla de chat): termina en «Categoría:»."""
    partes = [INSTRUCCION.format(etiquetas=", ".join(etiquetas))] if instruccion else []
    partes += [f"Mensaje: {t}\nCategoría: {e}" for t, e in ejemplos]
    partes.append(f"Mensaje: {texto}\nCategoría:")
    return "\n\n".join(partes)


def es_de_chat(tokenizer) -> bool:
    return bool(getattr(tokenizer, "chat_template", None))


def puntuar(modelo, tokenizer, textos, etiquetas, ejemplos=(), *, instruccion: bool = True,
            lote: int = 16):  # fmt: skip
    """La log-probabilidad de cada etiqueta para cada texto: una lista de listas
    (``[texto][etiqueta]``)."""
    etiquetas = list(etiquetas)
    if es_de_chat(tokenizer):
        grupos = [[conversacion(t, etiquetas, ejemplos, e, instruccion=instruccion)
                   for e in etiquetas] for t in textos]  # fmt: skip
        return de_respuestas(modelo, tokenizer, grupos, lote=lote)
    finales = [f" {e}{tokenizer.eos_token or ''}" for e in etiquetas]
    return [de_continuaciones(modelo, tokenizer, texto_plano(t, etiquetas, ejemplos,
                                                             instruccion=instruccion),
                              finales, lote=lote) for t in textos]  # fmt: skip


@dataclass
class Predicciones:
    """Lo que eligió un método para cada texto, con lo que tardó."""

    metodo: str
    textos: list[str]
    verdaderas: list[str]
    predichas: list[str]
    etiquetas: list[str]
    segundos: float
    puntuaciones: list[list[float]] = field(default_factory=list, repr=False)

    @property
    def aciertos(self) -> int:
        return sum(v == p for v, p in zip(self.verdaderas, self.predichas, strict=True))


def clasificar(modelo, tokenizer, pares, etiquetas=None, ejemplos=(), *, metodo: str = "modelo",
               instruccion: bool = True, lote: int = 16) -> Predicciones:  # fmt: skip
    """Clasifica los textos de ``pares`` (``(texto, etiqueta verdadera)``): para cada uno, la
    etiqueta a la que el modelo da más probabilidad. Devuelve :class:`Predicciones`.
    Con ``instruccion=False``, el modelo solo ve el mensaje (el afinado con
    :func:`datos_para_afinar`)."""
    etiquetas = sorted({e for _, e in pares}) if etiquetas is None else list(etiquetas)
    textos = [t for t, _ in pares]
    inicio = time.perf_counter()
    puntos = puntuar(modelo, tokenizer, textos, etiquetas, ejemplos, instruccion=instruccion,
                     lote=lote)
    segundos = time.perf_counter() - inicio
    predichas = [etiquetas[max(range(len(fila)), key=fila.__getitem__)] for fila in puntos]
    return Predicciones(metodo, textos, [e for _, e in pares], predichas, etiquetas, segundos,
                        puntos)  # fmt: skip


def datos_para_afinar(pares, etiquetas=None, tokenizer=None, *, instruccion: bool = False):
    """Un `Dataset` para ``afinar.entrenar``: cada texto con su etiqueta como respuesta. Sin
    ``instruccion`` (lo normal), solo el mensaje: el modelo aprende la tarea y no necesita que
    se la expliquen; al clasificar con él, usa ``clasificar(..., instruccion=False)``. Con un
    tokenizador sin plantilla de chat, texto plano (columna ``texto``)."""
    from datasets import Dataset

    etiquetas = sorted({e for _, e in pares}) if etiquetas is None else list(etiquetas)
    if tokenizer is not None and not es_de_chat(tokenizer):
        fin = tokenizer.eos_token or ""
        return Dataset.from_dict({"texto": [
            f"{texto_plano(t, etiquetas, instruccion=instruccion)} {e}{fin}" for t, e in pares]})  # fmt: skip
    return Dataset.from_dict({"messages": [conversacion(t, etiquetas, (), e, instruccion=instruccion)
                                           for t, e in pares]})  # fmt: skip
