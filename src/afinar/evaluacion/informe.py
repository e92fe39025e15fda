"""El informe de una comparación: totales, victorias/empates/derrotas, diagnóstico, veredicto,
HTML, Markdown y JSON.

Quién gana cada ejemplo y cómo se redacta el veredicto: :mod:`afinar.evaluacion.veredicto`.
Qué respuestas están degeneradas: :mod:`afinar.evaluacion.degeneracion`.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from statistics import mean

from afinar.errores import AfinarError
from afinar.evaluacion.degeneracion import NOMBRES, diagnosticar
from afinar.evaluacion.veredicto import MARGEN_EMPATE, redactar, resultado_de_fila

__all__ = ["MARGEN_EMPATE", "Comparacion"]


def _perplejidades(valor) -> tuple[float, float] | None:
    if valor is None:
        return None
    try:
        antes, despues = (float(v) for v in valor)
    except (TypeError, ValueError) as error:
        raise AfinarError(
            f"perplejidad={valor!r} no vale: pasa las dos medidas, (antes, después), por "
            "ejemplo perplejidad=(ppl_base, ppl_afinado)."
        ) from error
    if not all(math.isfinite(v) and v > 0 for v in (antes, despues)):
        raise AfinarError(
            f"perplejidad={valor!r} no vale: las dos perplejidades tienen que ser números "
            "positivos; mídelas con afinar.perplejidad antes y después de entrenar."
        )
    return antes, despues


class Comparacion:
    """Resultado de `afinar.comparar`: se ve como tabla en un cuaderno.

    Atributos: ``filas`` (una por ejemplo), ``resumen`` (totales), ``diagnostico`` y
    ``diagnostico_base`` (respuestas degeneradas de cada modelo), ``perplejidad`` ((antes,
    después) o None), ``ajustes`` (cómo se generó), ``entrenamiento`` (filas de entrenamiento y
    cuántas llevan etiquetas, si se pasaron), ``veredicto`` (texto) y ``mejora``/``empeora``.
    """

    def __init__(self, filas: list[dict], *, perplejidad=None, ajustes: dict | None = None,
                 entrenamiento: dict | None = None):
        if not filas:
            raise AfinarError("No hay ejemplos que comparar: pasa al menos uno.")
        self.filas = filas
        self.perplejidad = _perplejidades(perplejidad)
        self.ajustes = ajustes
        self.entrenamiento = entrenamiento
        referencias = [f["referencia"] for f in filas]
        self.diagnostico_base = diagnosticar([f["base"] for f in filas], referencias=referencias)
        self.diagnostico = diagnosticar([f["afinado"] for f in filas], referencias=referencias)
        for i, fila in enumerate(filas):
            for quien, d in (("base", self.diagnostico_base), ("afinado", self.diagnostico)):
                fila[f"degeneracion_{quien}"] = list(d.tipos[i])
                fila[f"inservible_{quien}"] = d.inservibles[i]
            fila["resultado"] = resultado_de_fila(fila)
        self.resumen = self._resumir()
        self.veredicto = redactar(self)

    def _resumir(self) -> dict:
        filas = self.filas
        nombres = list(filas[0]["comprobaciones_base"])
        resumen = {
            "ejemplos": len(filas),
            "chrf_base": mean(f["chrf_base"] for f in filas),
            "chrf_afinado": mean(f["chrf_afinado"] for f in filas),
            "rouge_l_base": mean(f["rouge_l_base"] for f in filas),
            "rouge_l_afinado": mean(f["rouge_l_afinado"] for f in filas),
            "ganadas": sum(f["resultado"] == "gana" for f in filas),
            "empates": sum(f["resultado"] == "empata" for f in filas),
            "perdidas": sum(f["resultado"] == "pierde" for f in filas),
            "degeneradas_base": self.diagnostico_base.degeneradas,
            "degeneradas_afinado": self.diagnostico.degeneradas,
            "comprobaciones": {
                c: {
                    "base": sum(f["comprobaciones_base"][c] for f in filas),
                    "afinado": sum(f["comprobaciones_afinado"][c] for f in filas),
                }
                for c in nombres
            },
        }
        if self.perplejidad is not None:
            resumen["perplejidad_antes"], resumen["perplejidad_despues"] = self.perplejidad
        return resumen

    @property
    def mejora(self) -> bool:
        """El afinado gana más ejemplos de los que pierde."""
        return self.resumen["ganadas"] > self.resumen["perdidas"]

    @property
    def empeora(self) -> bool:
        """El afinado pierde más ejemplos de los que gana."""
        return self.resumen["perdidas"] > self.resumen["ganadas"]

    def generacion(self) -> str:
        """Con qué ajustes se generaron las respuestas, en una frase."""
        if not self.ajustes:
            return "Respuestas generadas fuera de afinar (ajustes desconocidos)."
        a = self.ajustes
        opciones = ", ".join(f"{k}={v}" for k, v in a["opciones"].items() if k != "max_new_tokens")
        que = f"{a['descripcion']}: " if a.get("descripcion") else ""
        return (
            f"Generado con los ajustes «{a['nombre']}» ({que}{opciones}; como mucho "
            f"{a['opciones'].get('max_new_tokens')} tokens nuevos por respuesta)."
        )

    def diagnostico_texto(self) -> list[str]:
        """Las respuestas degeneradas de cada modelo, una línea por modelo."""
        return [f"{quien}: {d}" for quien, d in
                (("Base", self.diagnostico_base), ("Afinado", self.diagnostico))]

    def a_dict(self) -> dict:
        """Todo el informe como datos (lo que se guarda en informe.json)."""
        return {
            "veredicto": self.veredicto,
            "resumen": self.resumen,
            "diagnostico": {"base": self.diagnostico_base.a_dict(),
                            "afinado": self.diagnostico.a_dict()},
            "perplejidad": (dict(zip(("antes", "despues"), self.perplejidad, strict=True))
                            if self.perplejidad else None),
            "generacion": self.ajustes,
            "entrenamiento": self.entrenamiento,
            "filas": self.filas,
        }

    # ------------------------------------------------------------ presentación

    def _filas_resumen(self) -> list[tuple[str, str, str]]:
        r = self.resumen
        n = r["ejemplos"]
        filas = [
            ("chrF medio (0-100)", f"{r['chrf_base']:.1f}", f"{r['chrf_afinado']:.1f}"),
            ("ROUGE-L medio (0-1)", f"{r['rouge_l_base']:.2f}", f"{r['rouge_l_afinado']:.2f}"),
            ("respuestas degeneradas", f"{r['degeneradas_base']} de {n}",
             f"{r['degeneradas_afinado']} de {n}"),
        ]
        if self.perplejidad is not None:
            filas.append(("perplejidad en validación", f"{self.perplejidad[0]:.1f}",
                          f"{self.perplejidad[1]:.1f}"))
        return filas + [
            (f"cumple {nombre}", f"{c['base']} de {n}", f"{c['afinado']} de {n}")
            for nombre, c in r["comprobaciones"].items()
        ]

    def _repr_html_(self) -> str:
        e = html.escape
        resumen = "".join(
            f"<tr><td>{e(a)}</td><td>{e(b)}</td><td>{e(c)}</td></tr>"
            for a, b, c in self._filas_resumen()
        )
        diagnostico = "".join(f"<li>{e(linea)}</li>" for linea in self.diagnostico_texto())
        celdas = []
        estilo = "white-space:pre-wrap;text-align:left;vertical-align:top;max-width:22em"
        colores = {"gana": "#d4edda", "empata": "#f0f0f0", "pierde": "#f8d7da"}
        for i, f in enumerate(self.filas, 1):
            textos = "".join(
                f'<td style="{estilo}">{e(str(f[c]))}</td>'
                for c in ("pregunta", "referencia", "base", "afinado")
            )
            metricas = (
                f"chrF {f['chrf_base']:.1f} → {f['chrf_afinado']:.1f}<br>"
                f"ROUGE-L {f['rouge_l_base']:.2f} → {f['rouge_l_afinado']:.2f}"
            )
            celdas.append(
                f"<tr><td>{i}</td>{textos}<td>{metricas}</td>"
                f'<td style="background:{colores[f["resultado"]]}">'
                f"{e(_resultado_con_motivo(f))}</td></tr>"
            )
        return (
            f"<div><p><b>{e(self.veredicto)}</b></p>"
            f"<p>{e(self.generacion())}</p><ul>{diagnostico}</ul>"
            "<table><tr><th></th><th>base</th><th>afinado</th></tr>"
            f"{resumen}</table>"
            "<table><tr><th>#</th><th>Pregunta</th><th>Referencia</th><th>Base</th>"
            "<th>Afinado</th><th>Métricas (base → afinado)</th><th>Resultado</th></tr>"
            f"{''.join(celdas)}</table></div>"
        )

    def a_markdown(self) -> str:
        """El informe en Markdown (para la terminal, un README o un correo)."""

        def celda(texto) -> str:
            return str(texto).replace("|", "\\|").replace("\n", "<br>")

        lineas = ["# Informe de evaluación", "", self.veredicto, "", self.generacion(), ""]
        lineas += [f"- {linea}" for linea in self.diagnostico_texto()]
        lineas += ["", "| | base | afinado |", "|---|---|---|"]
        lineas += [f"| {celda(a)} | {b} | {c} |" for a, b, c in self._filas_resumen()]
        lineas += [
            "",
            "| # | Pregunta | Referencia | Base | Afinado | chrF | Resultado |",
            "|---|---|---|---|---|---|---|",
        ]
        for i, f in enumerate(self.filas, 1):
            lineas.append(
                f"| {i} | {celda(f['pregunta'])} | {celda(f['referencia'])} | "
                f"{celda(f['base'])} | {celda(f['afinado'])} | "
                f"{f['chrf_base']:.1f} → {f['chrf_afinado']:.1f} | "
                f"{celda(_resultado_con_motivo(f))} |"
            )
        return "\n".join(lineas) + "\n"

    def __str__(self) -> str:
        return self.a_markdown()

    def __repr__(self) -> str:
        return f"Comparacion({self.veredicto})"

    def guardar(self, carpeta=".") -> Path:
        """Escribe informe.html, informe.md e informe.json en ``carpeta``; devuelve la carpeta."""
        carpeta = Path(carpeta)
        carpeta.mkdir(parents=True, exist_ok=True)
        pagina = (
            '<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">'
            "<title>Informe de evaluación</title><style>table{border-collapse:collapse;"
            "margin:1em 0}td,th{border:1px solid #ccc;padding:4px}</style></head><body>"
            f"<h1>Informe de evaluación</h1>{self._repr_html_()}</body></html>"
        )
        (carpeta / "informe.html").write_text(pagina, encoding="utf-8")
        (carpeta / "informe.md").write_text(self.a_markdown(), encoding="utf-8")
        (carpeta / "informe.json").write_text(
            json.dumps(self.a_dict(), indent=2, ensure_ascii=False, default=str), encoding="utf-8"
        )
        return carpeta


def _resultado_con_motivo(fila: dict) -> str:
    """«pierde (en bucle)»: el resultado y, si alguna respuesta degeneró, cuál y cómo."""
    motivos = [
        f"{quien}: {', '.join(NOMBRES[t] for t in fila[clave])}"
        for quien, clave in (("base", "degeneracion_base"), ("afinado", "degeneracion_afinado"))
        if fila[clave]
    ]
    return f"{fila['resultado']} ({'; '.join(motivos)})" if motivos else fila["resultado"]
