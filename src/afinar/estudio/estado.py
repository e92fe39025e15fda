"""Lo que el estudio recuerda mientras está abierto: el trabajo actual, los modelos cargados,
los datos que se están preparando, la comparación y la votación a ciegas.

Es un solo objeto por proceso (el estudio es para una persona, en su equipo): recargar la página
vuelve al mismo trabajo, y lo que ya está en disco (datos guardados, entrenamiento, informe) se
recupera de la carpeta del trabajo aunque se haya cerrado el estudio.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from afinar.errores import AfinarError
from afinar.estudio.proceso import del_proceso
from afinar.estudio.trabajo import Trabajo, raiz_por_defecto

_ID_DEL_HUB = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


class Estudio:
    """El estado del estudio (uno por proceso)."""

    def __init__(self, raiz=None):
        self.raiz = Path(raiz or raiz_por_defecto()).expanduser().resolve()
        self.raiz.mkdir(parents=True, exist_ok=True)
        self.entrenamientos = del_proceso()  # uno a la vez en todo el proceso
        self._modelos: dict[str, tuple] = {}
        self._candado_modelos = threading.Lock()
        self._trabajo: Trabajo | None = None
        self.datos = None  # el Dataset que se está preparando en la pestaña Datos
        self.ruta_datos: Path | None = None  # el archivo (dentro de subidas/) del que sale
        self.pasos_datos: list[str] = []  # «leído», «limpio», «anonimizado»…
        self.max_length: int | None = None
        self.comparacion = None
        self.valoracion = None

    # --- el trabajo ------------------------------------------------------------------------

    @property
    def trabajo(self) -> Trabajo:
        """El trabajo actual: el último de la raíz, o uno nuevo si no hay ninguno."""
        if self._trabajo is None:
            self._trabajo = Trabajo.ultimo(self.raiz) or Trabajo.nuevo(self.raiz)
        return self._trabajo

    def trabajo_nuevo(self) -> Trabajo:
        """Empieza un trabajo nuevo (el anterior queda en su carpeta)."""
        if self.entrenamientos.en_marcha():
            raise AfinarError(
                "Hay un entrenamiento en marcha: páralo o espera a que termine antes de empezar "
                "un trabajo nuevo."
            )
        self._trabajo = Trabajo.nuevo(self.raiz)
        self.datos, self.ruta_datos, self.pasos_datos = None, None, []
        self.max_length, self.comparacion, self.valoracion = None, None, None
        return self._trabajo

    # --- los modelos -----------------------------------------------------------------------

    def comprobar_nombre_de_modelo(self, nombre: str) -> str:
        """«bolsillo», un id del Hub («organización/modelo») o una carpeta dentro de la raíz del
        estudio (por ejemplo, un modelo afinado en otro trabajo)."""
        nombre = str(nombre or "").strip()
        if nombre.lower() == "bolsillo" or _ID_DEL_HUB.match(nombre):
            return "bolsillo" if nombre.lower() == "bolsillo" else nombre
        ruta = Path(nombre).expanduser()
        if ruta.is_absolute() and ruta.resolve().is_relative_to(self.raiz) and ruta.is_dir():
            return str(ruta.resolve())
        raise AfinarError(
            f"«{nombre[:120]}» no es un modelo que el estudio pueda abrir: elige uno del catálogo, "
            f"escribe un id del Hub (organización/modelo) o copia la carpeta del modelo dentro de "
            f"{self.raiz} y escribe su ruta completa."
        )

    def modelo(self, nombre: str):
        """``(modelo, tokenizer)`` de ``nombre``, cargado una sola vez (con `cargar_modelo`)."""
        from afinar.modelos import cargar_modelo

        nombre = self.comprobar_nombre_de_modelo(nombre)
        with self._candado_modelos:
            if nombre not in self._modelos:
                self._modelos[nombre] = cargar_modelo(nombre)
            return self._modelos[nombre]

    def olvidar_modelo(self, nombre: str) -> None:
        """Quita un modelo de la memoria (el afinado cambia al volver a entrenar)."""
        with self._candado_modelos:
            self._modelos.pop(str(nombre), None)

    def modelo_base(self) -> str:
        """El modelo elegido en la pestaña Modelo para este trabajo (bolsillo si no se eligió)."""
        return self.trabajo.leer().get("modelo", "bolsillo")

    def modelo_afinado(self):
        """``(modelo, tokenizer)`` del modelo afinado de este trabajo (error si aún no hay)."""
        carpeta = self.trabajo.modelo_afinado
        if self.entrenamientos.en_marcha(self.trabajo):
            raise AfinarError(
                "El entrenamiento de este trabajo sigue en marcha: espera a que termine (pestaña "
                "Entrenar) para usar el modelo afinado."
            )
        if not (carpeta / "config.json").is_file():
            raise AfinarError(
                "Este trabajo aún no tiene modelo afinado: entrena primero en la pestaña Entrenar "
                "y espera a que termine."
            )
        return self.modelo(str(carpeta))
