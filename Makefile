# Every target creates the virtual environment itself on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test run lint bench soak server catalogs clean screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The suite runs in one process per core plus one (pytest-xdist): its tests often wait on a server process
# or a timer, and on 2 cores 3 processes measured fastest. TEST_WORKERS=0 for one process (to debug).
TEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(len(os.sched_getaffinity(0)) + 1)')
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) $(PYTEST_ARGS)

run: $(STAMP)
	$(BIN)/liaison-desktop $(ARGS)

server: $(STAMP)
	$(BIN)/liaison-server serve $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python -m bench

soak: $(STAMP)
	$(BIN)/python -m tests.sync.soak

# Extract every _() / ngettext() / N_() string into translations/liaison.pot and update each language's
# .po from it (translations kept, new messages empty, changed ones fuzzy). No .mo: the app compiles a .po
# in memory at start.
catalogs: $(STAMP)
	$(BIN)/python -m liaison_desktop.i18n.catalog_files

# Every screen in English, Arabic and Simplified Chinese, as SCREEN-LANG.png in screenshots/ (or
# $(SCREENSHOTS_DIR)), from fictional profiles and a throwaway local server; no display needed.
# SCREENS=contacts,search picks some screens; LANGS="en ar" some languages.
SCREENSHOTS_DIR ?= screenshots
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen SCREENS=$(SCREENS) $(BIN)/python -m liaison_desktop.ui.screenshots $(SCREENSHOTS_DIR) $(LANGS)

clean:
	rm -rf $(VENV) .pytest_cache bench/results.json
