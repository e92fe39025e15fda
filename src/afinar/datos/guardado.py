"""Guardar los datos preparados y recuperarlos en otro cuaderno (o en otra sesión de Colab).

Junto a los datos se guarda un manifiesto (``afinar_datos.json``) con las filas, las columnas y
los ``ajustes`` que el cuaderno 3 necesita para adaptarse a ellos: la clase de datos, el
``max_length`` elegido, las comprobaciones sugeridas y una pregunta de ejemplo.
"""

from __future__ import annotations

import json
from pathlib import Path

from afinar.datos.tipo import tipo_de_datos
from afinar.errores import AfinarError
from afinar.presentacion import sin_barras

MANIFIESTO = "afinar_datos.json"
FORMATO = "afinar-datos-2"


def _ajustes_json(ajustes: dict | None) -> dict:
    ajustes = dict(ajustes or {})
    try:
        json.dumps(ajustes, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        raise AfinarError(
            f"Los ajustes que acompañan a los datos tienen que ser texto, números o listas: "
            f"{error}."
        ) from error
    return ajustes


def clase_de_datos(datos) -> str | None:
    """«chat» o «texto» (:func:`afinar.datos.tipo.tipo_de_datos`); ``None`` si no tiene
    ninguna de las dos columnas (unos datos así se guardan y se cargan igual)."""
    try:
        return tipo_de_datos(datos)
    except AfinarError:
        return None


def _sin_datos_guardados(carpeta: Path) -> AfinarError:
    return AfinarError(
        f"No encuentro datos guardados en «{carpeta}»: ejecuta antes el cuaderno 2 (Tus datos) "
        "hasta el paso «Guardar», o escribe la carpeta donde los guardaste."
    )


def guardar(datos, carpeta="afinar_datos", *, ajustes: dict | None = None) -> Path:
    """Guarda un ``Dataset`` o ``DatasetDict`` en ``carpeta`` (formato Arrow de ``datasets``).

    ``ajustes`` (opcional): lo que el cuaderno 3 necesita saber de estos datos, por ejemplo
    ``{"max_length": 256, "comprobaciones": ["Nota:"], "pregunta_ejemplo": "..."}``; se lee
    con :func:`leer_ajustes`. El cuaderno 3 recupera los datos con ``cargar_guardado(carpeta)``.
    En Colab, usa una carpeta de Google Drive (``/content/drive/MyDrive/...``) para
    conservarlos al cerrar la sesión: el cuaderno 2 lo hace por defecto.
    """
    carpeta = Path(carpeta).expanduser()
    ajustes = _ajustes_json(ajustes)
    carpeta.mkdir(parents=True, exist_ok=True)
    with sin_barras():
        datos.save_to_disk(str(carpeta))
    partes = dict(datos) if hasattr(datos, "keys") else {"train": datos}
    manifiesto = {
        "formato": FORMATO,
        "tipo": "datasetdict" if hasattr(datos, "keys") else "dataset",
        "datos": clase_de_datos(datos),
        "filas": {k: len(v) for k, v in partes.items()},
        "columnas": next(iter(partes.values())).column_names,
        "ajustes": ajustes,
    }
    (carpeta / MANIFIESTO).write_text(
        json.dumps(manifiesto, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return carpeta


def hay_datos_guardados(carpeta) -> bool:
    """¿Hay en ``carpeta`` datos guardados con :func:`guardar` (o con ``save_to_disk``)?"""
    carpeta = Path(carpeta).expanduser()
    return any(
        (carpeta / nombre).is_file()
        for nombre in (MANIFIESTO, "dataset_dict.json", "dataset_info.json")
    )


def cargar_guardado(carpeta="afinar_datos"):
    """Recupera lo que guardó :func:`guardar` (un ``DatasetDict`` con ``train`` y ``validation``)."""
    from datasets import load_from_disk

    carpeta = Path(carpeta).expanduser()
    if not hay_datos_guardados(carpeta):
        raise _sin_datos_guardados(carpeta)
    return load_from_disk(str(carpeta))


def leer_ajustes(carpeta="afinar_datos") -> dict:
    """Los ``ajustes`` que se guardaron con los datos (un diccionario; vacío si no hay).

    Incluye ``"datos"``: ``"chat"`` o ``"texto"``, la clase de datos guardada.
    """
    carpeta = Path(carpeta).expanduser()
    ruta = carpeta / MANIFIESTO
    if not ruta.is_file():
        if hay_datos_guardados(carpeta):
            return {}
        raise _sin_datos_guardados(carpeta)
    try:
        manifiesto = json.loads(ruta.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise AfinarError(
            f"No puedo leer «{ruta}» ({error}): vuelve a guardar los datos con el cuaderno 2."
        ) from error
    ajustes = dict(manifiesto.get("ajustes") or {})
    if manifiesto.get("datos"):
        ajustes.setdefault("datos", manifiesto["datos"])
    return ajustes
