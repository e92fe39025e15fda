# Dos órdenes: `make demo` y `make test`. Cada una crea .venv si falta.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: demo test lint limpiar

$(VENV)/.base: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base
	$(PIP) install --quiet -c constraints.txt -e ".[dev]"
	touch $@

demo: $(VENV)/.base
	$(VENV)/bin/afinar demo

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .

test: lint
	HF_HUB_OFFLINE=1 $(PY) -m pytest

limpiar:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache salidas
