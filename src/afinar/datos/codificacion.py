"""Codificación de los archivos de texto: UTF-8, UTF-16, Windows-1252 (y DOS o Mac), binarios.

Los archivos de Excel en español suelen llegar en Windows-1252; los de algunos programas, en
UTF-16; y los que se han ido pegando de sitios distintos, con líneas en UTF-8 y líneas en
Windows-1252 en el mismo archivo. Por eso, salvo en UTF-16 o si quien usa afinar dice la
codificación, cada línea se lee con la suya: UTF-8 si lo es, y si no, la codificación de un
byte que mejor encaja con las líneas que no son UTF-8 (la elige charset-normalizer entre las
que se usan con textos en español). Las líneas leídas así se cuentan para el informe.

También se reconoce un binario renombrado (un .xlsx llamado .csv) para decirlo con claridad
en vez de leer basura.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from pathlib import Path

from afinar.errores import AfinarError

_FIRMAS = [(b"PK\x03\x04", "un archivo comprimido (¿un .xlsx o .docx renombrado?)"),
           (b"%PDF", "un PDF"), (b"\x89PNG", "una imagen PNG"), (b"\xff\xd8\xff", "una imagen JPEG"),
           (b"\xd0\xcf\x11\xe0", "un documento antiguo de Office (.xls o .doc)")]  # fmt: skip
MUESTRA = 8 << 20  # bytes que se miran para decidir
# Codificaciones de un byte en las que llegan textos en español: Windows (Excel), DOS y Mac.
UN_BYTE = ["cp1252", "cp850", "mac_roman"]
NOMBRES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows-1252",
           "cp850": "MS-DOS (cp850)", "mac_roman": "Mac Roman", "latin-1": "Latin-1"}  # fmt: skip


def no_es_texto(ruta: Path, muestra: bytes) -> AfinarError:
    """El error que dice qué parece ser un archivo que no es texto (por su firma)."""
    tipo = next((t for firma, t in _FIRMAS if muestra.startswith(firma)), "un archivo binario")
    return AfinarError(
        f"«{ruta.name}» no es un archivo de texto (parece {tipo}): ábrelo con su programa y "
        "expórtalo como CSV o texto en UTF-8, o cárgalo con su extensión verdadera."
    )


def _muestra(ruta: Path) -> tuple[bytes, bool]:
    with open(ruta, "rb") as f:
        muestra = f.read(MUESTRA)
        return muestra, not f.read(1)


def _utf16(ruta: Path, muestra: bytes) -> str | None:
    """«utf-16…» si el archivo lo es, None si no; error si es un binario."""
    if muestra.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in muestra:
        mitad = max(len(muestra) // 2, 1)
        ceros_impares, ceros_pares = muestra[1::2].count(0), muestra[0::2].count(0)
        if ceros_impares > 0.3 * mitad and ceros_pares < 0.02 * mitad:
            return "utf-16-le"
        if ceros_pares > 0.3 * mitad and ceros_impares < 0.02 * mitad:
            return "utf-16-be"
        raise no_es_texto(ruta, muestra)
    controles = sum(muestra.count(b) for b in range(1, 32) if b not in (9, 10, 12, 13))
    if controles > 0.01 * max(len(muestra), 1) or any(muestra.startswith(f) for f, _ in _FIRMAS):
        raise no_es_texto(ruta, muestra)
    return None


def _un_byte(lineas_no_utf8: list[bytes]) -> str:
    """La codificación de un byte que mejor lee estas líneas (Windows-1252 si no hay dudas).

    charset-normalizer sin restricciones confunde textos cortos en español con cp1250 o cp932;
    limitado a las tres codificaciones en las que llegan de verdad, acierta (probado con frases
    de una a cuatro líneas en cada una).
    """
    if not lineas_no_utf8:
        return "cp1252"
    from charset_normalizer import from_bytes

    mejor = from_bytes(b"".join(lineas_no_utf8)[: 1 << 16], cp_isolation=UN_BYTE).best()
    nombre = mejor.encoding if mejor is not None else "cp1252"
    return nombre if nombre in UN_BYTE else "cp1252"


def _lineas_no_utf8(muestra: bytes) -> list[bytes]:
    malas = []
    for linea in muestra.splitlines()[:-1] or muestra.splitlines():  # la última puede ir cortada
        try:
            linea.decode("utf-8")
        except UnicodeDecodeError:
            malas.append(linea + b"\n")
    return malas


def _detectar(ruta: Path) -> tuple[str, bytes]:
    """(codificación principal, los bytes que se miraron para decidirla)."""
    muestra, completo = _muestra(ruta)
    if muestra.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", muestra
    utf16 = _utf16(ruta, muestra)
    if utf16:
        return utf16, muestra
    try:
        codecs.getincrementaldecoder("utf-8")().decode(muestra, final=completo)
        return "utf-8", muestra
    except UnicodeDecodeError:
        return _un_byte(_lineas_no_utf8(muestra)), muestra


def detectar_codificacion(ruta: Path) -> str:
    """UTF-8 (con o sin BOM), UTF-16 o la de un byte (Windows-1252, DOS o Mac); error si es binario.

    Es la codificación de la mayor parte del archivo; al leerlo, afinar lee además cada línea
    que no sea UTF-8 con la de un byte (ver :func:`leer_lineas`).
    """
    return _detectar(Path(ruta))[0]


def modo_de_lectura(ruta: Path, codificacion: str | None = None) -> dict:
    """Cómo leer el archivo: ``{"codificacion", "alternativa", "estricta"}`` (cabe en JSON).

    Con ``codificacion`` (la dijo quien usa afinar), todo el archivo con ella. En UTF-16, igual.
    Si no, cada línea en UTF-8 y, si no lo es, en ``alternativa`` (una de :data:`UN_BYTE`).
    """
    if codificacion:
        try:
            codecs.lookup(codificacion)
        except LookupError:
            raise AfinarError(
                f'codificacion="{codificacion}" no existe: usa por ejemplo "utf-8" o "cp1252", o '
                "no la indiques y afinar la detecta sola."
            ) from None
        return {"codificacion": codificacion, "alternativa": None, "estricta": True}
    principal, muestra = _detectar(Path(ruta))
    if principal.startswith("utf-16"):
        return {"codificacion": principal, "alternativa": None, "estricta": True}
    alternativa = principal if principal in UN_BYTE else _un_byte(_lineas_no_utf8(muestra))
    return {"codificacion": principal, "alternativa": alternativa, "estricta": False}


@dataclass
class Decodificacion:
    """Cuántas líneas (con letras fuera de ASCII) se leyeron en UTF-8 y cuántas en la alternativa."""

    alternativa: str = "cp1252"
    utf8: int = 0
    otras: int = 0

    @property
    def reparadas(self) -> int:
        """Las líneas de la codificación minoritaria: sin leerlas aparte, serían mojibake."""
        return min(self.utf8, self.otras)

    def aviso(self, nombre: str) -> str | None:
        """La frase del informe si se leyeron líneas en dos codificaciones (si no, None)."""
        if not self.reparadas:
            return None
        otra = NOMBRES.get(self.alternativa, self.alternativa)
        return (f"«{nombre}» mezcla codificaciones ({self.utf8} línea(s) en UTF-8 y {self.otras} "
                f"en {otra}): leí cada línea con la suya, así que {self.reparadas} línea(s) que "
                "habrían salido con letras rotas («Ã±») se leen bien.")  # fmt: skip


def _manejador(alternativa: str) -> str:
    """Nombre de un manejador de errores de ``bytes.decode`` que lee con ``alternativa``."""
    nombre = f"afinar_{alternativa}"
    try:
        codecs.lookup_error(nombre)
    except LookupError:

        def leer_con_alternativa(error: UnicodeDecodeError):
            trozo = error.object[error.start : error.end]
            try:
                return trozo.decode(alternativa), error.end
            except UnicodeDecodeError:  # bytes que Windows-1252 no define: tal cual (Latin-1)
                return trozo.decode("latin-1"), error.end

        codecs.register_error(nombre, leer_con_alternativa)
    return nombre


def _por_lineas(ruta: Path, modo: dict, cuenta: Decodificacion):
    manejador = _manejador(modo["alternativa"])
    cuenta.alternativa = modo["alternativa"]
    with open(ruta, "rb") as crudo:
        # Latin-1 convierte cada byte en un carácter: sirve para partir en líneas (\n, \r\n o
        # \r, sin traducirlas, como newline="") y recuperar los bytes de cada una.
        for i, linea in enumerate(io.TextIOWrapper(crudo, encoding="latin-1", newline="")):
            datos = linea.encode("latin-1")
            if i == 0 and datos.startswith(codecs.BOM_UTF8):
                datos = datos[len(codecs.BOM_UTF8) :]
            try:
                texto = datos.decode("utf-8")
            except UnicodeDecodeError:
                cuenta.otras += 1
                yield datos.decode("utf-8", errors=manejador)
                continue
            if not datos.isascii():
                cuenta.utf8 += 1
            yield texto


def leer_lineas(ruta: Path, modo: dict | str | None = None, cuenta: Decodificacion | None = None):
    """Itera las líneas de texto con su fin de línea (como ``open(..., newline="")``).

    ``modo`` es el de :func:`modo_de_lectura` (o una codificación, o None para detectarla).
    En ``cuenta`` quedan las líneas leídas en cada codificación.
    """
    ruta = Path(ruta)
    if not isinstance(modo, dict):
        modo = modo_de_lectura(ruta, modo)
    cuenta = cuenta if cuenta is not None else Decodificacion()
    if not modo["estricta"]:
        yield from _por_lineas(ruta, modo, cuenta)
        return
    try:
        with open(ruta, encoding=modo["codificacion"], newline="") as f:
            yield from f
    except UnicodeDecodeError as e:
        raise AfinarError(
            f"«{ruta.name}» no se puede leer entero como {modo['codificacion']} (falla en el byte "
            f"{e.start} de un trozo): no indiques codificacion= y afinar leerá cada línea con la "
            "suya, o guárdalo de nuevo como UTF-8."
        ) from None


def leer_todo(ruta: Path, modo: dict | str | None = None, cuenta: Decodificacion | None = None):
    """Todo el texto de un archivo, con los saltos de línea normalizados a ``\\n``."""
    texto = "".join(leer_lineas(ruta, modo, cuenta))
    return texto.replace("\r\n", "\n").replace("\r", "\n")
