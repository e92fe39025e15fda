"""Medir un clasificador con scikit-learn: exactitud, F1 macro, precisión y exhaustividad por
clase, la matriz de confusión y los textos en que se equivocó; y el veredicto entre métodos.

- :func:`medir`: las medidas de unas :class:`~afinar.evaluacion.clasificacion.Predicciones`.
- :func:`linea_base_clasica`: un clasificador clásico (TF-IDF y un clasificador lineal) para
  saber si hacía falta un modelo de lenguaje.
- :func:`veredicto`: qué método usar y a qué coste, en español.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from afinar.errores import AfinarError
from afinar.evaluacion.clasificacion import Predicciones
from afinar.presentacion import Tabla, escapar, recortar

CLASICO = "clásico (TF-IDF)"


@dataclass
class Medidas:
    """Las medidas de un método de clasificación en unos datos de validación."""

    metodo: str
    etiquetas: list[str]
    exactitud: float  # aciertos / total
    f1_macro: float  # la media del F1 de cada clase: cada clase cuenta igual
    por_clase: list[dict]  # etiqueta, precision, exhaustividad, f1, soporte
    matriz: list[list[int]]  # filas: la etiqueta verdadera; columnas: la elegida
    n: int
    segundos: float  # lo que tardó en clasificar los n textos

    def tabla(self) -> Tabla:
        """Precisión, exhaustividad y F1 de cada categoría."""
        filas = [[c["etiqueta"], c["precision"], c["exhaustividad"], c["f1"], c["soporte"]]
                 for c in self.por_clase]  # fmt: skip
        cifra = "{:.2f}".format
        return Tabla(["categoría", "precisión", "exhaustividad", "F1", "textos"], filas,
                     titulo=f"{self.metodo}: exactitud {100 * self.exactitud:.0f} %, F1 macro "
                            f"{self.f1_macro:.2f} ({self.n} textos)",
                     formatos={"precisión": cifra, "exhaustividad": cifra, "F1": cifra})  # fmt: skip

    def _repr_html_(self) -> str:
        return self.tabla()._repr_html_()

    def __str__(self) -> str:
        return str(self.tabla())

    __repr__ = __str__  # fuera de Jupyter, la tabla (no los campos del objeto)

    def dibujar(self, ejes=None):
        """La matriz de confusión como imagen (con ``ConfusionMatrixDisplay`` de scikit-learn)."""
        import numpy as np
        from sklearn.metrics import ConfusionMatrixDisplay

        vista = ConfusionMatrixDisplay(np.asarray(self.matriz), display_labels=self.etiquetas)
        vista.plot(ax=ejes, cmap="Blues", colorbar=False, xticks_rotation=35)
        vista.ax_.set_xlabel("la elegida")
        vista.ax_.set_ylabel("la verdadera")
        vista.ax_.set_title(f"{self.metodo}: F1 macro {self.f1_macro:.2f}")
        return vista.figure_


def medir(predicciones: Predicciones) -> Medidas:
    """Exactitud, F1 macro, medidas por clase y matriz de confusión (de scikit-learn)."""
    from sklearn.metrics import (
        accuracy_score,
        confusion_matrix,
        f1_score,
        precision_recall_fscore_support,
    )

    verdaderas, predichas = predicciones.verdaderas, predicciones.predichas
    if not verdaderas:
        raise AfinarError("No hay ningún texto que medir: la validación está vacía.")
    etiquetas = list(predicciones.etiquetas)
    desconocidas = sorted(set(verdaderas) - set(etiquetas))
    if desconocidas:
        raise AfinarError(f"La validación tiene etiquetas que no están entre las posibles: "
                          f"{desconocidas}. Añádelas a la lista de etiquetas.")  # fmt: skip
    p, r, f, s = precision_recall_fscore_support(verdaderas, predichas, labels=etiquetas,
                                                 zero_division=0)  # fmt: skip
    por_clase = [{"etiqueta": e, "precision": float(p[i]), "exhaustividad": float(r[i]),
                  "f1": float(f[i]), "soporte": int(s[i])} for i, e in enumerate(etiquetas)]  # fmt: skip
    return Medidas(
        metodo=predicciones.metodo,
        etiquetas=etiquetas,
        exactitud=float(accuracy_score(verdaderas, predichas)),
        f1_macro=float(f1_score(verdaderas, predichas, labels=etiquetas, average="macro",
                                zero_division=0)),  # fmt: skip
        por_clase=por_clase,
        matriz=confusion_matrix(verdaderas, predichas, labels=etiquetas).tolist(),
        n=len(verdaderas),
        segundos=predicciones.segundos,
    )


def errores(predicciones: Predicciones, maximo: int = 8) -> Tabla:
    """Los textos en que el método se equivocó: el texto, la etiqueta verdadera y la elegida."""
    filas = [[recortar(t, 110), v, p] for t, v, p in
             zip(predicciones.textos, predicciones.verdaderas, predicciones.predichas, strict=True)
             if v != p]  # fmt: skip
    total = len(filas)
    titulo = (f"{predicciones.metodo}: {total} {'error' if total == 1 else 'errores'} de "
              f"{len(predicciones.textos)}"
              + (f" (los {maximo} primeros)" if total > maximo else ""))  # fmt: skip
    return Tabla(["texto", "la verdadera", "la elegida"], filas[:maximo], titulo=titulo)


def linea_base_clasica(entrenamiento, validacion, etiquetas=None, semilla: int = 42) -> Predicciones:
    """Un clasificador clásico, sin modelo de lenguaje, de scikit-learn: cuenta los trozos de
    letras de cada texto (TF-IDF; aguanta las faltas) y aprende qué trozos van con cada etiqueta
    (una máquina de vectores de soporte lineal, ``LinearSVC``). Entrena en un segundo: si lo
    hace igual de bien, no hace falta un modelo de lenguaje."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    etiquetas = sorted({e for _, e in entrenamiento}) if etiquetas is None else list(etiquetas)
    inicio = time.perf_counter()
    clasificador = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        LinearSVC(C=1.0, random_state=semilla),
    )
    clasificador.fit([t for t, _ in entrenamiento], [e for _, e in entrenamiento])
    predichas = [str(p) for p in clasificador.predict([t for t, _ in validacion])]
    segundos = time.perf_counter() - inicio
    return Predicciones(CLASICO, [t for t, _ in validacion], [e for _, e in validacion],
                        predichas, etiquetas, segundos)  # fmt: skip


def comparar_metodos(medidas: list[Medidas], costes: dict | None = None) -> Tabla:
    """Una fila por método: exactitud, F1 macro, segundos por cada 1000 textos y lo que costó
    prepararlo (``costes``: {método: texto}, por ejemplo el tiempo de entrenamiento)."""
    costes = costes or {}
    filas = [[m.metodo, m.exactitud, m.f1_macro, 1000 * m.segundos / max(m.n, 1),
              costes.get(m.metodo, "nada")] for m in medidas]  # fmt: skip
    return Tabla(["método", "exactitud", "F1 macro", "s por 1000 textos", "preparar"], filas,
                 formatos={"exactitud": lambda x: f"{100 * x:.0f} %", "F1 macro": "{:.2f}".format,
                           "s por 1000 textos": "{:.1f}".format})  # fmt: skip


def html_de_medidas(medidas: list[Medidas]) -> str:
    """Las tablas por clase de varios métodos, una detrás de otra (para un informe)."""
    return "".join(m._repr_html_() for m in medidas) or escapar("Sin medidas.")


def _por_1000(m: Medidas) -> float:
    return 1000 * m.segundos / max(m.n, 1)


def veredicto(medidas: list[Medidas], preparar_s: dict | None = None,
              memoria_mb: dict | None = None) -> str:  # fmt: skip
    """Qué método usar y a qué coste, en español, con las cifras de ``medidas`` (la misma
    validación para todos). ``preparar_s``: {método: segundos de entrenamiento};
    ``memoria_mb``: {método: memoria que pidió entrenarlo}."""
    preparar_s, memoria_mb = preparar_s or {}, memoria_mb or {}
    if not medidas:
        raise AfinarError("No hay medidas que comparar: clasifica primero con algún método.")
    clasico = next((m for m in medidas if m.metodo == CLASICO), None)
    modelos = [m for m in medidas if m.metodo != CLASICO] or medidas
    mejor = max(modelos, key=lambda m: m.f1_macro)
    primero = modelos[0]
    lineas = [f"Con el modelo de lenguaje gana «{mejor.metodo}»: F1 macro {mejor.f1_macro:.2f} y "
              f"exactitud {100 * mejor.exactitud:.0f} % (al empezar, «{primero.metodo}»: "
              f"{primero.f1_macro:.2f})."]  # fmt: skip
    baratos = [m for m in modelos if m is not mejor and m.metodo not in preparar_s
               and m.f1_macro >= mejor.f1_macro - 0.05]  # fmt: skip
    if mejor.metodo in preparar_s and baratos:
        lineas.append(f"«{baratos[0].metodo}» se queda cerca ({baratos[0].f1_macro:.2f}) sin "
                      "entrenar nada: si no quieres entrenar, empieza por ahí.")  # fmt: skip
    coste = f"Clasificar 1000 textos con él cuesta unos {_por_1000(mejor):.0f} s en esta máquina"
    if mejor.metodo in preparar_s:
        coste += f", después de {preparar_s[mejor.metodo]:.0f} s de entrenamiento"
    if mejor.metodo in memoria_mb:
        coste += f" que pidió {memoria_mb[mejor.metodo]:.0f} MB de memoria"
    lineas.append(coste + ".")
    if mejor.f1_macro < 0.5:
        lineas.append("Ninguno clasifica bien: con este modelo no repartas mensajes de verdad.")
    if clasico is not None and clasico.f1_macro >= mejor.f1_macro - 0.02:
        lineas.append(
            f"Un clasificador clásico (TF-IDF) lo hace igual o mejor (F1 macro "
            f"{clasico.f1_macro:.2f}) en {clasico.segundos:.1f} s, sin GPU. Con categorías fijas "
            "y cientos de ejemplos, un modelo de lenguaje de este tamaño no es la herramienta: "
            "usa el clásico, o un modelo mayor si necesitas entender matices."
        )
    elif clasico is not None:
        lineas.append(f"El clasificador clásico se queda en {clasico.f1_macro:.2f}: aquí el "
                      "modelo de lenguaje sí aporta.")  # fmt: skip
    lineas.append(f"Con {mejor.n} textos de validación, cada acierto mueve la exactitud "
                  f"{100 / mejor.n:.1f} puntos: no decidas por diferencias de uno o dos textos. "
                  "Y lee los errores: confundir dos categorías vecinas no es igual que un fallo "
                  "absurdo.")  # fmt: skip
    return "\n".join(lineas)
