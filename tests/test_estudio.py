"""El estudio por dentro, sin servidor: carpetas de trabajo, subidas, la orden de entrenar, un
solo entrenamiento a la vez, lo que se enseña del progreso y cómo se lanza (127.0.0.1)."""

from __future__ import annotations

import argparse
import os
import sys

import pytest

from afinar.errores import AfinarError
from afinar.estudio import agregar_orden, main_estudio
from afinar.estudio.estado import Estudio
from afinar.estudio.proceso import Entrenamientos, orden_entrenar
from afinar.estudio.trabajo import Trabajo, comprobar_nombre
from afinar.estudio.vigilancia import avisos, barra, curva


@pytest.fixture
def estudio(tmp_path):
    return Estudio(tmp_path / "raiz")


@pytest.mark.parametrize("nombre", ["../fuera.csv", "../../etc/passwd.csv", "/etc/datos.csv",
                                    "a/b.csv", "..\\fuera.csv", ".oculto.csv", "..csv", ""])
def test_un_nombre_con_carpetas_o_puntos_se_rechaza(nombre):
    with pytest.raises(AfinarError, match="nombre simple|no vale"):
        comprobar_nombre(nombre)


def test_nombres_normales_y_formatos():
    assert comprobar_nombre("Comentarios del examen (1).csv") == "Comentarios del examen (1).csv"
    assert comprobar_nombre("año_2024.XLSX") == "año_2024.XLSX"
    with pytest.raises(AfinarError, match="no es un formato"):
        comprobar_nombre("programa.exe")


def test_la_subida_queda_dentro_del_trabajo_y_respeta_el_limite(estudio, tmp_path, monkeypatch):
    origen = tmp_path / "mis datos.csv"
    origen.write_text("pregunta;respuesta\n" + "¿Hola?;Adiós.\n" * 2000, encoding="utf-8")
    copia = estudio.trabajo.guardar_subida(origen)
    assert copia.parent == estudio.trabajo.subidas and copia.read_bytes() == origen.read_bytes()
    with pytest.raises(AfinarError, match="nombre simple"):
        estudio.trabajo.guardar_subida(origen, "../../fuera.csv")
    assert not (estudio.raiz / "fuera.csv").exists() and not (tmp_path / "fuera.csv").exists()
    monkeypatch.setenv("AFINAR_ESTUDIO_LIMITE_MB", "0.01")
    with pytest.raises(AfinarError, match=r"ocupa 0\.\d MB y el límite del estudio es 0.01 MB"):
        estudio.trabajo.guardar_subida(origen, "otro.csv")
    assert not (estudio.trabajo.subidas / "otro.csv").exists()


def test_nada_fuera_de_la_carpeta_del_trabajo(estudio, tmp_path):
    with pytest.raises(AfinarError, match="fuera de la carpeta del trabajo"):
        estudio.trabajo.dentro(tmp_path)
    with pytest.raises(AfinarError, match="fuera de la carpeta del trabajo"):
        estudio.trabajo.para_descargar(estudio.trabajo.carpeta / ".." / ".." / "x")


def test_modelos_que_el_estudio_abre(estudio, tmp_path):
    assert estudio.comprobar_nombre_de_modelo("Bolsillo") == "bolsillo"
    assert estudio.comprobar_nombre_de_modelo("Qwen/Qwen2.5-0.5B-Instruct")
    dentro = estudio.raiz / "modelos" / "mio"
    dentro.mkdir(parents=True)
    assert estudio.comprobar_nombre_de_modelo(str(dentro)) == str(dentro.resolve())
    for malo in ("/etc", str(tmp_path), "../../modelo", str(estudio.raiz / ".." / "x")):
        with pytest.raises(AfinarError, match="no es un modelo que el estudio pueda abrir"):
            estudio.comprobar_nombre_de_modelo(malo)


def test_el_trabajo_se_recupera_al_volver_a_abrir(tmp_path):
    primero = Estudio(tmp_path)
    primero.trabajo.apuntar(modelo="bolsillo", nota="ñ")
    nuevo = primero.trabajo_nuevo()
    assert Estudio(tmp_path).trabajo.carpeta == nuevo.carpeta  # el último
    assert Trabajo(primero.raiz / "trabajos" / sorted(
        p.name for p in (tmp_path / "trabajos").iterdir())[0]).leer()["nota"] == "ñ"


def test_la_orden_de_entrenar_la_entiende_la_cli(estudio):
    from afinar.cli import crear_parser
    from afinar.cli.ordenes import receta_desde_argumentos
    from afinar.entrenamiento import Receta

    receta = Receta(pasos=20, lote=2, max_length=64, tasa_aprendizaje=1e-3, revisar=0,
                    lora_modulos=["q_proj", "v_proj"], fusionar=False, metodo="lora")
    orden = orden_entrenar("bolsillo", estudio.trabajo, receta, reanudar=True)
    assert orden[:4] == [sys.executable, "-m", "afinar", "entrenar"]
    args = crear_parser().parse_args(orden[3:])
    assert receta_desde_argumentos(args) == Receta(**{**receta.__dict__,
                                                      "salida": str(estudio.trabajo.entrenamiento)})
    assert args.reanudar and args.sin_limpiar and args.sin_anonimizar
    assert args.datos == str(estudio.trabajo.datos)


def test_un_solo_entrenamiento_a_la_vez(estudio):
    trabajo = estudio.trabajo
    trabajo.datos.mkdir()
    (trabajo.datos / "afinar_datos.json").write_text("{}")
    procesos = Entrenamientos()
    procesos.empezar(trabajo, [sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert procesos.en_marcha(trabajo)
        with pytest.raises(AfinarError, match="Ya hay un entrenamiento en marcha"):
            procesos.empezar(trabajo, [sys.executable, "-c", "pass"])
        with pytest.raises(AfinarError, match="páralo o espera"):
            estudio.entrenamientos = procesos
            estudio.trabajo_nuevo()
    finally:
        mensaje = procesos.parar(trabajo)
    assert "parado" in mensaje.lower() and not procesos.en_marcha()
    assert "import time" in trabajo.registro.read_text(encoding="utf-8")


def test_sin_datos_preparados_no_se_entrena(estudio):
    with pytest.raises(AfinarError, match="pestaña Datos"):
        Entrenamientos().empezar(estudio.trabajo, [sys.executable, "-c", "pass"])


def test_curva_barra_y_avisos():
    filas = [
        {"paso": 0, "total": 40, "perdida_validacion": 3.0, "segundos": 1.0},
        {"paso": 10, "total": 40, "perdida": 2.5, "segundos": 10.0, "restante_s": 30.0},
        {"paso": 10, "total": 40, "perdida_validacion": 2.0, "segundos": 11.0},
        {"paso": 20, "total": 40, "perdida": None, "segundos": 20.0, "restante_s": 20.0},
        {"paso": 20, "total": 40, "perdida_validacion": 2.6, "segundos": 21.0, "restante_s": 125},
    ]
    ejes = curva(filas, total=40).axes[0]
    lineas = {linea.get_label(): linea.get_xydata().tolist() for linea in ejes.get_lines()}
    assert lineas == {"entrenamiento": [[10, 2.5]],  # el NaN del paso 20 no se dibuja
                      "validación": [[0, 3.0], [10, 2.0], [20, 2.6]]}
    assert ejes.get_xlim() == (0, 40) and ejes.get_legend() is not None
    assert not curva([]).axes[0].get_lines()  # vacía: solo el aviso de que aparecerá
    estado = {"estado": "entrenando", "mensaje": "Evaluado el paso 20 de 40.", "paso": 20,
              "total": 40}
    assert "Paso <b>20</b> de <b>40</b> (50 %)" in barra(filas, estado)
    assert "le quedan unos 2 min 05 s" in barra(filas, estado)
    assert "le quedan" not in barra(filas, {**estado, "estado": "interrumpido"})
    texto = avisos(filas, estado)
    assert "Entrenando" in texto and "NaN" in texto and "sobreajuste" in texto
    assert "sobreajuste" not in avisos(filas[:3], estado)
    assert barra([], None).startswith("<p>Aún no has entrenado")
    # mientras entrena, la curva solo se comenta si sube; al terminar, entera y sin repetir
    assert "La curva" not in avisos(filas[:3], estado)
    terminado = avisos(filas[:3], {**estado, "estado": "terminado",
                                   "mensaje": "Terminado: 40 de 40 pasos."})
    assert terminado.count("Terminado") == 1 and "**La curva:** Pérdida de validación" in terminado
    assert "4. Comparar" in terminado and "4. Comparar" not in texto


def test_el_voto_es_ciego_hasta_el_final(estudio):
    from afinar.estudio.pestana_comparar import par_actual
    from afinar.evaluacion import ValoracionCiega

    class Comparacion:  # lo que ValoracionCiega lee de una Comparacion
        filas = [{"pregunta": f"¿{i}?", "base": f"uno{i}", "afinado": f"dos{i}"} for i in range(4)]

    estudio.valoracion = valoracion = ValoracionCiega(Comparacion())
    assert {p["modelo_A"] for p in valoracion.pares} == {"base", "afinado"}  # orden al azar
    for numero, voto in enumerate(["A", "B", "empate", "A"], 1):
        texto = par_actual(estudio)
        assert f"Par {numero} de 4" in texto and f"uno{numero - 1}" in texto
        assert "partida" not in texto and "afinado" not in texto  # nada dice cuál es cuál
        valoracion.votar(voto)
    final = par_actual(estudio)
    assert valoracion.resultado() in final
    nombres = {"base": "de partida", "afinado": "afinado"}
    for numero, par in enumerate(valoracion.pares, 1):
        assert f"| {numero} | {nombres[par['modelo_A']]} | {nombres[par['modelo_B']]} |" in final


def test_lanzamiento_solo_en_este_equipo(estudio, monkeypatch):
    from afinar.estudio.servidor import opciones_de_lanzamiento

    opciones = opciones_de_lanzamiento(estudio)
    assert opciones["server_name"] == "127.0.0.1" and opciones["share"] is False
    assert opciones["run_history"] is False and opciones["footer_links"] == ["settings"]
    assert opciones["allowed_paths"] == []
    monkeypatch.setenv("AFINAR_ESTUDIO_LIMITE_MB", "2")
    assert opciones_de_lanzamiento(estudio)["max_file_size"] == "2048kb"
    assert opciones_de_lanzamiento(estudio, publico=True)["share"] is True


def test_el_enlace_publico_solo_si_se_pide_y_avisando(estudio, capsys):
    from afinar.estudio.servidor import AVISO_PUBLICO, lanzar

    class Pagina:  # lo que `lanzar` usa de un gr.Blocks
        def __init__(self):
            self.estudio, self.opciones = estudio, None

        def launch(self, **opciones):
            self.opciones = opciones
            enlace = "https://x.gradio.live" if opciones["share"] else None
            return None, "http://127.0.0.1:7861/", enlace

    pagina = Pagina()
    lanzar(pagina, bloquear=False)
    salida = capsys.readouterr()
    assert pagina.opciones["share"] is False and pagina.opciones["server_name"] == "127.0.0.1"
    assert "AVISO" not in salida.err and "127.0.0.1:7861/ (solo en este equipo)" in salida.out
    lanzar(pagina, publico=True, bloquear=False)
    salida = capsys.readouterr()
    assert pagina.opciones["share"] is True and AVISO_PUBLICO in salida.err
    assert "cualquiera que tenga el enlace" in AVISO_PUBLICO
    assert "enlace público https://x.gradio.live" in salida.out


def test_la_orden_afinar_estudio(monkeypatch, tmp_path):
    parser = argparse.ArgumentParser()
    agregar_orden(parser.add_subparsers(dest="orden"))
    args = parser.parse_args(["estudio", "--carpeta", str(tmp_path), "--publico", "--puerto",
                              "7999"])
    assert args.funcion is main_estudio
    llamadas = []

    class Pagina:  # crear_app se prueba en test_abrir_en_un_cuaderno_sin_enlace_publico
        estudio = str(tmp_path)

    monkeypatch.setattr("afinar.estudio.crear_app", lambda carpeta: llamadas.append(carpeta)
                        or Pagina())  # fmt: skip
    monkeypatch.setattr("afinar.estudio.servidor.lanzar",
                        lambda app, **kw: llamadas.append((app.estudio, kw)))
    assert args.funcion(args) == 0
    assert llamadas == [str(tmp_path), (str(tmp_path), {"publico": True, "puerto": 7999})]
    assert parser.parse_args(["estudio"]).publico is False  # sin pedirlo, nunca público


def test_abrir_en_un_cuaderno_sin_enlace_publico(monkeypatch, tmp_path):
    """En Colab, Gradio pone share=True si no se le dice nada: abrir() dice share=False (la
    página se ve por el proxy del propio Colab) e inline=True (dentro del cuaderno)."""
    import gradio

    from afinar.estudio import abrir

    llamadas = []

    def lanzar(self, **opciones):
        llamadas.append(opciones)
        return None, "http://127.0.0.1:7860/", None

    monkeypatch.setattr(gradio.Blocks, "launch", lanzar)
    monkeypatch.setattr(gradio.Blocks, "block_thread", lambda self: pytest.fail("bloqueó"))
    for clave in ("GRADIO_TEMP_DIR", "GRADIO_ANALYTICS_ENABLED", "HF_HUB_DISABLE_TELEMETRY"):
        monkeypatch.setenv(clave, "")  # crear_app las cambia: que vuelvan a como estaban
    app = abrir(tmp_path)
    (opciones,) = llamadas
    assert opciones["share"] is False and opciones["inline"] is True
    assert opciones["server_name"] == "127.0.0.1" and opciones["prevent_thread_lock"] is True
    assert app.estudio.raiz == tmp_path.resolve()
    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"  # sin estadísticas de Gradio
    assert os.environ["GRADIO_TEMP_DIR"] == str(tmp_path.resolve() / ".gradio")


def test_dos_estudios_del_mismo_proceso_comparten_el_turno(tmp_path):
    assert Estudio(tmp_path / "a").entrenamientos is Estudio(tmp_path / "b").entrenamientos


def test_el_formulario_de_la_receta_no_depende_de_quien_leyo_antes_receta():
    """`HfArgumentParser` (la CLI) cambia `Field.type` de texto a clase: el formulario del
    estudio tiene que dibujar y leer igual los campos antes y después (en un mismo proceso
    pasaba: «LoRA: módulos» salía como número vacío)."""
    import gradio as gr
    from transformers import HfArgumentParser

    from afinar.entrenamiento import Receta
    from afinar.estudio.pestana_entrenar import _componente, campos, receta_del_formulario

    def formulario():
        por_nombre = {c.name: c for c in campos()}
        with gr.Blocks():
            modulos = _componente(por_nombre["lora_modulos"], Receta())
            fusionar = _componente(por_nombre["fusionar"], Receta())
        valores = [getattr(Receta(), c.name) for c in campos()]
        valores = ["q_proj v_proj" if c.name == "lora_modulos" else v
                   for c, v in zip(campos(), valores, strict=True)]
        return type(modulos), modulos.value, type(fusionar), receta_del_formulario(valores)

    antes = formulario()
    HfArgumentParser(Receta)
    despues = formulario()
    for tipo_modulos, valor, tipo_fusionar, receta in (antes, despues):
        assert tipo_modulos is gr.Textbox and valor == "all-linear"
        assert tipo_fusionar is gr.Checkbox
        assert receta.lora_modulos == ["q_proj", "v_proj"]
