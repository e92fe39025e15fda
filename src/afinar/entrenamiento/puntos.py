"""Puntos de control (checkpoints): la carpeta de salida, qué puntos están completos y desde dónde
seguir, sin destruir nunca un entrenamiento anterior.

- Un entrenamiento nuevo no borra el que ya hay en la carpeta: `punto_de_partida` para con una
  frase que da las dos salidas (reanudar o sobrescribir). Solo ``sobrescribir=True`` borra, y
  solo lo que escribe afinar (nunca otros archivos de la carpeta).
- Un punto de control a medias (el proceso murió o el disco se llenó mientras se guardaba) se
  reconoce (`motivo_incompleto`) y se salta al reanudar, diciéndolo.
- Al reanudar, la receta tiene que ser compatible con la del entrenamiento empezado.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from afinar.entrenamiento.ficha import es_ficha_propia
from afinar.entrenamiento.monitor import decir, es_principal
from afinar.errores import AfinarError

_PUNTO = re.compile(r"^checkpoint-(\d+)$")
# Lo que afinar escribe en la carpeta de salida (y lo único que `sobrescribir` puede borrar).
PROPIOS = (
    "modelo", "adaptador", "modelo.tmp", "adaptador.tmp", "metricas.json", "historial.json",
    "receta.json", "estado.json", "progreso.jsonl", "README.md",
)  # fmt: skip
# Lo que, si cambia, impide seguir un entrenamiento empezado (los pasos o la tasa sí pueden).
_RECETA_FIJA = ("metodo", "max_length", "lora_r", "lora_alpha", "lora_modulos")


def comprobar_salida(salida: Path) -> None:
    existente = salida
    while not existente.exists() and existente != existente.parent:
        existente = existente.parent
    try:
        if not existente.is_dir():
            raise NotADirectoryError(existente)
        with tempfile.NamedTemporaryFile(dir=existente):
            pass
    except OSError as error:
        raise AfinarError(
            f"No puedo escribir en la carpeta de salida «{salida}» ({existente} no admite "
            "escritura): elige otra con Receta(salida=...)."
        ) from error


def paso_de(punto: Path) -> int:
    """El paso en que se guardó un punto de control (checkpoint-N)."""
    return int(punto.name.rsplit("-", 1)[-1])


def puntos(salida: Path) -> list[Path]:
    """Los puntos de control de la carpeta (completos o no), del más antiguo al más reciente."""
    try:
        hijos = list(salida.iterdir()) if salida.is_dir() else []
    except OSError as error:
        raise AfinarError(
            f"No puedo leer la carpeta de salida «{salida}» ({error.strerror or error}): revisa "
            "sus permisos o elige otra con --salida."
        ) from error
    return sorted((p for p in hijos if _PUNTO.match(p.name) and p.is_dir()), key=paso_de)


def _pesos_incompletos(punto: Path) -> str | None:
    from safetensors import SafetensorError, safe_open

    indice = next(iter(punto.glob("*.safetensors.index.json")), None)
    if indice is not None:
        try:
            archivos = sorted(set(json.loads(indice.read_text())["weight_map"].values()))
        except (OSError, ValueError, KeyError, AttributeError):
            return f"{indice.name} está cortado"
    else:
        archivos = [p.name for p in punto.glob("*.safetensors")]
    if not archivos:
        return "no tiene los pesos del modelo (.safetensors)"
    for nombre in archivos:
        if not (punto / nombre).is_file():
            return f"falta {nombre}"
        try:  # la cabecera dice cuánto mide cada tensor: un archivo cortado no la cumple
            with safe_open(str(punto / nombre), "pt"):
                pass
        except (OSError, SafetensorError):
            return f"{nombre} está cortado"
    return None


def motivo_incompleto(punto: Path) -> str | None:
    """Por qué un punto de control no sirve para reanudar (None si está completo).

    transformers escribe ``trainer_state.json`` lo último: si falta, el guardado no terminó."""
    estado = punto / "trainer_state.json"
    if not estado.is_file():
        return "falta trainer_state.json"
    try:
        json.loads(estado.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "trainer_state.json está cortado"
    if motivo := _pesos_incompletos(punto):
        return motivo
    for nombre in ("optimizer.pt", "scheduler.pt"):
        archivo = punto / nombre
        if not archivo.is_file():  # sin él, transformers seguiría con un optimizador nuevo
            return f"falta {nombre}"
        if not zipfile.is_zipfile(archivo):  # torch.save escribe un zip; cortado, no lo es
            return f"{nombre} está cortado"
    return None


def ultimo_punto(salida: Path, *, avisar: bool = False) -> Path | None:
    """El último punto de control completo; con ``avisar``, dice cuáles salta y por qué."""
    for punto in reversed(puntos(salida)):
        motivo = motivo_incompleto(punto)
        if motivo is None:
            return punto
        if avisar:
            decir(
                f"{punto.name} está incompleto ({motivo}: se cortó mientras se guardaba): lo "
                "salto. Puedes borrarlo para liberar espacio."
            )
    return None


def trabajo_previo(salida: Path) -> list[str]:
    """Lo que un entrenamiento anterior dejó en la carpeta y no se debe perder sin querer."""
    hallado = []
    if n := len(puntos(salida)):
        hallado.append(f"{n} punto(s) de control")
    hallado += [f"{n}/" for n in ("modelo", "adaptador") if (salida / n).is_dir()]
    if (salida / "metricas.json").is_file():
        hallado.append("metricas.json")
    return hallado


def borrar_salida(salida: Path) -> None:
    """Borra lo que afinar escribió en la carpeta (puntos de control, modelo, métricas…); nada más."""
    borrados = puntos(salida) + [salida / n for n in PROPIOS if (salida / n).exists()]
    if salida / "README.md" in borrados and not es_ficha_propia(salida / "README.md"):
        borrados.remove(salida / "README.md")  # un README.md de quien usa la carpeta
    if not borrados or not es_principal():
        return
    decir(f"Sobrescribo el entrenamiento anterior de {salida}: borro "
          f"{', '.join(p.name for p in borrados)}.")  # fmt: skip
    for ruta in borrados:
        if ruta.is_dir():
            shutil.rmtree(ruta)
        else:
            ruta.unlink()


def _comprobar_receta_compatible(salida: Path, receta) -> None:
    guardada = salida / "receta.json"
    if receta is None or not guardada.is_file():
        return
    try:
        antes = json.loads(guardada.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    for campo in _RECETA_FIJA:
        if campo in antes and antes[campo] != getattr(receta, campo):
            raise AfinarError(
                f"El entrenamiento de {salida} se empezó con {campo}={antes[campo]!r} y ahora "
                f"pides {campo}={getattr(receta, campo)!r}: para reanudar usa la misma receta "
                "(está en receta.json), o empieza de cero con --sobrescribir (sobrescribir=True)."
            )


def _ya_hay_trabajo(salida: Path, previo: list[str]) -> AfinarError:
    return AfinarError(
        f"La carpeta {salida} ya tiene un entrenamiento ({', '.join(previo)}) y no lo borro: "
        "para seguirlo usa --reanudar (reanudar=True); para borrarlo y empezar de cero, "
        "--sobrescribir (sobrescribir=True). O elige otra carpeta con --salida."
    )


def punto_de_partida(salida: Path, total: int, *, reanudar: bool = False,
                     sobrescribir: bool = False, receta=None):
    """El punto de control desde el que se entrena (None: desde el principio), o "terminado" si
    al reanudar el entrenamiento ya había acabado y su modelo final está guardado.

    Sin ``reanudar`` ni ``sobrescribir``, una carpeta con un entrenamiento anterior es un error
    (que dice las dos salidas): nada se borra sin pedirlo."""
    if reanudar and sobrescribir:
        raise AfinarError(
            "Pediste reanudar y sobrescribir a la vez: elige una (--reanudar sigue el "
            "entrenamiento de la carpeta; --sobrescribir lo borra y empieza de cero)."
        )
    if sobrescribir:
        borrar_salida(salida)
        return None
    previo = trabajo_previo(salida)
    if not reanudar:
        if previo:
            raise _ya_hay_trabajo(salida, previo)
        return None
    _comprobar_receta_compatible(salida, receta)
    punto = ultimo_punto(salida, avisar=True)
    if punto is None:
        if previo:  # un modelo final o puntos a medias, pero nada desde lo que seguir
            raise AfinarError(
                f"No hay ningún punto de control completo en {salida} desde el que seguir "
                f"(hay {', '.join(previo)}): para empezar de cero usa --sobrescribir "
                "(sobrescribir=True), o elige otra carpeta con --salida."
            )
        decir(f"No hay puntos de control en {salida}: empiezo desde el principio.")
        return None
    if paso_de(punto) >= total and (salida / "modelo").is_dir():
        decir(
            f"El entrenamiento de {salida} ya había terminado ({paso_de(punto)} de {total} pasos): "
            "cargo el modelo final sin repetir nada."
        )
        return "terminado"
    decir(f"Reanudo desde {punto.name} ({paso_de(punto)} de {total} pasos) en {salida}.")
    return punto
