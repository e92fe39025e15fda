"""¿Salió bien el entrenamiento? Un resultado honesto, no la mejor cifra que haya.

- La pérdida de validación que se da como resultado es la del modelo que se guarda (la del
  final, o la del mejor punto de control si la receta se queda con el mejor), nunca la del
  paso 0, que es la del modelo sin afinar. También se dan la inicial, la final y la mejor con
  su paso (`resumen_validacion`).
- Antes y después de entrenar se generan unas pocas respuestas a ejemplos de validación
  (`revisar`) y se miran con `afinar.evaluacion.degeneracion.diagnosticar`: un modelo que no
  escribe nada o que repite lo mismo en bucle no pasa por bueno.
- `juzgar` declara fallido el entrenamiento si la pérdida de validación del modelo guardado
  acabó por encima de la inicial, o si las respuestas se degeneraron (y antes no), y da su
  causa probable. La orden `afinar entrenar` sale entonces con el estado 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from afinar.entrenamiento.decision import Decision, tasa_por_defecto
from afinar.entrenamiento.puntos import paso_de
from afinar.evaluacion.degeneracion import diagnosticar
from afinar.generacion.generar import generar_respuestas
from afinar.presentacion import sin_barras

# Una subida menor que esto es ruido de redondeo, no un modelo peor.
TOLERANCIA = 1e-4
TOKENS_REVISION = 48  # lo bastante para ver un bucle, poco para no alargar el final
PALABRAS_CORTAS = 8  # filas con menos palabras (de mediana) enseñan a terminar enseguida


@dataclass
class Juicio:
    """Qué salió mal (``fallo``, una frase con la causa probable, o None) y qué vigilar."""

    fallo: str | None = None
    avisos: list[str] = field(default_factory=list)
    revision: dict = field(default_factory=dict)  # diagnósticos antes/después (sin el texto)


def resumen_validacion(log_history: list[dict], paso_modelo: int | None) -> dict:
    """Pérdidas de validación: inicial (paso 0), final, la mejor tras empezar con su paso, y la
    del modelo guardado (``paso_modelo``; None = el del final)."""
    evaluaciones = [(f["step"], f["eval_loss"]) for f in log_history if "eval_loss" in f]
    inicial = next((v for p, v in evaluaciones if p == 0), None)
    despues = [(p, v) for p, v in evaluaciones if p > 0]
    mejor = min(despues, key=lambda e: e[1]) if despues else None
    final = evaluaciones[-1] if evaluaciones else None
    if paso_modelo is not None:
        del_modelo = next(((p, v) for p, v in reversed(despues) if p == paso_modelo), final)
    else:
        del_modelo = final

    def redondo(valor):
        return None if valor is None else round(float(valor), 4)

    return {
        "perdida_validacion": redondo(del_modelo and del_modelo[1]),
        "paso_del_modelo": del_modelo[0] if del_modelo else None,
        "perdida_validacion_inicial": redondo(inicial),
        "perdida_validacion_final": redondo(final and final[1]),
        "mejor_perdida_validacion": redondo(mejor and mejor[1]),
        "mejor_paso": mejor[0] if mejor else None,
    }


def paso_del_mejor(entrenador) -> int | None:
    """El paso del punto de control que transformers cargó al final (None si no cargó ninguno)."""
    mejor = getattr(entrenador.state, "best_model_checkpoint", None)
    if entrenador.args.load_best_model_at_end and mejor:
        return paso_de(Path(mejor))
    return None


def muestras(validacion, tipo: str, n: int) -> tuple[list, list[str]]:
    """Hasta ``n`` entradas de validación para generar y la respuesta esperada de cada una.

    Chat: la conversación hasta la última respuesta del asistente (que es la referencia).
    Texto: la primera mitad de las palabras (hasta 24) y el resto como referencia."""
    entradas, referencias = [], []
    for fila in validacion:
        if len(entradas) >= n:
            break
        if tipo == "chat":
            mensajes = fila["messages"] or []
            ultimo = max((i for i, m in enumerate(mensajes) if m.get("role") == "assistant"),
                         default=0)  # fmt: skip
            if ultimo:
                entradas.append(mensajes[:ultimo])
                referencias.append(mensajes[ultimo].get("content") or "")
        else:
            palabras = (fila["texto"] or "").split()
            corte = min(24, len(palabras) // 2)
            if corte:
                entradas.append(" ".join(palabras[:corte]))
                referencias.append(" ".join(palabras[corte:]))
    return entradas, referencias


def revisar(modelo, tokenizer, entradas: list, referencias: list[str]):
    """Genera (sin azar) la respuesta a cada entrada y la diagnostica (None si no hay entradas)."""
    if not entradas:
        return None
    with sin_barras():
        respuestas = generar_respuestas(modelo, tokenizer, entradas, "determinista",
                                        max_new_tokens=TOKENS_REVISION)  # fmt: skip
    return diagnosticar(respuestas, referencias=referencias)


def _causa(resumen: dict, despues, decision: Decision, referencias: list[str]) -> str:
    habitual = tasa_por_defecto(decision.metodo, decision.parametros)
    tasa = decision.tasa_aprendizaje
    if tasa > 10 * habitual:
        veces = f"unas {tasa / habitual:.0f} veces" if tasa < 1000 * habitual else "más de mil veces"
        return (f"la tasa de aprendizaje ({tasa:g}) es {veces} la habitual para este modelo "
                f"({habitual:g}): usa --tasa-aprendizaje 0 (automática) o una diez veces menor")
    inicial, mejor = resumen["perdida_validacion_inicial"], resumen["mejor_perdida_validacion"]
    empeoro = inicial is not None and (resumen["perdida_validacion"] or 0) > inicial + TOLERANCIA
    if empeoro and mejor is not None and mejor < inicial:
        return (f"sobreajuste: la validación mejoró hasta el paso {resumen['mejor_paso']} "
                f"({mejor}) y luego empeoró; baja los pasos o las épocas, consigue más datos o usa "
                "--paciencia para quedarte con el mejor punto de control")  # fmt: skip
    palabras = median(len(r.split()) for r in referencias) if referencias else None
    if despues is not None and despues.cuentas.get("vacia") and palabras is not None and (
        palabras < PALABRAS_CORTAS
    ):
        return (f"las filas son muy cortas (unas {palabras:.0f} palabras): el modelo aprendió a "
                "terminar enseguida; junta filas seguidas en pasajes más largos")  # fmt: skip
    return ("prueba con una tasa de aprendizaje menor (--tasa-aprendizaje) o menos pasos, y "
            "revisa los datos")  # fmt: skip


def juzgar(resumen: dict, antes, despues, decision: Decision, referencias: list[str]) -> Juicio:
    """Fallo (con su causa probable) o no, y los avisos, a partir de las pérdidas de validación
    y de los diagnósticos de las respuestas antes (``antes``) y después (``despues``)."""
    juicio = Juicio(revision={
        clave: {k: v for k, v in d.a_dict().items() if k != "tipos"}
        for clave, d in (("antes", antes), ("despues", despues)) if d is not None
    })  # fmt: skip
    fallos = []
    inicial, guardada = resumen["perdida_validacion_inicial"], resumen["perdida_validacion"]
    if inicial is not None and guardada is not None and guardada > inicial + TOLERANCIA:
        fallos.append(f"la pérdida de validación acabó en {guardada}, peor que antes de entrenar "
                      f"({inicial})")  # fmt: skip
    estropeado = despues is not None and despues.grave
    if estropeado and not (antes is not None and antes.grave):
        fallos.append("el modelo dejó de responder bien: " + " ".join(despues.motivos))
    elif estropeado:
        juicio.avisos.append("Las respuestas ya eran degeneradas antes de entrenar y lo siguen "
                             "siendo: " + " ".join(despues.motivos))  # fmt: skip
    elif despues is not None and despues.degeneradas:
        juicio.avisos.append("Algunas respuestas parecen degeneradas: " + " ".join(despues.motivos))
    final = resumen["perdida_validacion_final"]
    if not fallos and final is not None and inicial is not None and final > inicial + TOLERANCIA:
        juicio.avisos.append(
            f"La validación acabó peor ({final}) que al empezar ({inicial}); el modelo guardado es "
            f"el del paso {resumen['paso_del_modelo']} ({guardada}), el mejor."
        )
    if fallos:
        causa = _causa(resumen, despues, decision, referencias)
        que = "; ".join(f.rstrip(". ") for f in fallos)
        juicio.fallo = f"El entrenamiento falló: {que}. Causa probable: {causa}."
    return juicio
