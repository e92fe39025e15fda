"""Valores inventados y realistas de cada tipo de dato personal, para ``anonimizar(reemplazar=True)``.

Con muchas filas anonimizadas, un modelo pequeño aprende a escribir las etiquetas («<TELEFONO>»).
Cambiar cada dato por otro inventado del mismo tipo (un móvil, un DNI con su letra correcta, un
correo @ejemplo.com) mantiene el texto natural sin guardar ningún dato real. Los dígitos de
control se calculan con python-stdnum.
"""

from __future__ import annotations

import random

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.ar import cuit as std_cuit
from stdnum.cl import rut as std_rut
from stdnum.es import ccc as std_ccc
from stdnum.es import dni as std_dni
from stdnum.mx import curp as std_curp

_NOMBRES = ("ana", "luis", "carmen", "javier", "lucia", "pablo", "marta", "diego", "sofia")
_CONSONANTES = "BCDFGHJKLMNPQRSTVWXYZ"


def _n(rng: random.Random, k: int) -> str:
    return "".join(rng.choices("0123456789", k=k))


def _curp_ficticia(rng: random.Random) -> str:
    while True:
        cuerpo = (rng.choice(_CONSONANTES) + rng.choice("AEIOU") + rng.choice(_CONSONANTES)
                  + rng.choice("AEIOU") + f"{rng.randrange(60, 99)}{rng.randrange(1, 13):02d}"
                  + f"{rng.randrange(1, 29):02d}" + rng.choice("HM") + rng.choice(["DF", "JC", "NL"])
                  + "".join(rng.choices(_CONSONANTES, k=3)) + "0")  # fmt: skip
        curp = cuerpo + std_curp.calc_check_digit(cuerpo)
        if std_curp.is_valid(curp):
            return curp


def valor_ficticio(tipo: str, rng: random.Random) -> str:
    """Un valor inventado y realista del tipo (con sus dígitos de control correctos)."""
    if tipo == "EMAIL":
        return f"{rng.choice(_NOMBRES)}{rng.randrange(10, 99)}@ejemplo.com"
    if tipo == "TELEFONO":
        return f"6{_n(rng, 2)} {_n(rng, 3)} {_n(rng, 3)}"
    if tipo == "DNI":
        numero = f"{rng.randrange(10_000_000, 99_999_999)}"
        return numero + std_dni.calc_check_digit(numero)
    if tipo == "NIE":
        numero = rng.choice("XYZ") + _n(rng, 7)
        return numero + std_dni.calc_check_digit(str("XYZ".index(numero[0])) + numero[1:])
    if tipo == "CUIT":
        cuerpo = "20" + _n(rng, 8)
        dv = std_cuit.calc_check_digit(cuerpo)
        return f"20-{cuerpo[2:]}-{dv}" if len(dv) == 1 else valor_ficticio(tipo, rng)
    if tipo == "RUT":
        cuerpo = f"{rng.randrange(5_000_000, 25_000_000)}"
        return f"{int(cuerpo):,}".replace(",", ".") + "-" + std_rut.calc_check_digit(cuerpo)
    if tipo == "CURP":
        return _curp_ficticia(rng)
    if tipo in ("IBAN", "CUENTA"):
        cuenta = _n(rng, 8) + "00" + _n(rng, 10)
        cuenta = cuenta[:8] + std_ccc.calc_check_digits(cuenta) + cuenta[10:]
        if tipo == "CUENTA":
            return cuenta
        iban = "ES" + std_iban.calc_check_digits("ES00" + cuenta) + cuenta
        return " ".join(iban[i : i + 4] for i in range(0, 24, 4))
    cuerpo = "4" + _n(rng, 14)
    numero = cuerpo + luhn.calc_check_digit(cuerpo)
    return " ".join(numero[i : i + 4] for i in range(0, 16, 4))
