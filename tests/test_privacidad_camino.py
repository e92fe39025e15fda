"""La promesa de privacidad de punta a punta (issue 17).

Un proceso aparte (así las variables de entorno valen desde el principio) recorre el camino
entero con un CSV lleno de datos personales: cargar, limpiar, anonimizar, dividir, guardar,
entrenar unos pasos el modelo de bolsillo (chat), comparar y escribir el informe. HOME, las
cachés de Hugging Face, TMPDIR y la carpeta de trabajo están dentro de ``tmp_path``; la red
está permitida (sin HF_HUB_OFFLINE) pero un guardián en ``socket`` anota cada intento de
conexión que no sea a la propia máquina.

Después se busca cada valor original en cada archivo escrito (en bytes: UTF-8 y UTF-16), en
sus nombres y en todo lo que el proceso imprimió: no puede aparecer ninguno. Y el guardián no
puede haber visto ni una conexión.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Valores personales del CSV, tal como están escritos (cada uno se busca también sin espacios,
# puntos ni guiones), con la frase de la respuesta donde van. El nombre del archivo lleva un DNI
# y un correo.
CORREO = "Envíala a {} y te confirmo en el día."
LLAMADA = "Llama al {} de nueve a dos."
CUENTA = "Por transferencia a la cuenta {}, indicando tu nombre."
DOCUMENTO = "Pon tu documento: {}, sin espacios."
FILAS = [
    ("maria.garcia@correo.es", CORREO), ("12345678Z", DOCUMENTO), ("(+34) 612 345 678", LLAMADA),
    ("ES91 2100 0418 4502 0005 1332", CUENTA), ("X1234567L", DOCUMENTO),
    ("4111 1111 1111 1111", "Paga con la tarjeta {} y guarda el recibo."),
    ("2100 0418 45 0200051332", CUENTA), ("20-12345678-6", DOCUMENTO), ("12.345.678-5", DOCUMENTO),
    ("BOXW310820HNERXN09", "La factura va a nombre de la CURP {}."), ("(011) 15-8520-9935", LLAMADA),
    ("juan.perez@ejemplo.com", CORREO), ("87654321X", DOCUMENTO), ("699 888 777", LLAMADA),
]  # fmt: skip
VALORES = [valor for valor, _ in FILAS]
ARCHIVO = "cv_12345678Z_maria.garcia@correo.es.csv"
PREGUNTAS = ["¿Cómo os hago llegar los datos?", "¿Qué pongo en el formulario?",
             "¿Me recuerdas cómo era?", "¿Y si hay un problema?"]  # fmt: skip


def _escribir_csv(carpeta: Path) -> Path:
    filas = ["pregunta,respuesta"]
    for i in range(48):
        valor, plantilla = FILAS[i % len(FILAS)]
        pregunta = PREGUNTAS[i % len(PREGUNTAS)]
        filas.append(f'"{pregunta} (consulta {i})","{plantilla.format(valor)} Gracias, {i}."')
    carpeta.mkdir(parents=True)
    ruta = carpeta / ARCHIVO
    ruta.write_text("\n".join(filas) + "\n", encoding="utf-8")
    return ruta


GUARDIAN = '''
import socket, threading, time
INTENTOS = []
_getaddrinfo, _connect, _connect_ex = socket.getaddrinfo, socket.socket.connect, socket.socket.connect_ex

def _local(host):
    host = str(host or "")
    return host in ("", "localhost", "::1", "0.0.0.0") or host.startswith("127.")

def _getaddrinfo_vigilado(host, *a, **k):
    if not _local(host):
        INTENTOS.append(("getaddrinfo", str(host)))
        raise socket.gaierror("red cerrada por la prueba")
    return _getaddrinfo(host, *a, **k)

def _vigilar(original):
    def conectar(self, direccion):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(direccion[0]):
            INTENTOS.append(("connect", str(direccion[0])))
            raise OSError("red cerrada por la prueba")
        return original(self, direccion)
    return conectar

socket.getaddrinfo = _getaddrinfo_vigilado
socket.socket.connect = _vigilar(_connect)
socket.socket.connect_ex = _vigilar(_connect_ex)

def esperar_hilos():
    """La telemetría de huggingface_hub sale en un hilo: se espera a que vacíe su cola."""
    import sys
    telemetria = sys.modules.get("huggingface_hub.utils._telemetry")
    cola = getattr(telemetria, "_TELEMETRY_QUEUE", None)
    limite = time.time() + 15
    while cola is not None and cola.unfinished_tasks and time.time() < limite:
        time.sleep(0.1)
'''

CAMINO = '''
import json, sys
import afinar

ds = afinar.cargar_datos(sys.argv[1])
ds, informe = afinar.limpiar(ds)
print(informe)
ds, informe = afinar.anonimizar(ds)
print(informe)
open("informe_anonimizacion.html", "w", encoding="utf-8").write(informe._repr_html_())
print(ds[0], ds[5])
partes = afinar.dividir(ds, validacion=8)
afinar.guardar(partes, "datos_preparados")
modelo, tokenizer = afinar.cargar_modelo("bolsillo")
receta = afinar.Receta(pasos=2, lote=2, max_length=64, evaluar_cada=2, paciencia=0,
                       salida="afinado")
resultado = afinar.entrenar(modelo, tokenizer, partes, receta)
base, _ = afinar.cargar_modelo("bolsillo")
comparacion = afinar.comparar(base, resultado.modelo, partes["validation"].select(range(2)),
                              tokenizer=tokenizer, max_new_tokens=8)
print(comparacion)
comparacion.guardar("informe")
esperar_hilos()
print("INTENTOS=" + json.dumps(INTENTOS))
'''


def _entorno(raiz: Path, **extra) -> dict:
    entorno = {k: v for k, v in os.environ.items()
               if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE",
                            "CI", "HF_HUB_DISABLE_TELEMETRY", "DO_NOT_TRACK", "DISABLE_TELEMETRY")}  # fmt: skip
    for nombre in ("home", "tmp", "hf", "trabajo"):
        (raiz / nombre).mkdir(parents=True, exist_ok=True)
    entorno.update(HOME=str(raiz / "home"), TMPDIR=str(raiz / "tmp"), HF_HOME=str(raiz / "hf"),
                   HF_DATASETS_CACHE=str(raiz / "hf" / "datasets"),
                   XDG_CACHE_HOME=str(raiz / "home" / ".cache"), TOKENIZERS_PARALLELISM="false",
                   PYTHONPATH=os.pathsep.join(sys.path), **extra)  # fmt: skip
    return entorno


def _ejecutar(codigo: str, raiz: Path, *argumentos: str, **extra) -> subprocess.CompletedProcess:
    """Ejecuta ``codigo`` con el guardián puesto, en un proceso con el entorno aislado."""
    programa = GUARDIAN + textwrap.dedent(codigo)
    return subprocess.run([sys.executable, "-c", programa, *argumentos],
                          cwd=raiz / "trabajo", env=_entorno(raiz, **extra), capture_output=True,
                          text=True, timeout=600)  # fmt: skip


def _intentos(proceso: subprocess.CompletedProcess) -> list:
    linea = next(x for x in proceso.stdout.splitlines() if x.startswith("INTENTOS="))
    return json.loads(linea.removeprefix("INTENTOS="))


def _formas(valor: str) -> set[bytes]:
    formas = {valor, valor.replace(" ", "").replace(".", "").replace("-", "")}
    formas |= {f.replace("(", "").replace(")", "") for f in formas}
    salida = set()
    for forma in formas:
        for codificacion in ("utf-8", "utf-16-le", "utf-16-be"):
            salida |= {forma.encode(codificacion), forma.lower().encode(codificacion)}
    return salida


def buscar_fugas(raiz: Path, textos: list[str]) -> list[str]:
    """Cada valor original que aparezca en un archivo bajo ``raiz``, en su nombre o en ``textos``."""
    buscados = {valor: _formas(valor) for valor in VALORES}
    fugas = []
    for ruta in sorted(p for p in raiz.rglob("*") if p.is_file()):
        contenido = ruta.read_bytes() + str(ruta.relative_to(raiz)).encode("utf-8")
        fugas += [f"«{v}» en {ruta.relative_to(raiz)}" for v, formas in buscados.items()
                  if any(f in contenido for f in formas)]  # fmt: skip
    for texto in textos:
        contenido = texto.encode("utf-8")
        fugas += [f"«{v}» en lo que se imprimió" for v, formas in buscados.items()
                  if any(f in contenido for f in formas)]  # fmt: skip
    return fugas


@pytest.fixture(scope="module")
def camino(tmp_path_factory):
    raiz = tmp_path_factory.mktemp("privacidad")
    csv = _escribir_csv(raiz.parent / f"{raiz.name}-entrada")  # la entrada, fuera de lo revisado
    proceso = _ejecutar(CAMINO, raiz, str(csv))
    assert proceso.returncode == 0, proceso.stderr[-3000:]
    return raiz, proceso


@pytest.mark.lento
def test_no_queda_ningun_dato_original_en_disco_ni_en_pantalla(camino):
    raiz, proceso = camino
    escritos = [p for p in raiz.rglob("*") if p.is_file()]
    assert any(p.suffix == ".safetensors" for p in escritos)  # entrenó y guardó de verdad
    assert any(p.name == "informe.html" for p in escritos)
    assert "<EMAIL>" in proceso.stdout and "<DNI>" in proceso.stdout  # anonimizó de verdad
    fugas = buscar_fugas(raiz, [proceso.stdout, proceso.stderr])
    assert not fugas, f"{len(fugas)} fugas en {len(escritos)} archivos: {fugas[:20]}"


@pytest.mark.lento
def test_ni_una_conexion_con_la_red_permitida(camino):
    _, proceso = camino
    assert _intentos(proceso) == []


def test_el_guardian_ve_la_telemetria_si_alguien_la_enciende(tmp_path):
    """Sin el bloque de afinar/__init__.py (aquí: la variable puesta a 0 a propósito), la
    telemetría del Hub sale y el guardián la ve; así la prueba de arriba puede fallar."""
    codigo = '''
    import afinar, json
    from huggingface_hub.utils import send_telemetry
    send_telemetry("afinar/prueba")
    esperar_hilos()
    print("INTENTOS=" + json.dumps(INTENTOS))
    '''
    encendida = _ejecutar(codigo, tmp_path, HF_HUB_DISABLE_TELEMETRY="0")
    assert encendida.returncode == 0, encendida.stderr[-2000:]
    assert _intentos(encendida), "el guardián no vio la telemetría encendida"
    apagada = _ejecutar(codigo, tmp_path)
    assert _intentos(apagada) == []


def test_telemetria_apagada_aunque_huggingface_hub_se_importe_antes(tmp_path):
    codigo = '''
    import json
    import huggingface_hub
    from huggingface_hub import constants
    antes = constants.HF_HUB_DISABLE_TELEMETRY
    import afinar
    from huggingface_hub.utils import send_telemetry
    send_telemetry("afinar/prueba")
    esperar_hilos()
    print("ANTES=" + json.dumps(antes))
    print("INTENTOS=" + json.dumps(INTENTOS))
    '''
    proceso = _ejecutar(codigo, tmp_path)
    assert proceso.returncode == 0, proceso.stderr[-2000:]
    assert "ANTES=false" in proceso.stdout  # huggingface_hub la leyó encendida al importarse
    assert _intentos(proceso) == []
