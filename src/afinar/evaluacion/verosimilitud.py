"""Cuánta probabilidad da un modelo a un texto: la base de clasificar, de medir sesgos y de
medir memorización.

La **log-verosimilitud** de un trozo de texto es la suma de los logaritmos de la probabilidad
que el modelo dio a cada uno de sus tokens, sabiendo lo anterior. Es negativa; cuanto más cerca
de 0, más «esperaba» el modelo ese texto.

- :func:`log_verosimilitudes`: para secuencias de ids con una máscara (qué tokens cuentan).
- :func:`de_frases`: de frases completas (se cuenta desde el primer token).
- :func:`de_continuaciones`: de varias continuaciones de un mismo comienzo (solo cuenta la
  continuación).
- :func:`de_respuestas`: de la última respuesta del asistente en conversaciones de chat (con la
  plantilla del modelo: `afinar.generacion.plantillas.tokenizar_conversaciones`).
"""

from __future__ import annotations

from afinar.errores import AfinarError
from afinar.generacion.plantillas import tokenizar_conversaciones
from afinar.modelos.carga import id_de_relleno


def log_verosimilitudes(modelo, tokenizer, secuencias, *, lote: int = 16) -> list[float]:
    """La suma de log-probabilidades de los tokens marcados de cada secuencia.

    ``secuencias``: pares ``(ids, mascara)`` de listas del mismo largo; la máscara vale 1 en
    los tokens que cuentan. El primer token nunca cuenta (no hay nada antes que lo prediga).
    """
    import torch

    comprobar_largo(modelo, secuencias)
    relleno = id_de_relleno(tokenizer)
    puntuaciones: list[float] = []
    entrenando = modelo.training
    modelo.eval()
    try:
        with torch.no_grad():
            for inicio in range(0, len(secuencias), lote):
                puntuaciones.extend(_lote(modelo, secuencias[inicio : inicio + lote], relleno))
    finally:
        modelo.train(entrenando)
    return puntuaciones


def _lote(modelo, grupo, relleno: int) -> list[float]:
    import torch

    largo = max(len(ids) for ids, _ in grupo)
    ids = torch.full((len(grupo), largo), relleno)
    mascara = torch.zeros((len(grupo), largo), dtype=torch.long)
    atencion = torch.zeros((len(grupo), largo), dtype=torch.long)
    for i, (fila, cuenta) in enumerate(grupo):
        if len(fila) != len(cuenta):
            raise AfinarError("Cada secuencia necesita una máscara del mismo largo que sus ids.")
        ids[i, : len(fila)] = torch.tensor(fila)
        mascara[i, : len(fila)] = torch.tensor(cuenta)
        atencion[i, : len(fila)] = 1
    dispositivo = modelo.device
    logits = modelo(input_ids=ids.to(dispositivo), attention_mask=atencion.to(dispositivo)).logits
    logp = torch.log_softmax(logits[:, :-1].float(), dim=-1)
    objetivo = ids[:, 1:].to(logp.device)
    por_token = logp.gather(-1, objetivo.unsqueeze(-1)).squeeze(-1)
    return (por_token * mascara[:, 1:].to(logp.device)).sum(dim=1).tolist()


def token_inicial(tokenizer) -> int | None:
    """El token con el que empieza un documento (``bos``; si no hay, el de fin de texto, como
    en GPT-2), para que también cuente el primer token de una frase."""
    for token in (tokenizer.bos_token_id, tokenizer.eos_token_id):
        if token is not None:
            return int(token)
    return None


def de_frases(modelo, tokenizer, frases: list[str], *, lote: int = 16) -> list[float]:
    """La log-verosimilitud de cada frase completa (con el token de inicio delante)."""
    inicial = token_inicial(tokenizer)
    secuencias = []
    for frase in frases:
        ids = list(tokenizer(frase, add_special_tokens=False)["input_ids"])
        if inicial is not None:
            ids = [inicial, *ids]
        secuencias.append((ids, [0] + [1] * (len(ids) - 1)))
    return log_verosimilitudes(modelo, tokenizer, secuencias, lote=lote)


def de_continuaciones(modelo, tokenizer, comienzo: str, continuaciones: list[str], *,
                      lote: int = 16) -> list[float]:  # fmt: skip
    """La log-verosimilitud de cada continuación después del mismo ``comienzo``.

    Se tokeniza cada texto entero (``comienzo + continuacion``, como se vería al entrenar) y
    cuentan los tokens que empiezan dentro de la continuación. El comienzo se calcula una sola
    vez (:func:`de_candidatos`).
    """
    inicial = token_inicial(tokenizer)
    secuencias = []
    for continuacion in continuaciones:
        codificado = tokenizer(comienzo + continuacion, add_special_tokens=False,
                               return_offsets_mapping=True)  # fmt: skip
        ids = list(codificado["input_ids"])
        cuenta = [int(a >= len(comienzo)) for a, _ in codificado["offset_mapping"]]
        if inicial is not None:
            ids, cuenta = [inicial, *ids], [0, *cuenta]
        secuencias.append((ids, cuenta))
    return de_candidatos(modelo, [secuencias], lote=lote)[0]


def _comun(secuencias) -> int:
    """Cuántos tokens del principio comparten todas las secuencias (dejando al menos uno
    propio a cada una)."""
    corto = min(len(ids) for ids, _ in secuencias)
    n = 0
    while n < corto - 1 and len({ids[n] for ids, _ in secuencias}) == 1:
        n += 1
    return n


def comprobar_largo(modelo, secuencias) -> None:
    """Lanza AfinarError si alguna secuencia no cabe en el modelo (sus posiciones)."""
    config = getattr(modelo, "config", None)
    maximo = next((getattr(config, c) for c in ("max_position_embeddings", "n_positions")
                   if isinstance(getattr(config, c, None), int)), None)  # fmt: skip
    largo = max((len(ids) for ids, _ in secuencias), default=0)
    if maximo is not None and largo > maximo:
        raise AfinarError(
            f"Una de las preguntas tiene {largo} tokens y el modelo solo admite {maximo}: pon "
            "menos ejemplos en la pregunta o usa textos más cortos."
        )


def de_candidatos(modelo, grupos, *, lote: int = 16) -> list[list[float]]:
    """Como :func:`log_verosimilitudes`, por grupos de secuencias que empiezan igual (las
    respuestas posibles a una misma pregunta): el comienzo común de cada grupo pasa por el
    modelo una sola vez y su memoria (la caché de claves y valores) se reutiliza para cada
    candidata. Da lo mismo que calcularlas enteras, en una fracción del tiempo."""
    import torch

    comprobar_largo(modelo, [s for grupo in grupos for s in grupo])
    entrenando = modelo.training
    modelo.eval()
    try:
        with torch.no_grad():
            return [
                [p for inicio in range(0, len(grupo), lote)
                 for p in _con_comienzo(modelo, grupo[inicio : inicio + lote])]
                for grupo in grupos
            ]  # fmt: skip
    finally:
        modelo.train(entrenando)


def _nombre_de_la_cache(modelo) -> str:
    """Transformers 5.24 llama ``cache`` a lo que antes era ``past_key_values`` (y avisa si se
    usa el nombre viejo); Colab puede tener una versión anterior."""
    import inspect

    base = modelo.get_base_model() if hasattr(modelo, "get_base_model") else modelo
    return "cache" if "cache" in inspect.signature(base.forward).parameters else "past_key_values"


def _con_comienzo(modelo, grupo) -> list[float]:
    import torch

    n = _comun(grupo)
    if n == 0:
        return [_lote(modelo, [s], 0)[0] for s in grupo]
    dispositivo = modelo.device
    comienzo = torch.tensor([grupo[0][0][:n]], device=dispositivo)
    salida = modelo(input_ids=comienzo, use_cache=True)
    logp_comienzo = torch.log_softmax(salida.logits[0].float(), dim=-1)
    cache = getattr(salida, "cache", None) or salida.past_key_values
    cache.batch_repeat_interleave(len(grupo))
    largo = max(len(ids) for ids, _ in grupo) - n
    resto = torch.zeros((len(grupo), largo), dtype=torch.long)
    atencion = torch.zeros((len(grupo), n + largo), dtype=torch.long)
    atencion[:, :n] = 1
    for i, (ids, _) in enumerate(grupo):
        resto[i, : len(ids) - n] = torch.tensor(ids[n:])
        atencion[i, n : len(ids)] = 1
    logits = modelo(input_ids=resto.to(dispositivo), attention_mask=atencion.to(dispositivo),
                    **{_nombre_de_la_cache(modelo): cache}).logits  # fmt: skip
    logp_resto = torch.log_softmax(logits.float(), dim=-1)
    puntuaciones = []
    for i, (ids, cuenta) in enumerate(grupo):
        # el token t lo predice la posición t - 1: en el comienzo o en el resto
        total = sum(float(logp_comienzo[t - 1, ids[t]]) for t in range(1, n + 1) if cuenta[t])
        total += sum(float(logp_resto[i, t - n - 1, ids[t]])
                     for t in range(n + 1, len(ids)) if cuenta[t])  # fmt: skip
        puntuaciones.append(total)
    return puntuaciones


def solo_la_ultima(mascara: list[int]) -> list[int]:
    """La máscara con solo su último tramo de unos (la última respuesta del asistente)."""
    salida = list(mascara)
    fin = max((i for i, m in enumerate(salida) if m), default=-1)
    i = fin
    while i >= 0 and salida[i]:
        i -= 1
    return [0] * (i + 1) + salida[i + 1 : fin + 1] + [0] * (len(salida) - fin - 1)


def de_respuestas(modelo, tokenizer, grupos, *, lote: int = 16) -> list[list[float]]:
    """La log-verosimilitud de la última respuesta del asistente (con el token que cierra su
    turno) de cada conversación, escrita con la plantilla de chat del modelo. ``grupos``: listas
    de conversaciones que solo cambian en esa respuesta (ver :func:`de_candidatos`)."""
    planas = [c for grupo in grupos for c in grupo]
    salida = tokenizar_conversaciones(tokenizer, planas)
    secuencias = iter(zip(salida["input_ids"], map(solo_la_ultima, salida["mascara"]), strict=True))
    agrupadas = [[next(secuencias) for _ in grupo] for grupo in grupos]
    return de_candidatos(modelo, agrupadas, lote=lote)
