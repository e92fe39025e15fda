"""Limpiar un Dataset: mojibake, Unicode, espacios, filas vacías o cortas y duplicados.

La función pública es :func:`afinar.datos.limpiar` (definida aquí). Todo se hace con
``Dataset.map(batched=True)`` y una selección de índices al final: escala a corpus grandes.
El ``map`` trabaja en memoria (:mod:`afinar.datos.almacen`): los datos, que aún pueden tener
datos personales, no se escriben en la caché de Hugging Face. Los ejemplos del informe se
enseñan con los datos personales ya tapados (``<EMAIL>``…): el cuaderno guardado no los lleva.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from afinar.datos.almacen import transformar
from afinar.datos.privacidad import anonimizar_texto
from afinar.datos.tipo import columna_principal
from afinar.presentacion import recortar, tabla_html, tabla_texto

# Indicios de mojibake (UTF-8 leído como Windows-1252/Latin-1: "Ã±" en vez de "ñ"). Solo las
# filas que los tienen pasan por ftfy, que es lento para textos grandes.
_MOJIBAKE = re.compile(
    "[ÃÂâÅÐ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\ufeff]")
_ESPACIOS_RAROS = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_SALTOS = re.compile("\r\n?|[\u2028\u2029\x85]")
_ESPACIOS = re.compile(r"[ \t]*\t[ \t]*| {2,}")
# Si nada de esto aparece, el texto ya está limpio y no se toca (lo normal: va mucho más rápido).
_SUCIO = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u2000-\u200f\u2028-\u202f\u205f\u2060"
                    "\u3000\ufeff\t]| {2,}| \n|\n |\n\n\n")
_ALREDEDOR_SALTO = re.compile(r" ?\n ?")
_MUCHOS_SALTOS = re.compile(r"\n{3,}")

CAMBIOS = {
    "mojibake": "mojibake reparado con ftfy («Ã±» → «ñ»)",
    "nfc": "Unicode normalizado (NFC)",
    "espacios": "espacios y caracteres de control arreglados",
}
QUITADAS = {
    "vacias": "vacías",
    "cortas": "demasiado cortas",
    "duplicadas": "duplicadas (idénticas a otra fila)",
    "casi": "casi duplicadas (iguales salvo mayúsculas, tildes, signos o espacios)",
}


def limpiar_texto(texto: str | None, reparar: bool = True) -> tuple[str, bool, bool, bool]:
    """Devuelve (texto limpio, ¿mojibake?, ¿NFC?, ¿espacios?) para una cadena."""
    import ftfy

    texto = texto or ""
    mojibake = nfc = False
    if reparar and _MOJIBAKE.search(texto):
        arreglado = ftfy.fix_encoding(texto)
        mojibake, texto = arreglado != texto, arreglado
    if not unicodedata.is_normalized("NFC", texto):
        texto, nfc = unicodedata.normalize("NFC", texto), True
    if not _SUCIO.search(texto) and texto == texto.strip():
        return texto, mojibake, nfc, False
    antes = texto
    texto = _SALTOS.sub("\n", texto)
    texto = _CONTROL.sub("", texto)
    texto = _ESPACIOS_RAROS.sub(" ", texto)
    texto = _ESPACIOS.sub(" ", texto)
    texto = _ALREDEDOR_SALTO.sub("\n", texto)
    texto = _MUCHOS_SALTOS.sub("\n\n", texto).strip()
    return texto, mojibake, nfc, texto != antes


@functools.cache  # 12.288 caracteres: se construye la primera vez que hace falta, no al importar
def _tabla_casi() -> dict[int, str]:
    """Letras con tilde → sin tilde; signos de puntuación y símbolos → espacio."""
    tabla = {}
    for n in range(0x3000):
        c = chr(n)
        if c.isalnum():
            base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
            if base != c:
                tabla[n] = base
        elif not c.isspace():
            tabla[n] = " "
    return tabla


_TABLA_ASCII = bytes(c if chr(c).isalnum() else 32 for c in range(256))


def clave_casi(texto: str) -> str:
    """El texto normalizado con el que se comparan los casi duplicados: minúsculas, sin tildes,
    sin signos de puntuación y con un solo espacio entre palabras."""
    minusculas = texto.lower()
    ascii_ = unicodedata.normalize("NFKD", minusculas).encode("ascii", "ignore")
    if len(ascii_) >= 0.8 * len(texto):  # texto en alfabeto latino: el camino rápido
        return " ".join(ascii_.translate(_TABLA_ASCII).decode("ascii").split())
    return " ".join(minusculas.translate(_tabla_casi()).split())


def _huella(texto: str) -> int:
    return int.from_bytes(hashlib.blake2b(texto.encode("utf-8"), digest_size=8).digest(), "little",
                          signed=True)  # fmt: skip


def _unir(mensajes) -> str:
    return "\x1f".join(f"{m['role']}\x1e{m['content']}" for m in mensajes)


def _lote(lote: dict, columna: str, reparar: bool) -> dict:
    salida: dict[str, list] = {columna: [], "_mojibake": [], "_nfc": [], "_espacios": [],
                               "_largo": [], "_exacta": [], "_casi": []}  # fmt: skip
    for valor in lote[columna]:
        if columna == "texto":
            limpio, *marcas = limpiar_texto(valor, reparar)
            largo, unido = len(limpio), limpio
        else:
            mensajes, marcas = [], [False, False, False]
            for m in valor:
                contenido, *m_marcas = limpiar_texto(m["content"], reparar)
                marcas = [a or b for a, b in zip(marcas, m_marcas, strict=True)]
                mensajes.append({"role": m["role"], "content": contenido})
            asistente_vacio = any(m["role"] == "assistant" and not m["content"] for m in mensajes)
            largo = 0 if asistente_vacio else sum(len(m["content"]) for m in mensajes)
            limpio, unido = mensajes, _unir(mensajes)
        salida[columna].append(limpio)
        for nombre, marca in zip(("_mojibake", "_nfc", "_espacios"), marcas, strict=True):
            salida[nombre].append(marca)
        salida["_largo"].append(largo)
        salida["_exacta"].append(_huella(unido))
        salida["_casi"].append(_huella(clave_casi(unido)))
    return salida


def _primeros(indices: np.ndarray, mascara: np.ndarray) -> np.ndarray:
    """Posiciones (en ``indices``) de la primera aparición de cada clave."""
    _, primeras = np.unique(mascara[indices], return_index=True)
    return indices[np.sort(primeras)]


@dataclass
class InformeLimpieza:
    """Qué cambió ``limpiar``: filas arregladas, filas quitadas y ejemplos de cada cosa."""

    filas_antes: int
    filas_despues: int
    min_caracteres: int
    cambiadas: dict[str, int] = field(default_factory=dict)
    quitadas: dict[str, int] = field(default_factory=dict)
    ejemplos: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def _filas(self):
        filas = []
        for clave, nombre in CAMBIOS.items():
            ej = self.ejemplos.get(clave, [])
            if ej:
                antes, despues = (_ver_espacios(*ej[0], 60) if clave == "espacios"
                                  else (recortar(ej[0][0], 60), recortar(ej[0][1], 60)))  # fmt: skip
            muestra = f"«{antes}» → «{despues}»" if ej else ""
            filas.append(("arregladas", nombre, self.cambiadas.get(clave, 0), muestra))
        for clave, nombre in QUITADAS.items():
            if clave == "cortas":
                nombre = f"{nombre} (menos de {self.min_caracteres} caracteres)"
            ej = self.ejemplos.get(clave, [])
            muestra = f"«{recortar(ej[0][0], 80)}»" if ej and ej[0][0] else ""
            filas.append(("quitadas", nombre, self.quitadas.get(clave, 0), muestra))
        return filas

    def __str__(self) -> str:
        cabecera = f"Limpieza: {self.filas_antes} filas → {self.filas_despues} filas"
        return cabecera + "\n" + tabla_texto(self._filas(), ("", "qué", "filas", "ejemplo"))

    def _repr_html_(self) -> str:
        return (f"<b>Limpieza:</b> {self.filas_antes} filas → <b>{self.filas_despues}</b> filas"
                + tabla_html(self._filas(), ("", "qué", "filas", "ejemplo")))  # fmt: skip

    def __repr__(self) -> str:
        return str(self)


def limpiar(ds, *, min_caracteres: int = 10, reparar: bool = True, duplicados: bool = True,
            casi_duplicados: bool = True):  # fmt: skip
    """Limpia un Dataset (columna ``texto`` o ``messages``) y devuelve ``(ds_limpio, informe)``.

    Arregla (sin quitar la fila): mojibake con ftfy («Ã±» → «ñ»), Unicode a la forma NFC,
    caracteres de control y espacios repetidos. Quita: filas vacías, filas de menos de
    ``min_caracteres`` caracteres, duplicados exactos y casi duplicados (iguales tras pasar a
    minúsculas y quitar tildes, signos de puntuación y espacios). Se queda la primera aparición.
    En conversaciones se limpian todos los mensajes y se quita la fila si la respuesta del
    asistente está vacía. El informe dice cuántas filas tocó cada paso, con ejemplos.
    """
    columna = columna_principal(ds)
    marcado = transformar(ds, _lote, batched=True, batch_size=1000, desc="Limpiando",
                          fn_kwargs={"columna": columna, "reparar": reparar})  # fmt: skip
    aux = ["_mojibake", "_nfc", "_espacios", "_largo", "_exacta", "_casi"]
    tabla = marcado.select_columns(aux).to_pandas()
    informe = InformeLimpieza(len(ds), 0, min_caracteres)

    for clave in CAMBIOS:
        idx = np.flatnonzero(tabla[f"_{clave}"].to_numpy())[:3]
        informe.cambiadas[clave] = int(tabla[f"_{clave}"].sum())
        informe.ejemplos[clave] = [(_mostrable(ds[int(i)][columna]),
                                    _mostrable(marcado[int(i)][columna])) for i in idx]  # fmt: skip

    def quitar(clave: str, filas: np.ndarray):
        informe.quitadas[clave] = len(filas)
        informe.ejemplos[clave] = [(_mostrable(marcado[int(i)][columna]), "") for i in filas[:3]]

    largo = tabla["_largo"].to_numpy()
    vivas = np.arange(len(ds))
    for clave, minimo in (("vacias", 1), ("cortas", min_caracteres)):  # largos enteros: 1 = no vacía
        mascara = largo[vivas] >= minimo
        quitar(clave, vivas[~mascara])
        vivas = vivas[mascara]
    for clave, columna_clave, activo in (("duplicadas", "_exacta", duplicados),
                                         ("casi", "_casi", casi_duplicados)):  # fmt: skip
        if not activo:
            informe.quitadas[clave] = 0
            continue
        quedan = _primeros(vivas, tabla[columna_clave].to_numpy())
        quitar(clave, np.setdiff1d(vivas, quedan))
        vivas = quedan
    limpio = marcado.select(vivas).remove_columns(aux)
    informe.filas_despues = len(limpio)
    return limpio, informe


def _ver_espacios(antes: str, despues: str, n: int) -> tuple[str, str]:
    """Antes y después con los espacios sobrantes y los caracteres invisibles a la vista."""

    def visible(t):
        t = _ESPACIOS_RAROS.sub("⍽", _CONTROL.sub("�", t)).replace("\t", "⇥").replace("\n", "↵")
        return re.sub(r"^ +| +$| {2,}", lambda m: "␣" * len(m.group(0)), t)

    antes, despues = visible(antes), visible(despues)
    marcas = [antes.find(c) for c in "␣⍽�⇥↵" if c in antes]
    inicio = max(0, min(marcas, default=0) - n // 3)

    def corte(t):
        t = ("…" if inicio else "") + t[inicio:]
        return t if len(t) <= n else t[: n - 1] + "…"

    return corte(antes), corte(despues)


def _mostrable(valor) -> str:
    """El ejemplo como una línea, con los datos personales cambiados por su etiqueta."""
    if isinstance(valor, list):
        valor = " | ".join(f"{m['role']}: {m['content']}" for m in valor)
    return anonimizar_texto(valor or "")[0]
