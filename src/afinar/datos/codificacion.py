"""Codificación y forma de los archivos de texto: UTF-8, UTF-16, Windows-1252, binarios y separadores.

Los archivos de Excel en español suelen llegar en Windows-1252 y con «;» como separador; los
de algunos programas, en UTF-16. Aquí se detecta todo eso, y se reconoce un binario renombrado
(un .xlsx llamado .csv) para decirlo con claridad en vez de leer basura.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from afinar.errores import AfinarError

_FIRMAS = [(b"PK\x03\x04", "un archivo comprimido (¿un .xlsx o .docx renombrado?)"),
           (b"%PDF", "un PDF"), (b"\x89PNG", "una imagen PNG"), (b"\xff\xd8\xff", "una imagen JPEG"),
           (b"\xd0\xcf\x11\xe0", "un documento antiguo de Office (.xls o .doc)")]  # fmt: skip


def no_es_texto(ruta: Path, muestra: bytes) -> AfinarError:
    tipo = next((t for firma, t in _FIRMAS if muestra.startswith(firma)), "un archivo binario")
    return AfinarError(
        f"«{ruta.name}» no es un archivo de texto (parece {tipo}): ábrelo con su programa y "
        "expórtalo como CSV o texto en UTF-8, o cárgalo con su extensión verdadera."
    )


def detectar_codificacion(ruta: Path) -> str:
    """UTF-8 (con o sin BOM), UTF-16 o Windows-1252; error claro si el archivo es binario."""
    with open(ruta, "rb") as f:
        muestra = f.read(8 << 20)
        completo = not f.read(1)
    if muestra.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if muestra.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in muestra:
        mitad = max(len(muestra) // 2, 1)
        ceros_impares, ceros_pares = muestra[1::2].count(0), muestra[0::2].count(0)
        if ceros_impares > 0.3 * mitad and ceros_pares < 0.02 * mitad:
            return "utf-16-le"
        if ceros_pares > 0.3 * mitad and ceros_impares < 0.02 * mitad:
            return "utf-16-be"
        raise no_es_texto(ruta, muestra)
    controles = sum(muestra.count(b) for b in range(1, 32) if b not in (9, 10, 12, 13))
    if controles > 0.01 * max(len(muestra), 1) or any(muestra.startswith(f) for f, _ in _FIRMAS):
        raise no_es_texto(ruta, muestra)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(muestra, final=completo)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        muestra.decode("cp1252")
        return "cp1252"  # lo que guarda Excel en Windows en español
    except UnicodeDecodeError:
        return "latin-1"


def abrir_texto(ruta: Path, codificacion: str | None, newline=None):
    return open(ruta, encoding=codificacion or detectar_codificacion(ruta), newline=newline)


def leer_lineas(ruta: Path, codificacion: str, newline=None):
    """Itera las líneas; si la codificación cambia a mitad de archivo, lo dice claramente."""
    try:
        with abrir_texto(ruta, codificacion, newline) as f:
            yield from f
    except UnicodeDecodeError as e:
        raise AfinarError(
            f"«{ruta.name}» mezcla codificaciones (no se puede leer como {codificacion}): "
            "ábrelo en un editor y guárdalo de nuevo como UTF-8."
        ) from e



def detectar_separador(ruta: Path, codificacion: str) -> str:
    if ruta.suffix.lower() == ".tsv":
        return "\t"
    with abrir_texto(ruta, codificacion, newline="") as f:
        lineas = [linea for linea in (f.readline() for _ in range(30)) if linea.strip()]
    mejor, puntos_mejor = ",", (0.0, 0)
    for sep in [";", ",", "\t", "|"]:
        campos = [len(fila) for fila in csv.reader(lineas, delimiter=sep)]
        if not campos:
            continue
        moda = max(set(campos), key=campos.count)
        puntos = (
            campos.count(moda) / len(campos),
            moda,
        )  # filas coherentes, y después más columnas
        if moda >= 2 and puntos[0] >= 0.8 and puntos > puntos_mejor:
            mejor, puntos_mejor = sep, puntos
    return mejor
