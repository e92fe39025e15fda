"""Valoración a ciegas: tú eliges la mejor respuesta sin saber de qué modelo es.

Las métricas automáticas no lo ven todo. `ValoracionCiega` te enseña, ejemplo a ejemplo,
las dos respuestas (base y afinado) en orden al azar como «A» y «B»; eliges la mejor y,
al terminar, descubre cuántas veces elegiste cada modelo. Con ipywidgets aparecen botones;
sin ellos, votas con ``valoracion.votar("A")`` y ves el siguiente par con ``mostrar()``.
"""

from __future__ import annotations

import random

from afinar import entorno
from afinar.errores import AfinarError

OPCIONES = ("A", "B", "empate")


class ValoracionCiega:
    """Pares de respuestas en orden al azar; el recuento se revela al final."""

    def __init__(self, comparacion, semilla: int = 0):
        azar = random.Random(semilla)
        self.pares = []
        for fila in comparacion.filas:
            orden = ["base", "afinado"]
            azar.shuffle(orden)
            self.pares.append(
                {
                    "pregunta": fila["pregunta"],
                    "A": fila[orden[0]],
                    "B": fila[orden[1]],
                    "modelo_A": orden[0],
                    "modelo_B": orden[1],
                }
            )
        self.votos: list[str] = []
        self._salida = None

    @property
    def terminada(self) -> bool:
        return len(self.votos) == len(self.pares)

    def votar(self, eleccion: str) -> None:
        """Registra tu voto para el par actual: "A", "B" o "empate"."""
        eleccion = eleccion if eleccion == "empate" else str(eleccion).upper()
        if eleccion not in OPCIONES:
            raise AfinarError(f"Vota «A», «B» o «empate», no «{eleccion}».")
        if self.terminada:
            raise AfinarError("Ya valoraste todos los pares: mira el recuento con resultado().")
        self.votos.append(eleccion)

    def recuento(self) -> dict:
        """Votos por modelo (solo cuando has terminado; antes, no se revela)."""
        cuenta = {"base": 0, "afinado": 0, "empate": 0}
        for par, voto in zip(self.pares, self.votos, strict=False):
            cuenta["empate" if voto == "empate" else par[f"modelo_{voto}"]] += 1
        return cuenta

    def resultado(self) -> str:
        """El recuento en una frase, o cuántos pares faltan."""
        if not self.terminada:
            return (
                f"Llevas {len(self.votos)} de {len(self.pares)} pares: termina de votar "
                "y el recuento se revelará."
            )
        c = self.recuento()

        def veces(n: int) -> str:
            return "1 vez" if n == 1 else f"{n} veces"

        empates = "1 empate" if c["empate"] == 1 else f"{c['empate']} empates"
        return (
            f"Elegiste el afinado {veces(c['afinado'])}, el base {veces(c['base'])} y hubo "
            f"{empates}, en {len(self.pares)} pares."
        )

    def _texto_par(self) -> str:
        par = self.pares[len(self.votos)]
        return (
            f"Par {len(self.votos) + 1} de {len(self.pares)}\n"
            f"Pregunta: {par['pregunta']}\n\n--- A ---\n{par['A']}\n\n--- B ---\n{par['B']}\n"
        )

    def mostrar(self):
        """Muestra el par actual: con botones en un cuaderno, como texto en otro caso."""
        if entorno.en_notebook():
            try:
                return self._widget()
            except ImportError:
                pass
        print(self.resultado() if self.terminada else self._texto_par())
        if not self.terminada:
            print('Vota con valoracion.votar("A"), votar("B") o votar("empate").')
        return None

    def _widget(self):
        import ipywidgets as w

        texto = w.HTML()
        botones = [w.Button(description=o if o == "empate" else f"{o} es mejor") for o in OPCIONES]

        def pintar():
            import html

            if self.terminada:
                texto.value = f"<b>{html.escape(self.resultado())}</b>"
                for b in botones:
                    b.disabled = True
                return
            par = self.pares[len(self.votos)]
            estilo = "white-space:pre-wrap;border:1px solid #ccc;padding:6px;margin:4px 0"
            texto.value = (
                f"<p>Par {len(self.votos) + 1} de {len(self.pares)}. "
                f"<b>Pregunta:</b> {html.escape(str(par['pregunta']))}</p>"
                f"<p><b>A</b></p><div style='{estilo}'>{html.escape(par['A'])}</div>"
                f"<p><b>B</b></p><div style='{estilo}'>{html.escape(par['B'])}</div>"
            )

        def al_pulsar(boton):
            self.votar(OPCIONES[botones.index(boton)])
            pintar()

        for b in botones:
            b.on_click(al_pulsar)
        pintar()
        return w.VBox([texto, w.HBox(botones)])
