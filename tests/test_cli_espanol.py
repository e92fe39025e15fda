"""La orden `afinar` habla español: la ayuda de cada orden, los errores de argparse y los de la
receta (antes de leer los datos o cargar el modelo), y los mensajes largos se cortan."""

from __future__ import annotations

import re

import pytest

from afinar import cli

LARGO_MAXIMO = 600  # afinar.cli.espanol.LARGO_MAXIMO (comprobado abajo)

ORDENES = ("info", "demo", "generar", "entrenar", "evaluar", "exportar", "estudio")
# Lo que argparse o HfArgumentParser escriben en inglés si no se traduce.
INGLES = re.compile(
    r"usage:|show this help|positional arguments|options:|the following arguments|"
    r"invalid choice|invalid \w+ value|unrecognized arguments|expected one argument|"
    r"\(default|required|choose from|error:"
)


def _ejecutar(argv, capsys) -> tuple[int, str, str]:
    try:
        estado = cli.main(argv)
    except SystemExit as salida:
        estado = salida.code
    capturado = capsys.readouterr()
    return estado, capturado.out, capturado.err


@pytest.mark.parametrize("orden", ORDENES)
def test_la_ayuda_de_cada_orden_esta_en_espanol(orden, capsys):
    estado, salida, _ = _ejecutar([orden, "--help"], capsys)
    assert estado == 0
    assert salida.startswith(f"uso: afinar {orden}"), salida[:200]
    assert "muestra esta ayuda y termina" in salida
    assert not INGLES.search(salida), INGLES.search(salida)


@pytest.mark.parametrize(
    ("argv", "esperado"),
    [
        (["noexiste"], "'noexiste' no es una opción válida (elige entre"),
        (["info", "--nada"], "no conozco estos argumentos: --nada"),
        (["demo", "--pasos", "muchos"], "el valor 'muchos' no vale: tiene que ser un número entero"),
        (["generar"], "faltan estos argumentos obligatorios: texto"),
        (["entrenar", "--datos"], "argumento --datos: falta su valor"),
        (["entrenar", "--datos", "x", "--reanudar", "--sobrescribir"],
         "argumento --sobrescribir: no se puede usar junto con --reanudar"),
        (["evaluar", "--base", "bolsillo"], "faltan estos argumentos obligatorios: --afinado"),
        (["exportar", "--modelo", "m", "--formato", "zip"], "'zip' no es una opción válida"),
    ],
)  # fmt: skip
def test_cada_orden_da_sus_errores_en_espanol(argv, esperado, capsys):
    estado, _, error = _ejecutar(argv, capsys)
    assert estado == 2
    lineas = [linea for linea in error.splitlines() if linea.strip()]
    assert len(lineas) == 1, error
    assert lineas[0].startswith("Error: ") and esperado in lineas[0], lineas[0]
    assert not INGLES.search(lineas[0].removeprefix("Error: ")), lineas[0]


@pytest.mark.parametrize(
    ("opcion", "valor", "esperado"),
    [
        ("--pasos", "-5", "pasos=-5 no vale (--pasos)"),
        ("--epocas", "0", "epocas=0.0 no vale (--epocas)"),
        ("--tasa-aprendizaje", "-1", "tasa_aprendizaje=-1.0 no vale (--tasa-aprendizaje)"),
        ("--tasa-aprendizaje", "nan", "tasa_aprendizaje=nan no vale (--tasa-aprendizaje)"),
        ("--lora-dropout", "2", "lora_dropout=2.0 no vale (--lora-dropout)"),
        ("--calentamiento", "1.5", "calentamiento=1.5 no vale (--calentamiento)"),
        ("--puntos-maximos", "0", "puntos_maximos=0 no vale (--puntos-maximos)"),
        ("--metodo", "rapido", "El método «rapido» no existe"),
    ],
)  # fmt: skip
def test_la_receta_se_comprueba_antes_de_leer_los_datos(opcion, valor, esperado, capsys,
                                                        tmp_path):
    # Los datos no existen: si la receta no se comprobara antes, el error sería de los datos.
    argv = ["entrenar", "--datos", str(tmp_path / "no_existe.csv"), opcion, valor]
    estado, salida, error = _ejecutar(argv, capsys)
    assert estado == 2
    assert error.startswith(f"Error: {esperado}"), error
    assert "Traceback" not in error and len(error.strip().splitlines()) == 1
    assert "filas" not in salida  # no llegó a leer (ni a limpiar) datos
    assert not (tmp_path / "afinado").exists()


def test_la_negacion_de_fusionar_dice_lo_contrario(capsys):
    _, salida, _ = _ejecutar(["entrenar", "--help"], capsys)
    ayuda = " ".join(salida.split())
    assert "--no_fusionar, --no-fusionar Lo contrario de --fusionar." in ayuda
    for opcion in ("--reanudar", "--sobrescribir", "--sin-limpiar", "--sin-anonimizar"):
        assert opcion in ayuda


def test_los_mensajes_largos_se_cortan(capsys, monkeypatch):
    from afinar.cli import espanol

    assert espanol.LARGO_MAXIMO == LARGO_MAXIMO
    recortar_mensaje = espanol.recortar_mensaje
    largo = "x" * (LARGO_MAXIMO * 10)
    recortado = recortar_mensaje(largo)
    assert len(recortado) < LARGO_MAXIMO + 120
    assert f"y {LARGO_MAXIMO * 9} caracteres más" in recortado
    assert recortar_mensaje("corto") == "corto"
    # argparse también: miles de argumentos que no conoce no llenan la pantalla.
    argumentos = [f"--columna-{i}" for i in range(2000)]
    estado, _, error = _ejecutar(["info", *argumentos], capsys)
    assert estado == 2 and len(error) < LARGO_MAXIMO + 200, len(error)
    assert "caracteres más" in error
    # Y un AfinarError largo (p. ej. uno que enumera diez mil columnas), en una línea cortada.
    from afinar.cli import ordenes
    from afinar.errores import AfinarError

    def info_que_falla(args):
        raise AfinarError("Columnas: " + ", ".join(f"col{i}" for i in range(10_000)))

    monkeypatch.setattr(ordenes, "info", info_que_falla)
    estado, _, error = _ejecutar(["info"], capsys)
    assert estado == 2 and len(error) < LARGO_MAXIMO + 200, len(error)
    assert error.startswith("Error: Columnas: col0, col1") and "caracteres más" in error
