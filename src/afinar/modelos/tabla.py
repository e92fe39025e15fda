"""El catálogo como tabla: qué cabe en una T4 de Colab y qué cabe en este equipo."""

from __future__ import annotations

from afinar.entorno import Hardware, hardware
from afinar.modelos.catalogo import CATALOGO
from afinar.modelos.memoria import MEMORIA_T4_GB, estimar_memoria, necesita_checkpointing


def _en_t4(id_modelo: str, metodo: str) -> str:
    """¿Se puede afinar en la T4 de Colab (15 GB) con la receta por defecto y datos de chat?
    Sale de `estimar_memoria`, con la misma regla con la que `entrenar` activa el recálculo
    de activaciones (gradient checkpointing)."""
    if not necesita_checkpointing(estimar_memoria(id_modelo, metodo).total_t4_gb, MEMORIA_T4_GB):
        return "sí"
    if estimar_memoria(id_modelo, metodo, gradient_checkpointing=True).cabe_t4:
        return "sí, más lento (checkpointing)"
    return "no"


def tabla_catalogo(hw: Hardware | None = None):
    """El catálogo como tabla de pandas, con una columna que dice qué cabe en este equipo."""
    import pandas as pd

    hw = hw or hardware()
    disponible = hw.memoria_gb
    filas = []
    for m in CATALOGO:
        metodos = {"generar": "inferencia", "LoRA": "lora", "completo": "completo"}
        cabe = [
            nombre
            for nombre, metodo in metodos.items()
            if estimar_memoria(m.id, metodo, dispositivo=hw.dispositivo).total_gb
            <= (disponible or 0)
        ]
        filas.append({
            "modelo": m.id,
            "parámetros (M)": m.parametros_m,
            "licencia": m.licencia,
            "restringido": "sí" if m.restringido else "no",
            "español": m.espanol,
            "T4: LoRA": _en_t4(m.id, "lora"),
            "T4: completo": _en_t4(m.id, "completo"),
            "sin GPU": m.cpu,
            "cabe aquí": ", ".join(cabe) if cabe else "nada",
        })
    return pd.DataFrame(filas)
