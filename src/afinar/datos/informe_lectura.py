"""El informe de lectura: qué columnas se usaron y para qué, y qué filas se quitaron o arreglaron.

``cargar_datos(..., informe=True)`` lo devuelve; sin ``informe=True``, ``cargar_datos`` imprime
su resumen de una línea solo si algo se ignoró, se quitó o se arregló (nunca en silencio).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from afinar.datos.columnas import lista_columnas, miles
from afinar.presentacion import escapar, tabla_html, tabla_texto

MAXIMO_AVISOS = 20


@dataclass
class InformeLectura:
    """Lo que hizo ``cargar_datos`` con un archivo, una carpeta, una lista o una tabla.

    - ``filas``: filas (ejemplos) del resultado.
    - ``tipo``: ``"texto"`` o ``"chat"``.
    - ``columnas``: ``(columna, papel)`` de cada columna usada; el papel es «texto»,
      «conversación», «pregunta», «respuesta», «contexto» o «sistema».
    - ``ignoradas``: columnas que no se usaron.
    - ``vacias``: filas quitadas porque no tenían texto (en las columnas usadas).
    - ``reparadas``: filas o líneas arregladas (campos de más, comillas sueltas, líneas en otra
      codificación); cada arreglo se explica en ``avisos``.
    - ``avisos``: frases en español sobre lo que conviene revisar.
    - ``archivos``: en una carpeta, el informe de cada archivo.
    """

    origen: str
    filas: int = 0
    tipo: str = "texto"
    columnas: list[tuple[str, str]] = field(default_factory=list)
    ignoradas: list[str] = field(default_factory=list)
    vacias: int = 0
    reparadas: int = 0
    avisos: list[str] = field(default_factory=list)
    codificacion: str | None = None
    separador: str | None = None
    archivos: list[InformeLectura] = field(default_factory=list)

    @property
    def hay_novedades(self) -> bool:
        """¿Se ignoró, quitó o arregló algo, o hay algún aviso?"""
        return bool(self.ignoradas or self.vacias or self.reparadas or self.avisos)

    def _uso(self) -> str:
        if not self.columnas:
            return "texto" if self.tipo == "texto" else "conversaciones"
        por_papel: dict[str, list[str]] = {}
        for columna, papel in self.columnas:
            por_papel.setdefault(papel, []).append(columna)
        partes = [f"{papel} {' + '.join(f'«{c}»' for c in cols[:5])}"
                  + (f" (+{len(cols) - 5})" if len(cols) > 5 else "")
                  for papel, cols in por_papel.items()]  # fmt: skip
        return ("chat: " if self.tipo == "chat" and self.columnas[0][1] != "conversación" else "") + (
            ", ".join(partes))  # fmt: skip

    def resumen(self) -> str:
        """Una línea: cuántas filas, qué columnas para qué y qué se ignoró, quitó o arregló."""
        partes = [f"Leí «{self.origen}»: {miles(self.filas)} filas ({self._uso()})"]
        if self.ignoradas:
            partes.append(f"ignoré {lista_columnas(self.ignoradas, 8)}")
        if self.vacias:
            partes.append(f"quité {miles(self.vacias)} vacías")
        if self.reparadas:
            partes.append(f"arreglé {miles(self.reparadas)}")
        if self.avisos:
            partes.append(f"{len(self.avisos)} aviso(s)")
        return "; ".join(partes) + "."

    def _filas_tabla(self) -> list[tuple[str, str]]:
        filas = [("Filas", miles(self.filas)), ("Tipo", self.tipo)]
        filas += [(f"Columna «{c}»", papel) for c, papel in self.columnas[:MAXIMO_AVISOS]]
        if self.ignoradas:
            filas.append(("Ignoradas", lista_columnas(self.ignoradas)))
        filas.append(("Filas vacías quitadas", miles(self.vacias)))
        filas.append(("Filas o líneas arregladas", miles(self.reparadas)))
        if self.codificacion:
            filas.append(("Codificación", self.codificacion))
        if self.separador:
            filas.append(("Separador", self.separador))
        if self.archivos:
            filas.append(("Archivos", miles(len(self.archivos))))
        return filas

    def _avisos_cortados(self) -> list[str]:
        avisos = self.avisos[:MAXIMO_AVISOS]
        if len(self.avisos) > MAXIMO_AVISOS:
            avisos.append(f"… y {len(self.avisos) - MAXIMO_AVISOS} avisos más.")
        return avisos

    def __str__(self) -> str:
        lineas = [f"Lectura de «{self.origen}»", tabla_texto(self._filas_tabla())]
        lineas += [f"Aviso: {a}" for a in self._avisos_cortados()]
        return "\n".join(lineas)

    def _repr_html_(self) -> str:
        html = f"<p><b>Lectura de «{escapar(self.origen)}»</b></p>" + tabla_html(
            self._filas_tabla()
        )
        if self.avisos:
            html += "<ul>" + "".join(f"<li>{escapar(a)}</li>" for a in self._avisos_cortados())
            html += "</ul>"
        return html


def juntar(origen: str, informes: list[InformeLectura], avisos: list[str]) -> InformeLectura:
    """El informe de una carpeta a partir del de cada archivo."""
    columnas, ignoradas = [], []
    for informe in informes:
        columnas += [c for c in informe.columnas if c not in columnas]
        ignoradas += [c for c in informe.ignoradas if c not in ignoradas]
    return InformeLectura(
        origen=origen,
        filas=sum(i.filas for i in informes),
        tipo=informes[0].tipo if informes else "texto",
        columnas=columnas,
        ignoradas=ignoradas,
        vacias=sum(i.vacias for i in informes),
        reparadas=sum(i.reparadas for i in informes),
        avisos=avisos + [a for i in informes for a in i.avisos],
        archivos=list(informes),
    )
