"""La API pública de `afinar` existe y apunta a las funciones de cada módulo."""

import afinar


def test_cada_nombre_publico_existe():
    for nombre in afinar.__all__:
        assert getattr(afinar, nombre) is not None, nombre


def test_reexporta_las_mismas_funciones():
    from afinar import datos, modelos, recursos
    from afinar import entrenamiento as entrenar
    from afinar import evaluacion as evaluar
    from afinar.modelos import memoria

    assert afinar.cargar_datos is datos.cargar_datos
    assert afinar.Receta is entrenar.Receta
    assert afinar.comparar is evaluar.comparar
    assert afinar.datos_ejemplo is recursos.datos_ejemplo
    assert afinar.cargar_modelo is modelos.cargar_modelo
    assert modelos.estimar_memoria is memoria.estimar_memoria
