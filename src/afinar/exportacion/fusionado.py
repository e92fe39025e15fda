"""El modelo fusionado: pesos completos en safetensors, con tokenizador, plantilla y generation_config.

Se carga con transformers sin afinar ni PEFT. La comprobación lo vuelve a leer del disco y lo
compara con el modelo del que salió (el adaptador cargado sobre el base, o el modelo original).
"""

from __future__ import annotations

from pathlib import Path

from afinar.exportacion.comprobacion import Huella, callado, comparar, huella


def escribir_fusionado(modelo, tokenizer, destino: Path) -> None:
    """save_pretrained del modelo (safetensors) y del tokenizador (con su plantilla de chat)."""
    with callado():
        modelo.save_pretrained(destino)
        tokenizer.save_pretrained(destino)


def comprobar_fusionado(destino: Path, ids, referencia: Huella, parar, de_adaptador: bool,
                        dtype):
    """Carga lo escrito con transformers (float32) y lo compara con la referencia."""
    import torch
    from transformers import AutoModelForCausalLM

    with callado():
        cargado = AutoModelForCausalLM.from_pretrained(destino, dtype=torch.float32).eval()
    quien = "el adaptador cargado sobre el modelo base" if de_adaptador else "el modelo original"
    exacto = dtype == torch.float32
    return comparar(
        f"El modelo fusionado, cargado con transformers, responde como {quien}",
        referencia, huella(cargado, ids, referencia, parar),
        minimo=5 if exacto else 4, tolerancia=1e-3 if exacto else None,
    )


def uso_fusionado(carpeta: Path) -> list[str]:
    """Cómo cargar el modelo fusionado, para el informe."""
    return [
        "from transformers import AutoModelForCausalLM, AutoTokenizer",
        f'modelo = AutoModelForCausalLM.from_pretrained("{carpeta}")',
        f'tokenizer = AutoTokenizer.from_pretrained("{carpeta}")',
        f'# o con afinar: modelo, tokenizer = cargar_modelo("{carpeta}")',
    ]
