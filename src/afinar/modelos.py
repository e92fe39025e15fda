"""Modelos: el de bolsillo, el catálogo de modelos recomendados y cómo cargarlos."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from afinar.entorno import Hardware, hardware, sin_conexion
from afinar.errores import AfinarError

# Carpeta del modelo de bolsillo que viaja dentro del paquete.
RUTA_BOLSILLO = Path(__file__).parent / "recursos" / "bolsillo"

# Tokens especiales del modelo de bolsillo (formato ChatML, como Qwen).
TOKENS_ESPECIALES = {
    "bos_token": "<|endoftext|>",  # separa documentos de texto plano
    "eos_token": "<|im_end|>",  # cierra cada turno del chat: la generación para aquí
    "pad_token": "<|pad|>",  # relleno; nunca cuenta en la pérdida
    "additional_special_tokens": ["<|im_start|>"],
}

# Plantilla de chat (Jinja) del modelo de bolsillo. Las marcas {% generation %}
# señalan los tokens del asistente: así la pérdida puede contarse solo en ellos
# (assistant_only_loss) y `add_generation_prompt=True` abre el turno del asistente.
PLANTILLA_CHAT = (
    "{%- for message in messages %}"
    "{%- if message['role'] == 'assistant' %}"
    "{{- '<|im_start|>assistant\\n' }}"
    "{%- generation %}{{- message['content'] + '<|im_end|>' }}{%- endgeneration %}"
    "{{- '\\n' }}"
    "{%- else %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)


@dataclass(frozen=True)
class ModeloRecomendado:
    """Una ficha del catálogo: lo que conviene saber antes de elegir un modelo."""

    id: str  # nombre en el Hub (o "bolsillo")
    parametros_m: float  # millones de parámetros
    licencia: str
    restringido: bool  # "gated": hay que pedir acceso y usar un token
    espanol: str  # qué tal escribe en español
    cpu: str  # qué se puede hacer sin GPU
    nota: str = ""
    predeterminado: bool = False  # los que el curso recomienda por defecto


CATALOGO: list[ModeloRecomendado] = [
    ModeloRecomendado(
        "bolsillo", 3.5, "Apache-2.0", False,
        "Un juguete: frases con palabras reales, sin sentido profundo.",
        "todo, en segundos",
        "Viene dentro de afinar; funciona sin internet. Para practicar y para las pruebas.",
        predeterminado=True,
    ),
    ModeloRecomendado(
        "Qwen/Qwen2.5-0.5B-Instruct", 494, "Apache-2.0", False,
        "Bueno para su tamaño: multilingüe, incluye español.",
        "generar sí; afinar, lento (horas)",
        "El punto de partida recomendado en Colab.", predeterminado=True,
    ),
    ModeloRecomendado(
        "BSC-LT/salamandra-2b-instruct", 2253, "Apache-2.0", False,
        "Muy bueno: entrenado con mucho español, catalán, gallego y euskera.",
        "generar, despacio",
        "Para afinarlo en una T4 usa LoRA.", predeterminado=True,
    ),
    ModeloRecomendado(
        "PlanTL-GOB-ES/gpt2-base-bne", 124, "Apache-2.0", False,
        "Solo español (modelo base, sin chat): completa textos.",
        "generar y afinar completo",
        "Modelo base: no sigue instrucciones, continúa el texto.", predeterminado=True,
    ),
    ModeloRecomendado(
        "HuggingFaceTB/SmolLM2-135M-Instruct", 135, "Apache-2.0", False,
        "Flojo: entrenado sobre todo en inglés.",
        "generar y afinar (LoRA o completo)",
        "Muy rápido; útil para probar el flujo antes de usar uno mayor.",
    ),
    ModeloRecomendado(
        "Qwen/Qwen2.5-1.5B-Instruct", 1544, "Apache-2.0", False,
        "Bueno: multilingüe, mejor que el de 0.5B.",
        "generar, despacio",
        "Para afinarlo en una T4 usa LoRA.",
    ),
    ModeloRecomendado(
        "meta-llama/Llama-3.2-1B-Instruct", 1236, "Llama 3.2 Community License", True,
        "Bueno: el español es uno de sus idiomas oficiales.",
        "generar, despacio",
        "Restringido: pide acceso en su página y usa un token (sección opcional del curso).",
    ),
    ModeloRecomendado(
        "google/gemma-3-1b-it", 1000, "Gemma Terms of Use", True,
        "Aceptable: multilingüe.",
        "generar, despacio",
        "Restringido: acepta sus condiciones en su página y usa un token.",
    ),
]


def ficha(id_modelo: str) -> ModeloRecomendado | None:
    """La ficha del catálogo para ``id_modelo``, o None si no está en el catálogo."""
    for modelo in CATALOGO:
        if modelo.id.lower() == str(id_modelo).lower():
            return modelo
    return None


def _en_t4(id_modelo: str, metodo: str) -> str:
    """¿Se puede afinar en la T4 de Colab (15 GB) con la receta por defecto y datos de chat?
    Sale de `estimar_memoria`, con la misma regla con la que `entrenar` activa el recálculo
    de activaciones (gradient checkpointing)."""
    from afinar.memoria import MEMORIA_T4_GB, estimar_memoria, necesita_checkpointing

    if not necesita_checkpointing(estimar_memoria(id_modelo, metodo).total_t4_gb, MEMORIA_T4_GB):
        return "sí"
    if estimar_memoria(id_modelo, metodo, gradient_checkpointing=True).cabe_t4:
        return "sí, más lento (checkpointing)"
    return "no"


def tabla_catalogo(hw: Hardware | None = None):
    """El catálogo como tabla de pandas, con una columna que dice qué cabe en este equipo."""
    import pandas as pd

    from afinar.memoria import estimar_memoria

    hw = hw or hardware()
    disponible = hw.memoria_gpu_gb if hw.dispositivo == "cuda" else hw.memoria_ram_gb
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

    if tokenizer.pad_token is None:  # muchos modelos base no traen token de relleno
        tokenizer.pad_token = tokenizer.eos_token
    if modelo.generation_config.pad_token_id is None:
        modelo.generation_config.pad_token_id = tokenizer.pad_token_id
    dispositivo = dispositivo or hardware().dispositivo
    modelo.to(dispositivo)
    modelo.eval()
    return modelo, tokenizer


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


def __getattr__(nombre: str):
    # `afinar.modelos.estimar_memoria` vive en afinar/memoria.py (que usa este catálogo):
    # se importa al pedirla para no crear un ciclo de imports.
    if nombre == "estimar_memoria":
        from afinar.memoria import estimar_memoria

        return estimar_memoria
    raise AttributeError(f"module 'afinar.modelos' has no attribute {nombre!r}")
