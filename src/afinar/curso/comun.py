"""Lo común a los comprobadores de ejercicios de todos los cuadernos: leer respuestas y corregir.

Las respuestas llegan de un campo de formulario de Colab (casi siempre como texto) o de un
control: «7,07», «7.07 %», «sí», «Falso», «  B », «dos»... Las funciones ``leer_*`` las
entienden como las escribiría una persona, y devuelven ``None`` si no pueden. Ningún
comprobador lanza errores: :func:`nunca_falla` convierte cualquier fallo en una pista.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass

from afinar.errores import AfinarError

SIN_ELEGIR = {"", "(elige)", "elige", "(elige una)", "none", "null", "nan", "?"}
NUMEROS_ESCRITOS = {
    "cero": 0, "uno": 1, "una": 1, "un": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
    "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16, "diecisiete": 17,
    "dieciocho": 18, "diecinueve": 19, "veinte": 20,
}  # fmt: skip
SI = {"si", "s", "yes", "y", "true", "verdadero", "cierto", "v", "1", "correcto", "claro"}
NO = {"no", "n", "false", "falso", "f", "0", "incorrecto", "nunca"}


class ParadaDelCurso(AfinarError):
    """Un cuaderno no puede seguir: en Jupyter y Colab se ve solo la frase, sin traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython lo usa en lugar del traceback
        return [f"⛔ {self.mensaje}"]


@dataclass(frozen=True)
class Correccion:
    """El resultado de comprobar un ejercicio: si está bien y qué decirte."""

    correcto: bool
    mensaje: str

    def __bool__(self) -> bool:
        return self.correcto

    def __str__(self) -> str:
        return self.mensaje

    __repr__ = __str__


def bien(mensaje: str) -> Correccion:
    """Una corrección acertada: «✅ ¡Correcto!» y lo que se aprende."""
    return Correccion(True, f"✅ ¡Correcto! {mensaje}")


def pista(mensaje: str) -> Correccion:
    """Una corrección fallida con una pista para el siguiente intento."""
    return Correccion(False, f"💡 Todavía no. Pista: {mensaje}")


def sin_responder(mensaje: str) -> Correccion:
    """El campo está vacío: recuerda dónde responder y da la pista."""
    aviso = "✏️ Aún no has respondido: escribe tu respuesta en el campo y vuelve a ejecutar la celda."
    return Correccion(False, f"{aviso} Pista: {mensaje}")


def corregir_si_no(respuesta, correcta: bool, *, como: str, acierto: str, fallo: str) -> Correccion:
    """Un ejercicio de «sí» o «no»: ``correcta`` es la respuesta buena.

    ``como`` es la pista general (con el campo vacío, o si no se entiende «sí» ni «no»);
    ``acierto`` lo que se dice al acertar y ``fallo`` la pista al fallar.
    """
    if vacia(respuesta):
        return sin_responder(como)
    valor = leer_si_no(respuesta)
    if valor is None:
        return pista(f"responde «sí» o «no». {mayuscula(como)}")
    return bien(acierto) if valor == correcta else pista(fallo)


def nunca_falla(comprobador):
    """Envuelve un comprobador: si algo falla por dentro, devuelve una pista en vez de un error."""

    @functools.wraps(comprobador)
    def envuelto(*args, **kwargs) -> Correccion:
        try:
            return comprobador(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 (quien aprende nunca debe ver un traceback)
            return Correccion(
                False,
                "💡 No he podido comprobar esta respuesta. Revisa que escribiste solo lo que se "
                f"pide (un número, una palabra…) y que ejecutaste las celdas de arriba. ({error})",
            )

    return envuelto


def mayuscula(texto: str) -> str:
    """La primera letra en mayúscula («¿qué…?» → «¿Qué…?»), para empezar una frase."""
    for i, letra in enumerate(texto):
        if letra.isalpha():
            return texto[:i] + letra.upper() + texto[i + 1 :]
    return texto


def normalizar(texto: str) -> str:
    """Minúsculas, sin tildes ni espacios de más: «  Sí » → «si»."""
    sin_tildes = unicodedata.normalize("NFKD", str(texto).strip().lower())
    return " ".join("".join(c for c in sin_tildes if not unicodedata.combining(c)).split())


def vacia(respuesta) -> bool:
    """¿Todavía no hay respuesta? (``None``, un campo vacío o «(elige)»)."""
    if respuesta is None:
        return True
    if isinstance(respuesta, float) and math.isnan(respuesta):
        return True
    return isinstance(respuesta, str) and normalizar(quitar_comillas(respuesta)) in SIN_ELEGIR


def quitar_comillas(texto: str) -> str:
    """Quita comillas de alrededor («"B"», «'casa'», ««casa»»), que la gente escribe a menudo."""
    texto = str(texto).strip()
    while len(texto) >= 2 and texto[0] + texto[-1] in {'""', "''", "«»", "“”", "‘’"}:
        texto = texto[1:-1]
    return texto


def leer_numero(respuesta) -> float | None:
    """Un número escrito como lo escribiría una persona: 7, «7,07», «7.07 %», «3,5e-2», «dos».

    Con una coma y sin punto, la coma es decimal («7,07» → 7.07); con las dos, la última es
    la decimal («1.234,5» → 1234.5). Devuelve ``None`` si no hay un número.
    """
    if isinstance(respuesta, bool) or respuesta is None:
        return None
    if isinstance(respuesta, (int, float)):
        return None if math.isnan(respuesta) else float(respuesta)
    texto = normalizar(quitar_comillas(str(respuesta)))
    if texto in NUMEROS_ESCRITOS:
        return float(NUMEROS_ESCRITOS[texto])
    texto = re.sub(r"[%€$]|\s|por ?ciento|tokens?|filas?|secuencias?", "", texto)
    if "," in texto and "." in texto:
        decimal = "," if texto.rfind(",") > texto.rfind(".") else "."
        miles = "." if decimal == "," else ","
        texto = texto.replace(miles, "").replace(decimal, ".")
    else:
        texto = texto.replace(",", ".")
    try:
        valor = float(texto)
    except ValueError:
        return None
    return None if math.isnan(valor) or math.isinf(valor) else valor


def leer_entero(respuesta) -> int | None:
    """Como :func:`leer_numero`, pero solo si es un número entero («12», «12,0», «doce»)."""
    valor = leer_numero(respuesta)
    if valor is None or valor != int(valor):
        return None
    return int(valor)


def leer_si_no(respuesta) -> bool | None:
    """«sí», «no», «verdadero», «falso», «True», «False» (o un booleano) → True/False; si no, None."""
    if isinstance(respuesta, bool):
        return respuesta
    if respuesta is None:
        return None
    texto = normalizar(quitar_comillas(str(respuesta))).strip(".!¡¿? ")
    if texto in SI:
        return True
    if texto in NO:
        return False
    return None


def leer_opcion(respuesta, opciones) -> str | None:
    """La opción elegida entre ``opciones`` (sin distinguir mayúsculas, tildes ni comillas)."""
    if respuesta is None:
        return None
    texto = normalizar(quitar_comillas(str(respuesta))).strip(".!¡¿? ")
    for opcion in opciones:
        if normalizar(opcion) == texto:
            return opcion
    return None


def leer_texto(respuesta) -> str:
    """El texto de una respuesta, sin comillas alrededor ni espacios en los extremos."""
    return "" if respuesta is None else quitar_comillas(str(respuesta))


def lista_de_textos(respuesta) -> list[str]:
    """«Bien:; Nota:» o «a, b» → ["Bien:", "Nota:"] / ["a", "b"] (separa por «;», si no por «,»).

    Acepta también una lista. Los campos vacíos dan una lista vacía.
    """
    if respuesta is None:
        return []
    if isinstance(respuesta, (list, tuple)):
        return [str(x).strip() for x in respuesta if str(x).strip()]
    texto = str(respuesta)
    separador = ";" if ";" in texto else ("\n" if "\n" in texto else ",")
    return [quitar_comillas(x) for x in texto.split(separador) if quitar_comillas(x)]
