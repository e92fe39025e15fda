"""Las palabras, antes de usarlas: el glosario y los recuadros 📖 de los cuadernos.

- Cada término del glosario que sale en un cuaderno aparece después de su explicación (un
  recuadro «> 📖 **Término**: …») o dentro del mismo recuadro. Los cuadernos se leen en el
  orden del curso (1 → 2 → 3): lo explicado en el 1 vale para el 2.
- Todo lo que un cuaderno pone en **negrita** es un término del glosario.
"""

from __future__ import annotations

import re

from cuadernos import ORDEN, RAIZ, leer, markdown, prosa

GLOSARIO = RAIZ / "docs" / "glosario.md"


def terminos() -> dict[str, list[str]]:
    """{término: [formas]} de la tabla del glosario (el término, sus plurales y «También»)."""
    salida = {}
    for linea in GLOSARIO.read_text(encoding="utf-8").splitlines():
        fila = re.match(r"\|\s*\*\*(.+?)\*\*\s*\|([^|]*)\|", linea)
        if fila:
            termino = fila.group(1).strip()
            formas = [termino] + [f.strip() for f in fila.group(2).split(",") if f.strip()]
            salida[termino] = formas
    return salida


def _patron(formas: list[str]) -> re.Pattern:
    opciones = sorted({re.escape(f) for f in formas}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(opciones) + r")(?![\w-])", re.IGNORECASE)


def texto_del_curso() -> str:
    """La prosa de los tres cuadernos, en orden, sin código (los nombres de variables no cuentan)."""
    return "\n\n".join(prosa(m) for nombre in ORDEN for m in markdown(leer(nombre)))


def recuadros(texto: str) -> dict[str, int]:
    """{término: dónde empieza el primer recuadro 📖 que lo explica} (posición en ``texto``).

    Un recuadro son líneas seguidas de cita («> …»); si justo encima hay un título de sección,
    el recuadro empieza en el título."""
    explicados: dict[str, int] = {}
    for bloque in re.finditer(r"(?:^>.*\n?)+", texto, re.MULTILINE):
        inicio = bloque.start()
        titulo = re.search(r"^#+ .*\n\s*\Z", texto[max(0, inicio - 300) : inicio], re.MULTILINE)
        if titulo:  # el título de la sección justo encima es parte de la explicación
            inicio = max(0, inicio - 300) + titulo.start()
        for termino in re.findall(r"\*\*(.+?)\*\*", bloque.group(0)):
            explicados.setdefault(termino.strip().lower(), inicio)
    return explicados


def test_el_glosario_tiene_terminos_y_formas():
    lista = terminos()
    assert len(lista) > 60
    assert lista["Época"] == ["Época", "épocas"]


def test_cada_termino_se_explica_antes_de_usarse():
    texto = texto_del_curso()
    explicados = recuadros(texto)
    formas_de = {t.lower(): formas for t, formas in terminos().items()}
    fallos = []
    for termino, formas in terminos().items():
        primera = _patron(formas).search(texto)
        if primera is None:
            continue  # el glosario puede tener términos que los cuadernos no usan
        inicio = min((explicados[f.lower()] for f in formas if f.lower() in explicados), default=None)
        if inicio is None:
            fallos.append(f"«{termino}» se usa («{primera.group(0)}») y no tiene recuadro 📖")
        elif primera.start() < inicio:
            contexto = texto[max(0, primera.start() - 60) : primera.end() + 20].replace("\n", " ")
            fallos.append(f"«{termino}» se usa antes de explicarse: …{contexto}…")
    assert not fallos, "\n".join(fallos)
    assert formas_de  # (para que el mensaje de arriba se lea solo)


def test_cada_negrita_es_un_termino_del_glosario():
    formas = {f.lower() for lista in terminos().values() for f in lista}
    sueltas = []
    for nombre in ORDEN:
        for celda in markdown(leer(nombre)):
            for negrita in re.findall(r"\*\*(.+?)\*\*", celda):
                if negrita.strip().rstrip(":").lower() not in formas:
                    sueltas.append(f"{nombre}: **{negrita}**")
    assert not sueltas, "Negritas que no están en docs/glosario.md:\n" + "\n".join(sueltas)


def test_cada_recuadro_explica_un_termino_del_glosario():
    formas = {f.lower() for lista in terminos().values() for f in lista}
    sin_glosario = [t for t in recuadros(texto_del_curso()) if t not in formas]
    assert not sin_glosario, sin_glosario
