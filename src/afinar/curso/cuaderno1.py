"""Correcciones de los ejercicios: dicen «¡Correcto!» o dan una pista, siempre en español.

Cada función acepta ``None`` (todavía no has respondido) y entonces da una pista, sin error.
Devuelven una :class:`afinar.curso.comun.Correccion`, que en un cuaderno se ve como una frase y que vale
``True`` o ``False`` si se usa en un ``if``.
"""

from __future__ import annotations

from afinar.curso.comun import Correccion, bien, pista, sin_responder
from afinar.errores import AfinarError
from afinar.generacion.ajustes import AJUSTES, ajustes_generacion
from afinar.generacion.generar import generar
from afinar.generacion.prediccion import siguientes_tokens

ROLES = ("system", "user", "assistant")


def comprobar_determinista(ajustes, modelo=None, tokenizer=None) -> Correccion:
    """Ejercicio: unos ajustes con los que el mismo texto de entrada da siempre la misma salida.

    Con ``modelo`` y ``tokenizer``, además genera dos veces con semillas distintas y compara.
    """
    como = 'escribe un diccionario, por ejemplo {"do_sample": ..., "max_new_tokens": 30}'
    if ajustes is None:
        return sin_responder(f"{como}. ¿Qué valor de do_sample evita sortear?")
    if isinstance(ajustes, str) and ajustes not in AJUSTES:
        nombres = ", ".join(AJUSTES)
        return pista(f"«{ajustes}» no es ninguno de los ajustes con nombre ({nombres}).")
    if not isinstance(ajustes, (str, dict)):
        return pista(f"{como}; ahora es {type(ajustes).__name__}.")
    try:
        opciones = ajustes_generacion(ajustes)
    except AfinarError as error:
        return pista(str(error))
    if opciones["do_sample"]:
        return pista(
            "con do_sample=True el modelo sortea el siguiente token, así que cada vez puede salir "
            "algo distinto (aunque bajes la temperatura). ¿Qué pasa si no sortea?"
        )
    sobran = []
    if isinstance(ajustes, dict):
        sobran = sorted(set(ajustes) & {"temperature", "top_k", "top_p"})
    nota = f" ({', '.join(sobran)}: sin sorteo no se usan.)" if sobran else ""
    if modelo is None or tokenizer is None:
        return bien(f"Sin sorteo (do_sample=False) el modelo elige siempre lo mismo.{nota}")
    texto = "El sábado por la tarde"
    primera = generar(modelo, tokenizer, texto, opciones, semilla=1)
    segunda = generar(modelo, tokenizer, texto, opciones, semilla=2)
    if primera != segunda:  # no debería pasar sin sorteo; si pasa, lo decimos
        return pista("con dos semillas distintas salieron textos distintos: revisa los ajustes.")
    return bien(
        f"Con dos semillas distintas salió lo mismo: «{texto}{primera[:60]}…». "
        f"Sin sorteo (do_sample=False) el modelo elige siempre lo mismo.{nota}"
    )


def comprobar_tokens(respuesta, tokenizer, frase: str) -> Correccion:
    """Ejercicio: ¿cuántos tokens tiene ``frase`` para este tokenizador?"""
    como = (
        "mira los trozos con afinar.datos.tokens.mostrar_tokens(tokenizer, frase), o cuéntalos con "
        'len(tokenizer(frase)["input_ids"])'
    )
    if respuesta is None:
        return sin_responder(f"{como}.")
    if isinstance(respuesta, bool) or not isinstance(respuesta, int):
        return pista(f"la respuesta es un número entero, como 7, no {respuesta!r}. {como}.")
    sin_especiales = len(tokenizer(frase, add_special_tokens=False)["input_ids"])
    con_especiales = len(tokenizer(frase)["input_ids"])
    if respuesta in (sin_especiales, con_especiales):
        palabras = len(frase.split())
        return bien(
            f"La frase tiene {palabras} palabras y {sin_especiales} tokens: un token no es una "
            "palabra, sino un trozo de texto que el tokenizador conoce."
        )
    direccion = "más" if respuesta < sin_especiales else "menos"
    return pista(
        f"hay {direccion} tokens. Los tokens no son palabras: una palabra rara se parte en "
        f"varios trozos, y el espacio suele ir pegado al principio de la palabra. {como}."
    )


def comprobar_mensajes(mensajes, tokenizer=None) -> Correccion:
    """Ejercicio: una conversación con mensaje de sistema, pregunta, respuesta y otra pregunta.

    Con ``tokenizer``, además le aplica la plantilla de chat para comprobar que la entiende.
    """
    ejemplo = '[{"role": "system", "content": "..."}, {"role": "user", "content": "..."}, ...]'
    if mensajes is None:
        return sin_responder(f"escribe una lista de diccionarios: {ejemplo}")
    if not isinstance(mensajes, list) or not mensajes:
        return pista(f"la conversación es una lista (entre corchetes) de mensajes: {ejemplo}")
    for n, mensaje in enumerate(mensajes, start=1):
        if not isinstance(mensaje, dict) or set(mensaje) != {"role", "content"}:
            return pista(
                f"el mensaje {n} tiene que ser un diccionario con dos claves exactas, "
                f'"role" y "content", como {{"role": "user", "content": "Hola"}}.'
            )
        if mensaje["role"] not in ROLES:
            return pista(
                f"el papel (role) del mensaje {n} es {mensaje['role']!r}; los posibles son "
                f"{', '.join(repr(r) for r in ROLES)}."
            )
        if not isinstance(mensaje["content"], str) or not mensaje["content"].strip():
            return pista(f'el mensaje {n} no tiene texto en "content".')
    roles = [m["role"] for m in mensajes]
    if roles[0] != "system":
        return pista(
            'empieza con el mensaje de sistema (role "system"), que dice cómo comportarse.'
        )
    turnos = roles[1:]
    esperado = ["user" if i % 2 == 0 else "assistant" for i in range(len(turnos))]
    if turnos != esperado:
        return pista(
            'después del sistema, los turnos se alternan: "user", "assistant", "user"... '
            f"y tú tienes {turnos}."
        )
    if len(turnos) < 3 or turnos[-1] != "user":
        return pista(
            "la conversación debe tener pregunta, respuesta y otra pregunta (user, assistant, "
            "user): termina con el usuario, para que el modelo conteste."
        )
    if tokenizer is not None:
        texto = tokenizer.apply_chat_template(mensajes, tokenize=False, add_generation_prompt=True)
        return bien(f"Así la ve el modelo, con la plantilla de chat:\n\n{texto}")
    return bien("La conversación tiene sistema, pregunta, respuesta y otra pregunta.")


def comprobar_siguiente(respuesta, modelo, tokenizer, texto: str) -> Correccion:
    """Ejercicio: ¿qué token ve el modelo como el más probable después de ``texto``?"""
    como = (
        f"usa afinar.generacion.prediccion.siguientes_tokens(modelo, tokenizer, {texto!r}) y mira la "
        "primera fila"
    )
    if respuesta is None:
        return sin_responder(f"{como}.")
    if not isinstance(respuesta, str):
        return pista(f'la respuesta es un texto entre comillas, como "casa". {como}.')
    tabla = siguientes_tokens(modelo, tokenizer, texto, k=5)
    tokens = [token.strip() for token in tabla.columna("token")]
    if respuesta.strip() and respuesta.strip() == tokens[0]:
        probabilidad = tabla.columna("probabilidad")[0]
        return bien(f"El modelo le da un {100 * probabilidad:.1f} % de probabilidad.")
    if respuesta.strip() in tokens[1:]:
        return pista("ese token está entre los probables, pero no es el primero de la lista.")
    return pista(f"{como}. Copia el token sin las comillas.")
