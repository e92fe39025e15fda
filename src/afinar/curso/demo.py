"""`afinar demo`: el recorrido completo en unos minutos, sin internet.

Mide el modelo de bolsillo, lo afina con las recetas de ejemplo, lo mide otra vez y enseña lado
a lado lo que responden el modelo base y el afinado a recetas que no vio al entrenar.

Ejemplo::

    afinar demo                       # o: python -m afinar demo
    afinar demo --salida /tmp/demo --pasos 40
"""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path

from afinar import entorno
from afinar.datos import cargar_datos, dividir
from afinar.entrenamiento import Receta, entrenar
from afinar.evaluacion import comparar, contiene, perplejidad
from afinar.modelos import cargar_modelo
from afinar.recursos import datos_ejemplo

MARCAS = ("Ingredientes:", "Pasos:")  # el formato que las recetas de ejemplo enseñan
# Medido en una CPU de 2 núcleos: con 120 pasos (unas 5 pasadas por las recetas) y tasa 0.003
# bolsillo ya escribe «Ingredientes:» y «Pasos:»; con la tasa por defecto (0.001) necesita más
# del doble de pasos, y la demo debe durar menos de 3 minutos.
PASOS, TASA, EVALUAR_CADA = 120, 3e-3, 20


def dividir_por_respuesta(datos, validacion: float = 0.1, semilla: int = 42):
    """Separa train/validation sin que una misma respuesta caiga en los dos lados.

    En las recetas de ejemplo cada plato se pide de dos maneras; si una va a entrenamiento y la
    otra a validación, la medida de validación sale mejor de lo que es.
    """
    return dividir(datos, validacion, semilla, por="respuesta")


def _recortar(texto: str, ancho: int = 88, lineas: int = 14) -> str:
    envuelto = []
    for parrafo in texto.splitlines() or [""]:
        envuelto += textwrap.wrap(parrafo, ancho) or [""]
    if len(envuelto) > lineas:
        envuelto = envuelto[:lineas] + ["…"]
    return "\n".join("    " + linea for linea in envuelto)


def _una_por_plato(partes, n: int):
    """Las primeras ``n`` preguntas de validación, sin repetir plato."""
    vistas, indices = set(), []
    for i, mensajes in enumerate(partes["validation"]["messages"]):
        if mensajes[-1]["content"] not in vistas:
            vistas.add(mensajes[-1]["content"])
            indices.append(i)
        if len(indices) == n:
            break
    return partes["validation"].select(indices)


def demo(modelo: str = "bolsillo", salida: str | Path = "afinar_demo", pasos: int | None = None,
         ejemplos: int = 4) -> dict:
    """Ejecuta la demostración y devuelve las cifras (perplejidades, comparación, carpetas)."""
    salida = Path(salida)
    print("afinar demo: afinar un modelo con recetas y comprobar si aprendió su formato.\n")
    print(entorno.resumen(), "\n")

    print(f"1. Cargo el modelo «{modelo}» y las recetas de ejemplo.")
    base, tokenizer = cargar_modelo(modelo)
    partes = dividir_por_respuesta(cargar_datos(datos_ejemplo("recetas")))
    print(f"   {len(partes['train'])} conversaciones para entrenar y "
          f"{len(partes['validation'])} de validación (platos que el modelo no verá).\n")

    print("2. Mido el modelo base (perplejidad en validación: más baja, mejor).")
    ppl_antes = perplejidad(base, tokenizer, partes["validation"])
    print(f"   Perplejidad antes: {ppl_antes:.1f}\n")

    print("3. Afino una copia del modelo (el original queda intacto para comparar).")
    print(f"   Receta: {pasos or PASOS} pasos con tasa de aprendizaje {TASA}: un modelo diminuto "
          "aprende un formato nuevo deprisa con una tasa alta.")
    receta = Receta(salida=str(salida / "entrenamiento"), pasos=pasos or PASOS,
                    tasa_aprendizaje=TASA, evaluar_cada=EVALUAR_CADA)
    # La demo se puede repetir en la misma carpeta: cada vez empieza de cero.
    resultado = entrenar(copy.deepcopy(base), tokenizer, partes, receta, sobrescribir=True)
    ppl_despues = perplejidad(resultado.modelo, tokenizer, partes["validation"])
    print(f"\n   Perplejidad: {ppl_antes:.1f} → {ppl_despues:.1f}\n")

    print(f"4. Comparo base y afinado en {ejemplos} recetas que no vio al entrenar.\n")
    comparacion = comparar(base, resultado.modelo, _una_por_plato(partes, ejemplos),
                           tokenizer=tokenizer, comprobaciones=[contiene(m) for m in MARCAS],
                           perplejidad=(ppl_antes, ppl_despues), datos_entrenamiento=partes)
    for i, fila in enumerate(comparacion.filas, 1):
        print(f"── Ejemplo {i}: {fila['pregunta']}")
        print("  Base:")
        print(_recortar(fila["base"]))
        print("  Afinado:")
        print(_recortar(fila["afinado"]))
        print()
    print("Veredicto:", textwrap.fill(comparacion.veredicto, 92), "\n", sep="\n")
    informe = comparacion.guardar(salida)
    print(f"Modelo afinado guardado en: {resultado.carpeta}")
    print(f"Informe: {informe / 'informe.html'} (y informe.md)")
    print(f'Cárgalo con: afinar.modelos.cargar_modelo("{resultado.carpeta}")')
    return {
        "perplejidad_antes": ppl_antes,
        "perplejidad_despues": ppl_despues,
        "comparacion": comparacion,
        "carpeta_modelo": resultado.carpeta,
        "informe": informe,
    }
