"""El informe de una comparación: totales, victorias/empates/derrotas, veredicto, HTML y Markdown.

Regla de cada ejemplo: gana el modelo que cumple más comprobaciones tuyas; si cumplen las
mismas, el de mayor chrF, y si la diferencia de chrF es menor que `MARGEN_EMPATE` puntos,
es un empate. El veredicto sigue a los números: si el afinado pierde más veces de las que
gana, se dice que es peor.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from statistics import mean

MARGEN_EMPATE = 2.0  # puntos de chrF (0-100) por debajo de los cuales no hay diferencia real


def _resultado(fila: dict) -> str:
    a = sum(fila["comprobaciones_afinado"].values())
    b = sum(fila["comprobaciones_base"].values())
    if a != b:
        return "gana" if a > b else "pierde"
    diferencia = fila["chrf_afinado"] - fila["chrf_base"]
    if abs(diferencia) < MARGEN_EMPATE:
        return "empata"
    return "gana" if diferencia > 0 else "pierde"


def _cambio(antes: float, despues: float, decimales: int) -> str:
    d = despues - antes
    verbo = "sube" if d > 0 else ("baja" if d < 0 else "no cambia")
    cifra = f" {abs(d):.{decimales}f}" if d else ""
    return f"{antes:.{decimales}f} → {despues:.{decimales}f} ({verbo}{cifra})"


class Comparacion:
    """Resultado de `afinar.evaluar.comparar`: se ve como tabla en un cuaderno.

    Atributos: ``filas`` (una por ejemplo), ``resumen`` (totales), ``veredicto`` (texto),
    ``mejora`` (True si el afinado gana más veces de las que pierde).
    """

    def __init__(self, filas: list[dict]):
        self.filas = filas
        for fila in filas:
            fila["resultado"] = _resultado(fila)
        n = len(filas)
        nombres = list(filas[0]["comprobaciones_base"]) if filas else []
        self.resumen = {
            "ejemplos": n,
            "chrf_base": mean(f["chrf_base"] for f in filas),
            "chrf_afinado": mean(f["chrf_afinado"] for f in filas),
            "rouge_l_base": mean(f["rouge_l_base"] for f in filas),
            "rouge_l_afinado": mean(f["rouge_l_afinado"] for f in filas),
            "ganadas": sum(f["resultado"] == "gana" for f in filas),
            "empates": sum(f["resultado"] == "empata" for f in filas),
            "perdidas": sum(f["resultado"] == "pierde" for f in filas),
            "comprobaciones": {
                c: {
                    "base": sum(f["comprobaciones_base"][c] for f in filas),
                    "afinado": sum(f["comprobaciones_afinado"][c] for f in filas),
                }
                for c in nombres
            },
        }
        self.veredicto = self._veredicto()

    @property
    def mejora(self) -> bool:
        return self.resumen["ganadas"] > self.resumen["perdidas"]

    @property
    def empeora(self) -> bool:
        return self.resumen["perdidas"] > self.resumen["ganadas"]

    def _veredicto(self) -> str:
        r = self.resumen
        n, g, e, p = r["ejemplos"], r["ganadas"], r["empates"], r["perdidas"]
        if self.mejora:
            frase = "El modelo afinado es mejor que el base"
        elif self.empeora:
            frase = "El modelo afinado es peor que el base"
        else:
            frase = "No hay una diferencia clara entre el modelo afinado y el base"
        partes = [
            f"{frase}: gana en {g} de {n} ejemplos, empata en {e} y pierde en {p}.",
            f"chrF medio {_cambio(r['chrf_base'], r['chrf_afinado'], 1)}; "
            f"ROUGE-L medio {_cambio(r['rouge_l_base'], r['rouge_l_afinado'], 2)}.",
        ]
        for nombre, c in r["comprobaciones"].items():
            tendencia = (
                "mejora"
                if c["afinado"] > c["base"]
                else ("empeora" if c["afinado"] < c["base"] else "igual")
            )
            partes.append(
                f"Cumple «{nombre}»: base {c['base']} de {n}, afinado {c['afinado']} de {n} "
                f"({tendencia})."
            )
        diferencias = [
            (f["chrf_afinado"] - f["chrf_base"], i + 1) for i, f in enumerate(self.filas)
        ]
        perdidos = sorted(
            i for d, i in sorted(diferencias)[:3] if self.filas[i - 1]["resultado"] == "pierde"
        )
        if perdidos:
            partes.append(f"Lee primero {_lista(perdidos)}: es donde el afinado sale peor.")
        else:
            mejores = sorted(i for _, i in sorted(diferencias, reverse=True)[:2])
            partes.append(f"Lee {_lista(mejores)}: es donde más cambia la respuesta.")
        if self.empeora:
            partes.append(
                "Antes de usarlo, revisa los datos y la receta (mira la curva de pérdida)."
            )
        return " ".join(partes)

    # ------------------------------------------------------------ presentación

    def _repr_html_(self) -> str:
        r = self.resumen
        e = html.escape
        filas_resumen = [
            ("chrF medio (0-100)", f"{r['chrf_base']:.1f}", f"{r['chrf_afinado']:.1f}"),
            ("ROUGE-L medio (0-1)", f"{r['rouge_l_base']:.2f}", f"{r['rouge_l_afinado']:.2f}"),
        ] + [
            (f"cumple {n}", f"{c['base']} de {r['ejemplos']}", f"{c['afinado']} de {r['ejemplos']}")
            for n, c in r["comprobaciones"].items()
        ]
        resumen = "".join(
            f"<tr><td>{e(a)}</td><td>{e(b)}</td><td>{e(c)}</td></tr>" for a, b, c in filas_resumen
        )
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
                f'<td style="background:{colores[f["resultado"]]}">{f["resultado"]}</td></tr>'
            )
        return (
            f"<div><p><b>{e(self.veredicto)}</b></p>"
            "<table><tr><th></th><th>base</th><th>afinado</th></tr>"
            f"{resumen}</table>"
            "<table><tr><th>#</th><th>Pregunta</th><th>Referencia</th><th>Base</th>"
            "<th>Afinado</th><th>Métricas (base → afinado)</th><th>Afinado</th></tr>"
            f"{''.join(celdas)}</table></div>"
        )

    def a_markdown(self) -> str:
        """El informe en Markdown (para la terminal, un README o un correo)."""
        r = self.resumen

        def celda(texto) -> str:
            return str(texto).replace("|", "\\|").replace("\n", "<br>")

        lineas = [
            "# Informe de evaluación",
            "",
            self.veredicto,
            "",
            "| | base | afinado |",
            "|---|---|---|",
            f"| chrF medio (0-100) | {r['chrf_base']:.1f} | {r['chrf_afinado']:.1f} |",
            f"| ROUGE-L medio (0-1) | {r['rouge_l_base']:.2f} | {r['rouge_l_afinado']:.2f} |",
        ]
        for nombre, c in r["comprobaciones"].items():
            lineas.append(f"| cumple {celda(nombre)} | {c['base']} | {c['afinado']} |")
        lineas += [
            "",
            "| # | Pregunta | Referencia | Base | Afinado | chrF | Afinado |",
            "|---|---|---|---|---|---|---|",
        ]
        for i, f in enumerate(self.filas, 1):
            lineas.append(
                f"| {i} | {celda(f['pregunta'])} | {celda(f['referencia'])} | "
                f"{celda(f['base'])} | {celda(f['afinado'])} | "
                f"{f['chrf_base']:.1f} → {f['chrf_afinado']:.1f} | {f['resultado']} |"
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
        datos = {"veredicto": self.veredicto, "resumen": self.resumen, "filas": self.filas}
        (carpeta / "informe.json").write_text(
            json.dumps(datos, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
        )
        return carpeta


def _lista(numeros: list[int]) -> str:
    if len(numeros) == 1:
        return f"el ejemplo {numeros[0]}"
    return "los ejemplos " + ", ".join(map(str, numeros[:-1])) + f" y {numeros[-1]}"
