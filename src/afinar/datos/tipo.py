"""Qué clase de datos es un Dataset: conversaciones (chat) o texto plano. La única decisión.

Un Dataset de afinar tiene la columna ``messages`` (conversaciones: lista de
``{"role", "content"}``) o la columna ``texto`` (texto plano). Si tuviera las dos, manda el chat:
es lo más rico (cada respuesta sabe a qué pregunta responde). Todo lo que necesita saberlo
(leer, limpiar, anonimizar, tokenizar, entrenar, evaluar) pregunta aquí.
"""

from __future__ import annotations

from afinar.errores import AfinarError

COLUMNAS = {"chat": "messages", "texto": "texto"}


def _columnas(datos) -> list[str]:
    if hasattr(datos, "column_names"):
        columnas = datos.column_names
        # un DatasetDict da un diccionario {partición: columnas}
        return list(next(iter(columnas.values()))) if isinstance(columnas, dict) else columnas
    return list(datos)  # una fila (dict) o una lista de nombres de columna


def tipo_de_datos(datos) -> str:
    """``"chat"`` o ``"texto"`` para un Dataset, un DatasetDict, una fila o una lista de columnas."""
    columnas = _columnas(datos)
    for tipo, columna in COLUMNAS.items():
        if columna in columnas:
            return tipo
    lista = ", ".join(f"«{c}»" for c in columnas[:20]) + (" …" if len(columnas) > 20 else "")
    raise AfinarError(
        f"Este Dataset no tiene columna «texto» ni «messages» (tiene {lista}): cárgalo con "
        "cargar_datos(...), o renombra su columna de texto con "
        'ds.rename_column("tu_columna", "texto").'
    )


def columna_principal(datos) -> str:
    """La columna con lo que se aprende: «messages» (chat) o «texto»."""
    return COLUMNAS[tipo_de_datos(datos)]


def textos(ds, tokenizer=None, n: int | None = None) -> list[str]:
    """Los textos de ``ds`` (las ``n`` primeras filas, o todas) para leerlos o tokenizarlos.

    Con texto plano, la columna ``texto``. Con conversaciones, cada una en un texto: con
    ``tokenizer``, exactamente como la verá el modelo (su plantilla de chat); sin él, un
    mensaje por línea («user: …», «assistant: …»).
    """
    if n is not None:
        ds = ds.select(range(min(n, len(ds))))
    if tipo_de_datos(ds) == "texto":
        return list(ds["texto"])
    conversaciones = list(ds["messages"])
    if tokenizer is not None and getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(conversaciones, tokenize=False)
    return ["\n".join(f"{m['role']}: {m['content']}" for m in c) for c in conversaciones]


def formatear_chat(ds, tokenizer, *, generacion: bool = False):
    """Convierte cada conversación (``messages``) en el texto exacto que verá el modelo.

    Usa la plantilla de chat del propio modelo (``tokenizer.apply_chat_template``), con sus
    marcas de turno. El resultado tiene la columna ``texto`` en lugar de ``messages``. Con
    ``generacion=True`` deja abierto el turno del asistente (lo que se hace al preguntar).
    """
    if tipo_de_datos(ds) != "chat":
        raise AfinarError(
            "formatear_chat necesita la columna «messages» (conversaciones); este Dataset tiene "
            f"{ds.column_names}: si es texto plano, no hace falta formatearlo."
        )
    if not getattr(tokenizer, "chat_template", None):
        raise AfinarError(
            "Este tokenizador no tiene plantilla de chat (chat_template): usa un modelo «Instruct» "
            "o «chat», o entrena con texto plano."
        )

    def lote(filas):
        return {"texto": tokenizer.apply_chat_template(filas["messages"], tokenize=False,
                                                       add_generation_prompt=generacion)}  # fmt: skip

    return ds.map(
        lote, batched=True, remove_columns=["messages"], desc="Aplicando la plantilla de chat"
    )
