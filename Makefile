# The two commands in the README: `make run` and `make test`. Both build .venv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench eval eval-docs browser docs-corpus lint

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# constraints.txt pins torch to the CPU build on disk (unpinned pulls multi-GB CUDA)
	$(BIN)/pip install -q -c constraints.txt -e ".[test]"
	touch $@

browser:  # Debian's Chromium for the browser tests (Playwright cannot download one here)
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

docs-corpus:  # Debian's Python 3.11 HTML docs: the multi-document corpus `make bench` ingests
	@test -d /usr/share/doc/python3.11/html || (apt-get update -qq && apt-get install -y -qq python3.11-doc >/dev/null)

run: $(VENV)/.installed
	$(BIN)/rag serve --ingest corpus

test: $(VENV)/.installed browser
	$(BIN)/pytest -q

eval: $(VENV)/.installed  # every article set; the Python docs sets: README, Quality
	for set in dev heldout unseen train unseen2; do \
		$(BIN)/rag eval --qa eval/article_$${set}_qa.jsonl --corpus corpus || exit 1; done

eval-docs: $(VENV)/.installed docs-corpus  # the Python, SQLite, Git and Apache manuals; the first run ingests them (~35 min)
	@test -d /usr/share/doc/sqlite3 || (apt-get update -qq && apt-get install -y -qq sqlite3-doc >/dev/null)
	for set in dev unseen; do \
		$(BIN)/rag eval --qa eval/python_docs_$${set}_qa.jsonl --corpus /usr/share/doc/python3.11/html \
			--exclude _sources --store .rag/pydocs || exit 1; done
	$(BIN)/rag eval --qa eval/sqlite_docs_qa.jsonl --corpus /usr/share/doc/sqlite3 --store .rag/sqlite
	@test -d /usr/share/doc/git-doc || (apt-get update -qq && apt-get install -y -qq git-doc >/dev/null)
	$(BIN)/rag eval --qa eval/git_docs_qa.jsonl --corpus /usr/share/doc/git-doc --store .rag/git
	@test -d /usr/share/doc/apache2-doc || (apt-get update -qq && apt-get install -y -qq apache2-doc >/dev/null)
	$(BIN)/rag eval --qa eval/apache_docs_qa.jsonl --corpus /usr/share/doc/apache2-doc/manual/en --store .rag/apache

bench: $(VENV)/.installed docs-corpus  # about 6 min on a quiet 2-core machine; see benchmarks/run.py --help
	$(BIN)/python benchmarks/run.py

lint: $(VENV)/.installed
	$(BIN)/ruff check rag ui tests
