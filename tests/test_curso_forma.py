"""La forma de los cuadernos, sin ejecutarlos: se leen fácil, las celdas son cortas, cada celda
de código lleva su marca de la leyenda, los ajustes son campos de formulario y se guardan sin
salidas."""

from __future__ import annotations

import re
import statistics

import pytest
from cuadernos import ORDEN, fernandez_huerta, leer, markdown, prosa, silabas

MARCAS = ("❗", "🔎", "⏳", "✏️")


@pytest.mark.parametrize(
    ("palabra", "n"),
    [("biblioteca", 4), ("aeropuerto", 5), ("país", 2), ("poesía", 4), ("que", 1), ("guitarra", 3),
     ("hoy", 1), ("y", 1), ("actualización", 5), ("canción", 2), ("reír", 2), ("ciudad", 2)],
)  # fmt: skip
def test_silabas(palabra, n):
    assert silabas(palabra) == n


def test_fernandez_huerta_distingue_facil_de_dificil():
    facil = "El gato come. La casa es roja. Hoy hace sol."
    dificil = ("La implementación computacional de metodologías interdisciplinarias contemporáneas "
               "requiere consideraciones epistemológicas extraordinariamente minuciosas y "
               "sistemáticamente documentadas por investigadores especializados.")  # fmt: skip
    assert fernandez_huerta(facil)[0] > 90
    assert fernandez_huerta(dificil)[0] < 30


@pytest.mark.parametrize("nombre", ORDEN)
def test_la_prosa_es_facil_de_leer(nombre):
    texto = "\n\n".join(prosa(m) for m in markdown(leer(nombre)))
    indice, palabras, _, frases = fernandez_huerta(texto)
    assert palabras > 800
    assert indice >= 70, f"{nombre}: Fernández-Huerta {indice:.1f} ({palabras / frases:.1f} palabras por frase)"


@pytest.mark.parametrize("nombre", ORDEN)
def test_celdas_de_codigo_cortas_y_con_su_marca(nombre):
    celdas = [c.source for c in leer(nombre).cells if c.cell_type == "code"]
    lineas = [len(c.strip().splitlines()) for c in celdas]
    assert statistics.median(lineas) <= 4, f"{nombre}: mediana {statistics.median(lineas)} líneas"
    sin_marca = [c.splitlines()[0] for c in celdas if not any(m in c.splitlines()[0] for m in MARCAS)]
    assert not sin_marca, f"{nombre}: celdas sin marca de la leyenda: {sin_marca}"


@pytest.mark.parametrize("nombre", ORDEN)
def test_una_celda_de_ajustes_con_campos_de_formulario(nombre):
    cuaderno = leer(nombre)
    ajustes = [c for c in cuaderno.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(ajustes) == 1 and "❗ Ajustes" in ajustes[0].source
    lineas = ajustes[0].source.splitlines()
    asignaciones = [linea for linea in lineas if re.match(r"^[A-Z_]+ = ", linea)]
    assert asignaciones and all("#@param" in linea for linea in asignaciones), asignaciones
    assert "## 1. Ajustes" in "\n".join(markdown(cuaderno))
    titulos = re.findall(r"^#+ .*$", "\n".join(markdown(cuaderno)), re.MULTILINE)
    assert not [t for t in titulos if "Parámetros" in t]  # «parámetros» son los del modelo


@pytest.mark.parametrize("nombre", ORDEN)
def test_los_ejercicios_se_responden_en_campos(nombre):
    """Cada celda ✏️ que corrige tiene sus respuestas en campos (#@param) y llama a una sola
    corrección de afinar.curso: nadie escribe Python para responder."""
    correcciones = [c.source for c in leer(nombre).cells
                    if c.cell_type == "code" and "comprobar_" in c.source]  # fmt: skip
    assert len(correcciones) >= 4
    for fuente in correcciones:
        lineas = fuente.strip().splitlines()
        assert lineas[0].startswith("#@title ✏️")
        respuestas = lineas[1:-1]
        assert respuestas and all("#@param" in linea for linea in respuestas), fuente
        assert re.match(r"^(ejercicios|curso)\.comprobar_\w+\(", lineas[-1]), fuente
        assert "None" not in fuente


@pytest.mark.parametrize("nombre", ORDEN)
def test_se_guardan_sin_salidas(nombre):
    for celda in leer(nombre).cells:
        if celda.cell_type == "code":
            assert celda.outputs == [] and celda.execution_count is None
