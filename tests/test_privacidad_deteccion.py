"""Detección de datos personales (issue 17): cobertura por tipo sobre el conjunto generado con
python-stdnum (tests/datos_personales.py) y casos concretos que antes se escapaban.

La tabla (tipo, n, recall) se imprime con ``pytest -s``.
"""

from __future__ import annotations

from collections import Counter

import pytest
from datos_personales import FORMATOS, conjunto

from afinar.datos import anonimizar_texto, buscar_datos_personales


def _cubierto(hallados, inicio, fin, tipo) -> bool:
    """El valor entero queda dentro de un hallazgo de su tipo (como mucho 2 caracteres de más)."""
    return any(h.tipo == tipo and h.inicio <= inicio and h.fin >= fin
               and (h.fin - h.inicio) - (fin - inicio) <= 2 for h in hallados)  # fmt: skip


def _evaluar(frases):
    aciertos, totales, por_formato, fallos = Counter(), Counter(), Counter(), []
    for texto, spans in frases:
        hallados = buscar_datos_personales(texto)
        for inicio, fin, tipo, formato in spans:
            if tipo == "SEÑUELO":
                ok = all(h.fin <= inicio or h.inicio >= fin for h in hallados)
            else:
                ok = _cubierto(hallados, inicio, fin, tipo)
                por_formato[(tipo, formato, ok)] += 1
            totales[tipo] += 1
            aciertos[tipo] += ok
            if not ok:
                fallos.append((tipo, formato, texto[inicio:fin], texto, hallados))
    return aciertos, totales, por_formato, fallos


def test_recall_por_tipo_y_senuelos_intactos():
    frases = conjunto()
    aciertos, totales, por_formato, fallos = _evaluar(frases)
    valores = sum(totales[t] for t in FORMATOS)
    print(f"\nDetección en {len(frases)} frases: {valores} datos personales y "
          f"{totales['SEÑUELO']} señuelos (python-stdnum para los dígitos de control)")  # fmt: skip
    print(f"  {'tipo':<10} {'n':>4}  recall  formatos")
    for tipo in [*FORMATOS, "SEÑUELO"]:
        formatos = len({f for (t, f, _) in por_formato if t == tipo})
        nombre = "señuelos" if tipo == "SEÑUELO" else tipo
        print(f"  {nombre:<10} {totales[tipo]:>4}  {aciertos[tipo] / totales[tipo]:.3f}  "
              f"{formatos or ''}")  # fmt: skip
    for tipo, formato, valor, texto, hallados in fallos[:15]:
        print(f"  fallo {tipo} [{formato}]: «{valor}» en «{texto}» → "
              f"{[(h.tipo, h.texto) for h in hallados]}")  # fmt: skip
    assert valores >= 500
    assert totales["SEÑUELO"] >= 300
    for tipo, (_, formatos) in FORMATOS.items():
        assert totales[tipo] >= 100
        # cada formato del issue aparece y se encuentra
        for formato in formatos:
            assert por_formato[(tipo, formato.lstrip("*"), True)] > 0, (tipo, formato)
        assert aciertos[tipo] / totales[tipo] >= 0.99, tipo
    assert aciertos["SEÑUELO"] / totales["SEÑUELO"] >= 0.98


@pytest.mark.parametrize(
    ("frase", "esperada"),
    [
        ("Llámame al (+34) 612 345 678 mañana.", "Llámame al <TELEFONO> mañana."),
        ("Mi celular es (011) 15-8520-9935.", "Mi celular es <TELEFONO>."),
        ("Escríbeme al 612.345.678 si puedes.", "Escríbeme al <TELEFONO> si puedes."),
        ("DNI 12 345 678 Z", "DNI <DNI>"),
        ("Mi RUT es 123456785, gracias.", "Mi RUT es <RUT>, gracias."),
        ("IBAN es91 2100 0418 4502 0005 1332 para el pago", "IBAN <IBAN> para el pago"),
        ("curp boxw310820hnerxn09 en minúsculas", "curp <CURP> en minúsculas"),
        ("Pagué con 4111.1111.1111.1111 ayer.", "Pagué con <TARJETA> ayer."),
        ("Pagué con 41111111 11111111 ayer.", "Pagué con <TARJETA> ayer."),
        ("Domiciliad en 2100 0418 45 0200051332.", "Domiciliad en <CUENTA>."),
        ("Mi DNI es 12345678A.", "Mi DNI es <DNI>."),  # letra mal (es Z), pero lo nombra
        ("La CURP BOXW310820HNERXN08 está mal.", "La CURP <CURP> está mal."),
    ],
)
def test_formatos_que_antes_se_escapaban(frase, esperada):
    assert anonimizar_texto(frase)[0] == esperada


@pytest.mark.parametrize(
    "frase",
    ["El código 12345678A no funciona.", "Lote 2100 0418 45 0200051333 retirado.",
     "Ref. BOXW310820HNERXN08 agotada.", "Visitas este mes: 12.345.678.",
     "Pagué 612.345.678 pesos.", "ISBN 978-84-376-0494-7", "Nací en 1985 y pagué 20 €."],
)  # fmt: skip
def test_senuelos_sin_contexto_no_se_tocan(frase):
    assert buscar_datos_personales(frase) == []


def test_la_errata_se_marca_por_contexto_y_el_informe_lo_sabe():
    (h,) = buscar_datos_personales("Mi NIE es X1234567A.")
    assert (h.tipo, h.por_contexto) == ("NIE", True)
    (h,) = buscar_datos_personales("Mi NIE es X1234567L.")
    assert (h.tipo, h.por_contexto) == ("NIE", False)
