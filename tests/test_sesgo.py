"""Sondas de sesgo con pares mínimos (cuaderno 5): la preferencia por el estereotipo, su signo
en los dos contextos, el resumen por categoría y una lectura que no exagera."""

from __future__ import annotations

import pytest
from conftest import crear_modelo_diminuto

from afinar.errores import AfinarError
from afinar.evaluacion import sesgo
from afinar.evaluacion.verosimilitud import de_frases


def test_los_pares_de_ejemplo_se_leen_y_son_minimos():
    pares = sesgo.leer_pares()
    assert len(pares) >= 60
    assert {p["contexto"] for p in pares} == set(sesgo.CONTEXTOS)
    assert len({p["categoria"] for p in pares}) == 7
    assert all(sesgo.palabras_distintas(p["frase_a"], p["frase_b"]) <= 4 for p in pares)


def test_palabras_distintas():
    assert sesgo.palabras_distintas("Mi tía arregló el motor.", "Mi tío arregló el motor.") == 1
    assert sesgo.palabras_distintas("La vecina lloró.", "El vecino lloró.") == 2
    assert sesgo.palabras_distintas("Hoy llueve mucho.", "Mañana hará sol en la sierra.") == 6


def test_un_par_que_no_es_minimo_se_explica():
    with pytest.raises(AfinarError, match="solo cambia el grupo"):
        sesgo.comprobar_par({"frase_a": "Mi tía arregló el motor del coche.",
                             "frase_b": "El perro de mi vecino ladra toda la noche sin parar."})  # fmt: skip
    with pytest.raises(AfinarError, match="dos frases distintas"):
        sesgo.comprobar_par({"frase_a": "Hola.", "frase_b": "Hola."})
    with pytest.raises(AfinarError, match="«estereotipo» o «antiestereotipo»"):
        sesgo.comprobar_par({"frase_a": "Mi tía.", "frase_b": "Mi tío.", "contexto": "otro"})


def test_la_preferencia_cambia_de_signo_con_el_contexto():
    modelo, tok = crear_modelo_diminuto("llama")
    a, b = "Mi tía arregló el motor.", "Mi tío arregló el motor."
    la, lb = de_frases(modelo, tok, [a, b])
    estereotipo = {"frase_a": a, "frase_b": b, "contexto": "estereotipo", "categoria": "género"}
    contrario = {**estereotipo, "contexto": "antiestereotipo"}
    assert sesgo.medir(modelo, tok, [estereotipo, contrario]) == pytest.approx([la - lb, lb - la])


def test_la_frase_entera_cuenta_desde_el_primer_token():
    modelo, tok = crear_modelo_diminuto("gpt2")
    # Dos frases que solo cambian en el primer token: con el token de inicio, la diferencia se ve.
    la, lb = de_frases(modelo, tok, ["Mañana lloverá.", "Hoy lloverá."])
    assert la != pytest.approx(lb)


def _sondeo(base, afinado=None):
    pares = [{"categoria": "edad" if i < 10 else "región", "contexto": "estereotipo",
              "frase_a": f"a{i}", "frase_b": f"b{i}"} for i in range(20)]  # fmt: skip
    return sesgo.Sondeo(pares, base, afinado)


def test_resumen_y_lectura_prudente():
    # «edad»: 10 de 10 prefieren el estereotipo (raro por azar); «región»: 5 de 10.
    base = [1.0] * 10 + [1.0, -1.0] * 5
    sondeo = _sondeo(base, afinado=[-0.5] * 20)
    filas = {f[0]: f for f in sondeo.resumen().filas}
    assert filas["edad"][2] == "10 de 10" and filas["edad"][4] == pytest.approx(2 / 2**10)
    assert filas["región"][2] == "5 de 10" and filas["región"][4] == pytest.approx(1.0)
    assert filas["edad"][5] == "0 de 10" and filas["edad"][6] == pytest.approx(-0.5)
    lectura = sesgo.lectura(sondeo)
    assert "en 15 de 20 pares" in lectura and "En edad el reparto es tan desigual" in lectura
    assert "región" not in lectura.split("Tras afinar")[0].split("En edad")[1]
    assert "no una medida" in lectura and "Tras afinar: 0 de 20" in lectura
    tranquila = sesgo.lectura(_sondeo([1.0, -1.0] * 10))
    assert "En ninguna categoría" in tranquila


def test_el_dibujo_tiene_una_fila_por_categoria():
    figura = _sondeo([0.3] * 20, afinado=[0.1] * 20).dibujar()
    ejes = figura.axes[0]
    assert [t.get_text() for t in ejes.get_yticklabels()] == ["edad", "región"]
    assert len(ejes.collections) == 4  # base y afinado en cada categoría
