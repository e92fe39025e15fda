# ❗ Solo en Colab: instala afinar (un par de minutos). En tu ordenador ya lo tienes con `make demo`.
import sys

if "google.colab" in sys.modules:
    import glob
    import subprocess
    from importlib.metadata import version

    # torch, transformers y numpy se quedan como están: cambiarlos obligaría a reiniciar Colab.
    fijos = [f"{nombre}=={version(nombre)}" for nombre in ("torch", "transformers", "numpy")]
    # Si tienes el archivo afinar-0.2.0-py3-none-any.whl (en Archivos o en Drive, en la carpeta
    # afinar), se instala ese; si no, afinar 0.2.0 desde PyPI.
    ruedas = glob.glob("afinar-0.2.0-*.whl") + glob.glob(
        "/content/drive/MyDrive/afinar/afinar-0.2.0-*.whl")
    paquete = ruedas[0] if ruedas else "afinar==0.2.0"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", paquete, *fijos],
                       capture_output=True, text=True)
    print(r.stdout + r.stderr)
    if r.returncode != 0:
        class NoInstalado(RuntimeError):  # una frase en español, sin traceback de Python
            def _render_traceback_(self):
                return [f"⛔ {self}"]

        raise NoInstalado(
            "No he podido instalar afinar. Pide a tu docente el archivo "
            "afinar-0.2.0-py3-none-any.whl, súbelo a Archivos (el icono de la carpeta, a la "
            "izquierda) y vuelve a ejecutar esta celda.")
