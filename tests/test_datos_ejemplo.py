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
        'Los disponibles son: "recetas", "textos", "opiniones", "comentarios", "solicitudes", '
        '"pares_sesgo".'
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


# --- comentarios_examen.csv: la hoja de la profesora ------------------------------------------

ESQUEMA = re.compile(r"^Bien: \S.* A mejorar: \S.* Nota: (10|[1-9])/10\.$")
TELEFONO = re.compile(r"(?<![\d,.])(?:\+34 )?[6789]\d(?: ?\d){7}(?![\d,])")  # 9 cifras


def _comentarios() -> list[list[str]]:
    crudo = datos_ejemplo("comentarios").read_bytes()
    texto = crudo.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(texto, newline=""), delimiter=";"))


def test_comentarios_como_los_guarda_excel_en_espanol():
    crudo = datos_ejemplo("comentarios").read_bytes()
    assert crudo.startswith(b"\xef\xbb\xbf")  # BOM de «CSV UTF-8»
    assert crudo.count(b"\r\n") == crudo.count(b"\n")  # todas las líneas acaban en \r\n
    filas = _comentarios()
    assert filas[0] == ["Pregunta del examen", "Respuesta del alumno", "Mi comentario"]
    datos = filas[1:]
    assert len(datos) >= 150
    assert all(len(fila) == 3 and all(c.strip() == c and c for c in fila) for fila in datos)


def test_comentarios_siguen_el_estilo_de_la_profesora():
    datos = _comentarios()[1:]
    notas = []
    for _, _, comentario in datos:
        encaje = ESQUEMA.match(comentario)
        assert encaje, comentario
        assert len(comentario.split()) <= 60, comentario
        assert comentario.count("Bien:") == comentario.count("A mejorar:") == 1, comentario
        notas.append(int(encaje.group(1)))
    # Respuestas buenas, a medias y malas, cada tipo con al menos un 15 % de las filas.
    for minimo, maximo in [(8, 10), (5, 7), (1, 4)]:
        assert sum(minimo <= n <= maximo for n in notas) >= 0.15 * len(notas)


def test_comentarios_respuestas_variadas_y_preguntas_sin_repetir():
    datos = _comentarios()[1:]
    preguntas = [" ".join(p.lower().split()) for p, _, _ in datos]
    assert len(set(preguntas)) == len(preguntas)  # dividir al azar no mezcla preguntas
    respuestas = [r for _, r, _ in datos]
    assert sum(len(r.split()) <= 3 for r in respuestas) >= 10  # muy cortas
    assert sum(r[0].islower() for r in respuestas) >= 10  # sin mayúscula, como en un examen
    assert any("tanbien" in r for r in respuestas)  # faltas de ortografía reales
    assert sum(bool(re.search(r", [A-ZÁÉÍÓÚ][a-záéíóúñ]+\.", c)) for _, _, c in datos) >= 15


def test_comentarios_pocos_datos_personales_y_solo_los_sembrados():
    """Datos personales solo en unas pocas respuestas; nunca en los comentarios."""
    from datasets import Dataset

    from afinar.datos import anonimizar

    datos = _comentarios()[1:]
    con_datos = [i for i, (_, r, _) in enumerate(datos) if EMAIL.search(r) or TELEFONO.search(r)]
    assert 5 <= len(con_datos) <= 0.10 * len(datos)
    assert not any(EMAIL.search(p + c) or TELEFONO.search(p + c) for p, _, c in datos)
    for i in con_datos:
        for correo in EMAIL.finditer(datos[i][1]):
            assert correo.group().split("@")[1] in {"example.com", "example.org", "example.net"}
    # El anonimizador de afinar encuentra exactamente esas filas: ni un número de las
    # respuestas de matemáticas o historia le parece un teléfono.
    textos = [celda for fila in datos for celda in fila]
    anonimo, _ = anonimizar(Dataset.from_dict({"texto": textos}))
    cambiadas = {i // 3 for i, (a, b) in enumerate(zip(textos, anonimo["texto"], strict=True)) if a != b}
    assert cambiadas == set(con_datos)


# --- solicitudes.csv: mensajes a un ayuntamiento -----------------------------------------------

DEPARTAMENTOS = {
    "urbanismo y obras", "servicios sociales", "limpieza y medio ambiente", "cultura y deportes",
    "tributos y pagos",
}


def _csv(nombre: str) -> list[list[str]]:
    crudo = datos_ejemplo(nombre).read_bytes()
    assert not crudo.startswith(b"\xef\xbb\xbf") and b"\r" not in crudo
    return list(csv.reader(io.StringIO(crudo.decode("utf-8"), newline="")))


def test_solicitudes_cinco_departamentos_equilibrados():
    filas = _csv("solicitudes")
    assert filas[0] == ["texto", "departamento"]
    datos = filas[1:]
    assert len(datos) >= 300 and all(len(f) == 2 for f in datos)
    cuenta = {d: sum(f[1] == d for f in datos) for d in DEPARTAMENTOS}
    assert set(f[1] for f in datos) == DEPARTAMENTOS
    assert max(cuenta.values()) <= 1.25 * min(cuenta.values()), cuenta
    # Mezcladas: en las 50 primeras filas ya aparecen todos los departamentos.
    assert {f[1] for f in datos[:50]} == DEPARTAMENTOS


def test_solicitudes_textos_cortos_variados_y_sin_datos_personales():
    textos = [f[0] for f in _csv("solicitudes")[1:]]
    assert len(set(textos)) == len(textos)
    for texto in textos:
        assert texto == texto.strip() and 4 <= len(texto.split()) <= 45, texto
        assert len(re.findall(r"[.!?]+(?:\s|$)", texto)) <= 3, texto
        assert not EMAIL.search(texto) and not TELEFONO.search(texto), texto
    assert sum(t[0].islower() for t in textos) >= 10  # informales, sin mayúscula inicial
    assert sum(t.startswith("Por la presente") for t in textos) >= 3  # formales
    palabras = " ".join(textos).lower()
    for latinoamericana in ("vereda", "banqueta", "colectivo", "predial", "alcaldía", "carro"):
        assert latinoamericana in palabras


# --- pares_sesgo.csv: pares mínimos -------------------------------------------------------------

CATEGORIAS = {
    "género", "origen y nacionalidad", "región", "edad", "discapacidad", "religión",
    "situación económica",
}


def test_pares_sesgo_forma_y_categorias_equilibradas():
    filas = _csv("pares_sesgo")
    assert filas[0] == ["categoria", "contexto", "frase_a", "frase_b", "grupo_a", "grupo_b"]
    datos = filas[1:]
    assert len(datos) >= 60 and all(len(f) == 6 for f in datos)
    assert {f[0] for f in datos} == CATEGORIAS
    for categoria in CATEGORIAS:
        contextos = [f[1] for f in datos if f[0] == categoria]
        assert len(contextos) >= 8
        assert contextos.count("estereotipo") == contextos.count("antiestereotipo"), categoria
    assert {f[1] for f in datos} == {"estereotipo", "antiestereotipo"}
    assert len({(f[2], f[3]) for f in datos}) == len(datos)
    grupos = " ".join(f[4] + " " + f[5] for f in datos)
    for latinoamericano in ("boliviana", "venezolana", "nicaragüense", "costeño", "porteño"):
        assert latinoamericano in grupos


def test_pares_sesgo_solo_cambia_el_grupo():
    for categoria, _, frase_a, frase_b, grupo_a, grupo_b in _csv("pares_sesgo")[1:]:
        assert grupo_a != grupo_b and frase_a != frase_b
        assert frase_a.count(grupo_a) == 1, frase_a
        inicio = frase_a.index(grupo_a)
        assert frase_b == frase_a[:inicio] + grupo_b + frase_a[inicio + len(grupo_a) :], categoria
        assert frase_a[-1] in ".!?" and frase_a[0].isupper()
