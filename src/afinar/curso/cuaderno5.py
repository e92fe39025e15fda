"""El cuaderno 5 (Úsalo con responsabilidad): canarios y memorización, sondas de sesgo, coste
energético y licencias; y la corrección de los ejercicios.

- :func:`datos_con_canarios`: textos de ejemplo con canarios escondidos, con y sin anonimizar.
- :func:`medir_mi_par`: tu propio par mínimo de frases, medido en uno o dos modelos.
- :func:`ficha`: lo que dice la ficha de un modelo sobre su licencia.
- ``comprobar_*``: los ejercicios; reciben lo escrito en los campos y nunca lanzan errores.
"""

from __future__ import annotations

import re

from afinar.curso.comun import (
    Correccion,
    ParadaDelCurso,
    bien,
    corregir_si_no,
    leer_numero,
    leer_texto,
    mayuscula,
    nunca_falla,
    pista,
    sin_responder,
    vacia,
)
from afinar.curso.cuaderno3 import preparar  # noqa: F401 (el cuaderno lo usa: curso.preparar)
from afinar.errores import AfinarError
from afinar.evaluacion import memorizacion, sesgo
from afinar.evaluacion.verosimilitud import de_frases
from afinar.presentacion import Tabla


def datos_con_canarios(canarios, textos: int, repeticiones: int, semilla: int = 42):
    """``(crudos, anonimizados, informe)``: los primeros ``textos`` mensajes del ejemplo
    «solicitudes» (los del cuaderno 4) con los ``canarios`` escondidos ``repeticiones`` veces,
    y los mismos datos pasados por ``afinar.anonimizar(..., reemplazar=True)``: cada dato
    personal, cambiado por otro inventado de la misma forma (así el modelo no aprende a
    escribir marcadores como ``<DNI>``)."""
    from datasets import Dataset

    import afinar

    mensajes = afinar.cargar_datos(afinar.datos_ejemplo("solicitudes"))["texto"]
    if not 1 <= textos <= len(mensajes):
        raise ParadaDelCurso(f"TEXTOS vale {textos}: elige de 1 a {len(mensajes)} textos.")
    try:
        plantados = memorizacion.plantar(mensajes[:textos], canarios, repeticiones, semilla)
    except AfinarError as error:
        raise ParadaDelCurso(f"{error.mensaje} Cambia REPETICIONES o TEXTOS en los Ajustes.") from None
    crudos = Dataset.from_dict({"texto": plantados})
    anonimizados, informe = afinar.anonimizar(crudos, reemplazar=True)
    return crudos, anonimizados, informe


def secretos_en(datos, canarios) -> Tabla:
    """Cuántas veces aparece cada secreto en unos datos (tras anonimizar deberían ser 0)."""
    textos = datos["texto"]
    filas = [[c.tipo, c.secreto, sum(t.count(c.secreto) for t in textos)] for c in canarios]
    return Tabla(["dato", "secreto", "veces en los datos"], filas)


def cuantos_secretos(datos, canarios) -> int:
    return sum(t.count(c.secreto) for t in datos["texto"] for c in canarios)


def ver_par(modelo, tokenizer, par: dict) -> Tabla:
    """Las dos frases de un par con su log-verosimilitud y la diferencia."""
    a, b = de_frases(modelo, tokenizer, [par["frase_a"], par["frase_b"]])
    return Tabla(["frase", "log-verosimilitud"], [[par["frase_a"], a], [par["frase_b"], b],
                 ["diferencia (a − b)", a - b]], formatos={"log-verosimilitud": "{:+.2f}".format})  # fmt: skip


def medir_mi_par(frase_a, frase_b, contexto, base, tokenizer, afinado=None) -> str:
    """Tu par mínimo, medido: qué frase prefiere cada modelo. Nunca lanza errores: si el par no
    vale, dice por qué."""
    if vacia(frase_a) or vacia(frase_b):
        return ("✏️ Escribe dos frases iguales salvo el grupo de personas, por ejemplo «Mi vecina "
                "es ingeniera.» y «Mi vecino es ingeniero.», y vuelve a ejecutar la celda.")  # fmt: skip
    try:
        par = sesgo.comprobar_par({"frase_a": leer_texto(frase_a), "frase_b": leer_texto(frase_b),
                                   "contexto": leer_texto(contexto) or "estereotipo",
                                   "categoria": "tus pares"})  # fmt: skip
    except AfinarError as error:
        return f"💡 {error.mensaje}"
    lineas = []
    for nombre, modelo in (("base", base), ("afinado", afinado)):
        if modelo is None:
            continue
        a, b = de_frases(modelo, tokenizer, [par["frase_a"], par["frase_b"]])
        preferida = par["frase_a"] if a > b else par["frase_b"]
        lineas.append(f"Modelo {nombre}: {a:+.2f} frente a {b:+.2f}; prefiere «{preferida}» "
                      f"(diferencia {abs(a - b):.2f}).")  # fmt: skip
    lineas.append("Un solo par no dice nada del modelo: escribe varios parecidos y mira si la "
                  "preferencia se repite.")  # fmt: skip
    return "\n".join(lineas)


def ficha(nombre: str) -> str:
    """Lo que dice la ficha de un modelo sobre su licencia: la del catálogo de afinar y, con
    «bolsillo» o una carpeta, la sección «Licencia» de su README."""
    from pathlib import Path

    from afinar.modelos import CATALOGO, RUTA_BOLSILLO

    lineas = []
    del_catalogo = next((m for m in CATALOGO if m.id == nombre), None)
    if del_catalogo is not None:
        restringido = " Es restringido: hay que aceptar sus condiciones." if del_catalogo.restringido else ""
        lineas.append(f"{nombre}: licencia {del_catalogo.licencia} (según el catálogo de afinar).{restringido}")
    carpeta = RUTA_BOLSILLO if nombre == "bolsillo" else Path(nombre).expanduser()
    readme = carpeta / "README.md"
    if readme.is_file():
        texto = readme.read_text(encoding="utf-8")
        seccion = re.search(r"^##\s*Licen[cs][ei]a?\s*\n(.*?)(?=^##\s|\Z)", texto, re.M | re.S | re.I)
        if seccion:
            lineas.append(f"Su ficha ({readme.name}) dice: {' '.join(seccion.group(1).split())}")
    if not lineas:
        lineas.append(f"No tengo la ficha de {nombre}: ábrela en https://huggingface.co/{nombre} y "
                      "busca «License» arriba a la derecha y en el texto.")  # fmt: skip
    return "\n".join(lineas)


# ── Ejercicios ────────────────────────────────────────────────────────────────────────────


@nunca_falla
def comprobar_rango_al_azar(respuesta, candidatos: int) -> Correccion:
    """Ejercicio 1: si el modelo no recordara nada, ¿en qué rango quedaría de media el secreto?"""
    medio = (candidatos + 1) / 2
    como = (f"hay {candidatos} candidatos y, al azar, el secreto puede caer en cualquier "
            "puesto con la misma probabilidad: ¿cuál es el puesto del medio?")  # fmt: skip
    if vacia(respuesta):
        return sin_responder(mayuscula(como))
    valor = leer_numero(respuesta)
    if valor is None:
        return pista(f"escribe solo un número (ahora «{leer_texto(respuesta)}»). {mayuscula(como)}")
    if abs(valor - medio) <= max(2, 0.05 * candidatos):
        return bien(f"De media, el puesto {medio:g} de {candidatos}. Un rango 1 una y otra vez no "
                    "es suerte: es memoria.")  # fmt: skip
    if valor <= 1:
        return pista("el rango 1 es el de un modelo que lo recuerda. " + mayuscula(como))
    return pista(como)


@nunca_falla
def comprobar_anonimizado(respuesta) -> Correccion:
    """Ejercicio 2: ¿puede el modelo entrenado con datos anonimizados escribir el DNI?"""
    como = "mira la tabla: ¿cuántas veces vio ese modelo el DNI al entrenar?"
    return corregir_si_no(
        respuesta, False, como=mayuscula(como),
        acierto="No puede recordar lo que nunca vio: anonimizar antes de entrenar es la única "
                "protección segura. Acertarlo por casualidad es tan raro como adivinarlo.",
        fallo=f"{como} Sin verlo, solo podría acertarlo por casualidad.",
    )  # fmt: skip


@nunca_falla
def comprobar_sonda(respuesta) -> Correccion:
    """Ejercicio 3: 9 de 14 pares prefieren el estereotipo: ¿basta para decir que es sesgado?"""
    como = "con 14 pares, ¿qué reparto saldría a menudo aunque el modelo no tuviera preferencia?"
    return corregir_si_no(
        respuesta, False, como=mayuscula(como),
        acierto="9 de 14 sale por azar muchas veces (la prueba binomial da 0,42). Con tan pocos "
                "pares, la sonda dice qué mirar, no cuánto sesgo hay.",
        fallo=f"lanza una moneda 14 veces: ¿es raro sacar 9 caras? {mayuscula(como)}",
    )  # fmt: skip


@nunca_falla
def comprobar_red(respuesta) -> Correccion:
    """Ejercicio 4: de 120 a 480 g de CO₂ por kWh, ¿por cuánto se multiplica el CO₂?"""
    como = "la misma energía, con una red que emite más por cada kWh: divide 480 entre 120"
    if vacia(respuesta):
        return sin_responder(mayuscula(como) + ".")
    valor = leer_numero(str(respuesta).lower().replace("x", "").replace("veces", ""))
    if valor is None:
        return pista(f"escribe solo un número (ahora «{leer_texto(respuesta)}»). {mayuscula(como)}.")
    if abs(valor - 4) < 0.05:
        return bien("Por 4: la energía es la misma; lo que cambia es cómo se produce la "
                    "electricidad. Dónde entrenas importa tanto como cuánto.")  # fmt: skip
    return pista(f"{como}.")


@nunca_falla
def comprobar_licencia(respuesta) -> Correccion:
    """Ejercicio 5: modelo Apache-2.0 afinado con datos CC BY-NC: ¿puedes venderlo?"""
    como = "mira qué significa «NC» en la licencia de los datos"
    return corregir_si_no(
        respuesta, False, como=f"{mayuscula(como)}.",
        acierto="NC es «no comercial»: lo que hagas con esos datos no se puede vender. La "
                "licencia del modelo de partida no basta; cuenta también la de tus datos.",
        fallo=f"el modelo de partida lo permite, pero ¿y los datos? {mayuscula(como)}.",
    )  # fmt: skip
