"""Leer los formatos que hay que abrir enteros: JSON, Excel (.xlsx), Word (.docx) y PDF."""

from __future__ import annotations

import json
from pathlib import Path

from afinar.datos.codificacion import abrir_texto, detectar_codificacion
from afinar.datos.columnas import lista_columnas
from afinar.errores import AfinarError


def leer_json(ruta: Path, codificacion):
    codificacion = codificacion or detectar_codificacion(ruta)
    with abrir_texto(ruta, codificacion) as f:
        contenido = f.read()
    try:
        datos = json.loads(contenido)
    except json.JSONDecodeError as e:
        lineas = [x for x in contenido.splitlines() if x.strip()]
        try:  # JSON Lines con extensión .json
            return [json.loads(x) for x in lineas]
        except json.JSONDecodeError:
            raise AfinarError(
                f"«{ruta.name}» no es JSON válido (línea {e.lineno}: {e.msg}): corrígelo, o "
                "guárdalo como JSON Lines (.jsonl), un objeto por línea."
            ) from None
    if isinstance(datos, dict):
        listas = [v for v in datos.values() if isinstance(v, list)]
        datos = listas[0] if len(listas) == 1 else [datos]
    return datos if isinstance(datos, list) else [datos]


def leer_excel(ruta: Path, hoja):
    import pandas as pd

    try:
        libro = pd.ExcelFile(ruta, engine="openpyxl")
    except Exception as e:
        raise AfinarError(
            f"No puedo abrir «{ruta.name}» como Excel ({type(e).__name__}): ábrelo en tu hoja de "
            "cálculo y guárdalo de nuevo como .xlsx o como CSV."
        ) from None
    with libro:
        hojas = libro.sheet_names
        elegida = hoja if hoja is not None else 0
        if (
            isinstance(elegida, int)
            and not 0 <= elegida < len(hojas)
            or (isinstance(elegida, str) and elegida not in hojas)
        ):
            raise AfinarError(
                f"La hoja «{hoja}» no está en «{ruta.name}»: sus hojas son {lista_columnas(hojas)}; "
                f'elige una con hoja=, por ejemplo hoja="{hojas[0]}".'
            )
        return pd.read_excel(libro, sheet_name=elegida)


def leer_docx(ruta: Path, por) -> list[str]:
    import docx

    try:
        documento = docx.Document(str(ruta))
    except Exception:
        raise AfinarError(
            f"No puedo abrir «{ruta.name}» como documento de Word: ábrelo en tu procesador de "
            "textos y guárdalo de nuevo como .docx."
        ) from None
    parrafos = [p.text.strip() for p in documento.paragraphs if p.text.strip()]
    return ["\n\n".join(parrafos)] if por == "archivo" and parrafos else parrafos


def leer_pdf(ruta: Path, por) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        lector = PdfReader(str(ruta))
        if lector.is_encrypted:
            raise AfinarError(
                f"«{ruta.name}» está protegido con contraseña: ábrelo, quita la protección "
                "(o imprímelo a un PDF nuevo) y vuelve a cargarlo."
            )
        paginas = [(p.extract_text() or "").strip() for p in lector.pages]
    except PdfReadError:
        raise AfinarError(
            f"«{ruta.name}» está dañado o no es un PDF: ábrelo en un lector de PDF y expórtalo de nuevo."
        ) from None
    if not any(paginas):
        raise AfinarError(
            f"«{ruta.name}» no tiene texto seleccionable (parece escaneado): pásalo antes por un "
            "programa de OCR (reconocimiento de texto), por ejemplo ocrmypdf, y carga el resultado."
        )
    paginas = [p for p in paginas if p]
    return ["\n\n".join(paginas)] if por == "archivo" else paginas
