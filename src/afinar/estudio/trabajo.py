"""La carpeta de cada trabajo del estudio y lo que entra en ella (las subidas).

Cada trabajo vive en su propia carpeta, ``<raíz>/trabajos/<fecha-hora>/``::

    subidas/            los archivos que subiste (copiados aquí; nunca se abre otro sitio)
    datos/              los datos preparados (afinar.guardar: train y validación)
    entrenamiento/      la salida de `afinar entrenar` (progreso.jsonl, estado.json, modelo/…)
    registro.txt        lo que escribió el proceso de entrenamiento
    evaluacion/         el informe de la comparación (informe.html, .md, .json)
    trabajo.json        qué modelo elegiste y qué pasos diste

Lo que se puede descargar se copia a ``<raíz>/.gradio/descargas/<trabajo>/``, dentro de la
carpeta temporal de Gradio (``GRADIO_TEMP_DIR``): el servidor solo entrega lo que hay en ella,
y así no copia otra vez cada archivo (un modelo puede ocupar gigas).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import datetime
from pathlib import Path

from afinar.errores import AfinarError

LIMITE_SUBIDA_MB = 50
CARPETA_GRADIO = ".gradio"  # la carpeta temporal de Gradio, dentro de la raíz del estudio
# Lo que `cargar_datos` lee (afinar.datos.lectura.EXTENSIONES); se repite aquí para decirlo en
# la página y en el selector de archivos sin importar la lectura al arrancar.
EXTENSIONES = (".txt", ".md", ".csv", ".tsv", ".xlsx", ".xlsm", ".json", ".jsonl", ".ndjson",
               ".docx", ".pdf")  # fmt: skip
_PROHIBIDOS = re.compile(r'[/\\<>:"|?*\x00-\x1f]')


def raiz_por_defecto() -> Path:
    """``AFINAR_ESTUDIO`` si está definida; si no, ``~/afinar_estudio``."""
    return Path(os.environ.get("AFINAR_ESTUDIO") or Path.home() / "afinar_estudio")


def limite_subida_mb() -> float:
    """El tamaño máximo de una subida (``AFINAR_ESTUDIO_LIMITE_MB`` o 50 MB)."""
    valor = os.environ.get("AFINAR_ESTUDIO_LIMITE_MB")
    try:
        return float(valor) if valor else float(LIMITE_SUBIDA_MB)
    except ValueError as error:
        raise AfinarError(
            f"AFINAR_ESTUDIO_LIMITE_MB={valor!r} no es un número: usa, por ejemplo, 50."
        ) from error


def comprobar_nombre(nombre: str) -> str:
    """El nombre de un archivo subido, si es un nombre simple (sin carpetas, sin «..», sin
    empezar por un punto); si no, un error que lo dice."""
    nombre = str(nombre)
    if (
        not nombre or nombre.startswith(".") or ".." in nombre or len(nombre) > 200
        or _PROHIBIDOS.search(nombre)
    ):  # fmt: skip
        raise AfinarError(
            f"El nombre de archivo «{nombre[:80]}» no vale: tiene que ser un nombre simple, sin "
            "carpetas ni «..» (por ejemplo, mis_datos.csv). Cámbiale el nombre y súbelo otra vez."
        )
    if Path(nombre).suffix.lower() not in EXTENSIONES:
        raise AfinarError(
            f"«{nombre}» no es un formato que afinar lea: sube un archivo "
            f"{', '.join(EXTENSIONES)}."
        )
    return nombre


class Trabajo:
    """Un trabajo del estudio: su carpeta y las rutas de lo que guarda."""

    def __init__(self, carpeta: Path):
        self.carpeta = Path(carpeta).resolve()
        self.nombre = self.carpeta.name
        self.subidas = self.carpeta / "subidas"
        self.datos = self.carpeta / "datos"
        self.entrenamiento = self.carpeta / "entrenamiento"
        self.modelo_afinado = self.entrenamiento / "modelo"
        self.registro = self.carpeta / "registro.txt"
        self.evaluacion = self.carpeta / "evaluacion"
        self.descargas = self.carpeta.parent.parent / CARPETA_GRADIO / "descargas" / self.nombre

    @classmethod
    def nuevo(cls, raiz: Path) -> Trabajo:
        """Crea la carpeta de un trabajo nuevo (su nombre es la fecha y la hora)."""
        trabajos = Path(raiz) / "trabajos"
        trabajos.mkdir(parents=True, exist_ok=True)
        base = datetime.now().strftime("%Y%m%d-%H%M%S")
        for n in range(100):
            carpeta = trabajos / (base if n == 0 else f"{base}-{n}")
            try:
                carpeta.mkdir()
            except FileExistsError:
                continue
            return cls(carpeta)
        raise AfinarError(f"No pude crear una carpeta de trabajo nueva en {trabajos}.")

    @classmethod
    def ultimo(cls, raiz: Path) -> Trabajo | None:
        """El trabajo más reciente de la raíz (None si aún no hay ninguno)."""
        trabajos = Path(raiz) / "trabajos"
        if not trabajos.is_dir():
            return None
        carpetas = sorted(c for c in trabajos.iterdir() if c.is_dir())
        return cls(carpetas[-1]) if carpetas else None

    def leer(self) -> dict:
        """Lo que el estudio apuntó de este trabajo (modelo elegido, pasos dados)."""
        try:
            return json.loads((self.carpeta / "trabajo.json").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def apuntar(self, **valores) -> None:
        """Añade ``valores`` a trabajo.json."""
        datos = {**self.leer(), **valores}
        temporal = self.carpeta / ".trabajo.json.tmp"
        temporal.write_text(json.dumps(datos, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(temporal, self.carpeta / "trabajo.json")

    def dentro(self, ruta) -> Path:
        """``ruta`` resuelta si está dentro de la carpeta del trabajo; si no, un error."""
        ruta = Path(ruta).resolve()
        if ruta != self.carpeta and self.carpeta not in ruta.parents:
            raise AfinarError(
                f"«{ruta.name}» está fuera de la carpeta del trabajo ({self.carpeta}): el estudio "
                "solo abre lo que está dentro."
            )
        return ruta

    def guardar_subida(self, origen, nombre: str | None = None) -> Path:
        """Copia el archivo subido ``origen`` a ``subidas/`` con su nombre (comprobado) y
        devuelve la copia. Rechaza nombres con carpetas o «..» y archivos que pasan del límite."""
        origen = Path(origen)
        nombre = comprobar_nombre(nombre if nombre is not None else origen.name)
        limite = limite_subida_mb()
        tamano_mb = origen.stat().st_size / 2**20
        if tamano_mb > limite:
            raise AfinarError(
                f"«{nombre}» ocupa {tamano_mb:.1f} MB y el límite del estudio es {limite:g} MB: "
                "sube una parte de los datos, o usa el cuaderno o `afinar entrenar`, que no tienen "
                "este límite."
            )
        self.subidas.mkdir(parents=True, exist_ok=True)
        destino = self.dentro(self.subidas / nombre)
        shutil.copyfile(origen, destino)
        return destino

    def para_descargar(self, ruta: Path, nombre: str | None = None) -> Path:
        """Copia ``ruta`` (un archivo del trabajo) a la carpeta de descargas y devuelve la copia."""
        ruta = self.dentro(ruta)
        self.descargas.mkdir(parents=True, exist_ok=True)
        destino = self.descargas / (nombre or ruta.name)
        shutil.copyfile(ruta, destino)
        return destino
