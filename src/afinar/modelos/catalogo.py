"""El catálogo de modelos recomendados: datos, sin importar nada de afinar.

Cada ficha dice lo que conviene saber antes de elegir un modelo y su forma (hechos de su
config.json), con la que `afinar.modelos.estimar_memoria` calcula la memoria sin usar la red.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    # Su forma (hechos de su config.json): así se estima la memoria sin red. Vacía en bolsillo,
    # que viaja con afinar y se lee de su carpeta.
    forma: dict = field(default_factory=dict)


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
        forma=dict(
            model_type="qwen2", hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
            num_attention_heads=14, num_key_value_heads=2, vocab_size=151936, tie_word_embeddings=True,
        ),
    ),
    ModeloRecomendado(
        "BSC-LT/salamandra-2b-instruct", 2253, "Apache-2.0", False,
        "Muy bueno: entrenado con mucho español, catalán, gallego y euskera.",
        "generar, despacio",
        "Para afinarlo en una T4 usa LoRA.", predeterminado=True,
        forma=dict(
            model_type="llama", hidden_size=2048, intermediate_size=5440, num_hidden_layers=24,
            num_attention_heads=16, num_key_value_heads=16, vocab_size=256000,
            tie_word_embeddings=False,
        ),
    ),
    ModeloRecomendado(
        "PlanTL-GOB-ES/gpt2-base-bne", 124, "Apache-2.0", False,
        "Solo español (modelo base, sin chat): completa textos.",
        "generar y afinar completo",
        "Modelo base: no sigue instrucciones, continúa el texto.", predeterminado=True,
        forma=dict(
            model_type="gpt2", n_embd=768, n_layer=12, n_head=12, vocab_size=50261, n_positions=512,
        ),
    ),
    ModeloRecomendado(
        "HuggingFaceTB/SmolLM2-135M-Instruct", 135, "Apache-2.0", False,
        "Flojo: entrenado sobre todo en inglés.",
        "generar y afinar (LoRA o completo)",
        "Muy rápido; útil para probar el flujo antes de usar uno mayor.",
        forma=dict(
            model_type="llama", hidden_size=576, intermediate_size=1536, num_hidden_layers=30,
            num_attention_heads=9, num_key_value_heads=3, vocab_size=49152, tie_word_embeddings=True,
        ),
    ),
    ModeloRecomendado(
        "Qwen/Qwen2.5-1.5B-Instruct", 1544, "Apache-2.0", False,
        "Bueno: multilingüe, mejor que el de 0.5B.",
        "generar, despacio",
        "Para afinarlo en una T4 usa LoRA.",
        forma=dict(
            model_type="qwen2", hidden_size=1536, intermediate_size=8960, num_hidden_layers=28,
            num_attention_heads=12, num_key_value_heads=2, vocab_size=151936, tie_word_embeddings=True,
        ),
    ),
    ModeloRecomendado(
        "meta-llama/Llama-3.2-1B-Instruct", 1236, "Llama 3.2 Community License", True,
        "Bueno: el español es uno de sus idiomas oficiales.",
        "generar, despacio",
        "Restringido: pide acceso en su página y usa un token (sección opcional del curso).",
        forma=dict(
            model_type="llama", hidden_size=2048, intermediate_size=8192, num_hidden_layers=16,
            num_attention_heads=32, num_key_value_heads=8, vocab_size=128256, head_dim=64,
            tie_word_embeddings=True,
        ),
    ),
    ModeloRecomendado(
        "google/gemma-3-1b-it", 1000, "Gemma Terms of Use", True,
        "Aceptable: multilingüe.",
        "generar, despacio",
        "Restringido: acepta sus condiciones en su página y usa un token.",
        forma=dict(
            model_type="gemma3_text", hidden_size=1152, intermediate_size=6912, num_hidden_layers=26,
            num_attention_heads=4, num_key_value_heads=1, head_dim=256, vocab_size=262144,
            tie_word_embeddings=True,
        ),
    ),
]


def ficha(id_modelo: str) -> ModeloRecomendado | None:
    """La ficha del catálogo para ``id_modelo``, o None si no está en el catálogo."""
    for modelo in CATALOGO:
        if modelo.id.lower() == str(id_modelo).lower():
            return modelo
    return None
