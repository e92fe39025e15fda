"""El informe de cada exportación: qué se escribió, cuánto ocupa, cómo usarlo y qué se comprobó."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from afinar.exportacion.comprobacion import Comprobacion

NOMBRE_INFORME = "informe_exportacion.md"


def tamano_legible(octetos: int) -> str:
    """1536 → «1,5 KB», con coma decimal como se escribe en español."""
    valor = float(octetos)
    for unidad in ("B", "KB", "MB", "GB"):
        if valor < 1024 or unidad == "GB":
            texto = f"{valor:.0f}" if unidad == "B" else f"{valor:.1f}"
            return f"{texto.replace('.', ',')} {unidad}"
        valor /= 1024
    return ""  # inalcanzable


@dataclass
class InformeExportacion:
    """Lo que hizo `exportar`: se imprime (texto), se ve en el cuaderno (HTML) y queda en la carpeta."""

    formato: str  # "fusionado", "gguf" u "ollama"
    cuantizacion: str | None  # "f16" o "q8_0" (GGUF y Ollama)
    carpeta: Path  # donde quedó todo
    origen: str  # qué se exportó, en palabras
    archivo: str | None = None  # el archivo principal (el .gguf), si lo hay
    archivos: list[tuple[str, int]] = field(default_factory=list)  # (nombre, octetos)
    comprobaciones: list[Comprobacion] = field(default_factory=list)
    uso: list[str] = field(default_factory=list)  # cómo usarlo: órdenes o código, una por línea
    notas: list[str] = field(default_factory=list)
    segundos: float = 0.0

    @property
    def correcto(self) -> bool:
        """¿Salieron bien todas las comprobaciones?"""
        return all(c.correcta for c in self.comprobaciones)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.archivos)

    def _titulo(self) -> str:
        detalle = f" {self.cuantizacion}" if self.cuantizacion else ""
        return f"Exportación «{self.formato}{detalle}»"

    def _veredicto(self) -> str:
        if self.correcto:
            return "Todas las comprobaciones salieron bien."
        return ("ATENCIÓN: alguna comprobación falló; revisa el detalle antes de usar lo "
                "exportado.")

    def a_markdown(self) -> str:
        """El informe en Markdown (el que se guarda en la carpeta como informe_exportacion.md)."""
        lineas = [f"# {self._titulo()}", "", f"Origen: {self.origen}.", "",
                  f"Carpeta: `{self.carpeta}` ({tamano_legible(self.total)} en total, "
                  f"{self.segundos:.0f} s).", "", "## Archivos", ""]
        lineas += [f"- `{nombre}`: {tamano_legible(n)}" for nombre, n in self.archivos]
        lineas += ["", "## Comprobaciones", ""]
        lineas += [f"- {'✓' if c.correcta else '✗'} {c.nombre}: {c.detalle}"
                   for c in self.comprobaciones]
        lineas += ["", self._veredicto(), "", "## Cómo usarlo", "", "```", *self.uso, "```"]
        if self.notas:
            lineas += ["", "## Notas", "", *[f"- {n}" for n in self.notas]]
        return "\n".join(lineas) + "\n"

    def __str__(self) -> str:
        lineas = [self._titulo(), f"  Origen: {self.origen}", f"  Carpeta: {self.carpeta}"]
        lineas += [f"  - {nombre}: {tamano_legible(n)}" for nombre, n in self.archivos]
        lineas.append("Comprobaciones:")
        lineas += [f"  {'✓' if c.correcta else '✗'} {c.nombre}: {c.detalle}"
                   for c in self.comprobaciones]
        lineas += [self._veredicto(), "Cómo usarlo:", *[f"  {u}" for u in self.uso]]
        lineas += [f"Nota: {n}" for n in self.notas]
        return "\n".join(lineas)

    def __repr__(self) -> str:
        return (f"InformeExportacion(formato={self.formato!r}, carpeta={str(self.carpeta)!r}, "
                f"correcto={self.correcto})")

    def _repr_html_(self) -> str:
        e = html.escape
        filas = "".join(f"<li><code>{e(n)}</code>: {tamano_legible(b)}</li>"
                        for n, b in self.archivos)
        pruebas = "".join(
            f"<li>{'✅' if c.correcta else '❌'} <b>{e(c.nombre)}</b>: {e(c.detalle)}</li>"
            for c in self.comprobaciones
        )
        notas = "".join(f"<li>{e(n)}</li>" for n in self.notas)
        return (
            f"<div><h4>{e(self._titulo())}</h4><p>Origen: {e(self.origen)}<br>"
            f"Carpeta: <code>{e(str(self.carpeta))}</code></p><ul>{filas}</ul>"
            f"<p><b>Comprobaciones</b></p><ul>{pruebas}</ul><p>{e(self._veredicto())}</p>"
            f"<p><b>Cómo usarlo</b></p><pre>{e(chr(10).join(self.uso))}</pre>"
            + (f"<p><b>Notas</b></p><ul>{notas}</ul>" if notas else "") + "</div>"
        )
