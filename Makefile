# chmdocs — every target sets up what it needs (a local .venv) by itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SOURCE ?= source
OUTDIR ?= build
STAMP  := $(VENV)/.installed

.PHONY: all pdf pdf-en html docs test test-fast check clean venv catalogs gettext report

all: html pdf

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@

venv: $(STAMP)

pdf: $(STAMP)
	$(BIN)/chmdocs build $(SOURCE) -o $(OUTDIR) -f pdf

# The Brussels workshop in English, from its catalogs (source/locales/en/).
pdf-en: $(STAMP)
	$(BIN)/chmdocs build $(SOURCE) -o $(OUTDIR)/en -f pdf -D language=en

# The 2008 follow-up report (examples/suivi-2008), which imports the Brussels
# workshop's model: build/report/ (French) and build/report/en/ (English).
report: $(STAMP)
	$(BIN)/chmdocs build $(SOURCE) -o $(OUTDIR) -f json
	$(BIN)/chmdocs build $(SOURCE) -o $(OUTDIR)/en -f json -D language=en
	$(BIN)/chmdocs build examples/suivi-2008 -o $(OUTDIR)/report -f html -f pdf -f tasks
	$(BIN)/chmdocs build examples/suivi-2008 -o $(OUTDIR)/report/en -f pdf -D language=en

# The catalogs translators start from (build/gettext/*.pot).
gettext: $(STAMP)
	$(BIN)/chmdocs gettext $(SOURCE) -o $(OUTDIR)/gettext

html: $(STAMP)
	$(BIN)/chmdocs build $(SOURCE) -o $(OUTDIR) -f html

# chmdocs' own documentation (tutorial and reference), into build/docs/.
docs: $(STAMP)
	$(BIN)/sphinx-build -W --keep-going -q -b html docs $(OUTDIR)/docs

test: $(STAMP)
	tools/ensure-chromium
	tools/ensure-office
	$(BIN)/python -m pytest

# The inner loop: everything but the browser and the slow tests (under a minute).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser and not slow"

check: $(STAMP)
	$(BIN)/ruff check chmdocs tests bench docs tools
	$(BIN)/ruff format --check chmdocs tests bench docs tools
	$(BIN)/mypy --strict chmdocs

# Re-extract chmdocs' messages and recompile the catalogs (.mo files are committed).
catalogs: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -o chmdocs/locale/chmdocs.pot --project chmdocs --no-location --omit-header .
	$(BIN)/pybabel update -D chmdocs -i chmdocs/locale/chmdocs.pot -d chmdocs/locale --no-fuzzy-matching
	$(BIN)/pybabel compile -D chmdocs -d chmdocs/locale

clean:
	rm -rf $(OUTDIR) .pytest_cache .mypy_cache .ruff_cache
