"""Leer los archivos de quien aprende y convertirlos en un ``datasets.Dataset``.

La función pública es :func:`afinar.datos.cargar_datos` (definida aquí). El resultado
tiene siempre la columna ``origen`` (de qué archivo viene cada fila) y, además,
``texto`` (texto plano) o ``messages`` (conversaciones: lista de ``{"role", "content"}``).
Cada lectura tiene su :class:`~afinar.datos.informe_lectura.InformeLectura`: qué columnas se
usaron y para qué, cuáles se ignoraron y qué filas se quitaron o arreglaron.

Los formatos de texto (.txt, .csv, .tsv, .jsonl) se leen por partes: nunca se copia el
archivo entero a una lista de Python (el Dataset vive en memoria y nada sin anonimizar queda en
la caché compartida: ver :mod:`afinar.datos.almacen`). Los que hay que leer enteros (.xlsx,
.json, .docx, .pdf) se rechazan con un consejo si son demasiado grandes.
Una carpeta guardada con :func:`afinar.datos.guardar` se recupera tal cual (train y validación).
"""

from __future__ import annotations

import os
from pathlib import Path

from afinar.datos.codificacion import Decodificacion
from afinar.datos.columnas import lista_columnas, papeles_pedidos
from afinar.datos.documentos import leer_docx, leer_excel, leer_json, leer_pdf
from afinar.datos.formatos import Peticion, leer_txt
from afinar.datos.guardado import cargar_guardado, clase_de_datos, hay_datos_guardados
from afinar.datos.informe_lectura import InformeLectura, juntar
from afinar.datos.lectura_tablas import (
    desde_dataframe,
    desde_registros,
    desde_tabla,
    leer_csv,
    leer_jsonl,
)
from afinar.datos.pasajes import comprobar_agrupar
from afinar.errores import AfinarError

EXTENSIONES = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".csv": "csv", ".tsv": "csv",
    ".xlsx": "xlsx", ".xlsm": "xlsx",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".docx": "docx", ".pdf": "pdf",
}  # fmt: skip
ANTIGUOS = {".xls": "Excel antiguo", ".doc": "Word antiguo", ".odt": "OpenDocument",
            ".ods": "OpenDocument", ".rtf": "RTF"}  # fmt: skip

# Formatos que hay que leer enteros: por encima de este tamaño (o de 1/8 de la memoria libre)
# se rechazan con un consejo en vez de llenar la memoria.
LIMITE_LECTURA_COMPLETA_MB = 500
MAXIMO_AVISOS_IMPRESOS = 5


def _limite_mb() -> float:
    import psutil

    return min(LIMITE_LECTURA_COMPLETA_MB, psutil.virtual_memory().available / 8 / 2**20)


def _comprobar_tamano(ruta: Path, formato: str):
    mb = ruta.stat().st_size / 2**20
    if mb > _limite_mb():
        raise AfinarError(
            f"«{ruta.name}» ocupa {mb:.0f} MB y un archivo {formato} hay que leerlo entero en "
            "memoria: guárdalo como CSV o JSON Lines (.jsonl), que afinar lee por partes, o "
            "divídelo en archivos más pequeños."
        )


class _SinPermiso(AfinarError):
    """Un archivo que no se puede leer por permisos: en una carpeta, se salta con un aviso."""


def _comprobar_legible(ruta: Path):
    try:
        with open(ruta, "rb") as f:
            f.read(1)
    except PermissionError:
        raise _SinPermiso(
            f"No tengo permiso para leer «{ruta.name}»: dale permiso de lectura (en Linux o Mac, "
            f'chmod u+r "{ruta}") o cópialo a una carpeta tuya y carga la copia.'
        ) from None
    except OSError as e:
        raise AfinarError(
            f"No puedo leer «{ruta.name}» ({e.strerror or type(e).__name__}): comprueba que el "
            "disco o la carpeta compartida siguen conectados y vuelve a intentarlo."
        ) from None


def _leer_docx(ruta: Path, peticion: Peticion, origen: str):
    """Un .docx: sus tablas como filas con cabecera si son lo principal (o si se dijeron las
    columnas); si no, sus párrafos, con cada tabla como un bloque de texto en su sitio."""
    documento = leer_docx(ruta)
    tablas = [t for t in documento.tablas if len(t) >= 2]
    pidio_columnas = peticion.columna is not None or peticion.papeles is not None
    if tablas and (pidio_columnas or documento.caracteres_tablas > documento.caracteres_parrafos):
        cabecera = tablas[0][0]
        iguales = [t for t in tablas if t[0] == cabecera]
        filas = [cabecera] + [fila for t in iguales for fila in t[1:]]
        avisos = [f"Leí {len(iguales)} tabla(s) de «{ruta.name}» como filas con la cabecera "
                  f"{lista_columnas(cabecera, 8)}."]  # fmt: skip
        otras = len(documento.tablas) - len(iguales)
        if otras or documento.caracteres_parrafos:
            avisos.append(f"Ignoré {otras} tabla(s) con otra cabecera y el texto fuera de las "
                          f"tablas de «{ruta.name}» ({documento.caracteres_parrafos} caracteres).")  # fmt: skip
        return desde_tabla(filas, ruta.name, origen, peticion, avisos)
    if pidio_columnas:
        raise AfinarError(
            f"«{ruta.name}» no tiene tablas con cabecera y filas, así que no tiene columnas que "
            "elegir: quita columna=/pregunta=/respuesta= para leer sus párrafos como texto."
        )
    bloques = documento.bloques
    textos = ["\n\n".join(bloques)] if peticion.por == "archivo" and bloques else bloques
    ds, informe = desde_registros(textos, ruta.name, origen, peticion)
    if documento.tablas:
        informe.avisos.append(
            f"Leí {len(documento.tablas)} tabla(s) de «{ruta.name}» como texto (una fila por "
            "línea, las celdas separadas por «|»), en su sitio entre los párrafos; si son datos "
            "con columnas, usa pregunta=/respuesta= o columna= para leerlas como filas."
        )
    return ds, informe


def _leer_archivo(ruta: Path, formato: str, peticion: Peticion, origen: str):
    _comprobar_legible(ruta)
    if formato == "txt":
        if peticion.por == "archivo":
            _comprobar_tamano(ruta, "de texto leído como un solo ejemplo")
        return leer_txt(ruta, peticion, origen)
    if formato == "csv":
        return leer_csv(ruta, peticion, origen)
    if formato == "jsonl":
        return leer_jsonl(ruta, peticion, origen)
    _comprobar_tamano(
        ruta, {"xlsx": "Excel", "json": "JSON", "docx": "Word", "pdf": "PDF"}[formato]
    )
    if formato == "json":
        cuenta = Decodificacion()
        registros = leer_json(ruta, peticion.codificacion, cuenta)
        ds, informe = desde_registros(registros, ruta.name, origen, peticion)
        informe.reparadas += cuenta.reparadas
        informe.avisos += [cuenta.aviso(ruta.name)] if cuenta.reparadas else []
        return ds, informe
    if formato == "xlsx":
        return desde_tabla(leer_excel(ruta, peticion.hoja), ruta.name, origen, peticion)
    if formato == "docx":
        return _leer_docx(ruta, peticion, origen)
    return desde_registros(leer_pdf(ruta, peticion.por), ruta.name, origen, peticion)


def _formato(ruta: Path, formato: str | None) -> str:
    extension = ruta.suffix.lower()
    formato = formato or EXTENSIONES.get(extension)
    if formato is None:
        pista = (f"es {ANTIGUOS[extension]}: ábrelo y guárdalo como .xlsx, .docx o .csv"
                 if extension in ANTIGUOS else
                 "guárdalo como .txt, .csv, .xlsx, .json, .jsonl, .docx o .pdf, o indica "
                 'formato="txt" (u otro) si sabes lo que contiene')  # fmt: skip
        raise AfinarError(
            f"No sé leer archivos «{extension or 'sin extensión'}» ({ruta.name}): {pista}."
        )
    if formato not in set(EXTENSIONES.values()):
        raise AfinarError(
            f'formato="{formato}" no existe: usa uno de '
            f"{lista_columnas(sorted(set(EXTENSIONES.values())))}."
        )
    return formato


# --- carpetas --------------------------------------------------------------------------------


def _archivos(carpeta: Path) -> tuple[list[Path], list[str]]:
    """Los archivos (sin ocultos) de la carpeta y sus subcarpetas, y un aviso por cada
    subcarpeta que no se puede abrir."""
    archivos, avisos = [], []

    def no_se_puede(error: OSError):
        if error.filename and Path(error.filename) == carpeta:
            raise AfinarError(
                f"No puedo abrir la carpeta «{carpeta.name}» ({error.strerror}): dale permiso de "
                "lectura o copia sus archivos a una carpeta tuya."
            )
        donde = Path(error.filename).relative_to(carpeta) if error.filename else carpeta
        motivo = "sin permiso" if isinstance(error, PermissionError) else error.strerror
        avisos.append(f"No puedo abrir la subcarpeta «{donde}» ({motivo}): la salto; dale "
                      "permiso de lectura si quieres sus archivos.")  # fmt: skip

    for raiz, carpetas, nombres in os.walk(carpeta, onerror=no_se_puede):
        carpetas[:] = [c for c in carpetas if not c.startswith(".")]
        archivos += [Path(raiz) / n for n in nombres if not n.startswith(".")]
    return sorted(archivos), avisos


def _cargar_carpeta(carpeta: Path, formato, peticion: Peticion):
    from datasets import concatenate_datasets

    archivos, avisos = _archivos(carpeta)
    leibles = [p for p in archivos if (formato or EXTENSIONES.get(p.suffix.lower()))]
    if not leibles:
        raise AfinarError(
            f"La carpeta «{carpeta.name}» no tiene archivos que afinar sepa leer: pon dentro "
            f"archivos {', '.join(sorted(set(EXTENSIONES)))}."
        )
    ignorados = [str(p.relative_to(carpeta)) for p in archivos if p not in leibles]
    if ignorados:
        avisos.append(f"Ignoro {len(ignorados)} archivo(s) que no sé leer: "
                      f"{lista_columnas(ignorados, 10)}.")  # fmt: skip
    partes, informes = [], []
    for ruta in leibles:
        origen = str(ruta.relative_to(carpeta))
        try:
            ds, informe = _leer_archivo(ruta, _formato(ruta, formato), peticion, origen)
        except _SinPermiso as e:
            avisos.append(f"{e} Lo salto.")
            continue
        partes.append(ds)
        informes.append(informe)
    _sin_mezclar_tipos(carpeta, informes)
    return concatenate_datasets(partes), juntar(carpeta.name, informes, avisos)


def _sin_mezclar_tipos(carpeta: Path, informes: list[InformeLectura]):
    if len({i.tipo for i in informes}) > 1:
        chat = next(i.origen for i in informes if i.tipo == "chat")
        texto = next(i.origen for i in informes if i.tipo == "texto")
        raise AfinarError(
            f"La carpeta «{carpeta.name}» mezcla texto plano ({texto}) y conversaciones ({chat}): "
            "sepáralos en dos carpetas y cárgalas por separado."
        )


def _cargar_guardado(carpeta: Path, peticion: Peticion):
    if peticion != Peticion():
        raise AfinarError(
            f"«{carpeta.name}» tiene datos ya preparados (guardados con afinar.datos.guardar): se "
            "cargan tal cual; quita las demás opciones de cargar_datos."
        )
    datos = cargar_guardado(carpeta)
    partes = dict(datos) if hasattr(datos, "keys") else {"train": datos}
    informe = InformeLectura(origen=carpeta.name, filas=sum(len(p) for p in partes.values()))
    informe.tipo = clase_de_datos(datos) or "texto"
    return datos, informe


# --- la función pública ------------------------------------------------------------------------


def _leer(ruta, formato, peticion: Peticion):
    import pandas as pd

    if isinstance(ruta, pd.DataFrame):
        return desde_dataframe(ruta, "la tabla (DataFrame)", "DataFrame", peticion)
    if isinstance(ruta, (list, tuple)):
        return desde_registros(list(ruta), "la lista", "lista", peticion, quitar_vacias=False)
    ruta = Path(ruta).expanduser()
    if not ruta.exists():
        raise AfinarError(
            f"No encuentro «{ruta}»: comprueba el nombre y la carpeta (ahora estás en "
            f"{Path.cwd()}), o sube el archivo primero."
        )
    if ruta.is_dir():
        if hay_datos_guardados(ruta):
            return _cargar_guardado(ruta, peticion)
        return _cargar_carpeta(ruta, formato, peticion)
    if ruta.stat().st_size == 0:
        raise AfinarError(
            f"«{ruta.name}» está vacío (0 bytes): ábrelo, comprueba que guardaste el contenido y "
            "vuelve a cargarlo."
        )
    return _leer_archivo(ruta, _formato(ruta, formato), peticion, ruta.name)


def _imprimir(informe: InformeLectura):
    print(informe.resumen())
    for aviso in informe.avisos[:MAXIMO_AVISOS_IMPRESOS]:
        print(f"Aviso: {aviso}")
    if len(informe.avisos) > MAXIMO_AVISOS_IMPRESOS:
        print(f"… y {len(informe.avisos) - MAXIMO_AVISOS_IMPRESOS} avisos más: los ves todos con "
              "cargar_datos(..., informe=True).")  # fmt: skip


# larga: la documentación de cada opción para quien aprende
def cargar_datos(ruta, columna: str | None = None, formato: str | None = None, *,
                 pregunta: str | list[str] | None = None, respuesta: str | None = None,
                 contexto: str | list[str] | None = None, por: str | None = None,
                 hoja: str | int | None = None, codificacion: str | None = None,
                 separador: str | None = None, cabecera: bool | None = None,
                 agrupar: int | None = None, informe: bool = False):  # fmt: skip
    """Lee tus datos y devuelve un ``datasets.Dataset`` listo para limpiar y afinar.

    ``ruta`` puede ser un archivo (.txt, .csv, .tsv, .xlsx, .json, .jsonl, .docx, .pdf), una
    carpeta con varios, una carpeta guardada con ``afinar.datos.guardar`` (devuelve su
    ``DatasetDict`` con train y validación), una lista de textos o un ``pandas.DataFrame``. El
    resultado tiene la columna ``texto`` (texto plano) o ``messages`` (conversaciones), y la
    columna ``origen`` con el archivo de cada fila.

    - ``pregunta``, ``respuesta`` y ``contexto``: qué columna es cada cosa, para enseñar a
      responder. ``pregunta`` y ``contexto`` pueden ser varias columnas (una lista): el mensaje
      lleva cada una en su párrafo, precedida de su cabecera («Pregunta del examen: …»).
      Los nombres no distinguen mayúsculas, tildes ni espacios. Si no los dices, afinar
      reconoce pregunta/respuesta, instruction/output, prompt/completion, messages…
    - ``columna``: la columna con el texto (texto plano), si afinar no la adivina.
    - ``por``: en .txt, un ejemplo por ``"parrafo"`` (separados por una línea en blanco), por
      ``"linea"`` o por ``"archivo"``; si no lo dices, párrafos si el archivo tiene líneas en
      blanco y líneas si no. En .pdf, una página por ejemplo (o ``"archivo"``).
    - ``agrupar``: junta cada N filas seguidas de texto en un pasaje, en su orden (para versos
      o frases sueltas: un modelo afinado con filas muy cortas aprende a escribir poco).
    - ``hoja``: en Excel, el nombre o número de hoja (la primera si no lo dices).
    - ``cabecera``: si la primera fila de una tabla es la cabecera (True) o ya son datos
      (False); se detecta sola.
    - ``codificacion`` y ``separador``: se detectan solos (cada línea en UTF-8 o en
      Windows-1252; ``;``, ``,``, tabulador, ``|`` o una sola columna); dilos solo si falla.
    - ``informe``: con ``True`` devuelve ``(datos, InformeLectura)``: columnas usadas y su
      papel, ignoradas, filas vacías quitadas, filas arregladas y avisos. Sin él, se imprime
      una línea de resumen solo si algo se ignoró, se quitó o se arregló.
    """
    papeles = papeles_pedidos(columna, pregunta, respuesta, contexto)
    peticion = Peticion(columna=columna, papeles=papeles, por=por, hoja=hoja,
                        codificacion=codificacion, separador=separador, cabecera=cabecera,
                        agrupar=comprobar_agrupar(agrupar))  # fmt: skip
    datos, resultado = _leer(ruta, formato, peticion)
    if informe:
        return datos, resultado
    if resultado.hay_novedades:
        _imprimir(resultado)
    return datos
