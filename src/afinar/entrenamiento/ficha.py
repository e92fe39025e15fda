"""La ficha del modelo (``README.md``) que afinar deja junto a lo entrenado, en español.

Sustituye a la que escribe TRL (en inglés, con un enlace a ``huggingface.co/None``). Dice de qué
modelo base se partió, cómo eran los datos (solo cifras: ningún texto de los datos, ni nombres
de archivo, que pueden llevar datos personales), la receta, el resultado honesto (con el fallo,
si lo hubo), los límites de un modelo pequeño y una nota sobre la licencia.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

MARCA = "<!-- ficha escrita por afinar -->"


def nombre_del_base(modelo) -> tuple[str, bool]:
    """(cómo se llama el modelo base, ¿es un id del Hub?). De una carpeta local solo se da el
    nombre de la carpeta: la ruta entera puede llevar el nombre de quien la usa."""
    config = getattr(modelo, "config", None)
    ruta = str(getattr(config, "_name_or_path", "") or getattr(modelo, "name_or_path", "") or "")
    if not ruta:
        return "desconocido", False
    camino = Path(ruta)
    if "recursos" in camino.parts and camino.name == "bolsillo":
        return "bolsillo (el modelo de bolsillo de afinar)", False
    if camino.is_absolute() or camino.exists() or ruta.startswith((".", "~")):
        return f"una carpeta local llamada «{camino.name}»", False
    return ruta, ruta.count("/") == 1


def es_ficha_propia(ruta: Path) -> bool:
    """¿Este README.md lo escribió afinar (o TRL, al que sustituye)? Uno de quien usa la carpeta
    no se toca."""
    try:
        texto = ruta.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return MARCA in texto or "trl" in texto.lower()


def _cabecera(base: str, es_hub: bool) -> str:
    lineas = ["---", "language: es", "library_name: transformers", "tags:", "- afinar"]
    if es_hub:
        lineas.append(f"base_model: {base}")
    return "\n".join([*lineas, "---", MARCA, ""])


def _resultado(metricas: dict, fallo: str | None, avisos: list[str]) -> list[str]:
    m = metricas
    lineas = ["## Resultado", ""]
    lineas.append(f"**Falló.** {fallo}" if fallo else "El entrenamiento terminó sin fallos.")
    lineas += ["", "| medida | valor |", "|---|---|"]
    for clave, nombre in (
        ("perdida_validacion", "pérdida de validación del modelo guardado"),
        ("paso_del_modelo", "paso del modelo guardado"),
        ("perdida_validacion_inicial", "pérdida de validación antes de entrenar"),
        ("perdida_validacion_final", "pérdida de validación al final"),
        ("mejor_perdida_validacion", "mejor pérdida de validación"),
        ("mejor_paso", "paso de la mejor"),
        ("pasos", "pasos"),
        ("tokens_reales", "tokens vistos"),
        ("segundos", "segundos entrenando"),
    ):
        if m.get(clave) is not None:
            lineas.append(f"| {nombre} | {m[clave]} |")
    lineas += [""] + [f"- Aviso: {a}" for a in avisos]
    return lineas


def _datos(metricas: dict, descripcion: list[str] | None) -> list[str]:
    que = "conversaciones" if metricas.get("tipo") == "chat" else "textos"
    lineas = ["## Datos", ""]
    if metricas.get("ejemplos_entrenamiento") is not None:
        lineas.append(f"- {metricas['ejemplos_entrenamiento']} {que} para entrenar y "
                      f"{metricas.get('ejemplos_validacion')} para validar.")  # fmt: skip
    if descripcion:
        lineas += [f"- {linea}" for linea in descripcion]
    else:
        lineas.append("- No consta si los datos se limpiaron ni si se anonimizaron (se entrenó "
                      "desde Python): compruébalo antes de compartir el modelo.")  # fmt: skip
    lineas.append("- Esta ficha no copia ningún texto de los datos.")
    return [*lineas, ""]


def _receta(receta, decision) -> list[str]:
    lineas = ["## Receta", "", "| opción | valor |", "|---|---|"]
    if decision is not None:
        lineas += [f"| método (decidido) | {decision.metodo} |",
                   f"| precisión (decidida) | {decision.precision} |",
                   f"| tasa de aprendizaje (usada) | {decision.tasa_aprendizaje:g} |"]  # fmt: skip
    for clave, valor in asdict(receta).items():
        if clave != "salida":  # la ruta puede llevar el nombre de quien entrena
            lineas.append(f"| {clave} | {valor} |")
    return [*lineas, ""]


LIMITES = """## Límites

- Un modelo pequeño afinado con pocos datos imita el formato y el estilo de sus ejemplos, pero no
  aprende hechos nuevos de forma fiable: puede inventar con toda seguridad. Compara sus respuestas
  con las del modelo base (`afinar evaluar`) antes de usarlo.
- Puede repetir frases de sus datos de entrenamiento. Si los datos tenían datos personales sin
  anonimizar, no compartas el modelo.
- La pérdida de validación mide lo bien que predice textos parecidos a los de validación, no si
  sus respuestas son correctas.

## Licencia

El modelo afinado es una obra derivada del modelo base y hereda su licencia: consúltala antes de
compartirlo o de usarlo con fines comerciales. Los datos con los que se entrenó siguen siendo de
quien los aportó.
"""


def escribir_ficha(carpetas: list[Path], *, modelo_base: str, es_hub: bool, receta, decision,
                   metricas: dict, fallo: str | None, avisos: list[str],
                   descripcion_datos: list[str] | None) -> str:
    """Escribe ``README.md`` en cada una de ``carpetas`` y devuelve su texto."""
    texto = "\n".join([
        _cabecera(modelo_base, es_hub),
        "# Modelo afinado con afinar",
        "",
        f"Modelo base: **{modelo_base}**. Afinado con [afinar](https://github.com/afinar-curso/afinar) "
        f"({metricas.get('metodo', '?')}, datos de {metricas.get('tipo', '?')}).",
        "",
        *_resultado(metricas, fallo, avisos),
        *_datos(metricas, descripcion_datos),
        *_receta(receta, decision),
        LIMITES,
    ])  # fmt: skip
    for carpeta in carpetas:
        if carpeta.is_dir() and es_ficha_propia(carpeta / "README.md"):
            (carpeta / "README.md").write_text(texto, encoding="utf-8")
    return texto
