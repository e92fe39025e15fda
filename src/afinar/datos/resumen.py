"""Resumir un Dataset: filas, caracteres, palabras y tokens, con percentiles e histograma."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from afinar.datos.columnas import miles
from afinar.datos.tipo import columna_principal
from afinar.datos.tokens import longitudes
from afinar.presentacion import (
    escapar,
    histograma_png,
    histograma_texto,
    imagen_html,
    tabla_html,
    tabla_texto,
)


@dataclass
class Resumen:
    """Filas, caracteres, palabras y (con tokenizador) tokens de un Dataset, con histograma."""

    filas: int
    caracteres: int
    palabras: int
    tokens: int | None
    largos: np.ndarray  # en tokens si hay tokenizador; si no, en palabras
    unidad: str
    muestra: int | None
    columna: str

    def _tabla(self):
        p = np.percentile(self.largos, [50, 90, 95, 99]) if len(self.largos) else [0] * 4
        filas = [("filas", miles(self.filas)), ("caracteres", miles(self.caracteres)),
                 ("palabras", miles(self.palabras))]  # fmt: skip
        if self.tokens is not None:
            estimado = " (estimado con una muestra)" if self.muestra else ""
            filas.append(("tokens", miles(self.tokens) + estimado))
        filas.append((f"{self.unidad} por ejemplo (mediana, p90, p95, p99, máx.)",
                      ", ".join(f"{x:.0f}" for x in p) + f", {self.largos.max() if len(self.largos) else 0}"))  # fmt: skip
        return filas

    def __str__(self) -> str:
        return (f"Resumen ({'conversaciones' if self.columna == 'messages' else 'texto'})\n"
                + tabla_texto(self._tabla()) + "\n" + histograma_texto(self.largos, unidad=""))  # fmt: skip

    __repr__ = __str__

    def _repr_html_(self) -> str:
        png = histograma_png(self.largos, f"{self.unidad.capitalize()} por ejemplo", self.unidad)
        return (
            f"<b>Resumen ({escapar(self.columna)})</b>"
            + tabla_html(self._tabla())
            + imagen_html(png)
        )


def resumen(ds, tokenizer=None, muestra: int = 5000, semilla: int = 42) -> Resumen:
    """Cuenta filas, caracteres, palabras y tokens, con percentiles de largo y un histograma.

    Los caracteres y las palabras se cuentan en todas las filas. Los tokens se cuentan en
    todas si hay hasta ``muestra`` filas; si hay más, en una muestra al azar y se extrapola.
    """
    import pyarrow.compute as pc

    columna = columna_principal(ds)
    if columna == "texto":
        textos = ds.select_columns(["texto"]).with_format("arrow")[:]["texto"]
        textos = pc.fill_null(textos, "")
        caracteres = int(pc.sum(pc.utf8_length(textos)).as_py() or 0)
        palabras_fila = pc.list_value_length(pc.utf8_split_whitespace(textos)).to_numpy(
            zero_copy_only=False
        )
    else:
        caracteres, palabras = 0, []
        for lote in ds.select_columns(["messages"]).iter(batch_size=10_000):  # sin copiar todo
            for conversacion in lote["messages"]:
                contenidos = [m["content"] or "" for m in conversacion]
                caracteres += sum(len(c) for c in contenidos)
                palabras.append(sum(len(c.split()) for c in contenidos))
        palabras_fila = np.array(palabras, dtype=np.int64)
    tokens, largos, unidad, usada = None, palabras_fila, "palabras", None
    if tokenizer is not None and len(ds):
        medida = longitudes(ds, tokenizer, muestra=muestra, semilla=semilla)
        largos, unidad, usada = medida.valores, "tokens", medida.muestra
        tokens = int(medida.valores.sum() * (len(ds) / len(medida.valores)))
    return Resumen(
        len(ds),
        caracteres,
        int(palabras_fila.sum()),
        tokens,
        np.asarray(largos),
        unidad,
        usada,
        columna,
    )
