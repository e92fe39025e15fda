"""El veredicto de una comparación: quién gana cada ejemplo y una explicación que no se contradice.

Regla de cada ejemplo (:func:`resultado_de_fila`):

1. una respuesta que no sirve (vacía o muy corta, casi solo etiquetas o cifras, la misma para
   todo, o repetición en su mayor parte: ``Diagnostico.inservibles`` de
   :mod:`afinar.evaluacion.degeneracion`) pierde frente a una que sí sirve;
2. si no, gana el modelo que cumple más comprobaciones tuyas;
3. si cumplen las mismas, el de mayor chrF; una diferencia menor que :data:`MARGEN_EMPATE`
   puntos es un empate.

El paso 1 es nuevo: antes «00000.» ganaba a una frase normal si la comprobación era «tiene
una cifra». Un bucle corto dentro de una respuesta por lo demás buena no la hace perder: se
cuenta y se explica, pero deciden las comprobaciones y el chrF. El veredicto sigue a los números y, cuando la perplejidad y las respuestas dicen
cosas distintas, lo explica: qué ha pasado, por qué suele pasar y qué probar.
"""

from __future__ import annotations

from afinar.evaluacion.degeneracion import NOMBRES, Diagnostico

MARGEN_EMPATE = 2.0  # puntos de chrF (0-100) por debajo de los cuales no hay diferencia real
POCAS_FILAS = 200  # con menos filas de entrenamiento, un modelo pequeño suele aprender poco
MUCHAS_ETIQUETAS = 0.1  # una de cada diez filas con etiquetas ya se nota en lo que escribe


def resultado_de_fila(fila: dict) -> str:
    """«gana», «empata» o «pierde» (el afinado frente al base) en un ejemplo."""
    inservible_a = bool(fila.get("inservible_afinado"))
    inservible_b = bool(fila.get("inservible_base"))
    if inservible_a != inservible_b:
        return "pierde" if inservible_a else "gana"
    a = sum(fila["comprobaciones_afinado"].values())
    b = sum(fila["comprobaciones_base"].values())
    if a != b:
        return "gana" if a > b else "pierde"
    diferencia = fila["chrf_afinado"] - fila["chrf_base"]
    if abs(diferencia) < MARGEN_EMPATE:
        return "empata"
    return "gana" if diferencia > 0 else "pierde"


def cambio(antes: float, despues: float, decimales: int) -> str:
    """«9.4 → 1.6 (baja 7.8)»."""
    d = round(despues - antes, decimales)
    verbo = "sube" if d > 0 else ("baja" if d < 0 else "no cambia")
    cifra = f" {abs(d):.{decimales}f}" if d else ""
    return f"{antes:.{decimales}f} → {despues:.{decimales}f} ({verbo}{cifra})"


def lista(numeros: list[int]) -> str:
    """«el ejemplo 3» o «los ejemplos 1, 2 y 5»."""
    if len(numeros) == 1:
        return f"el ejemplo {numeros[0]}"
    return "los ejemplos " + ", ".join(map(str, numeros[:-1])) + f" y {numeros[-1]}"


def _titular(c) -> str:
    r, d = c.resumen, c.diagnostico
    n, g, e, p = r["ejemplos"], r["ganadas"], r["empates"], r["perdidas"]
    cifras = f"gana en {g} de {n} ejemplos, empata en {e} y pierde en {p}."
    if c.mejora and d.grave:
        return (
            f"El modelo afinado gana al base, pero la mayoría de sus respuestas no sirven "
            f"({sum(d.inservibles)} de {n}): ninguno de los dos sirve todavía. {cifras}"
        )
    if c.mejora:
        return f"El modelo afinado es mejor que el base: {cifras}"
    if c.empeora:
        return f"El modelo afinado es peor que el base: {cifras}"
    if d.grave and c.diagnostico_base.grave:
        return ("No hay una diferencia clara entre el modelo afinado y el base, y la mayoría de "
                f"las respuestas de los dos no sirven: {cifras}")
    return f"No hay una diferencia clara entre el modelo afinado y el base: {cifras}"


def _comprobaciones(c) -> list[str]:
    n = c.resumen["ejemplos"]
    partes = []
    for nombre, cuenta in c.resumen["comprobaciones"].items():
        a, b = cuenta["afinado"], cuenta["base"]
        tendencia = "mejora" if a > b else ("empeora" if a < b else "igual")
        # El nombre ya lleva sus comillas: «Comprobación contiene «Bien:»: base 0 de 2…».
        partes.append(f"Comprobación {nombre}: base {b} de {n}, afinado {a} de {n} ({tendencia}).")
    return partes


def _perplejidad(c) -> list[str]:
    if c.perplejidad is None:
        return []
    antes, despues = c.perplejidad
    if despues < antes:
        veces = antes / despues
        forma = (f"es {veces:.0f} veces menor" if veces >= 2
                 else f"baja un {100 * (1 - 1 / veces):.0f} %")
        return [f"Perplejidad en validación {antes:.1f} → {despues:.1f} ({forma})."]
    return [f"Perplejidad en validación {cambio(antes, despues, 1)}."]


def _degeneracion(c) -> list[str]:
    d, db = c.diagnostico, c.diagnostico_base
    if not d.degeneradas:
        return []
    tipos = ", ".join(f"{NOMBRES[t]} {n}" for t, n in d.cuentas.items())
    base = f" (del base, {db.degeneradas})" if db is not None else ""
    return [f"Respuestas degeneradas del afinado: {d.degeneradas} de {d.total}{base}: {tipos}."]


def respuestas_peores(c) -> bool:
    """El afinado pierde más ejemplos de los que gana, o la mayoría de sus respuestas no sirven."""
    return c.empeora or c.diagnostico.grave


def _solo(d: Diagnostico, tipo: str, antes: tuple[str, ...]) -> int:
    """Respuestas de ``tipo`` que no se explican ya por uno de los tipos de ``antes``."""
    return sum(tipo in ts and not set(antes) & set(ts) for ts in d.tipos)


def causas(d: Diagnostico, entrenamiento: dict | None = None,
           ajustes: dict | None = None) -> list[tuple[str, str]]:
    """(por qué suele pasar, qué probar) para cada problema del diagnóstico ``d``.

    Las etiquetas explican también las respuestas cortas que son solo etiquetas: cada
    respuesta cuenta una vez, en la causa más concreta. ``ajustes``: los de generación, como
    los guarda la comparación (``{"nombre", "opciones"}``).
    """
    pares = []
    filas = (entrenamiento or {}).get("filas")
    con_etiquetas = (entrenamiento or {}).get("filas_con_etiquetas", 0)
    if d.cuentas.get("etiquetas") or d.cuentas.get("cifras"):
        origen = (f"{con_etiquetas} de {filas} filas de entrenamiento llevan marcadores de "
                  "anonimización (<EMAIL>, <TELEFONO>…)" if filas and con_etiquetas else
                  "los datos de entrenamiento llevan marcadores de anonimización o muchas cifras")
        pares.append((f"{origen}; son lo más fácil de predecir, así que la perplejidad baja, pero "
                      "el modelo aprendió a copiarlas en vez de responder",
                      "quitar esas filas (o las frases con etiquetas) antes de entrenar"))
    if _solo(d, "igual", ("etiquetas", "cifras")):
        pares.append(("contesta lo mismo a todo: aprendió la respuesta más frecuente, no la tarea",
                      "datos más variados y más pasos"))
    if _solo(d, "bucle", ("etiquetas", "cifras", "igual")):
        opciones = (ajustes or {}).get("opciones", {})
        if "repetition_penalty" in opciones or "no_repeat_ngram_size" in opciones:
            con, remedio = f" aun generando con «{ajustes['nombre']}»", ""
        else:
            con, remedio = "", ", y generar con los ajustes «sin_repetir»"
        pares.append((f"se queda en bucle{con}: un modelo pequeño con pocos datos o pocos pasos "
                      "repite lo más probable", f"más pasos o más datos{remedio}"))
    if _solo(d, "vacia", ("etiquetas", "cifras", "igual", "bucle")):
        pares.append(("contesta vacío o muy corto: suele aprender antes a terminar (el final de "
                      "cada texto es lo más fácil de predecir) que a responder",
                      "más pasos, o una tasa de aprendizaje menor si la pérdida de validación sube"))
    return pares


GENERICA = (
    "aprende palabras y giros de tus datos antes que la tarea, o tus comprobaciones no encajan "
    "con tus datos",
    "más pasos o más datos, y comprobaciones que pidan lo que llevan tus referencias",
)


def baja_y_empeora(c) -> bool:
    """La perplejidad baja, pero las respuestas empeoran o en su mayoría no sirven."""
    return c.perplejidad is not None and c.perplejidad[1] < c.perplejidad[0] and (
        respuestas_peores(c)
    )


def _contradiccion(c) -> list[str]:
    """Lo que hay que decir cuando la perplejidad y las respuestas no cuentan lo mismo."""
    if c.perplejidad is None:
        return []
    antes, despues = c.perplejidad
    if baja_y_empeora(c):
        como = "en su mayoría no sirven" if c.diagnostico.grave else "son peores que las del base"
        return [
            f"Ojo: la perplejidad baja, pero las respuestas del afinado {como}. La perplejidad "
            "solo mide cuánto le sorprenden los textos de validación, no si responde bien."
        ]
    if despues > antes and c.mejora:
        return [
            "Ojo: gana en los ejemplos aunque la perplejidad suba: puede estar memorizando "
            "(mira la curva de pérdida) o ganar solo por tus comprobaciones; lee los ejemplos."
        ]
    if despues > antes:
        return ["La perplejidad sube: el afinado predice peor los textos de validación; mira la "
                "curva de pérdida (si baja y luego sube, memoriza: para antes o usa más datos)."]
    return []


def _explicacion(c, contradice: bool) -> list[str]:
    """«Por qué» y «Qué probar» si el afinado tiene respuestas degeneradas o se contradice."""
    if not (c.diagnostico.degeneradas or contradice):
        return []
    pares = causas(c.diagnostico, c.entrenamiento, c.ajustes)
    if not pares:
        pares = [GENERICA]
    filas = (c.entrenamiento or {}).get("filas")
    if filas and filas < POCAS_FILAS:
        pares.append((f"{filas} filas de entrenamiento son pocas: con menos de {POCAS_FILAS} un "
                      "modelo pequeño suele aprender palabras sueltas, no la tarea",
                      "reunir más ejemplos"))
    return [f"Por qué: {'; '.join(p for p, _ in pares)}.",
            f"Qué probar: {'; '.join(q for _, q in pares)}."]


def _donde_leer(c) -> str:
    diferencias = [(f["chrf_afinado"] - f["chrf_base"], i + 1) for i, f in enumerate(c.filas)]
    perdidos = sorted(  # los tres que pierden con la mayor caída de chrF, en orden
        [i for _, i in sorted(diferencias) if c.filas[i - 1]["resultado"] == "pierde"][:3]
    )
    if perdidos:
        return f"Lee primero {lista(perdidos)}: es donde el afinado sale peor."
    mejores = sorted(i for _, i in sorted(diferencias, reverse=True)[:2])
    return f"Lee {lista(mejores)}: es donde más cambia la respuesta."


def redactar(c) -> str:
    """El veredicto de la comparación ``c`` en español, con sus cifras y, si hace falta, por qué."""
    r = c.resumen
    partes = [
        _titular(c),
        f"chrF medio {cambio(r['chrf_base'], r['chrf_afinado'], 1)}; "
        f"ROUGE-L medio {cambio(r['rouge_l_base'], r['rouge_l_afinado'], 2)}.",
        *_comprobaciones(c),
    ]
    if c.mejora and r["chrf_afinado"] < r["chrf_base"] - MARGEN_EMPATE:
        partes.append("Gana por tus comprobaciones aunque se parece menos a las referencias "
                      "(el chrF baja): lee los ejemplos antes de fiarte.")
    partes += _perplejidad(c) + _degeneracion(c) + _contradiccion(c)
    partes += _explicacion(c, baja_y_empeora(c))
    partes.append(_donde_leer(c))
    if c.empeora:
        partes.append("Antes de usarlo, revisa los datos y la receta (mira la curva de pérdida).")
    return " ".join(partes)
