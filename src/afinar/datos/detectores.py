"""Encontrar datos personales en un texto: la forma de cada tipo y su comprobación.

Primero se buscan candidatos con expresiones regulares y después se validan con su dígito de
control, calculado con python-stdnum (``es.dni``, ``es.nie``, ``es.ccc``, ``iban``, ``luhn``,
``mx.curp``, ``cl.rut``, ``ar.cuit``): así los números corrientes (años, precios, fechas,
porcentajes, ISBN, códigos de producto) no se tocan.

Un documento con el dígito de control mal (una errata al copiarlo) sigue siendo un dato
personal: si cerca aparece la palabra que lo nombra («DNI», «NIE», «CURP», «RUT», «CUIT»,
«IBAN», «cuenta», «tarjeta»…), también se marca (``Hallazgo.por_contexto``). Sin esa palabra
se deja: un número con forma de DNI y la letra mal, sin más, no se distingue de un código.

Los teléfonos no tienen dígito de control: se aceptan por su forma (grupos típicos de cada
país), por el prefijo internacional o por una palabra como «teléfono» o «móvil» justo antes,
y se descartan tras palabras como «pedido», «código» o «referencia», o delante de una unidad.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.ar import cuit as std_cuit
from stdnum.cl import rut as std_rut
from stdnum.es import ccc as std_ccc
from stdnum.es import dni as std_dni
from stdnum.es import nie as std_nie
from stdnum.mx import curp as std_curp

# El orden es la prioridad: si dos candidatos se solapan, gana el que va antes.
TIPOS = ("EMAIL", "IBAN", "CUENTA", "CURP", "TARJETA", "NIE", "CUIT", "RUT", "DNI", "TELEFONO")


@dataclass(frozen=True)
class Hallazgo:
    """Un dato personal encontrado: dónde está, de qué tipo es y su texto original.

    ``por_contexto`` es True cuando su dígito de control no cuadra y se marcó porque una
    palabra cercana lo nombra («Mi DNI es 12345678A» con la letra mal).
    """

    inicio: int
    fin: int
    tipo: str
    texto: str
    por_contexto: bool = False


def cifras(s: str) -> str:
    """Solo las cifras de ``s`` («12.345.678-Z» → «12345678»)."""
    return "".join(c for c in s if c.isdigit())


def _palabras(patron: str) -> re.Pattern:
    """Palabras enteras (sin letras pegadas), sin distinguir mayúsculas."""
    return re.compile(rf"(?<![^\W\d_])(?:{patron})(?![^\W\d_])", re.IGNORECASE)


# --- formas ----------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?\b",
                   re.IGNORECASE)  # fmt: skip
_CUENTA = re.compile(r"(?<![\w.,-])\d(?:[ -]?\d){19}(?![\w-]|[.,]\d)")
_GRUPOS_CUENTA = {(20,), (4, 4, 2, 10), (4, 4, 4, 4, 4)}
_CURP = re.compile(r"\b[A-Z]{4}\d{6}[A-Z]{6}[A-Z\d]\d\b", re.IGNORECASE)
_TARJETA = re.compile(
    r"(?<![\w.,-])(?:\d{4}([ .-])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ .-])\d{6}\2\d{4,5}"
    r"|\d{8}([ .-])\d{8}|\d{13,19})(?![\w-]|[.,]\d)"
)
_NIE = re.compile(r"(?<![\w-])([XYZ])[ -]?(\d{7})[ -]?([A-Z])(?!\w)", re.IGNORECASE)
_CUIT = re.compile(
    r"(?<![\w.+-])(20|23|24|27|30|33|34)[ .-]?(\d{2}\.?\d{3}\.?\d{3})[ .-]?(\d)(?![\w-])"
)
_RUT = re.compile(r"(?<![\w.-])(\d{1,2}\.?\d{3}\.?\d{3})(-?)([\dkK])(?![\w-])")
_DNI_ES = re.compile(r"(?<![\w.-])(\d{1,2}([ .]?)\d{3}\2\d{3})(?:([ -])([A-Z])|([A-Za-z]))(?!\w)")
# DNI argentino: 7 u 8 cifras sin control; solo cuenta si «DNI» o «documento» lo nombra.
_DNI_AR = re.compile(r"(?<![\w.,-])\d{1,2}(\.?)\d{3}\1\d{3}(?![\w-]|[.,]\d)")

# --- comprobaciones con python-stdnum --------------------------------------------------------


def iban_valido(texto: str) -> bool:
    """Control módulo 97 y estructura del país (sin la comprobación nacional de cada banco).

    Un IBAN español con el control mal pero con una cuenta (CCC) válida dentro también vale:
    es una cuenta real con una errata en sus dos primeras cifras.
    """
    compacto = re.sub(r"[ -]", "", texto).upper()
    if std_iban.is_valid(compacto, check_country=False):
        return True
    return compacto[:2] == "ES" and len(compacto) == 24 and std_ccc.is_valid(compacto[4:])


def tarjeta_valida(numero: str) -> bool:
    """Prefijo de un emisor conocido, largo de ese emisor y algoritmo de Luhn."""
    n, p2, p3, p4 = len(numero), int(numero[:2]), int(numero[:3]), int(numero[:4])
    emisor = (numero[0] == "4" and n in (13, 16, 19) or 51 <= p2 <= 55 and n == 16
              or 2221 <= p4 <= 2720 and n == 16 or p2 in (34, 37) and n == 15
              or (p4 == 6011 or p2 == 65 or 644 <= p3 <= 649) and n >= 16
              or p2 in (36, 38) or 300 <= p3 <= 305 and n == 14
              or p2 == 35 and n >= 16 or (p2 == 50 or 56 <= p2 <= 69) and n >= 12)  # fmt: skip
    return emisor and not numero.startswith(("978", "979")) and luhn.is_valid(numero)


def _iban_forma(m: re.Match) -> bool:
    resto = re.sub(r"[ -]", "", m.group(0))[2:]
    return 13 <= len(resto) <= 32 and sum(c.isdigit() for c in resto) >= 0.6 * len(resto)


def _cuenta_forma(m: re.Match) -> bool:
    return tuple(len(g) for g in re.split(r"[ -]", m.group(0))) in _GRUPOS_CUENTA


def _tarjeta_forma(m: re.Match) -> bool:
    return not m.group(0).isdigit() or len(m.group(0)) >= 15


def _valido_rut(_valor: str, m: re.Match, texto: str) -> bool:
    if not std_rut.is_valid(cifras(m.group(1)) + m.group(3).upper()):
        return False
    antes = texto[max(0, m.start() - 25) : m.start()]
    if m.group(3) in "kK" and _NOMBRE["DNI"].search(antes) and not _NOMBRE["RUT"].search(antes):
        return False  # «12345678-K» tras «DNI» es un DNI español con guion, no un RUT
    # Sin guion, un RUT es un número cualquiera: solo con K final o con «RUT» cerca.
    return bool(m.group(2) or m.group(3) in "kK" or _nombrado(texto, m.start(), m.end(), "RUT"))


def _valido_dni(_valor: str, m: re.Match, _texto: str) -> bool:
    return std_dni.is_valid(cifras(m.group(1)).zfill(8) + (m.group(4) or m.group(5)).upper())


_NOMBRE = {
    "IBAN": _palabras(r"iban|cuenta|transferencia|domiciliaci[óo]n|ingreso"),
    "CUENTA": _palabras(r"iban|ccc|c\.c\.c\.?|cuenta|transferencia|domiciliaci[óo]n|ingreso"),
    "CURP": _palabras(r"curp"),
    "TARJETA": _palabras(r"tarjeta|visa|mastercard|american express|amex|cr[ée]dito|d[ée]bito"),
    "NIE": _palabras(r"nie|n\.i\.e\.?|nif|extranjer[oa]s?"),
    "CUIT": _palabras(r"cuit|cuil|c\.u\.i\.t\.?"),
    "RUT": _palabras(r"rut|run|r\.u\.t\.?|rol [úu]nico"),
    "DNI": _palabras(r"dni|d\.n\.i\.?|nif|documento|identidad"),
}


_CORTE = re.compile(r"\d|[.!?;]\s")  # entre la palabra y el dato: ni cifras ni fin de frase


def _nombrado(texto: str, inicio: int, fin: int, tipo: str) -> bool:
    """¿Nombra el tipo una palabra justo antes (40 caracteres) o justo después (20), sin otro
    número ni un fin de frase en medio?"""
    antes = list(_NOMBRE[tipo].finditer(texto, max(0, inicio - 40), inicio))
    if antes and not _CORTE.search(texto, antes[-1].end(), inicio):
        return True
    despues = _NOMBRE[tipo].search(texto, fin, min(len(texto), fin + 20))
    return bool(despues and not _CORTE.search(texto, fin, despues.start()))


@dataclass(frozen=True)
class _Documento:
    """Un tipo con dígito de control: su forma, su comprobación y si la forma basta con contexto."""

    tipo: str
    patron: re.Pattern
    valido: Callable[[str, re.Match, str], bool]  # (valor, coincidencia, texto)
    forma: Callable[[re.Match], bool] = lambda m: True


DOCUMENTOS = (
    _Documento("IBAN", _IBAN, lambda v, m, t: iban_valido(v), _iban_forma),
    _Documento(
        "CUENTA",
        _CUENTA,
        lambda v, m, t: _cuenta_forma(m) and std_ccc.is_valid(cifras(v)),
        _cuenta_forma,
    ),  # fmt: skip
    _Documento("CURP", _CURP, lambda v, m, t: std_curp.is_valid(v.upper())),
    _Documento("TARJETA", _TARJETA, lambda v, m, t: tarjeta_valida(cifras(v)), _tarjeta_forma),
    _Documento("NIE", _NIE, lambda v, m, t: std_nie.is_valid("".join(m.groups()).upper())),
    _Documento("CUIT", _CUIT, lambda v, m, t: std_cuit.is_valid(cifras(v))),
    _Documento("RUT", _RUT, _valido_rut),
    _Documento("DNI", _DNI_ES, _valido_dni),
    _Documento(
        "DNI", _DNI_AR, lambda v, m, t: _nombrado(t, m.start(), m.end(), "DNI"), lambda m: False
    ),  # fmt: skip
)
# Tipos cuya forma basta para que sus cifras no sean otra cosa (ver buscar_datos_personales).
_CON_FORMA = ("IBAN", "CUENTA", "TARJETA")
# Formas de documento que no pueden ser un teléfono aunque su control falle: 20-12345678-9
# (CUIT) y 12.345.678-5 (RUT con guion).
_NO_TELEFONO = re.compile(r"(?<![\w.-])(?:\d{2}-\d{8}-\d|\d{1,2}\.?\d{3}\.?\d{3}-[\dkK])(?![\w-])")


def _fin_de_iban(texto: str, m: re.Match) -> int:
    """Dónde acaba un IBAN: el final de grupo más largo con el control correcto o, si ninguno
    lo tiene, el último grupo con alguna cifra («… 1332 cuanto» no es parte del IBAN)."""
    cortes = [m.end()] + [i for i in range(m.end() - 1, m.start() + 15, -1) if texto[i] in " -"]
    valido = next((fin for fin in cortes if iban_valido(texto[m.start() : fin])), None)
    if valido:
        return valido
    return next((fin for fin in cortes if texto[fin - 1].isdigit()), m.end())


def _documentos(doc: _Documento, texto: str, ventanas) -> list[Hallazgo]:
    salida = []
    for m in _buscar(doc.patron, texto, ventanas):
        inicio, fin = m.span()
        if doc.tipo == "IBAN":
            fin = _fin_de_iban(texto, m)
        if doc.valido(texto[inicio:fin], m, texto):
            salida.append(Hallazgo(inicio, fin, doc.tipo, texto[inicio:fin]))
        elif doc.forma(m) and _nombrado(texto, inicio, fin, doc.tipo):
            salida.append(Hallazgo(inicio, fin, doc.tipo, texto[inicio:fin], por_contexto=True))
    return salida


# --- teléfonos ------------------------------------------------------------------------------

_PREFIJOS = "593|591|595|598|502|503|504|505|506|507|351|34|52|54|56|57|51|58|53|55|1"
_TELEFONO = re.compile(
    rf"(?<![\w+/.,-])(?:\(?(?:\+|00)(?P<pais>{_PREFIJOS})\)?[ .-]?)?(?:\(\d{{1,4}}\)[ .-]?)?"
    r"\d(?:[ .-]?\d){5,13}(?![\w/-]|[.,]\d)"
)
_FIN_DE_FRASE = re.compile(r"[.!?]\s+(?=[A-ZÁÉÍÓÚÑ¿¡])")  # las pistas valen en su frase
_FECHA = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_PALABRA_TELEFONO = re.compile(
    r"(tel[ée]fono|tel[ée]f|\btel|\btlf|m[óo]vil|celular|\bcel|whats ?app|ll[aá]m\w*|fijo|fax"
    r"|contacto|n[úu]mero)\b[^\d]{0,15}$"
)
_PALABRA_CODIGO = re.compile(
    r"(ref|referencia|c[óo]d|c[óo]digo|sku|art[íi]culo|art|pedido|factura|serie|isbn|issn|lote"
    r"|expediente|modelo|pieza|ticket|orden|producto|albar[áa]n|cuenta|postal|env[íi]o|seguimiento"
    r"|socio|cliente|matr[íi]cula|reserva|localizador|id|tarjeta|iban|cuit|cuil|rut|dni|nie|curp"
    r"|presupuesto)\b[^\d]{0,15}$"
)
_UNIDAD_DESPUES = re.compile(
    r"\s?(€|\$|euros?|pesos|d[óo]lares|usd|eur|mxn|ars|clp|%|por ciento|kg|km|habitantes"
    r"|personas|unidades|visitas|votos|años|litros|metros)\b|\s?[€%$]"
)
# Grupos de cifras típicos de un teléfono nacional, por cantidad de cifras.
_FORMAS = {
    9: {(9,), (3, 3, 3), (3, 2, 2, 2), (2, 3, 2, 2), (1, 4, 4)},  # España, Perú, Chile
    10: {(3, 3, 4), (2, 4, 4), (2, 2, 2, 2, 2), (3, 3, 2, 2)},  # México, Colombia, Argentina
    11: {(3, 4, 4), (4, 3, 4), (2, 1, 4, 4)},  # Argentina con 0 de larga distancia
    12: {(2, 2, 4, 4)},  # Argentina, móvil con 15: 11 15-8520-9935
    13: {(3, 2, 4, 4)},  # (011) 15-8520-9935
}


def _telefono_valido(texto: str, m: re.Match) -> bool:
    candidato = m.group(0)
    if m.group("pais"):
        return 7 <= len(cifras(texto[m.end("pais") : m.end()])) <= 12
    if _FECHA.fullmatch(candidato):
        return False
    antes = _FIN_DE_FRASE.split(texto[max(0, m.start() - 40) : m.start()])[-1].lower()
    if _UNIDAD_DESPUES.match(texto, m.end()) or antes.rstrip().endswith(("$", "€")):
        return False
    pista_tel, pista_cod = _PALABRA_TELEFONO.search(antes), _PALABRA_CODIGO.search(antes)
    if pista_cod and (not pista_tel or pista_cod.start() > pista_tel.start()):
        return False
    numero = cifras(candidato)
    if pista_tel:
        return 7 <= len(numero) <= 13
    grupos = tuple(len(g) for g in re.split(r"[ ().-]+", candidato) if g)
    if "." in candidato:  # 612.345.678 es un móvil; 12.345.678, una cantidad
        return grupos == (3, 3, 3) and numero[0] in "6789"
    return grupos in _FORMAS.get(len(numero), ()) and (len(numero) != 9 or numero[0] in "6789")


# --- búsqueda ------------------------------------------------------------------------------

# Una racha de cifras (con espacios, puntos, guiones o paréntesis): todo dato personal salvo el
# correo tiene una. Solo se busca alrededor de las rachas y de las «@»: así el texto corriente,
# la inmensa mayoría, se recorre una sola vez.
_RACHA = re.compile(r"\d[\d .()/-]{4,}\d")


def _ventanas(texto: str) -> list[tuple[int, int]]:
    ventanas = [(m.start() - 45, m.end() + 25) for m in _RACHA.finditer(texto)]
    arroba = texto.find("@")
    while arroba != -1:
        ventanas.append((arroba - 64, arroba + 260))
        arroba = texto.find("@", arroba + 1)
    unidas: list[list[int]] = []
    for inicio, fin in sorted(ventanas):
        inicio, fin = max(0, inicio), min(len(texto), fin)
        if unidas and inicio <= unidas[-1][1]:
            unidas[-1][1] = max(unidas[-1][1], fin)
        else:
            unidas.append([inicio, fin])
    return [(a, b) for a, b in unidas]


def _buscar(patron: re.Pattern, texto: str, ventanas):
    for a, b in ventanas:
        yield from patron.finditer(texto, a, b)


def buscar_datos_personales(texto: str, tipos=TIPOS) -> list[Hallazgo]:
    """Todos los datos personales de ``texto`` (sin solaparse), en orden de aparición."""
    ventanas = _ventanas(texto) if texto else []
    if not ventanas:
        return []
    tipos = set(tipos)
    candidatos: list[Hallazgo] = []
    if "EMAIL" in tipos and "@" in texto:
        candidatos += [Hallazgo(*m.span(), "EMAIL", m.group(0))
                       for m in _buscar(_EMAIL, texto, ventanas)]  # fmt: skip
    for doc in DOCUMENTOS:
        if doc.tipo in tipos:
            candidatos += _documentos(doc, texto, ventanas)
    if "TELEFONO" in tipos:
        candidatos += [Hallazgo(*m.span(), "TELEFONO", m.group(0))
                       for m in _buscar(_TELEFONO, texto, ventanas) if _telefono_valido(texto, m)]  # fmt: skip
    if not candidatos:
        return []
    # Lo que tiene forma de IBAN, cuenta o tarjeta, aunque su control falle, no es otra cosa:
    # sus grupos de cifras no pueden ser una tarjeta o un teléfono.
    formas = [(m.span(), doc.tipo) for doc in DOCUMENTOS if doc.tipo in _CON_FORMA
              for m in _buscar(doc.patron, texto, ventanas) if doc.forma(m)]  # fmt: skip
    formas += [(m.span(), "TARJETA") for m in _buscar(_NO_TELEFONO, texto, ventanas)]
    return _sin_solapes(candidatos, formas)


def _sin_solapes(candidatos: list[Hallazgo], formas: list) -> list[Hallazgo]:
    # Una forma solo tapa a los tipos que van después de ella en TIPOS (un IBAN contiene una
    # cuenta de 20 cifras: la forma de cuenta no puede tapar al IBAN).
    candidatos = [h for h in candidatos if not any(
        TIPOS.index(h.tipo) > TIPOS.index(tipo) and (tipo != "TARJETA" or h.tipo == "TELEFONO")
        and h.inicio < fin and h.fin > inicio for (inicio, fin), tipo in formas)]  # fmt: skip
    # Si dos candidatos se solapan, gana el válido y, entre iguales, el que va antes en TIPOS.
    candidatos.sort(key=lambda h: (h.por_contexto, TIPOS.index(h.tipo)))
    elegidos: list[Hallazgo] = []
    for h in candidatos:
        if all(h.fin <= e.inicio or h.inicio >= e.fin for e in elegidos):
            elegidos.append(h)
    return sorted(elegidos, key=lambda h: h.inicio)
