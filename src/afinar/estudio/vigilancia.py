"""Lo que la pestaña Entrenar enseña mientras se entrena: la curva, la barra y los avisos.

Todo sale de la carpeta de salida del entrenamiento (``progreso.jsonl`` y ``estado.json``, el
contrato de :mod:`afinar.entrenamiento.progreso`), así que recargar la página, o cerrar y volver
a abrir el estudio, vuelve a enseñar el mismo entrenamiento.
"""

from __future__ import annotations

import html
import math

_ESTADOS = {
    "entrenando": "Entrenando…",
    "terminado": "Terminado.",
    "error": "El entrenamiento falló.",
    "interrumpido": "Parado.",
}


def curva(filas: list[dict], total: int | None = None):
    """La pérdida de entrenamiento y la de validación por paso, como figura de matplotlib
    (para `gr.Plot`): azul el entrenamiento, naranja con puntos la validación."""
    from matplotlib.figure import Figure

    figura = Figure(figsize=(8, 3.2), dpi=100, layout="tight")
    ejes = figura.add_subplot()
    for clave, nombre, estilo, color in (("perdida", "entrenamiento", "-", "tab:blue"),
                                         ("perdida_validacion", "validación", "o-", "tab:orange")):
        puntos = [(f["paso"], f[clave]) for f in filas
                  if isinstance(f.get(clave), (int, float)) and math.isfinite(f[clave])]
        if puntos:
            ejes.plot(*zip(*puntos, strict=True), estilo, label=nombre, color=color)
    ejes.set_xlim(0, max(total or 0, max((f["paso"] for f in filas), default=0), 1))
    ejes.set_xlabel("paso")
    ejes.set_ylabel("pérdida")
    ejes.grid(alpha=0.3)
    if ejes.get_lines():
        ejes.legend()
    else:
        ejes.text(0.5, 0.5, "La curva aparecerá aquí al entrenar.", ha="center", va="center",
                  transform=ejes.transAxes, color="gray")
    return figura


def _tiempo(segundos) -> str:
    if not isinstance(segundos, (int, float)):
        return "—"
    segundos = int(segundos)
    return f"{segundos // 60} min {segundos % 60:02d} s" if segundos >= 60 else f"{segundos} s"


def barra(filas: list[dict], estado: dict | None) -> str:
    """La barra de progreso con el paso, el tiempo que lleva y el que le queda."""
    if estado is None and not filas:
        return "<p>Aún no has entrenado en este trabajo.</p>"
    ultima = filas[-1] if filas else {}
    paso = max((estado or {}).get("paso") or 0, ultima.get("paso", 0))
    total = (estado or {}).get("total") or ultima.get("total") or 0
    hecho = min(100.0, 100.0 * paso / total) if total else 0.0
    texto = f"Paso <b>{paso}</b> de <b>{total}</b> ({hecho:.0f} %) · lleva {_tiempo(ultima.get('segundos'))}"
    if (estado or {}).get("estado") == "entrenando" and ultima.get("restante_s") is not None:
        texto += f" · le quedan unos {_tiempo(ultima['restante_s'])}"
    return (
        f"<div style='border:1px solid #ccc;border-radius:6px;height:22px;overflow:hidden'>"
        f"<div style='background:#3b82f6;height:100%;width:{hecho:.1f}%'></div></div><p>{texto}</p>"
    )


def avisos(filas: list[dict], estado: dict | None) -> str:
    """El estado en una línea y, debajo, lo que dice la biblioteca: el mensaje del entrenamiento
    (error, NaN, memoria, cómo reanudar) y lo que se lee en la curva (`leer_curva`). Mientras
    entrena, de la curva solo se avisa si sube (sobreajuste); al terminar, se lee entera."""
    from afinar.curso.cuaderno3 import leer_curva

    if estado is None:
        return ""
    nombre = _ESTADOS.get(estado.get("estado"), estado.get("estado", "?"))
    mensaje = html.escape(str(estado.get("mensaje") or ""))
    if mensaje.lower().startswith(nombre.rstrip(".…").lower()):
        lineas = [f"**{mensaje}**"]  # «Terminado: 20 de 20 pasos.», sin repetir «Terminado»
    else:
        lineas = [f"**{nombre}** {mensaje}"]
    if any(f.get("perdida") is None and "perdida" in f for f in filas):
        lineas.append("**Atención:** la pérdida dejó de ser un número (NaN) en algún paso: mira el mensaje "
                      "de arriba.")  # fmt: skip
    validaciones = [f for f in filas if f.get("perdida_validacion") is not None]
    entrenando = estado.get("estado") == "entrenando"
    if len(validaciones) >= 2:
        lectura = leer_curva(validaciones).replace("\n", " ")
        alarma = "sobreajuste" in lectura or "No baja" in lectura
        if alarma and not (entrenando and "No baja" in lectura):
            lineas.append("**Atención:** " + lectura)
        elif not entrenando:
            lineas.append("**La curva:** " + lectura)
    if estado.get("estado") == "terminado":
        lineas.append("**Siguiente paso:** la pestaña **4. Comparar**, para ver si responde mejor.")
    return "\n\n".join(lineas)


def registro(ruta, lineas: int = 12) -> str:
    """Las últimas líneas de lo que escribió el proceso (sin las barras que se redibujan)."""
    try:
        texto = ruta.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""
    partes = [p.rstrip() for p in texto.replace("\r", "\n").split("\n") if p.strip()]
    return "\n".join(partes[-lineas:])
