# Moscow 1921. `make play` to play, `make test` to check everything.
# Needs only Python 3.11+ and make: the first target run builds .venv by itself.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

MAKEFLAGS += --no-print-directory
.DEFAULT_GOAL := help
.PHONY: help venv play test lint ruff format bench clean

help:
	@echo "make play     play the game in this terminal"
	@echo "make test     lint, type-check and run every test"
	@echo "make lint     ruff and mypy only"
	@echo "make format   reformat the code and apply safe lint fixes"
	@echo "make bench    start-up time and memory benchmarks"
	@echo "make clean    remove .venv, caches and build output"
	@echo "(PYTHON=$(PYTHON) builds .venv; override with: make PYTHON=python3.12 test)"

venv: $(STAMP)

# Rebuilt whenever pyproject.toml changes; the stamp is written only after the install succeeds
# (tools/make-venv: uv when it can be had, else pip).
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
		{ echo "Moscow 1921 needs Python 3.11 or newer; '$(PYTHON)' is not. Try: make PYTHON=python3.11 $(MAKECMDGOALS)"; exit 1; }
	@echo "Setting up $(VENV) with $$($(PYTHON) --version) (the first time takes a few seconds)..."
	@sh tools/make-venv $(PYTHON) $(VENV) '.[test]'
	@touch $@
	@echo "$(VENV) is ready."

play: venv
	@$(BIN)/moscow1921

lint: ruff
	@echo "== mypy"
	@$(BIN)/mypy

ruff: venv
	@echo "== ruff check"
	@$(BIN)/ruff check .
	@echo "== ruff format --check"
	@$(BIN)/ruff format --check .

# The test processes keep compiled files even where PYTHONDONTWRITEBYTECODE is set: without them
# every process (each test worker, each game a test starts) compiles the game and its tests again.
# Four test processes on two cores: a test often waits (on a browser, a server or a game it
# started, on Textual's pauses), and the other processes use that time.  On a quiet machine two
# processes kept 1.2 of the 2 cores busy on average (337 s of CPU in 283 s), three 1.4 (312 s of
# CPU in 227 s), four finished in 208 s.  mypy (one process, ~12 s) runs beside them; its report
# follows pytest's, and either failing fails the target.
test: ruff
	@report=$$(mktemp); $(BIN)/mypy >"$$report" 2>&1 & mypy=$$!; \
	echo "== pytest (mypy beside it)"; \
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q -n 4 --dist loadgroup; tests=$$?; \
	wait $$mypy; types=$$?; echo "== mypy"; cat "$$report"; rm -f "$$report"; \
	[ $$tests -eq 0 ] && [ $$types -eq 0 ]

format: venv
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

bench: venv
	@$(BIN)/python -m bench

clean:
	@rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis snapshot_report.html
	@find . -name __pycache__ -type d -prune -exec rm -rf {} +
	@echo "Removed $(VENV), caches and build output."
