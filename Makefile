# The course's commands. Run `make help` to see them.
#
# Everything runs in a local virtual environment, .venv/, made on first use from
# python3 and two pinned sets: the learner's (requirements.txt: `make lab`, `workspace`,
# `verify`) and, added on top when a command needs it, the maintainers' tools
# (requirements-dev.txt: `make test`, `docs`, `slides`, `lint`, `benchmark`).
# Installs use uv, itself installed from PyPI once into .cache/uv/ and told to use this
# machine's Python (it never downloads one); where uv cannot be installed, or with
# INSTALLER=pip, plain pip does the same. Nothing is installed outside .venv/ and .cache/.

PYTHON ?= python3
PORT   ?= 8888
# Extra flags for `jupyter lab`, e.g. LAB_FLAGS=--no-browser
LAB_FLAGS ?=
# Where `make docs` builds the website (html/ and the doctrees/ cache)
DOCS_OUT  ?= docs/_build
DOCS_PORT ?= 8000
# `make lab` opens the learner's copy of the index when `make workspace` has made one
WORKSPACE ?= workspace
LAB_START  = $(if $(wildcard $(WORKSPACE)/00_index.ipynb),$(WORKSPACE),notebooks)/00_index.ipynb
VENV   := .venv
BIN    := $(VENV)/bin
# Made when each set is installed; the maintainers' needs the learner's first.
STAMP     := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# uv (or pip, with INSTALLER=pip; also the fallback when uv cannot be installed)
INSTALLER  ?= uv
UV_VERSION := 0.13.8
UV_HOME    := .cache/uv
UV         := $(UV_HOME)/bin/uv
export UV_PYTHON_DOWNLOADS := never
# JupyterLab refuses to run as root unless told it may (containers, CI).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help lab test docs docs-serve workspace verify slides benchmark lint execute-notebooks clean

help:
	@echo "make lab    open the course in JupyterLab (http://127.0.0.1:$(PORT), with a token)"
	@echo "make test   run every test: the package, its doctests, and every notebook (nbval)"
	@echo "make docs   build the course website into docs/_build/html (works offline)"
	@echo "make docs-serve   build it and serve it at http://127.0.0.1:$(DOCS_PORT)"
	@echo "make workspace    copy the lessons into workspace/, your own folder; again after an"
	@echo "                  update: refreshes what you did not edit, never overwrites your edits"
	@echo "make verify       (instructors) check the set-up and re-check every derivation"
	@echo "make slides       every lesson as slides that work offline, in slides/"
	@echo "make benchmark    time the activations against their peers, and the course itself"
	@echo "make clean  remove the virtual environment, uv and the caches"
	@echo "make lint   (maintainers) ruff, and no volatile metadata in the notebooks (as CI)"
	@echo "make execute-notebooks   (maintainers) re-run every notebook and store its outputs"
	@echo "lab, workspace, verify and execute-notebooks install the learner's set (requirements.txt);"
	@echo "test, docs, slides, lint and benchmark add the maintainers' tools (requirements-dev.txt)."

# uv, from PyPI, into its own small environment (once; `make clean` removes it). If that
# fails, the installs below use pip instead.
$(UV):
	@echo "Installing uv $(UV_VERSION) from PyPI into $(UV_HOME)/ (once)"
	@rm -rf $(UV_HOME)
	@$(PYTHON) -m venv $(UV_HOME) && \
		$(UV_HOME)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) \
		|| { rm -rf $(UV_HOME); echo "uv could not be installed: pip installs the course instead"; }

# $(call install,REQUIREMENTS,EXTRA): into .venv/ (made from $(PYTHON) when missing), with
# uv when it is there (compiling the bytecode, as pip does, so that the first kernel start
# is not slow), else with pip.
define install
	@if [ "$(INSTALLER)" = uv ] && [ -x $(UV) ]; then \
		if [ ! -x $(BIN)/python ]; then \
			echo "$(UV) venv --python $(PYTHON) $(VENV)"; \
			$(UV) venv --quiet --python "$$(command -v $(PYTHON))" $(VENV) || exit 1; fi; \
		echo "$(UV) pip install --requirement $(1) $(2)"; \
		$(UV) pip install --compile-bytecode --python $(BIN)/python --requirement $(1) $(2); \
	else \
		if ! $(BIN)/python -m pip --version >/dev/null 2>&1; then \
			echo "$(PYTHON) -m venv $(VENV)"; $(PYTHON) -m venv $(VENV) || exit 1; fi; \
		echo "$(BIN)/python -m pip install --requirement $(1) $(2)"; \
		$(BIN)/python -m pip install --disable-pip-version-check --requirement $(1) $(2); \
	fi
endef

# The learner's set and the course package: everything the lessons need.
$(STAMP): requirements.txt pyproject.toml config/jupyterlab-overrides.json | $(if $(filter uv,$(INSTALLER)),$(UV))
	@$(PYTHON) -c 'import sys; sys.exit("The course needs Python 3.11 or newer; $(PYTHON) is " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(call install,requirements.txt,--editable .)
	@# JupyterLab's own defaults for this environment: no "news?" pop-up over the lessons
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp config/jupyterlab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

# The maintainers' tools, added to the same environment.
$(DEV_STAMP): requirements-dev.txt $(STAMP)
	$(call install,requirements-dev.txt)
	@touch $@

lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) \
		--LabApp.default_url=/lab/tree/$(LAB_START) $(LAB_FLAGS)

test: $(DEV_STAMP)
	$(BIN)/python -m pytest

# The website: the lessons with their stored outputs (never re-executed), the API
# reference and the instructor's pages. Warnings are errors.
docs: $(DEV_STAMP)
	$(BIN)/sphinx-build -n -W --keep-going -q -b html -d $(DOCS_OUT)/doctrees docs $(DOCS_OUT)/html
	@echo "The website is in $(DOCS_OUT)/html/index.html"

docs-serve: docs
	$(BIN)/python -m http.server $(DOCS_PORT) --bind 127.0.0.1 --directory $(DOCS_OUT)/html

# Your own copies of the lessons, in workspace/ (git-ignored). Running it again adds new
# lessons, refreshes copies you did not edit and never overwrites an edited one (the
# course's new version goes beside it); see course/workspace.py.
workspace: $(STAMP)
	$(BIN)/python -m course.workspace

# Before class: versions, kernel, notebooks, and every derivation re-run with its marks.
verify: $(STAMP)
	$(BIN)/python -m course.verify

# Every lesson as reveal.js slides from the stored outputs, solutions left out; works
# offline, and so does the build: reveal.js comes from a pinned PyPI package, not npm.
slides: $(DEV_STAMP)
	$(BIN)/python -m course.slides

# Medians and ratios measured in one run (see the scripts' docstrings); not a test.
benchmark: $(DEV_STAMP)
	$(BIN)/python benchmarks/activations.py
	$(BIN)/python benchmarks/softmax_vjp.py
	$(BIN)/python benchmarks/course.py
	$(BIN)/python benchmarks/setup.py --python $(PYTHON) --uv-version $(UV_VERSION)

# The hooks of .pre-commit-config.yaml on every file, as CI runs them: ruff (see
# pyproject.toml) and nbstripout, which strips the notebooks' volatile metadata and keeps
# their outputs; it fails, showing the diff, when it had to change a notebook.
lint: $(DEV_STAMP)
	PRE_COMMIT_HOME=$(CURDIR)/.cache/pre-commit $(BIN)/pre-commit run --all-files --show-diff-on-failure

# Rewrites notebooks/*.ipynb, so it refuses to run over uncommitted changes there:
# edits (a learner's or a maintainer's) are never overwritten.
execute-notebooks: $(STAMP)
	@if [ -n "$$(git status --porcelain -- notebooks)" ]; then \
		echo "notebooks/ has uncommitted changes; commit or stash them first:"; \
		git status --short -- notebooks; exit 1; fi
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False notebooks/*.ipynb
	@# nbconvert saves the sliders' state (new ids every run): keep it out of the notebooks
	$(BIN)/python -c "import glob, nbformat; \
		[nbformat.write(nb, p) for p in glob.glob('notebooks/*.ipynb') \
		 for nb in [nbformat.read(p, as_version=4)] if nb.metadata.pop('widgets', None)]"

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis chapter3.egg-info docs/_build docs/lessons docs/api \
		artifacts slides .cache
