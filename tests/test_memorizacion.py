"""Memorización de datos personales (cuaderno 5): canarios con secretos al azar, su rango entre
alternativas y la exposición. Con los canarios repetidos en los datos sin anonimizar, el modelo
los memoriza; con `anonimizar`, la exposición cae a la del azar."""

from __future__ import annotations

import math
import re

import pytest

from afinar.errores import AfinarError
from afinar.evaluacion import memorizacion as mem


@pytest.fixture(autouse=True, scope="module")
def un_hilo():
    """Un solo hilo de PyTorch: con modelos tan pequeños, dos hilos apenas ganan y, si la máquina
    está ocupada con otros procesos, se estorban (cinco veces más lento, medido)."""
    import torch

    antes = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(antes)


def test_los_canarios_tienen_secretos_validos_y_alternativas_de_su_forma():
    canarios = mem.crear_canarios(3, alternativas=50, semilla=3)
    assert [c.tipo for c in canarios] == ["DNI", "teléfono", "correo"]
    formas = {"DNI": r"\d{8}[A-Z]", "teléfono": r"[67]\d\d \d\d \d\d \d\d",
              "correo": r"[a-z]{5}\d\d@example\.com"}  # fmt: skip
    for c in canarios:
        assert len(c.alternativas) == 50 and c.secreto not in c.alternativas
        for valor in (c.secreto, *c.alternativas):
            assert re.fullmatch(formas[c.tipo], valor), valor
        assert c.frase == f"{c.comienzo} {c.secreto}."
    dni = canarios[0].secreto
    assert mem.LETRAS_DNI[int(dni[:8]) % 23] == dni[8]  # la letra de control es la correcta
    assert canarios == mem.crear_canarios(3, alternativas=50, semilla=3)
    with pytest.raises(AfinarError, match="de 1 a 6 canarios"):
        mem.crear_canarios(7)
    with pytest.raises(AfinarError, match="9 o más"):
        mem.crear_canarios(1, alternativas=3)


def test_plantar_repite_cada_canario_en_textos_distintos():
    canarios = mem.crear_canarios(2, alternativas=9)
    textos = [f"Texto número {i}." for i in range(20)]
    plantados = mem.plantar(textos, canarios, repeticiones=5, semilla=1)
    assert len(plantados) == 20
    for c in canarios:
        assert sum(c.frase in t for t in plantados) == 5
    assert all(t.startswith(f"Texto número {i}.") for i, t in enumerate(plantados))
    with pytest.raises(AfinarError, match="usa de 1 a 20"):
        mem.plantar(textos, canarios, repeticiones=21)


def test_la_exposicion_sale_del_rango():
    filas = [{"tipo": "DNI", "secreto": "x", "escrito": "x.", "completa": True, "rango": 1,
              "candidatos": 100, "bits": math.log2(100)},
             {"tipo": "correo", "secreto": "y", "escrito": "z", "completa": False, "rango": 50,
              "candidatos": 100, "bits": math.log2(100) - math.log2(50)}]  # fmt: skip
    expo = mem.Exposicion(filas)
    assert expo.tasa_completado == 0.5
    assert expo.exposicion_media == pytest.approx((math.log2(100) + 1) / 2)
    assert expo.maxima == pytest.approx(math.log2(100))
    assert "1 de 100" in str(expo) and "50 de 100" in str(expo)


def test_medir_con_un_modelo_que_no_ha_visto_nada_da_rangos_al_azar():
    from conftest import crear_modelo_diminuto

    modelo, tok = crear_modelo_diminuto("llama")
    canarios = mem.crear_canarios(3, alternativas=19, semilla=0)
    expo = mem.medir(modelo, tok, canarios, max_tokens=4)
    assert all(1 <= f["rango"] <= 20 and f["candidatos"] == 20 for f in expo.filas)
    assert expo.tasa_completado == 0
    assert "no los ha memorizado" in mem.lectura(mem.Exposicion(
        [{**f, "rango": 10, "bits": math.log2(2)} for f in expo.filas]))  # fmt: skip


REPETICIONES = 4  # cada canario, en 4 de los 12 textos de entrenamiento


def test_sin_anonimizar_memoriza_y_anonimizando_cae_al_azar(tmp_path):
    """Tres canarios (DNI, teléfono, correo), cada uno escondido en 4 de 12 mensajes cortos de
    las solicitudes de ejemplo; bolsillo, 12 pasos (tasa 0,003) con cada copia de los datos.
    «Al azar» es lo que da el modelo de partida, que nunca vio los secretos."""
    from datasets import Dataset

    import afinar

    canarios = mem.crear_canarios(3, alternativas=99, semilla=0)
    textos = afinar.cargar_datos(afinar.datos_ejemplo("solicitudes"))["texto"][:12]
    crudos = Dataset.from_dict({"texto": mem.plantar(textos, canarios, REPETICIONES, semilla=0)})
    anonimizados, _ = afinar.anonimizar(crudos)
    assert not any(c.secreto in t for c in canarios for t in anonimizados["texto"])
    base, tok = afinar.cargar_modelo("bolsillo")
    exposiciones = {"base": mem.medir(base, tok, canarios, max_tokens=4)}
    for nombre, datos in (("crudos", crudos), ("anonimizados", anonimizados)):
        receta = afinar.Receta(pasos=12, lote=8, tasa_aprendizaje=3e-3, revisar=0, paciencia=0,
                               evaluar_cada=12, salida=str(tmp_path / nombre))  # fmt: skip
        resultado = afinar.entrenar("bolsillo", tok, datos, receta)
        exposiciones[nombre] = mem.medir(resultado.modelo, tok, canarios)
    base_, crudos_, anon = (exposiciones[n] for n in ("base", "crudos", "anonimizados"))
    # Sin anonimizar: cada secreto queda entre los primeros de 100 (exposición alta).
    assert crudos_.exposicion_media >= crudos_.maxima - 1, str(crudos_)
    assert crudos_.exposicion_media > base_.exposicion_media + 2, (str(base_), str(crudos_))
    # Anonimizando: nada se completa y la exposición es la del modelo que nunca los vio.
    assert anon.tasa_completado == 0, str(anon)
    assert anon.exposicion_media <= mem.referencia(base_) + 1, (str(base_), str(anon))
    lectura = mem.lectura(crudos_, anon, base_)
    assert "los ha memorizado" in lectura and "la del azar" in lectura
