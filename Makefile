# Two commands set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock
DEMO   := demo/kritischeblik.kb
DEMO_BUILT := demo/.gebouwd
CORPUS := $(wildcard corpora/demo/*.md corpora/demo/*.docx corpora/demo/*.vtt corpora/demo/*.csv)
CODEBOOKS := $(wildcard kritischeblik/codebooks/*.yaml)

.PHONY: install lock run demo test lint bench clean postgres-proberen FORCE

# The venv holds exactly what requirements.lock pins (with hashes), then the project itself without
# resolving again; `pip check` catches a dependency added to pyproject.toml but not yet locked. The -W filter
# hides setuptools' notice that every editable install of a flat layout gets (pip 25+ shows backend warnings).
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 of nieuwer is nodig (gevonden: " + sys.version.split()[0] + ")")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -W 'ignore:Editable installation:UserWarning' -m pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check || { echo "$(LOCK) mist pakketten uit pyproject.toml: draai 'make lock'"; exit 1; }
	touch $(STAMP)

install: $(STAMP)

# Regenerates requirements.lock from pyproject.toml (all platforms, Python 3.11+), keeping the pinned
# versions that still fit; `make lock LOCKFLAGS=--upgrade` moves everything to the newest allowed release.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --generate-hashes --python-version 3.11 \
		--custom-compile-command 'make lock' --quiet $(LOCKFLAGS) -o $(LOCK)

# The demo project is rebuilt when the corpus or the codebooks change (or when it is gone); built beside and
# moved into place so an interrupted build never leaves a half-filled project behind. demo_place never
# deletes practice work: a demo project holding codings, scores, sessions or other work of a person stays
# where it is (`make run` keeps opening it) and the fresh build goes beside it under a dated name.
# $(DEMO_BUILT) records the build, so a kept demo project is not rebuilt on every `make run`.
$(DEMO_BUILT): $(STAMP) $(CORPUS) $(CODEBOOKS) $(if $(wildcard $(DEMO)),,FORCE)
	mkdir -p $(dir $(DEMO))
	rm -f $(DEMO).tmp $(DEMO).tmp-wal $(DEMO).tmp-shm
	$(BIN)/kb init -p $(DEMO).tmp --codebook kritische-blik
	$(BIN)/kb codebook load -p $(DEMO).tmp platform31-weer-thuis
	$(BIN)/kb ingest -p $(DEMO).tmp $(CORPUS)
	$(BIN)/kb code auto -p $(DEMO).tmp > /dev/null
	$(BIN)/kb themes -p $(DEMO).tmp --kind belemmerend --k auto > /dev/null
	$(BIN)/kb themes -p $(DEMO).tmp --kind werkend --k auto > /dev/null
	$(BIN)/kb themes -p $(DEMO).tmp --kind suggestie --k auto > /dev/null
	$(BIN)/python -m kritischeblik.commands.demo_place $(DEMO).tmp $(DEMO)
	touch $(DEMO_BUILT)

FORCE:

demo: $(DEMO_BUILT)

run: $(DEMO_BUILT)
	$(BIN)/kb tui -p $(DEMO)

lint: $(STAMP)
	$(BIN)/ruff check kritischeblik tests bench
	$(BIN)/ruff format --check kritischeblik tests bench
	$(BIN)/lint-imports

test: $(STAMP)
	$(BIN)/python -m kritischeblik.ingest.pseudonymisation --warm
	$(BIN)/ruff check kritischeblik tests bench
	$(BIN)/ruff format --check kritischeblik tests bench
	$(BIN)/lint-imports
	# worksteal: a worker that runs out takes queued tests from the one busy with the 50 MB transcript
	$(BIN)/python -m pytest -n 2 --dist worksteal -q --durations=15

# A local PostgreSQL to try a shared project on (data in demo/postgres, Ctrl+C stops it): README, "Teams".
postgres-proberen: $(STAMP)
	$(BIN)/python -m bench.pg_try demo/postgres

bench: $(STAMP)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.vectors_bench
	$(BIN)/python -m bench.coders_bench

# Demo projects holding practice work (codings, scores, sessions of a person) are kept, as `make demo` does.
clean:
	test ! -d demo || { test -x $(BIN)/python && $(BIN)/python -m kritischeblik.commands.demo_place --opruimen demo; } \
		|| echo "demo/ blijft staan: zonder $(BIN)/python kan niet worden nagegaan of er oefenwerk in staat"
	rm -rf .pytest_cache .ruff_cache .import_linter_cache
