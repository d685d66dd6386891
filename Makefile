# make demo  - set up (if needed) and extract the bundled fixture
# make test  - set up (if needed) and run the test suite (all but the slow suites)
# make test-slow - the slow suites: OCR on scans, the long fuzz run, interrupted batches
# make bench - time the extraction against pdfplumber and camelot, batch scaling, and OCR pages/s
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FIXTURE := fixtures/pdfs/changji-kexie-2023-word.pdf

.PHONY: demo test test-slow test-fast fixtures lint clean bench corpus-report

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/juesuan extract $(FIXTURE) --format csv --out out/demo
	$(BIN)/juesuan extract $(FIXTURE) --format json --out out/demo
	$(BIN)/juesuan check $(FIXTURE)
	@echo "Outputs are in out/demo/: one CSV file per table (docs/data-contract.md) and one JSON document."

test: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# CI runs it after `make test`
test-slow: $(STAMP)
	$(BIN)/python -m pytest -m slow

test-fast: test

# Prints pages/second per core and peak memory for each method, and the batch
# speed-up from 1 to 2 workers; the figures in README.md come from here.
bench: $(STAMP)
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/bench_ocr.py --dpi 200

# One line per PDF of ../shared/corpus and fixtures/pdfs (statements, rows, facts,
# numbers printed / captured / unaccounted, failed checks, seconds); compare with
# the table in README.md after every change.
corpus-report: $(STAMP)
	$(BIN)/python bench/corpus_report.py

# Rebuilding the fixture PDFs needs LibreOffice and the Noto CJK fonts:
#   apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-liberation2
fixtures: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[fixtures]'
	$(BIN)/python fixtures/build.py --out fixtures/pdfs
	$(BIN)/python fixtures/statements/check_data.py
	$(BIN)/python fixtures/statements/build.py
	$(BIN)/python fixtures/classes/build.py
	$(BIN)/python fixtures/budgets/build.py
	$(BIN)/python fixtures/drawn/build.py

# ruff, and mypy over src/ (settings in pyproject.toml)
lint: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[lint]'
	$(BIN)/ruff check src tests fixtures
	$(BIN)/mypy

clean:
	rm -rf $(VENV) out .pytest_cache
