"""Evaluar: ¿ha servido afinar? Perplejidad, métricas con referencia y comparación lado a lado.

- `perplejidad`: cuánto le sorprenden los textos al modelo (menos es mejor). Compara un modelo
  solo consigo mismo (antes y después de afinar, con el mismo tokenizador y los mismos datos):
  con tokenizadores distintos los números no son comparables.
- `chrf` (sacrebleu) y `rouge_l` (rouge-score con un tokenizador que conserva tildes y ñ):
  cuánto se parece una respuesta a la de referencia.
- `contiene`, `coincide`, `longitud_maxima`: comprobaciones que defines tú.
- `separar(ejemplo)`: la entrada, la pregunta y la respuesta de referencia de un ejemplo de
  chat o de texto.
- `comparar(base, afinado, ejemplos)`: genera con los dos modelos y devuelve una
  `Comparacion` (tabla HTML o Markdown, totales, victorias/empates/derrotas y un veredicto).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from afinar.errores import AfinarError
from afinar.informe import Comparacion

__all__ = [
    "Comparacion",
    "Comprobacion",
    "chrf",
    "coincide",
    "comparar",
    "comparar_respuestas",
    "generar_respuestas",
    "contiene",
    "longitud_maxima",
    "perplejidad",
    "rouge_l",
    "separar",
]

# ---------------------------------------------------------------- perplejidad


def _ejemplos_tokenizados(tokenizer, datos, max_length: int):
    """(ids, etiquetas) por ejemplo; en chat solo cuentan los tokens del asistente."""
    filas = list(datos)
    for fila in filas:
        if "messages" in fila:
            codificado = tokenizer.apply_chat_template(
                fila["messages"],
                tokenize=True,
                return_dict=True,
                return_assistant_tokens_mask=True,
            )
            ids = list(codificado["input_ids"])[:max_length]
            mascara = list(codificado["assistant_masks"])[:max_length]
            etiquetas = [i if m else -100 for i, m in zip(ids, mascara, strict=True)]
        elif "texto" in fila:
            ids = tokenizer(fila["texto"], add_special_tokens=False)["input_ids"][:max_length]
            etiquetas = list(ids)
        else:
            raise AfinarError(
                f"Cada ejemplo necesita la columna «texto» o «messages» y este tiene {list(fila)}."
            )
        if sum(e != -100 for e in etiquetas[1:]) > 0:
            yield ids, etiquetas


def perplejidad(modelo, tokenizer, datos, *, max_length: int = 512, lote: int = 8) -> float:
    """Perplejidad del modelo en ``datos`` (columna ``texto`` o ``messages``). Menos es mejor.

    En datos de chat solo cuentan las respuestas del asistente, como al entrenar.
    Ojo: compara un modelo solo consigo mismo (antes y después de afinar). Dos modelos con
    tokenizadores distintos cortan el texto en piezas distintas y sus perplejidades no se
    pueden comparar.
    """
    import torch

    ejemplos = list(_ejemplos_tokenizados(tokenizer, datos, max_length))
    if not ejemplos:
        raise AfinarError("No hay ningún ejemplo con texto para medir la perplejidad.")
    relleno = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    suma, cuenta = 0.0, 0
    entrenando = modelo.training
    modelo.eval()
    try:
        with torch.no_grad():
            for inicio in range(0, len(ejemplos), lote):
                grupo = ejemplos[inicio : inicio + lote]
                largo = max(len(ids) for ids, _ in grupo)
                ids = torch.full((len(grupo), largo), relleno)
                etiquetas = torch.full((len(grupo), largo), -100)
                atencion = torch.zeros((len(grupo), largo), dtype=torch.long)
                for i, (fila, etiqueta) in enumerate(grupo):
                    ids[i, : len(fila)] = torch.tensor(fila)
                    etiquetas[i, : len(fila)] = torch.tensor(etiqueta)
                    atencion[i, : len(fila)] = 1
                logits = modelo(
                    input_ids=ids.to(modelo.device), attention_mask=atencion.to(modelo.device)
                ).logits.float()
                objetivo = etiquetas[:, 1:].to(logits.device)
                perdida = torch.nn.functional.cross_entropy(
                    logits[:, :-1].reshape(-1, logits.shape[-1]),
                    objetivo.reshape(-1),
                    ignore_index=-100,
                    reduction="sum",
                )
                suma += perdida.item()
                cuenta += int((objetivo != -100).sum())
    finally:
        modelo.train(entrenando)
    return math.exp(suma / cuenta)


# ---------------------------------------------------------------- métricas con referencia


class TokenizadorEspanol:
    """Palabras en minúsculas, con tildes, ñ y ü (el de rouge-score las borra)."""

    def tokenize(self, texto: str) -> list[str]:
        return re.findall(r"\w+", texto.lower())


def chrf(hipotesis: str, referencia: str) -> float:
    """chrF (sacrebleu) de una respuesta frente a su referencia, de 0 a 100."""
    import sacrebleu

    return float(sacrebleu.sentence_chrf(hipotesis, [referencia]).score)


def rouge_l(hipotesis: str, referencia: str) -> float:
    """ROUGE-L (medida F, de 0 a 1): la subsecuencia de palabras común más larga."""
    from rouge_score import rouge_scorer

    medidor = rouge_scorer.RougeScorer(["rougeL"], tokenizer=TokenizadorEspanol())
    return float(medidor.score(referencia, hipotesis)["rougeL"].fmeasure)


# ---------------------------------------------------------------- comprobaciones propias


@dataclass(frozen=True)
class Comprobacion:
    """Una prueba que defines tú: recibe una respuesta y dice si la cumple."""

    nombre: str
    funcion: Callable[[str], bool]

    def __call__(self, respuesta: str) -> bool:
        return bool(self.funcion(respuesta))


def contiene(texto: str) -> Comprobacion:
    """La respuesta contiene ``texto`` (distingue mayúsculas)."""
    return Comprobacion(f"contiene «{texto}»", lambda r: texto in r)


def coincide(patron: str) -> Comprobacion:
    """La respuesta tiene algo que encaja con la expresión regular ``patron``."""
    try:
        compilado = re.compile(patron, re.MULTILINE)
    except re.error as error:
        raise AfinarError(
            f"El patrón «{patron}» no es una expresión regular válida: {error}."
        ) from error
    return Comprobacion(f"coincide con «{patron}»", lambda r: compilado.search(r) is not None)


def longitud_maxima(palabras: int) -> Comprobacion:
    """La respuesta tiene como mucho ``palabras`` palabras."""
    return Comprobacion(
        f"como mucho {palabras} palabras",
        lambda r: len(TokenizadorEspanol().tokenize(r)) <= palabras,
    )


# ---------------------------------------------------------------- comparar


def separar(ejemplo) -> tuple[object, str, str]:
    """Parte un ejemplo en (entrada para generar, texto de la pregunta, respuesta de referencia).

    Sirve igual para los tres formatos de datos de afinar:

    - chat (``messages``): la entrada es la conversación hasta la última respuesta del
      asistente, y esa respuesta es la referencia;
    - texto (``texto``): la entrada es la primera mitad de las palabras y la referencia, el
      resto (el modelo tiene que continuar el texto);
    - ``prompt`` y ``referencia``: tal cual.
    """
    if "messages" in ejemplo:
        mensajes = list(ejemplo["messages"])
        ultimo = max((i for i, m in enumerate(mensajes) if m["role"] == "assistant"), default=None)
        if ultimo is None:
            raise AfinarError("Un ejemplo de chat no tiene respuesta del asistente que comparar.")
        pregunta = mensajes[:ultimo]
        return pregunta, pregunta[-1]["content"], mensajes[ultimo]["content"]
    if "prompt" in ejemplo and "referencia" in ejemplo:
        return ejemplo["prompt"], ejemplo["prompt"], ejemplo["referencia"]
    if "texto" in ejemplo:
        palabras = ejemplo["texto"].split()
        mitad = max(1, len(palabras) // 2)
        inicio = " ".join(palabras[:mitad])
        return inicio, inicio, " ".join(palabras[mitad:])
    raise AfinarError(
        f"No sé comparar este ejemplo (columnas {list(ejemplo)}): usa «messages», «texto» "
        "o «prompt» y «referencia»."
    )


def _modelo_y_tokenizer(cual, tokenizer):
    if isinstance(cual, tuple):
        return cual
    if tokenizer is None:
        raise AfinarError("comparar necesita el tokenizador: pásalo con tokenizer=...")
    return cual, tokenizer


def comparar(
    base,
    afinado,
    ejemplos,
    *,
    tokenizer=None,
    comprobaciones=(),
    max_new_tokens: int = 128,
) -> Comparacion:
    """Genera con el modelo base y el afinado sobre ``ejemplos`` y los compara.

    ``base`` y ``afinado`` son modelos (con ``tokenizer`` común) o pares (modelo, tokenizer).
    ``ejemplos``: filas con ``messages`` (la última respuesta del asistente es la
    referencia), ``texto`` (la primera mitad es la entrada) o ``prompt`` y ``referencia``.
    Genera sin azar (greedy), así el resultado se repite.
    """
    modelo_base, tok_base = _modelo_y_tokenizer(base, tokenizer)
    modelo_afinado, tok_afinado = _modelo_y_tokenizer(afinado, tokenizer)
    filas = list(ejemplos)
    if not filas:
        raise AfinarError("No hay ejemplos que comparar: pasa al menos uno.")
    entradas, preguntas, referencias = zip(*(separar(f) for f in filas), strict=True)
    respuestas_base = generar_respuestas(modelo_base, tok_base, entradas, max_new_tokens)
    respuestas_afinado = generar_respuestas(modelo_afinado, tok_afinado, entradas, max_new_tokens)
    return comparar_respuestas(
        preguntas, referencias, respuestas_base, respuestas_afinado, comprobaciones
    )


def generar_respuestas(modelo, tokenizer, entradas, max_new_tokens: int = 128, lote: int = 8):
    """Respuestas sin azar (greedy) a varias entradas, en lotes: mucho más rápido que una a una.

    Cada entrada es un texto o una lista de mensajes de chat. Se rellena por la izquierda, así
    que cada respuesta es la misma que se obtendría generando esa entrada sola.
    """
    import torch

    ids = []
    for entrada in entradas:
        if isinstance(entrada, str):
            ids.append(tokenizer(entrada)["input_ids"])
        else:
            texto = tokenizer.apply_chat_template(
                list(entrada), add_generation_prompt=True, tokenize=False
            )
            ids.append(tokenizer(texto, add_special_tokens=False)["input_ids"])
    relleno = tokenizer.pad_token_id
    if relleno is None:
        relleno = tokenizer.eos_token_id
    opciones = dict(
        max_new_tokens=max_new_tokens,
        do_sample=False,
        pad_token_id=relleno,
        temperature=None,  # el generation_config del modelo puede traerlos: aquí no cuentan
        top_p=None,
        top_k=None,
    )
    respuestas = []
    entrenando = modelo.training
    modelo.eval()
    try:
        for inicio in range(0, len(ids), lote):
            grupo = ids[inicio : inicio + lote]
            largo = max(len(fila) for fila in grupo)
            entrada = torch.tensor([[relleno] * (largo - len(f)) + f for f in grupo])
            atencion = torch.tensor([[0] * (largo - len(f)) + [1] * len(f) for f in grupo])
            with torch.no_grad():
                salida = modelo.generate(
                    input_ids=entrada.to(modelo.device),
                    attention_mask=atencion.to(modelo.device),
                    **opciones,
                )
            nuevos = salida[:, largo:]
            respuestas += [
                t.strip() for t in tokenizer.batch_decode(nuevos, skip_special_tokens=True)
            ]
    finally:
        modelo.train(entrenando)
    return respuestas


def comparar_respuestas(
    preguntas, referencias, respuestas_base, respuestas_afinado, comprobaciones=()
) -> Comparacion:
    """Compara respuestas ya generadas (útil si las generaste tú o vienen de otra herramienta)."""
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
    return Comparacion(filas)
