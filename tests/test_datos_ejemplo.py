"""Los datos de ejemplo: su forma, su desorden a propósito y que el script los rehace igual."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest

from afinar.errores import AfinarError
from afinar.recursos import DATOS_EJEMPLO, datos_ejemplo

RAIZ = Path(__file__).resolve().parents[1]
SCRIPT = RAIZ / "scripts" / "crear_datos_ejemplo.py"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def _recetas() -> list[dict]:
    texto = datos_ejemplo("recetas").read_text(encoding="utf-8")
    return [json.loads(linea) for linea in texto.splitlines() if linea.strip()]


def _opiniones() -> list[list[str]]:
    texto = datos_ejemplo("opiniones").read_bytes().decode("cp1252")
    return list(csv.reader(io.StringIO(texto, newline=""), delimiter=";"))


def test_recetas_son_conversaciones_validas():
    registros = _recetas()
    assert len(registros) >= 150
    for registro in registros:
        assert set(registro) == {"messages"}
        mensajes = registro["messages"]
        roles = [m["role"] for m in mensajes]
        assert roles in (["user", "assistant"], ["system", "user", "assistant"])
        assert all(isinstance(m["content"], str) and m["content"].strip() for m in mensajes)


def test_recetas_siempre_con_el_mismo_formato():
    for registro in _recetas():
        respuesta = registro["messages"][-1]["content"]
        assert "Ingredientes:" in respuesta
        assert "Pasos:" in respuesta
        assert respuesta.index("Ingredientes:") < respuesta.index("Pasos:")
        assert "\n- " in respuesta and "\n1. " in respuesta
        assert 40 <= len(respuesta.split()) <= 130


def test_recetas_sin_duplicados_y_con_preguntas_variadas():
    registros = _recetas()
    claves = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in registros]
    assert len(set(claves)) == len(claves)
    preguntas = [r["messages"][-2]["content"] for r in registros]
    assert len(set(preguntas)) == len(preguntas)
    comienzos = {p.split()[0] for p in preguntas}
    assert len(comienzos) >= 8
    assert any(p.startswith("¿") for p in preguntas)
    assert any("¡" in p for p in preguntas)


def test_textos_tiene_parrafos_y_no_recetas():
    texto = datos_ejemplo("textos").read_text(encoding="utf-8")
    parrafos = [p for p in texto.split("\n\n") if p.strip()]
    assert len(parrafos) >= 80
    assert "Ingredientes:" not in texto and "Pasos:" not in texto
    assert all(len(p.split()) >= 20 for p in parrafos)
    assert len(set(parrafos)) == len(parrafos)


def test_opiniones_como_llegan_los_archivos_reales():
    crudo = datos_ejemplo("opiniones").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        crudo.decode("utf-8")
    texto = crudo.decode("cp1252")
    for caracter in "áéíóúñ¿¡€":
        assert caracter in texto
    filas = _opiniones()
    cabecera, datos = filas[0], filas[1:]
    assert cabecera == ["fecha", "cliente", "canal", "comentario", "valoracion"]
    assert 120 <= len(datos) <= 200
    assert all(len(fila) == 5 for fila in datos)
    # Duplicados exactos (sin contar las filas vacías) y filas vacías.
    llenas = [tuple(f) for f in datos if any(c.strip() for c in f)]
    assert len(set(llenas)) < len(llenas)
    assert sum(1 for f in datos if not any(c.strip() for c in f)) >= 3
    assert sum(1 for f in llenas if not f[3].strip()) >= 3
    comentarios = [f[3] for f in datos]
    assert sum(1 for c in comentarios if EMAIL.search(c)) >= 5
    assert any("+34" in c for c in comentarios) and any("+52" in c for c in comentarios)


def test_opiniones_casi_duplicados():
    comentarios = [f[3] for f in _opiniones()[1:] if f[3].strip()]
    normalizados = [" ".join(c.lower().split()) for c in comentarios]
    assert len(set(normalizados)) < len(set(comentarios))


@pytest.mark.parametrize("nombre", [*DATOS_EJEMPLO, *DATOS_EJEMPLO.values(), "Recetas"])
def test_datos_ejemplo_devuelve_rutas_existentes(nombre):
    ruta = datos_ejemplo(nombre)
    assert isinstance(ruta, Path)
    assert ruta.is_file()


def test_datos_ejemplo_nombre_desconocido():
    with pytest.raises(AfinarError) as error:
        datos_ejemplo("poemas")
    assert str(error.value) == (
        'No hay ningún conjunto de datos de ejemplo llamado "poemas". '
        'Los disponibles son: "recetas", "textos", "opiniones".'
    )


def _script():
    spec = importlib.util.spec_from_file_location("crear_datos_ejemplo", SCRIPT)
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


def test_digitos_de_control_con_ejemplos_publicados():
    modulo = _script()
    assert modulo.dni(12345678) == "12345678Z"
    assert modulo.nie("X", 1234567) == "X1234567L"
    assert modulo.digito_rut(12345678) == "5"
    assert modulo.digito_luhn("411111111111111") == 1
    assert modulo.digito_ccc("0021000418") == 4 and modulo.digito_ccc("0200051332") == 5
    assert modulo.control_iban("21000418450200051332") == 91  # ES91 2100 0418 4502 0005 1332


def test_los_datos_personales_inventados_pasan_sus_controles():
    """Comprobación independiente del script: si no pasan, el anonimizador no los vería."""
    texto = " ".join(f[3] for f in _opiniones()[1:])
    dnis = re.findall(r"\b(\d{8})([A-Z])\b", texto)
    nies = re.findall(r"\b([XYZ])(\d{7})([A-Z])\b", texto)
    assert dnis and nies
    for numero, letra in dnis:
        assert "TRWAGMYFPDXBNJZSQVHLCKE"[int(numero) % 23] == letra
    for prefijo, numero, letra in nies:
        assert "TRWAGMYFPDXBNJZSQVHLCKE"[int(str("XYZ".index(prefijo)) + numero) % 23] == letra
    ibanes = re.findall(r"\bES\d{2}(?: \d{4}){5}\b", texto)
    assert ibanes
    for iban in ibanes:
        compacto = iban.replace(" ", "")
        cifras = compacto[4:] + "1428" + compacto[2:4]
        assert int(cifras) % 97 == 1
    sin_ibanes = re.sub(r"\bES\d{2}(?: \d{4}){5}\b", " ", texto)
    tarjetas = re.findall(r"\b\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}\b", sin_ibanes)
    assert tarjetas
    for tarjeta in tarjetas:
        digitos = [int(c) for c in re.sub(r"\D", "", tarjeta)][::-1]
        suma = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digitos))
        assert suma % 10 == 0
    ruts = re.findall(r"\b(\d{1,2}(?:\.\d{3}){2})-([\dK])\b", texto)
    assert ruts
    for cuerpo, digito in ruts:
        numero = cuerpo.replace(".", "")
        suma = sum(int(c) * (2 + i % 6) for i, c in enumerate(reversed(numero)))
        assert {10: "K", 11: "0"}.get(11 - suma % 11, str(11 - suma % 11)) == digito
    cuits = re.findall(r"\b(\d{2})-(\d{8})-(\d)\b", texto)
    assert cuits
    for tipo, numero, digito in cuits:
        cifras = [int(c) for c in tipo + numero + digito]
        assert sum(c * p for c, p in zip(cifras, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1], strict=True)) % 11 == 0
    assert re.search(r"\b[A-Z]{4}\d{6}[HM][A-Z]{5}[0-9A-Z]\d\b", texto)


def test_el_script_rehace_los_mismos_bytes(tmp_path):
    modulo = _script()
    assert modulo.main(["--salida", str(tmp_path)]) == 0
    for archivo in DATOS_EJEMPLO.values():
        assert (tmp_path / archivo).read_bytes() == datos_ejemplo(archivo).read_bytes(), archivo
