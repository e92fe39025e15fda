"""Cuánta energía gastó un entrenamiento y cuánto CO₂ supone: una estimación con sus supuestos.

energía (kWh) = potencia del equipo (W) × tiempo (h) × PUE / 1000
CO₂ (g)       = energía (kWh) × intensidad de la red eléctrica (g de CO₂ por kWh)

- La **potencia** no se mide: se supone la máxima de la GPU que haya (su TDP, de la ficha del
  fabricante) o, sin GPU, unos vatios por núcleo de CPU usado. Es un techo: un modelo pequeño
  no llena la GPU.
- El **PUE** es lo que gasta un centro de datos de más (refrigeración…) por cada vatio del
  equipo: unos 1,1 en los de Google, 1 en tu casa.
- La **intensidad de la red** cambia con el país y la hora: es un ajuste tuyo.
"""

from __future__ import annotations

from dataclasses import dataclass

from afinar.errores import AfinarError

# Potencia máxima (TDP, en vatios) de las GPU más comunes, de las fichas de NVIDIA.
POTENCIA_GPU_W = {"T4": 70, "L4": 72, "A10": 150, "P100": 250, "V100": 300, "A100": 400,
                  "H100": 700, "H200": 700}  # fmt: skip
VATIOS_POR_NUCLEO = 10  # supuesto: una CPU de sobremesa de 65 W con 6 u 8 núcleos
VATIOS_GPU_DESCONOCIDA = 250
PUE_COLAB = 1.1  # Google publica un PUE medio de unos 1,1 en sus centros de datos
INTENSIDAD_ESPANA = 120  # g CO₂/kWh: la red española en 2024 (entre 110 y 140 según la fuente)
INTENSIDAD_MUNDIAL = 480  # g CO₂/kWh: la media mundial (Ember, 2023)
WH_CARGA_MOVIL = 15  # una carga completa de un teléfono móvil, en Wh
G_CO2_KM_COCHE = 120  # un coche de gasolina mediano, en g de CO₂ por km


def potencia_estimada(hw=None) -> tuple[float, str]:
    """Los vatios que se suponen para este equipo y de dónde sale la cifra."""
    from afinar.entorno import hardware

    hw = hw or hardware()
    if hw.dispositivo == "cuda" and hw.gpu:
        for modelo, vatios in POTENCIA_GPU_W.items():
            if modelo.lower() in hw.gpu.lower().replace("-", " ").split():
                return float(vatios), f"la GPU {hw.gpu}: {vatios} W como máximo (su ficha)"
        return float(VATIOS_GPU_DESCONOCIDA), (f"la GPU {hw.gpu}, que no tengo en mi tabla: "
                                               f"supongo {VATIOS_GPU_DESCONOCIDA} W")  # fmt: skip
    nucleos = max(1, int(hw.nucleos or 1))
    vatios = VATIOS_POR_NUCLEO * nucleos
    return float(vatios), f"{nucleos} núcleos de CPU a unos {VATIOS_POR_NUCLEO} W cada uno"


def _distancia(metros: float) -> str:
    if metros >= 1000:
        return f"{metros / 1000:.1f} km"
    return f"{metros:.0f} m" if metros >= 10 else f"{metros:.1f} m"


@dataclass
class Coste:
    """La estimación y los supuestos con los que se hizo."""

    segundos: float
    vatios: float
    pue: float
    intensidad_g_kwh: float
    supuestos: list[str]

    @property
    def energia_kwh(self) -> float:
        return self.vatios * self.segundos / 3600 * self.pue / 1000

    @property
    def co2_g(self) -> float:
        return self.energia_kwh * self.intensidad_g_kwh

    def __str__(self) -> str:
        wh = self.energia_kwh * 1000
        lineas = [
            f"Entrenar {self.segundos:.0f} s gastó como mucho {wh:.2f} Wh y emitió unos "
            f"{self.co2_g:.2f} g de CO₂.",
            f"Es como el {100 * wh / WH_CARGA_MOVIL:.1f} % de cargar un móvil, o como recorrer "
            f"{_distancia(1000 * self.co2_g / G_CO2_KM_COCHE)} en coche.",
            "Supuestos:",
            *[f"- {s}" for s in self.supuestos],
        ]
        return "\n".join(lineas)

    __repr__ = __str__


def estimar(segundos: float, hw=None, *, vatios: float = 0, intensidad_g_kwh: float = INTENSIDAD_ESPANA,
            pue: float = 0) -> Coste:  # fmt: skip
    """Estima la energía y el CO₂ de ``segundos`` de trabajo en este equipo (o en ``hw``).

    ``vatios`` y ``pue`` a 0 se deciden solos (ver el módulo); ``intensidad_g_kwh`` es la de la
    red eléctrica donde está la máquina.
    """
    from afinar.entorno import hardware

    for nombre, valor, minimo in (("segundos", segundos, 0), ("vatios", vatios, 0),
                                  ("intensidad_g_kwh", intensidad_g_kwh, 0), ("pue", pue, 0)):  # fmt: skip
        if not isinstance(valor, (int, float)) or isinstance(valor, bool) or valor < minimo:
            raise AfinarError(f"{nombre}={valor!r} no vale: usa un número positivo (o 0).")
    hw = hw or hardware()
    if vatios:
        origen = f"{vatios:g} W, la potencia que escribiste"
    else:
        vatios, origen = potencia_estimada(hw)
    if not pue:
        pue = PUE_COLAB if hw.colab else 1.0
    supuestos = [
        f"Potencia: {origen}. Es un techo: un modelo pequeño no la usa entera.",
        f"PUE {pue:g}: " + ("un centro de datos de Google." if hw.colab else
                            "tu ordenador, sin centro de datos. No cuenta la pantalla ni el resto del equipo."),
        f"Red eléctrica: {intensidad_g_kwh:g} g de CO₂ por kWh (cámbialo por el de tu país; "
        f"España 2024, unos {INTENSIDAD_ESPANA}; media mundial, unos {INTENSIDAD_MUNDIAL}).",
        "No cuenta lo que costó fabricar el equipo ni entrenar el modelo de partida.",
    ]  # fmt: skip
    return Coste(float(segundos), float(vatios), float(pue), float(intensidad_g_kwh), supuestos)
