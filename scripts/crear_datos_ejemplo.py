"""Crea los datos de ejemplo de afinar, siempre byte a byte iguales.

Lee el texto escrito a mano en ``scripts/fuentes/`` (su README dice qué hay en cada archivo) y
escribe en ``src/afinar/recursos/datos/`` (o en la carpeta que indiques) ``recetas.jsonl``,
``textos.txt``, ``opiniones.csv``, ``comentarios_examen.csv``, ``solicitudes.csv`` y
``pares_sesgo.csv``, descritos en el README de esa carpeta. Lo único que se genera con semilla
fija son los datos personales falsos de ``opiniones.csv`` (con dígitos de control correctos),
su desorden, el emparejamiento de recetas y formas de preguntar, las cifras de ``textos.txt`` y
el orden de ``solicitudes.csv``.

Ejemplos::

    python scripts/crear_datos_ejemplo.py
    python scripts/crear_datos_ejemplo.py --salida /tmp/datos_prueba
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

SEMILLA = 20240611
RAIZ = Path(__file__).resolve().parents[1]
CARPETA_POR_DEFECTO = RAIZ / "src" / "afinar" / "recursos" / "datos"
FUENTES = Path(__file__).resolve().parent / "fuentes"


def leer_texto(nombre: str) -> str:
    """Un archivo de ``fuentes/`` sin sus líneas de comentario (las que empiezan por «#»)."""
    lineas = (FUENTES / nombre).read_text(encoding="utf-8").splitlines()
    return "\n".join(linea for linea in lineas if not linea.startswith("#"))


def leer_json(nombre: str) -> dict:
    return json.loads((FUENTES / nombre).read_text(encoding="utf-8"))


def bloques(nombre: str) -> list[list[str]]:
    """Los bloques de un texto de ``fuentes/`` (separados por líneas en blanco), por líneas."""
    return [b.strip().splitlines() for b in leer_texto(nombre).strip().split("\n\n") if b.strip()]


def csv_en_bytes(filas: list[list[str]], separador: str, fin: str, codificacion: str) -> bytes:
    texto = io.StringIO()
    csv.writer(texto, delimiter=separador, lineterminator=fin).writerows(filas)
    return texto.getvalue().encode(codificacion)  # si algún carácter no cabe, falla aquí


# --- recetas.jsonl ---------------------------------------------------------------------------


def leer_recetas(articulos: list[str]) -> list[dict]:
    recetas = []
    for lineas in bloques("recetas.txt"):
        lineas = [linea.strip() for linea in lineas]
        titulo, tema, nevera = (parte.strip() for parte in lineas[0].split("|"))
        lista = [linea[2:] for linea in lineas[1:] if linea.startswith("- ")]
        pasos = [linea for linea in lineas[1:] if re.match(r"\d+\. ", linea)]
        if len(lista) + len(pasos) != len(lineas) - 1 or not lista or not pasos:
            raise ValueError(f"Receta mal escrita: {titulo}")
        nombre = tema
        for articulo in articulos:
            if tema.startswith(articulo):
                nombre = tema[len(articulo) :]
        respuesta = "\n".join([titulo, "", "Ingredientes:", *(f"- {i}" for i in lista), "",
                               "Pasos:", *pasos])
        recetas.append({"tema": tema, "nombre": nombre, "nevera": nevera, "respuesta": respuesta})
    return recetas


def crear_recetas(rng: random.Random) -> list[dict]:
    """Dos conversaciones por receta, con dos formas distintas de preguntar."""
    f = leer_json("recetas.json")
    familias = [f["preguntas_tema"], f["preguntas_nombre"], f["preguntas_ingredientes"]]
    registros = []
    for i, receta in enumerate(leer_recetas(f["articulos"])):
        for j, familia in enumerate(rng.sample(range(3), 2)):
            plural = receta["tema"].startswith(("unos ", "unas "))
            pregunta = rng.choice(familias[familia]).format(
                tema=receta["tema"], apetece="apetecen" if plural else "apetece",
                hace="hacen" if plural else "hace", nombre=receta["nombre"],
                Nombre=receta["nombre"][:1].upper() + receta["nombre"][1:],
                ingredientes=receta["nevera"],
            )
            mensajes = []
            if (2 * i + j) % 5 == 0:
                sistemas = f["sistemas"]
                mensajes.append({"role": "system", "content": sistemas[(i + j) % len(sistemas)]})
            mensajes.append({"role": "user", "content": pregunta})
            mensajes.append({"role": "assistant", "content": receta["respuesta"]})
            registros.append({"messages": mensajes})
    rng.shuffle(registros)
    return registros


# --- textos.txt ------------------------------------------------------------------------------


def crear_textos(rng: random.Random) -> list[str]:
    """Los párrafos escritos a mano y, al final, doce notas mensuales de la estación."""
    parrafos = [" ".join(" ".join(b).split()) for b in bloques("textos.txt")]
    fuente = leer_json("textos.json")
    for mes, caracter, suceso in fuente["meses"]:
        minima = rng.randint(-4, 12)
        maxima = minima + rng.randint(9, 16)
        lluvia, dias = rng.randint(3, 95), rng.randint(2, 14)
        parrafos.append(fuente["plantilla"].format(mes=mes, caracter=caracter, suceso=suceso,
                                                   minima=minima, maxima=maxima, lluvia=lluvia,
                                                   dias=dias))
    return parrafos


# --- opiniones.csv: datos personales falsos con dígitos de control correctos -----------------

LETRAS_DNI = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni(numero: int) -> str:
    return f"{numero:08d}{LETRAS_DNI[numero % 23]}"


def nie(prefijo: str, numero: int) -> str:
    """NIE: X, Y o Z valen 0, 1 y 2 delante del número para calcular la letra."""
    valor = int(str("XYZ".index(prefijo)) + f"{numero:07d}")
    return f"{prefijo}{numero:07d}{LETRAS_DNI[valor % 23]}"


def cuit(rng: random.Random) -> str:
    """CUIT/CUIL argentino; se descartan las bases cuyo dígito sería 10."""
    while True:
        base = rng.choice(["20", "23", "27", "30"]) + str(rng.randint(10_000_000, 45_999_999))
        pesos = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
        resto = sum(int(c) * p for c, p in zip(base, pesos, strict=True)) % 11
        if 11 - resto != 10:
            return f"{base[:2]}-{base[2:]}-{(11 - resto) % 11}"


def digito_rut(numero: int) -> str:
    """Dígito verificador de un RUT chileno (módulo 11; 10 es K y 11 es 0)."""
    suma = sum(int(c) * (2 + i % 6) for i, c in enumerate(reversed(str(numero))))
    return {10: "K", 11: "0"}.get(11 - suma % 11, str(11 - suma % 11))


def rut(rng: random.Random) -> str:
    numero = rng.randint(5_000_000, 24_999_999)
    return f"{numero:,}".replace(",", ".") + "-" + digito_rut(numero)


def curp(base: str) -> str:
    """CURP mexicana: homoclave (A desde 2000, 0 antes) y dígito verificador."""
    completa = base + ("A" if base[4:6] < "25" else "0")
    alfabeto = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
    suma = sum(alfabeto.index(c) * (18 - i) for i, c in enumerate(completa))
    return completa + str((10 - suma % 10) % 10)


def digito_ccc(cifras: str) -> int:
    """Dígito de control de una cuenta bancaria española (10 cifras)."""
    pesos = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    digito = 11 - sum(int(c) * p for c, p in zip(cifras, pesos, strict=True)) % 11
    return {10: 1, 11: 0}.get(digito, digito)


def control_iban(bban: str, pais: str = "ES") -> int:
    """Los dos dígitos de control de un IBAN (ISO 13616: módulo 97)."""
    letras = "".join(str(ord(letra) - ord("A") + 10) for letra in pais)  # E=14, S=28
    return 98 - int(bban + letras + "00") % 97


def iban_es(rng: random.Random) -> str:
    entidad, oficina = f"{rng.randint(1000, 3199):04d}", f"{rng.randint(0, 9999):04d}"
    cuenta = f"{rng.randint(0, 9_999_999_999):010d}"
    control = f"{digito_ccc('00' + entidad + oficina)}{digito_ccc(cuenta)}"
    bban = entidad + oficina + control + cuenta
    iban = f"ES{control_iban(bban):02d}{bban}"
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def digito_luhn(cifras: str) -> int:
    """Dígito que hace que el número completo pase la prueba de Luhn."""
    dobles = [int(c) * (2 if i % 2 == 0 else 1) for i, c in enumerate(reversed(cifras))]
    return (10 - sum(d - 9 if d > 9 else d for d in dobles) % 10) % 10


def tarjeta(rng: random.Random) -> str:
    inicio = rng.choice(["4", "51", "53", "55"])
    numero = inicio + "".join(str(rng.randint(0, 9)) for _ in range(15 - len(inicio)))
    numero += str(digito_luhn(numero))
    return rng.choice([" ", "-", " "]).join(numero[i : i + 4] for i in range(0, 16, 4))


def isbn13(rng: random.Random) -> str:
    """Un ISBN válido (señuelo: no es un dato personal y no debe anonimizarse)."""
    c = "97884" + "".join(str(rng.randint(0, 9)) for _ in range(7))
    control = (10 - sum(int(x) * (1 + 2 * (i % 2)) for i, x in enumerate(c)) % 10) % 10
    return f"{c[:3]}-{c[3:5]}-{c[5:9]}-{c[9:12]}-{control}"


def cifras(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def telefono(rng: random.Random, formato: int) -> str:
    """Un teléfono inventado en uno de los diez formatos habituales de España y Latinoamérica."""
    m = str(rng.choice([6, 6, 6, 7])) + cifras(rng, 8)
    formas = [
        lambda: f"+34 {m[:3]} {m[3:6]} {m[6:]}", lambda: f"{m[:3]}-{m[3:5]}-{m[5:7]}-{m[7:]}",
        lambda: f"{m[:3]} {m[3:5]} {m[5:7]} {m[7:]}",
        lambda: f"9{rng.choice('1345')} {cifras(rng, 3)} {cifras(rng, 2)} {cifras(rng, 2)}",
        lambda: f"+52 55 {cifras(rng, 4)} {cifras(rng, 4)}",
        lambda: f"(011) {rng.randint(4, 6)}{cifras(rng, 3)}-{cifras(rng, 4)}",
        lambda: f"+54 9 11 {rng.randint(2, 6)}{cifras(rng, 3)}-{cifras(rng, 4)}",
        lambda: f"+56 9 {rng.randint(5, 9)}{cifras(rng, 3)} {cifras(rng, 4)}",
        lambda: f"+57 3{rng.randint(0, 2)}{rng.randint(0, 9)} {cifras(rng, 3)} {cifras(rng, 4)}",
        lambda: m,
    ]
    return formas[formato]()


def email(rng: random.Random, f: dict) -> str:
    simple = str.maketrans("áéíóúüñÁÉÍÓÚÑ", "aeiouunAEIOUN")
    nombre = rng.choice(f["nombres"]).lower().translate(simple)
    apellido = rng.choice(f["apellidos"]).lower().translate(simple)
    formas = [f"{nombre}.{apellido}", f"{nombre[0]}{apellido}{rng.randint(1, 99)}"]
    usuario = rng.choice([*formas, f"{nombre}_{apellido}"])
    return f"{usuario}@{rng.choice(f['dominios'])}"


def rellenar(texto: str, rng: random.Random, formatos, f: dict) -> str:
    """Rellena los huecos de un comentario (en este orden: así se repiten los bytes)."""
    valores = {
        "email": email(rng, f),
        "telefono": telefono(rng, next(formatos)) if "{telefono}" in texto else "",
        "telefono_mx": telefono(rng, 4), "telefono_co": telefono(rng, 8),
        "dni": dni(rng.randint(1_000_000, 79_999_999)),
        "nie": nie(rng.choice("XYZ"), rng.randint(0, 9_999_999)),
        "cuit": cuit(rng), "rut": rut(rng),
        "curp": curp(rng.choice(f["curp_bases"])), "iban": iban_es(rng), "tarjeta": tarjeta(rng),
        "isbn": isbn13(rng),
    }
    return texto.format(**valores)


def crear_opiniones(rng: random.Random) -> list[list[str]]:
    """Cada comentario dos veces con datos distintos, y después el desorden de un archivo real."""
    f = leer_json("opiniones.json")
    base, formatos = [], itertools.cycle([0, 4, 1, 5, 6, 2, 7, 8, 3, 9, 6, 7, 5, 4, 1, 0])
    for vuelta in range(2):
        for i, (valoracion, texto) in enumerate(f["comentarios"]):
            comentario = rellenar(texto, rng, formatos, f)
            desde = 3 if vuelta == 1 else 0  # la segunda vez, siempre con saludo y despedida
            abre, cierra = rng.choice(f["aberturas"][desde:]), rng.choice(f["cierres"][desde:])
            comentario = abre + comentario + cierra
            cliente = f"{rng.choice(f['nombres'])} {rng.choice(f['apellidos'])}"
            canal = f["canales"][(i + vuelta * 2 + rng.randrange(2)) % len(f["canales"])]
            nota = str(max(1, min(5, valoracion + rng.choice([0, 0, 0, -1, 1]))))
            base.append([cliente, canal, comentario, nota])
    rng.shuffle(base)
    filas = []
    for k, fila in enumerate(base):
        fecha = date(2024, 1, 8) + timedelta(days=k * 2 + rng.randrange(2))
        filas.append([fecha.strftime("%d/%m/%Y"), *fila])
    for k in rng.sample(range(len(filas)), 14):  # espacios sobrantes y mayúsculas
        fila = filas[k]
        fila[1] = rng.choice(["  ", " ", ""]) + fila[1] + rng.choice(["  ", " ", "\xa0"])
        canal = fila[2]
        fila[2] = rng.choice([canal.upper(), " " + canal, canal + "  ", canal.capitalize()])
    for k in rng.sample(range(len(filas)), 8):
        filas[k][3] = "   " + filas[k][3] + "  " if k % 2 else filas[k][3].replace(" ", "  ", 2)
    for k in rng.sample(range(len(filas)), 6):  # notas vacías
        filas[k][4] = ""
    # Comentarios vacíos o solo con espacios (en filas sin datos personales, para no perderlos).
    sin_datos = [k for k, fila in enumerate(filas) if not re.search(r"\d{3}|@", fila[3])]
    for k, relleno in zip(rng.sample(sin_datos, 6), ["", "", "", "   ", " ", "\t"], strict=True):
        filas[k][3] = relleno
    con_texto = [k for k, fila in enumerate(filas) if fila[3].strip()]
    for k in rng.sample(con_texto, 7):  # casi duplicados: otros espacios o mayúsculas
        copia, c = list(filas[k]), filas[k][3]
        copia[3] = rng.choice([c.lower(), c.upper(), "  ".join(c.split(" ")), " " + c + " ",
                               c.replace(". ", ".  ")])
        filas.insert(k + 1 + rng.randrange(3), copia)
    for k in rng.sample(range(len(filas)), 9):  # la misma fila exportada dos veces
        filas.insert(k + 1, list(filas[k]))
    for k in rng.sample(range(len(filas)), 6):  # filas vacías
        filas.insert(k, ["", "", "", "", ""])
    return filas


# --- los conjuntos nuevos: su fuente es casi el archivo; el script solo le da formato ---------


def crear_comentarios() -> list[list[str]]:
    """Bloques «P: / R: / C:» en el orden en que los escribió la profesora."""
    filas = []
    for lineas in bloques("comentarios_examen.txt"):
        if [linea[:3] for linea in lineas] != ["P: ", "R: ", "C: "]:
            raise ValueError(f"Bloque mal escrito en comentarios_examen.txt: {lineas}")
        filas.append([linea[3:].strip() for linea in lineas])
    return filas


def crear_solicitudes(rng: random.Random) -> list[list[str]]:
    """Un bloque por departamento (primera línea: su nombre; después, un mensaje por línea)."""
    filas = [[texto, lineas[0]] for lineas in bloques("solicitudes.txt") for texto in lineas[1:]]
    rng.shuffle(filas)
    return filas


def crear_pares() -> list[list[str]]:
    """Cada línea: «categoría | contexto | plantilla con {} | grupo a | grupo b»."""
    filas = []
    for linea in leer_texto("pares_sesgo.txt").splitlines():
        if linea.strip():
            categoria, contexto, plantilla, a, b = (parte.strip() for parte in linea.split("|"))
            frase_a, frase_b = plantilla.replace("{}", a), plantilla.replace("{}", b)
            filas.append([categoria, contexto, frase_a, frase_b, a, b])
    return filas


def contenidos() -> dict[str, tuple[bytes, str]]:
    """Los bytes de cada archivo y lo que contiene (cada conjunto con su propia semilla)."""
    recetas = crear_recetas(random.Random(SEMILLA))
    parrafos = crear_textos(random.Random(SEMILLA + 1))
    jsonl = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recetas)
    tablas = {  # cabecera, filas, separador, fin de línea, codificación
        # Como lo guarda Excel en Windows: Windows-1252 y «;».
        "opiniones.csv": (["fecha", "cliente", "canal", "comentario", "valoracion"],
                          crear_opiniones(random.Random(SEMILLA + 2)), ";", "\r\n", "cp1252"),
        # «CSV UTF-8 (delimitado por comas)» de Excel en español: BOM, «;» y \r\n.
        "comentarios_examen.csv": (["Pregunta del examen", "Respuesta del alumno", "Mi comentario"],
                                   crear_comentarios(), ";", "\r\n", "utf-8-sig"),
        "solicitudes.csv": (["texto", "departamento"],
                            crear_solicitudes(random.Random(SEMILLA + 3)), ",", "\n", "utf-8"),
        "pares_sesgo.csv": (["categoria", "contexto", "frase_a", "frase_b", "grupo_a", "grupo_b"],
                            crear_pares(), ",", "\n", "utf-8"),
    }
    salida = {
        "recetas.jsonl": (jsonl.encode("utf-8"), f"{len(recetas)} conversaciones"),
        "textos.txt": ("\n\n".join(parrafos).encode("utf-8") + b"\n", f"{len(parrafos)} párrafos"),
    }
    for nombre, (cabecera, filas, separador, fin, codificacion) in tablas.items():
        contenido = csv_en_bytes([cabecera, *filas], separador, fin, codificacion)
        salida[nombre] = (contenido, f"{len(filas)} filas y la cabecera")
    return salida


def main(args: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--salida", type=Path, default=CARPETA_POR_DEFECTO,
                        help="carpeta de salida (por defecto, src/afinar/recursos/datos)")
    carpeta: Path = parser.parse_args(args).salida
    carpeta.mkdir(parents=True, exist_ok=True)
    for nombre, (contenido, resumen) in contenidos().items():
        (carpeta / nombre).write_bytes(contenido)
        print(f"{nombre}: {resumen}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
