"""afinar: adapta un modelo de lenguaje a tus propios datos, en privado, y decide si funciona."""

__version__ = "0.1.0"

from afinar.errores import AfinarError

__all__ = ["AfinarError", "__version__"]
