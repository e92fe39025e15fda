"""Word con tablas, prompt/completion de TRL, Excel con contraseña, permisos, carpetas guardadas
y filas muy cortas (issue 17): cada caso se lee como se quiso o da una frase clara."""

from __future__ import annotations

import json
import os

import pytest

from afinar.datos import cargar_datos
from afinar.errores import AfinarError

VERSOS = ["Aquí me pongo a cantar", "al compás de la vigüela,", "que el hombre que lo desvela",
          "una pena estraordinaria,", "como la ave solitaria", "con el cantar se consuela.",
          "Pido a los santos del cielo", "que ayuden mi pensamiento;", "les pido en este momento",
          "que voy a cantar mi historia", "me refresquen la memoria", "y aclaren mi entendimiento."]  # fmt: skip


def _error(*args, **kwargs) -> str:
    with pytest.raises(AfinarError) as e:
        cargar_datos(*args, **kwargs)
    return str(e.value)


# --- Word: tablas ----------------------------------------------------------------------------


def _docx(ruta, parrafos, tablas):
    import docx

    documento = docx.Document()
    for texto in parrafos[:1]:
        documento.add_paragraph(texto)
    for filas in tablas:
        tabla = documento.add_table(rows=len(filas), cols=len(filas[0]))
        for fila, valores in zip(tabla.rows, filas, strict=True):
            for celda, valor in zip(fila.cells, valores, strict=True):
                celda.text = valor
    for texto in parrafos[1:]:
        documento.add_paragraph(texto)
    documento.save(ruta)
    return ruta


EXAMEN = [["Pregunta", "Respuesta del alumno", "Comentario"],
          ["¿Qué es un verbo?", "Una acción", "Bien: idea correcta. A mejorar: pon un ejemplo."],
          ["¿Qué es un adverbio?", "Lo que va con el verbo", "Bien: vas bien. A mejorar: di qué modifica."]]  # fmt: skip


def test_docx_con_una_tabla_se_lee_como_filas_con_cabecera(tmp_path):
    ruta = _docx(
        tmp_path / "examen.docx", ["Examen de lengua, 2.º ESO"], [EXAMEN, EXAMEN[:1] + EXAMEN[2:]]
    )
    ds, informe = cargar_datos(ruta, pregunta=["Pregunta", "Respuesta del alumno"],
                               respuesta="Comentario", informe=True)  # fmt: skip
    assert len(ds) == 3  # las dos tablas con la misma cabecera, seguidas
    assert ds[0]["messages"] == [
        {
            "role": "user",
            "content": "Pregunta: ¿Qué es un verbo?\n\nRespuesta del alumno: Una acción",
        },
        {"role": "assistant", "content": EXAMEN[1][2]},
    ]
    assert any("Leí 2 tabla(s)" in a for a in informe.avisos)
    assert any("texto fuera de las tablas" in a for a in informe.avisos)


def test_docx_con_tabla_de_pregunta_y_respuesta_sin_decir_nada(tmp_path):
    filas = [
        ["pregunta", "respuesta"],
        ["¿Capital de Francia?", "París."],
        ["¿Y de Italia?", "Roma."],
    ]
    ruta = _docx(tmp_path / "preguntas.docx", ["Repaso"], [filas])
    ds = cargar_datos(ruta)
    assert [m[1]["content"] for m in ds["messages"]] == ["París.", "Roma."]


def test_docx_con_parrafos_y_una_tabla_pequena_la_lee_como_texto(tmp_path):
    parrafos = ["Querida Marta: te escribo desde el pueblo, donde todo sigue igual que siempre, "
                "con las tardes largas y el río bajando lleno después de las lluvias de abril.",
                "Un abrazo muy fuerte de tu abuela, que te espera este verano con muchas ganas."]  # fmt: skip
    ruta = _docx(tmp_path / "carta.docx", parrafos, [[["Día", "Hora"], ["lunes", "10:00"]]])
    assert list(cargar_datos(ruta)["texto"]) == [
        parrafos[0],
        "Día | Hora\nlunes | 10:00",
        parrafos[1],
    ]
    _, informe = cargar_datos(ruta, informe=True)
    assert any("Leí 1 tabla(s)" in a and "como texto" in a for a in informe.avisos)


def test_docx_sin_tablas_no_tiene_columnas(tmp_path):
    ruta = _docx(tmp_path / "solo.docx", ["Un párrafo."], [])
    assert _error(ruta, columna="texto").startswith("«solo.docx» no tiene tablas con cabecera")


# --- JSON Lines de TRL -------------------------------------------------------------------------


def test_prompt_completion_conversacional_de_trl(tmp_path):
    # El formato «conversational prompt-completion» de la documentación de TRL (dataset_formats).
    registros = [
        {"prompt": [{"role": "user", "content": "What color is the sky?"}],
         "completion": [{"role": "assistant", "content": "It is blue."}]},
        {"prompt": [{"role": "system", "content": "Responde en español."},
                    {"role": "user", "content": "¿De qué color es el cielo?"}],
         "completion": [{"role": "assistant", "content": "Es azul."}]},
    ]  # fmt: skip
    ruta = tmp_path / "trl.jsonl"
    ruta.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in registros), encoding="utf-8"
    )
    ds = cargar_datos(ruta)
    assert ds[0]["messages"] == registros[0]["prompt"] + registros[0]["completion"]
    assert ds[1]["messages"] == registros[1]["prompt"] + registros[1]["completion"]
    assert cargar_datos(registros)[1]["messages"][0]["role"] == "system"  # también en memoria


# --- Excel con contraseña o antiguo ------------------------------------------------------------


def _ole(*partes: bytes) -> bytes:
    """Un contenedor OLE como el de Office: firma, y el nombre de sus partes en UTF-16."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"".join(
        p.decode().encode("utf-16-le") + b"\x00" * 64 for p in partes)  # fmt: skip


def test_xlsx_con_contrasena(tmp_path):
    # Lo que escribe Office al cifrar (comprobado con un .xlsx cifrado por msoffcrypto-tool).
    ruta = tmp_path / "notas.xlsx"
    ruta.write_bytes(_ole(b"EncryptionInfo", b"EncryptedPackage"))
    assert _error(ruta) == (
        "«notas.xlsx» está protegido con contraseña: ábrelo en Excel, quita la contraseña "
        "(Archivo › Información › Proteger libro) y guárdalo de nuevo, o guarda una copia sin "
        "contraseña y carga esa."
    )
    (tmp_path / "carta.docx").write_bytes(_ole(b"EncryptedPackage"))
    assert _error(tmp_path / "carta.docx").startswith("«carta.docx» está protegido con contraseña")


def test_xlsx_que_es_un_xls_o_no_es_excel(tmp_path):
    (tmp_path / "viejo.xlsx").write_bytes(_ole(b"Workbook"))
    assert _error(tmp_path / "viejo.xlsx").startswith(
        "«viejo.xlsx» es un libro antiguo de Excel (.xls)"
    )
    (tmp_path / "roto.xlsx").write_bytes(b"esto no es un excel")
    assert _error(tmp_path / "roto.xlsx").startswith("«roto.xlsx» no es un archivo de Excel válido")


# --- permisos --------------------------------------------------------------------------------


def _sin_permiso(monkeypatch, ruta):
    """Quita el permiso de lectura; como root los permisos no cuentan, así que además se simula."""
    os.chmod(ruta, 0)
    if os.geteuid() == 0:
        original_open = open

        def abrir(archivo, *args, **kwargs):
            if not isinstance(archivo, int) and os.fspath(archivo) == os.fspath(ruta):
                raise PermissionError(13, "Permission denied", os.fspath(archivo))
            return original_open(archivo, *args, **kwargs)

        monkeypatch.setattr("builtins.open", abrir)
        original_scandir = os.scandir

        def listar(carpeta="."):
            if not isinstance(carpeta, int) and os.fspath(carpeta) == os.fspath(ruta):
                raise PermissionError(13, "Permission denied", os.fspath(carpeta))
            return original_scandir(carpeta)

        monkeypatch.setattr(os, "scandir", listar)


def test_archivo_sin_permiso_una_frase(tmp_path, monkeypatch):
    ruta = tmp_path / "privado.csv"
    ruta.write_text("texto\nhola\n", encoding="utf-8")
    _sin_permiso(monkeypatch, ruta)
    mensaje = _error(ruta)
    os.chmod(ruta, 0o644)
    assert mensaje.startswith("No tengo permiso para leer «privado.csv»: dale permiso de lectura")


def test_subcarpeta_sin_permiso_se_avisa(tmp_path, monkeypatch):
    carpeta = tmp_path / "datos"
    (carpeta / "cerrada").mkdir(parents=True)
    (carpeta / "uno.txt").write_text("Un texto que sí se lee.", encoding="utf-8")
    (carpeta / "cerrada" / "dos.txt").write_text("Otro que no.", encoding="utf-8")
    _sin_permiso(monkeypatch, carpeta / "cerrada")
    ds = cargar_datos(carpeta)
    assert list(ds["texto"]) == ["Un texto que sí se lee."]
    _, informe = cargar_datos(carpeta, informe=True)
    os.chmod(carpeta / "cerrada", 0o755)
    assert any(
        a.startswith("No puedo abrir la subcarpeta «cerrada» (sin permiso)") for a in informe.avisos
    )


# --- carpeta guardada por afinar.datos.guardar --------------------------------------------------


def test_carpeta_guardada_devuelve_train_y_validacion(tmp_path):
    from afinar.datos import cargar_guardado, dividir, guardar

    partes = dividir(cargar_datos([f"Frase número {i} del conjunto" for i in range(20)]))
    carpeta = guardar(partes, tmp_path / "preparados")
    datos = cargar_datos(carpeta)
    esperado = cargar_guardado(carpeta)
    assert set(datos) == {"train", "validation"}
    assert {k: list(v["texto"]) for k, v in datos.items()} == {
        k: list(v["texto"]) for k, v in esperado.items()}  # fmt: skip
    _, informe = cargar_datos(carpeta, informe=True)
    assert informe.filas == 20 and not informe.hay_novedades
    assert _error(carpeta, columna="texto").startswith("«preparados» tiene datos ya preparados")


# --- filas muy cortas --------------------------------------------------------------------------


def test_filas_muy_cortas_avisan_y_agrupar_las_junta_en_orden(tmp_path, capsys):
    ruta = tmp_path / "martin_fierro.txt"
    ruta.write_text("\n".join(VERSOS) + "\n", encoding="utf-8")
    ds = cargar_datos(ruta)
    assert len(ds) == 12
    salida = capsys.readouterr().out
    assert "tienen menos de 10 palabras" in salida and "agrupar=" in salida
    ds, informe = cargar_datos(ruta, agrupar=6, informe=True)
    assert list(ds["texto"]) == ["\n".join(VERSOS[:6]), "\n".join(VERSOS[6:])]
    assert not informe.avisos
    assert list(cargar_datos(ruta, agrupar=5)["texto"])[-1] == "\n".join(VERSOS[10:])  # la cola


def test_agrupar_no_mezcla_archivos_y_vale_en_csv(tmp_path):
    carpeta = tmp_path / "poemas"
    carpeta.mkdir()
    (carpeta / "a.txt").write_text("\n".join(VERSOS[:3]), encoding="utf-8")
    (carpeta / "b.csv").write_text("verso\n" + "\n".join(v.rstrip(",;") for v in VERSOS[3:6]),
                                   encoding="utf-8")  # fmt: skip
    ds = cargar_datos(carpeta, agrupar=2, columna="verso")
    assert list(ds["origen"]) == ["a.txt", "a.txt", "b.csv", "b.csv"]
    assert list(ds["texto"])[1] == VERSOS[2]


def test_agrupar_mal_dicho_o_con_conversaciones(tmp_path):
    assert _error(["a", "b"], agrupar=0).startswith("agrupar=0 no es válido")
    assert _error([{"pregunta": "¿Sí?", "respuesta": "Sí."}], agrupar=3).startswith(
        "agrupar= junta filas seguidas de texto plano, y «la lista» son conversaciones"
    )
