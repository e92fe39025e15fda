"""De la plantilla de chat del modelo (Jinja) a la plantilla TEMPLATE de Ollama (Go text/template).

No hay una tabla de modelos conocidos: se renderiza la plantilla Jinja con mensajes centinela y
se descompone lo que escribe en piezas fijas (cabecera, lo que va antes y después de cada mensaje
del usuario y del asistente, dónde va el mensaje de sistema, el inicio de la respuesta). Con esas
piezas se escribe la plantilla Go y se comprueba, con conversaciones de varios turnos, que las
piezas reproducen exactamente lo que escribe `apply_chat_template`. Si no, se dice en español.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from afinar.errores import AfinarError

# Centinelas: caracteres de uso privado de Unicode, que ningún texto ni plantilla real usa.
U1, A1, U2, A2, S = (f"\ue000{n}\ue001" for n in ("U1", "A1", "U2", "A2", "S"))


class NoExpresable(Exception):
    """La plantilla hace algo que las piezas fijas de una plantilla de Ollama no pueden repetir."""


@dataclass(frozen=True)
class Piezas:
    """Una plantilla de chat descompuesta en los textos fijos que rodean a cada mensaje."""

    cabecera: str  # lo que va antes del primer mensaje (sin mensaje de sistema)
    usuario: tuple[str, str]  # antes y después del contenido de cada mensaje del usuario
    asistente: tuple[str, str]  # antes y después del contenido de cada respuesta
    generacion: str  # lo que abre la respuesta (add_generation_prompt=True)
    sistema: str | None = None  # "inicio", "ultimo" (en el último mensaje del usuario) o None
    sistema_antes: str = ""  # "inicio": sustituye a la cabecera; "ultimo": al prefijo del usuario
    sistema_puente: str = ""  # entre el contenido del sistema y el del usuario


def _render(tokenizer, mensajes, generacion: bool) -> str:
    return tokenizer.apply_chat_template(
        mensajes, tokenize=False, add_generation_prompt=generacion
    )


def _partir(texto: str, centinela: str) -> tuple[str, str]:
    if texto.count(centinela) != 1:
        raise NoExpresable("un mensaje aparece repetido, cambiado o no aparece")
    antes, _, despues = texto.partition(centinela)
    return antes, despues


def _tras(texto: str, prefijo: str) -> str:
    if not texto.startswith(prefijo):
        raise NoExpresable("añadir un mensaje cambia lo escrito para los anteriores")
    return texto[len(prefijo):]


def _conversacion(*contenidos: str) -> list[dict]:
    roles = ("user", "assistant")
    return [{"role": roles[i % 2], "content": c} for i, c in enumerate(contenidos)]


def _turnos(tokenizer) -> Piezas:
    """Cabecera, usuario, asistente y generación, de cuatro renders encadenados."""
    conv = _conversacion(U1, A1, U2, A2)
    r = [_render(tokenizer, conv[:k], False) for k in range(1, 5)]
    antes1, suf_u = _partir(r[0], U1)
    a_pre, a_suf = _partir(_tras(r[1], r[0]), A1)
    u_pre, suf_u2 = _partir(_tras(r[2], r[1]), U2)
    a_pre2, a_suf2 = _partir(_tras(r[3], r[2]), A2)
    if (suf_u, a_pre, a_suf) != (suf_u2, a_pre2, a_suf2) or not antes1.endswith(u_pre):
        raise NoExpresable("el primer turno se escribe distinto de los siguientes")
    generacion = _tras(_render(tokenizer, conv[:1], True), r[0])
    if _tras(_render(tokenizer, conv[:3], True), r[2]) != generacion:
        raise NoExpresable("el inicio de la respuesta depende del turno")
    cabecera = antes1[: len(antes1) - len(u_pre)]
    return Piezas(cabecera, (u_pre, suf_u), (a_pre, a_suf), generacion)


def _con_sistema(tokenizer, piezas: Piezas) -> list[Piezas]:
    """Las formas posibles de colocar el mensaje de sistema (se elige la que se verifica)."""
    try:
        texto = _render(tokenizer, [{"role": "system", "content": S},
                                    {"role": "user", "content": U1}], False)
    except Exception:  # la plantilla no admite mensajes de sistema (p. ej. lanza un error)
        return [piezas]
    if S not in texto:
        return [piezas]
    antes_s, despues_s = _partir(texto, S)
    puente, fin = _partir(despues_s, U1)
    if fin != piezas.usuario[1]:
        return [piezas]
    opciones = [Piezas(**{**piezas.__dict__, "sistema": "inicio", "sistema_antes": antes_s,
                          "sistema_puente": puente})]
    if antes_s.startswith(piezas.cabecera):
        opciones.append(Piezas(**{**piezas.__dict__, "sistema": "ultimo",
                                  "sistema_antes": antes_s[len(piezas.cabecera):],
                                  "sistema_puente": puente}))
    return opciones + [piezas]


def renderizar(piezas: Piezas, mensajes: list[dict], generacion: bool = True) -> str:
    """Lo que escribe la plantilla Go de `plantilla_go(piezas)` (la misma lógica, en Python)."""
    con_sistema = piezas.sistema is not None and bool(mensajes) and mensajes[0]["role"] == "system"
    partes = []
    if con_sistema and piezas.sistema == "inicio":
        partes += [piezas.sistema_antes, mensajes[0]["content"]]
    else:
        partes.append(piezas.cabecera)
    for i, m in enumerate(mensajes):
        if m["role"] == "user":
            if con_sistema and piezas.sistema == "inicio" and i == 1:
                partes.append(piezas.sistema_puente)
            elif con_sistema and piezas.sistema == "ultimo" and i == len(mensajes) - 1:
                partes += [piezas.sistema_antes, mensajes[0]["content"], piezas.sistema_puente]
            else:
                partes.append(piezas.usuario[0])
            partes += [m["content"], piezas.usuario[1]]
        elif m["role"] == "assistant":
            partes += [piezas.asistente[0], m["content"], piezas.asistente[1]]
    if generacion and (not mensajes or mensajes[-1]["role"] != "assistant"):
        partes.append(piezas.generacion)
    return "".join(partes)


CONVERSACIONES = [
    (_conversacion("Hola, ¿qué tal?"), True),
    (_conversacion("Hola, ¿qué tal?", "Muy bien, gracias.", "¿Qué receta me recomiendas?"), True),
    (_conversacion("Hola", "¡Hola! ¿En qué te ayudo?", "Una receta.", "Gazpacho."), False),
]
SISTEMA = {"role": "system", "content": "Eres un asistente que responde en español."}


def _conversaciones(con_sistema: bool):
    yield from CONVERSACIONES
    if con_sistema:
        for mensajes, generacion in CONVERSACIONES:
            yield [SISTEMA, *mensajes], generacion


def _verifica(tokenizer, piezas: Piezas) -> bool:
    return all(
        renderizar(piezas, m, g) == _render(tokenizer, m, g)
        for m, g in _conversaciones(piezas.sistema is not None)
    )


def deducir(tokenizer) -> Piezas:
    """Descompone la plantilla de chat del tokenizador, o dice en español por qué no se puede."""
    if not getattr(tokenizer, "chat_template", None):
        raise AfinarError(
            f"El modelo {tokenizer.name_or_path} no tiene plantilla de chat (es un modelo base): "
            "Ollama necesita una para conversar; exporta en formato 'gguf' y úsalo para completar "
            "textos."
        )
    try:
        opciones = _con_sistema(tokenizer, _turnos(tokenizer))
    except NoExpresable as error:
        raise AfinarError(_no_expresable(tokenizer, str(error))) from None
    for piezas in opciones:
        if _verifica(tokenizer, piezas):
            return piezas
    raise AfinarError(_no_expresable(tokenizer, "las piezas no reproducen conversaciones largas"))


def _no_expresable(tokenizer, motivo: str) -> str:
    return (
        f"La plantilla de chat de {tokenizer.name_or_path} no se puede escribir como plantilla de "
        f"Ollama ({motivo}): usa el GGUF con llama.cpp, que lee la plantilla original, o escribe "
        "el TEMPLATE del Modelfile a mano."
    )


def notas(tokenizer, piezas: Piezas) -> list[str]:
    """Diferencias que quedan entre la plantilla original y la de Ollama, en español."""
    resultado = []
    mensajes = _conversacion("  hola con espacios \n", " respuesta ", "otra")
    if renderizar(piezas, mensajes) != _render(tokenizer, mensajes, True):
        resultado.append(
            "La plantilla original quita los espacios del principio y del final de cada mensaje; "
            "la de Ollama los deja tal cual (solo importa si tus mensajes empiezan o acaban en "
            "espacio o salto de línea)."
        )
    if "strftime_now" in str(tokenizer.chat_template):
        resultado.append(
            "La plantilla original escribe la fecha del día; en la de Ollama quedó fija la fecha "
            "de hoy."
        )
    if piezas.sistema is None:
        resultado.append("La plantilla original no usa mensajes de sistema; la de Ollama tampoco.")
    return resultado


# ------------------------------------------------------------------ escribir la plantilla Go


def _literal(texto: str) -> str:
    """Texto fijo de la plantilla: tal cual si se puede leer; si no, como cadena Go entre {{ }}."""
    legible = all(c in "\n\t" or c.isprintable() for c in texto)
    if legible and not any(c in texto for c in '{}"'):
        return texto
    return "{{ " + json.dumps(texto, ensure_ascii=True) + " }}"


def _unir(partes: list[tuple[str, str]]) -> str:
    """Une acciones ('a') y textos ('t'); entre dos acciones, un salto de línea que Go recorta."""
    salida = []
    for i, (tipo, valor) in enumerate(partes):
        if tipo == "t":
            salida.append(_literal(valor) if valor else "")
            continue
        siguiente = partes[i + 1][0] if i + 1 < len(partes) else None
        salida.append("{{ " + valor + (" -}}\n" if siguiente == "a" else " }}"))
    return "".join(salida)


def plantilla_go(piezas: Piezas, bos: str = "") -> str:
    """La plantilla TEMPLATE para el Modelfile de Ollama (datos: .Messages[].Role/.Content).

    `bos`: el token de inicio que Ollama ya añade al tokenizar; se quita del principio para no
    ponerlo dos veces.
    """
    def sin_bos(texto: str) -> str:
        return texto[len(bos):] if bos and texto.startswith(bos) else texto

    inicio = piezas.sistema == "inicio"
    sistema = "(index $.Messages 0).Content"
    usuario = [("a", "if eq .Role \"user\"")]
    if piezas.sistema == "inicio":
        usuario += [("a", "if and $sys (eq $i 1)"), ("t", piezas.sistema_puente), ("a", "else")]
    elif piezas.sistema == "ultimo":
        usuario += [("a", "if and $sys (eq (len (slice $.Messages $i)) 1)"),
                    ("t", piezas.sistema_antes), ("a", sistema), ("t", piezas.sistema_puente),
                    ("a", "else")]
    usuario += [("t", piezas.usuario[0])] + ([("a", "end")] if piezas.sistema else [])
    usuario += [("a", ".Content"), ("t", piezas.usuario[1])]
    partes = [
        ("a", '$sys := and .Messages (eq (index .Messages 0).Role "system")'),
        ("a", '$ultimo := ""'),
        *([("a", "if $sys"), ("t", sin_bos(piezas.sistema_antes)), ("a", sistema), ("a", "else")]
          if inicio else []),
        ("t", sin_bos(piezas.cabecera)),
        *([("a", "end")] if inicio else []),
        ("a", "range $i, $m := .Messages"),
        ("a", "$ultimo = .Role"),
        *usuario,
        ("a", 'else if eq .Role "assistant"'), ("t", piezas.asistente[0]), ("a", ".Content"),
        ("t", piezas.asistente[1]),
        ("a", "end"),
        ("a", "end"),
        ("a", 'if ne $ultimo "assistant"'), ("t", piezas.generacion), ("a", "end"),
    ]
    return _unir(partes)
