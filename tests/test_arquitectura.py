"""La casa de la biblioteca: sin ciclos de imports, sin nombres privados cruzando paquetes,
módulos y funciones de tamaño legible (o con el motivo escrito al lado)."""

from __future__ import annotations

import ast
from pathlib import Path

import afinar

RAIZ = Path(afinar.__file__).resolve().parent
LIMITE_MODULO = 400
LIMITE_FUNCION = 60
# Una función más larga lleva, en la línea de su `def` o justo encima, un comentario
# «# larga: <motivo>».
MARCA_LARGA = "# larga:"


def _modulos() -> dict[str, Path]:
    modulos = {}
    for ruta in sorted(RAIZ.rglob("*.py")):
        partes = ruta.relative_to(RAIZ.parent).with_suffix("").parts
        nombre = ".".join(partes[:-1] if partes[-1] == "__init__" else partes)
        modulos[nombre] = ruta
    return modulos


def _importados(nombre: str, ruta: Path) -> list[tuple[str, list[str], bool]]:
    """(módulo importado, nombres, ¿al cargar el módulo?) de cada import de afinar en ``ruta``."""
    arbol = ast.parse(ruta.read_text(encoding="utf-8"))
    al_cargar = {id(n) for n in arbol.body}
    paquete = nombre if ruta.name == "__init__.py" else nombre.rpartition(".")[0]
    salida = []
    for nodo in ast.walk(arbol):
        if isinstance(nodo, ast.ImportFrom):
            base = nodo.module or ""
            if nodo.level:
                base = ".".join(paquete.split(".")[: len(paquete.split(".")) - nodo.level + 1]
                                + ([base] if base else []))
            if base.split(".")[0] == "afinar":
                salida.append((base, [a.name for a in nodo.names], id(nodo) in al_cargar))
        elif isinstance(nodo, ast.Import):
            for alias in nodo.names:
                if alias.name.split(".")[0] == "afinar":
                    salida.append((alias.name, [], id(nodo) in al_cargar))
    return salida


def _destino(modulo: str, nombre: str, modulos: dict) -> str:
    """``from afinar.x import y``: si y es un submódulo, la arista va a él."""
    return f"{modulo}.{nombre}" if f"{modulo}.{nombre}" in modulos else modulo


def test_no_hay_ciclos_de_imports_al_cargar():
    modulos = _modulos()
    grafo = {m: set() for m in modulos}
    for nombre, ruta in modulos.items():
        for modulo, nombres, al_cargar in _importados(nombre, ruta):
            if not al_cargar:
                continue
            for destino in {_destino(modulo, n, modulos) for n in nombres} or {modulo}:
                if destino in modulos and destino != nombre:
                    grafo[nombre].add(destino)
    # Importar un submódulo carga su paquete: ese paso no es un ciclo (Python lo permite),
    # salvo que el __init__ del paquete importe de vuelta al módulo, que sí lo detecta abajo.
    ciclos, estado = [], {}

    def visitar(m, camino):
        estado[m] = "abierto"
        for d in sorted(grafo[m]):
            if estado.get(d) == "abierto":
                ciclo = camino[camino.index(d):] + [d]
                if not all(b.startswith(a + ".") for a, b in zip(ciclo, ciclo[1:], strict=False)):
                    ciclos.append(" → ".join(ciclo))
            elif d not in estado:
                visitar(d, camino + [d])
        estado[m] = "cerrado"

    for m in sorted(grafo):
        if m not in estado:
            visitar(m, [m])
    assert not ciclos, ciclos


def test_ningun_nombre_privado_cruza_de_paquete():
    modulos = _modulos()
    cruzados = []
    for nombre, ruta in modulos.items():
        paquete = nombre.split(".")[1] if nombre.count(".") >= 1 else ""
        for modulo, nombres, _ in _importados(nombre, ruta):
            otro = modulo.split(".")[1] if modulo.count(".") >= 1 else ""
            privados = [n for n in nombres if n.startswith("_") and n != "__version__"]
            if privados and otro != paquete:
                cruzados.append(f"{nombre} importa {privados} de {modulo}")
            if any(parte.startswith("_") and parte != "__main__" for parte in modulo.split(".")):
                cruzados.append(f"{nombre} importa el módulo privado {modulo}")
    assert not cruzados, cruzados


def test_modulos_y_funciones_de_tamano_legible():
    grandes = []
    for ruta in sorted(RAIZ.rglob("*.py")):
        lineas = ruta.read_text(encoding="utf-8").splitlines()
        if len(lineas) > LIMITE_MODULO:
            grandes.append(f"{ruta.relative_to(RAIZ)}: {len(lineas)} líneas")
        for nodo in ast.walk(ast.parse("\n".join(lineas))):
            if not isinstance(nodo, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            largo = nodo.end_lineno - nodo.lineno + 1
            cerca = " ".join(lineas[max(0, nodo.lineno - 3): nodo.lineno])
            if largo > LIMITE_FUNCION and MARCA_LARGA not in cerca:
                grandes.append(f"{ruta.relative_to(RAIZ)}: {nodo.name} tiene {largo} líneas")
    assert not grandes, grandes


def test_la_api_se_autocompleta():
    visibles = dir(afinar)
    for verbo in ("cargar_datos", "limpiar", "anonimizar", "dividir", "entrenar", "generar",
                  "comparar", "cargar_modelo", "Receta"):
        assert verbo in visibles, verbo
    assert callable(afinar.entrenar) and callable(afinar.generar)
