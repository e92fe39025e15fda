"""LoRA funciona aunque el entorno traiga un torchao que PEFT rechaza (Colab trae 0.10.0).

Aquí no hay torchao: cada prueba crea uno falso (solo sus metadatos y un paquete que se niega a
importarse) para reproducir el ImportError de PEFT sin instalar nada. `make colab` lo comprueba
además con el torchao 0.10.0 de verdad.
"""

from __future__ import annotations

import sys

import pytest
from conftest import crear_modelo_diminuto


@pytest.fixture
def torchao_falso(tmp_path, monkeypatch):
    """Instala un torchao falso de la versión pedida; deja PEFT como estaba al terminar."""
    from peft import import_utils

    original = import_utils.is_torchao_available
    guardadas = {
        nombre: modulo for nombre, modulo in list(sys.modules.items())
        if nombre.split(".")[0] == "peft" and getattr(modulo, "is_torchao_available", None)
        is original
    }

    def instalar(version: str):
        carpeta = tmp_path / f"torchao-{version}"
        (carpeta / "torchao").mkdir(parents=True)
        (carpeta / "torchao" / "__init__.py").write_text(
            "raise ImportError('afinar no debería importar torchao')\n")
        metadatos = carpeta / f"torchao-{version}.dist-info"
        metadatos.mkdir()
        (metadatos / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: torchao\nVersion: {version}\n")
        monkeypatch.syspath_prepend(str(carpeta))
        original.cache_clear()

    yield instalar
    for modulo in guardadas.values():
        modulo.is_torchao_available = original
    import_utils.is_torchao_available = original
    original.cache_clear()


def _lora(modelo):
    from peft import LoraConfig, get_peft_model

    return get_peft_model(modelo, LoraConfig(r=4, target_modules="all-linear"))


def test_con_un_torchao_que_peft_rechaza_lora_falla_y_preparar_peft_lo_arregla(torchao_falso):
    from afinar.compatibilidad import preparar_peft, torchao_incompatible

    # 0.1.0 lo rechaza todo PEFT (0.15 pide ≥ 0.4; desde 0.18.1, ≥ 0.16). El 0.10.0 de Colab
    # solo lo rechaza PEFT ≥ 0.18.1: `make colab` lo prueba con ese torchao de verdad.
    torchao_falso("0.1.0")
    assert torchao_incompatible() == "0.1.0"
    with pytest.raises(ImportError, match="incompatible version of torchao"):
        _lora(crear_modelo_diminuto("qwen2")[0])

    assert preparar_peft() is True
    assert preparar_peft() is True  # otra vez: no rompe nada
    modelo = _lora(crear_modelo_diminuto("qwen2")[0])
    entrenables = sum(p.numel() for p in modelo.parameters() if p.requires_grad)
    assert entrenables > 0 and any("lora_A" in n for n, _ in modelo.named_parameters())
    assert "torchao" not in sys.modules  # nunca se importó
    assert torchao_incompatible() == "0.1.0"  # afinar info lo sigue viendo


@pytest.mark.parametrize("version", [None, "0.16.0"])
def test_sin_torchao_o_con_uno_que_peft_acepta_no_toca_peft(torchao_falso, version, monkeypatch):
    import importlib.metadata

    from peft import import_utils

    from afinar.compatibilidad import preparar_peft, torchao_incompatible

    original = import_utils.is_torchao_available
    if version:
        torchao_falso(version)
    else:  # sin torchao, aunque el entorno lo traiga (el de Colab trae 0.10.0)
        version_real = importlib.metadata.version

        def sin_torchao(nombre):
            if nombre == "torchao":
                raise importlib.metadata.PackageNotFoundError(nombre)
            return version_real(nombre)

        monkeypatch.setattr(importlib.metadata, "version", sin_torchao)
    assert torchao_incompatible() is None
    assert preparar_peft() is False
    assert import_utils.is_torchao_available is original
