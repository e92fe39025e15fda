"""Lo que enseña el cuaderno 2 sin que quien aprende escriba código: un vistazo al archivo, el
tokenizador listo para usar, un lote en tabla y una conversación en tokens con sus etiquetas."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from afinar.curso.cuaderno2 import etiquetas
from afinar.datos.codificacion import modo_de_lectura
from afinar.datos.lectura_tablas import separador_de_archivo
from afinar.datos.tablas import UNA_COLUMNA
from afinar.generacion.plantillas import tokenizar_conversacion
from afinar.modelos import PLANTILLA_CHAT, RUTA_BOLSILLO, id_de_relleno
from afinar.presentacion import Tabla


def vistazo(ruta, filas: int = 5):
    """Las primeras ``filas`` del archivo tal cual (una tabla de pandas, o el texto del principio).

    Adivina la codificación y el separador igual que ``cargar_datos`` (con sus mismas
    funciones); no cambia nada.
    """
    import pandas as pd

    ruta = Path(ruta)
    sufijo = ruta.suffix.lower()
    if sufijo in {".xlsx", ".xlsm", ".ods"}:
        return pd.read_excel(ruta, nrows=filas)
    modo = modo_de_lectura(ruta)
    codificacion = modo["codificacion"]
    if codificacion.lower().replace("-", "") == "utf8":
        codificacion = "utf-8-sig"  # sin la marca (BOM) que Excel pone al principio
    if sufijo in {".csv", ".tsv"}:
        separador = separador_de_archivo(ruta, modo) or UNA_COLUMNA  # None: una sola columna
        return pd.read_csv(ruta, sep=separador, encoding=codificacion, nrows=filas)
    with open(ruta, encoding=codificacion, errors="replace", newline="") as archivo:
        principio = archivo.read(20000)
    return Tabla(["principio del archivo"], [[principio[:600] + "…"]],
                 f"{ruta.name} ({codificacion}):")  # fmt: skip


def cargar_tokenizador(modelo: str = "bolsillo"):
    """El tokenizador de ``modelo`` con ``AutoTokenizer``, listo para rellenar y para chat.

    Si no trae token de relleno (algunos modelos base), usa el de fin de texto; si no trae
    plantilla de chat, usa la de bolsillo, y lo dice.
    """
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(RUTA_BOLSILLO) if modelo == "bolsillo" else modelo)
    id_de_relleno(tokenizer)  # la regla de relleno de afinar: el de fin de texto si no trae
    if not getattr(tokenizer, "chat_template", None):
        tokenizer.chat_template = PLANTILLA_CHAT
        print("Este modelo no trae plantilla de chat: para los ejemplos uso la de bolsillo.")
    print(f"{modelo}: vocabulario de {len(tokenizer)} tokens")
    return tokenizer


def tabla_de_lote(lote, tokenizer) -> Tabla:
    """Un lote tokenizado como tabla: cada fila con sus tokens, sus ids y su máscara."""
    filas = []
    for n, (ids, mascara) in enumerate(zip(lote["input_ids"], lote["attention_mask"], strict=True)):
        trozos = " ".join(repr(tokenizer.decode([i])) for i in ids)
        filas.append([n + 1, trozos, " ".join(map(str, ids)), " ".join(map(str, mascara))])
    return Tabla(["frase", "tokens", "input_ids", "attention_mask"], filas,
                 "Un lote: las dos frases miden lo mismo.")  # fmt: skip


@dataclass
class ConversacionEnTokens:
    """Una conversación (pregunta y respuesta) en tokens, con relleno al final. ``mascara`` marca
    con 1 los tokens de los que aprende el modelo, los mismos que al entrenar."""

    tokens: list[str]
    input_ids: list[int]
    mascara: list[int]
    pad_id: int
    relleno: int

    @property
    def n_pregunta(self) -> int:
        """Cuántos tokens hay antes de la respuesta (la pregunta con las marcas de la plantilla)."""
        return self.mascara.index(1) if 1 in self.mascara else len(self.mascara)

    def _filas(self, con_etiquetas: bool):
        labels = etiquetas(self.input_ids, self.mascara)
        filas = []
        for i, (token, id_) in enumerate(zip(self.tokens, self.input_ids, strict=True)):
            fila = [i + 1, repr(token), id_]
            filas.append(fila + [labels[i]] if con_etiquetas else fila)
        return filas

    def _titulo(self) -> str:
        return (f"{len(self.input_ids)} tokens: los {self.n_pregunta} primeros son la pregunta (con "
                f"las marcas de la plantilla) y los {self.relleno} últimos, relleno.")  # fmt: skip

    def tabla(self) -> Tabla:
        """La conversación token a token (sin las etiquetas: son el ejercicio)."""
        return Tabla(["n.º", "token", "input_ids"], self._filas(False), self._titulo())

    def con_etiquetas(self) -> Tabla:
        """La misma tabla con la columna ``labels`` (la solución del ejercicio)."""
        return Tabla(["n.º", "token", "input_ids", "labels"], self._filas(True), self._titulo())

    def __str__(self) -> str:
        return str(self.tabla())

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return self.tabla()._repr_html_()


def conversacion_en_tokens(tokenizer, pregunta: str, respuesta: str, relleno: int = 3):
    """La conversación ``pregunta`` → ``respuesta`` con la plantilla del modelo, en tokens, y qué
    tokens cuentan para aprender (`afinar.generacion.plantillas.tokenizar_conversacion`, la misma
    decisión que usa el entrenamiento)."""
    mensajes = [{"role": "user", "content": pregunta}, {"role": "assistant", "content": respuesta}]
    ids, mascara = tokenizar_conversacion(tokenizer, mensajes)
    pad = id_de_relleno(tokenizer)
    ids, mascara = list(ids) + [pad] * relleno, list(mascara) + [0] * relleno
    tokens = [tokenizer.decode([i]) for i in ids]
    return ConversacionEnTokens(tokens, ids, mascara, pad, relleno)
