# Two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The suite runs in this many processes (pytest-xdist), a test file to a process; 1 runs it in one.
TEST_PROCESSES ?= 2
VNU_VERSION := 26.9.27
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test install migrate demo serve lint format check messages clean bench requirements

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	# The Nu Html Checker for the HTML validity test (skipped, saying so, without npm and Java).
	if command -v npm >/dev/null 2>&1; then \
	  npm install --silent --prefix $(VENV)/vnu --no-audit --no-fund --ignore-scripts vnu-jar@$(VNU_VERSION); fi
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages_py

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	PORT=$(PORT) ./bin/dev

test: install
	$(PY) manage.py compilemessages_py
	$(PY) -m pytest --durations=15 $(if $(filter-out 1,$(TEST_PROCESSES)),-n $(TEST_PROCESSES) --dist loadfile) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext: extracts strings into locale/*/LC_MESSAGES/django.po.
messages: install
	$(PY) manage.py makemessages -l zh_Hans -l ja --ignore=.venv --ignore=var --ignore=tests
	$(PY) manage.py compilemessages_py

# The quick size; see docs/performance.md for the issue's sizes.
bench: install
	$(PY) bench/web.py
	$(PY) bench/parcels.py --customers 2000 --parcels 20000

# Re-pin requirements*.txt from the short requirements*.in files (pip-tools; needs the registry).
requirements: install
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
	  --output-file requirements.txt requirements.in
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links \
	  --output-file requirements-dev.txt requirements-dev.in

clean:
	rm -rf var/celery staticfiles
