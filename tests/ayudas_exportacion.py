"""Ayudas de las pruebas de exportación: cargar, generar, leer GGUF y Modelfile, renderizar con Go.

No se fían del informe de `exportar`: vuelven a cargar lo escrito con transformers, leen el GGUF
con `gguf.GGUFReader`, leen el Modelfile con las mismas reglas que Ollama (parser/parser.go) y
renderizan su TEMPLATE con el `text/template` real de Go (paquete golang-go de Debian) con los
datos que le da Ollama (.Messages[].Role/.Content, .System, .Response).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="module")
def un_hilo():
    """Un hilo de torch: con la máquina compartida, dos hilos van decenas de veces más lentos."""
    import torch

    antes = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(antes)


def continuaciones(modelo, tokenizer, n: int = 8):
    """Continuación voraz (generate) y logits del primer paso para cinco preguntas de chat."""
    import torch

    from afinar.exportacion.comprobacion import PREGUNTAS
    from afinar.generacion.plantillas import entrada_de_chat, fin_de_turno

    fin = fin_de_turno(tokenizer, modelo.generation_config)
    tokens, logits = [], []
    with torch.inference_mode():
        for pregunta in PREGUNTAS:
            ids = torch.tensor([entrada_de_chat(tokenizer, [{"role": "user", "content": pregunta}])])
            salida = modelo.generate(ids, do_sample=False, max_new_tokens=n, eos_token_id=fin,
                                     pad_token_id=fin[0], attention_mask=torch.ones_like(ids))
            tokens.append(salida[0, ids.shape[1]:].tolist())
            logits.append(modelo(input_ids=ids).logits[0, -1].float())
    return tokens, logits


def cargar(carpeta, gguf_file=None):
    from transformers import AutoModelForCausalLM

    opciones = {"gguf_file": gguf_file} if gguf_file else {}
    return AutoModelForCausalLM.from_pretrained(str(carpeta), **opciones).eval()


def leer_modelfile(texto: str) -> list[tuple[str, str]]:
    """(orden, argumento) como los lee Ollama (parser/parser.go: ParseFile, sus mismos estados)."""
    comandos, estado, buf, nombre = [], "nada", "", ""

    def desentrecomillar(s):
        if s.startswith('"""'):
            return (s[3:-3], True) if len(s) >= 6 and s.endswith('"""') else ("", False)
        if s.startswith('"'):
            return (s[1:-1], True) if len(s) >= 2 and s.endswith('"') else ("", False)
        return s, True

    def siguiente(c, e):
        espacio, salto = c in " \t", c in "\r\n"
        if e == "nada":
            return ("comentario", "") if c == "#" else ("nada", "") if espacio or salto else (
                "nombre", c)
        if e == "nombre":
            return ("nombre", c) if c.isalpha() else ("valor", "")
        if e == "parametro":
            return ("parametro", c) if c.isalnum() or c == "_" else ("valor", "")
        if e == "valor":
            return ("nada", c) if espacio or salto else ("valor", c)
        return ("nada", "") if salto else ("comentario", "")

    for c in texto:
        prox, r = siguiente(c, estado)
        if prox != estado:
            if estado == "nombre":
                nombre = {"from": "model"}.get(buf.lower(), buf.lower())
                prox = "parametro" if nombre == "parameter" else prox
            elif estado == "parametro":
                nombre = buf
            elif estado == "valor":
                valor, ok = desentrecomillar(buf.strip())
                if not ok or r in " \t":
                    buf += r
                    continue
                comandos.append((nombre, valor))
            buf, estado = "", prox
        if r and r.isprintable():
            buf += r
    if estado == "valor":
        comandos.append((nombre, desentrecomillar(buf.strip())[0]))
    return comandos


_GO = r"""
package main

import (
	"encoding/json"
	"os"
	"strings"
	"text/template"
)

type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Como Ollama (template/template.go, Execute y collate): missingkey=zero, la función json,
// mensajes seguidos del mismo rol unidos, .System con los mensajes de sistema, .Response vacío.
func main() {
	var e struct {
		Template string    `json:"template"`
		Messages []Message `json:"messages"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&e); err != nil {
		panic(err)
	}
	funcs := template.FuncMap{"json": func(v any) string { b, _ := json.Marshal(v); return string(b) }}
	t := template.Must(template.New("").Option("missingkey=zero").Funcs(funcs).Parse(e.Template))
	var system []string
	var msgs []*Message
	for i := range e.Messages {
		m := e.Messages[i]
		if m.Role == "system" {
			system = append(system, m.Content)
		}
		if len(msgs) > 0 && msgs[len(msgs)-1].Role == m.Role {
			msgs[len(msgs)-1].Content += "\n\n" + m.Content
		} else {
			msgs = append(msgs, &m)
		}
	}
	datos := map[string]any{"System": strings.Join(system, "\n\n"), "Messages": msgs,
		"Tools": nil, "Response": "", "Think": false, "IsThinkSet": false}
	if err := t.Execute(os.Stdout, datos); err != nil {
		panic(err)
	}
}
"""


def compilar_go(tmp_path_factory):
    """Una función que renderiza una plantilla Go con mensajes, con el text/template real de Go."""
    go = shutil.which("go")
    if go is None:
        pytest.fail("Falta Go para renderizar las plantillas de Ollama: apt-get install golang-go")
    carpeta = tmp_path_factory.mktemp("go")
    (carpeta / "main.go").write_text(_GO)
    entorno = {**os.environ, "GOCACHE": str(carpeta / "cache"), "GOPATH": str(carpeta / "gopath"),
               "GOFLAGS": "-mod=mod", "GO111MODULE": "off", "CGO_ENABLED": "0"}
    subprocess.run([go, "build", "-o", str(carpeta / "renderizar"), "main.go"], cwd=carpeta,
                   env=entorno, check=True, capture_output=True)

    def renderizar(plantilla: str, mensajes: list[dict]) -> str:
        entrada = json.dumps({"template": plantilla, "messages": mensajes})
        return subprocess.run([str(carpeta / "renderizar")], input=entrada, text=True,
                              capture_output=True, check=True).stdout

    return renderizar


DOS_TURNOS = [
    {"role": "user", "content": "Hola, ¿me das una receta?"},
    {"role": "assistant", "content": "Claro: gazpacho."},
    {"role": "user", "content": "¿Y de postre?"},
]
SISTEMA = {"role": "system", "content": "Responde siempre en español y con frases cortas."}


def comprobar_modelfile(modelfile: str, tokenizer, anade_bos: bool, go_template):
    """TEMPLATE renderizado por Go == apply_chat_template (menos el BOS que Ollama añade solo)."""
    from afinar.generacion.plantillas import fin_de_turno

    comandos = leer_modelfile(modelfile)
    plantilla = dict(comandos)["template"]
    bos = tokenizer.bos_token if anade_bos else ""
    conversaciones = [DOS_TURNOS, [SISTEMA, *DOS_TURNOS],
                      [*DOS_TURNOS, {"role": "assistant", "content": "Flan."}]]
    for mensajes in conversaciones:
        final = mensajes[-1]["role"] != "assistant"
        esperado = tokenizer.apply_chat_template(mensajes, tokenize=False,
                                                 add_generation_prompt=final)
        if bos and esperado.startswith(bos):
            esperado = esperado[len(bos):]
        if SISTEMA in mensajes and SISTEMA["content"] not in esperado:
            continue  # la plantilla original no usa el sistema: no hay nada que comparar
        assert go_template(plantilla, mensajes) == esperado
    paradas = [v for c, v in comandos if c == "stop"]
    fin = fin_de_turno(tokenizer)[0]
    assert tokenizer.convert_ids_to_tokens(fin) in paradas
    return comandos



def leer_gguf(ruta: Path) -> dict:
    from gguf import GGUFReader

    lector = GGUFReader(str(ruta))
    valores = {}
    for clave, campo in lector.fields.items():
        if clave.startswith("tokenizer.ggml.") or clave.startswith("general.") or "." in clave:
            try:
                valores[clave] = campo.contents()
            except Exception:  # claves de cabecera sin contenido legible
                continue
    valores["tensores"] = {t.name: t.tensor_type.name for t in lector.tensors}
    return valores


def ruta_gguf(informe) -> Path:
    return informe.carpeta / informe.archivo


def comprobar_gguf(informe, modelo, tok):
    """Comprueba, sin fiarse del informe, que transformers carga el GGUF y responde igual."""
    import torch

    from afinar.generacion.plantillas import fin_de_turno

    cuantizacion = informe.cuantizacion
    assert informe.correcto, str(informe)
    ruta = ruta_gguf(informe)
    assert ruta.name.endswith(f"-{cuantizacion}.gguf") and ruta.exists()

    cargado = cargar(ruta.parent, ruta.name)
    tokens_o, logits_o = continuaciones(modelo.eval(), tok)
    tokens_g, logits_g = continuaciones(cargado, tok)
    iguales = sum(a == b for a, b in zip(tokens_o, tokens_g, strict=True))
    diferencia = float(torch.stack([(a - b).abs().mean() for a, b in zip(
        logits_o, logits_g, strict=True)]).mean())
    assert iguales == 5 if cuantizacion == "f16" else iguales >= 4
    assert diferencia < (2e-3 if cuantizacion == "f16" else 3e-2)
    assert "diferencia de logits: media" in informe.comprobaciones[0].detalle
    # Peso a peso: con pesos aleatorios pequeños la atención apenas mueve los logits, así que
    # un q/k mal permutado solo se ve aquí.
    originales = modelo.state_dict()
    for nombre, peso in cargado.state_dict().items():
        original = originales[nombre].float()
        error = 1e-3 if cuantizacion == "f16" else float(original.abs().max()) / 100
        torch.testing.assert_close(peso.float(), original, atol=error, rtol=1e-3, msg=nombre)

    meta = leer_gguf(ruta)
    assert meta["general.architecture"] == {"qwen2": "qwen2"}.get(modelo.config.model_type, "llama")
    assert len(meta["tokenizer.ggml.tokens"]) == modelo.config.vocab_size
    assert meta["tokenizer.ggml.model"] == "gpt2"
    assert meta["tokenizer.ggml.eos_token_id"] == tok.eos_token_id
    assert meta["tokenizer.chat_template"] == tok.chat_template.replace(
        "{%- generation %}", "").replace("{%- endgeneration %}", "")
    assert meta["tokenizer.ggml.add_bos_token"] == (tok("a")["input_ids"][0] == tok.bos_token_id)
    fin = fin_de_turno(tok, modelo.generation_config)
    assert fin[0] in (meta["tokenizer.ggml.eos_token_id"], meta.get("tokenizer.ggml.eot_token_id"))
    tipos = meta["tensores"]
    assert tipos["blk.0.attn_norm.weight"] == "F32"
    assert tipos["token_embd.weight"] == "F16"
    assert tipos["blk.0.ffn_down.weight"] == ("F16" if cuantizacion == "f16" else "Q8_0")
    assert "output.weight" not in tipos  # cabeza atada a los embeddings, como en el original


def comprobar_ollama(informe, carpeta, tok, go_template):
    """Comprueba la carpeta para Ollama: el Modelfile con Go y el LEEME con las órdenes."""
    assert informe.correcto, str(informe)
    assert informe.carpeta == carpeta.parent / f"{carpeta.name}-ollama-q8_0"
    modelfile = (informe.carpeta / "Modelfile").read_text()
    meta = leer_gguf(ruta_gguf(informe))
    comandos = comprobar_modelfile(modelfile, tok, meta["tokenizer.ggml.add_bos_token"],
                                    go_template)
    assert ("model", f"./{informe.archivo}") in comandos
    leeme = (informe.carpeta / "LEEME.md").read_text()
    nombre_ollama = carpeta.name.lower()
    for orden in (f"ollama create {nombre_ollama} -f Modelfile", f"ollama run {nombre_ollama}",
                  "--quantize"):
        assert orden in leeme
