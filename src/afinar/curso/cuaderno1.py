"""Correcciones de los ejercicios del cuaderno 1 (Primeros pasos).

Cada función recibe lo que escribiste en el campo del ejercicio (un texto, un número o una
opción de una lista) y dice «¡Correcto!» o da una pista, siempre en español. Nunca lanza un
error: con el campo vacío te recuerda qué hacer. Devuelven una
:class:`afinar.curso.comun.Correccion`, que en un cuaderno se ve como una frase.
"""

from __future__ import annotations

from afinar.curso.comun import (
    Correccion,
    bien,
    leer_si_no,
    leer_texto,
    mayuscula,
    normalizar,
    nunca_falla,
    pista,
    sin_responder,
    vacia,
)
from afinar.generacion.ajustes import ajustes_generacion
from afinar.generacion.generar import generar
from afinar.generacion.prediccion import siguientes_tokens

PAPELES = {
    "system": ("system", "sistema"),
    "user": ("user", "usuario", "usuaria", "persona"),
    "assistant": ("assistant", "asistente", "modelo"),
}
CONVERSACION_EJEMPLO = (
    "Eres un asistente que recomienda libros en pocas palabras.",
    "¿Qué libro me llevo de vacaciones?",
    "Uno corto y alegre, por ejemplo una novela de aventuras.",
    "¿Y uno para leer en el tren?",
)
ORDEN_CORRECTO = ("system", "user", "assistant", "user")


def trozos_por_palabra(tokenizer, frase: str) -> dict[str, int]:
    """Cuántos tokens gasta cada palabra de ``frase`` (con su espacio delante, como en la frase)."""
    cuentas = {}
    for i, palabra in enumerate(frase.split()):
        limpia = palabra.strip(".,;:¡!¿?«»\"'()")
        if limpia:
            pieza = limpia if i == 0 else " " + limpia
            cuentas[limpia] = len(tokenizer(pieza, add_special_tokens=False)["input_ids"])
    return cuentas


@nunca_falla
def comprobar_palabra_partida(respuesta, tokenizer, frase: str) -> Correccion:
    """Ejercicio: ¿qué palabra de ``frase`` se parte en más tokens?"""
    como = "mira los colores de arriba: cada color es un token; busca la palabra con más colores"
    if vacia(respuesta):
        return sin_responder(f"{como}.")
    cuentas = trozos_por_palabra(tokenizer, frase)
    maximo = max(cuentas.values())
    elegida = normalizar(leer_texto(respuesta)).strip(".,;:¡!¿?«»")
    por_nombre = {normalizar(p): n for p, n in cuentas.items()}
    if elegida not in por_nombre:
        return pista(f"escribe una sola palabra de la frase, tal como aparece. {mayuscula(como)}.")
    if por_nombre[elegida] == maximo:
        enteras = sum(n == 1 for n in cuentas.values())
        return bien(
            f"«{leer_texto(respuesta)}» se parte en {maximo} tokens. {enteras} de las "
            f"{len(cuentas)} palabras son un solo token: las palabras frecuentes van enteras y "
            "las raras o largas se parten en trozos."
        )
    return pista(
        f"«{leer_texto(respuesta)}» ocupa {por_nombre[elegida]} token(s), pero otra palabra "
        f"ocupa más. {mayuscula(como)}."
    )


@nunca_falla
def comprobar_siguiente(respuesta, modelo, tokenizer, texto: str) -> Correccion:
    """Ejercicio: ¿qué token ve el modelo como el más probable después de ``texto``?"""
    como = "mira la primera fila de la tabla de arriba (la de más probabilidad)"
    if vacia(respuesta):
        return sin_responder(f"{como}.")
    tabla = siguientes_tokens(modelo, tokenizer, texto, k=5)
    tokens = [str(t) for t in tabla.columna("token")]
    escrito = leer_texto(respuesta)
    parecidos = [normalizar(leer_texto(t)) for t in tokens]
    if normalizar(escrito) == parecidos[0]:
        probabilidad = tabla.columna("probabilidad")[0]
        return bien(
            f"El modelo le da un {100 * probabilidad:.1f} % de probabilidad. Si generas sin "
            "sortear, el texto seguiría con ese token."
        )
    if normalizar(escrito) in parecidos[1:]:
        return pista("ese token está entre los probables, pero no es el primero de la lista.")
    return pista(f"{como}. Copia el token sin las comillas.")


@nunca_falla
def comprobar_determinista(sortear, temperatura, modelo=None, tokenizer=None) -> Correccion:
    """Ejercicio: elegir los ajustes con los que el mismo texto da siempre la misma salida.

    ``sortear`` es «sí» o «no» (o True/False); ``temperatura``, un número. Con ``modelo`` y
    ``tokenizer`` genera dos veces con semillas distintas y enseña lo que salió.
    """
    como = "¿qué ajuste hace que el modelo elija siempre el token más probable, sin sortear?"
    if vacia(sortear):
        return sin_responder(como)
    sorteo = leer_si_no(sortear)
    if sorteo is None:
        return pista(f"en «sortear» elige «sí» o «no». {mayuscula(como)}")
    if sorteo:
        return pista(
            "si el modelo sortea, cada vez puede salir algo distinto, aunque bajes la "
            f"temperatura (ahora {leer_texto(temperatura) or 'sin valor'}). {mayuscula(como)}"
        )
    nota = " La temperatura no cuenta: solo se usa al sortear."
    if modelo is None or tokenizer is None:
        return bien(f"Sin sorteo, el modelo elige siempre el token más probable.{nota}")
    opciones = ajustes_generacion("determinista", max_new_tokens=15)
    texto = "El sábado por la tarde"
    primera = generar(modelo, tokenizer, texto, opciones, semilla=1)
    segunda = generar(modelo, tokenizer, texto, opciones, semilla=2)
    if primera != segunda:  # no debería pasar sin sorteo; si pasa, lo decimos
        return pista("con dos semillas distintas salieron textos distintos: revisa los ajustes.")
    return bien(
        f"Con las semillas 1 y 2 salió lo mismo: «{texto}{primera}». Sin sorteo, el modelo "
        f"elige siempre el token más probable.{nota}"
    )


def _papel(valor) -> str | None:
    texto = normalizar(leer_texto(valor))
    for papel, nombres in PAPELES.items():
        if texto in nombres:
            return papel
    return None


@nunca_falla
def comprobar_conversacion(papeles, textos, tokenizer=None) -> Correccion:
    """Ejercicio: el papel (system, user o assistant) de cada mensaje de una conversación.

    ``papeles`` y ``textos`` son listas del mismo largo (lo elegido en cada campo). Con
    ``tokenizer``, enseña el texto que verá el modelo con su plantilla de chat.
    """
    como = "elige en cada lista quién escribe ese mensaje: system, user o assistant"
    if all(vacia(p) for p in papeles):
        return sin_responder(f"{como}.")
    elegidos = [_papel(p) for p in papeles]
    for n, (papel, valor) in enumerate(zip(elegidos, papeles, strict=True), start=1):
        if papel is None:
            return pista(f"el mensaje {n} no tiene papel (ahora «{leer_texto(valor)}»). {mayuscula(como)}.")
    for n, texto in enumerate(textos, start=1):
        if not leer_texto(texto):
            return pista(f"el mensaje {n} está vacío: escribe algo en su campo de texto.")
    if elegidos[0] != "system":
        return pista("el primer mensaje dice cómo debe comportarse el asistente: es el de sistema.")
    if tuple(elegidos) != ORDEN_CORRECTO[: len(elegidos)]:
        return pista(
            "después del sistema, los turnos se alternan: primero pregunta la persona (user), "
            "luego contesta el modelo (assistant)… Ahora tienes " + ", ".join(elegidos) + "."
        )
    mensajes = [{"role": p, "content": leer_texto(t)} for p, t in zip(elegidos, textos, strict=True)]
    if tokenizer is not None and getattr(tokenizer, "chat_template", None):
        texto = tokenizer.apply_chat_template(mensajes, tokenize=False, add_generation_prompt=True)
        return bien(
            "La conversación termina con una pregunta, así que ahora le toca al modelo. Así la "
            f"ve el modelo, con su plantilla de chat:\n\n{texto}"
        )
    return bien("Sistema, pregunta, respuesta y otra pregunta: ahora le toca al modelo.")
