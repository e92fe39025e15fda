"""Entrenamientos que no destruyen el trabajo anterior: repetir no borra, un punto de control a
medias se salta al reanudar, el disco lleno y un archivo inseguro son una frase en español."""

from __future__ import annotations

import json
import os
import pickle
import shutil

import pytest
from conftest import crear_modelo_diminuto
from test_entrenar import datos_chat, receta_rapida

from afinar.entrenamiento import entrenar
from afinar.errores import AfinarError

DATOS = datos_chat(16)


def _receta(carpeta, **cambios):
    base = dict(pasos=4, evaluar_cada=2, max_length=64, metodo="completo")
    return receta_rapida(carpeta, **{**base, **cambios})


def _entrenar(carpeta, **opciones):
    return entrenar(*crear_modelo_diminuto("llama"), DATOS, _receta(carpeta), **opciones)


@pytest.fixture(scope="module")
def terminado(tmp_path_factory):
    """Un entrenamiento de 4 pasos terminado: checkpoint-2, checkpoint-4 y el modelo final."""
    carpeta = tmp_path_factory.mktemp("terminado")
    _entrenar(carpeta)
    return carpeta / "s"


def _copia(terminado, tmp_path):
    shutil.copytree(terminado, tmp_path / "s")
    return tmp_path / "s"


def _huella(carpeta):
    return {str(p.relative_to(carpeta)): p.stat().st_mtime_ns for p in carpeta.rglob("*")}


def test_repetir_en_la_misma_carpeta_no_borra_nada(terminado, tmp_path):
    salida = _copia(terminado, tmp_path)
    antes = _huella(salida)
    with pytest.raises(AfinarError, match=r"ya tiene un entrenamiento \(2 punto\(s\) de control, "
                       r"modelo/, metricas.json\) y no lo borro: para seguirlo usa --reanudar.*"
                       r"--sobrescribir"):
        _entrenar(tmp_path)
    assert _huella(salida) == antes  # ni un archivo tocado


def test_sobrescribir_borra_solo_lo_de_afinar(terminado, tmp_path, capsys):
    salida = _copia(terminado, tmp_path)
    (salida / "mis_notas.txt").write_text("no me borres")
    (salida / "README.md").write_text("# Mis apuntes del curso\n")
    r = _entrenar(tmp_path, sobrescribir=True)
    assert "Sobrescribo el entrenamiento anterior" in capsys.readouterr().out
    assert r.metricas["pasos"] == 4 and (salida / "mis_notas.txt").read_text() == "no me borres"
    assert (salida / "README.md").read_text() == "# Mis apuntes del curso\n"  # ni se pisa
    assert "# Modelo afinado con afinar" in (r.carpeta / "README.md").read_text()
    with pytest.raises(AfinarError, match="elige una"):
        _entrenar(tmp_path, reanudar=True, sobrescribir=True)


@pytest.mark.parametrize("dano", ["sin_estado", "pesos_cortados"])
def test_un_punto_a_medias_se_salta_al_reanudar(terminado, tmp_path, dano, capsys):
    from afinar.entrenamiento.puntos import motivo_incompleto, ultimo_punto

    salida = _copia(terminado, tmp_path)
    shutil.rmtree(salida / "modelo")  # como si se hubiera cortado antes de terminar
    ultimo = salida / "checkpoint-4"
    if dano == "sin_estado":  # kill -9 antes de escribir trainer_state.json (lo último)
        (ultimo / "trainer_state.json").unlink()
        motivo = "falta trainer_state.json"
    else:  # el disco se llenó escribiendo los pesos
        pesos = ultimo / "model.safetensors"
        os.truncate(pesos, pesos.stat().st_size // 2)
        motivo = "model.safetensors está cortado"
    assert motivo_incompleto(ultimo) == motivo
    assert ultimo_punto(salida) == salida / "checkpoint-2"
    capsys.readouterr()
    r = _entrenar(tmp_path, reanudar=True)
    salida_texto = capsys.readouterr().out
    assert f"checkpoint-4 está incompleto ({motivo}" in salida_texto
    assert "Reanudo desde checkpoint-2 (2 de 4 pasos)" in salida_texto
    assert r.metricas["pasos"] == 4 and motivo_incompleto(salida / "checkpoint-4") is None


def test_un_rng_state_malicioso_no_se_ejecuta(terminado, tmp_path):
    salida = _copia(terminado, tmp_path)
    shutil.rmtree(salida / "checkpoint-4")
    shutil.rmtree(salida / "modelo")
    marca = tmp_path / "ejecutado"

    class Malo:
        def __reduce__(self):
            return (os.system, (f"touch {marca}",))

    import torch

    torch.save({"python": Malo()}, salida / "checkpoint-2" / "rng_state.pth")
    with pytest.raises(AfinarError, match=r"checkpoint-2 tiene un archivo que no se puede "
                       r"cargar de forma segura .*--sobrescribir") as error:
        _entrenar(tmp_path, reanudar=True)
    assert isinstance(error.value.__cause__, pickle.UnpicklingError)
    assert not marca.exists()


def test_disco_lleno_es_una_frase_y_deja_el_punto_anterior(tmp_path, monkeypatch):
    """El segundo guardado de pesos escribe la mitad y falla como safetensors con el disco
    lleno; el punto de control anterior sigue sirviendo y se reanuda desde él."""
    import transformers.modeling_utils as mu
    from safetensors import SafetensorError

    from afinar.entrenamiento.puntos import motivo_incompleto

    original, llamadas = mu.safe_save_file, []

    def guardar_sin_espacio(tensores, archivo, *args, **kwargs):
        llamadas.append(archivo)
        if len(llamadas) == 2:
            with open(archivo, "wb") as f:
                f.write(b"\0" * 100)
            raise SafetensorError("Error while serializing: I/O error: No space left on device "
                                  "(os error 28)")  # fmt: skip
        return original(tensores, archivo, *args, **kwargs)

    monkeypatch.setattr(mu, "safe_save_file", guardar_sin_espacio)
    with pytest.raises(AfinarError, match=r"No queda espacio en el disco de .*el último punto de "
                       r"control completo, checkpoint-2, está intacto \(borré lo que quedó a "
                       r"medias: checkpoint-4\).*--reanudar") as error:
        _entrenar(tmp_path)
    assert isinstance(error.value.__cause__, SafetensorError)
    salida = tmp_path / "s"
    assert not (salida / "checkpoint-4").exists()
    assert motivo_incompleto(salida / "checkpoint-2") is None
    estado = json.loads((salida / "estado.json").read_text())
    assert estado["estado"] == "error" and estado["mensaje"].startswith("No queda espacio")
    monkeypatch.setattr(mu, "safe_save_file", original)
    r = _entrenar(tmp_path, reanudar=True)
    assert r.metricas["pasos"] == 4 and (salida / "modelo" / "model.safetensors").is_file()


def test_carpeta_que_no_se_puede_leer(tmp_path, monkeypatch):
    from pathlib import Path

    salida = tmp_path / "s"
    salida.mkdir()
    original = Path.iterdir

    def sin_permiso(self):
        if self == salida:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "iterdir", sin_permiso)
    with pytest.raises(AfinarError, match=r"No puedo leer la carpeta de salida .*Permission "
                       r"denied.*permisos"):
        _entrenar(tmp_path)
