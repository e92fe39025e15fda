"""Ajustes de generación con nombre y el diccionario exacto que se pasa a ``generate``.

- :data:`AJUSTES`: combinaciones con nombre ("determinista", "sin_repetir", "creativo"…).
- :func:`ajustes_generacion`: solo las opciones que cuentan en ese modo (así Transformers no
  avisa de opciones que ignora).
"""

from __future__ import annotations

from afinar.errores import AfinarError

# Ajustes con nombre. Cada uno cambia pocas cosas respecto a VALORES_POR_DEFECTO.
AJUSTES: dict[str, dict] = {
    # Siempre el token más probable ("greedy"): misma entrada, misma salida.
    "determinista": {"do_sample": False},
    # Como el determinista, pero castiga un poco los tokens ya usados y prohíbe repetir un
    # grupo de 5 tokens seguidos: así los modelos pequeños no caen en bucles («el ajo y el ajo
    # y el ajo»). Es lo que usa `comparar`. Medido con bolsillo afinado con las recetas (demo,
    # 22 recetas de validación): «determinista», 12 en bucle y chrF 24,3; estos ajustes, 0 en
    # bucle, chrF 28,8 y las 22 con «Ingredientes:» y «Pasos:». Con castigo 1,3 y grupos de 3
    # el chrF era parecido (30,0), pero partía palabras («Ingred2 huevos») en 2 de 22.
    "sin_repetir": {"do_sample": False, "repetition_penalty": 1.1, "no_repeat_ngram_size": 5},
    # Sortea entre los tokens probables: variado pero con sentido.
    "equilibrado": {"do_sample": True, "temperature": 0.7, "top_k": 50, "top_p": 0.9},
    # Sortea con más libertad: sorprende más y se equivoca más.
    "creativo": {"do_sample": True, "temperature": 1.2, "top_k": 100, "top_p": 0.98},
    # Búsqueda en haz ("beam search"): sigue 4 continuaciones y se queda con la mejor.
    "haz": {"do_sample": False, "num_beams": 4},
}


DESCRIPCIONES: dict[str, str] = {
    "determinista": "siempre el token más probable (greedy)",
    "sin_repetir": "determinista, sin bucles: castiga repetir tokens y grupos de 5",
    "equilibrado": "sorteo moderado entre los tokens probables",
    "creativo": "sorteo con más libertad (temperatura alta)",
    "haz": "búsqueda en haz (beam search) con 4 haces",
}


# Los valores de partida. Los escribimos todos para no depender de los que trae cada modelo
# en su generation_config (Qwen, por ejemplo, trae temperature=0.7 y top_k=20).
VALORES_POR_DEFECTO: dict = {
    "max_new_tokens": 40,  # cuántos tokens nuevos, como mucho
    "do_sample": False,  # False: el más probable; True: sortear
    "temperature": 1.0,  # < 1 más conservador, > 1 más arriesgado (solo al sortear)
    "top_k": 50,  # sortear solo entre los k más probables (solo al sortear)
    "top_p": 1.0,  # sortear entre los que suman p de probabilidad (solo al sortear)
    "repetition_penalty": 1.0,  # > 1 castiga los tokens ya usados
    "no_repeat_ngram_size": 0,  # n > 0 prohíbe repetir cualquier grupo de n tokens
    "num_beams": 1,  # > 1: búsqueda en haz con ese número de haces
}


_SOLO_AL_SORTEAR = ("temperature", "top_k", "top_p")


def _validar(valores: dict) -> None:
    desconocidas = sorted(set(valores) - set(VALORES_POR_DEFECTO))
    if desconocidas:
        raise AfinarError(
            f"No conozco el ajuste «{desconocidas[0]}». Los ajustes posibles son: "
            f"{', '.join(VALORES_POR_DEFECTO)}. Revisa cómo está escrito."
        )
    for opcion in ("max_new_tokens", "top_k", "num_beams", "no_repeat_ngram_size"):
        valor = valores[opcion]
        minimo = 0 if opcion == "no_repeat_ngram_size" else 1
        if isinstance(valor, bool) or not isinstance(valor, int) or valor < minimo:
            regla = f"tiene que ser un número entero mayor o igual que {minimo}"
            raise error_de_ajuste(opcion, valor, regla)
    if not isinstance(valores["do_sample"], bool):
        raise error_de_ajuste(
            "do_sample", valores["do_sample"], "tiene que ser True (sortear) o False"
        )
    for opcion, minimo, maximo in (
        ("temperature", 0.0, None),
        ("top_p", 0.0, 1.0),
        ("repetition_penalty", 0.0, None),
    ):
        valor = valores[opcion]
        if isinstance(valor, bool) or not isinstance(valor, (int, float)) or valor <= minimo:
            extra = " (para quitar el azar usa do_sample=False)" if opcion == "temperature" else ""
            raise error_de_ajuste(
                opcion, valor, f"tiene que ser un número mayor que {minimo:g}{extra}"
            )
        if maximo is not None and valor > maximo:
            raise error_de_ajuste(opcion, valor, f"tiene que estar entre 0 y {maximo:g}")


def ajustes_generacion(ajustes: str | dict | None = "determinista", **cambios) -> dict:
    """El diccionario de opciones para ``modelo.generate(**entradas, **ajustes)``.

    ``ajustes`` es el nombre de uno de :data:`AJUSTES` o un diccionario propio; ``cambios``
    modifica opciones sueltas (``ajustes_generacion("creativo", temperature=0.9)``). Solo
    devuelve las opciones que cuentan en ese modo: sin sorteo no hay ``temperature`` ni
    ``top_p``; con un solo haz no hay ``num_beams``.
    """
    if ajustes is None:
        base = {}
    elif isinstance(ajustes, str):
        if ajustes not in AJUSTES:
            raise AfinarError(
                f"No hay ajustes con el nombre «{ajustes}». Elige uno de: {', '.join(AJUSTES)}, "
                'o pasa un diccionario como {"do_sample": False}.'
            )
        base = AJUSTES[ajustes]
    elif isinstance(ajustes, dict):
        base = ajustes
    else:
        raise AfinarError(
            f'Los ajustes tienen que ser un nombre (como "determinista") o un diccionario, '
            f"no {type(ajustes).__name__}."
        )
    valores = {**VALORES_POR_DEFECTO, **base, **cambios}
    _validar(valores)
    resultado = {"max_new_tokens": valores["max_new_tokens"], "do_sample": valores["do_sample"]}
    if valores["do_sample"]:
        resultado.update({opcion: valores[opcion] for opcion in _SOLO_AL_SORTEAR})
    if valores["num_beams"] > 1:
        resultado["num_beams"] = valores["num_beams"]
    if valores["repetition_penalty"] != 1.0:
        resultado["repetition_penalty"] = valores["repetition_penalty"]
    if valores["no_repeat_ngram_size"] > 0:
        resultado["no_repeat_ngram_size"] = valores["no_repeat_ngram_size"]
    return resultado


def describir(ajustes: dict) -> str:
    """Las opciones de un diccionario de ajustes en una línea: ``do_sample=True, top_k=50``."""
    return ", ".join(f"{k}={v}" for k, v in ajustes.items() if k != "max_new_tokens")


def error_de_ajuste(opcion: str, valor, regla: str) -> AfinarError:
    """El error para un ajuste de generación que no vale: nombra el ajuste, el valor y la regla."""
    return AfinarError(f"El ajuste {opcion}={valor!r} no vale: {regla}.")
