"""El laboratorio: controles deslizantes (ipywidgets) para probar ajustes de generación."""

from __future__ import annotations

from afinar import entorno
from afinar.errores import AfinarError
from afinar.generacion.generar import generar

_NOTA_SIN_CONTROLES = (
    "Nota: aquí no se pueden mostrar controles deslizantes ({motivo}). No pasa nada: "
    "esta celda genera una vez con los valores que le pases, por ejemplo "
    'laboratorio(modelo, tokenizer, "Había una vez", temperature=1.2).'
)


def laboratorio(
    modelo,
    tokenizer,
    texto: str = "Había una vez",
    *,
    max_new_tokens: int = 40,
    do_sample: bool = True,
    temperature: float = 0.7,
    top_k: int = 50,
    top_p: float = 0.9,
    repetition_penalty: float = 1.0,
    semilla: int = 42,
):
    """Controles deslizantes para probar los ajustes de generación (en un cuaderno).

    Sin ipywidgets, o fuera de un cuaderno, genera una vez con los valores dados y lo imprime.
    """
    valores = dict(
        max_new_tokens=max_new_tokens,
        do_sample=do_sample,
        temperature=temperature,
        top_k=top_k,
        top_p=top_p,
        repetition_penalty=repetition_penalty,
    )
    try:
        import ipywidgets as w
    except ImportError:
        w = None
    if w is None or not entorno.en_notebook():
        motivo = "falta el paquete ipywidgets" if w is None else "no estamos en un cuaderno"
        print(_NOTA_SIN_CONTROLES.format(motivo=motivo))
        print(f"\n{texto}▶ {generar(modelo, tokenizer, texto, semilla=semilla, **valores)}")
        return None
    return _controles(w, modelo, tokenizer, texto, valores, semilla)


# Cada control deslizante: (clase de ipywidgets, mínimo, máximo, paso).
_DESLIZANTES = {
    "temperature": ("FloatSlider", 0.1, 2.0, 0.05),
    "top_k": ("IntSlider", 1, 200, 1),
    "top_p": ("FloatSlider", 0.05, 1.0, 0.05),
    "repetition_penalty": ("FloatSlider", 1.0, 2.0, 0.05),
    "max_new_tokens": ("IntSlider", 5, 200, 1),
}


def _controles(w, modelo, tokenizer, texto, valores, semilla):
    estilo = {"description_width": "150px"}
    diseno = w.Layout(width="480px")
    entrada = w.Textarea(value=texto, description="texto", style=estilo, layout=diseno)
    controles = {"do_sample": w.Checkbox(value=valores["do_sample"],
                                         description="do_sample (sortear)", style=estilo)}
    for nombre, (clase, minimo, maximo, paso) in _DESLIZANTES.items():
        controles[nombre] = getattr(w, clase)(
            value=valores[nombre], min=minimo, max=maximo, step=paso, description=nombre,
            style=estilo, layout=diseno,
        )
    caja_semilla = w.IntText(value=semilla, description="semilla", style=estilo)
    boton = w.Button(description="Generar", button_style="primary")
    salida = w.Output()

    def al_pulsar(_=None):
        opciones = {nombre: control.value for nombre, control in controles.items()}
        salida.clear_output()
        with salida:
            try:
                nuevo = generar(
                    modelo, tokenizer, entrada.value, semilla=caja_semilla.value, **opciones
                )
                print(f"{entrada.value}▶ {nuevo}")
            except AfinarError as error:
                print(f"⚠️ {error}")

    boton.on_click(al_pulsar)
    print(
        "Mueve los controles y pulsa «Generar». Si no ves controles (por ejemplo, en una "
        "vista de GitHub), usa afinar.generar(...) como en las celdas anteriores."
    )
    return w.VBox([entrada, *controles.values(), caja_semilla, boton, salida])
