"""Ver y contar tokens: lo que el modelo ve de verdad cuando le das un texto.

- :func:`mostrar_tokens`: cada token en color con su número (id).
- :func:`comparar_tokenizadores`: cuántos tokens por palabra gasta cada tokenizador.
- :func:`entrenar_tokenizador`: un tokenizador BPE en segundos, para ver cómo nace un vocabulario.
- :func:`longitudes`: la distribución de largos en tokens, para elegir ``max_length``.
- :func:`comparar_relleno`: cuánto se desperdicia rellenando (padding) frente a empaquetar (packing).

Todos devuelven objetos que se ven en color en un cuaderno y como texto en la consola.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from afinar.datos.tipo import textos as textos_de
from afinar.datos.tipo import tipo_de_datos
from afinar.errores import AfinarError
from afinar.presentacion import (
    escapar,
    histograma_png,
    histograma_texto,
    imagen_html,
    tabla_html,
    tabla_texto,
)

_COLORES = ["#FFD6A5", "#CAFFBF", "#9BF6FF", "#BDB2FF", "#FFC6FF", "#FDFFB6", "#A0C4FF", "#FFADAD"]


def _visible(pieza: str) -> str:
    return pieza.replace(" ", "␣").replace("\n", "↵").replace("\t", "⇥")


@dataclass
class Tokens:
    """El resultado de :func:`mostrar_tokens`: ``ids``, ``piezas`` (el texto de cada token)."""

    ids: list[int]
    piezas: list[str]
    especiales: list[bool]

    def __len__(self) -> int:
        return len(self.ids)

    def __str__(self) -> str:
        piezas = "".join(f"[{_visible(p)}]" for p in self.piezas)
        return f"{len(self.ids)} tokens: {piezas}\nids: {self.ids}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        spans = []
        for i, (id_, pieza, especial) in enumerate(
            zip(self.ids, self.piezas, self.especiales, strict=True)
        ):
            fondo = "#E0E0E0" if especial else _COLORES[i % len(_COLORES)]
            borde = "1px dashed #555" if especial else "none"
            spans.append(
                f'<span title="id {id_}" style="display:inline-block;background:{fondo};border:'
                f"{borde};border-radius:3px;margin:2px 1px;padding:1px 3px;text-align:center;"
                f'font-family:monospace;color:#000">{escapar(_visible(pieza))}'
                f'<br><span style="font-size:70%;color:#444">{id_}</span></span>'
            )
        return f"<div><b>{len(self.ids)} tokens</b><br>{''.join(spans)}</div>"


def mostrar_tokens(tokenizer, texto: str, especiales: bool = False) -> Tokens:
    """Parte ``texto`` en tokens y los muestra en color, cada uno con su id.

    Los espacios se ven como ␣ y los saltos de línea como ↵: un espacio suele ir pegado al
    principio de la palabra siguiente. Si una letra se parte en varios tokens (sus bytes), la
    letra va en el primero y los demás muestran ⋯. Con ``especiales=True`` se añaden los tokens especiales
    que el tokenizador pone solo (por ejemplo el de inicio de texto), con borde discontinuo.
    """
    codificado = tokenizer(texto, add_special_tokens=especiales,
                           return_offsets_mapping=getattr(tokenizer, "is_fast", False))  # fmt: skip
    ids = list(codificado["input_ids"])
    id_especiales = set(tokenizer.all_special_ids)
    piezas, anterior = [], None
    for j, id_ in enumerate(ids):
        if "offset_mapping" in codificado and id_ not in id_especiales:
            inicio, fin = codificado["offset_mapping"][j]
            # Varios tokens pueden cubrir una misma letra (una «ú» partida en sus dos bytes):
            # la letra se muestra en el primero y los demás llevan «⋯» (otro byte de esa letra).
            pieza = texto[inicio:fin] if (inicio, fin) != anterior else "⋯"
            anterior = (inicio, fin)
        else:
            pieza = tokenizer.convert_ids_to_tokens(id_)
        piezas.append(pieza)
    return Tokens(ids, piezas, [i in id_especiales for i in ids])


def _palabras(texto: str) -> int:
    return len(re.findall(r"\w+", texto))


@dataclass
class ComparacionTokenizadores:
    """Tokens de un mismo texto con varios tokenizadores."""

    texto: str
    filas: list[tuple[str, int, int, int, float]]  # nombre, vocabulario, tokens, palabras, t/p
    tokens: dict[str, Tokens]

    _CABECERA = ("tokenizador", "vocabulario", "tokens", "palabras", "tokens por palabra")

    def _tabla(self):
        return [(n, v, t, p, f"{r:.2f}") for n, v, t, p, r in self.filas]

    def __str__(self) -> str:
        partes = [tabla_texto(self._tabla(), self._CABECERA)]
        partes += [
            f"\n{n}: " + "".join(f"[{_visible(p)}]" for p in t.piezas)
            for n, t in self.tokens.items()
        ]
        return "\n".join(partes)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        partes = [tabla_html(self._tabla(), self._CABECERA)]
        partes += [f"<p><b>{escapar(n)}</b></p>{t._repr_html_()}" for n, t in self.tokens.items()]
        return "".join(partes)


def comparar_tokenizadores(tokenizadores: dict, texto: str) -> ComparacionTokenizadores:
    """Compara tokenizadores (``{"nombre": tokenizer, ...}``) sobre el mismo texto en español.

    Menos tokens por palabra = el modelo «lee» más texto con la misma memoria y aprende más
    rápido. Los vocabularios entrenados con poco español parten las palabras en muchos trozos.
    """
    filas, tokens = [], {}
    palabras = max(_palabras(texto), 1)
    for nombre, tok in tokenizadores.items():
        t = mostrar_tokens(tok, texto)
        tokens[nombre] = t
        filas.append((nombre, len(tok), len(t), palabras, len(t) / palabras))
    return ComparacionTokenizadores(texto, filas, tokens)


def entrenar_tokenizador(textos, tamano_vocabulario: int = 500):
    """Entrena en segundos un tokenizador BPE por bytes (como el de GPT-2, Llama o Qwen).

    Empieza con los 256 bytes y va uniendo los pares que más se repiten en ``textos`` hasta
    tener ``tamano_vocabulario`` piezas. Devuelve un ``PreTrainedTokenizerFast`` normal.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    entrenador = trainers.BpeTrainer(
        vocab_size=tamano_vocabulario, special_tokens=["<|endoftext|>", "<|pad|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False,
    )  # fmt: skip
    tok.train_from_iterator(list(textos), entrenador)
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, eos_token="<|endoftext|>", pad_token="<|pad|>"
    )


def _redondear(n: float) -> int:
    """El siguiente múltiplo cómodo (32, 64, 128…) que cubre ``n``."""
    paso = 32 if n <= 256 else 64 if n <= 1024 else 256
    return int(max(paso, math.ceil(n / paso) * paso))


@dataclass
class Longitudes:
    """Largo en tokens de cada ejemplo. ``sugerencia`` es un ``max_length`` que cubre ``cobertura``."""

    valores: np.ndarray
    cobertura: float
    muestra: int | None = None

    @property
    def sugerencia(self) -> int:
        return _redondear(float(np.percentile(self.valores, self.cobertura * 100)))

    def percentil(self, p: float) -> float:
        """El largo en tokens por debajo del cual queda el ``p`` % de los ejemplos."""
        return float(np.percentile(self.valores, p))

    def cubiertos(self, max_length: int) -> float:
        """Fracción de ejemplos que caben enteros en ``max_length`` tokens."""
        return float(np.mean(self.valores <= max_length))

    def _lineas(self) -> list[str]:
        v, s = self.valores, self.sugerencia
        return [
            f"{len(v)} ejemplos"
            + (f" (muestra al azar de {self.muestra})" if self.muestra else "")
            + f": mediana {np.median(v):.0f} tokens, percentil 95 {self.percentil(95):.0f}, "
            f"máximo {v.max()}.",
            f"max_length={s} deja enteros el {100 * self.cubiertos(s):.0f} % de los ejemplos; "
            f"los demás se cortan (truncation).",
        ]

    def __str__(self) -> str:
        return "\n".join(self._lineas()) + "\n" + histograma_texto(self.valores, unidad=" t")

    __repr__ = __str__

    def _repr_html_(self) -> str:
        png = histograma_png(self.valores, "Largo de los ejemplos", "tokens",
                             {"percentil 95": self.percentil(95), "max_length": self.sugerencia})  # fmt: skip
        return "<br>".join(escapar(linea) for linea in self._lineas()) + "<br>" + imagen_html(png)


def longitudes(
    ds, tokenizer, cobertura: float = 0.95, muestra: int = 5000, semilla: int = 42
) -> Longitudes:
    """Cuenta los tokens de cada ejemplo y sugiere un ``max_length`` que cubra ``cobertura``.

    Con más de ``muestra`` filas se mide una muestra al azar (basta para los percentiles).
    """
    if len(ds) == 0:
        raise AfinarError("El Dataset está vacío: no hay largos que medir.")
    usada = None
    if len(ds) > muestra:
        ds, usada = ds.shuffle(seed=semilla).select(range(muestra)), muestra
    textos = textos_de(ds, tokenizer)
    # La plantilla de chat ya pone sus tokens especiales: no se añaden otra vez.
    ids = tokenizer(textos, add_special_tokens=tipo_de_datos(ds) == "texto")["input_ids"]
    return Longitudes(np.array([len(x) for x in ids]), cobertura, usada)


@dataclass
class Relleno:
    """Relleno (padding) frente a empaquetado (packing) para unos largos y un ``max_length``."""

    filas: list[tuple]

    _CABECERA = ("estrategia", "secuencias", "tokens de texto", "tokens de relleno", "desperdicio")

    def __str__(self) -> str:
        return tabla_texto(self.filas, self._CABECERA)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return tabla_html(self.filas, self._CABECERA)


def comparar_relleno(largos, max_length: int, lote: int = 8) -> Relleno:
    """Cuenta cuántos tokens de relleno gasta cada estrategia con estos ``largos``.

    - relleno al más largo del lote: cada lote se rellena hasta su ejemplo más largo;
    - relleno fijo a ``max_length``: todos los ejemplos se rellenan hasta ``max_length``;
    - empaquetado: los ejemplos se ponen uno detrás de otro y se cortan en trozos de
      ``max_length``; casi no hay relleno, pero un trozo puede mezclar dos ejemplos.
    """
    largos = np.minimum(np.asarray(getattr(largos, "valores", largos)), max_length)
    texto = int(largos.sum())
    filas = []
    por_lote = sum(
        int(largos[i : i + lote].max()) * len(largos[i : i + lote])
        for i in range(0, len(largos), lote)
    )
    for nombre, total, secuencias in (
        ("relleno al más largo del lote", por_lote, len(largos)),
        (f"relleno fijo a {max_length}", max_length * len(largos), len(largos)),
        ("empaquetado", math.ceil(texto / max_length) * max_length, math.ceil(texto / max_length)),
    ):
        filas.append(
            (nombre, secuencias, texto, total - texto, f"{100 * (total - texto) / total:.0f} %")
        )
    return Relleno(filas)
