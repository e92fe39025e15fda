"""anonimizar y limpiar (issue 17): informes sin datos originales, «origen» anonimizado, nada en
la caché de Hugging Face, columnas sin datos en las 1000 primeras filas, el aviso de etiquetas
(issue 16) y las opciones reemplazar= y quitar_filas=."""

from __future__ import annotations

import html
from pathlib import Path

import datasets
import pytest

from afinar.datos import almacen, anonimizar, buscar_datos_personales, cargar_datos, limpiar
from afinar.errores import AfinarError

CRUDOS = ["maria.garcia@correo.es", "12345678Z", "612 345 678", "ES91 2100 0418 4502 0005 1332"]
FRASES = [
    "Escríbeme a maria.garcia@correo.es cuando puedas.",
    "Mi DNI es 12345678Z y mi móvil 612 345 678.",
    "Pagad a la cuenta ES91 2100 0418 4502 0005 1332, gracias.",
]


def _sin_crudos(texto: str) -> bool:
    return not any(c in texto for c in CRUDOS)


def test_mas_de_mil_filas_sin_datos_y_despues_uno_no_rompe():
    # Antes: TypeError «Couldn't cast array of type string to null» (la columna de tipos se
    # adivinaba como lista de nulos con el primer lote de 1000 filas).
    textos = [f"Una frase corriente número {i} sin nada personal." for i in range(1500)]
    textos[1200] = "Escríbeme a ana@correo.es ya."
    ds, informe = anonimizar(datasets.Dataset.from_dict({"texto": textos}))
    assert ds[1200]["texto"] == "Escríbeme a <EMAIL> ya."
    assert informe.filas_con_datos == 1 and informe.por_tipo["EMAIL"] == 1
    chat = [{"messages": [{"role": "user", "content": t}, {"role": "assistant", "content": "Vale."}]}
            for t in textos]  # fmt: skip
    ds, _ = anonimizar(datasets.Dataset.from_list(chat))
    assert ds[1200]["messages"][0]["content"] == "Escríbeme a <EMAIL> ya."


def test_origen_con_datos_personales_en_el_nombre_del_archivo(tmp_path):
    ruta = tmp_path / "cv_12345678Z_maria.garcia@correo.es.csv"
    ruta.write_text("texto\nMe gusta mucho cocinar los domingos.\nY pasear.\n", encoding="utf-8")
    ds, informe = anonimizar(cargar_datos(ruta))
    assert set(ds["origen"]) == {"cv_<DNI>_<EMAIL>.csv"}
    assert informe.archivos == ["cv_<DNI>_<EMAIL>.csv"]
    assert informe.total == 0  # los textos no tenían nada: el nombre no cuenta como dato del texto
    assert "cv_<DNI>_<EMAIL>.csv" in str(informe) and _sin_crudos(str(informe))


def test_informes_y_vistas_no_enseñan_ningun_dato_original():
    ds, informe = anonimizar(datasets.Dataset.from_dict({"texto": FRASES}))
    for vista in (str(informe), repr(informe), informe._repr_html_()):
        assert _sin_crudos(vista), vista
    assert "<EMAIL>" in str(informe) and "•••••.••••••@••••••.••" in str(informe)
    forma, trozo = informe.ejemplos["TELEFONO"]
    assert forma == "••• ••• •••" and "<TELEFONO>" in trozo and _sin_crudos(trozo)
    # limpiar enseña ejemplos antes de anonimizar: también van tapados
    sucio = datasets.Dataset.from_dict({"texto": ["Escríbeme  a maria.garcia@correo.es  ya, Ã±o."]})
    _, informe_limpieza = limpiar(sucio)
    for vista in (str(informe_limpieza), informe_limpieza._repr_html_()):
        assert _sin_crudos(vista) and "<EMAIL>" in html.unescape(vista)


def test_aviso_cuando_muchas_filas_llevan_etiquetas():
    muchas, informe = anonimizar(datasets.Dataset.from_dict({"texto": FRASES + ["Hola, qué tal."]}))
    assert informe.filas_con_etiquetas == 3 and informe.proporcion_etiquetas == 0.75
    assert "el modelo puede aprender a escribir esos marcadores" in informe.aviso_etiquetas
    assert "reemplazar=True" in informe.aviso_etiquetas and informe.aviso_etiquetas in str(informe)
    pocas = FRASES[:1] + [f"Frase corriente {i} sin datos." for i in range(9)]
    _, informe = anonimizar(datasets.Dataset.from_dict({"texto": pocas}))
    assert informe.proporcion_etiquetas == 0.1 and informe.aviso_etiquetas is None
    assert "Cuidado" not in str(informe)


def test_reemplazar_pone_valores_inventados_del_mismo_tipo():
    ds = datasets.Dataset.from_dict({"texto": FRASES})
    nuevo, informe = anonimizar(ds, reemplazar=True, semilla=3)
    assert nuevo["texto"] == anonimizar(ds, reemplazar=True, semilla=3)[0]["texto"]  # repetible
    assert nuevo["texto"] != anonimizar(ds, reemplazar=True, semilla=4)[0]["texto"]
    for antes, despues in zip(FRASES, nuevo["texto"], strict=True):
        assert _sin_crudos(despues) and "<" not in despues
        # el inventado es del mismo tipo y válido (su dígito de control cuadra)
        assert [h.tipo for h in buscar_datos_personales(despues)] == [
            h.tipo for h in buscar_datos_personales(antes)]  # fmt: skip
        assert not any(h.por_contexto for h in buscar_datos_personales(despues))
    assert informe.filas_con_etiquetas == 0 and informe.aviso_etiquetas is None
    assert "por valores inventados" in str(informe)


def test_quitar_filas_con_datos_personales():
    ds = datasets.Dataset.from_dict({"texto": [*FRASES, "Hola, qué tal.", "Buenas tardes."]})
    nuevo, informe = anonimizar(ds, quitar_filas=True)
    assert nuevo["texto"] == ["Hola, qué tal.", "Buenas tardes."]
    assert informe.filas_quitadas == 3 and informe.filas_con_etiquetas == 0
    with pytest.raises(AfinarError, match="no las dos"):
        anonimizar(ds, quitar_filas=True, reemplazar=True)


def _archivos(carpeta: Path) -> set[Path]:
    return {p for p in carpeta.rglob("*") if p.is_file()}


def test_limpiar_y_anonimizar_no_escriben_cache_ni_junto_a_un_dataset_en_disco(tmp_path):
    carpeta = tmp_path / "en_disco"
    datasets.Dataset.from_dict({"texto": FRASES * 3}).save_to_disk(str(carpeta))
    en_disco = datasets.load_from_disk(str(carpeta))
    antes = _archivos(tmp_path)
    limpio, _ = limpiar(en_disco)
    anonimo, informe = anonimizar(limpio)
    assert _archivos(tmp_path) == antes  # ni un cache-*.arrow con los datos
    assert almacen.archivos_en_disco(limpio) == [] and almacen.archivos_en_disco(anonimo) == []
    assert informe.archivos_sin_anonimizar == []  # limpiar ya lo dejó en memoria
    _, informe = anonimizar(en_disco)
    assert informe.archivos_sin_anonimizar and "siguen teniendo los datos" in str(informe)


def test_leer_por_partes_no_deja_nada_en_la_cache_ni_en_temporales(tmp_path, monkeypatch):
    cache, temporal = tmp_path / "cache", tmp_path / "tmp"
    temporal.mkdir()
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", cache)
    monkeypatch.setenv("TMPDIR", str(temporal))
    monkeypatch.setattr("tempfile.tempdir", None)
    resto = temporal / f"{almacen.PREFIJO}999999999-x"  # de un proceso que murió a medias
    resto.mkdir()

    def filas(n):
        for i in range(n):
            yield {"texto": f"Fila {i}: maria.garcia@correo.es"}

    ds = almacen.desde_generador(filas, datasets.Features({"texto": datasets.Value("string")}),
                                 {"n": 2500}, fingerprint="prueba-privacidad")  # fmt: skip
    assert len(ds) == 2500 and almacen.archivos_en_disco(ds) == []
    assert not cache.exists() and list(temporal.iterdir()) == []
