"""Cargar un modelo y su tokenizador: el de bolsillo, una carpeta local o un id del Hub."""

from __future__ import annotations

from pathlib import Path

from afinar.entorno import hardware, sin_conexion
from afinar.errores import AfinarError
from afinar.modelos.bolsillo import RUTA_BOLSILLO


def _es_ruta(nombre: str) -> bool:
    """¿Parece una carpeta local y no un id del Hub ("organizacion/modelo")?"""
    return (
        nombre.startswith((".", "/", "~"))
        or "\\" in nombre
        or nombre.count("/") > 1
        or Path(nombre).expanduser().exists()
    )


def _como_descargar(id_modelo: str) -> str:
    return (
        f"Descárgalo primero con conexión a internet (por ejemplo, ejecuta "
        f"cargar_modelo(\"{id_modelo}\") en Colab, o en una terminal `hf download {id_modelo}`) "
        "y vuelve a intentarlo; o pasa la ruta de una carpeta que ya tenga el modelo."
    )


def _comprobar_carpeta(carpeta: Path, nombre: str) -> None:
    if not carpeta.exists():
        raise AfinarError(
            f"No existe la carpeta de modelo «{nombre}». Revisa la ruta (¿está bien escrita? "
            "¿montaste Google Drive?) o usa \"bolsillo\" o un id del Hub como "
            "\"Qwen/Qwen2.5-0.5B-Instruct\"."
        )
    if not carpeta.is_dir():
        raise AfinarError(
            f"«{nombre}» es un archivo, no una carpeta de modelo. Pasa la carpeta que contiene "
            "config.json y los pesos (.safetensors)."
        )
    if not (carpeta / "config.json").exists():
        raise AfinarError(
            f"La carpeta «{nombre}» no tiene config.json, así que no es un modelo guardado con "
            "save_pretrained. Pasa la carpeta donde se guardó el modelo (la que tiene config.json "
            "y model.safetensors)."
        )
    if not any(carpeta.glob("*.safetensors")):
        raise AfinarError(
            f"La carpeta «{nombre}» no tiene pesos en formato safetensors (*.safetensors). "
            "afinar solo carga safetensors, por seguridad: vuelve a guardar el modelo con "
            "save_pretrained(carpeta) en una versión reciente de transformers."
        )


def _en_cache(id_modelo: str) -> bool:
    try:
        from huggingface_hub import try_to_load_from_cache

        return isinstance(try_to_load_from_cache(id_modelo, "config.json"), str)
    except Exception:
        return False


def cargar_modelo(nombre: str = "bolsillo", *, dtype=None, dispositivo: str | None = None):
    """Carga un modelo de lenguaje y su tokenizador: ``modelo, tokenizer = cargar_modelo(...)``.

    ``nombre`` puede ser ``"bolsillo"`` (el modelo de juguete que viene con afinar), la ruta de
    una carpeta guardada con ``save_pretrained``, o un id del Hub como
    ``"Qwen/Qwen2.5-0.5B-Instruct"``. Por dentro llama a ``AutoTokenizer.from_pretrained`` y
    ``AutoModelForCausalLM.from_pretrained`` (solo safetensors, nunca ``trust_remote_code``).

    ``dtype``: por defecto float32, que sirve para generar y para entrenar en cualquier equipo;
    pasa ``torch.float16`` o ``"auto"`` para ocupar menos memoria. El modelo queda en la GPU si
    la hay (``dispositivo`` lo cambia) y en modo evaluación.
    """
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    nombre = str(nombre)
    if nombre.lower() == "bolsillo":
        origen = str(RUTA_BOLSILLO)
        _comprobar_carpeta(RUTA_BOLSILLO, "bolsillo")
    elif _es_ruta(nombre):
        carpeta = Path(nombre).expanduser()
        _comprobar_carpeta(carpeta, nombre)
        origen = str(carpeta)
    else:
        origen = nombre
        if sin_conexion() and not _en_cache(nombre):
            raise AfinarError(
                f"El modelo «{nombre}» no está descargado y no hay conexión con el Hub de "
                f"Hugging Face. {_como_descargar(nombre)}"
            )

    opciones = dict(trust_remote_code=False)
    local = Path(origen).exists()
    barras = hf_logging.is_progress_bar_enabled()
    if local:  # la barra «Loading weights» solo tiene sentido si hay que descargar
        hf_logging.disable_progress_bar()
    try:
        tokenizer = AutoTokenizer.from_pretrained(origen, **opciones)
        modelo = AutoModelForCausalLM.from_pretrained(
            origen, dtype=dtype or torch.float32, use_safetensors=True, **opciones
        )
    except AfinarError:
        raise
    except Exception as error:  # traducimos los errores de carga a una frase útil
        raise _error_de_carga(nombre, origen, error) from error
    finally:
        if barras:
            hf_logging.enable_progress_bar()

    if modelo.generation_config.pad_token_id is None:
        modelo.generation_config.pad_token_id = id_de_relleno(tokenizer)
    dispositivo = dispositivo or hardware().dispositivo
    modelo.to(dispositivo)
    modelo.eval()
    return modelo, tokenizer


def id_de_relleno(tokenizer) -> int:
    """El token de relleno (padding) del tokenizador. Muchos modelos base no traen uno: entonces
    se usa el de fin de texto y se deja puesto en el tokenizador (el relleno nunca cuenta en la
    pérdida ni en lo que se genera). La única regla de relleno de afinar."""
    if tokenizer.pad_token is None:
        if tokenizer.eos_token is None:
            raise AfinarError(
                "El tokenizador no tiene token de relleno ni de fin de texto: no sé rellenar los "
                "lotes. Usa un modelo con tokenizador completo (por ejemplo, uno «-Instruct»)."
            )
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer.pad_token_id


def _error_de_carga(nombre: str, origen: str, error: Exception) -> AfinarError:
    texto = f"{type(error).__name__}: {error}"
    if "gated" in texto.lower() or "401" in texto or "403" in texto:
        return AfinarError(
            f"El modelo «{nombre}» es restringido: pide acceso en su página del Hub y guarda tu "
            "token en los secretos de Colab (HF_TOKEN); nunca lo escribas en el cuaderno."
        )
    if "safetensor" in texto.lower() or "header" in texto.lower() or "deserializ" in texto.lower():
        return AfinarError(
            f"Los pesos del modelo «{nombre}» están dañados o incompletos (¿se cortó la copia o la "
            "descarga?). Vuelve a copiarlos o a descargarlos y prueba otra vez."
        )
    if isinstance(error, OSError) and not Path(origen).exists():
        return AfinarError(
            f"No se pudo obtener el modelo «{nombre}» del Hub ({type(error).__name__}). Revisa "
            f"que el id esté bien escrito (organización/modelo). {_como_descargar(nombre)}"
        )
    return AfinarError(
        f"No se pudo cargar el modelo «{nombre}» ({texto[:200]}). Comprueba que es un modelo de "
        "generación de texto (causal) compatible con tu versión de transformers."
    )
