"""El modelo de bolsillo: dónde está y su formato de chat (tokens especiales y plantilla)."""

from __future__ import annotations

from pathlib import Path

# Carpeta del modelo de bolsillo que viaja dentro del paquete.
RUTA_BOLSILLO = Path(__file__).resolve().parents[1] / "recursos" / "bolsillo"

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
