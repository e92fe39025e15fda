"""Cada formato, de sus bytes a un ``datasets.Dataset`` y su :class:`InformeLectura`.

Los formatos de texto (.txt, .csv, .tsv, .jsonl) se leen por partes dentro de
``Dataset.from_generator``: nunca se copia el archivo entero a una lista de Python (el
resultado vive en memoria, en formato Arrow, y no en la caché compartida: ver
:mod:`afinar.datos.almacen`). Lo que se cuenta mientras tanto (filas vacías, arregladas, líneas
en otra codificación) queda en ``_ESTADOS`` con la huella del generador; si ``datasets`` sirviera
el resultado de una caché sin ejecutar el generador, se recorre otra vez solo para contar.

:func:`_construir` es el único sitio donde se crea el Dataset.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from afinar.datos.almacen import desde_generador
from afinar.datos.codificacion import NOMBRES, Decodificacion, leer_lineas, modo_de_lectura
from afinar.datos.columnas import (
    CONOCIDOS,
    convertir,
    esta_vacia,
    normal,
    papeles_del_plan,
)
from afinar.datos.informe_lectura import InformeLectura
from afinar.datos.pasajes import agrupar_filas, aviso_filas_cortas
from afinar.datos.tablas import Cuentas
from afinar.datos.tipo import tipo_de_datos
from afinar.errores import AfinarError
from afinar.presentacion import sin_barras


@dataclass
class Peticion:
    """Lo que quien usa afinar pidió al llamar a ``cargar_datos``."""

    columna: str | None = None
    papeles: dict | None = None
    por: str | None = None
    hoja: str | int | None = None
    codificacion: str | None = None
    separador: str | None = None
    cabecera: bool | None = None
    agrupar: int | None = None

    def conocidos(self) -> set[str]:
        """Nombres que delatan una cabecera: los conocidos y los que pidió quien usa afinar."""
        pedidos = [self.columna] + [n for ns in (self.papeles or {}).values() for n in ns]
        return CONOCIDOS | {normal(n) for n in pedidos if n}


@dataclass
class Estado:
    """Lo contado al leer un archivo: filas quitadas o arregladas y líneas de cada codificación."""

    cuentas: Cuentas = field(default_factory=Cuentas)
    decodificacion: Decodificacion = field(default_factory=Decodificacion)


_ESTADOS: dict[str, Estado] = {}


def estado_nuevo(clave: str) -> Estado:
    """Lo que cuenta un generador, guardado con su clave (se empieza de cero en cada pasada)."""
    _ESTADOS[clave] = estado = Estado()
    return estado


def _caracteristicas(tipo: str):
    from datasets import Features, List, Value

    if tipo == "chat":
        mensaje = {"role": Value("string"), "content": Value("string")}
        return Features({"messages": List(mensaje), "origen": Value("string")})
    return Features({"texto": Value("string"), "origen": Value("string")})


def _construir(generador, gen_kwargs: dict, tipo: str, nombre: str):
    """El único sitio donde la lectura crea un Dataset, con los errores de afinar a la vista.

    Con ``generador`` (archivos de texto, por partes): ``Dataset.from_generator`` en una
    carpeta temporal privada que se borra enseguida (:func:`afinar.datos.almacen.desde_generador`:
    nada sin anonimizar queda en la caché compartida de Hugging Face). Sin él, las
    filas ya convertidas de ``gen_kwargs["filas"]`` (listas, DataFrames, Excel, JSON, Word,
    PDF): ``Dataset.from_list``, en memoria.
    """
    from datasets import Dataset
    from datasets.exceptions import DatasetGenerationError

    try:
        with sin_barras():
            if generador is None:
                ds = Dataset.from_list(gen_kwargs["filas"], features=_caracteristicas(tipo))
            else:
                ds = desde_generador(generador, _caracteristicas(tipo), gen_kwargs,
                                     fingerprint=gen_kwargs["clave"])  # fmt: skip
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


def construir_en_memoria(filas: list[dict], tipo: str, nombre: str):
    """El Dataset de unas filas ya convertidas (los errores salieron antes, con su número)."""
    return _construir(None, {"filas": filas}, tipo, nombre)


def construir_contando(generador, gen_kwargs: dict, tipo: str, nombre: str):
    """(Dataset, lo contado al leer). La clave es la huella: mismo archivo y opciones, misma clave."""
    gen_kwargs["clave"] = hashlib.sha256(
        json.dumps([generador.__name__, gen_kwargs], sort_keys=True, default=str).encode()
    ).hexdigest()[:40]
    try:
        ds = _construir(generador, gen_kwargs, tipo, nombre)
        if gen_kwargs["clave"] not in _ESTADOS:  # venía de la caché de datasets: se cuenta aparte
            for _ in generador(**gen_kwargs):
                pass
        return ds, _ESTADOS[gen_kwargs["clave"]]
    finally:
        _ESTADOS.pop(gen_kwargs["clave"], None)


def _comprobar_no_vacio(ds, nombre: str):
    if len(ds) == 0 or (tipo_de_datos(ds) == "texto" and not any(t.strip() for t in _muestra(ds))):
        raise AfinarError(_sin_texto(nombre))


def _sin_texto(nombre: str) -> str:
    return (f"«{nombre}» no tiene ningún texto (0 filas con contenido): comprueba que elegiste el "
            "archivo y la columna correctos.")  # fmt: skip


def _muestra(ds, n: int = 1000):
    return ds.select(range(min(n, len(ds))))["texto"] if len(ds) else []


def huella(ruta: Path) -> str:
    """Cambia si cambia el archivo: la caché de datasets no sirve un resultado viejo."""
    estado = ruta.stat()
    return f"{ruta.resolve()}-{estado.st_mtime_ns}-{estado.st_size}"


def convertidas(filas, plan: dict, nombre: str, origen: str, cuentas: Cuentas):
    """Convierte cada (número, registro); quita y cuenta los que quedan sin texto."""
    for i, registro in filas:
        fila = convertir(registro, plan, nombre, i, origen)
        if esta_vacia(fila):
            cuentas.vacias += 1
            continue
        yield fila


def informe_de(nombre: str, ds, plan: dict | None, columnas: list[str], estado: Estado,
             avisos: list[str]) -> InformeLectura:  # fmt: skip
    """El informe de un archivo, con el aviso de filas cortas si hace falta."""
    usadas = papeles_del_plan(plan) if plan else []
    informe = InformeLectura(
        origen=nombre,
        filas=len(ds),
        tipo=tipo_de_datos(ds),
        columnas=usadas,
        ignoradas=[c for c in columnas if c not in {u for u, _ in usadas}],
        vacias=estado.cuentas.vacias,
        reparadas=(
            estado.cuentas.largas.veces
            + estado.cuentas.comillas.veces
            + estado.decodificacion.reparadas
        ),  # fmt: skip
        avisos=list(avisos),
    )
    mezcla = estado.decodificacion.aviso(nombre)
    informe.avisos += [mezcla] if mezcla else []
    if informe.tipo == "texto":
        cortas = aviso_filas_cortas(list(_muestra(ds, 2000)), nombre)
        informe.avisos += [cortas] if cortas else []
    return informe


# --- texto plano -----------------------------------------------------------------------------


def _filas_txt(lineas, por: str, origen: str):
    if por == "archivo":
        texto = "".join(lineas).replace("\r\n", "\n").replace("\r", "\n").strip()
        if texto:
            yield {"texto": texto, "origen": origen}
        return
    parrafo: list[str] = []
    for linea in lineas:
        linea = linea.strip()
        if por == "linea":
            if linea:
                yield {"texto": linea, "origen": origen}
        elif linea:
            parrafo.append(linea)
        elif parrafo:
            yield {"texto": "\n".join(parrafo), "origen": origen}
            parrafo = []
    if parrafo:
        yield {"texto": "\n".join(parrafo), "origen": origen}


def _gen_txt(ruta: str, modo: dict, por: str, origen: str, agrupar, clave: str, **_):
    estado = estado_nuevo(clave)
    lineas = leer_lineas(Path(ruta), modo, estado.decodificacion)
    yield from agrupar_filas(_filas_txt(lineas, por, origen), agrupar)


def leer_txt(ruta: Path, peticion: Peticion, origen: str):
    """Un .txt por párrafos, por líneas o entero (``por``), leído por partes: ``(ds, informe)``."""
    modo = modo_de_lectura(ruta, peticion.codificacion)
    por = peticion.por
    if por is None:
        inicio = "".join(islice(leer_lineas(ruta, modo), 2000))[: 1 << 16]
        por = "parrafo" if "\n\n" in inicio.replace("\r\n", "\n").strip() else "linea"
    if por not in ("parrafo", "linea", "archivo"):
        raise AfinarError(f'por="{por}" no es válido: usa "parrafo", "linea" o "archivo".')
    kwargs = {"ruta": str(ruta), "modo": modo, "por": por, "origen": origen,
              "agrupar": peticion.agrupar, "huella": huella(ruta)}  # fmt: skip
    ds, estado = construir_contando(_gen_txt, kwargs, "texto", ruta.name)
    informe = informe_de(ruta.name, ds, None, [], estado, [])
    informe.codificacion = NOMBRES.get(modo["codificacion"], modo["codificacion"])
    return ds, informe
