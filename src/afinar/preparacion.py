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

from afinar.errores import AfinarError
from afinar.monitor import decir
from afinar.receta import Receta


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
    columnas = entrenamiento.column_names
    if "messages" in columnas:
        tipo = "chat"
    elif "texto" in columnas:
        tipo = "texto"
    else:
        raise AfinarError(
            f"Los datos tienen las columnas {columnas} y necesito «texto» (texto plano) o "
            "«messages» (chat): prepáralos con afinar.datos.cargar_datos."
        )
    total = len(entrenamiento)
    entrenamiento = _filas_utiles(entrenamiento.select_columns([_columna(tipo)]), tipo)
    if len(entrenamiento) == 0:
        que = "textos vacíos" if tipo == "texto" else "conversaciones sin respuesta del asistente"
        raise AfinarError(
            f"Los datos de entrenamiento no tienen ninguna fila útil: las {total} filas son "
            f"{que}. Revisa el archivo con afinar.datos.cargar_datos antes de entrenar."
        )
    if len(entrenamiento) < total:
        decir(f"Descarto {total - len(entrenamiento)} de {total} filas vacías.")
    if validacion is not None:
        validacion = _filas_utiles(validacion.select_columns([_columna(tipo)]), tipo)
    if validacion is None or len(validacion) == 0:
        if len(entrenamiento) < 4:
            raise AfinarError(
                f"Con {len(entrenamiento)} ejemplos no puedo apartar validación: necesito al "
                "menos 4 (mejor 50 o más)."
            )
        n_val = max(1, round(len(entrenamiento) * (receta.validacion or 0.1)))
        partes = entrenamiento.train_test_split(test_size=n_val, seed=receta.semilla)
        entrenamiento, validacion = partes["train"], partes["test"]
        decir(f"Aparto {n_val} ejemplos para validación y entreno con {len(entrenamiento)}.")
    if tipo == "chat":
        _comprobar_chat(tokenizer, entrenamiento, receta.max_length)
    return datasets.DatasetDict(train=entrenamiento, validation=validacion), tipo


def _columna(tipo: str) -> str:
    return "texto" if tipo == "texto" else "messages"


def _comprobar_chat(tokenizer, entrenamiento, max_length: int) -> None:
    if not getattr(tokenizer, "chat_template", None):
        raise AfinarError(
            "Los datos son de chat pero el tokenizador no tiene plantilla de chat: usa un modelo "
            "«-Instruct» o el de bolsillo, o convierte los datos a texto plano."
        )
    vacio = [{"role": "user", "content": ""}, {"role": "assistant", "content": ""}]
    plantilla = tokenizer.apply_chat_template(vacio, tokenize=False)
    coste = len(tokenizer(plantilla, add_special_tokens=False)["input_ids"])
    if max_length <= coste:
        raise AfinarError(
            f"max_length={max_length} no deja sitio al texto: la plantilla de chat ya ocupa "
            f"{coste} tokens por ejemplo. Usa un max_length de al menos {coste + 64}."
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


class sin_barras:
    """Calla las barras de `datasets` y `transformers` (tokenizar, guardar): solo queda una."""

    def __enter__(self):
        from datasets.utils import logging as registro_datasets
        from transformers.utils import logging as registro_transformers

        self.registros = [
            r for r in (registro_datasets, registro_transformers) if r.is_progress_bar_enabled()
        ]
        for registro in self.registros:
            registro.disable_progress_bar()

    def __exit__(self, *exc):
        for registro in self.registros:
            registro.enable_progress_bar()


def _plantilla_entrenamiento(tokenizer) -> str:
    """La plantilla de chat con marcas ``{% generation %}``, que dicen qué tokens son del asistente.

    Si la del modelo no las tiene, `trl.get_training_chat_template` trae versiones con marcas de
    las plantillas más comunes (Qwen, Llama…), que escriben el mismo texto; si ya las tiene,
    devuelve None y se usa la del modelo.
    """
    from trl import get_training_chat_template

    try:
        return get_training_chat_template(tokenizer) or tokenizer.chat_template
    except ValueError as error:
        raise AfinarError(
            "La plantilla de chat de este modelo no marca qué tokens escribe el asistente "
            "({% generation %}) y no conozco una versión que lo haga: usa un modelo «-Instruct» "
            "conocido (Qwen, Llama, SmolLM) o el de bolsillo, o convierte los datos a texto plano."
        ) from error


def empaquetar_chat(datos, tokenizer, max_length: int):
    """Chat → filas de hasta max_length tokens con varias conversaciones que no se ven entre sí.

    Cada conversación se tokeniza con la plantilla de chat; sus etiquetas (``labels``) son los
    tokens del asistente y -100 el resto (no se aprende a escribir las preguntas). Después,
    ``trl.pack_dataset`` (estrategia «best fit decreasing») reparte las conversaciones en filas
    y guarda en ``seq_lengths`` lo que mide cada una, para que `ColectorChat` les dé sus propias
    posiciones. Una conversación más larga que max_length se corta por el final; si el corte
    se lleva la respuesta entera, no enseña nada y se deja fuera (avisando).
    """
    from trl import pack_dataset

    plantilla = _plantilla_entrenamiento(tokenizer)

    def tokenizar(lote):
        salida = tokenizer.apply_chat_template(
            lote["messages"],
            chat_template=plantilla,
            tokenize=True,
            return_dict=True,
            return_assistant_tokens_mask=True,
        )
        ids, etiquetas, con_respuesta = [], [], []
        for fila, mascara in zip(salida["input_ids"], salida["assistant_masks"], strict=True):
            if 1 not in mascara:
                raise AfinarError(
                    "Una conversación no tiene ningún token del asistente al aplicar la plantilla de "
                    "chat: revisa que cada ejemplo tenga un mensaje con role «assistant» y texto."
                )
            ids.append(fila[:max_length])
            etiquetas.append([t if m else -100 for t, m in zip(fila, mascara, strict=True)][:max_length])
            con_respuesta.append(1 in mascara[:max_length])
        return {"input_ids": ids, "labels": etiquetas, "con_respuesta": con_respuesta,
                "largo": [len(f) for f in salida["input_ids"]]}

    import datasets

    tokenizado = datos.map(tokenizar, batched=True, remove_columns=["messages"])
    nombres = {"train": " de entrenamiento", "validation": " de validación"}
    partes = tokenizado.items() if isinstance(tokenizado, datasets.DatasetDict) else [("", tokenizado)]
    fuera = 0
    for nombre, parte in partes:
        largos = parte["largo"]
        cortados = sum(largo > max_length for largo in largos)
        if not cortados:
            continue
        # Si el corte se lleva la respuesta entera, esa conversación no enseña nada: fuera.
        vacias = len(largos) - sum(parte["con_respuesta"])
        fuera += vacias
        que = f"conversaciones{nombres.get(nombre, '')}"
        if vacias == len(largos):
            todas = (f"La única conversación{nombres.get(nombre, '')} pierde" if vacias == 1
                     else f"Las {vacias} {que} pierden")
            raise AfinarError(
                f"{todas} la respuesta entera al cortar a max_length={max_length} tokens (la más "
                f"larga tiene {max(largos)}): no queda nada que aprender. Sube max_length en la "
                "Receta o acorta las preguntas."
            )
        decir(
            f"Aviso: {cortados} de {len(largos)} {que} pasan de max_length={max_length} tokens "
            f"(la más larga tiene {max(largos)}) y se cortan por el final: sube max_length si la "
            "respuesta importa entera."
            + (f" En {vacias} no queda nada de la respuesta y las dejo fuera." if vacias else "")
        )
    if fuera:
        tokenizado = tokenizado.filter(bool, input_columns="con_respuesta")
    return pack_dataset(tokenizado.remove_columns(["largo", "con_respuesta"]), max_length, strategy="bfd")


class ColectorChat:
    """Junta filas empaquetadas en un lote: cada conversación con posiciones desde 0 y sin
    ``attention_mask``. Con eso, transformers construye una máscara que solo deja atender
    dentro de la misma conversación (mirando dónde vuelven a 0 las posiciones)."""

    def __init__(self, pad_token_id: int, multiplo: int = 1):
        self.pad_token_id = pad_token_id
        self.multiplo = multiplo

    def __call__(self, filas):
        import torch

        largo = max(len(f["input_ids"]) for f in filas)
        largo = -(-largo // self.multiplo) * self.multiplo
        ids = torch.full((len(filas), largo), self.pad_token_id)
        etiquetas = torch.full((len(filas), largo), -100)
        posiciones = torch.zeros((len(filas), largo), dtype=torch.long)  # el relleno: todo 0
        for j, fila in enumerate(filas):
            n = len(fila["input_ids"])
            ids[j, :n] = torch.tensor(fila["input_ids"])
            etiquetas[j, :n] = torch.tensor(fila["labels"])
            posiciones[j, :n] = torch.cat([torch.arange(k) for k in fila["seq_lengths"]])
        # El primer token de una conversación no se predice desde la anterior.
        etiquetas[posiciones == 0] = -100
        return {"input_ids": ids, "labels": etiquetas, "position_ids": posiciones}
