"""El cuaderno 2 (Tus datos) de principio a fin, sin red, con un archivo «propio» pequeño.

Como lo haría una profesora con su hoja de cálculo: la guarda desde Excel (CSV con «;», en
Windows-1252), escribe en los Ajustes el papel de sus tres columnas y ejecuta el cuaderno sin
tocar el código. Y con un CSV de una sola columna de texto, sin papeles. Los dos llevan correos
y teléfonos, que no deben llegar a lo que se guarda en la carpeta compartida para el cuaderno 3.
"""

from __future__ import annotations

import pytest
from cuadernos import (
    AVISOS_ALARMANTES,
    CARACTER_ROTO,
    CORRECCION_ROTA,
    ejecutar_cuaderno,
    textos_de_salida,
)

CORREOS = ["marta.ruiz@ejemplo.com", "jorge.vidal@ejemplo.org"]


def _respuesta(i: int) -> str:
    respuesta = f"La fotosíntesis pasa en la hoja número {i} y da oxígeno."
    if i % 3 == 0:
        return respuesta + f" Escribidme a {CORREOS[i % 2]} o al 612 345 67{i % 10}."
    return respuesta


def _hoja_de_la_profesora(carpeta):
    ruta = carpeta / "mis_comentarios.csv"
    filas = ["Enunciado;Lo que contestó;Comentario para el alumno"] + [
        f"¿Qué es la fotosíntesis? (pregunta {i});{_respuesta(i)};"
        f"Bien: idea clara. A mejorar: nombra la clorofila. Nota: {i % 10}/10."
        for i in range(40)
    ]
    ruta.write_bytes("\r\n".join(filas).encode("cp1252"))
    papeles = {"COLUMNAS_PREGUNTA": "Enunciado; Lo que contestó",
               "COLUMNA_RESPUESTA": "Comentario para el alumno"}  # fmt: skip
    return ruta, papeles


def _opiniones_de_texto(carpeta):
    ruta = carpeta / "mis_opiniones.csv"
    filas = ["comentario"] + [f"Opinión {i}: el pedido llegó bien. {_respuesta(i)}" for i in range(40)]
    ruta.write_bytes("\r\n".join(filas).encode("cp1252"))
    return ruta, {"COLUMNAS_PREGUNTA": "", "COLUMNA_RESPUESTA": ""}


def _todos_los_textos(partes) -> list[str]:
    textos = []
    for parte in partes.values():
        if "messages" in parte.column_names:
            textos += [m["content"] for conversacion in parte["messages"] for m in conversacion]
        else:
            textos += list(parte["texto"])
    return textos


@pytest.mark.lento
@pytest.mark.parametrize("crear", [_hoja_de_la_profesora, _opiniones_de_texto], ids=["hoja", "texto"])
def test_cuaderno_02_tus_datos(tmp_path, monkeypatch, crear):
    from afinar.datos import cargar_guardado
    from afinar.datos.guardado import leer_ajustes

    monkeypatch.setenv("AFINAR_CARPETA_COMPARTIDA", str(tmp_path / "drive"))
    propio, papeles = crear(tmp_path)
    parametros = {"MODELO": "bolsillo", "DATOS": str(propio), **papeles}
    cuaderno, _ = ejecutar_cuaderno("02_tus_datos.ipynb", parametros, limite_s=180, carpeta=tmp_path)
    salida = textos_de_salida(cuaderno)
    for aviso in [*AVISOS_ALARMANTES, "Warning", CARACTER_ROTO, CORRECCION_ROTA]:
        assert aviso not in salida, f"El cuaderno muestra «{aviso}»"
    assert "<EMAIL>" in salida and "<TELEFONO>" in salida
    assert salida.count("Aún no has respondido") == 5
    # Lo guardado en la carpeta compartida: dividido, limpio y sin ningún correo ni teléfono.
    guardado = tmp_path / "drive" / "datos"
    partes = cargar_guardado(guardado)
    assert len(partes["train"]) + len(partes["validation"]) == 40  # se cargó el archivo propio
    textos = _todos_los_textos(partes)
    assert not any(c in t for c in CORREOS for t in textos)
    assert not any("612 345" in t for t in textos)
    assert sum("<EMAIL>" in t for t in textos) == 14
    ajustes = leer_ajustes(guardado)
    if crear is _hoja_de_la_profesora:
        primera = partes["train"][0]["messages"]
        assert primera[0]["content"].startswith("Enunciado: ¿Qué es la fotosíntesis?")
        assert "Lo que contestó: La fotosíntesis" in primera[0]["content"]
        assert primera[1]["content"].startswith("Bien: idea clara.")
        assert ajustes["datos"] == "chat"
        assert ajustes["comprobaciones"] == ["Bien:", "A mejorar:", "Nota:"]
        assert "Comentario para el alumno" in salida  # el informe de lectura dice qué usó
    else:
        assert partes["train"].column_names == ["texto", "origen"]
        assert ajustes["datos"] == "texto" and ajustes["comprobaciones"] == []
        assert isinstance(ajustes["pregunta_ejemplo"], str)
    assert ajustes["max_length"] > 0
