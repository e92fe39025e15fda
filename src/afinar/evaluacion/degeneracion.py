"""¿Las respuestas de un modelo se han degenerado? Vacías, en bucle, etiquetas, cifras o siempre igual.

Una perplejidad que baja no basta: un modelo pequeño puede aprender a escribir «<TELEFONO>»
o «00000.» (lo más repetido de sus datos), quedarse en un bucle («el ajo y el ajo y el ajo»)
o contestar lo mismo a todo. :func:`diagnosticar` mira las respuestas y lo dice en español:

- ``vacia``: vacía o muy corta (frente a su referencia, si la hay);
- ``bucle``: repite un trozo seguido (un bucle) o la mayor parte de sus grupos de palabras;
- ``etiquetas``: casi solo marcadores de anonimización (``<EMAIL>``…) o trozos de ellos (``<0000.``);
- ``cifras``: casi solo cifras, cuando la referencia no lo es;
- ``igual``: la misma respuesta para entradas distintas (más veces que cualquier referencia).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from afinar.datos.privacidad import TIPOS as TIPOS_DE_DATOS_PERSONALES
from afinar.errores import AfinarError
from afinar.presentacion import recortar

TIPOS = ("vacia", "bucle", "etiquetas", "cifras", "igual")
NOMBRES = {  # cómo se llama cada tipo en una tabla
    "vacia": "vacía o muy corta",
    "bucle": "en bucle",
    "etiquetas": "marcadores de anonimización",
    "cifras": "casi solo cifras",
    "igual": "igual para todo",
}

# Una marcador de anonimización (<EMAIL>, <TELEFONO>…) o un trozo: «<» y mayúsculas o cifras.
_ETIQUETA = re.compile(r"<[A-ZÁÉÍÓÚÑ0-9_]*>?")
_ETIQUETA_COMPLETA = re.compile(rf"<(?:{'|'.join(TIPOS_DE_DATOS_PERSONALES)})>")
_PIEZAS = re.compile(r"\w+|[^\w\s]")  # palabras y signos sueltos
_PALABRAS = re.compile(r"\w+")

CORTA_FRENTE_A_REFERENCIA = 0.2  # menos de una quinta parte de las palabras de la referencia
PERIODO_MAXIMO = 10  # un bucle repite un trozo de hasta 10 piezas...
PIEZAS_EN_BUCLE = 6  # ...y ocupa al menos 6 piezas seguidas (y dos vueltas y pico)
# Dentro de una palabra («ióióióió…», «JJJJJJJJJJJJ»): un trozo de 1 a 4 letras repetido,
# 12 letras o más; no cuentan las líneas de separación («----------»).
_LETRAS_EN_BUCLE = re.compile(r"(.{1,4}?)\1{2,}", re.DOTALL)
LETRAS_EN_BUCLE = 12
_SEPARADORES = set("-=_*.~#·•")
TRIGRAMAS_REPETIDOS = 0.5  # o la mitad de sus grupos de 3 piezas ya habían salido; y una
# respuesta repetida en su mitad o más no sirve (un bucle corto en una respuesta larga, sí)
PROPORCION_DOMINANTE = 0.6  # «casi solo»: 60 % de los caracteres


@dataclass(frozen=True)
class Diagnostico:
    """Lo que encontró :func:`diagnosticar`.

    ``degeneradas``: respuestas con algún problema, de ``total``; ``motivos``: una frase por tipo
    de problema, con cuántas y un ejemplo; ``grave``: la mayoría no sirven (ver
    ``inservibles``); ``cuentas``: respuestas por tipo (claves de :data:`TIPOS`); ``tipos``: los
    tipos de cada respuesta, en orden; ``inservibles``: las que no sirven como respuesta (vacías,
    solo etiquetas o cifras, iguales para todo, o repetición en su mayor parte), no las que
    solo tienen un bucle corto dentro de una respuesta por lo demás normal.
    """

    degeneradas: int
    total: int
    motivos: list[str]
    grave: bool
    cuentas: dict[str, int] = field(default_factory=dict)
    tipos: list[list[str]] = field(default_factory=list)
    inservibles: list[bool] = field(default_factory=list)

    def __str__(self) -> str:
        if not self.degeneradas:
            return f"Ninguna de las {self.total} respuestas parece degenerada."
        return (
            f"{self.degeneradas} de {self.total} respuestas parecen degeneradas: "
            + " ".join(self.motivos)
        )

    def a_dict(self) -> dict:
        """Los datos del diagnóstico, listos para JSON."""
        return {
            "degeneradas": self.degeneradas,
            "total": self.total,
            "grave": self.grave,
            "inservibles": sum(self.inservibles),
            "cuentas": dict(self.cuentas),
            "motivos": list(self.motivos),
            "tipos": [list(t) for t in self.tipos],
            "inservible": list(self.inservibles),
        }


def _palabras(texto: str) -> list[str]:
    return _PALABRAS.findall(texto.lower())


def es_corta(respuesta: str, referencia: str | None = None) -> bool:
    """Vacía (sin ninguna letra ni cifra) o, con referencia, con menos de un 20 % de sus palabras."""
    n = len(_palabras(respuesta))
    if n == 0:
        return True
    if referencia is None:
        return False
    return n < CORTA_FRENTE_A_REFERENCIA * len(_palabras(referencia))


def _en_tramos_periodicos(piezas: list[str]) -> set[int]:
    """Las posiciones de las piezas que están en un tramo que se repite seguido: un trozo de
    hasta PERIODO_MAXIMO piezas, dos vueltas y pico y al menos PIEZAS_EN_BUCLE piezas."""
    marcadas: set[int] = set()
    for periodo in range(1, PERIODO_MAXIMO + 1):
        seguidas = 0
        for i in range(len(piezas) - periodo):
            seguidas = seguidas + 1 if piezas[i] == piezas[i + periodo] else 0
            largo = seguidas + periodo
            if seguidas and largo >= max(PIEZAS_EN_BUCLE, 2 * periodo + 2):
                marcadas.update(range(i + periodo - largo + 1, i + periodo + 1))
    return marcadas


def _piezas(texto: str) -> list[str]:
    """Palabras y signos, en minúsculas, sin los de las líneas de separación («-----»)."""
    return [p for p in _PIEZAS.findall(texto.lower()) if p not in _SEPARADORES]


def _letras_en_bucle(texto: str) -> int:
    """Cuántas letras (sin contar espacios) están en trozos cortos repetidos sin parar."""
    return sum(
        len(m.group())
        for m in _LETRAS_EN_BUCLE.finditer(texto)
        if len(m.group()) >= LETRAS_EN_BUCLE and not set(m.group(1)) <= _SEPARADORES
    )


def parte_en_bucle(respuesta: str) -> float:
    """Qué parte de la respuesta (de 0 a 1) es repetición: la mayor de lo que ocupan sus
    tramos de palabras que se repiten seguidos, sus letras repetidas sin parar («ióióió…») y
    sus grupos de 3 piezas que ya habían salido (si tiene 10 grupos o más)."""
    piezas = _piezas(respuesta)
    if not piezas:
        return 0.0
    letras = _sin_espacios(respuesta)
    partes = [len(_en_tramos_periodicos(piezas)) / len(piezas),
              _letras_en_bucle(letras) / len(letras)]
    trigramas = list(zip(piezas, piezas[1:], piezas[2:], strict=False))
    if len(trigramas) >= 10:
        partes.append(1 - len(set(trigramas)) / len(trigramas))
    return max(partes)


def en_bucle(respuesta: str) -> bool:
    """Repite un trozo seguido («el ajo y el ajo y el ajo», «ióióióióióió») o la mitad de sus
    grupos de 3 piezas."""
    piezas = _piezas(respuesta)
    if _en_tramos_periodicos(piezas) or _letras_en_bucle(_sin_espacios(respuesta)):
        return True
    return parte_en_bucle(respuesta) >= TRIGRAMAS_REPETIDOS


def _sin_espacios(texto: str) -> str:
    return "".join(texto.split())


def casi_solo_etiquetas(respuesta: str) -> bool:
    """Al menos un 60 % de la respuesta (sin espacios) son etiquetas ``<EMAIL>`` o trozos ``<000``."""
    total = len(_sin_espacios(respuesta))
    etiquetas = sum(len(m.group()) for m in _ETIQUETA.finditer(respuesta) if len(m.group()) > 1)
    return total > 0 and etiquetas / total >= PROPORCION_DOMINANTE


def _proporcion_cifras(texto: str) -> tuple[int, float]:
    alfanumericos = [c for c in texto if c.isalnum()]
    cifras = sum(c.isdigit() for c in alfanumericos)
    return cifras, (cifras / len(alfanumericos) if alfanumericos else 0.0)


def casi_solo_cifras(respuesta: str, referencia: str | None = None) -> bool:
    """Al menos 5 cifras y un 60 % de letras y cifras son cifras (y la referencia no es así)."""
    cifras, proporcion = _proporcion_cifras(respuesta)
    if cifras < 5 or proporcion < PROPORCION_DOMINANTE:
        return False
    return referencia is None or _proporcion_cifras(referencia)[1] < PROPORCION_DOMINANTE


def _normalizada(texto: str) -> str:
    return " ".join(texto.lower().split())


def _iguales(respuestas: list[str], referencias: list[str] | None) -> set[int]:
    """Las posiciones de la respuesta que se repite para la mitad o más de las entradas."""
    textos = [_normalizada(r) for r in respuestas]
    cuenta = Counter(t for t in textos if _palabras(t))
    if not cuenta:
        return set()
    texto, veces = cuenta.most_common(1)[0]
    if veces < 3 or veces < len(respuestas) / 2:
        return set()
    if referencias is not None:  # si las referencias también se repiten tanto, es lo esperado
        maximo = Counter(_normalizada(r) for r in referencias).most_common(1)[0][1]
        if veces <= maximo:
            return set()
    return {i for i, t in enumerate(textos) if t == texto}


def _tipos_de(respuesta: str, referencia: str | None) -> list[str]:
    tipos = []
    if es_corta(respuesta, referencia):
        tipos.append("vacia")
    if en_bucle(respuesta):
        tipos.append("bucle")
    if casi_solo_etiquetas(respuesta):
        tipos.append("etiquetas")
    elif casi_solo_cifras(respuesta, referencia):
        tipos.append("cifras")
    return tipos


def _motivo(tipo: str, cuantas: int, total: int, ejemplo: str, referencia: str | None) -> str:
    muestra = f"«{recortar(ejemplo, 60)}»" if ejemplo.strip() else "una respuesta vacía"
    de = f"{cuantas} de {total} respuestas"
    if tipo == "vacia":
        extra = (
            f", frente a una referencia de {len(_palabras(referencia))} palabras"
            if referencia is not None and ejemplo.strip()
            else ""
        )
        return f"{de} están vacías o son muy cortas (por ejemplo {muestra}{extra})."
    if tipo == "bucle":
        return f"{de} repiten lo mismo en bucle (por ejemplo {muestra})."
    if tipo == "etiquetas":
        return (
            f"{de} son casi solo marcadores de anonimización o trozos de ellas "
            f"(por ejemplo {muestra})."
        )
    if tipo == "cifras":
        return f"{de} son casi solo cifras (por ejemplo {muestra})."
    return f"{de} son la misma respuesta para entradas distintas: {muestra}."


def diagnosticar(respuestas: list[str], *, referencias: list[str] | None = None) -> Diagnostico:
    """Busca respuestas degeneradas: vacías o muy cortas, en bucle, casi solo etiquetas de
    anonimización o cifras, o la misma para todas las entradas.

    Con ``referencias`` (una por respuesta), «muy corta» es frente a su referencia y no se
    marcan cifras ni respuestas repetidas si las referencias también lo son.
    """
    respuestas = [str(r) for r in respuestas]
    if referencias is not None:
        referencias = [str(r) for r in referencias]
        if len(referencias) != len(respuestas):
            raise AfinarError(
                f"diagnosticar recibió {len(respuestas)} respuestas y {len(referencias)} "
                "referencias: pasa una referencia por respuesta (o ninguna)."
            )
    refs = referencias if referencias is not None else [None] * len(respuestas)
    tipos = [_tipos_de(r, ref) for r, ref in zip(respuestas, refs, strict=True)]
    for i in _iguales(respuestas, referencias):
        tipos[i].append("igual")
    cuentas = {t: sum(t in ts for ts in tipos) for t in TIPOS}
    motivos = []
    for tipo in TIPOS:
        if cuentas[tipo]:
            i = next(i for i, ts in enumerate(tipos) if tipo in ts)
            motivos.append(_motivo(tipo, cuentas[tipo], len(respuestas), respuestas[i], refs[i]))
    inservibles = [
        bool(set(ts) - {"bucle"}) or parte_en_bucle(r) >= TRIGRAMAS_REPETIDOS
        for r, ts in zip(respuestas, tipos, strict=True)
    ]
    return Diagnostico(
        degeneradas=sum(bool(ts) for ts in tipos),
        total=len(respuestas),
        motivos=motivos,
        grave=sum(inservibles) > len(respuestas) / 2,
        cuentas={t: c for t, c in cuentas.items() if c},
        tipos=tipos,
        inservibles=inservibles,
    )


def _textos_de_fila(fila) -> str:
    if isinstance(fila, str):
        return fila
    if "messages" in fila and fila["messages"]:
        return "\n".join(str(m.get("content", "")) for m in fila["messages"])
    return "\n".join(str(v) for v in fila.values() if isinstance(v, str))


def filas_con_etiquetas(datos) -> tuple[int, int]:
    """(filas con alguna marcador de anonimización como ``<EMAIL>``, filas en total).

    ``datos``: un ``Dataset`` (o una lista de filas o de textos) con ``texto`` o ``messages``.
    Si muchas filas llevan etiquetas, un modelo pequeño aprende a escribirlas.
    """
    con, total = 0, 0
    for fila in datos:
        total += 1
        con += bool(_ETIQUETA_COMPLETA.search(_textos_de_fila(fila)))
    return con, total
