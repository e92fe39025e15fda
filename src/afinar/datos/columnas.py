"""Qué papel tiene cada columna y cómo se convierte cada registro en ``texto`` o ``messages``.

Lo usa :mod:`afinar.datos.lectura` para todos los formatos: CSV, Excel, tablas de Word, JSON,
listas y DataFrames. Quien aprende puede decir los papeles (``pregunta=``, ``respuesta=``,
``contexto=``; ver :func:`planificar`); si no, se deducen de los nombres conocidos
(pregunta/respuesta, instruction/output, prompt/completion, messages, texto…).

**Cómo se escribe el mensaje del usuario** cuando la pregunta sale de varias columnas (o lleva
contexto): cada columna en su párrafo, precedida de su cabecera y dos puntos, en el orden en
que se dieron (primero las de ``pregunta``, después las de ``contexto``); las celdas vacías se
saltan. Por ejemplo, con ``pregunta=["Pregunta del examen", "Respuesta del alumno"]``::

    Pregunta del examen: ¿Qué es un sustantivo?

    Respuesta del alumno: Una palabra que nombra cosas.

Con una sola columna de pregunta y sin contexto, el mensaje es la celda tal cual.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata

from afinar.datos.tipo import tipo_de_datos
from afinar.errores import AfinarError

NOMBRES_TEXTO = ["texto", "text", "contenido", "content", "cuerpo", "body", "mensaje", "message",
                 "comentario", "comentarios", "opinion", "resena", "review", "descripcion",
                 "description", "documento", "document", "sample", "samples", "frase",
                 "parrafo"]  # fmt: skip
NOMBRES_CHAT = ["messages", "mensajes", "conversations", "conversacion", "conversation"]
PARES = [("pregunta", "respuesta"), ("instruccion", "respuesta"), ("instruction", "output"),
         ("instruction", "response"), ("prompt", "completion"), ("prompt", "response"),
         ("question", "answer"), ("query", "response"), ("input", "output"),
         ("entrada", "salida"), ("consulta", "respuesta"), ("usuario", "asistente"),
         ("user", "assistant")]  # fmt: skip
NOMBRES_SISTEMA = ["sistema", "system"]
ROLES = {"user": "user", "human": "user", "usuario": "user", "humano": "user",
         "assistant": "assistant", "gpt": "assistant", "asistente": "assistant", "bot": "assistant",
         "model": "assistant", "modelo": "assistant", "system": "system", "sistema": "system"}  # fmt: skip
# Nombres que delatan una fila de cabecera (normalizados).
CONOCIDOS = {*NOMBRES_TEXTO, *NOMBRES_CHAT, *NOMBRES_SISTEMA, "contexto", "context",
             *(n for par in PARES for n in par)}  # fmt: skip
PAPELES = ("pregunta", "respuesta", "contexto")
MAXIMO_LISTADO = 20


def normal(nombre: object) -> str:
    """Nombre de columna comparable: minúsculas, sin tildes ni espacios."""
    s = unicodedata.normalize("NFKD", str(nombre).strip().lower())
    return "".join(c for c in s if not unicodedata.combining(c)).replace(" ", "_")


def _flexible(nombre: object) -> str:
    """Aún más permisivo: solo letras y cifras («Pregunta-del examen» = «pregunta_del_examen»)."""
    return re.sub(r"[\W_]+", "", normal(nombre))


def miles(n: int) -> str:
    """Un número entero con punto de miles, como se escribe en español: 12345 → «12.345»."""
    return f"{n:,}".replace(",", ".")


def lista_columnas(columnas, maximo: int = MAXIMO_LISTADO) -> str:
    """«a», «b», «c»… cortado en ``maximo`` (con cuántas más), para mensajes que se leen."""
    columnas = list(columnas)
    texto = ", ".join(f"«{c}»" for c in columnas[:maximo])
    if len(columnas) > maximo:
        texto += f" y {miles(len(columnas) - maximo)} más"
    return texto


def _llamada(nombre: str, **argumentos) -> str:
    partes = [f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in argumentos.items()]
    return f'cargar_datos("{nombre}", {", ".join(partes)})'


# --- papeles que dice quien aprende ------------------------------------------------------------


def papeles_pedidos(columna=None, pregunta=None, respuesta=None, contexto=None) -> dict | None:
    """Comprueba los papeles pedidos (antes de abrir nada) y los deja como listas.

    Un papel vacío (``""``, ``[]``: un campo de formulario sin rellenar) es como no decirlo.
    """

    def vacio(valor) -> bool:
        return (
            valor is None
            or (isinstance(valor, str) and not valor.strip())
            or (isinstance(valor, (list, tuple)) and not valor)
        )

    pregunta, respuesta, contexto = (
        None if vacio(v) else v for v in (pregunta, respuesta, contexto)
    )
    if pregunta is None and respuesta is None and contexto is None:
        return None
    papeles = {}
    for papel, valor in (("pregunta", pregunta), ("respuesta", respuesta), ("contexto", contexto)):
        nombres = [valor] if isinstance(valor, str) else list(valor or [])
        if not all(isinstance(n, str) and n.strip() for n in nombres) or (
            papel == "respuesta" and len(nombres) > 1
        ):
            forma = "el nombre de una columna" if papel == "respuesta" else "uno o varios nombres"
            raise AfinarError(
                f"{papel}={valor!r} no es válido: escribe {forma} de columna entre comillas, por "
                f'ejemplo {papel}="{papel.capitalize()}".'
            )
        papeles[papel] = nombres
    if columna is not None:
        raise AfinarError(
            "columna= elige una sola columna de texto y pregunta=/respuesta= forman "
            "conversaciones: usa solo una de las dos formas."
        )
    if not papeles["pregunta"] or not papeles["respuesta"]:
        falta = "pregunta" if not papeles["pregunta"] else "respuesta"
        raise AfinarError(
            f"Falta {falta}=: para enseñar a responder, di qué columna(s) forman la pregunta y cuál "
            'es la respuesta, por ejemplo pregunta="Pregunta", respuesta="Respuesta" (contexto= '
            "es opcional)."
        )
    return papeles


def _buscar(pedida: str, columnas: list[str], papel: str, nombre: str) -> str:
    """La columna que quiso decir quien escribió ``pedida`` (sin mirar mayúsculas, tildes…)."""
    for clave in (str, normal, _flexible):
        iguales = [c for c in columnas if clave(c) == clave(pedida)]
        if len(iguales) == 1:
            return iguales[0]
    flexibles = {_flexible(c): c for c in columnas}
    parecida = difflib.get_close_matches(_flexible(pedida), list(flexibles), n=1, cutoff=0.6)
    consejo = (f"¿querías decir «{flexibles[parecida[0]]}»?" if parecida
               else "escribe una de ellas tal cual.")  # fmt: skip
    raise AfinarError(
        f"La columna «{pedida}» de {papel}= no está en «{nombre}»: las columnas son "
        f"{lista_columnas(columnas)}; {consejo}"
    )


def _plan_con_papeles(columnas: list[str], papeles: dict, nombre: str) -> dict:
    elegidas = {p: [_buscar(n, columnas, p, nombre) for n in papeles[p]] for p in PAPELES}
    vistos: dict[str, str] = {}
    for papel in PAPELES:
        for c in elegidas[papel]:
            if c in vistos:
                raise AfinarError(
                    f"La columna «{c}» está en {vistos[c]}= y en {papel}=: cada columna tiene un "
                    "solo papel; quítala de uno de los dos."
                )
            vistos[c] = papel
    partes = len(elegidas["pregunta"]) + len(elegidas["contexto"])
    return {"tipo": "pares", "pregunta": elegidas["pregunta"],
            "respuesta": elegidas["respuesta"][0], "contexto": elegidas["contexto"],
            "sistema": None, "etiquetas": partes > 1}  # fmt: skip


# --- qué columna es cuál, sin papeles -----------------------------------------------------------


def es_numero(valor) -> bool:
    """¿Es un número, con coma o punto decimal («7», «3,5», «1.234,5»)? Un booleano no lo es."""
    if isinstance(valor, bool):
        return False
    if isinstance(valor, (int, float)):
        return True
    s = str(valor).strip().replace(" ", "").replace("\u00a0", "")
    if not s:
        return False
    try:
        float(s.replace(".", "").replace(",", ".") if "," in s else s)
        return True
    except ValueError:
        return False


def _valores(columna: str, muestra: list[dict]) -> list[str]:
    return [_texto(r.get(columna)) for r in muestra if _texto(r.get(columna)).strip()]


def _columnas_de_texto(columnas: list[str], muestra: list[dict]) -> list[tuple[float, str]]:
    """(largo medio, columna) de las columnas con algún valor que no es un número."""
    medias = []
    for c in columnas:
        valores = _valores(c, muestra)
        if valores and not all(es_numero(v) for v in valores):
            medias.append((sum(map(len, valores)) / len(valores), c))
    return medias


def sugerir_papeles(columnas: list[str], muestra: list[dict]) -> list[str]:
    """Las columnas con texto de verdad (frases: 20+ caracteres y 3+ palabras de media), si hay
    más de una; si no, una lista vacía."""
    sustanciales = []
    for media, c in _columnas_de_texto(columnas, muestra):
        valores = _valores(c, muestra)
        palabras = sum(len(v.split()) for v in valores) / len(valores)
        if media >= 20 and palabras >= 3:
            sustanciales.append(c)
    return sustanciales if len(sustanciales) > 1 else []


def elegir_columna_de_texto(columnas: list[str], muestra: list[dict], nombre: str) -> str:
    """La única columna con texto, o la claramente más larga; si no, error que pide elegir."""
    medias = sorted(_columnas_de_texto(columnas, muestra), reverse=True)
    if not medias:
        raise AfinarError(
            f"En «{nombre}» no hay ninguna columna de texto (solo números o celdas vacías en "
            f"{lista_columnas(columnas)}): comprueba que es el archivo correcto o añade una "
            "columna con los textos."
        )
    if len(medias) == 1 or (medias[0][0] >= 20 and medias[0][0] >= 2 * medias[1][0]):
        return medias[0][1]
    raise AfinarError(
        f"No sé qué columna de «{nombre}» tiene el texto (hay varias: {lista_columnas(columnas)}): "
        f'elígela con columna=, por ejemplo cargar_datos("{nombre}", columna="{medias[0][1]}").'
    )


def _columna_pedida(columna, columnas, muestra, nombre) -> dict:
    if columna in columnas:
        return {"tipo": "texto", "columna": columna}
    normales = {normal(c): c for c in columnas}
    if normal(columna) in normales:
        return {"tipo": "texto", "columna": normales[normal(columna)]}
    parecidas = difflib.get_close_matches(str(columna), columnas, n=1, cutoff=0.6)
    if parecidas:
        sugerida = parecidas[0]
    else:
        try:
            sugerida = elegir_columna_de_texto(columnas, muestra, nombre)
        except AfinarError:
            sugerida = columnas[0]
    raise AfinarError(
        f"La columna «{columna}» no está en «{nombre}»: las columnas son {lista_columnas(columnas)}; "
        f"escribe una de ellas, por ejemplo {_llamada(nombre, columna=sugerida)}."
    )


def _por_nombres(columnas: list[str]) -> dict | None:
    normales = {normal(c): c for c in columnas}
    for n in NOMBRES_CHAT:
        if n in normales:
            return {"tipo": "chat", "columna": normales[n]}
    for p, r in PARES:
        if p in normales and r in normales:
            contexto = [normales["input"]] if p == "instruction" and "input" in normales else []
            sistema = next((normales[s] for s in NOMBRES_SISTEMA if s in normales), None)
            return {"tipo": "pares", "pregunta": [normales[p]], "respuesta": normales[r],
                    "contexto": contexto, "sistema": sistema, "etiquetas": False}  # fmt: skip
    for n in NOMBRES_TEXTO:
        if n in normales:
            return {"tipo": "texto", "columna": normales[n]}
    return None


def planificar(columnas: list[str], muestra: list[dict], nombre: str, columna=None,
               papeles: dict | None = None) -> dict:  # fmt: skip
    """Decide cómo convertir cada registro: texto de una columna, chat, o pregunta/respuesta.

    ``papeles`` (de :func:`papeles_pedidos`) manda; después ``columna``; después los nombres
    conocidos; y si no, la única columna con texto de verdad. Con varias columnas de texto y
    ningún nombre conocido, para y enseña cómo decir los papeles.
    """
    if papeles is not None:
        return _plan_con_papeles(columnas, papeles, nombre)
    if columna is not None:
        return _columna_pedida(columna, columnas, muestra, nombre)
    plan = _por_nombres(columnas)
    if plan is not None:
        return plan
    varias = sugerir_papeles(columnas, muestra)
    if varias:
        *entrada, salida = varias
        pregunta = entrada[0] if len(entrada) == 1 else entrada
        raise AfinarError(
            f"«{nombre}» tiene varias columnas de texto ({lista_columnas(varias)}) y no sé qué "
            "papel tiene cada una: para enseñar a responder, di qué columnas forman la pregunta y "
            f"cuál es la respuesta, por ejemplo {_llamada(nombre, pregunta=pregunta, respuesta=salida)}"
            f"; para usar solo el texto de una, {_llamada(nombre, columna=salida)}."
        )
    return {"tipo": "texto", "columna": elegir_columna_de_texto(columnas, muestra, nombre)}


def papeles_del_plan(plan: dict) -> list[tuple[str, str]]:
    """(columna, papel) de cada columna que usa el plan, para el informe de lectura."""
    if plan["tipo"] == "texto":
        return [(plan["columna"], "texto")] if plan["columna"] is not None else []
    if plan["tipo"] == "chat":
        return [(plan["columna"], "conversación")]
    usadas = [(c, "pregunta") for c in plan["pregunta"]] + [(plan["respuesta"], "respuesta")]
    usadas += [(c, "contexto") for c in plan["contexto"]]
    return usadas + ([(plan["sistema"], "sistema")] if plan.get("sistema") else [])


# --- convertir cada registro ------------------------------------------------------------------


def _mensajes(valor, nombre: str, i: int) -> list[dict]:
    if isinstance(valor, str):
        valor = json.loads(valor)
    mensajes = []
    for m in valor or []:
        rol = m.get("role", m.get("from")) if isinstance(m, dict) else None
        contenido = m.get("content", m.get("value")) if isinstance(m, dict) else None
        if normal(rol) not in ROLES or not isinstance(contenido, str):
            raise AfinarError(
                f"El registro {i} de «{nombre}» tiene un mensaje sin «role» o «content» válidos "
                f"({str(m)[:60]}): cada mensaje debe ser como "
                '{"role": "user", "content": "..."}; corrígelo y vuelve a cargar.'
            )
        mensajes.append({"role": ROLES[normal(rol)], "content": contenido})
    return mensajes


def _texto(valor) -> str:
    if valor is None or (isinstance(valor, float) and valor != valor):  # None o NaN
        return ""
    return str(valor)


def _mensaje_de_usuario(registro: dict, plan: dict) -> str:
    partes = []
    for c in plan["pregunta"] + plan["contexto"]:
        valor = _texto(registro.get(c))
        if valor.strip():
            partes.append(f"{c}: {valor}" if plan["etiquetas"] else valor)
    return "\n\n".join(partes)


def _conversacion_trl(registro: dict, plan: dict, nombre: str, i: int) -> list[dict]:
    """prompt/completion «conversacional» de TRL: listas de mensajes, no textos."""
    mensajes = _mensajes(registro[plan["pregunta"][0]], nombre, i)
    respuesta = registro[plan["respuesta"]]
    if isinstance(respuesta, list):
        return mensajes + _mensajes(respuesta, nombre, i)
    return mensajes + [{"role": "assistant", "content": _texto(respuesta)}]


def convertir(registro, plan: dict, nombre: str, i: int, origen: str) -> dict:
    """El registro ``i`` como ``{"texto"|"messages", "origen"}`` según el plan."""
    tipo = plan["tipo"]
    if isinstance(registro, str) and tipo == "texto" and plan["columna"] is None:
        return {"texto": registro, "origen": origen}
    claves = [plan["columna"]] if tipo != "pares" else [*plan["pregunta"], plan["respuesta"]]
    if not isinstance(registro, dict) or any(c not in registro for c in claves):
        forma = sorted(registro) if isinstance(registro, dict) else type(registro).__name__
        raise AfinarError(
            f"«{nombre}» mezcla registros de formas distintas (el registro {i} es {forma} y "
            f"esperaba {claves}): deja un solo formato en todo el archivo y vuelve a cargarlo."
        )
    if tipo == "texto":
        return {"texto": _texto(registro[plan["columna"]]), "origen": origen}
    if tipo == "chat":
        return {"messages": _mensajes(registro[plan["columna"]], nombre, i), "origen": origen}
    if isinstance(registro[plan["pregunta"][0]], list):
        return {"messages": _conversacion_trl(registro, plan, nombre, i), "origen": origen}
    mensajes = [
        {"role": "user", "content": _mensaje_de_usuario(registro, plan)},
        {"role": "assistant", "content": _texto(registro[plan["respuesta"]])},
    ]
    if plan.get("sistema") and _texto(registro.get(plan["sistema"])).strip():
        mensajes.insert(0, {"role": "system", "content": _texto(registro[plan["sistema"]])})
    return {"messages": mensajes, "origen": origen}


def esta_vacia(fila: dict) -> bool:
    """¿No tiene ningún texto (ni en ``texto`` ni en ningún mensaje)?"""
    if tipo_de_datos(fila) == "texto":
        return not fila["texto"].strip()
    return not any(m["content"].strip() for m in fila["messages"])
