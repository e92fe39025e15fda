"""Guardar los datos preparados y recuperarlos en otro cuaderno (o en otra sesión de Colab)."""

from __future__ import annotations

import json
from pathlib import Path

from afinar.errores import AfinarError
from afinar.presentacion import sin_barras

MANIFIESTO = "afinar_datos.json"


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
