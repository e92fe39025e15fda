"""Leer los archivos de quien aprende y convertirlos en un ``datasets.Dataset``.

La función pública es :func:`afinar.datos.cargar_datos` (definida aquí). El resultado
tiene siempre la columna ``origen`` (de qué archivo viene cada fila) y, además,
``texto`` (texto plano) o ``messages`` (conversaciones: lista de ``{"role", "content"}``).

Los formatos de texto (.txt, .csv, .tsv, .jsonl) se leen por partes: nunca se copia el
archivo entero a una lista de Python, así que un archivo de varios GB cabe. Los que hay que
leer enteros (.xlsx, .json, .docx, .pdf) se rechazan con un consejo si son demasiado grandes.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from afinar.datos.codificacion import (
    abrir_texto,
    detectar_codificacion,
    detectar_separador,
    leer_lineas,
)
from afinar.datos.columnas import convertir, lista_columnas, planificar
from afinar.datos.documentos import leer_docx, leer_excel, leer_json, leer_pdf
from afinar.errores import AfinarError
from afinar.presentacion import sin_barras

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


def _caracteristicas(tipo: str):
    from datasets import Features, List, Value

    if tipo == "chat":
        mensaje = {"role": Value("string"), "content": Value("string")}
        return Features({"messages": List(mensaje), "origen": Value("string")})
    return Features({"texto": Value("string"), "origen": Value("string")})


# --- generadores por formato (se ejecutan dentro de Dataset.from_generator) ------------------


def _gen_txt(ruta: str, codificacion: str, por: str, origen: str, **_):
    ruta = Path(ruta)
    if por == "archivo":
        with abrir_texto(ruta, codificacion) as f:
            texto = f.read().strip()
        if texto:
            yield {"texto": texto, "origen": origen}
        return
    parrafo: list[str] = []
    for linea in leer_lineas(ruta, codificacion):
        linea = linea.rstrip("\r\n")
        if por == "linea":
            if linea.strip():
                yield {"texto": linea.strip(), "origen": origen}
        elif linea.strip():
            parrafo.append(linea.strip())
        elif parrafo:
            yield {"texto": "\n".join(parrafo), "origen": origen}
            parrafo = []
    if parrafo:
        yield {"texto": "\n".join(parrafo), "origen": origen}


def _filas_csv(ruta: Path, codificacion: str, separador: str):
    lector = csv.reader(leer_lineas(ruta, codificacion, newline=""), delimiter=separador)
    cabecera = None
    for fila in lector:
        if not any(c.strip() for c in fila):
            continue
        if cabecera is None:
            cabecera = [c.strip() for c in fila]
            continue
        fila = (fila + [""] * len(cabecera))[: len(cabecera)]
        yield dict(zip(cabecera, fila, strict=True))


def _gen_registros(ruta: str, formato: str, opciones: str, plan: str, origen: str, **_):
    """Registros (dicts) de un CSV o JSON Lines, convertidos según el plan elegido."""
    opciones, plan = json.loads(opciones), json.loads(plan)
    ruta = Path(ruta)
    if formato == "csv":
        registros = _filas_csv(ruta, opciones["codificacion"], opciones["separador"])
    else:
        registros = _registros_jsonl(ruta, opciones["codificacion"])
    for i, registro in enumerate(registros, start=1):
        yield convertir(registro, plan, ruta.name, i, origen)


def _registros_jsonl(ruta: Path, codificacion: str):
    for n, linea in enumerate(leer_lineas(ruta, codificacion), start=1):
        if not linea.strip():
            continue
        try:
            yield json.loads(linea)
        except json.JSONDecodeError as e:
            raise AfinarError(
                f"La línea {n} de «{ruta.name}» no es JSON válido ({e.msg}): corrígela o bórrala "
                "(cada línea de un .jsonl debe ser un objeto completo entre llaves)."
            ) from None


# --- construir el Dataset --------------------------------------------------------------------


def _construir(generador, gen_kwargs: dict, tipo: str, nombre: str):
    """Dataset.from_generator con los errores de afinar a la vista y nada a medio cargar."""
    from datasets import Dataset
    from datasets.exceptions import DatasetGenerationError

    try:
        with sin_barras():
            ds = Dataset.from_generator(generador, features=_caracteristicas(tipo),
                                        gen_kwargs=gen_kwargs)  # fmt: skip
    except ValueError as e:
        if "corresponds to no data" not in str(e):  # el generador no dio ninguna fila
            raise
        raise AfinarError(_sin_texto(nombre)) from None
    except DatasetGenerationError as e:
        causa = e
        while causa is not None and not isinstance(causa, AfinarError):
            causa = causa.__cause__ or causa.__context__
        if causa is not None:
            raise AfinarError(causa.mensaje) from None
        raise
    _comprobar_no_vacio(ds, nombre)
    return ds


def _comprobar_no_vacio(ds, nombre: str):
    if len(ds) == 0 or ("texto" in ds.column_names and not any(t.strip() for t in _muestra(ds))):
        raise AfinarError(_sin_texto(nombre))


def _sin_texto(nombre: str) -> str:
    return (f"«{nombre}» no tiene ningún texto (0 filas con contenido): comprueba que elegiste el "
            "archivo y la columna correctos.")  # fmt: skip


def _muestra(ds, n: int = 1000):
    return ds.select(range(min(n, len(ds))))["texto"] if len(ds) else []


def _desde_registros(registros: list, nombre: str, origen: str, columna=None):
    """Para lo que ya está en memoria (lista, DataFrame, JSON, Excel)."""
    if not registros:
        raise AfinarError(f"«{nombre}» está vacío: no hay ningún registro que cargar.")
    if all(isinstance(r, str) for r in registros[:1000]):
        plan = {"tipo": "texto", "columna": None}
    else:
        muestra = [r for r in registros[:1000] if isinstance(r, dict)]
        if not muestra:
            raise AfinarError(
                f"«{nombre}» no contiene textos ni registros: usa una lista de textos o de "
                'diccionarios como {"texto": "..."}.'
            )
        columnas = list(muestra[0])  # la forma la marca el primer registro
        plan = planificar(columnas, muestra, nombre, columna)
    tipo = "chat" if plan["tipo"] != "texto" else "texto"
    # Convertir antes de construir: así un registro raro falla aquí, con su número.
    convertidos = [convertir(r, plan, nombre, i, origen) for i, r in enumerate(registros, 1)]
    from datasets import Dataset

    ds = Dataset.from_list(convertidos, features=_caracteristicas(tipo))
    _comprobar_no_vacio(ds, nombre)
    return ds


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


def _cargar_archivo(ruta: Path, formato: str, columna, por, hoja, codificacion, separador, origen):
    nombre = ruta.name
    if formato == "txt":
        codificacion = codificacion or detectar_codificacion(ruta)
        if por is None:
            with abrir_texto(ruta, codificacion) as f:
                inicio = f.read(1 << 16)
            por = "parrafo" if "\n\n" in inicio.replace("\r\n", "\n").strip() else "linea"
        if por not in ("parrafo", "linea", "archivo"):
            raise AfinarError(f'por="{por}" no es válido: usa "parrafo", "linea" o "archivo".')
        if por == "archivo":
            _comprobar_tamano(ruta, "de texto leído como un solo ejemplo")
        kwargs = {"ruta": str(ruta), "codificacion": codificacion, "por": por, "origen": origen,
                  "huella": f"{ruta.stat().st_mtime_ns}-{ruta.stat().st_size}"}  # fmt: skip
        return _construir(_gen_txt, kwargs, "texto", nombre)
    if formato in ("csv", "jsonl"):
        codificacion = codificacion or detectar_codificacion(ruta)
        opciones = {"codificacion": codificacion}
        if formato == "csv":
            opciones["separador"] = separador or detectar_separador(ruta, codificacion)
            registros = _filas_csv(ruta, codificacion, opciones["separador"])
        else:
            registros = _registros_jsonl(ruta, codificacion)
        muestra = [r for _, r in zip(range(1000), registros, strict=False)]
        if not muestra:
            raise AfinarError(f"«{nombre}» no tiene ninguna fila de datos: ¿falta el contenido?")
        if not isinstance(muestra[0], dict):
            return _desde_registros([json.loads(x) for x in leer_lineas(ruta, codificacion)
                                     if x.strip()], nombre, origen, columna)  # fmt: skip
        columnas = list(muestra[0])  # la forma la marca el primer registro
        plan = planificar(columnas, muestra, nombre, columna)
        kwargs = {"ruta": str(ruta), "formato": formato, "opciones": json.dumps(opciones),
                  "plan": json.dumps(plan), "origen": origen,
                  "huella": f"{ruta.stat().st_mtime_ns}-{ruta.stat().st_size}"}  # fmt: skip
        return _construir(_gen_registros, kwargs, "chat" if plan["tipo"] != "texto" else "texto",
                          nombre)  # fmt: skip
    _comprobar_tamano(
        ruta, {"xlsx": "Excel", "json": "JSON", "docx": "Word", "pdf": "PDF"}[formato]
    )
    if formato == "json":
        return _desde_registros(leer_json(ruta, codificacion), nombre, origen, columna)
    if formato == "xlsx":
        return _desde_dataframe(leer_excel(ruta, hoja), nombre, origen, columna)
    if formato == "docx":
        return _desde_registros(leer_docx(ruta, por), nombre, origen)
    return _desde_registros(leer_pdf(ruta, por), nombre, origen)


def _desde_dataframe(df, nombre: str, origen: str, columna=None):
    df = df.dropna(how="all")
    df.columns = [str(c).strip() for c in df.columns]
    registros = df.astype(object).where(df.notna(), None).to_dict(orient="records")
    return _desde_registros(registros, nombre, origen, columna)


def _cargar_carpeta(carpeta: Path, **opciones):
    from datasets import concatenate_datasets

    archivos = sorted(p for p in carpeta.rglob("*") if p.is_file()
                      and not any(parte.startswith(".") for parte in p.relative_to(carpeta).parts))  # fmt: skip
    leibles = [p for p in archivos if p.suffix.lower() in EXTENSIONES]
    if not leibles:
        raise AfinarError(
            f"La carpeta «{carpeta.name}» no tiene archivos que afinar sepa leer: pon dentro "
            f"archivos {', '.join(sorted(set(EXTENSIONES)))}."
        )
    ignorados = [p.name for p in archivos if p not in leibles]
    if ignorados:
        print(
            f"Aviso: ignoro {len(ignorados)} archivo(s) que no sé leer: {', '.join(ignorados[:10])}"
        )
    partes = [cargar_datos(p, **opciones, _origen=str(p.relative_to(carpeta))) for p in leibles]
    tipos = {("chat" if "messages" in d.column_names else "texto") for d in partes}
    if len(tipos) > 1:
        chat = next(
            p.name for p, d in zip(leibles, partes, strict=True) if "messages" in d.column_names
        )
        texto = next(
            p.name for p, d in zip(leibles, partes, strict=True) if "texto" in d.column_names
        )
        raise AfinarError(
            f"La carpeta «{carpeta.name}» mezcla texto plano ({texto}) y conversaciones ({chat}): "
            "sepáralos en dos carpetas y cárgalas por separado."
        )
    return concatenate_datasets(partes)


def cargar_datos(ruta, columna: str | None = None, formato: str | None = None, *, por: str | None = None,
                 hoja: str | int | None = None, codificacion: str | None = None,
                 separador: str | None = None, _origen: str | None = None):  # fmt: skip
    """Lee tus datos y devuelve un ``datasets.Dataset`` listo para limpiar y afinar.

    ``ruta`` puede ser un archivo (.txt, .csv, .tsv, .xlsx, .json, .jsonl, .docx, .pdf), una
    carpeta con varios, una lista de textos o un ``pandas.DataFrame``. El resultado tiene la
    columna ``texto`` (texto plano) o ``messages`` (conversaciones: los pares
    pregunta/respuesta, instruction/output, prompt/completion… se convierten en chat), y la
    columna ``origen`` con el archivo de cada fila.

    - ``columna``: la columna con el texto, si afinar no la adivina.
    - ``por``: en .txt, un ejemplo por ``"parrafo"`` (separados por una línea en blanco), por
      ``"linea"`` o por ``"archivo"``; si no lo dices, párrafos si el archivo tiene líneas en
      blanco y líneas si no. En .pdf, una página por ejemplo (o ``"archivo"``).
    - ``hoja``: en Excel, el nombre o número de hoja (la primera si no lo dices).
    - ``codificacion`` y ``separador``: se detectan solos (UTF-8, UTF-16, Windows-1252; ``;``,
      ``,``, tabulador o ``|``); dilos solo si la detección falla.
    """
    import pandas as pd

    if isinstance(ruta, pd.DataFrame):
        return _desde_dataframe(ruta, "la tabla (DataFrame)", _origen or "DataFrame", columna)
    if isinstance(ruta, (list, tuple)):
        return _desde_registros(list(ruta), "la lista", _origen or "lista", columna)
    ruta = Path(ruta).expanduser()
    if not ruta.exists():
        raise AfinarError(
            f"No encuentro «{ruta}»: comprueba el nombre y la carpeta (ahora estás en "
            f"{Path.cwd()}), o sube el archivo primero."
        )
    if ruta.is_dir():
        return _cargar_carpeta(ruta, columna=columna, formato=formato, por=por, hoja=hoja,
                               codificacion=codificacion, separador=separador)  # fmt: skip
    if ruta.stat().st_size == 0:
        raise AfinarError(
            f"«{ruta.name}» está vacío (0 bytes): ábrelo, comprueba que guardaste el contenido y "
            "vuelve a cargarlo."
        )
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
            f'formato="{formato}" no existe: usa uno de {lista_columnas(sorted(set(EXTENSIONES.values())))}.'
        )
    return _cargar_archivo(ruta, formato, columna, por, hoja, codificacion, separador,
                           _origen or ruta.name)  # fmt: skip
