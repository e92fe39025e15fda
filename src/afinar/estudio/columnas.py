"""Los nombres de las columnas de un archivo, para ofrecerlos en la pestaña Datos.

Si `cargar_datos` lee el archivo sin ayuda, las columnas salen de su informe (usadas e
ignoradas). Si no puede (varias columnas de texto y ningún nombre conocido: pide que digas qué
papel tiene cada una), se leen solo las cabeceras con las piezas públicas de `afinar.datos`
(codificación y separador detectados igual que al leer).
"""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path


def columnas_del_informe(informe) -> list[str]:
    """Las columnas que `cargar_datos` usó y las que ignoró, en ese orden."""
    usadas = [columna for columna, _ in informe.columnas]
    return usadas + [c for c in informe.ignoradas if c not in usadas]


def cabeceras(ruta: Path) -> list[str]:
    """Las cabeceras de una tabla (.csv, .tsv, .xlsx, .json, .jsonl); vacío en otros formatos."""
    sufijo = ruta.suffix.lower()
    if sufijo in (".csv", ".tsv"):
        return _cabeceras_csv(ruta)
    if sufijo in (".xlsx", ".xlsm"):
        from afinar.datos.documentos import leer_excel

        filas = leer_excel(ruta, None)
        return [c for c in filas[0] if c] if filas else []
    if sufijo in (".jsonl", ".ndjson", ".json"):
        return _claves_json(ruta)
    return []


def _cabeceras_csv(ruta: Path) -> list[str]:
    from afinar.datos import detectar_codificacion
    from afinar.datos.tablas import detectar_separador

    with open(ruta, encoding=detectar_codificacion(ruta), errors="replace", newline="") as f:
        lineas = list(itertools.islice(f, 60))
    separador = detectar_separador(lineas, ruta.name)
    if separador is None:
        return []
    primera = next(csv.reader(lineas[:1], delimiter=separador), [])
    return [c.strip() for c in primera if c.strip()]


def _claves_json(ruta: Path) -> list[str]:
    from afinar.datos import detectar_codificacion
    from afinar.datos.documentos import leer_json

    if ruta.suffix.lower() == ".json":
        registros = leer_json(ruta, detectar_codificacion(ruta))
    else:
        with open(ruta, encoding=detectar_codificacion(ruta), errors="replace") as f:
            registros = [json.loads(x) for x in itertools.islice(f, 5) if x.strip()]
    claves: list[str] = []
    for registro in registros[:5]:
        if isinstance(registro, dict):
            claves += [str(k) for k in registro if str(k) not in claves]
    return claves
