"""La plantilla de chat del modelo: qué tokens escribe el asistente, cómo se le pide que
hable y con qué token termina su turno.

Es el único sitio donde afinar decide esas tres cosas, para cualquier plantilla:

- :func:`tokenizar_conversacion` / :func:`tokenizar_conversaciones`: los ids de una
  conversación y su máscara (1 en los tokens que escribe el asistente: su texto y el
  token que cierra su turno, para que aprenda a callarse). Entrenar y medir la
  perplejidad usan la misma.
- :func:`entrada_de_chat`: los ids que se dan a ``generate`` (la conversación con el turno
  del asistente abierto).
- :func:`fin_de_turno`: los ids con los que termina un turno del asistente (para parar de
  generar y, al exportar, como palabras de parada).

Si la plantilla trae marcas ``{% generation %}`` (como la del modelo de bolsillo), las
usa. Si no (casi ninguna plantilla real las trae), lo deduce de la propia plantilla, sin
listas de modelos conocidos: la aplica dos veces, una con el texto del asistente tal cual
y otra con unas marcas invisibles (caracteres Unicode de uso privado) al principio y al
final de cada respuesta. Donde caen las marcas está el texto del asistente en la
conversación entera; lo que la plantilla escribe justo detrás, hasta el primer token
especial, es el cierre del turno. Después, los desplazamientos (``offsets``) del
tokenizador rápido pasan de caracteres a tokens. Así funcionan igual las plantillas que
meten un mensaje de sistema por defecto (SmolLM2, Llama 3.x con su fecha), las que meten
el de sistema dentro del primer turno del usuario (Gemma) o del último (Mistral), las que
recortan espacios (``| trim``) o ignoran ``add_generation_prompt``.

Como en ``apply_chat_template``, se tokeniza sin añadir tokens especiales: el BOS sale una vez.
"""

from __future__ import annotations

import re

from afinar.errores import AfinarError

_MARCAS_GENERACION = re.compile(r"\{%-?\s*generation\s*-?%\}")
_USO_PRIVADO = (0xE000, 0xF8FF)  # caracteres que ningún texto real usa
_PRIVADOS = re.compile(f"[{chr(_USO_PRIVADO[0])}-{chr(_USO_PRIVADO[1])}]")
_BORDES: dict[tuple, tuple[str, str]] = {}  # plantilla → (preámbulo, cierre)



def _plantilla(tokenizer) -> str:
    """La plantilla de chat del tokenizador, o un AfinarError si no tiene."""
    if not getattr(tokenizer, "chat_template", None):
        raise AfinarError(
            "Este tokenizador no tiene plantilla de chat: es un modelo base, que continúa "
            "textos y no entiende una lista de mensajes. Usa un modelo «-Instruct» o datos "
            "de texto (columna «texto»)."
        )
    return tokenizer.get_chat_template()


def _comprobar_rapido(tokenizer) -> None:
    if not getattr(tokenizer, "is_fast", False):
        raise AfinarError(
            f"El tokenizador {type(tokenizer).__name__} no es «rápido» (de la biblioteca "
            "tokenizers) y hace falta para saber qué tokens son del asistente: cárgalo con "
            "AutoTokenizer.from_pretrained(..., use_fast=True)."
        )


def _comprobar_mensajes(mensajes, numero: int | None = None) -> list[dict]:
    donde = "" if numero is None else f" (conversación {numero + 1})"
    if isinstance(mensajes, (dict, str)) or not hasattr(mensajes, "__iter__"):
        raise AfinarError(
            f"Una conversación{donde} tiene que ser una lista de mensajes "
            f"{{'role': ..., 'content': ...}}, no {type(mensajes).__name__}."
        )
    mensajes = list(mensajes)
    if not mensajes:
        raise AfinarError(f"Hay una conversación vacía{donde}: necesita al menos un mensaje.")
    for mensaje in mensajes:
        if not isinstance(mensaje, dict) or "role" not in mensaje:
            raise AfinarError(
                f"Cada mensaje{donde} tiene que ser un diccionario con «role» y «content», "
                f"y uno es {mensaje!r}."
            )
        if mensaje["role"] == "assistant" and not isinstance(mensaje.get("content"), str):
            raise AfinarError(
                f"Un mensaje del asistente{donde} no tiene texto en «content» "
                f"({mensaje.get('content')!r}): cada respuesta tiene que ser un texto."
            )
    return mensajes


def _aplicar(tokenizer, conversaciones: list[list[dict]], **opciones) -> list[str]:
    """Aplica la plantilla a varias conversaciones y devuelve los textos."""
    try:
        return tokenizer.apply_chat_template(conversaciones, tokenize=False, **opciones)
    except Exception as error:  # noqa: BLE001 - jinja2 lanza sus propios tipos
        raise AfinarError(
            f"La plantilla de chat del modelo rechaza una conversación: «{error}». Revisa el "
            "orden de los roles (muchas plantillas exigen usuario y asistente alternados, con "
            "un mensaje de sistema opcional al principio)."
        ) from error


def _especiales(tokenizer) -> list[str]:
    """Tokens especiales y añadidos del tokenizador (sin los que son solo espacios)."""
    nombres = set(tokenizer.all_special_tokens)
    nombres |= {t.content for t in tokenizer.added_tokens_decoder.values()}
    return sorted((n for n in nombres if n and not n.isspace()), key=len, reverse=True)


# ---------------------------------------------------------------- marcas invisibles


def _centinelas(mensajes: list[dict]) -> tuple[list[int], int]:
    """Índices de los mensajes del asistente y el primer carácter de uso privado libre."""
    asistente = [i for i, m in enumerate(mensajes) if m["role"] == "assistant"]
    usados = {ord(c) for m in mensajes for c in _PRIVADOS.findall(str(m.get("content", "")))}
    base = _USO_PRIVADO[0]
    while any(base + k in usados for k in range(2 * len(asistente))):
        base += 1
        if base + 2 * len(asistente) > _USO_PRIVADO[1]:
            raise AfinarError(
                "Una conversación usa tantos caracteres Unicode de uso privado que no queda "
                "ninguno libre para marcar las respuestas: quítalos de los datos."
            )
    return asistente, base


def _marcar(mensajes: list[dict], asistente: list[int], base: int, dentro: bool) -> list[dict]:
    """Copia de la conversación con una marca al principio y otra al final de cada respuesta.

    Con ``dentro=False`` las marcas rodean el texto entero; con ``dentro=True`` van por
    dentro de los espacios del borde, para las plantillas que los recortan (``| trim``).
    """
    marcados = list(mensajes)
    for k, i in enumerate(asistente):
        texto = mensajes[i]["content"]
        abre, cierra = chr(base + 2 * k), chr(base + 2 * k + 1)
        if dentro:
            nucleo = texto.strip()
            inicio = len(texto) - len(texto.lstrip())
            marcado = (texto[:inicio] + abre + nucleo + cierra + texto[inicio + len(nucleo):])
        else:
            marcado = abre + texto + cierra
        marcados[i] = {**mensajes[i], "content": marcado}
    return marcados


def _posiciones(texto: str, marcado: str, n: int, base: int) -> list[tuple[int, int]] | None:
    """Dónde caen las marcas de cada respuesta en ``texto`` (la conversación sin marcas), o
    None si quitar las marcas no devuelve exactamente ``texto`` (la plantilla las movió)."""
    marcas = re.compile(f"[{chr(base)}-{chr(base + 2 * n - 1)}]")
    inicios: dict[int, int] = {}
    for quitadas, encontrada in enumerate(marcas.finditer(marcado)):
        codigo = ord(encontrada.group()) - base
        if codigo in inicios:
            raise AfinarError(
                "La plantilla de chat escribe dos veces la misma respuesta del asistente, "
                "así que no puedo saber cuál aprende el modelo: usa otro modelo o datos de "
                "texto."
            )
        inicios[codigo] = encontrada.start() - quitadas
    if len(inicios) != 2 * n or marcas.sub("", marcado) != texto:
        return None
    return [(inicios[2 * k], inicios[2 * k + 1]) for k in range(n)]


def _tramos_de_contenido(tokenizer, lote: list[list[dict]]) -> list[tuple[str, list]]:
    """Para cada conversación: su texto con la plantilla y, por cada respuesta del
    asistente, el tramo de caracteres (inicio, fin) que ocupa su contenido.

    Primero con las marcas rodeando cada respuesta entera; si la plantilla recorta los
    espacios del borde (y así mueve las marcas), otra vez con las marcas por dentro.
    """
    datos = [_centinelas(mensajes) for mensajes in lote]
    marcados = [_marcar(m, a, b, dentro=False) for m, (a, b) in zip(lote, datos, strict=True)]
    textos = _aplicar(tokenizer, list(lote) + marcados)
    textos, marcados = textos[: len(lote)], textos[len(lote):]
    tramos = [_posiciones(t, m, len(a), b)
              for t, m, (a, b) in zip(textos, marcados, datos, strict=True)]
    repetir = [c for c, t in enumerate(tramos) if t is None]
    if repetir:
        dentro = _aplicar(tokenizer, [_marcar(lote[c], *datos[c], dentro=True) for c in repetir])
        for c, marcado in zip(repetir, dentro, strict=True):
            tramos[c] = _posiciones(textos[c], marcado, len(datos[c][0]), datos[c][1])
            if tramos[c] is None:
                raise AfinarError(
                    f"La plantilla de chat cambia o no escribe el texto de alguna respuesta del "
                    f"asistente en la conversación {c + 1} (p. ej. la deja vacía o la recorta a "
                    "su manera), así que no puedo saber qué tokens son suyos: revisa que cada "
                    "respuesta tenga texto, o usa datos de texto."
                )
    return list(zip(textos, tramos, strict=True))


# ---------------------------------------------------------------- bordes del turno


def _bordes(tokenizer) -> tuple[str, str]:
    """(preámbulo, cierre) del turno del asistente, deducidos de la propia plantilla.

    El cierre es lo que la plantilla escribe detrás de la respuesta hasta su primer token
    especial incluido (``<|im_end|>``, ``<|eot_id|>``, ``<end_of_turn>``, ``</s>``…). El
    preámbulo es lo que escribe delante de la respuesta pero después de donde acaba la
    entrada para generar (``add_generation_prompt=True``), así que también lo escribe el
    modelo: el espacio de Mistral tras ``[/INST]``; en casi todas, nada. Se deducen de una
    conversación de prueba y se guardan por plantilla.
    """
    plantilla = _plantilla(tokenizer)
    clave = (plantilla, tuple(_especiales(tokenizer)), tuple(sorted(
        (k, str(v)) for k, v in tokenizer.special_tokens_map.items())))
    if clave not in _BORDES:
        _BORDES[clave] = _deducir_bordes(tokenizer)
    return _BORDES[clave]


def _deducir_bordes(tokenizer) -> tuple[str, str]:
    pruebas = [
        [{"role": "user", "content": "Hola"}, {"role": "assistant", "content": "Adiós"}],
        [{"role": "system", "content": "Sé breve."}, {"role": "user", "content": "Hola"},
         {"role": "assistant", "content": "Adiós"}],
    ]
    especiales = _especiales(tokenizer)
    patron = re.compile("|".join(re.escape(t) for t in especiales)) if especiales else None
    for prueba in pruebas:
        try:  # algunas plantillas rechazan el mensaje de sistema y otras lo exigen
            abierta = _aplicar(tokenizer, [prueba[:-1]], add_generation_prompt=True)[0]
            _aplicar(tokenizer, [prueba])
        except AfinarError:
            continue
        ((texto, tramos),) = _tramos_de_contenido(tokenizer, [prueba])
        inicio, fin = tramos[0]
        detras = texto[fin:]
        encontrado = patron.search(detras) if patron else None
        if encontrado is None or detras[: encontrado.start()].strip():
            raise AfinarError(
                "La plantilla de chat de este modelo no cierra el turno del asistente con un "
                f"token especial (detrás de la respuesta escribe {detras[:40]!r}), así que el "
                "modelo no aprendería a parar: usa un modelo «-Instruct» con una plantilla "
                "que lo haga, o datos de texto."
            )
        abre = len(abierta) <= inicio and texto.startswith(abierta)
        return (texto[len(abierta):inicio] if abre else ""), detras[: encontrado.end()]
    raise AfinarError(
        "La plantilla de chat de este modelo rechaza hasta una conversación de prueba "
        "(usuario y asistente): no puedo usarla para entrenar ni para generar."
    )


def _bos_del_tokenizador(tokenizer) -> int | None:
    """El id del BOS que el tokenizador pone delante de cada texto, si lo pone."""
    bos = tokenizer.bos_token_id
    if bos is None:
        return None
    con = tokenizer("a")["input_ids"]
    sin = tokenizer("a", add_special_tokens=False)["input_ids"]
    return bos if con[:1] == [bos] and con[1 : len(sin) + 1] == sin else None


def _con_bos(ids: list[int], mascara: list[int], bos: int | None):
    """Pone el BOS del tokenizador delante si la plantilla no lo escribe (nunca dos)."""
    if bos is None or ids[:1] == [bos]:
        return ids, mascara
    return [bos, *ids], [0, *mascara]


# ---------------------------------------------------------------- la máscara


def _tramos_del_asistente(tokenizer, lote: list[list[dict]]) -> list[tuple[str, list]]:
    """Texto de cada conversación y tramos del asistente: contenido + cierre del turno."""
    preambulo, cierre = _bordes(tokenizer)
    # Entre la respuesta y el cierre solo puede haber espacios que la plantilla conserva.
    hasta_cierre = re.compile(r"\s*" + re.escape(cierre))
    resultado = []
    for numero, (texto, tramos) in enumerate(_tramos_de_contenido(tokenizer, lote)):
        completos = []
        for inicio, fin in tramos:
            encontrado = hasta_cierre.match(texto, fin)
            if encontrado is None:
                raise AfinarError(
                    f"En la conversación {numero + 1}, una respuesta del asistente no termina "
                    f"con el cierre de turno de la plantilla ({cierre!r}) sino con "
                    f"{texto[fin:fin + 30]!r}: no puedo marcar bien sus tokens. Revisa esa "
                    "conversación (roles y orden de los mensajes)."
                )
            if preambulo and texto[:inicio].endswith(preambulo):
                inicio -= len(preambulo)
            completos.append((inicio, encontrado.end()))
        resultado.append((texto, completos))
    return resultado


def _mascara(desplazamientos, tramos) -> list[int]:
    """1 en cada token que toca un tramo (del que contiene su primer carácter al que
    contiene el último, como hace transformers con ``{% generation %}``)."""
    mascara = [0] * len(desplazamientos)
    t = 0
    for inicio, fin in tramos:
        while t < len(desplazamientos) and desplazamientos[t][1] <= inicio:
            t += 1
        while t < len(desplazamientos) and desplazamientos[t][0] < fin:
            mascara[t] = 1
            t += 1
    return mascara


def _con_marcas(tokenizer, lote) -> dict:
    salida = tokenizer.apply_chat_template(
        lote, tokenize=True, return_dict=True, return_assistant_tokens_mask=True
    )
    return {"input_ids": [list(f) for f in salida["input_ids"]],
            "mascara": [list(m) for m in salida["assistant_masks"]]}


def _derivada(tokenizer, lote) -> dict:
    textos_y_tramos = _tramos_del_asistente(tokenizer, lote)
    codificado = tokenizer(
        [texto for texto, _ in textos_y_tramos],
        add_special_tokens=False,
        return_offsets_mapping=True,
    )
    mascaras = [
        _mascara(desplazamientos, tramos)
        for desplazamientos, (_, tramos) in zip(
            codificado["offset_mapping"], textos_y_tramos, strict=True
        )
    ]
    return {"input_ids": [list(f) for f in codificado["input_ids"]], "mascara": mascaras}


def tokenizar_conversaciones(tokenizer, lote_de_mensajes, *, max_length: int | None = None) -> dict:
    """Tokeniza varias conversaciones con la plantilla de chat del modelo.

    Devuelve ``{"input_ids": [...], "mascara": [...]}``, una lista por conversación. La
    máscara vale 1 en los tokens que escribe el asistente (el texto de cada respuesta y el
    token que cierra su turno) y 0 en todo lo demás: sistema, usuario, cabeceras de rol y
    lo que la plantilla escriba después del cierre (como el salto de línea tras
    ``<|im_end|>``). Con ``max_length`` se corta cada conversación por el final.

    Lanza AfinarError si el tokenizador no tiene plantilla de chat (modelo base), si la
    plantilla rechaza una conversación, o si no se puede saber con certeza qué tokens son
    del asistente (nunca devuelve una máscara dudosa).
    """
    plantilla = _plantilla(tokenizer)
    _comprobar_rapido(tokenizer)
    lote = [_comprobar_mensajes(m, i) for i, m in enumerate(lote_de_mensajes)]
    if not lote:
        return {"input_ids": [], "mascara": []}
    if _MARCAS_GENERACION.search(plantilla):
        salida = _con_marcas(tokenizer, lote)
    else:
        salida = _derivada(tokenizer, lote)
    bos = _bos_del_tokenizador(tokenizer)
    pares = [_con_bos(i, m, bos) for i, m in zip(salida["input_ids"], salida["mascara"],
                                                     strict=True)]
    salida = {"input_ids": [i for i, _ in pares], "mascara": [m for _, m in pares]}
    if max_length is not None:
        salida = {clave: [fila[:max_length] for fila in filas] for clave, filas in salida.items()}
    return salida


def tokenizar_conversacion(tokenizer, mensajes, *, max_length: int | None = None):
    """Los ids de una conversación y su máscara: 1 en los tokens que escribe el asistente.

    Devuelve ``(input_ids, mascara)``, dos listas del mismo largo. Ver
    :func:`tokenizar_conversaciones` (la misma decisión, para muchas a la vez).
    """
    salida = tokenizar_conversaciones(tokenizer, [mensajes], max_length=max_length)
    return salida["input_ids"][0], salida["mascara"][0]


# ---------------------------------------------------------------- generar


def entrada_de_chat(tokenizer, mensajes) -> list[int]:
    """Los ids que se dan a ``generate``: la conversación con el turno del asistente
    abierto (``add_generation_prompt=True``), tal como la escribe la plantilla."""
    _plantilla(tokenizer)
    mensajes = _comprobar_mensajes(mensajes)
    texto = _aplicar(tokenizer, [mensajes], add_generation_prompt=True)[0]
    ids = list(tokenizer(texto, add_special_tokens=False)["input_ids"])
    return _con_bos(ids, [], _bos_del_tokenizador(tokenizer))[0]


def fin_de_turno(tokenizer, generation_config=None) -> list[int]:
    """Los ids de los tokens con los que termina un turno del asistente.

    Primero el que escribe la plantilla al cerrar cada respuesta (``<|im_end|>``,
    ``<|eot_id|>``, ``<end_of_turn>``, ``</s>``…), deducido de la propia plantilla; después
    los ``eos_token_id`` de ``generation_config`` y el del tokenizador, sin repetir. Sin
    plantilla de chat (modelo base), solo estos últimos.
    """
    ids: list[int] = []
    if getattr(tokenizer, "chat_template", None):
        _, cierre = _bordes(tokenizer)
        especial = next(t for t in _especiales(tokenizer) if cierre.endswith(t))
        ids.append(tokenizer.convert_tokens_to_ids(especial))
    fin = getattr(generation_config, "eos_token_id", None)
    fin = list(fin) if isinstance(fin, (list, tuple)) else [fin]
    for i in (*fin, tokenizer.eos_token_id):
        if i is not None and int(i) not in ids:
            ids.append(int(i))
    return ids
