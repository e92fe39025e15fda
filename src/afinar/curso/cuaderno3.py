"""El cuaderno 3 (Afinar y evaluar): elegir los datos, leer la curva y corregir los ejercicios.

- :func:`elegir_datos`: los datos del cuaderno 2 (de la carpeta compartida: Drive en Colab) o
  un ejemplo, con lo necesario para adaptarse a ellos (:class:`Adaptacion`). Si pediste los del
  cuaderno 2 y no están, para con una frase que dice dónde los buscó.
- :func:`leer_curva`: qué dice la curva de validación, sin prometer más de lo que mide.
- ``comprobar_*``: los ejercicios; reciben lo escrito en los campos y nunca lanzan errores.
"""

from __future__ import annotations

import re

from afinar.compatibilidad import preparar_peft
from afinar.curso.adaptacion import Adaptacion, ajustes_para_el_cuaderno3
from afinar.curso.comun import (
    Correccion,
    ParadaDelCurso,
    bien,
    corregir_si_no,
    leer_entero,
    leer_numero,
    leer_opcion,
    leer_texto,
    lista_de_textos,
    mayuscula,
    nunca_falla,
    pista,
    sin_responder,
    vacia,
)
from afinar.curso.drive import carpeta_de_datos, donde
from afinar.curso.ejemplos import EJEMPLOS, cargar_ejemplo
from afinar.datos.guardado import cargar_guardado, hay_datos_guardados, leer_ajustes
from afinar.entorno import fijar_semilla, hardware, resumen
from afinar.evaluacion import coincide, contiene, longitud_maxima  # y el cuaderno usa separar
from afinar.presentacion import Tabla

DEL_CUADERNO_2 = "los del cuaderno 2"
OPCIONES_DATOS = (DEL_CUADERNO_2, *EJEMPLOS)
CURVAS = {
    "A": [3.0, 2.2, 1.8, 1.6, 1.55, 1.54],
    "B": [3.0, 2.1, 1.7, 1.8, 2.0, 2.3],
    "C": [3.0, 2.8, 2.6, 2.4, 2.2, 2.0],
}
TIPOS_DE_COMPROBACION = ("contiene el texto", "empieza por", "como mucho estas palabras")


def preparar(semilla: int = 42) -> None:
    """Describe la máquina, fija el azar y quita las barras de «Loading weights» al cargar."""
    from transformers.utils import logging as registro

    registro.disable_progress_bar()
    print(resumen())
    fijar_semilla(semilla)


def copia_con_lora(modelo, r: int = 16):
    """Una copia de ``modelo`` con LoRA (PEFT), sin tocar el original; para ver qué entrena.

    Es ``get_peft_model(copy.deepcopy(modelo), LoraConfig(r=r, target_modules="all-linear"))``,
    callando un aviso de PEFT con Transformers 5 (``is_gradient_checkpointing``) que no te afecta.
    """
    import copy
    import warnings

    from peft import LoraConfig, get_peft_model

    preparar_peft()  # Colab trae un torchao que PEFT rechaza al crear capas LoRA
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*")
        return get_peft_model(copy.deepcopy(modelo), LoraConfig(r=r, target_modules="all-linear"))


def elegir_datos(datos: str = DEL_CUADERNO_2, carpeta: str = "", semilla: int = 42):
    """Devuelve ``(partes, adaptacion)``: los datos divididos y cómo adaptarse a ellos.

    ``datos``: «los del cuaderno 2» (de ``carpeta``, o de la carpeta compartida si está vacía)
    o el nombre de un ejemplo de :data:`afinar.curso.ejemplos.EJEMPLOS`.
    """
    eleccion = leer_opcion(datos, OPCIONES_DATOS)
    if eleccion is None:
        opciones = ", ".join(f"«{o}»" for o in OPCIONES_DATOS)
        raise ParadaDelCurso(f"En DATOS escribiste «{datos}»: elige una de estas: {opciones}.")
    if eleccion != DEL_CUADERNO_2:
        partes = cargar_ejemplo(eleccion, semilla=semilla)
        return partes, Adaptacion.desde(ajustes_para_el_cuaderno3(partes, origen=eleccion))
    lugar = carpeta_de_datos(carpeta)
    if not hay_datos_guardados(lugar):
        raise ParadaDelCurso(
            f"Pediste los datos del cuaderno 2, pero no están en {donde(lugar)}. Ejecuta el "
            "cuaderno 2 hasta el paso «Guardar» (con la misma cuenta de Google, si usas "
            "Colab), o escribe en CARPETA_DATOS dónde los guardaste, o elige un ejemplo en "
            "DATOS."
        )
    partes = cargar_guardado(lugar)
    ajustes = {**ajustes_para_el_cuaderno3(partes, origen=str(lugar)), **leer_ajustes(lugar)}
    return partes, Adaptacion.desde(ajustes)


def leer_curva(historial) -> str:
    """Qué dice la curva de validación de un entrenamiento, en una o dos frases."""
    perdidas = [f["perdida_validacion"] for f in historial if "perdida_validacion" in f]
    if len(perdidas) < 2:
        return "Hay menos de dos medidas de validación: entrena más pasos para ver la curva."
    mejor = min(perdidas)
    lineas = [f"Pérdida de validación: {perdidas[0]:.3f} al empezar → {perdidas[-1]:.3f} al "
              f"final (la mejor, {mejor:.3f})."]  # fmt: skip
    if perdidas[-1] > mejor * 1.02:
        lineas.append("Sube al final: hay sobreajuste. Se guardó el mejor punto, no el último.")
    elif perdidas[-2] - perdidas[-1] > 0.02 * perdidas[-2]:
        lineas.append("Sigue bajando al final: con más pasos probablemente aprendería más.")
    elif perdidas[-1] < perdidas[0]:
        lineas.append("Baja y se estabiliza: el modelo predice mejor tus textos.")
    else:
        lineas.append("No baja: el modelo no está aprendiendo de estos datos.")
    lineas.append("Si además responde mejor, lo dirá la comparación con el modelo de partida.")
    return "\n".join(lineas)


@nunca_falla
def comprobar_porcentaje_lora(respuesta, modelo_lora) -> Correccion:
    """Ejercicio 1: ¿qué porcentaje de los parámetros entrena LoRA (``trainable%``)?"""
    entrenables, total = modelo_lora.get_nb_trainable_parameters()
    real = 100 * entrenables / total
    como = "busca el número que va detrás de «trainable%» en la línea de arriba"
    if vacia(respuesta):
        return sin_responder(f"{como}.")
    valor = leer_numero(respuesta)
    if valor is None:
        return pista(f"escribe solo el número, como 3,5 (ahora «{leer_texto(respuesta)}»). {mayuscula(como)}.")
    if abs(valor - real) <= max(0.1 * real, 0.01):
        return bien(f"LoRA entrena el {real:.2f} % de los parámetros; el resto no cambia.")
    if abs(100 * valor - real) <= max(0.1 * real, 0.01):
        return pista("eso es la fracción; en porcentaje, multiplícala por 100.")
    if valor in (entrenables, total):
        return pista(f"ese es un número de parámetros, no el porcentaje. {mayuscula(como)}.")
    return pista(f"{como}.")


@nunca_falla
def comprobar_sobreajuste(respuesta) -> Correccion:
    """Ejercicio 2: ¿cuál de las curvas inventadas (:data:`CURVAS`) muestra sobreajuste?"""
    como = "busca la curva que baja y luego sube"
    if vacia(respuesta):
        return sin_responder(f"{como}.")
    letra = leer_opcion(respuesta, CURVAS)
    if letra == "B":
        return bien("B baja y luego sube: memoriza. Lo mejor era parar en su punto más bajo.")
    if letra == "C":
        return pista("C sigue bajando; le falta entrenamiento, no le sobra.")
    if letra == "A":
        return pista("A baja y se estabiliza, que es lo que queremos ver.")
    return pista(f"elige A, B o C. {mayuscula(como)}.")


def crear_comprobacion(tipo, valor):
    """La comprobación que describen los dos campos del ejercicio 3 (o ``None`` y el motivo)."""
    texto = leer_texto(valor)
    eleccion = leer_opcion(tipo, TIPOS_DE_COMPROBACION) or "contiene el texto"
    if eleccion == "como mucho estas palabras":
        palabras = leer_entero(valor)
        if palabras is None or palabras <= 0:
            return None, f"para «{eleccion}» escribe un número de palabras, como 60."
        return longitud_maxima(palabras), ""
    if len(re.sub(r"\W", "", texto)) < 3 or not re.search(r"[^\W\d_]", texto):
        return None, ("escribe una palabra o una marca de al menos tres letras: un número o un "
                      "signo suelto aparece en casi cualquier texto.")  # fmt: skip
    if eleccion == "empieza por":
        return coincide(r"\A\s*" + re.escape(texto)), ""
    return contiene(texto), ""


@nunca_falla
def comprobar_mi_comprobacion(tipo, valor, comparacion) -> Correccion:
    """Ejercicio 3: una comprobación que cumplen tus respuestas de referencia y que el modelo
    afinado cumple más veces que el base."""
    if vacia(valor):
        return sin_responder(
            "piensa en algo que llevan todas tus buenas respuestas (una palabra, una marca, un "
            "largo máximo) y escríbelo."
        )
    comprobacion, motivo = crear_comprobacion(tipo, valor)
    if comprobacion is None:
        return pista(motivo)
    filas = comparacion.filas
    n = len(filas)
    referencias = sum(comprobacion(f["referencia"]) for f in filas)
    base = sum(comprobacion(f["base"]) for f in filas)
    afinado = sum(comprobacion(f["afinado"]) for f in filas)
    cifras = f"referencia {referencias} de {n}, base {base}, afinado {afinado}"
    if referencias < 0.8 * n:
        return pista(
            f"«{comprobacion.nombre}» no lo cumplen tus respuestas de referencia ({cifras}). "
            "Una buena comprobación describe algo que tienen las buenas respuestas."
        )
    if afinado <= base:
        return pista(
            f"«{comprobacion.nombre}»: {cifras}. Las buenas respuestas lo cumplen, pero el "
            "afinado no más que el base: busca algo del estilo de tus datos que el base no tenga."
        )
    return bien(f"«{comprobacion.nombre}»: {cifras}. Mide algo que el afinado aprendió de tus datos.")


@nunca_falla
def comprobar_perplejidades(respuesta) -> Correccion:
    """Ejercicio 4: ¿se comparan perplejidades de modelos con tokenizadores distintos?"""
    return corregir_si_no(
        respuesta, False, como="¿en qué unidades cuenta cada modelo? Piensa en los tokens.",
        acierto="Cada tokenizador corta el texto distinto, y la perplejidad se mide por token: "
        "compara un modelo solo consigo mismo (antes y después).",
        fallo="la perplejidad se mide por token, y cada modelo tiene sus tokens.",
    )


def comprobaciones_elegidas(escritas, adaptacion: Adaptacion) -> list:
    """Las comprobaciones de la comparación: las de ``escritas`` (marcas separadas por «;») o,
    si está vacío, las sugeridas por tus datos. Cada una es ``contiene(marca)``."""
    marcas = lista_de_textos(escritas) or list(adaptacion.comprobaciones)
    comprobaciones = [contiene(m) for m in marcas]
    if comprobaciones:
        print("Contaré las respuestas que cumplen:", ", ".join(c.nombre for c in comprobaciones))
    else:
        print("Sin comprobaciones: la comparación mirará solo el parecido con la referencia.")
    return comprobaciones


def explicar_receta(receta, modelo, adaptacion: Adaptacion):
    """La receta con los valores que se usarán de verdad (los «auto» ya decididos), en una tabla."""
    from afinar.entrenamiento.decision import decidir  # su paquete carga trl (segundos)

    decision = decidir(receta, modelo, hardware(), adaptacion.datos)
    duracion = (f"{receta.pasos} pasos" if receta.pasos else f"{receta.epocas:g} épocas")
    filas = [
        ["método", decision.metodo, "completo, LoRA o QLoRA"],
        ["duración", duracion, "cuánto se entrena"],
        ["lote", receta.lote, "ejemplos por paso"],
        ["tasa de aprendizaje", f"{decision.tasa_aprendizaje:g}", "cuánto cambia el modelo en cada paso"],
        ["max_length", receta.max_length, "largo máximo de cada ejemplo, en tokens"],
        ["precisión", decision.precision, "bits de cada número al calcular"],
        ["salida", receta.salida, "carpeta del modelo afinado"],
    ]
    return Tabla(["ajuste", "valor", "qué es"], filas, "La receta, con lo que se usará de verdad:")


def dibujar_curvas():
    """Las tres curvas inventadas del ejercicio 2, en un gráfico."""
    import matplotlib.pyplot as plt

    figura, eje = plt.subplots(figsize=(6, 3.5))
    for nombre, valores in CURVAS.items():
        eje.plot(range(1, len(valores) + 1), valores, "o-", label=nombre)
    eje.set_xlabel("evaluación")
    eje.set_ylabel("pérdida de validación")
    eje.legend()
    plt.show()
