"""Qué columna es el texto y cómo se convierte cada registro en ``texto`` o ``messages``.

Lo usa :mod:`afinar.datos.lectura` para todos los formatos: CSV, Excel, JSON, listas y DataFrames.
"""

from __future__ import annotations

import difflib
import json
import unicodedata

from afinar.errores import AfinarError

NOMBRES_TEXTO = [
    "texto",
    "text",
    "contenido",
    "content",
    "cuerpo",
    "body",
    "mensaje",
    "message",
    "comentario",
    "comentarios",
    "opinion",
    "resena",
    "review",
    "descripcion",
    "description",
    "documento",
    "document",
    "sample",
    "samples",
    "frase",
    "parrafo",
]
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


def _normal(nombre: object) -> str:
    """Nombre de columna comparable: minúsculas, sin tildes ni espacios."""
    s = unicodedata.normalize("NFKD", str(nombre).strip().lower())
    return "".join(c for c in s if not unicodedata.combining(c)).replace(" ", "_")


def lista_columnas(columnas) -> str:
    return ", ".join(f"«{c}»" for c in columnas)


# --- qué columna es el texto -----------------------------------------------------------------


def _es_numero(valor) -> bool:
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


def _sugerencia(columna, columnas: list[str], muestra: list[dict], nombre: str) -> str:
    """La columna más parecida a la que se escribió o, si ninguna se parece, la de texto."""
    parecidas = difflib.get_close_matches(str(columna), columnas, n=1, cutoff=0.6)
    if parecidas:
        return parecidas[0]
    try:
        plan = planificar(columnas, muestra, nombre)
    except AfinarError:
        return columnas[0]
    return plan["columna"] if plan["tipo"] == "texto" else columnas[0]


def planificar(columnas: list[str], muestra: list[dict], nombre: str, columna=None) -> dict:
    """Decide cómo convertir cada registro: texto de una columna, chat, o pares pregunta/respuesta."""
    normales = {_normal(c): c for c in columnas}
    if columna is not None:
        if columna in columnas:
            return {"tipo": "texto", "columna": columna}
        if _normal(columna) in normales:
            return {"tipo": "texto", "columna": normales[_normal(columna)]}
        raise AfinarError(
            f"La columna «{columna}» no está en «{nombre}»: las columnas son {lista_columnas(columnas)}; "
            f'escribe una de ellas, por ejemplo cargar_datos("{nombre}", '
            f'columna="{_sugerencia(columna, columnas, muestra, nombre)}").'
        )
    for n in NOMBRES_CHAT:
        if n in normales:
            return {"tipo": "chat", "columna": normales[n]}
    for p, r in PARES:
        if p in normales and r in normales:
            plan = {"tipo": "pares", "pregunta": normales[p], "respuesta": normales[r]}
            if p == "instruction" and "input" in normales:
                plan["contexto"] = normales["input"]
            sistema = next((normales[s] for s in NOMBRES_SISTEMA if s in normales), None)
            if sistema:
                plan["sistema"] = sistema
            return plan
    for n in NOMBRES_TEXTO:
        if n in normales:
            return {"tipo": "texto", "columna": normales[n]}

    def valores(c):
        return [r.get(c) for r in muestra if r.get(c) not in (None, "")]

    de_texto = [c for c in columnas if valores(c) and not all(_es_numero(v) for v in valores(c))]
    if not de_texto:
        raise AfinarError(
            f"En «{nombre}» no hay ninguna columna de texto (solo números o celdas vacías en "
            f"{lista_columnas(columnas)}): comprueba que es el archivo correcto o añade una columna con "
            "los textos."
        )
    medias = sorted(((sum(len(str(v)) for v in valores(c)) / len(valores(c)), c) for c in de_texto),
                    reverse=True)  # fmt: skip
    if len(medias) == 1 or (medias[0][0] >= 20 and medias[0][0] >= 2 * medias[1][0]):
        return {"tipo": "texto", "columna": medias[0][1]}
    raise AfinarError(
        f"No sé qué columna de «{nombre}» tiene el texto (hay varias: {lista_columnas(columnas)}): "
        f'elígela con columna=, por ejemplo cargar_datos("{nombre}", columna="{medias[0][1]}").'
    )


def _mensajes(valor, nombre: str, i: int) -> list[dict]:
    if isinstance(valor, str):
        valor = json.loads(valor)
    mensajes = []
    for m in valor or []:
        rol = m.get("role", m.get("from")) if isinstance(m, dict) else None
        contenido = m.get("content", m.get("value")) if isinstance(m, dict) else None
        if _normal(rol) not in ROLES or not isinstance(contenido, str):
            raise AfinarError(
                f"El registro {i} de «{nombre}» tiene un mensaje sin «role» o «content» válidos "
                f"({str(m)[:60]}): cada mensaje debe ser como "
                '{"role": "user", "content": "..."}; corrígelo y vuelve a cargar.'
            )
        mensajes.append({"role": ROLES[_normal(rol)], "content": contenido})
    return mensajes


def _texto(valor) -> str:
    if valor is None or (isinstance(valor, float) and valor != valor):  # None o NaN
        return ""
    return str(valor)


def convertir(registro, plan: dict, nombre: str, i: int, origen: str) -> dict:
    tipo = plan["tipo"]
    claves = [plan["columna"]] if tipo != "pares" else [plan["pregunta"], plan["respuesta"]]
    if isinstance(registro, str) and tipo == "texto" and plan["columna"] is None:
        return {"texto": registro, "origen": origen}
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
    pregunta = _texto(registro[plan["pregunta"]])
    if plan.get("contexto") and _texto(registro.get(plan["contexto"])).strip():
        pregunta += "\n\n" + _texto(registro[plan["contexto"]])
    mensajes = [
        {"role": "user", "content": pregunta},
        {"role": "assistant", "content": _texto(registro[plan["respuesta"]])},
    ]
    if plan.get("sistema") and _texto(registro.get(plan["sistema"])).strip():
        mensajes.insert(0, {"role": "system", "content": _texto(registro[plan["sistema"]])})
    return {"messages": mensajes, "origen": origen}
