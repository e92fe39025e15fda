"""Tablas (CSV, Excel, tablas de Word): separador, cabecera y filas leídas como se escribieron.

Un CSV hecho a mano o exportado de cualquier manera llega con comas dentro del texto sin
comillas, comillas sin cerrar, cabeceras repetidas o sin cabecera. Aquí se decide cómo leerlo y
se cuenta cada fila que se arregla o se quita, para que el informe de lectura lo diga:

- **separador**: el que da a la cabecera y a las filas el mismo número de columnas; si ninguno
  lo hace, el archivo tiene una sola columna (y las comas son parte del texto).
- **cabecera**: la primera fila, salvo que parezca un dato (un número, o una frase como las de
  debajo); los nombres repetidos o vacíos se renombran.
- **filas**: las vacías y las que repiten la cabecera se quitan; las que tienen campos de más
  (un separador dentro del texto) se juntan en la columna de texto; una comilla que no encierra
  un campo se lee como un carácter más.
"""

from __future__ import annotations

import csv
import statistics
from dataclasses import dataclass, field

from afinar.datos.columnas import es_numero, miles, normal
from afinar.errores import AfinarError

CANDIDATOS = [";", ",", "\t", "|"]
NOMBRES_SEPARADOR = {";": "«;»", ",": "«,»", "\t": "tabulador", "|": "«|»", None: "ninguno"}
UNA_COLUMNA = "\x1f"  # un separador que no aparece en textos: cada línea es un solo campo


@dataclass
class Incidencia:
    """Cuántas veces pasó algo y en qué filas (las primeras)."""

    veces: int = 0
    filas: list[int] = field(default_factory=list)

    def anotar(self, fila: int):
        """Cuenta una vez más y guarda la fila (las cinco primeras)."""
        self.veces += 1
        if len(self.filas) < 5:
            self.filas.append(fila)

    def donde(self, unidad: str = "línea") -> str:
        """«línea 3» o «líneas 3, 8, 12 …»: dónde pasó, para el aviso."""
        lista = ", ".join(str(f) for f in self.filas)
        if self.veces == 1:
            return f"{unidad} {lista}"
        return f"{unidad}s {lista}" + (" …" if self.veces > len(self.filas) else "")


@dataclass
class Cuentas:
    """Lo que pasó al leer las filas de un archivo."""

    vacias: int = 0
    cabeceras: Incidencia = field(default_factory=Incidencia)  # filas que repiten la cabecera
    largas: Incidencia = field(default_factory=Incidencia)  # más campos que columnas
    cortas: Incidencia = field(default_factory=Incidencia)  # menos campos que columnas
    comillas: Incidencia = field(default_factory=Incidencia)  # comillas leídas tal cual
    tragadas: Incidencia = field(default_factory=Incidencia)  # registros que parecen varias filas


# --- separador ------------------------------------------------------------------------------


def _prosa(primera: list[str]) -> bool:
    """¿Parece una frase partida por sus comas («Hola, qué tal») y no una fila de columnas?"""
    return (
        sum(c.startswith(" ") and not c.startswith("  ") for c in primera[1:])
        > len(primera[1:]) / 2
    )


def detectar_separador(lineas: list[str], nombre: str = "el archivo") -> str | None:
    """El separador de un CSV a partir de sus primeras líneas, o None si tiene una sola columna.

    Vale el que da a la primera fila dos o más columnas y a la mayoría de las demás al menos
    esas; entre los que valen, el que más filas deja con el mismo número exacto de columnas.
    """
    mejor, puntos_mejor = None, (0.0, 0)
    for sep in CANDIDATOS:
        filas = [f for _, f in leer_filas(lineas, sep, nombre, Cuentas())
                 if any(c.strip() for c in f)][:60]  # fmt: skip
        if not filas or len(filas[0]) < 2 or (sep == "," and _prosa(filas[0])):
            continue  # la cabecera (o la primera fila) no tiene este separador
        columnas = len(filas[0])
        resto = filas[1:] or filas
        iguales = sum(len(f) == columnas for f in resto) / len(resto)
        al_menos = sum(len(f) >= columnas for f in resto) / len(resto)
        puntos = (iguales, columnas)
        if al_menos >= 0.5 and puntos > puntos_mejor:
            mejor, puntos_mejor = sep, puntos
    return mejor


# --- filas de un CSV ----------------------------------------------------------------------------


class _Lineas:
    """Las líneas que va pidiendo el lector de CSV, recordando las del registro actual."""

    def __init__(self, lineas, primera: int):
        self._lineas = iter(lineas)
        self.numero = primera - 1
        self.actuales: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        linea = next(self._lineas)
        self.numero += 1
        self.actuales.append(linea)
        return linea


def _literal(linea: str, separador: str | None) -> list[str]:
    linea = linea.rstrip("\r\n")
    return linea.split(separador) if separador else [linea]


def _error_campo_enorme(nombre: str, inicio: int) -> AfinarError:
    limite = miles(csv.field_size_limit())
    return AfinarError(
        f"En «{nombre}», el registro que empieza en la línea {inicio} tiene un campo de más de "
        f'{limite} caracteres: suele ser una comilla (") que se abre y no se cierra; corrígela '
        "en esa línea, o, si de verdad es un texto tan largo, guárdalo como .txt o .jsonl."
    )


def leer_filas(lineas, separador: str | None, nombre: str, cuentas: Cuentas):
    """(número de la línea donde empieza, campos) de cada registro de un CSV.

    Una comilla que no encierra un campo entero se lee como un carácter más (y se cuenta): si
    no se cierra hasta el final, esa línea se lee tal cual y se sigue leyendo desde la siguiente.
    """
    primera = 1
    while lineas is not None:
        fuente = _Lineas(lineas, primera)
        lector = csv.reader(fuente, delimiter=separador or UNA_COLUMNA, strict=True)
        lineas = None
        while True:
            inicio, fuente.actuales = fuente.numero + 1, []
            try:
                campos = next(lector)
            except StopIteration:
                break
            except csv.Error as e:
                if "field larger" in str(e):
                    raise _error_campo_enorme(nombre, inicio) from None
                crudas = fuente.actuales
                if "unexpected end of data" in str(e):  # no se cierra hasta el final
                    cuentas.comillas.anotar(inicio)
                    yield inicio, _literal(crudas[0], separador)
                    lineas, primera = crudas[1:], inicio + 1  # se vuelve a leer lo demás
                    break
                for i, linea in enumerate(crudas):  # una comilla en medio de un campo
                    cuentas.comillas.anotar(inicio + i)
                    yield inicio + i, _literal(linea, separador)
                continue
            _vigilar_registro_largo(fuente.actuales, campos, separador, inicio, cuentas)
            yield inicio, campos


def _vigilar_registro_largo(crudas, campos, separador, inicio: int, cuentas: Cuentas):
    """Un registro entre comillas con muchas líneas que parecen filas: una comilla que se cerró
    mucho más abajo de donde debía."""
    if len(crudas) > 4 and separador and len(campos) >= 2:
        interiores = crudas[1:-1]  # las líneas enteras dentro del registro
        parecidas = sum(x.count(separador) + 1 >= len(campos) for x in interiores)
        if parecidas >= 3 and parecidas >= 0.5 * len(interiores):
            cuentas.tragadas.anotar(inicio)


# --- cabecera ---------------------------------------------------------------------------------


def _parece_frase(celda: str, debajo: list[str]) -> bool:
    """Una celda de la primera fila que es un dato como los de su columna, no un nombre."""
    palabras = celda.split()
    largos = [len(v) for v in debajo if v.strip()]
    if not palabras or not largos or statistics.median(largos) < 15:
        return False
    if celda.rstrip().endswith(("?", ":")):  # «¿Qué te pareció?»: cabecera de un formulario
        return False
    frase = len(palabras) >= 6 or (celda.rstrip().endswith((".", "!", "…")) and len(palabras) >= 3)
    return frase and len(celda) >= 0.5 * statistics.median(largos)


def parece_cabecera(primera: list[str], muestra: list[list[str]], conocidos: set[str]) -> bool:
    """¿Es ``primera`` una fila de nombres de columna? ``conocidos``: nombres normalizados."""
    celdas = [c.strip() for c in primera]
    if any(normal(c) in conocidos for c in celdas if c):
        return True
    if any(es_numero(c) for c in celdas):
        return False
    columnas = [[f[i] if i < len(f) else "" for f in muestra] for i in range(len(celdas))]
    return not any(_parece_frase(c, debajo) for c, debajo in zip(celdas, columnas, strict=True))


def nombres_de_columna(celdas: list[str]) -> tuple[list[str], list[str]]:
    """Nombres únicos y no vacíos (``«x (2)»``, ``«columna 3»``) y un aviso por cada cambio."""
    nombres, avisos, vistos = [], [], set()
    for i, celda in enumerate(celdas, start=1):
        nombre = celda.strip() or f"columna {i}"
        if not celda.strip():
            avisos.append(f"la columna {i} no tiene nombre: la llamo «{nombre}»")
        elif nombre in vistos:
            n = 2
            while f"{nombre} ({n})" in vistos:
                n += 1
            avisos.append(f"la cabecera repite «{nombre}»: llamo a la columna {i} «{nombre} ({n})»")
            nombre = f"{nombre} ({n})"
        vistos.add(nombre)
        nombres.append(nombre)
    return nombres, avisos


@dataclass
class Forma:
    """Cómo convertir las filas de una tabla en registros (cabe en JSON para el generador)."""

    nombres: list[str]
    cabecera: list[str] | None  # la fila de cabecera tal cual, o None si no hay
    separador: str | None = None
    ancha: int | None = None  # la columna que recoge los campos de más
    avisos: list[str] = field(default_factory=list)


def forma_de_tabla(filas: list[list[str]], separador: str | None, cabecera: bool | None,
                   conocidos: set[str]) -> Forma:  # fmt: skip
    """La forma de una tabla a partir de sus primeras filas (sin las vacías)."""
    filas = [f for f in filas if any(str(c).strip() for c in f)]
    if not filas:
        return Forma(nombres=["columna 1"], cabecera=None, separador=separador)
    primera = [str(c) for c in filas[0]]
    if cabecera is None:
        cabecera = parece_cabecera(primera, filas[1:], conocidos)
    if cabecera:
        nombres, avisos = nombres_de_columna(primera)
        return Forma(nombres, [c.strip() for c in primera], separador, avisos=avisos)
    ancho = max(len(f) for f in filas[:1000])
    nombres = [f"columna {i}" for i in range(1, ancho + 1)]
    aviso = (f"la primera fila parece un dato y no una cabecera, así que la leo como datos y "
             f"llamo a las columnas {', '.join(f'«{n}»' for n in nombres[:5])}"
             f"{' …' if ancho > 5 else ''} (si sí es la cabecera, usa cabecera=True)")  # fmt: skip
    return Forma(nombres, None, separador, avisos=[aviso])


def _juntar(campos: list[str], columnas: int, ancha: int, separador: str | None) -> list[str]:
    """Junta en la columna ``ancha`` los campos de más (el texto tenía el separador dentro)."""
    sobran = len(campos) - columnas
    juntos = (separador or " ").join(campos[ancha : ancha + sobran + 1])
    return campos[:ancha] + [juntos] + campos[ancha + sobran + 1 :]


def registros(filas, forma: Forma, cuentas: Cuentas):
    """(número de línea, registro) de cada fila de datos; cuenta lo que quita o arregla.

    Las filas en blanco entre datos se cuentan como vacías; las de antes de la tabla y las del
    final (una hoja de Excel con filas vacías con formato, un archivo que acaba en «\n\n»), no.
    """
    columnas = len(forma.nombres)
    falta_cabecera = forma.cabecera is not None
    en_blanco = None  # filas en blanco desde la última con algo (None: aún no hubo ninguna)
    for numero, campos in filas:
        campos = ["" if c is None else str(c) for c in campos]
        if not any(c.strip() for c in campos):
            en_blanco = None if en_blanco is None else en_blanco + 1
            continue
        cuentas.vacias += en_blanco or 0
        en_blanco = 0
        if falta_cabecera:  # la primera fila con algo es la cabecera
            falta_cabecera = False
            continue
        if forma.cabecera is not None and [c.strip() for c in campos] == forma.cabecera:
            cuentas.cabeceras.anotar(numero)
            continue
        if len(campos) > columnas:
            if any(c.strip() for c in campos[columnas:]):
                ancha = forma.ancha if forma.ancha is not None else columnas - 1
                campos = _juntar(campos, columnas, ancha, forma.separador)
                cuentas.largas.anotar(numero)
            campos = campos[:columnas]
        elif len(campos) < columnas:
            cuentas.cortas.anotar(numero)
            campos = campos + [""] * (columnas - len(campos))
        yield numero, dict(zip(forma.nombres, campos, strict=True))


def avisos_de_filas(cuentas: Cuentas, nombre: str, forma: Forma, unidad="línea") -> list[str]:
    """Una frase por cada clase de fila arreglada o quitada (``unidad``: «línea» o «fila»)."""
    avisos = []
    if cuentas.cabeceras.veces:
        avisos.append(f"«{nombre}» repite la cabecera en {cuentas.cabeceras.veces} fila(s) "
                      f"({cuentas.cabeceras.donde(unidad)}): las quito.")  # fmt: skip
    if cuentas.largas.veces:
        columna = forma.nombres[forma.ancha if forma.ancha is not None else -1]
        avisos.append(
            f"«{nombre}» tiene {cuentas.largas.veces} fila(s) con más campos que columnas "
            f"({cuentas.largas.donde(unidad)}; suele ser el separador "
            f"{NOMBRES_SEPARADOR.get(forma.separador, forma.separador)} dentro de un texto sin "
            f"comillas): junto lo que sobra en «{columna}»; revísalas."
        )
    if cuentas.cortas.veces:
        avisos.append(
            f"«{nombre}» tiene {cuentas.cortas.veces} fila(s) con menos campos que columnas "
            f"({cuentas.cortas.donde(unidad)}; suele ser un salto de línea dentro de un texto sin "
            "comillas): completo las celdas que faltan con vacío; revísalas."
        )
    if cuentas.comillas.veces:
        avisos.append(
            f'«{nombre}» tiene {cuentas.comillas.veces} {unidad}(s) con comillas (") que no '
            f"encierran un campo entero ({cuentas.comillas.donde(unidad)}): las leo tal cual, "
            "con la comilla como un carácter más; revísalas."
        )
    if cuentas.tragadas.veces:
        avisos.append(
            f"«{nombre}» tiene {cuentas.tragadas.veces} registro(s) entre comillas que ocupan "
            f"muchas líneas con aspecto de filas ({cuentas.tragadas.donde(unidad)}): si una comilla se "
            "abrió sin querer, esas filas se han juntado en una; revísalas."
        )
    return avisos
