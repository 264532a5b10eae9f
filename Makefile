# Fazhi — the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: setup run test lint bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 $(PYTHON) (Python 3.11)"; exit 2; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	$(PY) -m fazhi parse samples/示例县2024年法治政府建设工作要点.txt --table

lint: setup
	$(VENV)/bin/ruff check fazhi tests

test: setup lint
	$(VENV)/bin/pytest

bench: setup
	$(PY) -m fazhi.bench --seeds $(SHARED)/seeds

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
