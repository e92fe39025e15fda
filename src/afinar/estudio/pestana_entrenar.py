"""Pestaña 3, Entrenar: la receta como formulario (con lo que decide `decidir`), empezar, parar
y reanudar, y la curva en vivo del proceso de entrenamiento."""

from __future__ import annotations

import dataclasses
import re
import shlex
from functools import partial
from typing import get_type_hints

from afinar.errores import AfinarError
from afinar.estudio import vigilancia
from afinar.estudio.comun import accion, introduccion
from afinar.estudio.proceso import orden_entrenar

INTRO = introduccion(
    "3. Entrena",
    "Entrenar es enseñarle tus ejemplos al modelo una y otra vez, corrigiendo un poco sus pesos "
    "en cada paso. La receta de abajo viene decidida para tu equipo y tus datos (el porqué está "
    "debajo); cámbiala solo si sabes lo que buscas. Mira la curva: la pérdida de validación "
    "tiene que bajar; si sube mientras la de entrenamiento baja, el modelo está memorizando.",
)
PRINCIPALES = ("pasos", "epocas", "tasa_aprendizaje", "metodo", "lote", "max_length")
# Cómo se llama cada campo de `Receta` en la página (en la receta y en `afinar entrenar`, el
# nombre de la derecha; un campo nuevo sin nombre aquí sale con el suyo).
NOMBRES = {
    "pasos": "Pasos", "epocas": "Épocas", "tasa_aprendizaje": "Tasa de aprendizaje",
    "metodo": "Método", "lote": "Lote", "max_length": "Largo máximo (tokens)",
    "acumulacion": "Acumulación", "lora_r": "LoRA: rango", "lora_alpha": "LoRA: alpha",
    "lora_dropout": "LoRA: dropout", "lora_modulos": "LoRA: módulos",
    "evaluar_cada": "Evaluar cada (pasos)", "guardar_cada": "Guardar cada (pasos)",
    "puntos_maximos": "Puntos de control que se guardan", "paciencia": "Paciencia",
    "validacion": "Parte para validación", "calentamiento": "Calentamiento",
    "precision": "Precisión", "fusionar": "Fusionar (con LoRA)", "semilla": "Semilla",
    "revisar": "Respuestas que se revisan",
}  # fmt: skip


def nombre_y_ayuda(campo) -> tuple[str, str]:
    """El nombre del campo en la página y su ayuda (``metadata["help"]`` de `Receta`), donde
    «--epocas» se dice «Épocas»."""
    nombre = NOMBRES.get(campo.name, campo.name.replace("_", " ").capitalize())
    ayuda = re.sub(r"--([a-z_]+)", lambda m: f"«{NOMBRES.get(m.group(1), m.group(1))}»",
                   campo.metadata.get("help", ""))  # fmt: skip
    return nombre, ayuda


def campos():
    """Los campos de `Receta` que se ven en el formulario, en orden (todos menos ``salida``)."""
    from afinar.entrenamiento import Receta

    todos = [c for c in dataclasses.fields(Receta) if c.name != "salida"]
    return sorted(todos, key=lambda c: (c.name not in PRINCIPALES, PRINCIPALES.index(c.name)
                                        if c.name in PRINCIPALES else 0))  # fmt: skip


def tipo_de(campo):
    """El tipo de un campo de `Receta` como clase (``int``, ``list[str]``…). No se lee
    ``campo.type``: es texto o clase según si ya pasó por `HfArgumentParser`, que lo cambia."""
    from afinar.entrenamiento import Receta

    return get_type_hints(Receta)[campo.name]


def receta_del_formulario(valores):
    """La `Receta` con lo que hay en el formulario (la valida `Receta`: un valor que no vale se
    explica en una frase)."""
    from afinar.entrenamiento import Receta

    argumentos = {}
    for campo, valor in zip(campos(), valores, strict=True):
        if tipo_de(campo) is int and isinstance(valor, float) and valor.is_integer():
            valor = int(valor)
        if tipo_de(campo) == list[str] and isinstance(valor, str):
            valor = valor.split()
        argumentos[campo.name] = valor
    return Receta(**argumentos)


def _tipo_de_datos(estudio) -> str:
    from afinar.datos.guardado import leer_ajustes

    try:
        return leer_ajustes(estudio.trabajo.datos).get("datos", "chat")
    except AfinarError:
        return "chat"


def proponer_receta(estudio):
    """Los valores del formulario: la receta por defecto con lo que `decidir` resuelve para este
    modelo, este equipo y estos datos, y su explicación en español."""
    from afinar.datos.guardado import leer_ajustes
    from afinar.entorno import hardware
    from afinar.entrenamiento import Receta, decidir

    try:
        max_length = leer_ajustes(estudio.trabajo.datos).get("max_length")
    except AfinarError:
        max_length = None
    receta = Receta(max_length=int(max_length)) if max_length else Receta()
    modelo, _ = estudio.modelo(estudio.modelo_base())
    decision = decidir(receta, modelo, hardware(), _tipo_de_datos(estudio))
    receta.metodo, receta.precision = decision.metodo, decision.precision
    receta.tasa_aprendizaje = decision.tasa_aprendizaje
    valores = []
    for campo in campos():
        valor = getattr(receta, campo.name)
        valores.append(" ".join(valor) if isinstance(valor, list) else valor)
    explicacion = "\n".join(f"- {linea}" for linea in decision.explicacion)
    return [*valores, f"**Por qué esta receta** (modelo `{estudio.modelo_base()}`):\n{explicacion}"]


def proponer_si_hace_falta(estudio):
    """Al abrir la pestaña: propone la receta si cambió el modelo o los datos desde la última
    vez (así no se pisan los cambios que hiciste en el formulario)."""
    import gradio as gr

    from afinar.datos.guardado import hay_datos_guardados

    datos = estudio.trabajo.datos
    clave = (estudio.trabajo.nombre, estudio.modelo_base(),
             (datos / "afinar_datos.json").stat().st_mtime if hay_datos_guardados(datos) else 0)
    if getattr(estudio, "clave_receta", None) == clave:
        return [gr.skip()] * (len(campos()) + 1)
    estudio.clave_receta = clave
    return proponer_receta(estudio)


def _lanzar(estudio, valores, reanudar=False, sobrescribir=False) -> str:
    receta = receta_del_formulario(valores)
    trabajo = estudio.trabajo
    orden = orden_entrenar(estudio.modelo_base(), trabajo, receta, reanudar=reanudar,
                           sobrescribir=sobrescribir)  # fmt: skip
    estudio.entrenamientos.empezar(trabajo, orden)
    estudio.olvidar_modelo(str(trabajo.modelo_afinado))
    estudio.comparacion = estudio.valoracion = None
    return ("La misma orden en una terminal:\n```\n" + "afinar " + shlex.join(orden[3:]) + "\n```")


def entrenar(estudio, *valores):
    """Empieza a entrenar en un proceso aparte (`afinar entrenar`)."""
    return _lanzar(estudio, valores)


def reanudar(estudio, *valores):
    """Sigue desde el último punto de control (`afinar entrenar --reanudar`)."""
    return _lanzar(estudio, valores, reanudar=True)


def de_cero(estudio, *valores):
    """Borra el entrenamiento de este trabajo y empieza otra vez (``--sobrescribir``)."""
    return _lanzar(estudio, valores, sobrescribir=True)


def parar(estudio) -> str:
    """Para el entrenamiento (SIGTERM: guarda su punto de control y termina)."""
    from afinar.entrenamiento.progreso import leer_estado

    estado = leer_estado(estudio.trabajo.entrenamiento) or {}
    pid = estado.get("pid") if estado.get("estado") == "entrenando" else None
    return estudio.entrenamientos.parar(estudio.trabajo, pid)


def estado_actual(estudio) -> tuple[list[dict], dict | None]:
    """``progreso.jsonl`` y ``estado.json`` del trabajo. Mientras el proceso que acabamos de
    lanzar aún no ha escrito los suyos, los de antes no valen: se dice que está empezando (o, si
    ya terminó sin escribirlos, el error con el que salió, del registro)."""
    from afinar.entrenamiento.progreso import leer_estado, leer_progreso

    trabajo, procesos = estudio.trabajo, estudio.entrenamientos
    filas, estado = leer_progreso(trabajo.entrenamiento), leer_estado(trabajo.entrenamiento)
    proceso = procesos.de(trabajo)
    if proceso is None:
        return filas, estado
    if (estado or {}).get("pid") == proceso.pid:
        if proceso.poll() is None and estado["estado"] in ("terminado", "error"):
            # ya lo escribió, pero aún no ha salido: que nadie use el modelo a medio soltar
            return filas, {**estado, "estado": "entrenando", "mensaje": "Terminando…"}
        return filas, estado
    filas = filas if "--reanudar" in procesos.orden else []
    codigo = proceso.poll()
    if codigo is None:
        return filas, {"estado": "entrenando", "paso": 0, "mensaje": "Empezando: cargo el "
                       "modelo y los datos (tarda unos segundos)."}  # fmt: skip
    if procesos.parado:
        return filas, {"estado": "interrumpido", "mensaje": "Lo paraste antes de que empezara a "
                       "entrenar: pulsa «Entrenar» para empezar otra vez."}  # fmt: skip
    errores = [x for x in vigilancia.registro(trabajo.registro, 40).splitlines() if "Error" in x]
    mensaje = errores[-1] if errores else f"El proceso terminó con el código {codigo}."
    return filas, {"estado": "error", "mensaje": mensaje + " (mira el registro del proceso)."}


def ver_entrenamiento(estudio):
    """Lo que se ve del entrenamiento de este trabajo: curva, barra, avisos y registro."""
    filas, estado = estado_actual(estudio)
    return (vigilancia.curva(filas, (estado or {}).get("total")), vigilancia.barra(filas, estado),
            vigilancia.avisos(filas, estado), vigilancia.registro(estudio.trabajo.registro))


def ver_si_cambia(estudio, visto):
    """Lo mismo, cada dos segundos, pero solo si algo cambió desde lo que ya ve esta página
    (``visto``): así la curva no se redibuja (ni parpadea) sin motivo."""
    import gradio as gr

    filas, estado = estado_actual(estudio)
    registro = estudio.trabajo.registro
    firma = (estudio.trabajo.nombre, len(filas), repr(estado),
             registro.stat().st_mtime if registro.exists() else 0)  # fmt: skip
    if firma == visto:
        return gr.skip(), gr.skip(), gr.skip(), gr.skip(), visto
    return (vigilancia.curva(filas, (estado or {}).get("total")), vigilancia.barra(filas, estado),
            vigilancia.avisos(filas, estado), vigilancia.registro(registro), firma)


def _componente(campo, defecto):
    import gradio as gr

    from afinar.entrenamiento.receta import METODOS, PRECISIONES

    nombre, ayuda = nombre_y_ayuda(campo)
    valor = getattr(defecto, campo.name)
    ident = f"receta-{campo.name}"
    if campo.name in ("metodo", "precision"):
        opciones = METODOS if campo.name == "metodo" else PRECISIONES
        return gr.Dropdown(list(opciones), value=valor, label=nombre, info=ayuda, elem_id=ident)
    if tipo_de(campo) is bool:
        return gr.Checkbox(value=valor, label=nombre, info=ayuda, elem_id=ident)
    if tipo_de(campo) == list[str]:
        return gr.Textbox(value=" ".join(valor), label=nombre, info=ayuda, elem_id=ident)
    entero = tipo_de(campo) is int
    return gr.Number(value=valor, label=nombre, info=ayuda, precision=0 if entero else None,
                     elem_id=ident)


def construir(estudio) -> dict:
    """La pestaña y sus eventos."""
    import gradio as gr

    from afinar.entrenamiento import Receta

    defecto = Receta()
    gr.Markdown(INTRO)
    proponer = gr.Button("Proponer la receta para este modelo y estos datos")
    explicacion = gr.Markdown()
    formulario = []
    with gr.Row():
        formulario += [_componente(c, defecto) for c in campos() if c.name in PRINCIPALES]
    avanzados = [c for c in campos() if c.name not in PRINCIPALES]
    with gr.Accordion("Más ajustes de la receta", open=False):
        for inicio in range(0, len(avanzados), 5):
            with gr.Row():
                formulario += [_componente(c, defecto) for c in avanzados[inicio : inicio + 5]]
    with gr.Row():
        boton_entrenar = gr.Button("Entrenar", variant="primary")
        boton_parar = gr.Button("Parar", variant="stop")
        boton_reanudar = gr.Button("Reanudar")
        boton_cero = gr.Button("Empezar de cero")
    orden = gr.Markdown()
    barra_html = gr.HTML()
    avisos_md = gr.Markdown()
    grafica = gr.Plot(label="Pérdida", format="png", elem_id="curva")
    with gr.Accordion("Registro del proceso", open=False):
        registro = gr.Textbox(lines=8, max_lines=12, show_label=False, interactive=False)
    reloj = gr.Timer(2.0)

    proponer.click(accion(partial(proponer_receta, estudio)), None, [*formulario, explicacion],
                   api_name="proponer_receta")  # fmt: skip
    for boton, funcion in ((boton_entrenar, entrenar), (boton_reanudar, reanudar),
                           (boton_cero, de_cero)):  # fmt: skip
        boton.click(accion(partial(funcion, estudio)), formulario, orden,
                    api_name=funcion.__name__)  # fmt: skip
    boton_parar.click(accion(partial(parar, estudio)), None, orden, api_name="parar")
    vista = [grafica, barra_html, avisos_md, registro]
    visto = gr.State(None)  # lo que ya ve esta página (una por pestaña del navegador)
    reloj.tick(partial(ver_si_cambia, estudio), visto, [*vista, visto], api_name=False,
               show_progress="hidden")  # fmt: skip
    return {"vista": vista, "ver": partial(ver_entrenamiento, estudio),
            "proponer": (accion(partial(proponer_si_hace_falta, estudio)),
                         [*formulario, explicacion])}  # fmt: skip
