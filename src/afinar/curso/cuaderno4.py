"""El cuaderno 4 (Clasificar textos): los datos con su categoría, lo que ve el modelo, las
medidas a la vista y la corrección de los ejercicios.

- :func:`cargar_categorias`: el ejemplo de solicitudes o tu archivo (una columna con el texto
  y otra con su categoría), dividido en entrenamiento y validación.
- :func:`ver_pregunta` y :func:`probabilidades`: lo que lee el modelo y cómo reparte su
  probabilidad entre las categorías.
- :func:`mostrar`: las medidas de un método, su matriz de confusión y sus errores.
- ``comprobar_*``: los ejercicios; reciben lo escrito en los campos y nunca lanzan errores.
"""

from __future__ import annotations

import math

from afinar.curso.comun import (
    Correccion,
    ParadaDelCurso,
    bien,
    corregir_si_no,
    leer_numero,
    leer_opcion,
    leer_texto,
    mayuscula,
    normalizar,
    nunca_falla,
    pista,
    sin_responder,
    vacia,
)
from afinar.curso.cuaderno3 import preparar  # noqa: F401 (el cuaderno lo usa: curso.preparar)
from afinar.errores import AfinarError
from afinar.evaluacion.clasificacion import (  # noqa: F401 (el cuaderno usa elegir_ejemplos)
    clasificar,
    conversacion,
    datos_para_afinar,
    elegir_ejemplos,
    pares_etiquetados,
    puntuar,
)
from afinar.evaluacion.metricas_clasificacion import (  # noqa: F401 (y comparar_metodos, veredicto)
    comparar_metodos,
    errores,
    linea_base_clasica,
    medir,
    veredicto,
)
from afinar.presentacion import Tabla

EJEMPLO = "solicitudes (ejemplo)"
MEDIDAS = ("exactitud", "F1 macro")


def cargar_categorias(datos: str, columna_texto: str, columna_categoria: str,
                      validacion: float = 0.2, semilla: int = 42):  # fmt: skip
    """``(entrenamiento, validacion, categorias)``: listas de pares ``(texto, categoría)``.

    ``datos``: «solicitudes (ejemplo)» o la ruta de tu archivo (CSV, Excel…), que se lee con
    ``cargar_datos(ruta, pregunta=columna_texto, respuesta=columna_categoria)``.
    """
    import afinar

    if leer_opcion(datos, [EJEMPLO]):
        ruta, columna_texto, columna_categoria = afinar.datos_ejemplo("solicitudes"), "texto", "departamento"
    else:
        ruta = leer_texto(datos)
        if not ruta:
            raise ParadaDelCurso(f"DATOS está vacío: escribe la ruta de tu archivo o elige «{EJEMPLO}».")
    try:
        leidos = afinar.cargar_datos(ruta, pregunta=leer_texto(columna_texto),
                                     respuesta=leer_texto(columna_categoria))  # fmt: skip
        partes = afinar.dividir(leidos, validacion=validacion, semilla=semilla)
        entrenamiento = pares_etiquetados(partes["train"])
        validacion_ = pares_etiquetados(partes["validation"])
    except AfinarError as error:
        raise ParadaDelCurso(f"{error.mensaje} Revisa DATOS, COLUMNA_TEXTO y COLUMNA_CATEGORIA.") from None
    categorias = sorted({c for _, c in entrenamiento})
    sueltas = sorted({c for _, c in validacion_} - set(categorias))
    if sueltas:
        raise ParadaDelCurso(f"Las categorías {sueltas} solo aparecen en validación: el modelo no "
                             "puede aprenderlas. Junta las categorías con muy pocos textos.")  # fmt: skip
    return entrenamiento, validacion_, categorias


def recuento(entrenamiento, validacion) -> Tabla:
    """Cuántos textos hay de cada categoría en cada parte."""
    categorias = sorted({c for _, c in entrenamiento} | {c for _, c in validacion})
    filas = [[c, sum(x == c for _, x in entrenamiento), sum(x == c for _, x in validacion)]
             for c in categorias]  # fmt: skip
    return Tabla(["categoría", "entrenamiento", "validación"], filas)


def recortar_validacion(validacion, maximo: int):
    """Los primeros ``maximo`` textos de validación (0: todos), para ir más rápido."""
    return list(validacion) if not maximo or maximo <= 0 else list(validacion)[:maximo]


def partes_para_afinar(entrenamiento, validacion, categorias, tokenizer):
    """Entrenamiento y validación para ``afinar.entrenar``: cada mensaje con su categoría como
    respuesta (sin instrucción: el modelo afinado aprende la tarea)."""
    from datasets import DatasetDict

    return DatasetDict({"train": datos_para_afinar(entrenamiento, categorias, tokenizer),
                        "validation": datos_para_afinar(validacion, categorias, tokenizer)})  # fmt: skip


def linea_base(entrenamiento, validacion, categorias, semilla: int = 42):
    """El clasificador clásico (TF-IDF) en la misma validación, con sus medidas a la vista."""
    return mostrar(linea_base_clasica(entrenamiento, validacion, categorias, semilla))


def ver_pregunta(texto: str, categorias, ejemplos=(), *, instruccion: bool = True) -> None:
    """Imprime la conversación que lee el modelo, turno a turno."""
    for mensaje in conversacion(texto, categorias, ejemplos, instruccion=instruccion):
        quien = "Tú" if mensaje["role"] == "user" else "Modelo"
        print(f"── {quien}:\n{mensaje['content']}\n")
    print("── Modelo: … (aquí comparamos la probabilidad de cada categoría)")


def probabilidades(modelo, tokenizer, texto: str, categorias, ejemplos=(), *,
                   instruccion: bool = True) -> Tabla:  # fmt: skip
    """Cómo reparte el modelo su probabilidad entre las categorías para un texto (en %)."""
    puntos = puntuar(modelo, tokenizer, [texto], categorias, ejemplos, instruccion=instruccion)[0]
    maximo = max(puntos)
    pesos = [math.exp(p - maximo) for p in puntos]
    total = sum(pesos)
    filas = sorted(([c, 100 * w / total] for c, w in zip(categorias, pesos, strict=True)),
                   key=lambda f: -f[1])  # fmt: skip
    return Tabla(["categoría", "probabilidad"], filas, formatos={"probabilidad": "{:.1f} %".format})


def clasificar_y_mostrar(modelo, tokenizer, validacion, categorias, ejemplos=(), *, metodo: str,
                         instruccion: bool = True):  # fmt: skip
    """Clasifica la validación con ``metodo`` y muestra sus medidas (:func:`mostrar`)."""
    try:
        predicciones = clasificar(modelo, tokenizer, validacion, categorias, ejemplos,
                                  metodo=metodo, instruccion=instruccion)  # fmt: skip
    except AfinarError as error:
        raise ParadaDelCurso(f"{error.mensaje} (EJEMPLOS_EN_LA_PREGUNTA en los Ajustes)") from None
    return predicciones, mostrar(predicciones)


def mostrar(predicciones, errores_maximos: int = 5):
    """Muestra las medidas por categoría, la matriz de confusión y los errores; devuelve las
    medidas."""
    from IPython.display import display

    medidas = medir(predicciones)
    display(medidas)
    figura = medidas.dibujar()
    display(figura)
    import matplotlib.pyplot as plt

    plt.close(figura)
    display(errores(predicciones, errores_maximos))
    return medidas


# ── Ejercicios ────────────────────────────────────────────────────────────────────────────


@nunca_falla
def comprobar_azar(respuesta, categorias) -> Correccion:
    """Ejercicio 1: ¿qué exactitud tendría quien elige la categoría al azar?"""
    n = len(categorias)
    real = 100 / n
    como = f"hay {n} categorías: ¿cuántas veces de cada cien acertarías eligiendo una a ciegas?"
    if vacia(respuesta):
        return sin_responder(mayuscula(como))
    valor = leer_numero(respuesta)
    if valor is None:
        return pista(f"escribe solo un número, como 50 (ahora «{leer_texto(respuesta)}»). {mayuscula(como)}")
    if abs(valor - real) <= 0.5 or abs(100 * valor - real) <= 0.5:
        return bien(f"Al azar se acierta 1 de cada {n}: un {real:.0f} %. Un método que no pasa de "
                    "ahí no ha entendido nada de los textos.")  # fmt: skip
    return pista(como)


@nunca_falla
def comprobar_mas_confundida(respuesta, medidas) -> Correccion:
    """Ejercicio 2: en la matriz del afinado, ¿qué categoría verdadera tiene más textos mal
    clasificados? (Vale cualquiera de las empatadas.)"""
    fallos = {c: sum(fila) - fila[i] for i, (c, fila) in enumerate(zip(medidas.etiquetas, medidas.matriz, strict=True))}
    como = "en cada fila, suma los textos que caen fuera de la diagonal"
    if vacia(respuesta):
        return sin_responder(f"{como}.")
    maximo = max(fallos.values())
    if maximo == 0:
        return bien("Esta vez el afinado no falló ningún texto: todas las filas son diagonal.")
    eleccion = leer_opcion(respuesta, medidas.etiquetas)
    if eleccion is None:
        opciones = ", ".join(f"«{c}»" for c in medidas.etiquetas)
        return pista(f"escribe una de las categorías: {opciones}.")
    if fallos[eleccion] == maximo:
        return bien(f"«{eleccion}»: {maximo} de sus textos fueron a otra categoría. Mira en su fila "
                    "a cuál: así sabes qué dos categorías se parecen para el modelo.")  # fmt: skip
    return pista(f"«{eleccion}» tiene {fallos[eleccion]} textos fuera de la diagonal; hay una fila "
                 f"con más. {mayuscula(como)}.")  # fmt: skip


@nunca_falla
def comprobar_medida_desequilibrada(respuesta) -> Correccion:
    """Ejercicio 3: con una categoría que tiene casi todos los textos, ¿qué medida engaña menos?"""
    como = ("piensa en un método que siempre elige la categoría grande: ¿qué medida se da "
            "cuenta de que nunca acierta las pequeñas?")  # fmt: skip
    if vacia(respuesta):
        return sin_responder(mayuscula(como))
    texto = normalizar(leer_texto(respuesta))
    eleccion = ("F1 macro" if "f1" in texto else
                "exactitud" if "exactitud" in texto or "accuracy" in texto else None)  # fmt: skip
    if eleccion == "F1 macro":
        return bien("El F1 macro hace la media de las categorías, y cada una cuenta igual: si "
                    "una pequeña nunca se acierta, baja mucho. La exactitud seguiría en el 90 %.")  # fmt: skip
    if eleccion == "exactitud":
        return pista("eligiendo siempre la categoría grande, la exactitud sería del 90 % sin "
                     "acertar ni una de las pequeñas.")  # fmt: skip
    return pista(f"elige «exactitud» o «F1 macro». {mayuscula(como)}")


@nunca_falla
def comprobar_herramienta(respuesta) -> Correccion:
    """Ejercicio 4: ¿siempre conviene un modelo de lenguaje para clasificar?"""
    como = "compara en tu tabla el clasificador clásico con los métodos del modelo: F1 y tiempo"
    return corregir_si_no(
        respuesta, False, como=f"{mayuscula(como)}.",
        acierto="Con categorías fijas y cientos de ejemplos, un clasificador clásico suele "
                "bastar y cuesta mucho menos. Un modelo de lenguaje brilla con pocos ejemplos "
                "o cuando hay que entender matices.",
        fallo=f"{como}. ¿Ganaba siempre el modelo, y a qué coste?",
    )  # fmt: skip
