# Fazhi — the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SHARED ?= ../shared
HOST   ?= 127.0.0.1
PORT   ?= 8000

WORKERS ?= 3

.PHONY: setup run prod demo test test-pg lint bench clean apt browser fast test-fast

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || $(MAKE) -s apt PKGS="python3.11 python3.11-venv"
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 $(PYTHON)(Python 3.11),请先安装"; exit 2; }
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || $(MAKE) -s apt PKGS="python3.11-venv"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)

# Debian packages the project needs, installed when missing (root only; otherwise a note).
apt:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(PKGS); \
	else echo "请先安装:sudo apt-get install $(PKGS)"; fi

# Migrate, load the fictional 示例县 demo (idempotent) and serve on the embedded default.
demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

run: demo
	$(VENV)/bin/fazhi cleanup
	FAZHI_DEBUG=1 FAZHI_PASSWORD_MAX_AGE_DAYS=0 $(PY) manage.py runserver --noreload $(HOST):$(PORT)

# Production on the embedded SQLite: gunicorn, production settings, hashed static files served by
# WhiteNoise. Needs FAZHI_SECRET_KEY (see docs/deploy.md: systemd, nginx, PostgreSQL, backups).
prod: setup
	@test -n "$$FAZHI_SECRET_KEY" || { echo "make prod 需要环境变量 FAZHI_SECRET_KEY(至少 50 个字符的随机串),见 docs/deploy.md"; exit 2; }
	FAZHI_DEBUG=0 $(PY) manage.py migrate --noinput
	FAZHI_DEBUG=0 FAZHI_STATIC_HASHED=1 $(PY) manage.py collectstatic --noinput --verbosity 0
	FAZHI_DEBUG=0 $(VENV)/bin/fazhi cleanup
	FAZHI_DEBUG=0 FAZHI_STATIC_HASHED=1 $(VENV)/bin/gunicorn fazhiweb.wsgi --bind $(HOST):$(PORT) \
	  --preload --workers $(WORKERS) --timeout 120 --access-logfile - --forwarded-allow-ips 127.0.0.1

lint: setup
	$(VENV)/bin/ruff check fazhi fazhiweb tests tools manage.py

# Browser tests drive Debian's Chromium; install it (with a CJK font for readable screenshots)
# when missing and we are root, otherwise say so: those tests are then skipped.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "安装 Chromium(浏览器测试用)…"; \
	    apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk; \
	  else \
	    echo "未找到 /usr/bin/chromium,浏览器测试将跳过(安装:sudo apt-get install chromium fonts-noto-cjk)"; \
	  fi; \
	fi

test: setup lint browser
	$(VENV)/bin/pytest

# The same suite against PostgreSQL: DATABASE_URL must point at a database we may create.
test-pg: setup
	@test -n "$$DATABASE_URL" || { echo "test-pg 需要设置 DATABASE_URL"; exit 2; }
	$(VENV)/bin/pytest tests/web

# Optional: the parse core compiled with mypyc into .fast/ (README, "The compiled parser"). It is
# used only while every compiled source is unchanged; otherwise, and without it, the pure Python runs.
fast: setup
	@command -v gcc >/dev/null 2>&1 || $(MAKE) -s apt PKGS="gcc libc6-dev"
	@$(PY) -c "import os, sys, sysconfig; sys.exit(not os.path.isfile(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" \
	  || $(MAKE) -s apt PKGS="python3.11-dev"
	@$(PY) -c "import mypyc" 2>/dev/null || $(PY) -m pip install -q -e '.[test,fast]' || echo "mypy 安装失败"
	$(PY) tools/build_fast.py $(FASTFLAGS)

# The parser tests again with the compiled modules loaded, and compiled output against pure output
# (CI runs this after make test: compiled code enforces annotations at run time).
test-fast: setup
	@$(MAKE) -s fast FASTFLAGS=--if-stale
	$(VENV)/bin/pytest tests/parse tests/test_fast.py tests/test_readers.py tests/test_structure.py \
	  tests/test_txt_decode_fast.py tests/test_bad_input.py tests/test_cli.py -q

bench: setup
	-@$(MAKE) -s fast FASTFLAGS=--if-stale
	$(PY) -m fazhi.bench --seeds $(SHARED)/seeds
	$(PY) -m fazhi.analysis.bench --shared $(SHARED)
	$(PY) -m fazhi.registers.bench
	$(PY) -m fazhi.evalset tests/fixtures/realistic --shared $(SHARED)

# Web benchmarks (docs/scale.md) against the PostgreSQL database in DATABASE_URL, which should hold
# generated data: python manage.py generate_province --governments 100 --units 60 --tasks 150 ...
bench-web: setup
	@if [ -z "$$DATABASE_URL" ]; then echo "bench-web: DATABASE_URL is not set (a PostgreSQL database with generate_province data); nothing to do"; exit 0; fi; \
	  $(PY) manage.py migrate --noinput && \
	  $(PY) manage.py bench_web --concurrency 20 --requests 1000 --seconds 40 && \
	  $(PY) manage.py bench_web --concurrency 20 --requests 1000 --seconds 40 --think 2 && \
	  $(PY) manage.py bench_web --rotate --concurrency 20 --requests 5000 --seconds 60 && \
	  $(PY) manage.py bench_web --rotate --skip-hit-only --think 1 --concurrency 20 --requests 5000 --seconds 60

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .fast .fast.new .fast.old .fast-build
