# storyscope: `make run` analyses the example corpus, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB ?= sqlite:///storyscope.db

.PHONY: install run test bench score lock clean

install: $(VENV)/.installed

# Idempotent: reinstalls only when a lock file or pyproject.toml changed.
$(VENV)/.installed: requirements/base.txt requirements/dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt -r requirements/dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

run: install
	$(VENV)/bin/storyscope ingest examples --db $(DB)
	$(VENV)/bin/storyscope articles --db $(DB)
	$(VENV)/bin/storyscope stories --db $(DB)

test: install
	$(PY) -m pytest -q

score: install
	$(PY) tests/golden/score.py

bench: install
	$(PY) bench/ingest.py --articles 1000

# Re-pin dependencies (needs pip-tools in the venv: `$(PY) -m pip install pip-tools`).
lock:
	$(PY) -m piptools compile --generate-hashes --allow-unsafe --strip-extras -q -o requirements/base.txt requirements/base.in
	$(PY) -m piptools compile --generate-hashes --allow-unsafe --strip-extras -q -o requirements/dev.txt requirements/dev.in

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .hypothesis
