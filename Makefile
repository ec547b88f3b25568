# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test check generate serve golden lint pdf bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@$(BIN)/python -c "import yaml, sys; sys.exit(0 if yaml.__with_libyaml__ else 'PyYAML has no libyaml: install libyaml-dev and run make clean site')"
	touch $(STAMP)

## Build site/ from the briefings, with PDFs (creates .venv and installs everything first).
site: $(STAMP)
	$(BIN)/briefing build --pdf

## Run linters, type checks and the whole test suite.
test: $(STAMP) lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy
	$(BIN)/lint-imports

## Validate the briefings and list every problem.
check: $(STAMP)
	$(BIN)/briefing check

## Write the generated Markdown into docs/ only.
generate: $(STAMP)
	$(BIN)/briefing generate

## Live preview on http://127.0.0.1:8000 that rebuilds when a YAML file is saved.
serve: $(STAMP)
	$(BIN)/briefing serve

## Regenerate the golden files of the rendered Markdown (on purpose only).
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/pytest tests/test_golden.py

## Benchmark generation, the build, search index and preview on synthetic sites (benchmarks/results/).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --search-sizes 200

clean:
	rm -rf site .site.* $(VENV) docs/briefings docs/index.md docs/.generated.json .pytest_cache .mypy_cache .ruff_cache

## Render each published briefing to site/pdf/<slug>.pdf and the whole site to site/pdf/briefings.pdf.
pdf: $(STAMP)
	$(BIN)/briefing pdf
