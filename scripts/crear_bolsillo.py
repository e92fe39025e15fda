"""Crea desde cero el modelo de bolsillo (`bolsillo`) que viaja dentro de afinar.

El modelo de bolsillo es un modelo de lenguaje diminuto (arquitectura Llama, unos
3,6 millones de parámetros) entrenado solo con el texto en español de la carpeta
`corpus/` de este repositorio. Es un juguete para practicar y para las pruebas:
permite que los cuadernos, las pruebas y `afinar demo` funcionen sin conexión.

Qué hace, en orden:
  1. Lee `corpus/` (textos .txt, conversaciones .jsonl y plantillas.json) y amplía
     el texto con las plantillas, siempre con la misma semilla.
  2. Separa un 5 % de los documentos para validación.
  3. Entrena un tokenizador BPE a nivel de bytes (4096 tokens).
  4. Entrena el modelo con un bucle sencillo de PyTorch, siempre en el mismo orden
     (semillas fijas y `torch.use_deterministic_algorithms`).
  5. Mide la perplejidad de validación y guarda el modelo, el tokenizador, la
     configuración de generación y la ficha del modelo (README.md).

Tiempo medido (400 pasos, 1 hilo, casi todo es entrenamiento): 9,8 minutos en total
con la CPU de desarrollo (2 núcleos AMD EPYC) compartida con otros procesos (carga
media de 3,5) y 15 minutos con carga media de 6. Con la CPU libre tarda menos. Se usa
un solo hilo porque así el resultado no depende del número de núcleos y, con la CPU
compartida, es más rápido que dos (medido: 3,3 s por paso frente a 11 s).

Ejemplos:
    # Reconstruir el modelo que viaja en el paquete (sobrescribe la carpeta):
    python scripts/crear_bolsillo.py

    # Una prueba rápida en otra carpeta (un minuto, más o menos):
    python scripts/crear_bolsillo.py --pasos 20 --salida /tmp/bolsillo_prueba

    # Ver el corpus ampliado sin entrenar nada:
    python scripts/crear_bolsillo.py --solo-corpus
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import sys
import time
from pathlib import Path

from afinar.entorno import nombre_cpu

RAIZ = Path(__file__).resolve().parents[1]
CARPETA_CORPUS = RAIZ / "corpus"
SALIDA_POR_DEFECTO = RAIZ / "src" / "afinar" / "recursos" / "bolsillo"

# Formatos que el modelo base NO debe conocer: los enseña el conjunto de ejemplo
# del afinado (recetas). Si aparecen en el corpus, el script se niega a seguir.
MARCAS_PROHIBIDAS = ("Ingredientes:", "Pasos:")


# ---------------------------------------------------------------------------
# 1. El corpus
# ---------------------------------------------------------------------------
def _es_titulo(bloque: str) -> bool:
    """Un título es una sola línea corta sin puntuación final."""
    return (
        "\n" not in bloque
        and len(bloque) < 70
        and not bloque.rstrip().endswith((".", "!", "?", "»", ":", ",", ";", "…"))
    )


def leer_textos(carpeta: Path) -> list[str]:
    """Lee los .txt de la carpeta y devuelve documentos (título + sus párrafos)."""
    documentos: list[str] = []
    for ruta in sorted(carpeta.glob("*.txt")):
        texto = ruta.read_text(encoding="utf-8").replace("\r\n", "\n")
        bloques = [b.strip() for b in re.split(r"\n\s*\n", texto) if b.strip()]
        actual: list[str] = []
        for bloque in bloques:
            if _es_titulo(bloque) and actual:
                documentos.append("\n\n".join(actual))
                actual = []
            actual.append(bloque)
        if actual:
            documentos.append("\n\n".join(actual))
    return documentos


def leer_conversaciones(carpeta: Path) -> list[list[dict]]:
    """Lee las conversaciones (una por línea, formato {"messages": [...]})."""
    conversaciones = []
    for ruta in sorted(carpeta.glob("*.jsonl")):
        for linea in ruta.read_text(encoding="utf-8").splitlines():
            if linea.strip():
                conversaciones.append(json.loads(linea)["messages"])
    return conversaciones


def _mayuscula(frase: str) -> str:
    """Contrae «a el» y «de el» y pone mayúscula al principio (tras ¿ o ¡)."""
    frase = re.sub(r"\b([Aa]) el\b", r"\1l", frase)
    frase = re.sub(r"\b([Dd])e el\b", r"\1el", frase)
    for i, c in enumerate(frase):
        if c.isalpha():
            return frase[:i] + c.upper() + frase[i + 1 :]
    return frase


def _elegir_huecos(datos: dict, azar: random.Random) -> dict:
    """Elige un valor para cada hueco; los huecos con número (nombre2) difieren del base."""
    valores: dict = {}
    for hueco in sorted(datos["huecos"]):
        lista = datos[datos["huecos"][hueco]]
        base = hueco.rstrip("0123456789")
        opciones = [v for v in lista if base == hueco or v != valores.get(base)]
        valores[hueco] = azar.choice(opciones)
    return valores


def expandir_plantillas(
    datos: dict, semilla: int, parrafos: int, charlas: int
) -> tuple[list[str], list[list[dict]]]:
    """Combina las plantillas de plantillas.json: párrafos de texto y conversaciones."""
    azar = random.Random(semilla)
    temas = sorted(datos["temas"])
    textos = []
    for _ in range(parrafos):
        tema = datos["temas"][azar.choice(temas)]
        valores = _elegir_huecos(datos, azar)
        n = min(len(tema), azar.randint(3, 5))
        # Las frases se eligen al azar pero conservan su orden en el tema.
        elegidas = sorted(azar.sample(range(len(tema)), n))
        frases = [_mayuscula(tema[i].format(**valores)) for i in elegidas]
        textos.append(" ".join(frases))
    vistas = set()
    conversaciones = []
    for _ in range(charlas):
        plantilla = azar.choice(datos["chat"])
        valores = _elegir_huecos(datos, azar)
        usuario = _mayuscula(plantilla["usuario"].format(**valores))
        asistente = _mayuscula(plantilla["asistente"].format(**valores))
        if usuario in vistas:
            continue
        vistas.add(usuario)
        conversaciones.append(
            [{"role": "user", "content": usuario}, {"role": "assistant", "content": asistente}]
        )
    # Los párrafos repetidos no aportan nada: se quitan conservando el orden. Luego se
    # agrupan de 4 en 4 en documentos, para que el modelo no aprenda a cortar cada
    # párrafo con <|endoftext|>.
    unicos = list(dict.fromkeys(textos))
    documentos = ["\n\n".join(unicos[i : i + 4]) for i in range(0, len(unicos), 4)]
    return documentos, conversaciones


def preparar_corpus(carpeta: Path, semilla: int, parrafos: int, charlas: int) -> dict:
    """Devuelve los documentos de entrenamiento y de validación (texto y chat)."""
    textos = leer_textos(carpeta)
    conversaciones = leer_conversaciones(carpeta)
    datos = json.loads((carpeta / "plantillas.json").read_text(encoding="utf-8"))
    textos_p, conversaciones_p = expandir_plantillas(datos, semilla, parrafos, charlas)
    for doc in textos + textos_p + [m["content"] for c in conversaciones for m in c]:
        for marca in MARCAS_PROHIBIDAS:
            if marca in doc:
                raise SystemExit(f"El corpus contiene «{marca}», que el modelo base no debe ver.")

    # Validación: uno de cada 20 documentos escritos a mano (un 5 %) y uno de cada 20
    # de los generados. Siempre los mismos, sin azar.
    def partir(lista):
        return [x for i, x in enumerate(lista) if i % 20 != 7], [
            x for i, x in enumerate(lista) if i % 20 == 7
        ]

    entr_t, val_t = partir(textos)
    entr_c, val_c = partir(conversaciones)
    entr_tp, val_tp = partir(textos_p)
    entr_cp, val_cp = partir(conversaciones_p)
    return {
        # Las conversaciones escritas a mano se ven dos veces: son pocas y enseñan el chat.
        "entrenamiento": {"textos": entr_t + entr_tp, "chats": entr_c * 2 + entr_cp},
        "validacion": {"textos": val_t + val_tp, "chats": val_c + val_cp},
        "resumen": {
            "textos_a_mano": len(textos),
            "conversaciones_a_mano": len(conversaciones),
            "documentos_de_plantilla": len(textos_p),
            "conversaciones_de_plantilla": len(conversaciones_p),
            "caracteres_a_mano": sum(map(len, textos))
            + sum(len(m["content"]) for c in conversaciones for m in c),
            "caracteres_de_plantilla": sum(map(len, textos_p))
            + sum(len(m["content"]) for c in conversaciones_p for m in c),
        },
    }


# ---------------------------------------------------------------------------
# 2. El tokenizador
# ---------------------------------------------------------------------------
def entrenar_tokenizador(textos: list[str], tamano: int):
    """Entrena un BPE a nivel de bytes y lo envuelve en PreTrainedTokenizerFast."""
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    from afinar.modelos import PLANTILLA_CHAT, TOKENS_ESPECIALES

    especiales = [
        TOKENS_ESPECIALES["bos_token"],
        TOKENS_ESPECIALES["eos_token"],
        TOKENS_ESPECIALES["pad_token"],
        *TOKENS_ESPECIALES["additional_special_tokens"],
    ]
    tok = Tokenizer(models.BPE())
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    entrenador = trainers.BpeTrainer(
        vocab_size=tamano,
        special_tokens=especiales,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(textos, trainer=entrenador)
    tokenizador = PreTrainedTokenizerFast(tokenizer_object=tok, **TOKENS_ESPECIALES)
    tokenizador.chat_template = PLANTILLA_CHAT
    tokenizador.model_max_length = 512
    return tokenizador


def a_tokens(tokenizador, parte: dict, azar: random.Random | None) -> list[int]:
    """Convierte textos y chats en un único flujo de ids separados por <|endoftext|>."""
    docs = list(parte["textos"]) + [
        tokenizador.apply_chat_template(c, tokenize=False) for c in parte["chats"]
    ]
    if azar is not None:
        azar.shuffle(docs)
    fin = tokenizador.convert_tokens_to_ids(tokenizador.bos_token)
    flujo: list[int] = []
    for doc in docs:
        flujo.extend(tokenizador(doc, add_special_tokens=False)["input_ids"])
        flujo.append(fin)
    return flujo


# ---------------------------------------------------------------------------
# 3. El modelo y su entrenamiento
# ---------------------------------------------------------------------------
def crear_modelo(tokenizador, args):
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=len(tokenizador),
        hidden_size=args.dim,
        intermediate_size=args.dim_mlp,
        num_hidden_layers=args.capas,
        num_attention_heads=args.cabezas,
        num_key_value_heads=args.cabezas_kv,
        max_position_embeddings=512,
        rms_norm_eps=1e-5,
        tie_word_embeddings=True,
        bos_token_id=tokenizador.bos_token_id,
        eos_token_id=tokenizador.eos_token_id,
        pad_token_id=tokenizador.pad_token_id,
    )
    return LlamaForCausalLM(config)


def perdida_media(modelo, bloques, tam_lote: int) -> float:
    import torch

    modelo.eval()
    total, n = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(bloques), tam_lote):
            x = bloques[i : i + tam_lote]
            total += modelo(input_ids=x, labels=x).loss.item() * len(x)
            n += len(x)
    modelo.train()
    return total / n


def entrenar(modelo, bloques, bloques_val, args) -> dict:
    import torch

    opt = torch.optim.AdamW(modelo.parameters(), lr=args.lr, betas=(0.9, 0.95), weight_decay=0.1)
    calentamiento = max(1, args.pasos // 20)

    def ritmo(paso):  # calentamiento lineal y luego coseno hasta el 10 %
        if paso < calentamiento:
            return (paso + 1) / calentamiento
        avance = (paso - calentamiento) / max(1, args.pasos - calentamiento)
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * avance))

    programa = torch.optim.lr_scheduler.LambdaLR(opt, ritmo)
    generador = torch.Generator().manual_seed(args.semilla)
    orden = torch.randperm(len(bloques), generator=generador)
    pos = 0
    inicio = time.time()
    modelo.train()
    for paso in range(args.pasos):
        if pos + args.lote > len(orden):
            orden = torch.randperm(len(bloques), generator=generador)
            pos = 0
        x = bloques[orden[pos : pos + args.lote]]
        pos += args.lote
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
            perdida = modelo(input_ids=x, labels=x).loss
        perdida.backward()
        torch.nn.utils.clip_grad_norm_(modelo.parameters(), 1.0)
        opt.step()
        programa.step()
        opt.zero_grad(set_to_none=True)
        if paso % 25 == 0 or paso == args.pasos - 1:
            transcurrido = time.time() - inicio
            print(
                f"  paso {paso + 1:4d}/{args.pasos}  pérdida {perdida.item():.3f}  "
                f"lr {programa.get_last_lr()[0]:.2e}  {transcurrido:5.0f} s",
                flush=True,
            )
    return {"segundos": time.time() - inicio}


def muestras(modelo, tokenizador, indicaciones, n: int = 40) -> list[tuple[str, str]]:
    import torch

    salidas = []
    modelo.eval()
    for texto in indicaciones:
        ids = tokenizador(texto, return_tensors="pt", add_special_tokens=False)
        with torch.no_grad():
            gen = modelo.generate(**ids, max_new_tokens=n, do_sample=False)
        nuevo = tokenizador.decode(gen[0, ids["input_ids"].shape[1] :], skip_special_tokens=True)
        salidas.append((texto, nuevo))
    return salidas


# ---------------------------------------------------------------------------
# 4. La ficha del modelo
# ---------------------------------------------------------------------------
FICHA = """# bolsillo: el modelo de lenguaje de bolsillo de afinar

**Es un juguete.** Un modelo de lenguaje diminuto, entrenado en unos minutos con
unos cientos de KB de texto, para practicar y para las pruebas. Escribe frases en
español que suenan a español, pero no sabe casi nada del mundo, se equivoca a menudo
y repite. No lo uses para nada real.

Existe para que todo afinar funcione **sin conexión** y con el mismo código que un
modelo de verdad: plantilla de chat, pérdida solo en las respuestas del asistente,
módulos donde poner LoRA (`q_proj`, `k_proj`, `v_proj`, `o_proj`, `gate_proj`,
`up_proj`, `down_proj`) y generación. Así el cuaderno 1, las pruebas y `afinar demo`
funcionan en cualquier ordenador, y un afinado con los datos de ejemplo produce un
cambio visible.

```python
from transformers import AutoModelForCausalLM, AutoTokenizer
modelo = AutoModelForCausalLM.from_pretrained("ruta/a/bolsillo")
tokenizador = AutoTokenizer.from_pretrained("ruta/a/bolsillo")
```
(o, con afinar, `afinar.modelos.cargar_modelo("bolsillo")`).

## Arquitectura y tamaño
| | |
|---|---|
| Arquitectura | `LlamaForCausalLM` (RMSNorm, RoPE, SwiGLU, atención agrupada GQA) |
| Parámetros | {parametros} ({parametros_m} millones) |
| Tamaño en disco | {mb} MB (`model.safetensors`, pesos en fp32) |
| Capas | {capas} |
| Dimensión oculta | {dim} (MLP: {dim_mlp}) |
| Cabezas de atención | {cabezas} (de clave/valor: {cabezas_kv}) |
| Contexto | entrenado con bloques de {contexto} tokens (máximo 512) |
| Vocabulario | {vocab} tokens, BPE a nivel de bytes entrenado con el corpus |
| Incrustaciones | compartidas entre la entrada y la salida (`tie_word_embeddings`) |

Tokens especiales (formato ChatML, como Qwen): `<|endoftext|>` separa documentos
(bos), `<|im_end|>` cierra cada turno del chat (eos: la generación para ahí),
`<|pad|>` es el relleno y `<|im_start|>` abre cada turno. La plantilla de chat
marca las respuestas del asistente con `{{% generation %}}`, de modo que
`return_assistant_tokens_mask=True` y `assistant_only_loss` funcionan.

## Calidad
- **Perplejidad de validación: {ppl}** (pérdida {perdida}) sobre el 5 % del
  corpus que no vio al entrenar ({tokens_val} tokens).
- Un modelo con la misma forma sin entrenar tiene una perplejidad de unos {ppl_azar}.

Ejemplos (decodificación voraz, como máximo 40 tokens, 60 en el chat; la generación
para sola al llegar a `<|im_end|>` o `<|endoftext|>`):

| Le damos | Continúa |
|---|---|
{ejemplos}

## Cómo se entrenó
- **Datos**: solo el texto de la carpeta `corpus/` del repositorio, escrito para
  afinar (relatos, diálogos, instrucciones, descripciones, ciencia para niños,
  vida cotidiana, preguntas y respuestas, conversaciones de chat). Unos
  {kb_mano} KB escritos a mano más {kb_plantilla} KB generados combinando
  plantillas (`corpus/plantillas.json`) con una semilla fija. No contiene recetas:
  ese formato lo enseña el conjunto de datos de ejemplo del afinado.
  Las conversaciones se escriben con la plantilla de chat del modelo.
- **Entrenamiento**: {pasos} pasos de {lote} bloques de {contexto} tokens
  ({tokens_entr} tokens de entrenamiento, unas {epocas} pasadas), AdamW
  (lr {lr}, coseno, calentamiento), {precision}, semilla {semilla}, algoritmos
  deterministas de PyTorch y {hilos} de CPU.
- **Tiempo**: {minutos_entr} minutos de entrenamiento ({minutos_total} en total) en
  una CPU de 2 núcleos ({cpu}) compartida con otros procesos (carga media {carga});
  torch {torch}, transformers {transformers}. Con la CPU libre tarda menos.
- **Cómo reconstruirlo**: `python scripts/crear_bolsillo.py` (el resultado es el mismo
  con las mismas versiones y el mismo número de hilos).

## Limitaciones
Es diminuto: inventa, repite frases, mezcla temas y no sigue instrucciones
complejas. Solo ha visto español de España escrito para este proyecto. Sirve para
aprender cómo se afina un modelo, no para responder preguntas de verdad.

## Licencia
Apache-2.0, como el resto de afinar. El corpus de entrenamiento también es Apache-2.0
(véase `corpus/README.md`).
"""


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------
INDICACIONES = [
    "Había una vez",
    "El mercado del sábado",
    "En invierno, la montaña",
    "Las abejas viven",
    "Mi abuela",
]


def main(args) -> dict:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("RAYON_NUM_THREADS", "1")
    import torch
    from transformers import GenerationConfig

    inicio_total = time.time()
    random.seed(args.semilla)
    torch.manual_seed(args.semilla)
    torch.set_num_threads(args.hilos)
    torch.use_deterministic_algorithms(True)

    print("1/5 Leyendo el corpus…", flush=True)
    corpus = preparar_corpus(Path(args.corpus), args.semilla, args.parrafos, args.charlas)
    r = corpus["resumen"]
    print(
        f"    {r['textos_a_mano']} textos y {r['conversaciones_a_mano']} conversaciones "
        f"escritos a mano ({r['caracteres_a_mano'] / 1000:.0f} KB); "
        f"{r['documentos_de_plantilla']} documentos y {r['conversaciones_de_plantilla']} "
        f"conversaciones de plantilla ({r['caracteres_de_plantilla'] / 1000:.0f} KB)."
    )
    if args.solo_corpus:
        for t in corpus["entrenamiento"]["textos"][-5:]:
            print("\n" + t)
        return {"resumen": r}

    print("2/5 Entrenando el tokenizador…", flush=True)
    e = corpus["entrenamiento"]
    textos_tok = e["textos"] + [m["content"] for c in e["chats"] for m in c]
    tokenizador = entrenar_tokenizador(textos_tok, args.vocabulario)
    flujo = a_tokens(tokenizador, e, random.Random(args.semilla))
    flujo_val = a_tokens(tokenizador, corpus["validacion"], None)
    L = args.contexto
    bloques = torch.tensor(flujo[: len(flujo) // L * L]).view(-1, L)
    bloques_val = torch.tensor(flujo_val[: len(flujo_val) // L * L]).view(-1, L)
    print(
        f"    vocabulario {len(tokenizador)}; {len(flujo):,} tokens de entrenamiento "
        f"({len(bloques)} bloques de {L}); {len(flujo_val):,} de validación."
    )

    print("3/5 Creando el modelo…", flush=True)
    modelo = crear_modelo(tokenizador, args)
    parametros = sum(p.numel() for p in modelo.parameters())
    perdida_azar = perdida_media(modelo, bloques_val, args.lote)
    print(f"    {_num(parametros)} parámetros; pérdida de validación sin entrenar {perdida_azar:.3f}")

    print(f"4/5 Entrenando {args.pasos} pasos…", flush=True)
    info = entrenar(modelo, bloques, bloques_val, args)
    perdida_val = perdida_media(modelo, bloques_val, args.lote)
    ppl = math.exp(perdida_val)
    print(f"    listo en {info['segundos'] / 60:.1f} min.")
    print(f"    Perplejidad de validación: {ppl:.2f} (pérdida {perdida_val:.3f})", flush=True)

    print("5/5 Guardando…", flush=True)
    salida = Path(args.salida)
    salida.mkdir(parents=True, exist_ok=True)
    for viejo in salida.iterdir():
        if viejo.is_file():
            viejo.unlink()
    im_end = tokenizador.convert_tokens_to_ids("<|im_end|>")
    fin_texto = tokenizador.convert_tokens_to_ids("<|endoftext|>")
    modelo.generation_config = GenerationConfig(
        bos_token_id=fin_texto,
        eos_token_id=[im_end, fin_texto],
        pad_token_id=tokenizador.pad_token_id,
    )
    modelo.save_pretrained(salida)
    tokenizador.save_pretrained(salida)

    mb = (salida / "model.safetensors").stat().st_size / 1e6
    valores = {
        "parametros": parametros,
        "mb": mb,
        "vocab": len(tokenizador),
        "perplejidad": ppl,
        "perdida": perdida_val,
        "perdida_azar": perdida_azar,
        "tokens_val": len(flujo_val),
        "tokens_entr": len(flujo),
        "caracteres_a_mano": r["caracteres_a_mano"],
        "caracteres_de_plantilla": r["caracteres_de_plantilla"],
        "segundos_entr": info["segundos"],
        "segundos_total": time.time() - inicio_total,
        "carga": os.getloadavg()[1] if hasattr(os, "getloadavg") else float("nan"),
    }
    escribir_ficha(modelo, tokenizador, salida, args, valores)
    print(
        f"Modelo guardado en {salida} ({_num(mb, 1)} MB) en "
        f"{valores['segundos_total'] / 60:.1f} min en total."
    )
    return valores


def _num(x: float, decimales: int = 0) -> str:
    """Número al estilo español: 3.606.784 y 14,4."""
    texto = f"{x:,.{decimales}f}"
    return texto.replace(",", "_").replace(".", ",").replace("_", ".")


def escribir_ficha(modelo, tokenizador, salida: Path, args, v: dict) -> None:
    """Genera los ejemplos y escribe la ficha del modelo (README.md) en `salida`."""
    import torch
    import transformers

    ejemplos = muestras(modelo, tokenizador, INDICACIONES)
    pregunta = "¿Qué es el ciclo del agua?"
    chat = tokenizador.apply_chat_template(
        [{"role": "user", "content": pregunta}], tokenize=False, add_generation_prompt=True
    )
    ejemplos.append((f"(chat) {pregunta}", muestras(modelo, tokenizador, [chat], n=60)[0][1]))
    filas = []
    for texto, nuevo in ejemplos:
        print(f"    {texto} → {nuevo}")
        limpio = " ".join(nuevo.split()).replace("|", "/")
        filas.append(f"| {texto} | {limpio} |")
    L = args.contexto
    hilos = "1 hilo" if args.hilos == 1 else f"{args.hilos} hilos"
    ficha = FICHA.format(
        parametros=_num(v["parametros"]),
        parametros_m=_num(v["parametros"] / 1e6, 1),
        mb=_num(v["mb"], 1),
        capas=args.capas,
        dim=args.dim,
        dim_mlp=args.dim_mlp,
        cabezas=args.cabezas,
        cabezas_kv=args.cabezas_kv,
        contexto=L,
        vocab=_num(v["vocab"]),
        ppl=_num(v["perplejidad"], 1),
        perdida=_num(v["perdida"], 3),
        tokens_val=_num(v["tokens_val"]),
        ppl_azar=_num(math.exp(v["perdida_azar"])),
        ejemplos="\n".join(filas),
        kb_mano=_num(v["caracteres_a_mano"] / 1000),
        kb_plantilla=_num(v["caracteres_de_plantilla"] / 1000),
        pasos=args.pasos,
        lote=args.lote,
        tokens_entr=_num(v["tokens_entr"]),
        epocas=_num(args.pasos * args.lote * L / v["tokens_entr"], 1),
        lr=args.lr,
        precision="autocast bf16 con pesos en fp32" if args.bf16 else "fp32",
        semilla=args.semilla,
        hilos=hilos,
        minutos_entr=_num(v["segundos_entr"] / 60, 1),
        minutos_total=_num(v["segundos_total"] / 60, 1),
        carga=_num(v["carga"], 1),
        cpu=nombre_cpu(),
        torch=torch.__version__,
        transformers=transformers.__version__,
    )
    (salida / "README.md").write_text(ficha, encoding="utf-8")


def leer_argumentos(argv=None):
    p = argparse.ArgumentParser(description="Crea el modelo de bolsillo de afinar.")
    p.add_argument("--corpus", default=str(CARPETA_CORPUS), help="carpeta con el texto")
    p.add_argument("--salida", default=str(SALIDA_POR_DEFECTO), help="carpeta de destino")
    p.add_argument("--pasos", type=int, default=400, help="pasos de entrenamiento")
    p.add_argument("--lote", type=int, default=16, help="bloques por paso")
    p.add_argument("--contexto", type=int, default=256, help="tokens por bloque")
    p.add_argument("--lr", type=float, default=3e-3, help="tasa de aprendizaje máxima")
    p.add_argument("--vocabulario", type=int, default=4096, help="tamaño del vocabulario")
    p.add_argument("--dim", type=int, default=256, help="dimensión oculta")
    p.add_argument("--dim-mlp", type=int, default=576, help="dimensión del MLP")
    p.add_argument("--capas", type=int, default=4, help="capas del transformer")
    p.add_argument("--cabezas", type=int, default=4, help="cabezas de atención")
    p.add_argument("--cabezas-kv", type=int, default=2, help="cabezas de clave/valor (GQA)")
    p.add_argument("--parrafos", type=int, default=800, help="párrafos de plantilla")
    p.add_argument("--charlas", type=int, default=1500, help="conversaciones de plantilla")
    p.add_argument("--semilla", type=int, default=1234, help="semilla de todo el azar")
    p.add_argument("--hilos", type=int, default=1, help="hilos de CPU (cambiarlo cambia los bits)")
    p.add_argument("--fp32", dest="bf16", action="store_false", help="entrenar sin bf16")
    p.add_argument("--solo-corpus", action="store_true", help="solo mostrar el corpus")
    return p.parse_args(argv)


if __name__ == "__main__":
    sys.path.insert(0, str(RAIZ / "src"))
    main(leer_argumentos())
