"""Compatibilidad con paquetes que el entorno trae instalados y afinar no usa.

Colab trae torchao 0.10.0. PEFT (≥ 0.18.1) no se limita a ignorar un torchao tan antiguo:
al crear cada capa LoRA pregunta ``is_torchao_available()`` y esa pregunta **lanza**
``ImportError: Found an incompatible version of torchao ...`` si torchao < 0.16. Así, LoRA falla
en Colab aunque nadie use torchao.

afinar no usa torchao, y un modelo no puede tener capas cuantizadas con torchao si transformers no
ha podido cargarlo con él: transformers trata un torchao menor que su mínimo (0.15) como ausente.
Por eso :func:`preparar_peft` hace que PEFT responda lo mismo que transformers, «torchao no está»,
y solo cuando PEFT rechazaría el torchao instalado. No cambia nada más: con un torchao que PEFT
acepta, o sin torchao, no toca PEFT. No importa torchao (importarlo tarda y, con otra versión de
torch, imprime errores de carga de sus extensiones).

La otra salida, actualizar torchao al instalar afinar, obliga a emparejar torchao con el torch de
Colab (torchao 0.18 ya exige torch ≥ 2.11) y PEFT lo importaría en cada capa LoRA.
"""

from __future__ import annotations

import importlib.metadata
import sys

__all__ = ["callar_aviso_de_peft", "preparar_peft", "torchao_incompatible"]


def _comprobacion_de_peft():
    """La función ``is_torchao_available`` original de PEFT (aunque ya la hayamos sustituido)."""
    from peft import import_utils

    actual = import_utils.is_torchao_available
    return getattr(actual, "original_de_peft", actual)


def torchao_incompatible() -> str | None:
    """Versión del torchao instalado si PEFT la rechaza al crear capas LoRA; ``None`` si no.

    Ejemplo: en Colab (agosto de 2026) devuelve ``"0.10.0"``. Sirve a ``afinar info`` para
    contarlo; :func:`preparar_peft` lo resuelve.
    """
    try:
        version = importlib.metadata.version("torchao")
    except importlib.metadata.PackageNotFoundError:
        return None
    comprobar = _comprobacion_de_peft()
    try:
        comprobar()
    except ImportError:
        return version
    return None


def _torchao_ausente() -> bool:
    """Sustituta de ``peft.import_utils.is_torchao_available``: torchao no está (afinar no lo usa)."""
    return False


def callar_aviso_de_peft() -> None:
    """PEFT 0.21 consulta ``is_gradient_checkpointing``, que transformers 5 renombró, y avisa al
    crear o cargar un modelo LoRA. Un filtro puesto dentro de ``warnings.catch_warnings()`` se
    pierde al salir de él: por eso se vuelve a poner en cada uso de PEFT."""
    import warnings

    warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing", category=FutureWarning)


def preparar_peft() -> bool:
    """Deja a PEFT crear capas LoRA aunque el entorno traiga un torchao que PEFT rechaza.

    Llámala antes de ``get_peft_model`` o ``PeftModel.from_pretrained``. Si el torchao instalado
    es uno que PEFT rechaza (Colab trae 0.10.0; PEFT pide ≥ 0.16), sustituye la comprobación de
    PEFT por una que responde «torchao no está», como hace transformers, y devuelve ``True``.
    Si no hay torchao o PEFT lo acepta, no toca nada y devuelve ``False``. Se puede llamar
    varias veces. También calla el aviso de PEFT sobre ``is_gradient_checkpointing`` (transformers
    5 lo renombró; no dice nada útil a quien aprende).
    """
    callar_aviso_de_peft()
    if torchao_incompatible() is None:
        return False
    from peft import import_utils

    original = _comprobacion_de_peft()
    _torchao_ausente.original_de_peft = original
    # Cada módulo de PEFT que hizo `from peft.import_utils import is_torchao_available` tiene su
    # propia referencia: se cambian todas (y la de import_utils, para lo que se importe después).
    for nombre, modulo in list(sys.modules.items()):
        if nombre.split(".")[0] != "peft" or modulo is None:
            continue
        if getattr(modulo, "is_torchao_available", None) is original:
            modulo.is_torchao_available = _torchao_ausente
    import_utils.is_torchao_available = _torchao_ausente
    return True
