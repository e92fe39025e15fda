"""Quitar datos personales de un Dataset: correos, teléfonos, documentos y cuentas.

La función pública es :func:`afinar.datos.anonimizar` (definida aquí; la búsqueda de cada tipo
vive en :mod:`afinar.datos.detectores`). Cada dato se cambia por un marcador con su tipo:

=============  ==============================================================================
``<EMAIL>``    direcciones de correo electrónico
``<TELEFONO>`` teléfonos de España y Latinoamérica, con o sin prefijo de país (+34, (+34), 0054…)
``<DNI>``      DNI de España (se comprueba la letra) y DNI de Argentina (tras «DNI» o «documento»)
``<NIE>``      NIE de España (X/Y/Z, se comprueba la letra)
``<CUIT>``     CUIT y CUIL de Argentina (se comprueba el dígito verificador)
``<RUT>``      RUT/RUN de Chile (dígito verificador 0-9 o K; sin guion, solo con K o tras «RUT»)
``<CURP>``     CURP de México (estructura, fecha, estado y dígito verificador)
``<IBAN>``     cuentas IBAN (control módulo 97 y estructura del país)
``<CUENTA>``   cuentas bancarias españolas de 20 cifras (CCC: se comprueban sus dos controles).
               Tienen etiqueta propia porque no son un IBAN: son la parte nacional de uno.
``<TARJETA>``  números de tarjeta (prefijo de emisor y algoritmo de Luhn)
=============  ==============================================================================

Los dígitos de control se comprueban con python-stdnum. Un documento con el control mal se
marca igual si una palabra cercana lo nombra («Mi DNI es 12345678A» con la letra errónea).

Nada de lo que se enseña muestra un dato original: el informe y los ejemplos enseñan la
etiqueta, la forma del dato con sus letras y cifras tapadas («(+••) ••• ••• •••») y el texto
de alrededor ya anonimizado. La columna ``origen`` (nombres de archivo como
``cv_12345678Z_ana@correo.es.csv``) se anonimiza también. Dónde se guardan los datos mientras
tanto lo decide :mod:`afinar.datos.almacen`: en memoria, nunca en la caché compartida.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from afinar.datos.almacen import archivos_en_disco, transformar
from afinar.datos.detectores import TIPOS, Hallazgo, buscar_datos_personales
from afinar.datos.ficticios import valor_ficticio
from afinar.datos.tipo import columna_principal
from afinar.errores import AfinarError
from afinar.presentacion import escapar, recortar, tabla_html, tabla_texto

__all__ = ["TIPOS", "Hallazgo", "InformeAnonimizacion", "anonimizar", "anonimizar_origen",
           "anonimizar_texto", "buscar_datos_personales", "forma_oculta", "valor_ficticio"]  # fmt: skip

ETIQUETA = re.compile(r"<(?:" + "|".join(TIPOS) + r")>")
# Por encima de esta proporción de filas con etiquetas, el modelo puede aprender a escribirlas.
UMBRAL_ETIQUETAS = 0.20


# --- texto, nombres de archivo y formas tapadas -----------------------------------------------


def anonimizar_texto(texto: str, tipos=TIPOS, *, rng: random.Random | None = None):
    """Devuelve el texto con cada dato personal cambiado por ``<TIPO>`` y lo que se cambió.

    Con ``rng`` (un ``random.Random``), cada dato se cambia por un valor inventado del mismo
    tipo en vez de por la etiqueta.
    """
    hallazgos = buscar_datos_personales(texto, tipos)
    partes, ultimo = [], 0
    for h in hallazgos:
        partes += [texto[ultimo : h.inicio], valor_ficticio(h.tipo, rng) if rng else f"<{h.tipo}>"]
        ultimo = h.fin
    return "".join(partes) + texto[ultimo:] if hallazgos else texto, hallazgos


def anonimizar_origen(origen: str, tipos=TIPOS) -> tuple[str, list[Hallazgo]]:
    """Anonimiza un nombre de archivo o ruta: ``cv_12345678Z.csv`` → ``cv_<DNI>.csv``.

    Cada parte de la ruta se mira sin su extensión y con «_» como espacio (la posición de cada
    carácter no cambia), así un DNI o un correo pegado a «_» también se encuentra.
    """
    salida, todos = [], []
    for parte in re.split(r"([/\\])", origen or ""):
        sufijo = PurePosixPath(parte).suffix
        sufijo = sufijo if re.fullmatch(r"\.\w{1,5}", sufijo) else ""
        base = parte[: len(parte) - len(sufijo)]
        hallazgos = buscar_datos_personales(base.replace("_", " "), tipos)
        for h in reversed(hallazgos):
            base = base[: h.inicio] + f"<{h.tipo}>" + base[h.fin :]
        salida.append(base + sufijo)
        todos += hallazgos
    return "".join(salida), todos


def forma_oculta(valor: str) -> str:
    """La forma de un dato sin el dato: letras y cifras tapadas, signos a la vista."""
    return re.sub(r"\w", "•", valor)


# --- el Dataset ---------------------------------------------------------------------------------


def _valor(valor, modo: str, tipos, rng, origenes: dict) -> tuple[object, list[Hallazgo], bool]:
    """(valor anonimizado, lo encontrado, ¿lleva etiquetas que el modelo verá?) de una celda."""
    if modo == "origen":
        return origenes.get(valor, valor), [], False
    if modo != "mensajes":
        nuevo, hallazgos = anonimizar_texto(valor or "", tipos, rng=rng)
        return nuevo, hallazgos, modo == "principal" and bool(ETIQUETA.search(nuevo))
    mensajes, encontrados = [], []
    for m in valor:
        contenido, hallazgos = anonimizar_texto(m["content"] or "", tipos, rng=rng)
        mensajes.append({**m, "content": contenido})
        encontrados += hallazgos
    return mensajes, encontrados, any(ETIQUETA.search(m["content"]) for m in mensajes)


def _lote(lote: dict, indices: list[int], columnas: dict, tipos, semilla, origenes: dict):
    """Anonimiza cada columna de texto del lote y anota tipos, marcas por contexto y etiquetas.

    ``origenes`` lleva cada nombre de archivo ya anonimizado (hay pocos: se hace una vez).
    """
    salida: dict[str, list] = {c: [] for c in columnas}
    salida.update(_tipos=[], _contexto=[], _etiquetas=[])
    for fila, indice in enumerate(indices):
        rng = random.Random(f"{semilla}-{indice}") if semilla is not None else None
        encontrados: list[Hallazgo] = []
        etiquetas = False
        for columna, modo in columnas.items():
            valor = lote[columna][fila]
            nuevo, hallazgos, con_etiquetas = _valor(valor, modo, tipos, rng, origenes)
            encontrados += hallazgos
            etiquetas = etiquetas or con_etiquetas
            salida[columna].append(nuevo if valor is not None else None)
        salida["_tipos"].append([h.tipo for h in encontrados])
        salida["_contexto"].append(sum(h.por_contexto for h in encontrados))
        salida["_etiquetas"].append(etiquetas)
    return salida


def _columnas(ds, principal: str) -> dict[str, str]:
    """Qué columnas se anonimizan y cómo: la principal, ``origen`` y el resto de textos."""
    from datasets import Value

    columnas = {principal: "mensajes" if principal == "messages" else "principal"}
    for nombre, tipo in ds.features.items():
        if (
            nombre != principal
            and isinstance(tipo, Value)
            and tipo.dtype in ("string", "large_string")
        ):
            columnas[nombre] = "origen" if nombre == "origen" else "texto"
    return columnas


def _caracteristicas(ds):
    """Los tipos de cada columna, dichos de antemano: si las 1000 primeras filas no tienen
    datos personales, ``_tipos`` no puede adivinarse como una lista de nulos."""
    from datasets import Features, List, Value

    return Features({**ds.features, "_tipos": List(Value("string")), "_contexto": Value("int32"),
                     "_etiquetas": Value("bool")})  # fmt: skip


def _fragmento(texto: str, elegido: Hallazgo, tipos) -> tuple[str, str]:
    """(forma tapada del dato, el texto de alrededor ya anonimizado): nunca el dato original."""
    nuevo, inicio = "", 0
    for h in buscar_datos_personales(texto, tipos):
        nuevo += texto[inicio : h.inicio]
        if h == elegido:
            centro = len(nuevo)
        nuevo += f"<{h.tipo}>"
        inicio = h.fin
    nuevo += texto[inicio:]
    desde = max(0, centro - 35)
    trozo = ("…" if desde else "") + nuevo[desde : centro + len(elegido.tipo) + 32]
    return forma_oculta(elegido.texto), recortar(trozo, 90)


@dataclass
class InformeAnonimizacion:
    """Qué cambió ``anonimizar``: datos por tipo, filas tocadas, ejemplos tapados y avisos.

    ``ejemplos`` guarda, por tipo, la forma del dato con letras y cifras tapadas y un trozo del
    texto ya anonimizado: nunca el valor original. ``filas_con_etiquetas`` cuenta las filas
    que, tras anonimizar, llevan alguna etiqueta (``<EMAIL>``…); ``aviso_etiquetas`` explica
    qué hacer cuando son muchas.
    """

    filas: int
    filas_con_datos: int
    por_tipo: Counter = field(default_factory=Counter)
    ejemplos: dict[str, tuple[str, str]] = field(default_factory=dict)
    por_contexto: int = 0
    archivos: list[str] = field(default_factory=list)
    filas_con_etiquetas: int = 0
    filas_quitadas: int = 0
    reemplazados: bool = False
    archivos_sin_anonimizar: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.por_tipo.values())

    @property
    def proporcion_etiquetas(self) -> float:
        return self.filas_con_etiquetas / max(1, self.filas - self.filas_quitadas)

    @property
    def aviso_etiquetas(self) -> str | None:
        """Texto del aviso si muchas filas llevan etiquetas (más de ``UMBRAL_ETIQUETAS``)."""
        if self.proporcion_etiquetas <= UMBRAL_ETIQUETAS:
            return None
        return (
            f"Cuidado: {self.filas_con_etiquetas} de {self.filas - self.filas_quitadas} filas "
            f"({100 * self.proporcion_etiquetas:.0f} %) llevan ahora marcadores como <TELEFONO> o "
            "<EMAIL>. "
            "Con tantas, el modelo puede aprender a escribir esos marcadores en sus respuestas en "
            "vez de texto normal. Puedes cambiarlas por datos inventados pero realistas con "
            "anonimizar(ds, reemplazar=True), o quitar esas filas con "
            "anonimizar(ds, quitar_filas=True)."
        )

    @property
    def avisos(self) -> list[str]:
        avisos = [self.aviso_etiquetas] if self.aviso_etiquetas else []
        if self.archivos_sin_anonimizar:
            avisos.append(
                f"Aviso: los datos que anonimizaste se leían de {len(self.archivos_sin_anonimizar)} "
                f"archivo(s) que siguen teniendo los datos sin anonimizar (el primero: "
                f"«{self.archivos_sin_anonimizar[0]}»): bórralos cuando ya no los necesites."
            )
        return avisos

    def _filas(self):
        return [(f"<{t}>", self.por_tipo[t], *self.ejemplos.get(t, ("", "")))
                for t in TIPOS if self.por_tipo[t]]  # fmt: skip

    def _lineas(self) -> list[str]:
        cabecera = (f"Anonimización: {self.total} datos personales cambiados en "
                    f"{self.filas_con_datos} de {self.filas} filas")  # fmt: skip
        if not self.total:
            lineas = [cabecera + " (no se encontró ninguno)."]
            if self.archivos:
                lineas.append(f"Nombres de archivo anonimizados (columna «origen»): "
                              f"{len(self.archivos)}, como «{self.archivos[0]}».")  # fmt: skip
            return lineas
        lineas = [cabecera + (" por valores inventados." if self.reemplazados else ".")]
        if self.archivos:
            lineas.append(f"Nombres de archivo con datos personales (columna «origen»): "
                          f"{len(self.archivos)}, como «{self.archivos[0]}».")  # fmt: skip
        if self.por_contexto:
            lineas.append(f"{self.por_contexto} tenían el dígito de control mal y se cambiaron "
                          "porque una palabra cercana los nombra («DNI», «IBAN»…).")  # fmt: skip
        if self.filas_quitadas:
            lineas.append(f"Quité las {self.filas_quitadas} filas con datos personales.")
        lineas.append(f"Filas que llevan marcadores: {self.filas_con_etiquetas} "
                      f"({100 * self.proporcion_etiquetas:.0f} %).")  # fmt: skip
        return lineas

    _CABECERA = ("tipo", "cuántos", "forma (tapada)", "ejemplo ya anonimizado")

    def __str__(self) -> str:
        lineas = self._lineas()
        if self.total:
            lineas.insert(1, tabla_texto(self._filas(), self._CABECERA))
        return "\n".join(lineas + self.avisos)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        lineas = self._lineas()
        html = f"<b>{escapar(lineas[0])}</b>"
        if self.total:
            html += tabla_html(self._filas(), self._CABECERA)
        html += "".join(f"<br>{escapar(x)}" for x in lineas[1:])
        return html + "".join(f'<p style="color:#b35900"><b>{escapar(a)}</b></p>'
                              for a in self.avisos)  # fmt: skip


def _informe(ds, marcado, columnas: dict, tipos) -> tuple[InformeAnonimizacion, list[int]]:
    """El informe y las filas sin datos personales (por si hay que quitar las demás)."""
    informe = InformeAnonimizacion(len(ds), 0, archivos_sin_anonimizar=archivos_en_disco(ds))
    sin_datos: list[int] = []
    aux = marcado.select_columns(["_tipos", "_contexto", "_etiquetas"])
    i = 0
    for lote in aux.iter(batch_size=10_000):  # por lotes: la memoria no crece con el corpus
        for lista, contexto, etiquetas in zip(lote["_tipos"], lote["_contexto"],
                                              lote["_etiquetas"], strict=True):  # fmt: skip
            informe.filas_con_etiquetas += etiquetas
            if not lista:
                sin_datos.append(i)
            else:
                informe.filas_con_datos += 1
                informe.por_tipo.update(lista)
                informe.por_contexto += contexto
                for tipo in set(lista) - set(informe.ejemplos):
                    _anotar_ejemplo(informe, ds[i], columnas, tipo, tipos)
            i += 1
    return informe, sin_datos


def _anotar_ejemplo(informe, fila: dict, columnas: dict, tipo: str, tipos) -> None:
    for columna, modo in columnas.items():
        valor = fila[columna] or ""
        if modo == "origen":
            continue
        textos = [m["content"] or "" for m in valor] if modo == "mensajes" else [valor]
        for texto in textos:
            h = next((h for h in buscar_datos_personales(texto, tipos) if h.tipo == tipo), None)
            if h:
                informe.ejemplos[tipo] = _fragmento(texto, h, tipos)
                return


def anonimizar(ds, *, tipos=TIPOS, reemplazar: bool = False, quitar_filas: bool = False,
               semilla: int = 0):  # fmt: skip
    """Cambia los datos personales por marcadores (``<EMAIL>``, ``<TELEFONO>``…): ``(ds, informe)``.

    Funciona sobre la columna ``texto`` (o el contenido de cada mensaje de ``messages``), sobre
    ``origen`` (nombres de archivo) y sobre las demás columnas de texto. ``tipos`` elige qué
    buscar (por defecto todos: ``afinar.datos.TIPOS_PERSONALES``).

    - ``reemplazar=True``: en vez de marcadores, valores inventados y realistas del mismo tipo
      (correos @ejemplo.com, DNI con su letra correcta…), repetibles con ``semilla``. Así el
      modelo no aprende a escribir marcadores.
    - ``quitar_filas=True``: quita las filas que tienen algún dato personal.

    Todo se hace en memoria: no queda ninguna copia sin anonimizar en la caché de Hugging Face.
    Ningún sistema automático es perfecto: revisa los ejemplos del informe y una muestra de filas.
    """
    desconocidos = set(tipos) - set(TIPOS)
    if desconocidos:
        raise AfinarError(
            f"No conozco los tipos {sorted(desconocidos)}: usa algunos de {list(TIPOS)}."
        )
    if reemplazar and quitar_filas:
        raise AfinarError("Elige reemplazar=True o quitar_filas=True, no las dos: con "
                          "quitar_filas ya no queda nada que reemplazar.")  # fmt: skip
    columnas = _columnas(ds, columna_principal(ds))
    origenes = {o: anonimizar_origen(o, tipos)[0] for o in ds.unique("origen") if o} if (
        columnas.get("origen") == "origen") else {}  # fmt: skip
    marcado = transformar(ds, _lote, batched=True, batch_size=1000, with_indices=True,
                          features=_caracteristicas(ds), desc="Anonimizando",
                          fn_kwargs={"columnas": columnas, "tipos": tuple(tipos), "origenes": origenes,
                                     "semilla": semilla if reemplazar else None})  # fmt: skip
    informe, sin_datos = _informe(ds, marcado, columnas, tipos)
    informe.archivos = sorted({nuevo for viejo, nuevo in origenes.items() if nuevo != viejo})
    informe.reemplazados = reemplazar
    if quitar_filas and informe.filas_con_datos:
        marcado = marcado.select(sin_datos)
        informe.filas_quitadas = informe.filas_con_datos
        informe.filas_con_etiquetas = sum(marcado["_etiquetas"])
    return marcado.remove_columns(["_tipos", "_contexto", "_etiquetas"]), informe
