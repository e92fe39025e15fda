"""Conjunto de evaluación del anonimizador: datos personales inventados en frases en español.

Cada valor lleva su dígito de control calculado con python-stdnum (no con el código de afinar,
para que un error en un validador no se confirme a sí mismo) y se escribe en todas las formas
que pide el issue 17: «(+34) 612 345 678», «(011) 15-8520-9935», «612.345.678»,
«12 345 678 Z», RUT sin guion, IBAN y CURP en minúsculas, tarjetas con puntos o en 8+8
cifras, la cuenta CCC de 20 cifras y documentos con el control mal junto a la palabra que los
nombra (que también hay que tapar). Los señuelos (años, precios, fechas, ISBN, pedidos,
códigos postales, números con el control mal y sin contexto) no deben tocarse.

``conjunto()`` devuelve ``[(frase, [(inicio, fin, tipo, formato), ...]), ...]``; el tipo de
un señuelo es ``"SEÑUELO"``. Es determinista (semilla fija).
"""

from __future__ import annotations

import random
import string

from stdnum import ean, luhn
from stdnum import iban as std_iban
from stdnum.ar import cuit as std_cuit
from stdnum.cl import rut as std_rut
from stdnum.es import ccc as std_ccc
from stdnum.es import dni as std_dni
from stdnum.es import nie as std_nie
from stdnum.mx import curp as std_curp

CONSONANTES = "BCDFGHJKLMNPQRSTVWXYZ"
ESTADOS = ["AS", "BC", "CH", "DF", "JC", "NL", "PL", "VZ", "YN", "MC", "GT", "SP", "QR"]


def _d(r: random.Random, k: int) -> str:
    return "".join(r.choices(string.digits, k=k))


def _mal(r: random.Random, correcto: str, alfabeto: str) -> str:
    return r.choice([c for c in alfabeto if c != correcto])


def _puntos(n: str) -> str:
    return f"{int(n):,}".replace(",", ".")


# --- valores: (formato, función(r) → (valor, ¿necesita contexto?)) -------------------------------


def dni(r, forma):
    n = str(r.randrange(10_000_000, 99_999_999))
    letra = std_dni.calc_check_digit(n)
    if forma == "letra mal":  # sin K: «12345678K» podría ser un RUT chileno válido
        letra = _mal(r, letra, "TRWAGMYFPDXBNJZSQVHLCE")
    return {"12345678Z": f"{n}{letra}", "12345678-Z": f"{n}-{letra}", "12345678 Z": f"{n} {letra}",
            "12.345.678-Z": f"{_puntos(n)}-{letra}", "12 345 678 Z": f"{n[:2]} {n[2:5]} {n[5:]} {letra}",
            "12345678z": f"{n}{letra.lower()}", "letra mal": f"{n}{letra}",
            "argentino 12.345.678": _puntos(n[:8]), "argentino 12345678": n}[forma]  # fmt: skip


def nie(r, forma):
    n = r.choice("XYZ") + _d(r, 7)
    letra = std_nie.calc_check_digit(n)
    if forma == "letra mal":
        letra = _mal(r, letra, "TRWAGMYFPDXBNJZSQVHLCKE")
    return {"X1234567L": n + letra, "X-1234567-L": f"{n[0]}-{n[1:]}-{letra}",
            "x1234567l": (n + letra).lower(), "X 1234567 L": f"{n[0]} {n[1:]} {letra}",
            "letra mal": n + letra}[forma]  # fmt: skip


def cuit(r, forma):
    while True:
        cuerpo = r.choice(["20", "23", "24", "27", "30", "33"]) + _d(r, 8)
        dv = std_cuit.calc_check_digit(cuerpo)
        if std_cuit.is_valid(cuerpo + dv):
            break
    if forma == "dígito mal":
        dv = _mal(r, dv, string.digits)
    return {"20-12345678-6": f"{cuerpo[:2]}-{cuerpo[2:]}-{dv}", "20123456786": cuerpo + dv,
            "20 12345678 6": f"{cuerpo[:2]} {cuerpo[2:]} {dv}",
            "dígito mal": f"{cuerpo[:2]}-{cuerpo[2:]}-{dv}"}[forma]  # fmt: skip


def rut(r, forma):
    while True:
        n = str(r.randrange(1_000_000, 26_000_000))
        dv = std_rut.calc_check_digit(n)
        if (dv == "K") == (forma in ("12345678K", "12.345.678-k")):
            break
    while forma == "dígito mal":  # que tampoco sea un DNI español válido («…-K»)
        dv = _mal(r, std_rut.calc_check_digit(n), string.digits + "K")
        if not std_dni.is_valid(n.zfill(8) + dv):
            break
    return {"12.345.678-5": f"{_puntos(n)}-{dv}", "12345678-5": f"{n}-{dv}", "123456785": n + dv,
            "12345678K": n + dv, "12.345.678-k": f"{_puntos(n)}-{dv.lower()}",
            "dígito mal": f"{_puntos(n)}-{dv}"}[forma]  # fmt: skip


def curp(r, forma):
    while True:
        cuerpo = (r.choice(CONSONANTES) + r.choice("AEIOU") + "".join(r.choices(string.ascii_uppercase, k=2))
                  + f"{r.randrange(40, 99)}{r.randrange(1, 13):02d}{r.randrange(1, 29):02d}"
                  + r.choice("HM") + r.choice(ESTADOS) + "".join(r.choices(CONSONANTES, k=3))
                  + r.choice("0123456789AB"))  # fmt: skip
        valor = cuerpo + std_curp.calc_check_digit(cuerpo)
        if std_curp.is_valid(valor):
            break
    if forma == "dígito mal":
        valor = valor[:-1] + _mal(r, valor[-1], string.digits)
    return valor.lower() if forma == "minúsculas" else valor


def _cuenta(r):
    numero = _d(r, 8) + "00" + _d(r, 10)
    return numero[:8] + std_ccc.calc_check_digits(numero) + numero[10:]


def _grupos4(s: str) -> str:
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def iban(r, forma):
    pais, bban = {"DE 22": ("DE", _d(r, 18)), "PT 25": ("PT", _d(r, 21))}.get(forma, ("ES", _cuenta(r)))
    if forma == "control mal":  # también la cuenta de dentro: si no, es una cuenta real con errata
        bban = cuenta(r, "control mal").replace(" ", "")
    valor = pais + std_iban.calc_check_digits(pais + "00" + bban) + bban
    if forma == "control mal":
        valor = valor[:2] + f"{(int(valor[2:4]) + r.randrange(1, 90)) % 97 + 2:02d}" + valor[4:]
        assert not std_iban.is_valid(valor)
    return {"ES91 2100 ...": _grupos4(valor), "ES9121000418...": valor,
            "es91 2100 ... (minúsculas)": _grupos4(valor).lower(), "DE 22": _grupos4(valor),
            "PT 25": valor, "control mal": _grupos4(valor)}[forma]  # fmt: skip


def cuenta(r, forma):
    c = _cuenta(r)
    if forma == "control mal":
        c = c[:8] + f"{(int(c[8:10]) + r.randrange(1, 99)) % 100:02d}" + c[10:]
        assert not std_ccc.is_valid(c)
    return {"2100 0418 45 0200051332": f"{c[:4]} {c[4:8]} {c[8:10]} {c[10:]}", "20 cifras": c,
            "2100-0418-45-0200051332": f"{c[:4]}-{c[4:8]}-{c[8:10]}-{c[10:]}",
            "grupos de 4": _grupos4(c), "control mal": f"{c[:4]} {c[4:8]} {c[8:10]} {c[10:]}"}[forma]  # fmt: skip


def tarjeta(r, forma):
    prefijo, largo = (r.choice(["34", "37"]), 15) if forma == "amex 4-6-5" else (
        r.choice(["4", "51", "53", "55", "2221"]), 16)  # fmt: skip
    cuerpo = prefijo + _d(r, largo - len(prefijo) - 1)
    dv = luhn.calc_check_digit(cuerpo)
    if forma == "Luhn mal":
        dv = _mal(r, dv, string.digits)
    n = cuerpo + dv
    sep = {"4111 1111 1111 1111": " ", "4111-1111-1111-1111": "-", "4111.1111.1111.1111": ".",
           "Luhn mal": " "}.get(forma)  # fmt: skip
    if sep:
        return sep.join(n[i : i + 4] for i in range(0, 16, 4))
    return {"16 cifras": n, "8+8 cifras": f"{n[:8]} {n[8:]}", "amex 4-6-5": f"{n[:4]} {n[4:10]} {n[10:]}"}[forma]


def email(r, forma):
    nombre = r.choice(["ana", "luis", "maria.jose", "j.perez", "carmen_r", "pepe+tienda", "lucia88",
                       "maria.garcia", "JuanCarlos", "info"])  # fmt: skip
    dominio = r.choice(["correo.es", "ejemplo.com", "mail.com.ar", "empresa.cl", "uni.edu.mx",
                        "gmail.com", "hotmail.es"])  # fmt: skip
    return f"{nombre}{r.randrange(100)}@{dominio}"


def telefono(r, forma):
    m = r.choice("67") + _d(r, 8)
    return {
        "612 345 678": f"{m[:3]} {m[3:6]} {m[6:]}", "612345678": m, "612.345.678": f"{m[:3]}.{m[3:6]}.{m[6:]}",
        "+34 612 345 678": f"+34 {m[:3]} {m[3:6]} {m[6:]}", "(+34) 612 345 678": f"(+34) {m[:3]} {m[3:6]} {m[6:]}",
        "0034 612 34 56 78": f"0034 {m[:3]} {m[3:5]} {m[5:7]} {m[7:]}", "91 234 56 78": f"9{r.choice('1345')} {_d(r, 3)} {_d(r, 2)} {_d(r, 2)}",
        "(011) 15-8520-9935": f"(011) 15-{_d(r, 4)}-{_d(r, 4)}", "11 15-8520-9935": f"11 15-{_d(r, 4)}-{_d(r, 4)}",
        "+54 9 11 8520-9935": f"+54 9 11 {_d(r, 4)}-{_d(r, 4)}", "(55) 1234-5678": f"(55) {_d(r, 4)}-{_d(r, 4)}",
        "+52 55 1234 5678": f"+52 55 {_d(r, 4)} {_d(r, 4)}", "+56 9 1234 5678": f"+56 9 {_d(r, 4)} {_d(r, 4)}",
        "+57 312 345 6789": f"+57 3{_d(r, 2)} {_d(r, 3)} {_d(r, 4)}", "+51 912 345 678": f"+51 9{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}",
    }[forma]  # fmt: skip


# Formatos de cada tipo. Los marcados con «*» solo se reconocen con la palabra que los nombra
# (RUT sin guion ni K, DNI argentino, documentos con el control mal): van siempre en una frase
# con esa palabra. Los demás se mezclan con frases sin pista ninguna.
FORMATOS = {
    "DNI": (dni, ["12345678Z", "12345678-Z", "12345678 Z", "12.345.678-Z", "12 345 678 Z", "12345678z",
                  "*letra mal", "*argentino 12.345.678", "*argentino 12345678"]),
    "NIE": (nie, ["X1234567L", "X-1234567-L", "x1234567l", "X 1234567 L", "*letra mal"]),
    "CUIT": (cuit, ["20-12345678-6", "20123456786", "20 12345678 6", "*dígito mal"]),
    "RUT": (rut, ["12.345.678-5", "12345678-5", "*123456785", "12345678K", "12.345.678-k", "*dígito mal"]),
    "CURP": (curp, ["mayúsculas", "minúsculas", "*dígito mal"]),
    "IBAN": (iban, ["ES91 2100 ...", "ES9121000418...", "es91 2100 ... (minúsculas)", "DE 22", "PT 25",
                    "*control mal"]),
    "CUENTA": (cuenta, ["2100 0418 45 0200051332", "20 cifras", "2100-0418-45-0200051332", "grupos de 4",
                        "*control mal"]),
    "TARJETA": (tarjeta, ["4111 1111 1111 1111", "4111-1111-1111-1111", "4111.1111.1111.1111", "16 cifras",
                          "8+8 cifras", "amex 4-6-5", "*Luhn mal"]),
    "EMAIL": (email, ["correo"]),
    "TELEFONO": (telefono, ["612 345 678", "612345678", "612.345.678", "+34 612 345 678", "(+34) 612 345 678",
                            "0034 612 34 56 78", "91 234 56 78", "(011) 15-8520-9935", "11 15-8520-9935",
                            "+54 9 11 8520-9935", "(55) 1234-5678", "+52 55 1234 5678", "+56 9 1234 5678",
                            "+57 312 345 6789", "+51 912 345 678"]),
}  # fmt: skip

CON_NOMBRE = {
    "DNI": ["Mi DNI es {}.", "Adjunto el DNI {} escaneado.", "Número de documento: {}.", "DNI: {}"],
    "NIE": ["Mi NIE es {}.", "Tengo el NIE {} desde 2019.", "NIE del trabajador: {}"],
    "CUIT": ["Mi CUIT es {}.", "Facturar al CUIL {} por favor.", "CUIT: {}"],
    "RUT": ["Mi RUT es {}.", "Boleta a nombre del RUT {}, gracias.", "RUT del cliente: {}"],
    "CURP": ["Mi CURP es {}.", "Anoten la CURP {} en la solicitud.", "CURP: {}"],
    "IBAN": ["Mi IBAN es {}.", "Devolvedlo a la cuenta {} cuanto antes.", "IBAN para el recibo: {}"],
    "CUENTA": ["Mi número de cuenta es {}.", "Haced la transferencia a la cuenta {}.", "Cuenta: {}"],
    "TARJETA": ["Pagué con la tarjeta {}.", "La tarjeta de crédito {} caduca en mayo.", "Visa: {}"],
    "EMAIL": ["Mi correo: {}", "Escríbeme a {} cuando puedas."],
    "TELEFONO": ["Llámame al {} por la tarde.", "Mi móvil es {}.", "Teléfono de contacto: {}"],
}
SIN_PISTA = ["Te paso el dato: {}.", "{} (lo dejo aquí por si acaso).", "Apúntalo bien: {} y confirma.",
             "Hola, soy Marta; {}. Un saludo.", "Ya está todo: {}, y mañana hablamos.",
             "Según lo hablado ayer, {}."]  # fmt: skip


def _isbn(r):
    cuerpo = "978" + r.choice(["84", "950", "956", "607"])
    cuerpo += _d(r, 12 - len(cuerpo))
    n = cuerpo + ean.calc_check_digit(cuerpo)
    return r.choice([n, f"{n[:3]}-{n[3:5]}-{n[5:9]}-{n[9:12]}-{n[12]}"])


def _sin_contexto_mal(r):
    """Un número con forma de documento y el control mal: sin la palabra, no se toca."""
    tipo = r.choice(["DNI", "NIE", "CUIT", "RUT", "CURP", "IBAN", "CUENTA", "TARJETA"])
    forma = {"DNI": "letra mal", "NIE": "letra mal", "CUIT": "dígito mal", "RUT": "dígito mal",
             "CURP": "dígito mal", "IBAN": "control mal", "CUENTA": "control mal",
             "TARJETA": "Luhn mal"}[tipo]  # fmt: skip
    return FORMATOS[tipo][0](r, forma)


SENUELOS = [
    ("Nací en {}.", lambda r: str(r.randrange(1940, 2024))),
    ("Entre {} hubo muchos cambios.", lambda r: f"{r.randrange(1950, 2000)}-{r.randrange(2000, 2024)}"),
    ("Costó {} en total.", lambda r: r.choice([f"{r.randrange(1, 999)},{_d(r, 2)} €", f"$ {r.randrange(1, 99)}.{_d(r, 3)}",
                                               f"{r.randrange(1, 99)}.{_d(r, 3)}.{_d(r, 3)} pesos", f"{r.randrange(100, 999)} euros",
                                               f"{r.randrange(100, 999)}.{_d(r, 3)}.{_d(r, 3)} €"])),
    ("El pago vence el {}.", lambda r: r.choice([f"{r.randrange(1, 29):02d}/{r.randrange(1, 13):02d}/20{_d(r, 2)}",
                                                 f"20{_d(r, 2)}-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}",
                                                 f"{r.randrange(1, 29):02d}.{r.randrange(1, 13):02d}.20{_d(r, 2)}"])),
    ("Subió un {} este año.", lambda r: r.choice([f"{r.randrange(1, 99)} %", f"{r.randrange(1, 99)},{_d(r, 1)}%"])),
    ("El libro (ISBN {}) está agotado.", _isbn),
    ("Ref. {} sin stock.", lambda r: f"{r.choice('67')}{_d(r, 2)} {_d(r, 3)} {_d(r, 3)}"),
    ("El pedido {} salió ayer.", lambda r: r.choice([f"20{_d(r, 2)}-{_d(r, 5)}", f"nº {_d(r, 8)}", f"PED-{_d(r, 6)}"])),
    ("El código postal es {}.", lambda r: r.choice(["28013", "08001", "41004", "1425", "C1425", "06600"])),
    ("Abrimos a las {}.", lambda r: f"{r.randrange(7, 12)}:{r.choice(['00', '30'])}"),
    ("El pueblo tiene {} habitantes.", lambda r: f"{r.randrange(100, 999)}.{_d(r, 3)}"),
    ("Visitas este mes: {}.", lambda r: f"{r.randrange(1, 99)}.{_d(r, 3)}.{_d(r, 3)}"),
    ("Nº de serie {} en la etiqueta.", lambda r: r.choice("67") + _d(r, 8)),
    ("El código {} no funciona.", _sin_contexto_mal),
    ("Lote {} retirado del mercado.", _sin_contexto_mal),
    ("Ese número ({}) no lo reconozco.", _sin_contexto_mal),
]  # fmt: skip


def _frase(r, partes):
    """Une (plantilla, valor, tipo, formato) en una frase con la posición de cada valor."""
    texto, spans = "", []
    for plantilla, valor, tipo, formato in partes:
        texto += " " if texto else ""
        antes, despues = plantilla.split("{}")
        inicio = len(texto) + len(antes)
        texto += antes + valor + despues
        spans.append((inicio, inicio + len(valor), tipo, formato))
    return texto, spans


def conjunto(por_tipo: int = 100, solo_senuelos: int = 150, semilla: int = 17):
    r = random.Random(semilla)
    frases = []
    for tipo, (generador, formatos) in FORMATOS.items():
        for i in range(por_tipo):
            formato = formatos[i % len(formatos)]
            con_nombre = formato.startswith("*") or r.random() < 0.5
            formato = formato.lstrip("*")
            plantilla = r.choice(CON_NOMBRE[tipo] if con_nombre else SIN_PISTA)
            partes = [(plantilla, generador(r, formato), tipo, formato)]
            if r.random() < 0.6:
                plantilla_s, gen_s = r.choice(SENUELOS)
                partes.append((plantilla_s, gen_s(r), "SEÑUELO", plantilla_s))
                r.shuffle(partes)
            frases.append(_frase(r, partes))
    for _ in range(solo_senuelos):
        partes = [(p, g(r), "SEÑUELO", p) for p, g in r.sample(SENUELOS, 2)]
        frases.append(_frase(r, partes))
    return frases
