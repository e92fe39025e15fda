# `make demo` y `make test` (lo que corre CI). Cada orden crea lo que le falte.
#   make paquete  rueda y sdist en dist/, metadatos comprobados, `afinar demo` desde la rueda
#   make colab    la pila de Colab (entornos/colab.txt) + afinar instalado con la celda de los
#                 cuadernos; pruebas y cuadernos ahí
#   make cotas    las cotas inferiores de pyproject.toml (entornos/cotas.txt); pruebas ahí
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
UV := $(VENV)/bin/uv
SIN_RED := HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# Las pruebas se reparten entre tantos procesos como núcleos (pytest-xdist), cada uno con un
# hilo: los modelos de las pruebas son diminutos y un hilo por proceso rinde más que dos hilos
# peleando por los mismos núcleos. `make pruebas NUCLEOS=1` las pasa en un solo proceso.
NUCLEOS ?= $(shell nproc 2> /dev/null || echo 2)
PARALELO := OMP_NUM_THREADS=1 $(SIN_RED)
XDIST = $(if $(filter 1,$(NUCLEOS)),,-n $(NUCLEOS))
# uv no mira la rueda CPU de torch que esta máquina guarda en /opt/wheels si no se le dice.
UV_RUEDAS := $(if $(wildcard /opt/wheels),--find-links /opt/wheels)
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
RUEDA := dist/afinar-$(VERSION)-py3-none-any.whl
FUENTES := $(shell find src -type f -not -path '*/__pycache__/*' -not -path '*.egg-info/*')
COLAB := .venv-colab
COTAS := .venv-cotas
# En los entornos extra, lo que cabe en el presupuesto de `make test` (< 20 min, 2 núcleos);
# con `make colab PRUEBAS_COLAB="-m 'not lento'"` (o PRUEBAS_COTAS) se pasa más.
# Colab (transformers 5.15, peft 0.20 con torchao 0.10, accelerate 1.14, pandas 2.2,
# matplotlib 3.10, ipywidgets 7.7, gradio 6.24): el camino entero con la plantilla de Qwen2.5
# (perplejidad, entrenar completo y LoRA, reanudar, comparar, generar), los tres primeros
# cuadernos y el estudio por su API (gradio 6.24 es la cota de `afinar[estudio]`).
PRUEBAS_COLAB ?= tests/test_compatibilidad.py tests/test_plantillas.py tests/test_camino_real.py \
	tests/test_cuaderno_01.py tests/test_cuaderno_02.py tests/test_cuaderno_03.py \
	tests/test_estudio.py tests/test_estudio_api.py \
	-k "not test_camino_real or Qwen2.5-0.5B"
# Cotas (transformers 5.0, trl 1.0, peft 0.15, accelerate 1.4, datasets 4.7, pandas 2.2,
# pypdf 4, openpyxl, python-docx, sacrebleu, rouge...): el mismo camino con Qwen2.5, leer cada
# formato de archivo y las métricas.
# (TRL 1.0 aún no trae las plantillas que test_plantillas compara byte a byte con las de las
# pruebas: esa comparación es de las pruebas, no de afinar, y se hace con la TRL de constraints.)
PRUEBAS_COTAS ?= tests/test_compatibilidad.py tests/test_plantillas.py tests/test_camino_real.py \
	tests/test_datos_lectura.py tests/test_evaluar.py \
	-k "(not test_camino_real or Qwen2.5-0.5B) and not byte_a_byte"

.PHONY: demo test lint pruebas paquete colab cotas cuadernos estudio medir limpiar

# uv instala lo mismo que pip (las versiones de constraints.txt) en segundos y guarda lo que
# descarga: los entornos de `make test` se rehacen enteros sin volver a bajar nada.
$(VENV)/.base: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -c constraints.txt uv
	VIRTUAL_ENV=$(VENV) $(UV) pip install -q $(UV_RUEDAS) -c constraints.txt -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base
	VIRTUAL_ENV=$(VENV) $(UV) pip install -q $(UV_RUEDAS) -c constraints.txt -e ".[dev,estudio]"
	touch $@

demo: $(VENV)/.base
	$(VENV)/bin/afinar demo

# Los cuadernos en tu ordenador: JupyterLab en español sobre la carpeta notebooks/.
JUPYTERLAB := jupyterlab==4.6.6 jupyterlab-language-pack-es-ES==4.5.post3
cuadernos: $(VENV)/.base
	VIRTUAL_ENV=$(VENV) $(UV) pip install -q $(JUPYTERLAB)
	mkdir -p $(VENV)/share/jupyter/lab/settings
	printf '{"@jupyterlab/translation-extension:plugin": {"locale": "es_ES"}}\n' \
		> $(VENV)/share/jupyter/lab/settings/overrides.json
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

# El estudio en tu navegador (Gradio, solo en 127.0.0.1): `afinar estudio`.
estudio: $(VENV)/.base
	VIRTUAL_ENV=$(VENV) $(UV) pip install -q $(UV_RUEDAS) -c constraints.txt -e ".[estudio]"
	$(SIN_RED) $(VENV)/bin/afinar estudio

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .

pruebas: $(VENV)/.dev
	$(PARALELO) $(PY) -m pytest $(XDIST)

# Mediciones largas, fuera de `make test`: los benchmarks de entrenamiento y exportar un modelo
# con la forma de Qwen2.5-0.5B (unos 3 minutos por formato). Imprimen sus cifras (-s).
medir: $(VENV)/.dev
	$(SIN_RED) $(PY) -m pytest -m medicion -s

# La rueda se construye y se comprueba (twine) en `make test`, y `make colab` la instala con la
# celda de los cuadernos en un entorno sin afinar; la demo desde la rueda (`make paquete`, ~2 min)
# no entra en el presupuesto: test_demo ya prueba la demo entera.
test: lint pruebas $(RUEDA) colab cotas

$(RUEDA): $(VENV)/.dev $(FUENTES) pyproject.toml README.md LICENSE
	rm -rf dist
	$(PY) -m build --quiet --outdir dist .
	$(VENV)/bin/twine check --strict dist/*

# Un entorno limpio con solo la rueda (y sus dependencias, a las versiones de constraints.txt);
# `afinar demo` desde una carpeta fuera del repositorio, para no importar src/.
paquete: $(RUEDA)
	rm -rf .venv-paquete
	$(UV) venv -q -p $(PYTHON) .venv-paquete
	VIRTUAL_ENV=.venv-paquete $(UV) pip install -q $(UV_RUEDAS) -c constraints.txt $(RUEDA)
	cd "$$(mktemp -d)" && $(SIN_RED) $(CURDIR)/.venv-paquete/bin/afinar demo

# Se rehace entero cada vez: la comparación antes/después de instalar afinar tiene que partir
# de lo que trae Colab. Las herramientas de prueba que Colab no trae van antes, sin mover nada.
colab: $(RUEDA)
	rm -rf $(COLAB)
	$(UV) venv -q -p $(PYTHON) $(COLAB)
	VIRTUAL_ENV=$(COLAB) $(UV) pip install -q $(UV_RUEDAS) -r entornos/colab.txt
	VIRTUAL_ENV=$(COLAB) $(UV) pip install -q -c entornos/colab.txt \
		$(shell grep -E '^(papermill|fpdf2|pytest-xdist|execnet)==' constraints.txt)
	$(PY) scripts/entorno_colab.py instalar $(COLAB)/bin/python $(RUEDA)
	$(PARALELO) $(COLAB)/bin/python -m pytest $(XDIST) -p no:cacheprovider $(PRUEBAS_COLAB)

cotas: $(VENV)/.dev
	$(PY) scripts/entorno_colab.py cotas
	rm -rf $(COTAS)
	$(UV) venv -q -p $(PYTHON) $(COTAS)
	VIRTUAL_ENV=$(COTAS) $(UV) pip install -q $(UV_RUEDAS) -r entornos/cotas.txt
	VIRTUAL_ENV=$(COTAS) $(UV) pip install -q --no-deps -e .
	$(PARALELO) $(COTAS)/bin/python -m pytest $(XDIST) -p no:cacheprovider $(PRUEBAS_COTAS)

limpiar:
	rm -rf $(VENV) $(COLAB) $(COTAS) .venv-paquete build dist src/*.egg-info .pytest_cache salidas
