"""Modelos diminutos con la plantilla de chat, los tokens especiales y el generation_config
EXACTOS de modelos reales del Hub, para probar afinar sin descargar nada.

Cada ficha copia, tal cual, la plantilla de chat (Jinja) pública del modelo, sus tokens
especiales y añadidos (en el mismo orden, con los ids renumerados al tokenizador local) y
su generation_config (ids de fin, relleno, BOS y valores de muestreo), citando de dónde
sale. Los pesos son aleatorios y diminutos, pero de la arquitectura correcta; el
tokenizador es un BPE por bytes entrenado aquí en un segundo con frases en español.

Uso en las pruebas (como ``tests/cuadernos.py``)::

    from modelos_reales import NOMBRES_REALES, crear_modelo_real
    modelo, tokenizer = crear_modelo_real("Qwen/Qwen2.5-0.5B-Instruct")
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field

# ---------------------------------------------------------------- plantillas, tal cual

# Qwen/Qwen2.5-0.5B-Instruct y Qwen/Qwen2.5-1.5B-Instruct (las dos traen la misma: toda la
# familia Qwen2.5-Instruct comparte tokenizer_config.json).
# Fuente: https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct/blob/main/tokenizer_config.json
# copiada de trl/chat_templates/qwen2_5.jinja (huggingface/trl, TRL 1.16), que TRL compara
# byte a byte con la del Hub cada semana (scripts/check_chat_templates.py).
PLANTILLA_QWEN2_5 = r"""{%- if tools %}
    {{- '<|im_start|>system\n' }}
    {%- if messages[0]['role'] == 'system' %}
        {{- messages[0]['content'] }}
    {%- else %}
        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}
    {%- endif %}
    {{- "\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>" }}
    {%- for tool in tools %}
        {{- "\n" }}
        {{- tool | tojson }}
    {%- endfor %}
    {{- "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n" }}
{%- else %}
    {%- if messages[0]['role'] == 'system' %}
        {{- '<|im_start|>system\n' + messages[0]['content'] + '<|im_end|>\n' }}
    {%- else %}
        {{- '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n' }}
    {%- endif %}
{%- endif %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
        {{- '<|im_start|>' + message.role + '\n' + message.content + '<|im_end|>' + '\n' }}
    {%- elif message.role == "assistant" %}
        {{- '<|im_start|>' + message.role }}
        {%- if message.content %}
            {{- '\n' + message.content }}
        {%- endif %}
        {%- for tool_call in message.tool_calls %}
            {%- if tool_call.function is defined %}
                {%- set tool_call = tool_call.function %}
            {%- endif %}
            {{- '\n<tool_call>\n{"name": "' }}
            {{- tool_call.name }}
            {{- '", "arguments": ' }}
            {{- tool_call.arguments | tojson }}
            {{- '}\n</tool_call>' }}
        {%- endfor %}
        {{- '<|im_end|>\n' }}
    {%- elif message.role == "tool" %}
        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != "tool") %}
            {{- '<|im_start|>user' }}
        {%- endif %}
        {{- '\n<tool_response>\n' }}
        {{- message.content }}
        {{- '\n</tool_response>' }}
        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
            {{- '<|im_end|>\n' }}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\n' }}
{%- endif %}
"""

# meta-llama/Llama-3.2-1B-Instruct (Llama 3.x: cabecera de sistema con «Cutting Knowledge
# Date» y la fecha de hoy aunque no haya mensaje de sistema).
# Fuente: https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct/blob/main/tokenizer_config.json
# copiada de trl/chat_templates/llama3_2.jinja (comprobada contra ese repositorio por TRL).
PLANTILLA_LLAMA3_2 = r"""{{- bos_token }}
{%- if custom_tools is defined %}
    {%- set tools = custom_tools %}
{%- endif %}
{%- if not tools_in_user_message is defined %}
    {%- set tools_in_user_message = true %}
{%- endif %}
{%- if not date_string is defined %}
    {%- if strftime_now is defined %}
        {%- set date_string = strftime_now("%d %b %Y") %}
    {%- else %}
        {%- set date_string = "26 Jul 2024" %}
    {%- endif %}
{%- endif %}
{%- if not tools is defined %}
    {%- set tools = none %}
{%- endif %}

{#- This block extracts the system message, so we can slot it into the right place. #}
{%- if messages[0]['role'] == 'system' %}
    {%- set system_message = messages[0]['content']|trim %}
    {%- set messages = messages[1:] %}
{%- else %}
    {%- set system_message = "" %}
{%- endif %}

{#- System message #}
{{- "<|start_header_id|>system<|end_header_id|>\n\n" }}
{%- if tools is not none %}
    {{- "Environment: ipython\n" }}
{%- endif %}
{{- "Cutting Knowledge Date: December 2023\n" }}
{{- "Today Date: " + date_string + "\n\n" }}
{%- if tools is not none and not tools_in_user_message %}
    {{- "You have access to the following functions. To call a function, please respond with JSON for a function call." }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\n\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\n\n" }}
    {%- endfor %}
{%- endif %}
{{- system_message }}
{{- "<|eot_id|>" }}

{#- Custom tools are passed in a user message with some extra guidance #}
{%- if tools_in_user_message and not tools is none %}
    {#- Extract the first user message so we can plug it in here #}
    {%- if messages | length != 0 %}
        {%- set first_user_message = messages[0]['content']|trim %}
        {%- set messages = messages[1:] %}
    {%- else %}
        {{- raise_exception("Cannot put tools in the first user message when there's no first user message!") }}
{%- endif %}
    {{- '<|start_header_id|>user<|end_header_id|>\n\n' -}}
    {{- "Given the following functions, please respond with a JSON for a function call " }}
    {{- "with its proper arguments that best answers the given prompt.\n\n" }}
    {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
    {{- "Do not use variables.\n\n" }}
    {%- for t in tools %}
        {{- t | tojson(indent=4) }}
        {{- "\n\n" }}
    {%- endfor %}
    {{- first_user_message + "<|eot_id|>"}}
{%- endif %}

{%- for message in messages %}
    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}
        {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' }}
    {%- elif 'tool_calls' in message %}
        {%- if not message.tool_calls|length == 1 %}
            {{- raise_exception("This model only supports single tool-calls at once!") }}
        {%- endif %}
        {%- set tool_call = message.tool_calls[0].function %}
        {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}
        {{- '{"name": "' + tool_call.name + '", ' }}
        {{- '"parameters": ' }}
        {{- tool_call.arguments | tojson }}
        {{- "}" }}
        {{- "<|eot_id|>" }}
    {%- elif message.role == "tool" or message.role == "ipython" %}
        {{- "<|start_header_id|>ipython<|end_header_id|>\n\n" }}
        {%- if message.content is mapping or message.content is iterable %}
            {{- message.content | tojson }}
        {%- else %}
            {{- message.content }}
        {%- endif %}
        {{- "<|eot_id|>" }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|start_header_id|>assistant<|end_header_id|>\n\n' }}
{%- endif %}
"""

# google/gemma-3-1b-it (Gemma-it: el mensaje de sistema va dentro del primer turno del
# usuario; el asistente se llama «model»; recorta espacios con | trim).
# Fuente: https://huggingface.co/google/gemma-3-1b-it/blob/main/tokenizer_config.json
# copiada de trl/chat_templates/gemma3.jinja (TRL la comprueba contra google/gemma-3-4b-it;
# las gemma-3-*-it traen la misma).
PLANTILLA_GEMMA3 = r"""{{ bos_token }}
{%- if messages[0]['role'] == 'system' -%}
    {%- if messages[0]['content'] is string -%}
        {%- set first_user_prefix = messages[0]['content'] + '

' -%}
    {%- else -%}
        {%- set first_user_prefix = messages[0]['content'][0]['text'] + '

' -%}
    {%- endif -%}
    {%- set loop_messages = messages[1:] -%}
{%- else -%}
    {%- set first_user_prefix = "" -%}
    {%- set loop_messages = messages -%}
{%- endif -%}
{%- for message in loop_messages -%}
    {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}
        {{ raise_exception("Conversation roles must alternate user/assistant/user/assistant/...") }}
    {%- endif -%}
    {%- if (message['role'] == 'assistant') -%}
        {%- set role = "model" -%}
    {%- else -%}
        {%- set role = message['role'] -%}
    {%- endif -%}
    {{ '<start_of_turn>' + role + '
' + (first_user_prefix if loop.first else "") }}
    {%- if message['content'] is string -%}
        {{ message['content'] | trim }}
    {%- elif message['content'] is iterable -%}
        {%- for item in message['content'] -%}
            {%- if item['type'] == 'image' -%}
                {{ '<start_of_image>' }}
            {%- elif item['type'] == 'text' -%}
                {{ item['text'] | trim }}
            {%- endif -%}
        {%- endfor -%}
    {%- else -%}
        {{ raise_exception("Invalid content type") }}
    {%- endif -%}
    {{ '<end_of_turn>
' }}
{%- endfor -%}
{%- if add_generation_prompt -%}
    {{'<start_of_turn>model
'}}
{%- endif -%}
"""

# HuggingFaceTB/SmolLM2-135M-Instruct (mete un mensaje de sistema por defecto si no hay).
# Fuente: https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/blob/main/tokenizer_config.json
# (la misma cadena aparece copiada tal cual en varios repositorios públicos, p. ej. en
# pruebas de renderizadores Jinja en Rust y Kotlin que la citan como «verbatim»).
PLANTILLA_SMOLLM2 = (
    "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
    "{{ '<|im_start|>system\\nYou are a helpful AI assistant named SmolLM, trained by Hugging "
    "Face<|im_end|>\\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + "
    "message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
    "{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

# BSC-LT/salamandra-2b-instruct (ChatML con un mensaje de sistema por defecto que lleva la
# fecha: ``date_string``, por defecto 2024-09-30).
# Fuente: el bloque ```jinja de la ficha https://huggingface.co/BSC-LT/salamandra-7b-instruct
# (commit dda36be, las instruct de 2B y 7B comparten plantilla) para la estructura, y el
# texto del sistema por defecto tal como lo reproduce litgpt (litgpt/prompts.py,
# class Salamandra). No pude leer el tokenizer_config.json actual sin red: confianza media.
PLANTILLA_SALAMANDRA = (
    '{%- if not date_string is defined %}{%- set date_string = "2024-09-30" %}{%- endif %}'
    '{%- set system_message = messages[0].content if messages[0].role == "system" else '
    '"I am Salamandra, an AI language model developed at the Barcelona Supercomputing Centre '
    "(BSC) by the Language Technologies Unit. My knowledge base was last updated on August "
    '2023. Today Date: "+ date_string + "\\nSoy Salamandra, un modelo lingüístico de IA '
    "desarrollado en el Barcelona Supercomputing Centre (BSC) por la Language Technologies "
    "Unit. Mi base de conocimientos se actualizó por última vez en agosto de 2023.\\nSoc "
    "Salamandra, un model de llenguatge d'IA desenvolupat al Barcelona Supercomputing Centre "
    '(BSC) per la Language Technologies Unit." -%}'
    '{%- if messages[0].role == "system" -%}{%- set messages = messages[1:] -%}{%- endif -%}'
    '{{ "<|im_start|>system\\n" + system_message + "<|im_end|>\\n" }}'
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + "
    "message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

# mistralai/Mistral-7B-Instruct-v0.3 (plantilla «v3» de Mistral: no tiene rol de sistema,
# mete el mensaje de sistema en el ÚLTIMO turno del usuario, ignora add_generation_prompt,
# exige usuario/asistente alternados y recorta la respuesta con | trim).
# Fuente: https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.3/blob/main/tokenizer_config.json
# tal como la copian llama.cpp (tests/test-chat-template.cpp, «mistralai 'v3' template»)
# y otros repositorios públicos que la usan en lugar del repositorio restringido; el
# formato coincide con la documentación de Mistral (docs.mistral.ai, «Tokenizer V3»).
PLANTILLA_MISTRAL_V3 = r"""{%- if messages[0]["role"] == "system" %}
    {%- set system_message = messages[0]["content"] %}
    {%- set loop_messages = messages[1:] %}
{%- else %}
    {%- set loop_messages = messages %}
{%- endif %}
{%- if not tools is defined %}
    {%- set tools = none %}
{%- endif %}
{%- set user_messages = loop_messages | selectattr("role", "equalto", "user") | list %}

{#- This block checks for alternating user/assistant messages, skipping tool calling messages #}
{%- set ns = namespace() %}
{%- set ns.index = 0 %}
{%- for message in loop_messages %}
    {%- if not (message.role == "tool" or message.role == "tool_results" or (message.tool_calls is defined and message.tool_calls is not none)) %}
        {%- if (message["role"] == "user") != (ns.index % 2 == 0) %}
            {{- raise_exception("After the optional system message, conversation roles must alternate user/assistant/user/assistant/...") }}
        {%- endif %}
        {%- set ns.index = ns.index + 1 %}
    {%- endif %}
{%- endfor %}

{{- bos_token }}
{%- for message in loop_messages %}
    {%- if message["role"] == "user" %}
        {%- if tools is not none and (message == user_messages[-1]) %}
            {{- "[AVAILABLE_TOOLS] [" }}
            {%- for tool in tools %}
                {%- set tool = tool.function %}
                {{- '{"type": "function", "function": {' }}
                {%- for key, val in tool.items() if key != "return" %}
                    {%- if val is string %}
                        {{- '"' + key + '": "' + val + '"' }}
                    {%- else %}
                        {{- '"' + key + '": ' + val|tojson }}
                    {%- endif %}
                    {%- if not loop.last %}
                        {{- ", " }}
                    {%- endif %}
                {%- endfor %}
                {{- "}}" }}
                {%- if not loop.last %}
                    {{- ", " }}
                {%- else %}
                    {{- "]" }}
                {%- endif %}
            {%- endfor %}
            {{- "[/AVAILABLE_TOOLS]" }}
            {%- endif %}
        {%- if loop.last and system_message is defined %}
            {{- "[INST] " + system_message + "\n\n" + message["content"] + "[/INST]" }}
        {%- else %}
            {{- "[INST] " + message["content"] + "[/INST]" }}
        {%- endif %}
    {%- elif message.tool_calls is defined and message.tool_calls is not none %}
        {{- "[TOOL_CALLS] [" }}
        {%- for tool_call in message.tool_calls %}
            {%- set out = tool_call.function|tojson %}
            {{- out[:-1] }}
            {%- if not tool_call.id is defined or tool_call.id|length != 9 %}
                {{- raise_exception("Tool call IDs should be alphanumeric strings with length 9!") }}
            {%- endif %}
            {{- ', "id": "' + tool_call.id + '"}' }}
            {%- if not loop.last %}
                {{- ", " }}
            {%- else %}
                {{- "]" + eos_token }}
            {%- endif %}
        {%- endfor %}
    {%- elif message["role"] == "assistant" %}
        {{- " " + message["content"]|trim + eos_token}}
    {%- elif message["role"] == "tool_results" or message["role"] == "tool" %}
        {%- if message.content is defined and message.content.content is defined %}
            {%- set content = message.content.content %}
        {%- else %}
            {%- set content = message.content %}
        {%- endif %}
        {{- '[TOOL_RESULTS] {"content": ' + content|string + ", " }}
        {%- if not message.tool_call_id is defined or message.tool_call_id|length != 9 %}
            {{- raise_exception("Tool call IDs should be alphanumeric strings with length 9!") }}
        {%- endif %}
        {{- '"call_id": "' + message.tool_call_id + '"}[/TOOL_RESULTS]' }}
    {%- else %}
        {{- raise_exception("Only user and assistant roles are supported, with the exception of an initial optional system message!") }}
    {%- endif %}
{%- endfor %}
"""

# ---------------------------------------------------------------- tokens especiales

_QWEN_ESPECIALES = (
    "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>",
    "<|object_ref_end|>", "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>",
    "<|vision_start|>", "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>",
)
# Añadidos pero no especiales (special=false en added_tokens_decoder, ids 151657-151664).
_QWEN_NO_ESPECIALES = (
    "<tool_call>", "</tool_call>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
    "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>",
)
_LLAMA3_ESPECIALES = (
    "<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>",
    "<|reserved_special_token_1|>", "<|finetune_right_pad_id|>", "<|reserved_special_token_2|>",
    "<|start_header_id|>", "<|end_header_id|>", "<|eom_id|>", "<|eot_id|>", "<|python_tag|>",
    *(f"<|reserved_special_token_{i}|>" for i in range(3, 248)),
)  # ids 128000-128255
_SMOLLM2_ESPECIALES = (
    "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<repo_name>", "<reponame>", "<file_sep>",
    "<filename>", "<gh_stars>", "<issue_start>", "<issue_comment>", "<issue_closed>",
    "<jupyter_start>", "<jupyter_text>", "<jupyter_code>", "<jupyter_output>",
    "<jupyter_script>", "<empty_output>",
)  # ids 0-16
_MISTRAL_V3_ESPECIALES = (
    "<unk>", "<s>", "</s>", "[INST]", "[/INST]", "[TOOL_CALLS]", "[AVAILABLE_TOOLS]",
    "[/AVAILABLE_TOOLS]", "[TOOL_RESULTS]", "[/TOOL_RESULTS]",
    *(f"[control_{i}]" for i in range(8, 769)),
)  # ids 0-770
# Gemma 3: los del principio del vocabulario (ids 0-5 y 105-106) y los de imagen (255999,
# 256000, 262144). Los ~6000 «<unusedN>» y etiquetas HTML añadidas no se copian.
_GEMMA3_ESPECIALES_INICIO = (
    "<pad>", "<eos>", "<bos>", "<unk>", "<mask>", "[multimodal]",
    "<start_of_turn>", "<end_of_turn>",
)
_GEMMA3_ESPECIALES_FINAL = ("<start_of_image>", "<end_of_image>", "<image_soft_token>")
# Salamandra: ids 0-5 y los primeros «<|reserved_token_N|>» (el modelo real trae más).
_SALAMANDRA_ESPECIALES = (
    "<unk>", "<s>", "</s>", "<pad>", "<|im_start|>", "<|im_end|>",
    *(f"<|reserved_token_{i}|>" for i in range(1, 11)),
)


@dataclass(frozen=True)
class FichaReal:
    """Lo que se copia de un modelo real. Los ids van como textos de token y se traducen al
    tokenizador local al construirlo."""

    nombre: str
    arquitectura: str  # qwen2, llama, gemma3_text, mistral, gpt2
    plantilla: str | None
    especiales_inicio: tuple[str, ...] = ()  # al principio del vocabulario
    especiales_final: tuple[str, ...] = ()  # detrás del vocabulario aprendido
    anadidos_final: tuple[str, ...] = ()  # añadidos que no son especiales
    roles: dict = field(default_factory=dict)  # bos_token, eos_token, pad_token, unk_token
    adicionales: tuple[str, ...] = ()  # additional_special_tokens
    bos_al_tokenizar: bool = False  # el tokenizador pone el BOS (add_bos_token)
    generacion: dict = field(default_factory=dict)  # generation_config.json
    config: dict = field(default_factory=dict)  # ids de config.json y lo que importe
    fuente: str = ""


FICHAS: dict[str, FichaReal] = {}


def _ficha(ficha: FichaReal) -> None:
    FICHAS[ficha.nombre] = ficha


_QWEN_GENERACION = {
    # https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct/blob/main/generation_config.json
    "bos_token_id": "<|endoftext|>", "pad_token_id": "<|endoftext|>", "do_sample": True,
    "eos_token_id": ["<|im_end|>", "<|endoftext|>"], "repetition_penalty": 1.1,
    "temperature": 0.7, "top_p": 0.8, "top_k": 20,
}
for _nombre in ("Qwen/Qwen2.5-0.5B-Instruct", "Qwen/Qwen2.5-1.5B-Instruct"):
    _ficha(FichaReal(
        nombre=_nombre, arquitectura="qwen2", plantilla=PLANTILLA_QWEN2_5,
        especiales_final=_QWEN_ESPECIALES, anadidos_final=_QWEN_NO_ESPECIALES,
        roles={"eos_token": "<|im_end|>", "pad_token": "<|endoftext|>"},
        adicionales=_QWEN_ESPECIALES[1:],
        generacion=_QWEN_GENERACION,
        config={"bos_token_id": "<|endoftext|>", "eos_token_id": "<|im_end|>",
                "tie_word_embeddings": True},
        fuente=f"https://huggingface.co/{_nombre}/tree/main",
    ))

_ficha(FichaReal(
    nombre="BSC-LT/salamandra-2b-instruct", arquitectura="llama",
    plantilla=PLANTILLA_SALAMANDRA, especiales_inicio=_SALAMANDRA_ESPECIALES,
    roles={"bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>", "unk_token": "<unk>"},
    bos_al_tokenizar=True,  # LlamaTokenizer con add_bos_token=true
    # generation_config.json (200 bytes): solo los ids; confianza media en eos (</s>).
    generacion={"bos_token_id": "<s>", "eos_token_id": "</s>"},
    config={"bos_token_id": "<s>", "eos_token_id": "</s>", "tie_word_embeddings": False},
    fuente="https://huggingface.co/BSC-LT/salamandra-2b-instruct/tree/main",
))

_ficha(FichaReal(
    nombre="PlanTL-GOB-ES/gpt2-base-bne", arquitectura="gpt2", plantilla=None,
    # Modelo base (sin plantilla de chat). Tokenizador GPT-2 (BPE por bytes, 50261 piezas,
    # n_positions 512) con <|endoftext|> como BOS, EOS y UNK; no añade BOS al tokenizar.
    especiales_final=("<|endoftext|>",),
    roles={"bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>",
           "unk_token": "<|endoftext|>"},
    generacion={"bos_token_id": "<|endoftext|>", "eos_token_id": "<|endoftext|>"},
    config={"bos_token_id": "<|endoftext|>", "eos_token_id": "<|endoftext|>"},
    fuente="https://huggingface.co/PlanTL-GOB-ES/gpt2-base-bne/tree/main",
))

_ficha(FichaReal(
    nombre="HuggingFaceTB/SmolLM2-135M-Instruct", arquitectura="llama",
    plantilla=PLANTILLA_SMOLLM2, especiales_inicio=_SMOLLM2_ESPECIALES,
    roles={"bos_token": "<|im_start|>", "eos_token": "<|im_end|>", "pad_token": "<|im_end|>",
           "unk_token": "<|endoftext|>"},
    adicionales=("<|im_start|>", "<|im_end|>"),
    # https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/blob/main/generation_config.json
    generacion={"bos_token_id": "<|im_start|>", "eos_token_id": "<|im_end|>",
                "pad_token_id": "<|im_end|>"},
    config={"bos_token_id": "<|im_start|>", "eos_token_id": "<|im_end|>",
            "pad_token_id": "<|im_end|>", "tie_word_embeddings": True},
    fuente="https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct/tree/main",
))

_ficha(FichaReal(
    nombre="meta-llama/Llama-3.2-1B-Instruct", arquitectura="llama",
    plantilla=PLANTILLA_LLAMA3_2, especiales_final=_LLAMA3_ESPECIALES,
    roles={"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"},
    bos_al_tokenizar=True,  # tokenizer.json: TemplateProcessing «<|begin_of_text|> $A»
    # https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct/blob/main/generation_config.json
    generacion={"bos_token_id": "<|begin_of_text|>", "do_sample": True,
                "eos_token_id": ["<|end_of_text|>", "<|eom_id|>", "<|eot_id|>"],
                "temperature": 0.6, "top_p": 0.9},
    config={"bos_token_id": "<|begin_of_text|>",
            "eos_token_id": ["<|end_of_text|>", "<|eom_id|>", "<|eot_id|>"],
            "tie_word_embeddings": True},
    fuente="https://huggingface.co/meta-llama/Llama-3.2-1B-Instruct/tree/main",
))

_ficha(FichaReal(
    nombre="google/gemma-3-1b-it", arquitectura="gemma3_text", plantilla=PLANTILLA_GEMMA3,
    especiales_inicio=_GEMMA3_ESPECIALES_INICIO, especiales_final=_GEMMA3_ESPECIALES_FINAL,
    roles={"bos_token": "<bos>", "eos_token": "<eos>", "pad_token": "<pad>",
           "unk_token": "<unk>"},
    adicionales=("<start_of_turn>", "<end_of_turn>"),
    bos_al_tokenizar=True,  # GemmaTokenizer con add_bos_token=true
    # https://huggingface.co/google/gemma-3-1b-it/blob/main/generation_config.json
    generacion={"bos_token_id": "<bos>", "cache_implementation": "hybrid", "do_sample": True,
                "eos_token_id": ["<eos>", "<end_of_turn>"], "pad_token_id": "<pad>",
                "top_k": 64, "top_p": 0.95},
    config={"bos_token_id": "<bos>", "eos_token_id": ["<eos>", "<end_of_turn>"],
            "pad_token_id": "<pad>", "tie_word_embeddings": True},
    fuente="https://huggingface.co/google/gemma-3-1b-it/tree/main",
))

_ficha(FichaReal(
    nombre="mistralai/Mistral-7B-Instruct-v0.3", arquitectura="mistral",
    plantilla=PLANTILLA_MISTRAL_V3, especiales_inicio=_MISTRAL_V3_ESPECIALES,
    roles={"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>"},
    bos_al_tokenizar=True,  # LlamaTokenizer con add_bos_token=true, add_eos_token=false
    # https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.3/blob/main/generation_config.json
    generacion={"bos_token_id": "<s>", "eos_token_id": "</s>"},
    config={"bos_token_id": "<s>", "eos_token_id": "</s>", "tie_word_embeddings": False},
    fuente="https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.3/tree/main",
))

NOMBRES_REALES: list[str] = list(FICHAS)
NOMBRES_CHAT: list[str] = [n for n, f in FICHAS.items() if f.plantilla]
# Un nombre por cada combinación distinta de arquitectura, plantilla y tokens especiales: el
# camino entero (entrenar, reanudar, LoRA, comparar) no cambia entre dos tamaños de un mismo
# modelo (Qwen2.5 0.5B y 1.5B comparten todo lo que afinar lee), así que se recorre una vez.
NOMBRES_CHAT_DISTINTOS: list[str] = list({
    repr(dataclasses.replace(f, nombre="", fuente="")): n
    for n, f in reversed(FICHAS.items()) if f.plantilla
}.values())[::-1]

# ---------------------------------------------------------------- construir

_FRASES = [
    "La receta lleva harina, huevos, azúcar y una pizca de sal.",
    "¿Cuánto tiempo hay que hornear el bizcocho? Unos cuarenta minutos a 180 grados.",
    "El tren sale a las ocho y llega a las diez y media.",
    "La biblioteca abre de lunes a viernes por la mañana.",
    "Hola, ¿qué tal? Muy bien, gracias. ¿Y tú?",
    "Eres un asistente útil que responde en español, con frases cortas y claras.",
    "El gazpacho se sirve frío; la sopa de ajo, caliente.",
    "Mañana lloverá en el norte y hará sol en el sur.",
    "You are a helpful assistant. Today Date: 26 Jul 2024.",
]


def _en_orden(*grupos) -> list[str]:
    vistos, lista = set(), []
    for grupo in grupos:
        for token in grupo:
            if token and token not in vistos:
                vistos.add(token)
                lista.append(token)
    return lista


@functools.cache
def _tokenizador_entrenado(nombre: str) -> str:
    """El tokenizador (tokenizers) de la ficha, en JSON: se entrena una vez por sesión."""
    from tokenizers import (
        AddedToken,
        Tokenizer,
        decoders,
        models,
        pre_tokenizers,
        processors,
        trainers,
    )

    ficha = FICHAS[nombre]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    entrenador = trainers.BpeTrainer(
        vocab_size=400 + len(ficha.especiales_inicio),
        special_tokens=[AddedToken(t, special=True, normalized=False)
                        for t in ficha.especiales_inicio],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(_FRASES * 4, entrenador)
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False)
                            for t in ficha.especiales_final])
    tok.add_tokens([AddedToken(t, special=False, normalized=False) for t in ficha.anadidos_final])
    bytes_ = processors.ByteLevel(trim_offsets=False)
    bos = ficha.roles.get("bos_token")
    if ficha.bos_al_tokenizar:
        tok.post_processor = processors.Sequence([bytes_, processors.TemplateProcessing(
            single=f"{bos} $A", pair=f"{bos} $A {bos} $B",
            special_tokens=[(bos, tok.token_to_id(bos))],
        )])
    else:
        tok.post_processor = bytes_
    return tok.to_str()


def crear_tokenizador_real(nombre: str):
    """Un tokenizador nuevo (PreTrainedTokenizerFast) con los tokens y la plantilla de ``nombre``."""
    from tokenizers import Tokenizer
    from transformers import PreTrainedTokenizerFast

    ficha = FICHAS[nombre]
    tok = PreTrainedTokenizerFast(
        tokenizer_object=Tokenizer.from_str(_tokenizador_entrenado(nombre)),
        **ficha.roles,
        additional_special_tokens=list(ficha.adicionales),
        clean_up_tokenization_spaces=False,
        model_max_length=512,
    )
    if ficha.plantilla is not None:
        tok.chat_template = ficha.plantilla
    return tok


def _ids(tok, valor):
    """Traduce textos de token (o listas de ellos) a ids del tokenizador local."""
    if isinstance(valor, list):
        return [_ids(tok, v) for v in valor]
    if isinstance(valor, str) and valor in tok.get_vocab():
        return tok.convert_tokens_to_ids(valor)
    return valor


def _config(ficha: FichaReal, tok):
    from transformers import (
        Gemma3TextConfig,
        GPT2Config,
        LlamaConfig,
        MistralConfig,
        Qwen2Config,
    )

    ids = {k: _ids(tok, v) for k, v in ficha.config.items()}
    ids.setdefault("pad_token_id", tok.pad_token_id)
    comunes = dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                   num_attention_heads=4, max_position_embeddings=512,
                   vocab_size=len(tok), **ids)
    if ficha.arquitectura == "qwen2":
        return Qwen2Config(num_key_value_heads=2, **comunes)
    if ficha.arquitectura == "llama":
        return LlamaConfig(num_key_value_heads=2, **comunes)
    if ficha.arquitectura == "mistral":
        return MistralConfig(num_key_value_heads=2, sliding_window=None, **comunes)
    if ficha.arquitectura == "gemma3_text":
        return Gemma3TextConfig(num_key_value_heads=1, head_dim=8, query_pre_attn_scalar=8,
                                sliding_window=128, **comunes)
    if ficha.arquitectura == "gpt2":
        return GPT2Config(n_embd=32, n_layer=2, n_head=4, n_positions=512,
                          vocab_size=len(tok), **ids)
    raise ValueError(ficha.arquitectura)


def crear_modelo_real(nombre: str, carpeta=None, semilla: int = 0):
    """(modelo, tokenizer) diminutos con la plantilla, los tokens especiales y el
    generation_config de ``nombre`` (uno de NOMBRES_REALES), pesos aleatorios.

    Con ``carpeta``, los guarda ahí con ``save_pretrained`` (safetensors), listos para
    ``AutoModelForCausalLM.from_pretrained`` / ``AutoTokenizer.from_pretrained``.
    """
    import torch
    from transformers import AutoModelForCausalLM, GenerationConfig

    if nombre not in FICHAS:
        raise ValueError(f"{nombre!r} no está entre {NOMBRES_REALES}")
    ficha = FICHAS[nombre]
    tok = crear_tokenizador_real(nombre)
    torch.manual_seed(semilla)
    modelo = AutoModelForCausalLM.from_config(_config(ficha, tok))
    modelo.generation_config = GenerationConfig(
        **{k: _ids(tok, v) for k, v in ficha.generacion.items()}
    )
    if carpeta is not None:
        modelo.save_pretrained(carpeta)
        tok.save_pretrained(carpeta)
    return modelo, tok
