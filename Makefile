# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo lint format lock clean bench bench-skala

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## Set up (virtual environment, database, demo data) and serve the app on SQLite, with the
## background worker that renders each saved draft's documents (stopped with the server).
run: demo
	@echo "Åbn http://$(HOST):$(PORT)/ og log ind som leder, bestyrelse eller lbf (adgangskode: demo)."
	$(PY) manage.py db_worker --no-reload --verbosity 0 & arbejder=$$!; \
	trap 'kill $$arbejder 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Set up and run the whole suite: lint, types, import layers, migrations check, pytest
## (DATABASE_URL honoured).
test: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

## Time PDF rendering, memory, LibreOffice and repeated downloads on the demo data (SQLite).
bench: demo
	$(PY) bench/dokumenter.py $(BENCH_ARGS)

## Page cost as the data grows: the demo data beside N generated plans (default 200) and a
## large delaftale, in a throwaway database (SQLite unless DATABASE_URL is set). N=20 is quick.
N ?= 200
bench-skala: install
	$(PY) bench/skala.py -n $(N)

## Re-pin the dependencies after editing pyproject.toml.
lock: install
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --quiet -o requirements.lock

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
