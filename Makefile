# The course's commands. Run `make help` to see them.
#
# Everything runs in a local virtual environment, .venv/, made on first use from
# python3 and the pinned requirements.txt; nothing is installed outside it.

PYTHON ?= python3
PORT   ?= 8888
# Extra flags for `jupyter lab`, e.g. LAB_FLAGS=--no-browser
LAB_FLAGS ?=
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to run as root unless told it may (containers, CI).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help lab test execute-notebooks clean

help:
	@echo "make lab    open the course in JupyterLab (http://127.0.0.1:$(PORT), with a token)"
	@echo "make test   run every test: the package, its doctests, and every notebook (nbval)"
	@echo "make clean  remove the virtual environment and caches"
	@echo "make execute-notebooks   (maintainers) re-run every notebook and store its outputs"

$(STAMP): requirements.txt pyproject.toml config/jupyterlab-overrides.json
	@$(PYTHON) -c 'import sys; sys.exit("The course needs Python 3.11 or newer; $(PYTHON) is " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check --requirement requirements.txt --editable .
	@# JupyterLab's own defaults for this environment: no "news?" pop-up over the lessons
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp config/jupyterlab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) \
		--LabApp.default_url=/lab/tree/notebooks/00_index.ipynb $(LAB_FLAGS)

test: $(STAMP)
	$(BIN)/python -m pytest

# Rewrites notebooks/*.ipynb, so it refuses to run over uncommitted changes there:
# edits (a learner's or a maintainer's) are never overwritten.
execute-notebooks: $(STAMP)
	@if [ -n "$$(git status --porcelain -- notebooks)" ]; then \
		echo "notebooks/ has uncommitted changes; commit or stash them first:"; \
		git status --short -- notebooks; exit 1; fi
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False notebooks/*.ipynb

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis chapter3.egg-info
