"""El cuaderno 2 (Tus datos) de principio a fin, sin red, con un archivo «propio» pequeño.

Dos archivos propios: un CSV de texto (con «;» y en Windows-1252, como lo guarda Excel) y un
JSON Lines de preguntas y respuestas (que se convierte en conversaciones). Los dos llevan
correos y teléfonos, que no deben llegar a lo que se guarda para el cuaderno 3.
"""

from __future__ import annotations

import json

import pytest
from cuadernos import ejecutar_cuaderno, textos_de_salida

CORREOS = ["marta.ruiz@ejemplo.com", "jorge.vidal@ejemplo.org"]


def _frase(i: int) -> str:
    estado = "bien" if i % 2 else "tarde"
    frase = f"Opinión número {i}: el queso de la señora Núñez llegó {estado}."
    if i % 3 == 0:
        return frase + f" Escribidme a {CORREOS[i % 2]} o al 612 345 67{i % 10}."
    return frase + " ¡Gracias!"


def _csv(carpeta):
    ruta = carpeta / "mis_opiniones.csv"
    filas = ["fecha;comentario"] + [f"0{i % 9 + 1}/02/2024;{_frase(i)}" for i in range(40)]
    ruta.write_bytes("\r\n".join(filas).encode("cp1252"))
    return ruta


def _jsonl(carpeta):
    ruta = carpeta / "mis_preguntas.jsonl"
    registros = [{"pregunta": f"¿Qué pasó con el pedido {i}?", "respuesta": _frase(i)} for i in range(40)]
    ruta.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in registros), encoding="utf-8")
    return ruta


def _todos_los_textos(partes) -> list[str]:
    textos = []
    for parte in partes.values():
        if "messages" in parte.column_names:
            textos += [m["content"] for conversacion in parte["messages"] for m in conversacion]
        else:
            textos += list(parte["texto"])
    return textos


@pytest.mark.lento
@pytest.mark.parametrize("crear", [_csv, _jsonl], ids=["csv_texto", "jsonl_chat"])
def test_cuaderno_02_tus_datos(tmp_path, crear):
    from afinar.datos import cargar_guardado

    propio = crear(tmp_path)
    cuaderno, _ = ejecutar_cuaderno(
        "02_tus_datos.ipynb",
        {"MODELO": "bolsillo", "DATOS": str(propio), "CARPETA_SALIDA": "salida_datos"},
        limite_s=150,
        carpeta=tmp_path,
    )
    salida = textos_de_salida(cuaderno)
    assert "<EMAIL>" in salida and "<TELEFONO>" in salida
    assert "Limpieza: 40 filas" in salida  # se cargó el archivo propio, no el de ejemplo
    assert "Traceback" not in salida and "Warning" not in salida
    # Lo guardado para el cuaderno 3: dividido, limpio y sin ningún correo ni teléfono.
    partes = cargar_guardado(tmp_path / "salida_datos")
    assert set(partes) == {"train", "validation"}
    assert len(partes["train"]) + len(partes["validation"]) == 40
    textos = _todos_los_textos(partes)
    assert not any(c in t for c in CORREOS for t in textos)
    assert not any("612 345" in t for t in textos)
    assert sum("<EMAIL>" in t for t in textos) == 14
    if crear is _jsonl:
        assert partes["train"].column_names == ["messages", "origen"]
