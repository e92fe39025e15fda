"""Datos con columnas: CSV/TSV, JSON Lines, Excel, tablas de Word, JSON, listas y DataFrames.

Todos pasan por el mismo camino: primeras filas → forma de la tabla (separador, cabecera;
ver :mod:`afinar.datos.tablas`) → plan de columnas (qué papel tiene cada una; ver
:mod:`afinar.datos.columnas`) → cada fila convertida en ``texto`` o ``messages``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from itertools import islice
from pathlib import Path

from afinar.datos.codificacion import NOMBRES, leer_lineas, modo_de_lectura
from afinar.datos.columnas import convertir, papeles_del_plan, planificar
from afinar.datos.formatos import (
    Estado,
    Peticion,
    construir_contando,
    construir_en_memoria,
    convertidas,
    estado_nuevo,
    huella,
    informe_de,
)
from afinar.datos.pasajes import agrupar_filas
from afinar.datos.tablas import (
    NOMBRES_SEPARADOR,
    Cuentas,
    Forma,
    avisos_de_filas,
    detectar_separador,
    forma_de_tabla,
    leer_filas,
    nombres_de_columna,
    registros,
)
from afinar.errores import AfinarError

MUESTRA = 1000  # filas que se miran para decidir la forma y el plan


def _plan(forma: Forma, filas: list, nombre: str, peticion: Peticion) -> dict:
    """El plan de columnas a partir de las primeras filas; fija la columna que recoge lo que sobra."""
    muestra = [r for _, r in registros(enumerate(filas, 1), forma, Cuentas())]
    if not muestra:
        raise AfinarError(f"«{nombre}» no tiene ninguna fila de datos: ¿falta el contenido?")
    plan = planificar(forma.nombres, muestra, nombre, peticion.columna, peticion.papeles)
    _sin_agrupar_chat(plan, peticion, nombre)
    usadas = [c for c, _ in papeles_del_plan(plan)]
    if usadas:  # la columna usada con textos más largos: ahí suele estar el separador suelto
        largo = {c: sum(len(r.get(c) or "") for r in muestra) for c in usadas}
        forma.ancha = forma.nombres.index(max(usadas, key=largo.get))
    return plan


def _sin_agrupar_chat(plan: dict, peticion: Peticion, nombre: str):
    if peticion.agrupar and plan["tipo"] != "texto":
        raise AfinarError(
            f"agrupar= junta filas seguidas de texto plano, y «{nombre}» son conversaciones (cada "
            "fila ya es un ejemplo con su pregunta y su respuesta): quita agrupar=."
        )


def _tipo(plan: dict) -> str:
    return "texto" if plan["tipo"] == "texto" else "chat"


def _avisos_de_forma(forma: Forma, nombre: str) -> list[str]:
    return [f"En «{nombre}», {aviso}." for aviso in forma.avisos]


# --- CSV y TSV -------------------------------------------------------------------------------


def _gen_tabla(ruta: str, modo: dict, forma: dict, plan: dict, nombre: str, origen: str,
               agrupar, clave: str, **_):  # fmt: skip
    estado = estado_nuevo(clave)
    forma = Forma(**forma)
    lineas = leer_lineas(Path(ruta), modo, estado.decodificacion)
    filas = registros(leer_filas(lineas, forma.separador, nombre, estado.cuentas), forma,
                      estado.cuentas)  # fmt: skip
    yield from agrupar_filas(convertidas(filas, plan, nombre, origen, estado.cuentas), agrupar)


def separador_de_archivo(ruta: Path, modo: dict | None = None) -> str | None:
    """El separador con el que ``cargar_datos`` lee este CSV si no se le dice: tabulador en un
    .tsv; si no, el que se detecta en sus primeras líneas (None: una sola columna)."""
    if ruta.suffix.lower() == ".tsv":
        return "\t"
    return detectar_separador(list(islice(leer_lineas(ruta, modo), 200)), ruta.name)


def _separador(ruta: Path, modo: dict, peticion: Peticion) -> str | None:
    if peticion.separador is None:
        return separador_de_archivo(ruta, modo)
    if len(peticion.separador) != 1:
        raise AfinarError(
            f'separador="{peticion.separador}" no es válido: escribe un solo carácter, como '
            'separador=";" o separador="\\t" (tabulador).'
        )
    return peticion.separador


def leer_csv(ruta: Path, peticion: Peticion, origen: str):
    """Un CSV o TSV leído por partes, con su separador y su cabecera: ``(ds, informe)``."""
    nombre = ruta.name
    modo = modo_de_lectura(ruta, peticion.codificacion)
    separador = _separador(ruta, modo, peticion)
    primeras = [c for _, c in islice(leer_filas(leer_lineas(ruta, modo), separador, nombre,
                                                Cuentas()), MUESTRA)]  # fmt: skip
    if not primeras:
        raise AfinarError(f"«{nombre}» no tiene ninguna fila de datos: ¿falta el contenido?")
    forma = forma_de_tabla(primeras, separador, peticion.cabecera, peticion.conocidos())
    plan = _plan(forma, primeras, nombre, peticion)
    kwargs = {"ruta": str(ruta), "modo": modo, "forma": asdict(forma), "plan": plan,
              "nombre": nombre, "origen": origen, "agrupar": peticion.agrupar,
              "huella": huella(ruta)}  # fmt: skip
    ds, estado = construir_contando(_gen_tabla, kwargs, _tipo(plan), nombre)
    avisos = _avisos_de_forma(forma, nombre) + avisos_de_filas(estado.cuentas, nombre, forma)
    informe = informe_de(nombre, ds, plan, forma.nombres, estado, avisos)
    informe.codificacion = NOMBRES.get(modo["codificacion"], modo["codificacion"])
    informe.separador = NOMBRES_SEPARADOR.get(separador, separador)
    return ds, informe


# --- JSON Lines ------------------------------------------------------------------------------


def _registros_jsonl(lineas, nombre: str, cuentas: Cuentas):
    for n, linea in enumerate(lineas, start=1):
        if not linea.strip():
            cuentas.vacias += 1
            continue
        try:
            yield n, json.loads(linea)
        except json.JSONDecodeError as e:
            raise AfinarError(
                f"La línea {n} de «{nombre}» no es JSON válido ({e.msg}): corrígela o bórrala "
                "(cada línea de un .jsonl debe ser un objeto completo entre llaves)."
            ) from None


def _gen_jsonl(ruta: str, modo: dict, plan: dict, nombre: str, origen: str, agrupar, clave: str,
               **_):  # fmt: skip
    estado = estado_nuevo(clave)
    lineas = leer_lineas(Path(ruta), modo, estado.decodificacion)
    filas = _registros_jsonl(lineas, nombre, estado.cuentas)
    yield from agrupar_filas(convertidas(filas, plan, nombre, origen, estado.cuentas), agrupar)


def _plan_de_registros(muestra: list, nombre: str, peticion: Peticion) -> tuple[dict, list[str]]:
    if all(isinstance(r, str) for r in muestra):
        return {"tipo": "texto", "columna": None}, []
    dicts = [r for r in muestra if isinstance(r, dict)]
    if not dicts:
        raise AfinarError(
            f"«{nombre}» no contiene textos ni registros: usa una lista de textos o de "
            'diccionarios como {"texto": "..."}.'
        )
    columnas = [str(c) for c in dicts[0]]  # la forma la marca el primer registro
    plan = planificar(columnas, dicts, nombre, peticion.columna, peticion.papeles)
    _sin_agrupar_chat(plan, peticion, nombre)
    return plan, columnas


def leer_jsonl(ruta: Path, peticion: Peticion, origen: str):
    """Un JSON Lines (un registro por línea) leído por partes: ``(ds, informe)``."""
    nombre = ruta.name
    modo = modo_de_lectura(ruta, peticion.codificacion)
    muestra = [r for _, r in islice(_registros_jsonl(leer_lineas(ruta, modo), nombre, Cuentas()),
                                    MUESTRA)]  # fmt: skip
    if not muestra:
        raise AfinarError(f"«{nombre}» no tiene ninguna fila de datos: ¿falta el contenido?")
    plan, columnas = _plan_de_registros(muestra, nombre, peticion)
    kwargs = {"ruta": str(ruta), "modo": modo, "plan": plan, "nombre": nombre, "origen": origen,
              "agrupar": peticion.agrupar, "huella": huella(ruta)}  # fmt: skip
    ds, estado = construir_contando(_gen_jsonl, kwargs, _tipo(plan), nombre)
    informe = informe_de(nombre, ds, plan, columnas, estado, [])
    informe.codificacion = NOMBRES.get(modo["codificacion"], modo["codificacion"])
    return ds, informe


# --- lo que ya está en memoria ----------------------------------------------------------------


def _en_memoria(filas: list, plan: dict, nombre: str, cuentas: Cuentas):
    """Construye el Dataset con filas ya convertidas; devuelve también lo contado."""
    return construir_en_memoria(filas, _tipo(plan), nombre), Estado(cuentas=cuentas)


def desde_tabla(filas: list[list[str]], nombre: str, origen: str, peticion: Peticion,
                avisos: list[str] | None = None):  # fmt: skip
    """Una tabla en memoria (una hoja de Excel, tablas de Word): como un CSV, pero ya partida.

    Las columnas del todo vacías (las que Excel guarda solo con formato) se quitan; una celda con
    datos en una columna sin cabecera da una columna «columna N», no un campo de más.
    """
    ancho = max((i + 1 for f in filas for i, c in enumerate(f) if str(c).strip()), default=0)
    if not ancho:
        raise AfinarError(f"«{nombre}» está vacío: no hay ningún registro que cargar.")
    filas = [(list(f) + [""] * ancho)[:ancho] for f in filas]
    forma = forma_de_tabla(filas[:MUESTRA], None, peticion.cabecera, peticion.conocidos())
    plan = _plan(forma, filas[:MUESTRA], nombre, peticion)
    cuentas = Cuentas()
    filas_ds = convertidas(registros(enumerate(filas, 1), forma, cuentas), plan, nombre, origen,
                           cuentas)  # fmt: skip
    ds, estado = _en_memoria(list(agrupar_filas(filas_ds, peticion.agrupar)), plan, nombre,
                             cuentas)  # fmt: skip
    todos = (avisos or []) + _avisos_de_forma(forma, nombre)
    todos += avisos_de_filas(cuentas, nombre, forma, "fila")
    return ds, informe_de(nombre, ds, plan, forma.nombres, estado, todos)


def desde_registros(datos: list, nombre: str, origen: str, peticion: Peticion,
                    quitar_vacias: bool = True):  # fmt: skip
    """Una lista de textos o de diccionarios (de un .json, de Python o de un DataFrame).

    Con ``quitar_vacias=False`` (una lista escrita en Python) se conservan las filas sin texto:
    :func:`afinar.datos.limpiar` las quita y las cuenta.
    """
    if not datos:
        raise AfinarError(f"«{nombre}» está vacío: no hay ningún registro que cargar.")
    plan, columnas = _plan_de_registros(datos[:MUESTRA], nombre, peticion)
    cuentas = Cuentas()
    # Convertir antes de construir: así un registro raro falla aquí, con su número.
    filas_ds = (
        convertidas(enumerate(datos, 1), plan, nombre, origen, cuentas)
        if quitar_vacias
        else (convertir(r, plan, nombre, i, origen) for i, r in enumerate(datos, 1))
    )
    filas = list(agrupar_filas(filas_ds, peticion.agrupar))
    ds, estado = _en_memoria(filas, plan, nombre, cuentas)
    return ds, informe_de(nombre, ds, plan, columnas, estado, [])


def desde_dataframe(df, nombre: str, origen: str, peticion: Peticion):
    """Un ``pandas.DataFrame``: sin las filas del todo vacías y con nombres de columna únicos."""
    vacias = int(df.isna().all(axis=1).sum())
    df = df.dropna(how="all")
    nombres, avisos = nombres_de_columna([str(c) for c in df.columns])
    df.columns = nombres
    filas = df.astype(object).where(df.notna(), None).to_dict(orient="records")
    ds, informe = desde_registros(filas, nombre, origen, peticion)
    informe.vacias += vacias
    informe.avisos[:0] = [f"En «{nombre}», {a}." for a in avisos]
    return ds, informe
