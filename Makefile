# The README's two commands, `make demo` and `make test`, work on a fresh machine with
# Python 3.10+: each creates .venv when missing and installs the project into it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUT ?= out
PORT ?= 8765

.PHONY: help setup test lint typecheck pytest demo tour images bench instructions playground clean

help:
	@echo "make demo   set up and run every demo, writing pictures to $(OUT)/"
	@echo "make test   set up and run ruff, mypy --strict and the whole test suite"
	@echo "make tour   rebuild demos/tour.ipynb from demos/tour.py and run it (outputs kept)"
	@echo "make images redraw docs/images/ (the README's and docs/article.md's pictures)"
	@echo "make bench  speed benchmark against hand-written floats (and micrograd)"
	@echo "make instructions  instructions per workload under valgrind (OTHER=tree to compare)"
	@echo "make playground  the playground web page on http://127.0.0.1:$(PORT) (PORT= to change)"

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 10), "pigrad needs Python 3.10+"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy --strict autograd nn
	$(VENV)/bin/mypy --strict demos/playground

pytest: $(STAMP)
	HYPOTHESIS_PROFILE=ci MPLBACKEND=Agg $(PY) -m pytest

test: lint typecheck pytest

demo: $(STAMP)
	MPLBACKEND=Agg $(PY) demos/run_all.py --out $(OUT)

tour: $(STAMP)
	$(PY) demos/make_tour.py

images: $(STAMP)
	MPLBACKEND=Agg $(PY) docs/make_images.py

bench: $(STAMP)
	$(PY) -m pip install --quiet micrograd==0.1.0 || echo "micrograd not installed: benchmark runs without it"
	$(PY) bench/benchmark.py

instructions: $(STAMP)
	$(PY) bench/instructions.py $(if $(OTHER),--tree $(OTHER))

playground: $(STAMP)
	$(PY) demos/playground/serve.py --port $(PORT)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis
