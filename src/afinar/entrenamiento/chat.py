"""Datos de chat para entrenar: tokenizar cada conversación con las etiquetas del asistente y
colocar varias por fila (cada una con sus posiciones, sin verse entre sí)."""

from __future__ import annotations

from afinar.entrenamiento.monitor import decir
from afinar.errores import AfinarError
from afinar.generacion.plantillas import tokenizar_conversacion, tokenizar_conversaciones


def comprobar_chat(tokenizer, entrenamiento, max_length: int) -> None:
    if not getattr(tokenizer, "chat_template", None):
        raise AfinarError(
            "Los datos son de chat pero el tokenizador no tiene plantilla de chat: usa un modelo "
            "«-Instruct» o el de bolsillo, o convierte los datos a texto plano."
        )
    vacio = [{"role": "user", "content": ""}, {"role": "assistant", "content": ""}]
    coste = len(tokenizar_conversacion(tokenizer, vacio)[0])
    if max_length <= coste:
        raise AfinarError(
            f"max_length={max_length} no deja sitio al texto: la plantilla de chat ya ocupa "
            f"{coste} tokens por ejemplo. Usa un max_length de al menos {coste + 64}."
        )


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

    def tokenizar(lote):
        salida = tokenizar_conversaciones(tokenizer, lote["messages"])
        ids, etiquetas, con_respuesta = [], [], []
        for fila, mascara in zip(salida["input_ids"], salida["mascara"], strict=True):
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
    partes = tokenizado.items() if isinstance(tokenizado, datasets.DatasetDict) else [("", tokenizado)]
    fuera = sum(_avisar_cortadas(nombre, parte, max_length) for nombre, parte in partes)
    if fuera:
        tokenizado = tokenizado.filter(bool, input_columns="con_respuesta")
    return pack_dataset(tokenizado.remove_columns(["largo", "con_respuesta"]), max_length, strategy="bfd")


def _avisar_cortadas(nombre: str, parte, max_length: int) -> int:
    """Avisa de las conversaciones que no caben y cuenta las que pierden la respuesta entera
    (no enseñan nada y se dejan fuera); si son todas, es un error."""
    largos = parte["largo"]
    cortados = sum(largo > max_length for largo in largos)
    if not cortados:
        return 0
    vacias = len(largos) - sum(parte["con_respuesta"])
    de = {"train": " de entrenamiento", "validation": " de validación"}.get(nombre, "")
    if vacias == len(largos):
        todas = (f"La única conversación{de} pierde" if vacias == 1
                 else f"Las {vacias} conversaciones{de} pierden")
        raise AfinarError(
            f"{todas} la respuesta entera al cortar a max_length={max_length} tokens (la más "
            f"larga tiene {max(largos)}): no queda nada que aprender. Sube max_length en la "
            "Receta o acorta las preguntas."
        )
    decir(
        f"Aviso: {cortados} de {len(largos)} conversaciones{de} pasan de max_length={max_length} "
        f"tokens (la más larga tiene {max(largos)}) y se cortan por el final: sube max_length si "
        "la respuesta importa entera."
        + (f" En {vacias} no queda nada de la respuesta y las dejo fuera." if vacias else "")
    )
    return vacias


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
