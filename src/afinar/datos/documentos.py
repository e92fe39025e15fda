"""Leer los formatos que hay que abrir enteros: JSON, Excel (.xlsx), Word (.docx) y PDF.

Excel y las tablas de Word se devuelven como filas de celdas (texto), sin decidir aún cuál es la
cabecera: eso lo hace :mod:`afinar.datos.tablas`, igual que con un CSV.
"""

from __future__ import annotations

import datetime
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from afinar.datos.codificacion import leer_todo
from afinar.datos.columnas import lista_columnas
from afinar.errores import AfinarError

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # contenedor de Office antiguo (y de los cifrados)
_CIFRADO = "EncryptedPackage".encode("utf-16-le")
_PROGRAMA = {".xlsx": ("Excel", "libro", ".xls"), ".xlsm": ("Excel", "libro", ".xls"),
             ".docx": ("Word", "documento", ".doc")}  # fmt: skip


def comprobar_office(ruta: Path):
    """Error claro si un .xlsx o .docx está protegido con contraseña, es antiguo o no es Office.

    Un archivo de Office con contraseña no es un ZIP sino un contenedor OLE con la parte
    «EncryptedPackage»: sin esta comprobación se vería como «un ZIP roto».
    """
    programa, cosa, antiguo = _PROGRAMA.get(ruta.suffix.lower(), ("Office", "archivo", ""))
    with open(ruta, "rb") as f:
        inicio = f.read(8)
        if inicio == _OLE:
            if _CIFRADO in f.read(64 << 20):
                raise AfinarError(
                    f"«{ruta.name}» está protegido con contraseña: ábrelo en {programa}, quita la "
                    f"contraseña (Archivo › Información › Proteger {cosa}) y guárdalo de nuevo, "
                    "o guarda una copia sin contraseña y carga esa."
                )
            raise AfinarError(
                f"«{ruta.name}» es un {cosa} antiguo de {programa} ({antiguo}) con la extensión "
                f"cambiada: ábrelo en {programa} y guárdalo como {ruta.suffix.lower()}."
            )
    if not zipfile.is_zipfile(ruta):
        raise AfinarError(
            f"«{ruta.name}» no es un archivo de {programa} válido (está dañado o es otra cosa "
            f"con esa extensión): ábrelo en {programa} y guárdalo de nuevo, o expórtalo como CSV."
        )


def leer_json(ruta: Path, codificacion, cuenta=None):
    """Los registros de un .json: su lista (o la única lista que contiene), o JSON Lines."""
    contenido = leer_todo(ruta, codificacion, cuenta)
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


def _celda(valor) -> str:
    if valor is None:
        return ""
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    if isinstance(valor, datetime.datetime):
        return valor.date().isoformat() if valor.time() == datetime.time() else str(valor)
    return str(valor)


def leer_excel(ruta: Path, hoja) -> list[list[str]]:
    """Las filas de una hoja (la primera si ``hoja`` es None), cada celda como texto."""
    import openpyxl

    comprobar_office(ruta)
    try:
        libro = openpyxl.load_workbook(ruta, read_only=True, data_only=True)
    except Exception as e:
        raise AfinarError(
            f"No puedo abrir «{ruta.name}» como Excel ({type(e).__name__}): ábrelo en tu hoja de "
            "cálculo y guárdalo de nuevo como .xlsx o como CSV."
        ) from None
    try:
        hojas = libro.sheetnames
        elegida = hoja if hoja is not None else 0
        if (isinstance(elegida, int) and not 0 <= elegida < len(hojas)) or (
            isinstance(elegida, str) and elegida not in hojas
        ):
            raise AfinarError(
                f"La hoja «{hoja}» no está en «{ruta.name}»: sus hojas son {lista_columnas(hojas)}; "
                f'elige una con hoja=, por ejemplo hoja="{hojas[0]}".'
            )
        libro_hoja = libro[hojas[elegida] if isinstance(elegida, int) else elegida]
        return [[_celda(v) for v in fila] for fila in libro_hoja.iter_rows(values_only=True)]
    finally:
        libro.close()


@dataclass
class Documento:
    """Un .docx: sus bloques de texto en orden (las tablas, como texto) y sus tablas en filas."""

    bloques: list[str] = field(default_factory=list)
    tablas: list[list[list[str]]] = field(default_factory=list)
    caracteres_parrafos: int = 0
    caracteres_tablas: int = 0


def _tabla_como_texto(filas: list[list[str]]) -> str:
    lineas = []
    for fila in filas:
        celdas = [c for i, c in enumerate(fila) if c and (i == 0 or c != fila[i - 1])]
        if celdas:  # una celda combinada se repite en cada columna: una vez basta
            lineas.append(" | ".join(celdas))
    return "\n".join(lineas)


def leer_docx(ruta: Path) -> Documento:
    """Los párrafos y las tablas de un .docx, en su orden (:class:`Documento`)."""
    import docx
    from docx.table import Table

    comprobar_office(ruta)
    try:
        documento = docx.Document(str(ruta))
    except Exception:
        raise AfinarError(
            f"No puedo abrir «{ruta.name}» como documento de Word: ábrelo en tu procesador de "
            "textos y guárdalo de nuevo como .docx."
        ) from None
    leido = Documento()
    for bloque in documento.iter_inner_content():
        if isinstance(bloque, Table):
            filas = [[c.text.strip() for c in fila.cells] for fila in bloque.rows]
            leido.tablas.append(filas)
            texto = _tabla_como_texto(filas)
            leido.caracteres_tablas += len(texto)
        else:
            texto = bloque.text.strip()
            leido.caracteres_parrafos += len(texto)
        if texto:
            leido.bloques.append(texto)
    return leido


def leer_pdf(ruta: Path, por) -> list[str]:
    """El texto de cada página de un PDF (o todo junto con ``por="archivo"``)."""
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
