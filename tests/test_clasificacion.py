"""Clasificar textos con un modelo de lenguaje (cuaderno 4): puntuar solo las etiquetas
posibles, las medidas de scikit-learn y el afinado que mejora al modelo sin ejemplos."""

from __future__ import annotations

import pytest
from conftest import crear_modelo_diminuto

from afinar.errores import AfinarError
from afinar.evaluacion.clasificacion import (
    Predicciones,
    clasificar,
    conversacion,
    datos_para_afinar,
    elegir_ejemplos,
    pares_etiquetados,
    puntuar,
    texto_plano,
)
from afinar.evaluacion.metricas_clasificacion import (
    comparar_metodos,
    errores,
    linea_base_clasica,
    medir,
)
from afinar.evaluacion.verosimilitud import (
    de_candidatos,
    de_continuaciones,
    de_respuestas,
    log_verosimilitudes,
    solo_la_ultima,
)
from afinar.generacion.plantillas import tokenizar_conversaciones

ETIQUETAS = ["gato", "perro", "pez"]
# Un conjunto fijo: 10 textos, sus etiquetas verdaderas y las elegidas por un clasificador.
VERDADERAS = ["gato", "gato", "gato", "gato", "perro", "perro", "perro", "pez", "pez", "pez"]
PREDICHAS = ["gato", "gato", "perro", "pez", "perro", "perro", "gato", "pez", "pez", "perro"]


@pytest.fixture(autouse=True, scope="module")
def un_hilo():
    """Un solo hilo de PyTorch: con modelos tan pequeños, dos hilos apenas ganan y, si la máquina
    está ocupada con otros procesos, se estorban (cinco veces más lento, medido)."""
    import torch

    antes = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(antes)


def _predicciones(verdaderas=VERDADERAS, predichas=PREDICHAS):
    textos = [f"texto {i}" for i in range(len(verdaderas))]
    return Predicciones("prueba", textos, list(verdaderas), list(predichas), ETIQUETAS, 2.0)


def test_las_medidas_son_las_de_scikit_learn_y_las_de_a_mano():
    from sklearn.metrics import classification_report, confusion_matrix, f1_score

    medidas = medir(_predicciones())
    # A mano: gato 2/4 bien (elegido 3 veces: 2 bien), perro 2/3 (elegido 4 veces: 2 bien),
    # pez 2/3 (elegido 3 veces: 2 bien).
    assert medidas.matriz == [[2, 1, 1], [1, 2, 0], [0, 1, 2]]
    assert medidas.exactitud == pytest.approx(6 / 10)
    por_clase = {c["etiqueta"]: c for c in medidas.por_clase}
    assert por_clase["gato"]["precision"] == pytest.approx(2 / 3)
    assert por_clase["gato"]["exhaustividad"] == pytest.approx(2 / 4)
    assert por_clase["perro"]["precision"] == pytest.approx(2 / 4)
    assert por_clase["pez"]["exhaustividad"] == pytest.approx(2 / 3)
    f1 = {"gato": 2 * (2 / 3 * 1 / 2) / (2 / 3 + 1 / 2), "perro": 2 * (1 / 2 * 2 / 3) / (1 / 2 + 2 / 3),
          "pez": 2 / 3}  # fmt: skip
    assert medidas.f1_macro == pytest.approx(sum(f1.values()) / 3)
    # Y lo mismo que scikit-learn.
    assert medidas.matriz == confusion_matrix(VERDADERAS, PREDICHAS, labels=ETIQUETAS).tolist()
    assert medidas.f1_macro == pytest.approx(f1_score(VERDADERAS, PREDICHAS, average="macro"))
    informe = classification_report(VERDADERAS, PREDICHAS, labels=ETIQUETAS, output_dict=True)
    for c in medidas.por_clase:
        assert c["precision"] == pytest.approx(informe[c["etiqueta"]]["precision"])
        assert c["exhaustividad"] == pytest.approx(informe[c["etiqueta"]]["recall"])
        assert c["soporte"] == informe[c["etiqueta"]]["support"]


def test_una_clase_nunca_elegida_cuenta_cero_sin_avisos(recwarn):
    medidas = medir(_predicciones(predichas=["gato"] * 10))
    assert {c["etiqueta"]: c["f1"] for c in medidas.por_clase}["pez"] == 0
    assert medidas.f1_macro == pytest.approx((2 * 0.4 * 1 / 1.4) / 3)
    assert not [w for w in recwarn if "precision" in str(w.message).lower()]


def test_la_matriz_se_dibuja_y_los_errores_son_los_fallos():
    medidas = medir(_predicciones())
    figura = medidas.dibujar()
    assert figura.axes[0].get_xlabel() == "la elegida"
    fallos = errores(_predicciones())
    assert [f[0] for f in fallos.filas] == ["texto 2", "texto 3", "texto 6", "texto 9"]
    assert fallos.titulo.startswith("prueba: 4 errores de 10")
    tabla = comparar_metodos([medidas], {"prueba": "30 s"})
    assert tabla.filas[0] == ["prueba", 0.6, medidas.f1_macro, 200.0, "30 s"]


def test_medir_explica_etiquetas_desconocidas():
    with pytest.raises(AfinarError, match="no están entre las posibles"):
        medir(_predicciones(verdaderas=["gato"] * 9 + ["loro"]))


@pytest.mark.parametrize("arquitectura", ["llama", "qwen2", "gpt2"])
def test_reutilizar_el_comienzo_da_lo_mismo_que_calcular_entero(arquitectura):
    modelo, tok = crear_modelo_diminuto(arquitectura)
    grupos = [[conversacion(t, ETIQUETAS, [("mi perro ladra", "perro")], e) for e in ETIQUETAS]
              for t in ("el gato duerme", "un pez naranja")]  # fmt: skip
    rapido = de_respuestas(modelo, tok, grupos, lote=2)
    for grupo, puntos in zip(grupos, rapido, strict=True):
        salida = tokenizar_conversaciones(tok, grupo)
        secuencias = [(i, solo_la_ultima(m)) for i, m in zip(salida["input_ids"], salida["mascara"], strict=True)]
        assert puntos == pytest.approx(log_verosimilitudes(modelo, tok, secuencias), abs=1e-4)
    # Sin comienzo común también funciona (cada una entera).
    assert de_candidatos(modelo, [[([5, 6, 7], [0, 1, 1]), ([8, 6], [0, 1])]])[0] == pytest.approx(
        log_verosimilitudes(modelo, tok, [([5, 6, 7], [0, 1, 1]), ([8, 6], [0, 1])]), abs=1e-4)


def test_una_pregunta_que_no_cabe_en_el_modelo_se_explica():
    modelo, tok = crear_modelo_diminuto("gpt2")
    largo = modelo.config.n_positions + 1
    with pytest.raises(AfinarError, match=f"tiene {largo} tokens y el modelo solo admite"):
        de_candidatos(modelo, [[([5] * largo, [0] + [1] * (largo - 1)), ([5, 6], [0, 1])]])


def test_solo_cuenta_la_ultima_respuesta():
    assert solo_la_ultima([0, 1, 1, 0, 0, 1, 1, 1, 0]) == [0, 0, 0, 0, 0, 1, 1, 1, 0]
    assert solo_la_ultima([0, 0]) == [0, 0]


def test_las_continuaciones_mas_probables_puntuan_mas():
    modelo, tok = crear_modelo_diminuto("llama")
    puntos = de_continuaciones(modelo, tok, "El tren sale", [" a las ocho", " a las ocho y media"])
    assert puntos[1] < puntos[0] < 0  # más tokens, más probabilidad que repartir


def test_clasificar_elige_la_etiqueta_mas_probable_y_nunca_otra():
    modelo, tok = crear_modelo_diminuto("qwen2")
    pares = [("el gato duerme", "gato"), ("mi perro ladra", "perro"), ("un pez nada", "pez")]
    p = clasificar(modelo, tok, pares, ETIQUETAS, metodo="sin ejemplos")
    puntos = puntuar(modelo, tok, [t for t, _ in pares], ETIQUETAS)
    assert p.predichas == [ETIQUETAS[max(range(3), key=fila.__getitem__)] for fila in puntos]
    assert set(p.predichas) <= set(ETIQUETAS) and p.segundos > 0


def test_con_un_modelo_base_pregunta_en_texto_plano():
    modelo, tok = crear_modelo_diminuto("gpt2")
    tok.chat_template = None
    assert texto_plano("hola", ETIQUETAS, [("mi perro", "perro")]).endswith(
        "Mensaje: mi perro\nCategoría: perro\n\nMensaje: hola\nCategoría:")
    p = clasificar(modelo, tok, [("el gato duerme", "gato"), ("un pez", "pez")], ETIQUETAS)
    assert set(p.predichas) <= set(ETIQUETAS)
    datos = datos_para_afinar([("un pez", "pez")], ETIQUETAS, tok)
    assert datos.column_names == ["texto"] and datos[0]["texto"].endswith(f"Categoría: pez{tok.eos_token}")


def test_pares_de_conversaciones_o_de_columnas(capsys):
    from datasets import Dataset

    para_afinar = datos_para_afinar([("el gato duerme", "gato"), ("un pez", "pez")])
    assert para_afinar[0]["messages"][-1] == {"role": "assistant", "content": "gato"}
    assert para_afinar[0]["messages"][0]["content"].endswith("Mensaje: el gato duerme")
    # Lo que da cargar_datos(ruta, pregunta=..., respuesta=...): el texto y su etiqueta.
    chat = Dataset.from_dict({"messages": [
        [{"role": "user", "content": "el gato duerme"}, {"role": "assistant", "content": "gato"}],
        [{"role": "user", "content": "un pez"}, {"role": "assistant", "content": "pez"}]]})
    assert pares_etiquetados(chat) == [("el gato duerme", "gato"), ("un pez", "pez")]
    tabla = Dataset.from_dict({"texto": ["a", " b ", "c"], "clase": ["x", "y", ""]})
    assert pares_etiquetados(tabla, etiqueta="clase") == [("a", "x"), ("b", "y")]
    assert "Dejo fuera 1 de 3 filas sin texto o sin etiqueta (la primera, la fila 3" in capsys.readouterr().out
    with pytest.raises(AfinarError, match="pregunta=<columna del texto>"):
        pares_etiquetados(Dataset.from_dict({"texto": ["a"]}))  # texto plano, sin etiqueta
    with pytest.raises(AfinarError, match="columnas: \\['frase'\\]"):
        pares_etiquetados(Dataset.from_dict({"frase": ["a"]}))  # ni texto ni conversaciones
    with pytest.raises(AfinarError, match="dos etiquetas distintas"):
        pares_etiquetados(tabla.select([0]), etiqueta="clase")


def test_el_afinado_solo_ve_el_mensaje():
    con = conversacion("se rompió la farola", ETIQUETAS, [("mi perro", "perro")])
    assert con[0]["content"].startswith("Clasifica el mensaje en una de estas categorías: gato, perro, pez.")
    assert len(con) == 3 and con[1] == {"role": "assistant", "content": "perro"}
    sin = conversacion("se rompió la farola", ETIQUETAS, instruccion=False)
    assert sin == [{"role": "user", "content": "Mensaje: se rompió la farola"}]
    assert datos_para_afinar([("un pez", "pez")])[0]["messages"][0] == {"role": "user", "content": "Mensaje: un pez"}
    assert texto_plano("hola", ETIQUETAS, instruccion=False) == "Mensaje: hola\nCategoría:"


def test_los_ejemplos_se_reparten_entre_las_etiquetas():
    pares = [(f"t{i}", e) for i, e in enumerate(["a"] * 10 + ["b"] * 3 + ["c"] * 1)]
    ejemplos = elegir_ejemplos(pares, 5, semilla=1)
    etiquetas = sorted(e for _, e in ejemplos)
    assert etiquetas == ["a", "a", "b", "b", "c"]
    assert ejemplos == elegir_ejemplos(pares, 5, semilla=1)


def test_la_linea_base_clasica_aprende_las_solicitudes():
    import afinar

    datos = afinar.cargar_datos(afinar.datos_ejemplo("solicitudes"), pregunta="texto",
                                respuesta="departamento")  # fmt: skip
    partes = afinar.dividir(datos, validacion=0.2, semilla=42)
    clasico = linea_base_clasica(pares_etiquetados(partes["train"]), pares_etiquetados(partes["validation"]))
    assert medir(clasico).f1_macro > 0.6


def _medidas(metodo, f1, exactitud=0.5, segundos=1.0, n=50):
    from afinar.evaluacion.metricas_clasificacion import Medidas

    return Medidas(metodo, ETIQUETAS, exactitud, f1, [], [], n, segundos)


def test_el_veredicto_elige_y_dice_el_coste():
    from afinar.evaluacion.metricas_clasificacion import CLASICO, veredicto

    texto = veredicto([_medidas("sin ejemplos", 0.05), _medidas("con ejemplos", 0.10, segundos=3),
                       _medidas("afinado", 0.70, segundos=0.5), _medidas(CLASICO, 0.60)],
                      {"afinado": 120}, {"afinado": 900})  # fmt: skip
    assert texto.startswith("Con el modelo de lenguaje gana «afinado»: F1 macro 0.70")
    assert "(al empezar, «sin ejemplos»: 0.05)" in texto
    assert "unos 10 s en esta máquina, después de 120 s de entrenamiento que pidió 900 MB" in texto
    assert "aquí el modelo de lenguaje sí aporta" in texto and "Ninguno" not in texto
    assert "cada acierto mueve la exactitud 2.0 puntos" in texto
    # Si el clásico llega, lo dice; si unos ejemplos bastan, también; si nada sirve, también.
    texto = veredicto([_medidas("sin ejemplos", 0.05), _medidas("con ejemplos", 0.30),
                       _medidas("afinado", 0.32), _medidas(CLASICO, 0.90)], {"afinado": 60})  # fmt: skip
    assert "«con ejemplos» se queda cerca (0.30) sin entrenar nada" in texto
    assert "no es la herramienta: usa el clásico" in texto
    assert "Ninguno clasifica bien" in texto
    with pytest.raises(AfinarError, match="No hay medidas"):
        veredicto([])


MARGEN_F1 = 0.10  # lo que el afinado supera, como mínimo, al modelo sin ejemplos (F1 macro)


def test_afinar_supera_al_modelo_sin_ejemplos(tmp_path):
    """Las solicitudes de ejemplo y bolsillo, con la receta del cuaderno 4 acortada (40 pasos,
    tasa 0,003): en la misma validación (62 textos), el afinado supera en F1 macro al modelo sin
    ejemplos por al menos MARGEN_F1 (medido: 0,05 → 0,21); y el clasificador clásico, a los dos
    (el veredicto lo dice: aquí un modelo de este tamaño no es la herramienta)."""
    from datasets import DatasetDict

    import afinar
    from afinar.evaluacion.metricas_clasificacion import veredicto

    datos = afinar.cargar_datos(afinar.datos_ejemplo("solicitudes"), pregunta="texto",
                                respuesta="departamento")  # fmt: skip
    partes = afinar.dividir(datos, validacion=0.2, semilla=42)
    entrenamiento, validacion = pares_etiquetados(partes["train"]), pares_etiquetados(partes["validation"])
    etiquetas = sorted({e for _, e in entrenamiento})
    modelo, tok = afinar.cargar_modelo("bolsillo")
    cero = medir(clasificar(modelo, tok, validacion, etiquetas, metodo="sin ejemplos"))
    para_afinar = DatasetDict({"train": datos_para_afinar(entrenamiento, etiquetas),
                               "validation": datos_para_afinar(validacion, etiquetas)})  # fmt: skip
    receta = afinar.Receta(pasos=40, lote=8, tasa_aprendizaje=3e-3, revisar=0, paciencia=0,
                           evaluar_cada=40, salida=str(tmp_path / "clasificador"))  # fmt: skip
    resultado = afinar.entrenar(modelo, tok, para_afinar, receta)
    afinado = medir(clasificar(resultado.modelo, tok, validacion, etiquetas, metodo="afinado",
                               instruccion=False))  # fmt: skip
    assert cero.n == afinado.n == len(validacion) == 62
    assert afinado.f1_macro >= cero.f1_macro + MARGEN_F1, (cero.f1_macro, afinado.f1_macro)
    clasico = medir(linea_base_clasica(entrenamiento, validacion, etiquetas))
    texto = veredicto([cero, afinado, clasico], {"afinado": resultado.metricas["segundos"]})
    assert "gana «afinado»" in texto and "no es la herramienta" in texto, texto
