"""Medidas comunes de los benchmarks."""

from __future__ import annotations


def pico_rss_mb() -> float:
    """Pico de memoria residente de este proceso (VmHWM), en MB.

    ru_maxrss no sirve en un subproceso: Linux lo hereda a través de exec y daría, como mínimo,
    lo que ocupaba el proceso padre al lanzarlo.
    """
    try:
        with open("/proc/self/status") as f:
            return next(int(linea.split()[1]) for linea in f if linea.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
