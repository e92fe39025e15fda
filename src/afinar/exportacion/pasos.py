"""Los pasos de :func:`afinar.exportacion.exportar`: localizar, cargar (y fusionar), escribir en una
carpeta temporal, comprobar lo escrito y dejar el informe.

Vive aquí y no en ``__init__`` para que el paquete enseñe solo lo público (``exportar``,
``FORMATOS``, ``CUANTIZACIONES``, ``InformeExportacion``) y estos imports vayan arriba.
"""

from __future__ import annotations

import time
from pathlib import Path

from afinar.errores import AfinarError
from afinar.exportacion.archivo_gguf import CUANTIZACIONES, arquitectura, cargar_gguf, escribir_gguf
from afinar.exportacion.comprobacion import Comprobacion, callado, comparar, entradas, huella
from afinar.exportacion.escritura import carpeta_temporal, comprobar_destino
from afinar.exportacion.fusionado import comprobar_fusionado, escribir_fusionado, uso_fusionado
from afinar.exportacion.informe import NOMBRE_INFORME, InformeExportacion
from afinar.exportacion.ollama import leeme, modelfile, nombre_ollama, paradas
from afinar.exportacion.origen import cargar, fusionar, localizar
from afinar.exportacion.plantilla_go import CONVERSACIONES, deducir, notas
from afinar.exportacion.vocabulario import plantilla_sin_marcas

FORMATOS = ("gguf", "fusionado", "ollama")


def _validar(formato: str, cuantizacion: str) -> None:
    if formato not in FORMATOS:
        raise AfinarError(
            f"No conozco el formato «{formato}»: elige uno de {', '.join(FORMATOS)}."
        )
    if cuantizacion not in CUANTIZACIONES:
        raise AfinarError(
            f"No conozco la cuantización «{cuantizacion}»: elige «f16» (fiel, el doble de grande) "
            "o «q8_0» (la mitad de tamaño, casi igual de bueno)."
        )


def _salida_por_defecto(origen, formato: str, cuantizacion: str) -> Path:
    sufijo = formato if formato == "fusionado" else f"{formato}-{cuantizacion}"
    if origen.carpeta not in (origen.modelo, origen.adaptador):  # la salida de entrenar()
        return origen.carpeta / f"exportado-{sufijo}"
    return origen.carpeta.parent / f"{origen.carpeta.name}-{sufijo}"


def _necesario(modelo, formato: str, cuantizacion: str) -> int:
    """Octetos que ocupará la exportación, con margen."""
    parametros = sum(p.numel() for p in modelo.parameters())
    if formato == "fusionado":
        por_parametro = next(modelo.parameters()).element_size()
    else:
        por_parametro = 2 if cuantizacion == "f16" else 1.1
    return int(parametros * por_parametro * 1.1) + 50 * 2**20


def _archivos(carpeta: Path) -> list[tuple[str, int]]:
    return sorted(
        (str(r.relative_to(carpeta)), r.stat().st_size) for r in carpeta.rglob("*") if r.is_file()
    )


def exportar(carpeta, formato: str = "gguf", *, salida=None, cuantizacion: str = "f16",
             comprobar: bool = True) -> InformeExportacion:
    """Exporta un modelo afinado para usarlo fuera de afinar; devuelve el informe.

    ``carpeta``: la carpeta de salida de ``entrenar()`` (con ``modelo/`` o ``adaptador/``), o
    una carpeta guardada con ``save_pretrained`` (modelo completo o adaptador LoRA). Un
    adaptador se fusiona siempre sobre una copia en 16 o 32 bits del modelo base.

    ``formato``: ``"fusionado"`` (safetensors con tokenizador y plantilla: se carga con
    transformers), ``"gguf"`` (un archivo para llama.cpp, LM Studio, Jan…) u ``"ollama"``
    (una carpeta con el GGUF, un ``Modelfile`` con la plantilla de chat y las paradas del
    modelo, y un LEEME.md con las órdenes).

    ``cuantizacion`` (GGUF y Ollama): ``"f16"`` o ``"q8_0"`` (la mitad de tamaño).
    ``salida``: carpeta donde escribir; por defecto, ``exportado-<formato>`` dentro de la
    salida del entrenamiento (o junto a la carpeta del modelo). ``comprobar``: vuelve a cargar
    lo escrito y lo compara con el original con cinco preguntas (recomendado).
    """
    inicio = time.monotonic()
    _validar(formato, cuantizacion)
    origen = localizar(carpeta)
    if formato != "fusionado":  # antes de cargar nada: ¿sabemos escribir esta arquitectura?
        arquitectura(origen.config(), origen.carpeta)
    destino = Path(salida) if salida is not None else _salida_por_defecto(origen, formato,
                                                                           cuantizacion)
    comprobar_destino(Path(destino).expanduser().absolute())
    informe = _exportar(origen, formato, cuantizacion, Path(destino), comprobar)
    if formato == "fusionado" and cuantizacion != "f16":
        informe.notas.append(
            f"El formato fusionado no se cuantiza: guardé los pesos en su precisión original "
            f"(para «{cuantizacion}» usa formato='gguf' u 'ollama')."
        )
    informe.segundos = time.monotonic() - inicio
    (informe.carpeta / NOMBRE_INFORME).write_text(informe.a_markdown(), encoding="utf-8")
    informe.archivos = _archivos(informe.carpeta)
    return informe


def _nombre(origen) -> str:
    """El nombre del modelo exportado: el de la carpeta (o el de su padre si es modelo/ o adaptador/)."""
    carpeta = origen.carpeta
    if carpeta.name in ("modelo", "adaptador") and carpeta.parent.name:
        carpeta = carpeta.parent
    return nombre_ollama(carpeta.name)


def _exportar(origen, formato, cuantizacion, destino: Path, comprobar: bool):
    # Importar afinar.generacion tarda (carga numpy): aquí y no arriba, para que la orden
    # `afinar` (que registra `exportar` al arrancar) no lo pague.
    from afinar.generacion.plantillas import fin_de_turno

    modelo, tokenizer, adaptado = cargar(origen)
    piezas = deducir(tokenizer) if formato == "ollama" else None
    ids = entradas(tokenizer) if comprobar else []
    parar = fin_de_turno(tokenizer, (adaptado or modelo).generation_config)
    referencia = None
    if adaptado is not None:
        if formato == "fusionado" and comprobar:  # el fusionado se compara con el adaptador
            referencia = huella(adaptado, ids, parar=parar)
        modelo = fusionar(adaptado)
    if formato != "fusionado":
        modelo = modelo.float()  # el GGUF se convierte, y se compara, desde 32 bits
    if referencia is None and comprobar:
        referencia = huella(modelo, ids, parar=parar)
    informe = InformeExportacion(formato, None if formato == "fusionado" else cuantizacion,
                                 destino.expanduser().absolute(), origen.descripcion)
    nombre = _nombre(origen)
    with carpeta_temporal(destino, _necesario(modelo, formato, cuantizacion)) as temporal:
        if formato == "fusionado":
            _paso_fusionado(informe, modelo, tokenizer, temporal, ids, referencia, parar,
                            adaptado is not None)
        else:
            _paso_gguf(informe, modelo, tokenizer, temporal, nombre, ids, referencia, parar)
        if formato == "ollama":
            _paso_ollama(informe, piezas, tokenizer, temporal, nombre, parar,
                         modelo.generation_config)
        (temporal / NOMBRE_INFORME).write_text(informe.a_markdown(), encoding="utf-8")
    return informe


def _paso_fusionado(informe, modelo, tokenizer, temporal, ids, referencia, parar, de_adaptador):
    escribir_fusionado(modelo, tokenizer, temporal)
    if referencia is not None:
        informe.comprobaciones.append(comprobar_fusionado(
            temporal, ids, referencia, parar, de_adaptador, modelo.dtype))
    informe.uso = uso_fusionado(informe.carpeta)


def _paso_gguf(informe, modelo, tokenizer, temporal, nombre, ids, referencia, parar):
    cuantizacion = informe.cuantizacion
    archivo = f"{nombre}-{cuantizacion}.gguf"
    escribir_gguf(modelo, tokenizer, temporal / archivo, cuantizacion, list(parar), nombre)
    if referencia is not None:
        informe.comprobaciones += _comprobar_gguf(temporal, archivo, modelo, tokenizer, ids,
                                                  referencia, parar, cuantizacion)
    if cuantizacion == "q8_0":
        informe.notas.append(
            "En q8_0 las matrices de las capas van en 8 bits; la tabla de embeddings y la "
            "cabeza de salida quedan en f16 para que el modelo elija las mismas palabras."
        )
    informe.uso = [
        f"llama-cli -m {informe.carpeta / archivo} -cnv      # llama.cpp",
        f"# LM Studio o Jan: importa el archivo {archivo}",
        "# transformers: AutoModelForCausalLM.from_pretrained("
        f'"{informe.carpeta}", gguf_file="{archivo}")',
    ]
    informe.archivo = archivo


def _comprobar_gguf(temporal, archivo, modelo, tokenizer, ids, referencia, parar, cuantizacion):
    from transformers import AutoTokenizer

    with callado():
        cargado = cargar_gguf(temporal, archivo, modelo.config)
        tok = AutoTokenizer.from_pretrained(str(temporal), gguf_file=archivo)
    modelos = comparar(
        "El GGUF, cargado con transformers (gguf_file=), responde como el modelo fusionado",
        referencia, huella(cargado, ids, referencia, parar),
        minimo=5 if cuantizacion == "f16" else 4,
    )
    textos = [tokenizer.decode(e) for e in ids]
    iguales = sum(
        tok(t, add_special_tokens=False)["input_ids"] == e for t, e in zip(textos, ids, strict=True)
    )
    plantilla = tok.chat_template == plantilla_sin_marcas(tokenizer.chat_template)
    tokens = Comprobacion(
        "El tokenizador del GGUF tokeniza igual y lleva la plantilla de chat",
        iguales == len(ids) and plantilla,
        f"{iguales} de {len(ids)} preguntas con los mismos tokens; plantilla de chat "
        f"{'idéntica' if plantilla else 'distinta'}",
    )
    return [modelos, tokens]


def _paso_ollama(informe, piezas, tokenizer, temporal, nombre, parar, generation_config):
    archivo = informe.archivo
    texto = modelfile(archivo, piezas, tokenizer, list(parar), generation_config)
    (temporal / "Modelfile").write_text(texto, encoding="utf-8")
    (temporal / "LEEME.md").write_text(leeme(nombre, archivo, informe.cuantizacion),
                                       encoding="utf-8")
    n = 2 * len(CONVERSACIONES) if piezas.sistema else len(CONVERSACIONES)
    fin = paradas(tokenizer, list(parar)[:1])
    informe.comprobaciones += [
        Comprobacion("La plantilla de Ollama (TEMPLATE) escribe lo mismo que apply_chat_template",
                       True, f"idénticas en {n} conversaciones de uno a cuatro turnos"
                       + (", con y sin mensaje de sistema" if piezas.sistema else "")),
        Comprobacion("Las paradas (PARAMETER stop) incluyen el fin de turno del modelo",
                       all(f in texto for f in fin), f"fin de turno: {', '.join(fin)}"),
    ]
    informe.notas += notas(tokenizer, piezas)
    informe.uso = [f"cd {informe.carpeta}", f"ollama create {nombre} -f Modelfile",
                   f"ollama run {nombre}"]
