"""Preparar los datos para entrenar: comprobarlos, apartar validación y empaquetar texto.

- Filas sin texto (o conversaciones sin respuesta del asistente) se descartan, diciendo cuántas.
- Si los datos llegan sin dividir, se aparta una fracción para validación.
- En chat, se comprueba que la plantilla del tokenizador cabe en ``max_length``.
- En texto plano, los textos se concatenan y se cortan en bloques de ``max_length`` tokens
  (la receta clásica de preentrenamiento: ningún token de relleno).
- En chat, cada conversación se tokeniza con la plantilla del modelo (etiquetas solo en los
  tokens del asistente) y varias conversaciones comparten una fila de ``max_length`` tokens,
  cada una con sus propias posiciones: ninguna atiende a otra y casi no queda relleno.
"""

from __future__ import annotations

from dataclasses import replace

from afinar.datos.division import dividir
from afinar.datos.tipo import columna_principal, tipo_de_datos
from afinar.entrenamiento.chat import comprobar_chat, empaquetar_chat
from afinar.entrenamiento.monitor import decir
from afinar.entrenamiento.receta import Receta
from afinar.errores import AfinarError
from afinar.presentacion import sin_barras


def _filas_utiles(datos, tipo: str):
    if tipo == "texto":
        return datos.filter(lambda f: isinstance(f["texto"], str) and f["texto"].strip() != "")

    def util(fila):
        mensajes = fila["messages"] or []
        return any(
            m.get("role") == "assistant" and (m.get("content") or "").strip() for m in mensajes
        )

    return datos.filter(util)


def preparar_datos(datos, tokenizer, receta: Receta):
    """Comprueba los datos y devuelve (DatasetDict con train/validation, tipo "texto"|"chat")."""
    import datasets

    if isinstance(datos, list):
        datos = datasets.Dataset.from_list(datos)
    if isinstance(datos, datasets.DatasetDict):
        if "train" not in datos:
            raise AfinarError(
                f"Los datos tienen las particiones {list(datos)} pero falta «train»: "
                "divídelos con afinar.datos.dividir."
            )
        entrenamiento = datos["train"]
        validacion = datos.get("validation", datos.get("test"))
    elif isinstance(datos, datasets.Dataset):
        entrenamiento, validacion = datos, None
    else:
        raise AfinarError(
            f"No sé entrenar con datos de tipo {type(datos).__name__}: pasa un datasets.Dataset "
            "(por ejemplo, el de afinar.datos.cargar_datos)."
        )
    tipo = tipo_de_datos(entrenamiento)
    columna = columna_principal(entrenamiento)
    total = len(entrenamiento)
    entrenamiento = _filas_utiles(entrenamiento.select_columns([columna]), tipo)
    if len(entrenamiento) == 0:
        que = "textos vacíos" if tipo == "texto" else "conversaciones sin respuesta del asistente"
        raise AfinarError(
            f"Los datos de entrenamiento no tienen ninguna fila útil: las {total} filas son "
            f"{que}. Revisa el archivo con afinar.datos.cargar_datos antes de entrenar."
        )
    if len(entrenamiento) < total:
        decir(f"Descarto {total - len(entrenamiento)} de {total} filas vacías.")
    if validacion is not None:
        validacion = _filas_utiles(validacion.select_columns([columna]), tipo)
    if validacion is None or len(validacion) == 0:
        if len(entrenamiento) < 4:
            raise AfinarError(
                f"Con {len(entrenamiento)} ejemplos no puedo apartar validación: necesito al "
                "menos 4 (mejor 50 o más)."
            )
        n_val = max(1, round(len(entrenamiento) * (receta.validacion or 0.1)))
        partes = dividir(entrenamiento, n_val, receta.semilla)
        entrenamiento, validacion = partes["train"], partes["validation"]
        decir(f"Aparto {n_val} ejemplos para validación y entreno con {len(entrenamiento)}.")
    if tipo == "chat":
        comprobar_chat(tokenizer, entrenamiento, receta.max_length)
    else:
        _avisar_filas_cortas(entrenamiento)
    return datasets.DatasetDict(train=entrenamiento, validation=validacion), tipo


PALABRAS_POR_FILA = 8  # con menos (de mediana), cada fila enseña sobre todo a terminar


def _avisar_filas_cortas(entrenamiento) -> None:
    """Texto plano con filas muy cortas (un verso, una frase por fila): cada fila acaba en el
    token de fin, así que el modelo aprende sobre todo a terminar enseguida."""
    muestra = entrenamiento.select(range(min(len(entrenamiento), 2000)))["texto"]
    palabras = sorted(len(t.split()) for t in muestra)
    mediana = palabras[len(palabras) // 2]
    if mediana < PALABRAS_POR_FILA:
        decir(
            f"Aviso: tus textos son muy cortos ({mediana} palabras de mediana por fila) y cada uno "
            "termina con el token de fin: el modelo aprenderá a terminar enseguida (puede acabar "
            "sin escribir nada). Junta filas seguidas en pasajes más largos antes de entrenar."
        )


def empaquetar(datos, tokenizer, max_length: int):
    """Texto plano → bloques de max_length tokens (cada texto termina en el token de fin)."""
    fin = tokenizer.eos_token or ""

    def trocear(lote):
        ids = tokenizer([t + fin for t in lote["texto"]], add_special_tokens=False)["input_ids"]
        seguido = [i for fila in ids for i in fila]
        bloques = [seguido[i : i + max_length] for i in range(0, len(seguido), max_length)]
        if len(bloques) > 1 and len(bloques[-1]) < max_length // 4:
            bloques.pop()  # un resto muy corto sería casi todo relleno
        return {"input_ids": bloques, "attention_mask": [[1] * len(b) for b in bloques]}

    return datos.map(trocear, batched=True, batch_size=1000, remove_columns=["texto"])


def colocar_en_filas(conjunto, tipo: str, tokenizer, receta: Receta):
    """Coloca los ejemplos en filas de ``max_length`` tokens, sin relleno, y ajusta cuántas filas
    entran en cada paso. Devuelve (conjunto colocado, receta con ese lote, ejemplos originales).

    El texto plano se concatena (un texto puede ver al anterior, como al preentrenar); las
    conversaciones se colocan enteras y cada una solo se ve a sí misma.
    """
    with sin_barras():
        if tipo == "texto":
            ejemplos = len(conjunto["train"])
            conjunto = empaquetar(conjunto, tokenizer, receta.max_length)
        else:
            conjunto = empaquetar_chat(conjunto, tokenizer, receta.max_length)
            # Sin las conversaciones que perdieron la respuesta entera al cortarlas.
            ejemplos = sum(len(s) for s in conjunto["train"]["seq_lengths"])
    # Cada fila junta varios ejemplos: para que un paso vea tantos tokens como `lote` ejemplos
    # (y no varias veces más, con muchos menos pasos), se ajusta el número de filas por paso.
    # Medido en benchmarks/entrenamiento.py: con 8 filas llenas por paso la pérdida salía un 10 %
    # peor que la receta de referencia; así, igual o mejor y más rápido.
    tokens = sum(len(b) for b in conjunto["train"]["input_ids"])
    filas = max(1, min(receta.lote, round(receta.lote * tokens / ejemplos / receta.max_length)))
    que = "textos" if tipo == "texto" else "conversaciones"
    decir(
        f"Coloco {ejemplos} {que} en {len(conjunto['train'])} filas de hasta {receta.max_length} "
        f"tokens, sin relleno; {filas} fila(s) por paso: tantos tokens como {receta.lote} {que}."
    )
    return conjunto, replace(receta, lote=filas), ejemplos
