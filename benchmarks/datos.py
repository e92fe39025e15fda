"""Rendimiento de la tubería de datos frente a tokenizar sin más, sobre el mismo archivo.

Genera un texto en español de 50 MB (un párrafo por línea, con datos personales inventados,
números y algún duplicado) y mide, cada fase en un proceso nuevo con su propia caché:

- ``base``: ``datasets.load_dataset("text")`` + ``map(tokenizer, batched=True)``;
- ``afinar``: ``cargar_datos`` + ``limpiar`` + ``anonimizar`` + el mismo ``map(tokenizer)``.

Imprime un JSON con segundos, memoria pico (RSS) de cada proceso y el cociente de tiempos, y
sale con estado 1 si no se cumple alguno de los dos límites.
La tubería completa debe costar como mucho 3 veces la tokenización sola, y su memoria pico no
debe crecer con el corpus (nada se copia entero a listas de Python).

Ejemplos::

    python benchmarks/datos.py                 # 50 MB
    python benchmarks/datos.py --mb 5          # prueba rápida
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from medir import pico_rss_mb  # benchmarks/ está en sys.path al ejecutar el guion

FRASES = [
    "La cooperativa vende queso, miel y aceite en la plaza del pueblo.",
    "¿Quién se acuerda de la fiesta del año pasado? ¡Fue estupenda!",
    "El niño comió una manzana mientras su abuela tejía junto a la ventana.",
    "Mañana lloverá en el norte y hará sol en el sur, según la radio.",
    "La señora Núñez compró pan, aceitunas y un kilo de naranjas.",
    "Los vecinos arreglaron el camino que sube hasta la ermita.",
    "En 2019 el río se desbordó y el agua llegó hasta la panadería.",
    "El pedido costó 38,90 € y llegó el 14/03/2024 en perfecto estado.",
    "Subieron un 10 % los precios de la leche y del pienso.",
    "La biblioteca abre de lunes a viernes, de 9:00 a 14:00.",
    "El maestro explicó la lección con paciencia y buen humor.",
    "Las cigüeñas volvieron al campanario antes de lo previsto.",
    "Nadie sabía dónde había dejado el pastor las llaves del corral.",
    "La huerta dio este verano tomates, pimientos y calabacines.",
    "El autobús de las ocho llegó con veinte minutos de retraso.",
    "Mi vecina guarda las recetas de su madre en un cuaderno viejo.",
    "El ayuntamiento aprobó por fin el arreglo del frontón.",
    "En invierno la niebla tapa el valle hasta bien entrada la mañana.",
    "La panadera se levanta a las cuatro para encender el horno.",
    "¿Habéis probado el queso curado con membrillo? ¡Está riquísimo!",
    "El médico pasa consulta en el pueblo los martes y los jueves.",
    "Los niños juegan al fútbol en la era hasta que anochece.",
    "La feria de ganado reunió a más de trescientas personas.",
    "El molino viejo se convirtió en un pequeño museo del pan.",
    "Hace años que no nevaba tanto en la sierra como este enero.",
    "La asociación de mujeres organizó un taller de encuadernación.",
    "El camino de ronda bordea la muralla y ofrece buenas vistas.",
    "Compramos miel de brezo, que es más oscura y más intensa.",
    "La tormenta de anoche tumbó dos chopos junto al puente.",
    "El coro ensaya los sábados por la tarde en la iglesia.",
]
DATOS = [
    "Escribidme a lucia.perez{n}@ejemplo.com si hay novedades.",
    "Mi teléfono es el 6{n:08d}, llamad por la tarde.",
    "Desde México: +52 55 {a:04d} {b:04d}.",
    "Pedido 2024-{a:05d}, código QC-{b}.",
]




def generar(ruta: Path, mb: float, semilla: int = 0) -> None:
    r = random.Random(semilla)
    objetivo, escrito = int(mb * 2**20), 0
    with open(ruta, "w", encoding="utf-8") as f:
        while escrito < objetivo:
            partes = r.sample(FRASES, k=r.randrange(4, 9))
            if r.random() < 0.3:
                partes.insert(r.randrange(len(partes)), r.choice(DATOS).format(
                    n=r.randrange(10**8), a=r.randrange(10**4), b=r.randrange(10**4)))
            linea = " ".join(partes) + "\n"
            f.write(linea)
            escrito += len(linea.encode("utf-8"))


def _tokenizador():
    from afinar.modelos import RUTA_BOLSILLO

    if (RUTA_BOLSILLO / "tokenizer.json").exists():
        from transformers import AutoTokenizer

        return AutoTokenizer.from_pretrained(str(RUTA_BOLSILLO)), "bolsillo"
    from afinar.datos.tokens import entrenar_tokenizador

    return entrenar_tokenizador(FRASES * 50, tamano_vocabulario=2000), "BPE de 2000 piezas (sin bolsillo)"


def fase(nombre: str, archivo: str) -> dict:
    """Ejecuta una fase (en este proceso) y devuelve sus cifras."""
    import datasets

    datasets.disable_progress_bars()
    tok, cual = _tokenizador()

    def tokenizar(lote, columna):
        return tok(lote[columna])

    inicio = time.perf_counter()
    if nombre == "base":
        ds = datasets.load_dataset("text", data_files=archivo, split="train")
        ds = ds.map(tokenizar, batched=True, fn_kwargs={"columna": "text"}, remove_columns=["text"])
        filas = len(ds)
        extra = {}
    else:
        from afinar.datos import anonimizar, cargar_datos, limpiar

        t = {}
        ds = cargar_datos(archivo, por="linea")
        t["cargar_s"] = time.perf_counter() - inicio
        ds, informe_l = limpiar(ds)
        t["limpiar_s"] = time.perf_counter() - inicio - sum(t.values())
        ds, informe_a = anonimizar(ds)
        t["anonimizar_s"] = time.perf_counter() - inicio - sum(t.values())
        ds = ds.map(tokenizar, batched=True, fn_kwargs={"columna": "texto"}, remove_columns=["texto", "origen"])
        t["tokenizar_s"] = time.perf_counter() - inicio - sum(t.values())
        filas = len(ds)
        extra = {**{k: round(v, 2) for k, v in t.items()}, "filas_quitadas": informe_l.filas_antes - filas,
                 "datos_personales": informe_a.total}  # fmt: skip
    segundos = time.perf_counter() - inicio
    pico_mb = pico_rss_mb()
    return {"fase": nombre, "segundos": round(segundos, 2), "filas": filas,
            "memoria_pico_mb": round(pico_mb, 1), "tokenizador": cual, **extra}  # fmt: skip


def _en_subproceso(nombre: str, archivo: Path, cache: Path) -> dict:
    entorno = {**os.environ, "HF_DATASETS_CACHE": str(cache / nombre), "HF_HUB_OFFLINE": "1",
               "HF_DATASETS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "true"}  # fmt: skip
    salida = subprocess.run([sys.executable, __file__, "--fase", nombre, "--archivo", str(archivo)],
                            env=entorno, capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(salida.stdout.strip().splitlines()[-1])


def main(args=None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mb", type=float, default=50.0, help="tamaño del texto generado")
    p.add_argument("--fase", choices=["base", "afinar"], help=argparse.SUPPRESS)
    p.add_argument("--archivo", help=argparse.SUPPRESS)
    a = p.parse_args(args)
    if a.fase:
        print(json.dumps(fase(a.fase, a.archivo), ensure_ascii=False))
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        archivo = tmp / "corpus.txt"
        generar(archivo, a.mb)
        tam = archivo.stat().st_size / 2**20
        base = _en_subproceso("base", archivo, tmp)
        completo = _en_subproceso("afinar", archivo, tmp)
    resultado = {
        "archivo_mb": round(tam, 1),
        "base": base,
        "afinar": completo,
        "cociente_tiempo": round(completo["segundos"] / base["segundos"], 2),
        "memoria_extra_mb": round(completo["memoria_pico_mb"] - base["memoria_pico_mb"], 1),
        "cumple_3x": completo["segundos"] <= 3 * base["segundos"],
        # Una copia del corpus en listas de Python sumaría al menos el tamaño del archivo.
        "memoria_acotada": completo["memoria_pico_mb"] <= base["memoria_pico_mb"] + 0.5 * tam,
    }
    print(json.dumps(resultado, ensure_ascii=False, indent=2))
    return resultado


if __name__ == "__main__":
    cifras = main()
    # Sale con error si no cumple lo pedido (las fases internas devuelven {} y salen con 0).
    sys.exit(0 if not cifras or (cifras["cumple_3x"] and cifras["memoria_acotada"]) else 1)
