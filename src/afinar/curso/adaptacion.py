"""Lo que el cuaderno 3 necesita saber de tus datos para adaptarse a ellos.

El cuaderno 2 lo calcula y lo guarda junto a los datos (``guardar(..., ajustes=...)``); el
cuaderno 3 lo lee (``leer_ajustes``) o, con los datos de ejemplo, lo calcula igual:

- la clase de datos: conversaciones (pregunta → respuesta) o texto suelto;
- el ``max_length`` elegido;
- las comprobaciones sugeridas: las marcas que llevan casi todas las respuestas de referencia
  (por ejemplo «Bien:», «A mejorar:» y «Nota:» en los comentarios de examen);
- una pregunta de ejemplo para conversar con el modelo al final (o el comienzo de un texto).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from afinar.datos.tipo import tipo_de_datos
from afinar.evaluacion import separar

# Una etiqueta al empezar una frase o una línea que termina en dos puntos: «Nota:», «A mejorar:».
_ETIQUETA = re.compile(r"(?:^|(?<=[.!?…]\s)|(?<=\n))\s*([A-ZÁÉÍÓÚÑ][^\s.:!?\n]*(?: [^\s.:!?\n]+){0,2}):")


def respuestas(datos) -> list[str]:
    """Las respuestas de referencia: la última del asistente (chat) o cada texto (texto)."""
    if tipo_de_datos(datos) == "texto":
        return [str(t) for t in datos["texto"]]
    salida = []
    for conversacion in datos["messages"]:
        del_asistente = [m["content"] for m in conversacion if m["role"] == "assistant"]
        if del_asistente:
            salida.append(del_asistente[-1])
    return salida


def sugerir_comprobaciones(datos, minimo: float = 0.8, maximo: int = 4) -> list[str]:
    """Las etiquetas («Nota:», «Pasos:»…) que llevan al menos ``minimo`` de las respuestas.

    Se buscan al principio de una frase o de una línea. En texto suelto no suele haber
    ninguna, y la lista sale vacía: entonces se compara solo el parecido con la referencia.
    """
    textos = respuestas(datos)
    if not textos:
        return []
    cuentas = Counter()
    orden: dict[str, int] = {}
    for texto in textos:
        vistas = {m.group(1).strip() + ":" for m in _ETIQUETA.finditer(texto)}
        cuentas.update(vistas)
        for etiqueta in vistas:
            orden.setdefault(etiqueta, texto.find(etiqueta))
    comunes = [e for e, n in cuentas.items() if n >= minimo * len(textos)]
    return sorted(comunes, key=lambda e: orden[e])[:maximo]


def pregunta_de_ejemplo(datos):
    """Una entrada para probar el modelo: la pregunta del primer ejemplo (chat) o el comienzo
    del primer texto (texto), la misma que usa :func:`afinar.evaluacion.separar`."""
    entrada, _, _ = separar(datos[0])
    return [dict(m) for m in entrada] if isinstance(entrada, list) else entrada


def ajustes_para_el_cuaderno3(partes, max_length: int | None = None, *, origen: str = "") -> dict:
    """El diccionario que el cuaderno 2 guarda con los datos (``guardar(..., ajustes=...)``)."""
    validacion = partes["validation"] if "validation" in partes else partes["train"]
    ajustes = {
        "datos": tipo_de_datos(validacion),
        "comprobaciones": sugerir_comprobaciones(partes["train"]),
        "pregunta_ejemplo": pregunta_de_ejemplo(validacion),
        "origen": origen,
    }
    if max_length:
        ajustes["max_length"] = int(max_length)
    return ajustes


@dataclass
class Adaptacion:
    """Cómo se adapta el cuaderno 3 a los datos: se ve como unas líneas en español."""

    datos: str  # "chat" o "texto"
    comprobaciones: list[str] = field(default_factory=list)
    max_length: int | None = None
    pregunta_ejemplo: object = None
    origen: str = ""

    @classmethod
    def desde(cls, ajustes: dict) -> Adaptacion:
        """La adaptación a partir del diccionario guardado con los datos (ignora lo demás)."""
        campos = ("datos", "comprobaciones", "max_length", "pregunta_ejemplo", "origen")
        return cls(**{k: ajustes[k] for k in campos if k in ajustes})

    @property
    def es_chat(self) -> bool:
        return self.datos == "chat"

    def __str__(self) -> str:
        if self.es_chat:
            clase = "conversaciones: el modelo aprende a responder como en tus respuestas"
            medir = "la respuesta del modelo frente a la de referencia"
        else:
            clase = "texto suelto: el modelo aprende a continuar textos como los tuyos"
            medir = "cómo continúa el modelo la primera mitad de cada texto, frente a la otra mitad"
        lineas = [f"Tus datos son {clase}.", f"Compararé {medir}."]
        if self.comprobaciones:
            marcas = ", ".join(f"«{c}»" for c in self.comprobaciones)
            lineas.append(f"Y contaré las respuestas que contienen {marcas}, como las tuyas.")
        else:
            lineas.append("No hay marcas que lleven todas tus respuestas: no cuento ninguna.")
        if self.max_length:
            lineas.append(f"Cada ejemplo mide como mucho {self.max_length} tokens (max_length).")
        if self.origen:
            lineas.append(f"Origen: {self.origen}.")
        return "\n".join(lineas)

    __repr__ = __str__
