# The two set-up commands of the README are `make run` and `make test`; both create
# .venv and install what they need on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO   := .demo/demo-village.sqlite

# The PostgreSQL half of the tests runs when POVDESK_TEST_PG_URL is set: .ci/run sets it;
# here it is set when a server answers on 127.0.0.1:5432. `make test POVDESK_TEST_PG_URL=`
# runs SQLite only.
ifeq ($(origin POVDESK_TEST_PG_URL),undefined)
POVDESK_TEST_PG_URL := $(shell $(PYTHON) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null && echo postgresql+psycopg://postgres@127.0.0.1:5432/test)
endif
export POVDESK_TEST_PG_URL

.PHONY: run test check lint typecheck bench demo clean screenshots translations tools dist crash fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: start povdesk on a demo village (made on first run)
run: $(STAMP) $(DEMO)
	$(BIN)/povdesk summary --db $(DEMO)
	$(BIN)/povdesk gui --db $(DEMO)

$(DEMO): | $(STAMP)
	mkdir -p $(dir $(DEMO))
	$(BIN)/povdesk demo --db $(DEMO) --households 120 --seed 1

## tools: the age and minisign commands the sync tests check bundles with
tools:
	scripts/install-tools.sh

## test: the whole suite, offscreen
test: $(STAMP) tools
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

## check: lint, types and tests (what CI runs)
check: lint typecheck test

## bench: speed figures as ratios against baselines measured in the same run (the
## start-up of the built app too, so it builds it first, with what it needs to run)
bench: $(STAMP) dist
	scripts/install-app-libs.sh
	$(BIN)/python -m bench

## crash: kill -9 real povdesk jobs at random points, many times each, and print the counts
crash: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.crash.harness --trials 25

## fuzz: coverage-guided fuzzing (atheris) of every reader of untrusted files, 3 min each
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz.all 180

## screenshots: docs/screenshots/*.png from a fresh demo village, offscreen
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py --out docs/screenshots

## translations: collect the window's tr("…") into resources/i18n/*.ts, compile the .qm
translations: $(STAMP)
	$(BIN)/python scripts/i18n.py update
	$(BIN)/python scripts/i18n.py release

## dist: the self-contained app folder (dist/povdesk/) and its .deb (dist/povdesk_*.deb)
dist: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dist]'
	scripts/build-dist.sh

clean:
	rm -rf $(VENV) .demo .mypy_cache .ruff_cache .hypothesis build dist
