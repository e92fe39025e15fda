"""argparse en español: sus propios mensajes (uso, ayuda, errores) traducidos.

argparse escribe sus mensajes con ``gettext`` y Python no trae traducción al español, así que
la orden `afinar` traduce los suyos con esta tabla mientras analiza los argumentos.
"""

from __future__ import annotations

import argparse
import contextlib
import gettext

_TRADUCCIONES = {
    "usage: ": "uso: ",
    "positional arguments": "argumentos",
    "options": "opciones",
    "optional arguments": "opciones",
    "show this help message and exit": "muestra esta ayuda y termina",
    "the following arguments are required: %s": "faltan estos argumentos obligatorios: %s",
    "unrecognized arguments: %s": "no conozco estos argumentos: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "%(value)r no es una opción válida (elige entre %(choices)s)",
    "invalid %(type)s value: %(value)r": "el valor %(value)r no vale (%(type)s)",
    "expected one argument": "falta su valor",
    "expected at least one argument": "falta al menos un valor",
    "expected at most one argument": "admite como mucho un valor",
    "ambiguous option: %(option)s could match %(matches)s":
        "la opción %(option)s es ambigua: puede ser %(matches)s",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "not allowed with argument %s": "no se puede usar junto con %s",
    "ignored explicit argument %r": "sobra el valor %r",
    "one of the arguments %s is required": "hace falta uno de estos argumentos: %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "unexpected option string: %s": "opción inesperada: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "la orden %(parser_name)r no existe (elige entre %(choices)s)",
    "can't open '%(filename)s': %(error)s": "no puedo abrir «%(filename)s»: %(error)s",
    "show program's version number and exit": "muestra la versión y termina",
    " (default: %(default)s)": " (por defecto: %(default)s)",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: aviso: %(message)s\n",
    "option '%(option)s' is deprecated": "la opción «%(option)s» está en desuso",
    "argument '%(argument_name)s' is deprecated": "el argumento «%(argument_name)s» está en desuso",
    "command '%(parser_name)s' is deprecated": "la orden «%(parser_name)s» está en desuso",
    "subcommands": "órdenes",
}
_TIPOS = {"int": "tiene que ser un número entero", "float": "tiene que ser un número",
          "string_to_bool": "tiene que ser sí/no (true/false)"}  # fmt: skip


def traducir(mensaje: str) -> str:
    return _TRADUCCIONES.get(mensaje, mensaje)


def traducir_plural(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "hacen falta %s valores" if n != 1 else "hace falta %s valor"
    if singular == "conflicting option string: %s":
        return "opciones repetidas: %s" if n != 1 else "opción repetida: %s"
    return gettext.ngettext(singular, plural, n)


LARGO_MAXIMO = 600  # un mensaje más largo (miles de columnas, miles de argumentos) se corta


def recortar_mensaje(mensaje: str, largo: int = LARGO_MAXIMO) -> str:
    """Un mensaje de error de como mucho ``largo`` caracteres, diciendo cuánto se cortó."""
    if len(mensaje) <= largo:
        return mensaje
    return (f"{mensaje[:largo].rstrip()}… (y {len(mensaje) - largo} caracteres más; "
            "AFINAR_DEPURAR=1 muestra el mensaje entero)")  # fmt: skip


def ayudar_negaciones(parser: argparse.ArgumentParser) -> None:
    """`HfArgumentParser` repite en ``--no_x`` la ayuda de ``--x`` (que dice lo contrario):
    cada ``--no_x`` dice que es lo contrario de ``--x``."""
    for accion in parser._actions:
        negacion = next((o for o in accion.option_strings if o.startswith("--no_")), None)
        if negacion and accion.const is False:
            afirmacion = "--" + negacion[len("--no_"):].replace("_", "-")
            accion.help = f"Lo contrario de {afirmacion}."


def explicar_tipo(mensaje: str) -> str:
    """«el valor 'x' no vale (int)» → «el valor 'x' no vale: tiene que ser un número entero»."""
    for tipo, explicacion in _TIPOS.items():
        mensaje = mensaje.replace(f"no vale ({tipo})", f"no vale: {explicacion}")
    return mensaje


@contextlib.contextmanager
def en_espanol():
    """Mientras dura, argparse habla en español (solo dentro de la orden `afinar`)."""
    antes = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = traducir, traducir_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = antes


class Analizador(argparse.ArgumentParser):
    """Un ArgumentParser cuyos errores son una frase en español y el estado de salida 2."""

    def error(self, message: str):
        if message.startswith("argument "):  # Python 3.10 no lo pasa por gettext
            message = "argumento " + message.removeprefix("argument ")
        mensaje = recortar_mensaje(explicar_tipo(message))
        self.exit(2, f"Error: {mensaje}. Mira «{self.prog} --help».\n")
