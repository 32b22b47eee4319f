# storyscope: `make run` analyses the example corpus, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB ?= sqlite:///storyscope.db
REPORT ?= storyscope-report.html

# The id of the story with the most articles in `storyscope export`'s JSON (read on stdin).
export BIGGEST_STORY := import json, sys; stories = json.load(sys.stdin)["stories"]; \
print(max(stories, key=lambda s: len(s["articles"]))["id"] if stories else sys.exit("no story was found"))

.PHONY: install browser run test audit bench score mutation lock clean

install: $(VENV)/.installed browser

# Idempotent: reinstalls only when a lock file or pyproject.toml changed. The tests use the
# optional embeddings extra too (torch's CPU wheel), so it is installed here.
$(VENV)/.installed: requirements/pip.txt requirements/base.txt requirements/dev.txt requirements/embeddings.txt pyproject.toml
	@echo "make install: 1/4 a virtual environment in $(VENV)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "make install: 2/4 pip from requirements/pip.txt"
	@$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/pip.txt
	@echo "make install: 3/4 the locked dependencies (requirements/base.txt, dev.txt, embeddings.txt; spaCy, torch's CPU wheel: a few minutes the first time)"
	@$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt -r requirements/dev.txt -r requirements/embeddings.txt
	@echo "make install: 4/4 storyscope itself (editable: src/ is what runs)"
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@
	@echo "make install: done; $(VENV)/bin/storyscope --help lists the commands"

# The web tests drive Debian's chromium through playwright (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || echo "make install: chromium for the browser tests (apt-get)"
	@command -v chromium >/dev/null 2>&1 || apt-get install -y -q chromium || (apt-get update -q && apt-get install -y -q chromium)

run: install
	$(VENV)/bin/storyscope ingest examples --db $(DB)
	$(VENV)/bin/storyscope articles --db $(DB)
	$(VENV)/bin/storyscope stories --db $(DB)
	@story=$$($(VENV)/bin/storyscope export --db $(DB) --format json | $(PY) -c "$$BIGGEST_STORY") && \
	$(VENV)/bin/storyscope report $$story --db $(DB) --out $(REPORT) && \
	printf '\nWhat to try next, with story %s:\n  %s\n  %s   then open http://127.0.0.1:8000/stories/%s\n  open %s in a browser: the story as one page\n' \
		"$$story" "$(VENV)/bin/storyscope story $$story --db $(DB)" "$(VENV)/bin/storyscope serve --db $(DB)" "$$story" "$(REPORT)"

test: install
	$(PY) -m pytest -q

# Known vulnerabilities in the locked dependencies; say which could not be checked
# (STORYSCOPE_REQUIRE_AUDIT=1 makes that a failure).
audit: install
	$(PY) tools/audit_dependencies.py

score: install
	$(PY) tests/golden/score.py

bench: install
	$(PY) bench/ingest.py --articles 1000

# Mutation testing of one core module with mutmut (a bench, not CI; docs/quality.md): residue, quotes,
# dates, claims or fetch; SAMPLE=N runs N mutants drawn with SEED (default 1).
MODULE ?= residue
mutation: install
	$(PY) bench/mutation.py $(MODULE) $(if $(SAMPLE),--sample $(SAMPLE) --seed $(or $(SEED),1))

# Re-pin dependencies (needs pip-tools in the venv: `$(PY) -m pip install pip-tools`).
lock:
	$(PY) -m piptools compile --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -q -o requirements/pip.txt requirements/pip.in
	$(PY) -m piptools compile --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -q -o requirements/base.txt requirements/base.in
	$(PY) -m piptools compile --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -q -o requirements/dev.txt requirements/dev.in
	$(PY) -m piptools compile --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -q -o requirements/embeddings.txt requirements/embeddings.in

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .hypothesis
