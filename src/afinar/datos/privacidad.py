"""Quitar datos personales de un Dataset: correos, teléfonos y documentos de identidad.

La función pública es :func:`afinar.datos.anonimizar` (definida aquí). Cada dato se cambia
por una etiqueta con su tipo:

=============  ==============================================================================
``<EMAIL>``    direcciones de correo electrónico
``<TELEFONO>`` teléfonos de España y Latinoamérica, con o sin prefijo de país (+34, +52, 0054…)
``<DNI>``      DNI de España (se comprueba la letra) y DNI de Argentina (tras «DNI» o «documento»)
``<NIE>``      NIE de España (X/Y/Z, se comprueba la letra)
``<CUIT>``     CUIT y CUIL de Argentina (se comprueba el dígito verificador)
``<RUT>``      RUT/RUN de Chile (se comprueba el dígito verificador, 0-9 o K)
``<CURP>``     CURP de México (estructura, fecha, estado y dígito verificador)
``<IBAN>``     cuentas IBAN (se comprueba el control módulo 97 y el largo del país)
``<TARJETA>``  números de tarjeta (prefijo de emisor y algoritmo de Luhn)
=============  ==============================================================================

Primero se buscan candidatos con expresiones regulares y después se validan con su dígito de
control: así los números corrientes (años, precios, fechas, porcentajes, ISBN, códigos de
producto) no se tocan. Los teléfonos no tienen dígito de control: se aceptan por su forma
(grupos típicos de cada país), por el prefijo internacional o por una palabra como «teléfono»
o «móvil» justo antes, y se descartan tras palabras como «pedido», «código» o «referencia».
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from afinar.datos.tipo import columna_principal
from afinar.errores import AfinarError
from afinar.presentacion import recortar, tabla_html, tabla_texto

TIPOS = ("EMAIL", "IBAN", "CURP", "TARJETA", "NIE", "CUIT", "RUT", "DNI", "TELEFONO")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?\b")
_LARGO_IBAN = {"ES": 24, "AD": 24, "PT": 25, "FR": 27, "IT": 27, "DE": 22, "GB": 22, "NL": 18,
               "BE": 16, "CH": 21, "AT": 20, "IE": 22, "LU": 20, "BR": 29, "CR": 22, "DO": 28,
               "GT": 28, "SV": 28}  # fmt: skip
_CURP = re.compile(
    r"\b[A-Z][AEIOUX][A-Z]{2}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[HMX]"
    r"(AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ"
    r"|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d\b"
)
_TARJETA = re.compile(
    r"(?<![\w.,-])(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{4,5}"
    r"|\d{13,19})(?![\w-]|[.,]\d)"
)
_NIE = re.compile(r"(?<![\w-])([XYZ])[ -]?(\d{7})[ -]?([A-Z])(?!\w)", re.IGNORECASE)
_CUIT = re.compile(
    r"(?<![\w.+-])(20|23|24|27|30|33|34)[ -]?(\d{2}\.?\d{3}\.?\d{3})[ -]?(\d)(?![\w-])"
)
_RUT = re.compile(r"(?<![\w.-])(\d{1,2}\.?\d{3}\.?\d{3})-([\dkK])(?![\w-])")
_DNI_ES = re.compile(r"(?<![\w.-])(\d{1,2}\.?\d{3}\.?\d{3})(?:([ -])([A-Z])|([A-Za-z]))(?!\w)")
_DNI_AR = re.compile(
    r"(?i:\b(?:d\.?n\.?i\.?|documento(?: nacional)?(?: de identidad)?|n[úu]mero de documento)"
    r"\s*(?:n[º°o]\.?\s*|nro\.?\s*)?[:.]?\s*)(\d{1,2}\.?\d{3}\.?\d{3})(?![\w-]|[.,]\d)"
)
_PREFIJOS = "593|591|595|598|502|503|504|505|506|507|351|34|52|54|56|57|51|58|53|55|1"
_TELEFONO = re.compile(
    rf"(?<![\w+/.,-])(?:(?:\+|00)(?P<pais>{_PREFIJOS})[ .-]?)?(?:\(\d{{1,4}}\)[ .-]?)?"
    r"\d(?:[ .-]?\d){5,13}(?![\w/-]|[.,]\d)"
)
_FECHA = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_PALABRA_TELEFONO = re.compile(
    r"(tel[ée]fono|tel[ée]f|\btel|\btlf|m[óo]vil|celular|\bcel|whats ?app|llam\w*|fijo|fax"
    r"|contacto|n[úu]mero)\b[^\d]{0,15}$"
)
_PALABRA_CODIGO = re.compile(
    r"(ref|referencia|c[óo]d|c[óo]digo|sku|art[íi]culo|art|pedido|factura|serie|isbn|issn|lote"
    r"|expediente|modelo|pieza|ticket|orden|producto|albar[áa]n|cuenta|postal|env[íi]o|seguimiento"
    r"|socio|cliente|matr[íi]cula|reserva|localizador|id|tarjeta|iban|cuit|cuil|rut|dni|nie|curp"
    r")\b[^\d]{0,15}$"
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
}
_LETRAS_DNI = "TRWAGMYFPDXBNJZSQVHLCKE"
_CURP_VALORES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ")}


def _cifras(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def letra_dni(numero: int) -> str:
    return _LETRAS_DNI[numero % 23]


def luhn_valido(cifras: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(cifras)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def iban_valido(iban: str) -> bool:
    iban = iban.replace(" ", "").replace("-", "").upper()
    if not 15 <= len(iban) <= 34 or _LARGO_IBAN.get(iban[:2], len(iban)) != len(iban):
        return False
    reordenado = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in reordenado)) % 97 == 1


def cuit_valido(cifras: str) -> bool:
    if len(cifras) != 11:
        return False
    suma = sum(int(c) * p for c, p in zip(cifras[:10], (5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True))
    dv = 11 - suma % 11
    return {11: 0, 10: -1}.get(dv, dv) == int(cifras[10])


def rut_dv(numero: int) -> str:
    suma, factor = 0, 2
    for c in reversed(str(numero)):
        suma += int(c) * factor
        factor = 2 if factor == 7 else factor + 1
    dv = 11 - suma % 11
    return {11: "0", 10: "K"}.get(dv, str(dv))


def curp_valida(curp: str) -> bool:
    suma = sum(_CURP_VALORES[c] * (18 - i) for i, c in enumerate(curp[:17]))
    return (10 - suma % 10) % 10 == int(curp[17])


def _tarjeta_valida(cifras: str) -> bool:
    n, p2, p4 = len(cifras), int(cifras[:2]), int(cifras[:4])
    emisor = (cifras[0] == "4" and n in (13, 16, 19) or 51 <= p2 <= 55 and n == 16
              or 2221 <= p4 <= 2720 and n == 16 or p2 in (34, 37) and n == 15
              or (p4 == 6011 or p2 == 65 or 644 <= int(cifras[:3]) <= 649) and n >= 16
              or p2 in (36, 38) or 300 <= int(cifras[:3]) <= 305 and n == 14
              or p2 == 35 and n >= 16 or (p2 == 50 or 56 <= p2 <= 69) and n >= 12)  # fmt: skip
    return emisor and not cifras.startswith(("978", "979")) and luhn_valido(cifras)


def _telefono_valido(texto: str, m: re.Match) -> bool:
    candidato = m.group(0)
    if m.group("pais"):
        nacional = candidato[m.end("pais") - m.start() :]
        return 7 <= len(_cifras(nacional)) <= 12
    if _FECHA.fullmatch(candidato):
        return False
    antes = texto[max(0, m.start() - 40) : m.start()].lower()
    if _UNIDAD_DESPUES.match(texto, m.end()) or antes.rstrip().endswith(("$", "€")):
        return False
    pista_tel, pista_cod = _PALABRA_TELEFONO.search(antes), _PALABRA_CODIGO.search(antes)
    if pista_cod and (not pista_tel or pista_cod.start() > pista_tel.start()):
        return False
    cifras = _cifras(candidato)
    if pista_tel:
        return 7 <= len(cifras) <= 12
    if "." in candidato:  # 612.345.678 suele ser una cantidad, no un teléfono
        return False
    grupos = tuple(len(g) for g in re.split(r"[ ()-]+", candidato) if g)
    return grupos in _FORMAS.get(len(cifras), ()) and (len(cifras) != 9 or cifras[0] in "6789")


@dataclass(frozen=True)
class Hallazgo:
    """Un dato personal encontrado: dónde está, de qué tipo es y su texto original."""

    inicio: int
    fin: int
    tipo: str
    texto: str


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


# larga: una rama por tipo de dato, en el orden de TIPOS; partirla esconde ese orden.
def buscar_datos_personales(texto: str, tipos=TIPOS) -> list[Hallazgo]:
    """Todos los datos personales de ``texto`` (sin solaparse), en orden de aparición."""
    ventanas = _ventanas(texto) if texto else []
    if not ventanas:
        return []
    candidatos: list[Hallazgo] = []

    def anadir(tipo, inicio, fin):
        candidatos.append(Hallazgo(inicio, fin, tipo, texto[inicio:fin]))

    def buscar(patron):
        for a, b in ventanas:
            yield from patron.finditer(texto, a, b)

    tipos = set(tipos)
    if "EMAIL" in tipos and "@" in texto:
        for m in buscar(_EMAIL):
            anadir("EMAIL", *m.span())
    if "IBAN" in tipos:
        for m in buscar(_IBAN):
            inicio, fin = m.start(), _fin_de_iban(texto, m)
            if iban_valido(texto[inicio:fin]):
                anadir("IBAN", inicio, fin)
    if "CURP" in tipos:
        for m in buscar(_CURP):
            if curp_valida(m.group(0)):
                anadir("CURP", *m.span())
    if "TARJETA" in tipos:
        for m in buscar(_TARJETA):
            if _tarjeta_valida(_cifras(m.group(0))):
                anadir("TARJETA", *m.span())
    if "NIE" in tipos:
        for m in buscar(_NIE):
            numero = int(str("XYZ".index(m.group(1).upper())) + m.group(2))
            if letra_dni(numero) == m.group(3).upper():
                anadir("NIE", *m.span())
    if "CUIT" in tipos:
        for m in buscar(_CUIT):
            if cuit_valido(_cifras(m.group(0))):
                anadir("CUIT", *m.span())
    if "RUT" in tipos:
        for m in buscar(_RUT):
            if rut_dv(int(_cifras(m.group(1)))) == m.group(2).upper():
                antes = texto[max(0, m.start() - 25):m.start()].lower()
                if re.search(r"\b(dni|nif)\b", antes) and not re.search(r"\b(rut|run)\b", antes):
                    continue  # «12345678-K» tras «DNI» es un DNI español con guion, no un RUT
                anadir("RUT", *m.span())
    if "DNI" in tipos:
        for m in buscar(_DNI_ES):
            letra = m.group(3) or m.group(4)
            if letra_dni(int(_cifras(m.group(1)))) == letra.upper():
                anadir("DNI", *m.span())
        for m in buscar(_DNI_AR):
            anadir("DNI", *m.span(1))
    if "TELEFONO" in tipos:
        for m in buscar(_TELEFONO):
            if _telefono_valido(texto, m):
                anadir("TELEFONO", *m.span())
    if not candidatos:
        return []
    # Lo que tiene forma de IBAN o de tarjeta, aunque su control falle, no es otra cosa: sus
    # grupos de cifras no pueden ser una tarjeta o un teléfono.
    formas = [(m.span(), "IBAN") for m in buscar(_IBAN)]
    formas += [(m.span(), "TARJETA") for m in buscar(_TARJETA)
               if not m.group(0).isdigit() or len(m.group(0)) >= 15]  # fmt: skip
    return _sin_solapes(candidatos, formas)


def _fin_de_iban(texto: str, m) -> int:
    """Dónde acaba un IBAN: recorta lo que el patrón se haya comido de más según el país."""
    largo, inicio = _LARGO_IBAN.get(m.group(0)[:2]), m.start()
    if largo:
        for fin in range(inicio, m.end() + 1):
            if len(re.sub(r"[ -]", "", texto[inicio:fin])) == largo:
                return fin
    return m.end()


def _sin_solapes(candidatos: list[Hallazgo], formas: list) -> list[Hallazgo]:
    candidatos = [h for h in candidatos if not any(
        h.tipo != tipo and (tipo == "IBAN" or h.tipo == "TELEFONO") and h.inicio < fin and h.fin > inicio
        for (inicio, fin), tipo in formas)]  # fmt: skip
    # Si dos candidatos se solapan, gana el tipo que va antes en TIPOS (el más seguro).
    candidatos.sort(key=lambda h: TIPOS.index(h.tipo))
    elegidos: list[Hallazgo] = []
    for h in candidatos:
        if all(h.fin <= e.inicio or h.inicio >= e.fin for e in elegidos):
            elegidos.append(h)
    return sorted(elegidos, key=lambda h: h.inicio)


def anonimizar_texto(texto: str, tipos=TIPOS) -> tuple[str, list[Hallazgo]]:
    """Devuelve el texto con cada dato personal cambiado por ``<TIPO>`` y lo que se cambió."""
    hallazgos = buscar_datos_personales(texto, tipos)
    partes, ultimo = [], 0
    for h in hallazgos:
        partes += [texto[ultimo : h.inicio], f"<{h.tipo}>"]
        ultimo = h.fin
    return "".join(partes) + texto[ultimo:] if hallazgos else texto, hallazgos


def _lote(lote: dict, columna: str, tipos) -> dict:
    salida: dict[str, list] = {columna: [], "_tipos": []}
    for valor in lote[columna]:
        encontrados: list[str] = []
        if columna == "texto":
            nuevo, hallazgos = anonimizar_texto(valor or "", tipos)
            encontrados += [h.tipo for h in hallazgos]
        else:
            nuevo = []
            for m in valor:
                contenido, hallazgos = anonimizar_texto(m["content"] or "", tipos)
                encontrados += [h.tipo for h in hallazgos]
                nuevo.append({"role": m["role"], "content": contenido})
        salida[columna].append(nuevo)
        salida["_tipos"].append(encontrados)
    return salida


@dataclass
class InformeAnonimizacion:
    """Cuántos datos de cada tipo se cambiaron, en cuántas filas, con ejemplos antes/después."""

    filas: int
    filas_con_datos: int
    por_tipo: Counter = field(default_factory=Counter)
    ejemplos: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.por_tipo.values())

    def _filas(self):
        return [(f"<{t}>", self.por_tipo[t], *self.ejemplos.get(t, ("", "")))
                for t in TIPOS if self.por_tipo[t]]  # fmt: skip

    def _cabecera(self) -> str:
        return (f"Anonimización: {self.total} datos personales cambiados en "
                f"{self.filas_con_datos} de {self.filas} filas")  # fmt: skip

    def __str__(self) -> str:
        if not self.total:
            return self._cabecera() + " (no se encontró ninguno)."
        return (
            self._cabecera()
            + "\n"
            + tabla_texto(self._filas(), ("tipo", "cuántos", "antes", "después"))
        )

    __repr__ = __str__

    def _repr_html_(self) -> str:
        if not self.total:
            return f"<b>{self._cabecera()}</b> (no se encontró ninguno)."
        return f"<b>{self._cabecera()}</b>" + tabla_html(
            self._filas(), ("tipo", "cuántos", "antes", "después")
        )


def _fragmento(texto: str, h: Hallazgo) -> tuple[str, str]:
    inicio = max(0, h.inicio - 30)
    antes = ("…" if inicio else "") + texto[inicio : h.fin + 20]
    nuevo, _ = anonimizar_texto(antes)
    return recortar(antes, 90), recortar(nuevo, 90)


def anonimizar(ds, *, tipos=TIPOS):
    """Cambia los datos personales por etiquetas (``<EMAIL>``, ``<TELEFONO>``…): ``(ds, informe)``.

    Funciona sobre la columna ``texto`` y sobre el contenido de cada mensaje de ``messages``.
    ``tipos`` elige qué buscar (por defecto todos: ``afinar.datos.TIPOS_PERSONALES``). Ningún
    sistema automático es perfecto: revisa los ejemplos del informe y una muestra de filas.
    """
    desconocidos = set(tipos) - set(TIPOS)
    if desconocidos:
        raise AfinarError(
            f"No conozco los tipos {sorted(desconocidos)}: usa algunos de {list(TIPOS)}."
        )
    columna = columna_principal(ds)
    nuevo = ds.map(_lote, batched=True, batch_size=1000, desc="Anonimizando",
                   fn_kwargs={"columna": columna, "tipos": tuple(tipos)})  # fmt: skip
    informe = InformeAnonimizacion(len(ds), 0)
    filas = (t for lote in nuevo.select_columns(["_tipos"]).iter(batch_size=10_000) for t in lote["_tipos"])
    for i, lista in enumerate(filas):  # por lotes: la memoria no crece con el corpus
        if not lista:
            continue
        informe.filas_con_datos += 1
        informe.por_tipo.update(lista)
        for tipo in set(lista) - set(informe.ejemplos):
            original = ds[i][columna]
            textos = [original] if columna == "texto" else [m["content"] for m in original]
            for t in textos:
                h = next((h for h in buscar_datos_personales(t, tipos) if h.tipo == tipo), None)
                if h:
                    informe.ejemplos[tipo] = _fragmento(t, h)
                    break
    return nuevo.remove_columns("_tipos"), informe
