"""Piezas comunes para mostrar resultados: tablas (HTML y texto), histogramas y barras calladas.

Todo lo que afinar enseña en un cuaderno o en la terminal se dibuja con estas piezas.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import textwrap


@contextlib.contextmanager
def sin_barras():
    """Calla las barras de `datasets` y `transformers` (tokenizar, guardar) mientras dura el
    bloque: quien aprende solo ve la barra del entrenamiento."""
    from datasets.utils import logging as registro_datasets
    from transformers.utils import logging as registro_transformers

    encendidos = [
        r for r in (registro_datasets, registro_transformers) if r.is_progress_bar_enabled()
    ]
    for registro in encendidos:
        registro.disable_progress_bar()
    try:
        yield
    finally:
        for registro in encendidos:
            registro.enable_progress_bar()


def escapar(texto: object) -> str:
    return html.escape(str(texto))


def recortar(texto: str, n: int = 120) -> str:
    """Una línea de como mucho ``n`` caracteres, para enseñar ejemplos."""
    texto = " ".join(str(texto).split())
    return texto if len(texto) <= n else texto[: n - 1] + "…"


def tabla_html(filas: list[tuple], cabecera: tuple | None = None) -> str:
    partes = ['<table style="border-collapse:collapse;margin:4px 0">']
    if cabecera:
        partes.append(
            "<tr>"
            + "".join(
                f'<th style="text-align:left;padding:2px 10px;border-bottom:1px solid #999">'
                f"{escapar(c)}</th>"
                for c in cabecera
            )
            + "</tr>"
        )
    for fila in filas:
        partes.append(
            "<tr>"
            + "".join(
                f'<td style="text-align:left;padding:2px 10px;vertical-align:top">{escapar(c)}</td>'
                for c in fila
            )
            + "</tr>"
        )
    partes.append("</table>")
    return "".join(partes)


def tabla_texto(filas: list[tuple], cabecera: tuple | None = None) -> str:
    todas = ([tuple(map(str, cabecera))] if cabecera else []) + [tuple(map(str, f)) for f in filas]
    if not todas:
        return ""
    anchos = [max(len(f[i]) for f in todas if i < len(f)) for i in range(max(map(len, todas)))]
    lineas = ["  ".join(c.ljust(anchos[i]) for i, c in enumerate(f)).rstrip() for f in todas]
    if cabecera:
        lineas.insert(1, "  ".join("-" * a for a in anchos))
    return "\n".join(lineas)


def histograma_texto(valores, cubetas: int = 10, ancho: int = 40, unidad: str = "") -> str:
    """Histograma con barras de caracteres, para la consola (cubetas enteras si los valores lo son)."""
    import numpy as np

    valores = np.asarray(valores)
    if valores.size == 0:
        return "(sin datos)"
    enteros = np.issubdtype(valores.dtype, np.integer)
    if enteros:
        paso = max(1, int(np.ceil((int(valores.max()) - int(valores.min()) + 1) / cubetas)))
        bordes = np.arange(int(valores.min()), int(valores.max()) + paso + 1, paso)
        cuentas, bordes = np.histogram(valores, bins=bordes)
    else:
        cuentas, bordes = np.histogram(valores, bins=cubetas)
    maximo = max(int(cuentas.max()), 1)
    lineas = []
    for c, a, b in zip(cuentas, bordes[:-1], bordes[1:], strict=True):
        barra = "█" * int(round(ancho * c / maximo))
        if enteros:
            rango = f"{a}" if b - a == 1 else f"{a}–{b - 1}"
        else:
            rango = f"{a:.1f}–{b:.1f}"
        lineas.append(f"{rango + unidad:>14} {barra} {c}")
    return "\n".join(lineas)


def histograma_png(valores, titulo: str, etiqueta_x: str, lineas: dict | None = None) -> str:
    """Un histograma de matplotlib como PNG en base64 (para incrustar en HTML)."""
    import numpy as np
    from matplotlib.figure import Figure  # sin pyplot: no abre ventanas ni cambia el motor

    figura = Figure(figsize=(6, 2.6), dpi=90)
    ejes = figura.add_subplot()
    ejes.hist(np.asarray(valores), bins=min(40, max(5, len(valores) // 5 or 5)), color="#4C72B0")
    for nombre, x in (lineas or {}).items():
        ejes.axvline(x, color="#C44E52", linestyle="--")
        ejes.text(x, ejes.get_ylim()[1] * 0.9, f" {nombre}", color="#C44E52", fontsize=8)
    ejes.set_title(titulo, fontsize=10)
    ejes.set_xlabel(etiqueta_x)
    ejes.set_ylabel("ejemplos")
    figura.tight_layout()
    memoria = io.BytesIO()
    figura.savefig(memoria, format="png")
    return base64.b64encode(memoria.getvalue()).decode("ascii")


def imagen_html(png_base64: str) -> str:
    return f'<img src="data:image/png;base64,{png_base64}"/>'


class Tabla:
    """Una tabla pequeña que se ve como HTML en un cuaderno y como texto en la terminal."""

    def __init__(self, columnas: list[str], filas: list[list], titulo: str = "", formatos=None):
        self.columnas = list(columnas)
        self.filas = [list(f) for f in filas]
        self.titulo = titulo
        self.formatos = dict(formatos or {})

    def columna(self, nombre: str) -> list:
        """Los valores (sin formato) de una columna."""
        i = self.columnas.index(nombre)
        return [fila[i] for fila in self.filas]

    def _celdas(self) -> list[list[str]]:
        return [
            [self.formatos.get(c, str)(v) for c, v in zip(self.columnas, fila, strict=True)]
            for fila in self.filas
        ]

    def _repr_html_(self) -> str:
        titulo = f"<p><b>{escapar(self.titulo)}</b></p>" if self.titulo else ""
        return titulo + tabla_html(self._celdas(), tuple(self.columnas))

    def __str__(self) -> str:
        celdas = self._celdas()
        lineas = [self.titulo] if self.titulo else []
        if all(len(v) <= 30 and "\n" not in v for fila in celdas for v in fila):
            anchos = [
                max(len(x) for x in [c, *(f[i] for f in celdas)])
                for i, c in enumerate(self.columnas)
            ]
            for fila in [self.columnas, *celdas]:
                celdas_alineadas = (v.ljust(a) for v, a in zip(fila, anchos, strict=True))
                lineas.append("  ".join(celdas_alineadas).rstrip())
        else:  # textos largos: un bloque por fila
            for fila in celdas:
                lineas.append(f"── {fila[0]}")
                for columna, valor in zip(self.columnas[1:], fila[1:], strict=True):
                    envuelto = textwrap.fill(" ".join(valor.split()), 88, subsequent_indent="   ")
                    lineas.append(f"   {columna}: {envuelto}")
        return "\n".join(lineas)

    __repr__ = __str__
