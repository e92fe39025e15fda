"""Tus datos, de tus archivos al entrenamiento: leer, limpiar, anonimizar, resumir y dividir.

El camino de los datos (cada paso es una llamada sobre un ``datasets.Dataset`` normal)::

    ds = cargar_datos("mis_textos.csv")        # columna «texto» o «messages», y «origen»
    ds, informe = limpiar(ds)                  # mojibake, espacios, vacías, duplicados
    ds, informe = anonimizar(ds)               # <EMAIL>, <TELEFONO>, <DNI>…
    resumen(ds, tokenizer)                     # filas, palabras, tokens, histograma
    partes = dividir(ds, validacion=0.1)       # DatasetDict con «train» y «validation»
    guardar(partes, "afinar_datos")            # para el cuaderno 3: cargar_guardado("afinar_datos")

Lectura en :mod:`afinar.lectura` (codificaciones en :mod:`afinar.codificacion`, elección de
columnas en :mod:`afinar.columnas`), limpieza en :mod:`afinar.limpieza` y datos personales en
:mod:`afinar.privacidad`; aquí están los nombres públicos.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from afinar._presentacion import (
    escapar,
    histograma_png,
    histograma_texto,
    imagen_html,
    sin_barras,
    tabla_html,
    tabla_texto,
)
from afinar.codificacion import detectar_codificacion
from afinar.errores import AfinarError
from afinar.lectura import cargar_datos, columna_principal
from afinar.limpieza import InformeLimpieza, limpiar
from afinar.privacidad import TIPOS as TIPOS_PERSONALES
from afinar.privacidad import (
    InformeAnonimizacion,
    anonimizar,
    anonimizar_texto,
    buscar_datos_personales,
)

__all__ = [
    "TIPOS_PERSONALES", "InformeAnonimizacion", "InformeLimpieza", "Resumen", "anonimizar",
    "anonimizar_texto", "buscar_datos_personales", "cargar_datos", "cargar_guardado",
    "columna_principal", "detectar_codificacion", "dividir", "formatear_chat", "guardar",
    "limpiar", "resumen", "textos",
]  # fmt: skip

MANIFIESTO = "afinar_datos.json"


def textos(ds, tokenizer=None, n: int | None = None) -> list[str]:
    """Los textos de ``ds`` (las ``n`` primeras filas, o todas) para leerlos o tokenizarlos.

    Con texto plano, la columna ``texto``. Con conversaciones, cada una en un texto: con
    ``tokenizer``, exactamente como la verá el modelo (su plantilla de chat); sin él, un
    mensaje por línea («user: …», «assistant: …»).
    """
    from afinar.tokens import textos_del_dataset

    if n is not None:
        ds = ds.select(range(min(n, len(ds))))
    return textos_del_dataset(ds, tokenizer)


def dividir(ds, validacion: float | int = 0.1, semilla: int = 42):
    """Separa ``ds`` en ``train`` y ``validation`` (un ``DatasetDict``), mezclando con ``semilla``.

    ``validacion`` es una fracción (0.1 = el 10 %) o un número de filas (p. ej. 50). La
    validación sirve para medir si el modelo aprende de verdad o solo memoriza: nunca se
    entrena con ella.
    """
    if len(ds) < 2:
        raise AfinarError(
            f"Con {len(ds)} fila(s) no se puede separar entrenamiento y validación: hacen falta "
            "al menos 2 (mejor, cientos)."
        )
    if (
        isinstance(validacion, float)
        and not 0 < validacion < 1
        or (isinstance(validacion, int) and not 1 <= validacion < len(ds))
    ):
        raise AfinarError(
            f"validacion={validacion} no vale: usa una fracción entre 0 y 1 (por ejemplo 0.1) o "
            f"un número de filas entre 1 y {len(ds) - 1}."
        )
    n = (
        validacion
        if isinstance(validacion, int)
        else max(1, min(len(ds) - 1, round(validacion * len(ds))))
    )
    partes = ds.train_test_split(test_size=n, seed=semilla)
    partes["validation"] = partes.pop("test")
    return partes


def formatear_chat(ds, tokenizer, *, generacion: bool = False):
    """Convierte cada conversación (``messages``) en el texto exacto que verá el modelo.

    Usa la plantilla de chat del propio modelo (``tokenizer.apply_chat_template``), con sus
    marcas de turno. El resultado tiene la columna ``texto`` en lugar de ``messages``. Con
    ``generacion=True`` deja abierto el turno del asistente (lo que se hace al preguntar).
    """
    if "messages" not in ds.column_names:
        raise AfinarError(
            "formatear_chat necesita la columna «messages» (conversaciones); este Dataset tiene "
            f"{ds.column_names}: si es texto plano, no hace falta formatearlo."
        )
    if not getattr(tokenizer, "chat_template", None):
        raise AfinarError(
            "Este tokenizador no tiene plantilla de chat (chat_template): usa un modelo «Instruct» "
            "o «chat», o entrena con texto plano."
        )

    def lote(filas):
        return {"texto": tokenizer.apply_chat_template(filas["messages"], tokenize=False,
                                                       add_generation_prompt=generacion)}  # fmt: skip

    return ds.map(
        lote, batched=True, remove_columns=["messages"], desc="Aplicando la plantilla de chat"
    )


def guardar(datos, carpeta="afinar_datos") -> Path:
    """Guarda un ``Dataset`` o ``DatasetDict`` en ``carpeta`` (formato Arrow de ``datasets``).

    El cuaderno 3 lo recupera con ``cargar_guardado(carpeta)``. En Colab, usa una carpeta de
    Google Drive (``/content/drive/MyDrive/...``) si quieres conservarlo al cerrar la sesión.
    """
    carpeta = Path(carpeta).expanduser()
    with sin_barras():
        datos.save_to_disk(str(carpeta))
    partes = dict(datos) if hasattr(datos, "keys") else {"train": datos}
    manifiesto = {
        "formato": "afinar-datos-1",
        "tipo": "datasetdict" if hasattr(datos, "keys") else "dataset",
        "filas": {k: len(v) for k, v in partes.items()},
        "columnas": next(iter(partes.values())).column_names,
    }
    (carpeta / MANIFIESTO).write_text(
        json.dumps(manifiesto, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return carpeta


def cargar_guardado(carpeta="afinar_datos"):
    """Recupera lo que guardó :func:`guardar` (un ``DatasetDict`` con ``train`` y ``validation``)."""
    from datasets import load_from_disk

    carpeta = Path(carpeta).expanduser()
    if (
        not (carpeta / MANIFIESTO).exists()
        and not (carpeta / "dataset_dict.json").exists()
        and not (carpeta / "dataset_info.json").exists()
    ):
        raise AfinarError(
            f"No encuentro datos guardados en «{carpeta}»: ejecuta antes el cuaderno 2 (Tus datos) "
            "hasta el paso «Guardar», o escribe la carpeta donde los guardaste."
        )
    return load_from_disk(str(carpeta))


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
        filas = [("filas", f"{self.filas:,}".replace(",", ".")), ("caracteres", f"{self.caracteres:,}".replace(",", ".")),
                 ("palabras", f"{self.palabras:,}".replace(",", "."))]  # fmt: skip
        if self.tokens is not None:
            estimado = " (estimado con una muestra)" if self.muestra else ""
            filas.append(("tokens", f"{self.tokens:,}".replace(",", ".") + estimado))
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

    from afinar.tokens import longitudes

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
