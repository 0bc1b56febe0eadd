# The two commands in the README: `make run` and `make test`. Both build .venv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLAINTEXT := .rag/corpora/plaintext

.PHONY: run test bench eval eval-docs eval-formats browser bash-pdf docs-corpus plaintext-corpus lint \
	snapshots snapshot-diff sqlite-docs

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# constraints.txt pins torch to the CPU build on disk (unpinned pulls multi-GB CUDA)
	$(BIN)/pip install -q -c constraints.txt -e ".[test]"
	touch $@

browser:  # Debian's Chromium for the browser tests (Playwright cannot download one here)
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

bash-pdf:  # Debian's bash-doc: the Bash Reference Manual PDF that a test and `make eval-formats` read
	@test -f /usr/share/doc/bash/bashref.pdf || (apt-get update -qq && apt-get install -y -qq bash-doc >/dev/null)

docs-corpus:  # Debian's Python 3.11 HTML docs: the multi-document corpus `make bench` ingests
	@test -d /usr/share/doc/python3.11/html || (apt-get update -qq && apt-get install -y -qq python3.11-doc >/dev/null)

run: $(VENV)/.installed
	$(BIN)/rag serve --ingest corpus

test: $(VENV)/.installed browser bash-pdf
	$(BIN)/pytest -q

eval: $(VENV)/.installed  # every article set; the Python docs sets: README, Quality
	for set in dev heldout unseen train unseen2 unseen3; do \
		$(BIN)/rag eval --qa eval/article_$${set}_qa.jsonl --corpus corpus || exit 1; done

# every question's answer, committed in eval/snapshots/: `make snapshot-diff` lists what moved.
# Entries are set:corpus:store. The format sets and SQLite's manual (767 pages: a 10-minute
# first ingest) are installed by the targets' prerequisites.
SQLITE_DOCS := /usr/share/doc/sqlite3
SNAPSHOT_SETS := $(foreach set,dev heldout unseen train unseen2 unseen3 sealed,article_$(set):corpus:snapshots) \
	plaintext_docs:$(PLAINTEXT):plaintext bash_pdf:/usr/share/doc/bash/bashref.pdf:bashpdf \
	sqlite_docs:$(SQLITE_DOCS):sqlite
snapshot_part = $(word $(2),$(subst :, ,$(1)))
snapshot = $(BIN)/rag eval --qa eval/$(call snapshot_part,$(1),1)_qa.jsonl --corpus $(call snapshot_part,$(1),2) \
	--store .rag/$(call snapshot_part,$(1),3) --llm extractive --no-baseline \
	$(2) eval/snapshots/$(call snapshot_part,$(1),1).extractive.jsonl

sqlite-docs:  # the SQLite manual's HTML pages (the sqlite3 package alone has the folder too)
	@dpkg -s sqlite3-doc >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq sqlite3-doc >/dev/null)

snapshots: $(VENV)/.installed plaintext-corpus bash-pdf sqlite-docs  # rewrite them, after reviewing the diff
	$(foreach set,$(SNAPSHOT_SETS),$(call snapshot,$(set),--write-snapshot) &&) true

snapshot-diff: $(VENV)/.installed plaintext-corpus bash-pdf sqlite-docs  # exit 1 if an answer, citation or abstention moved
	status=0; $(foreach set,$(SNAPSHOT_SETS),$(call snapshot,$(set),--diff) || status=1;) exit $$status

# $(call manual,Debian package,its pages,question set,store[,more rag eval options]): install, then eval
define manual
	@dpkg -s $(1) >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq $(1) >/dev/null)
	$(BIN)/rag eval --qa eval/$(3)_qa.jsonl --corpus $(2) --store .rag/$(4) $(5)
endef

eval-docs: $(VENV)/.installed docs-corpus  # nine manuals; the first run ingests them (~55 min)
	for set in dev unseen definitions api; do \
		$(BIN)/rag eval --qa eval/python_docs_$${set}_qa.jsonl --corpus /usr/share/doc/python3.11/html \
			--exclude _sources --store .rag/pydocs || exit 1; done
	$(call manual,sqlite3-doc,/usr/share/doc/sqlite3,sqlite_docs,sqlite)
	$(call manual,git-doc,/usr/share/doc/git-doc,git_docs,git)
	$(call manual,apache2-doc,/usr/share/doc/apache2-doc/manual/en,apache_docs,apache)
	$(call manual,python-pytest-doc,/usr/share/doc/python-pytest-doc/html,pytest_docs,pytest,--exclude _sources)
	$(call manual,sphinx-doc,/usr/share/doc/sphinx-doc/html,sphinx_docs,sphinx,--exclude _sources)
	$(call manual,python-flask-doc,/usr/share/doc/python-flask-doc/html,flask_docs,flask,--exclude _sources)
	$(call manual,python-django-doc,/usr/share/doc/python-django-doc/html,django_docs,django,--exclude _sources)
	$(call manual,postgresql-doc-15,/usr/share/doc/postgresql-doc-15/html,postgres_docs,postgres)

plaintext-corpus:  # seven hard-wrapped FAQs and manuals from Debian packages (eval/plaintext_docs_sources.txt)
	@mkdir -p $(PLAINTEXT)
	@while read -r pkg path name; do \
		test -f $(PLAINTEXT)/$$name && continue; \
		test -f $$path || (apt-get update -qq && apt-get install -y -qq $$pkg >/dev/null); \
		case $$path in *.gz) gunzip -c $$path > $(PLAINTEXT)/$$name ;; *) cp $$path $(PLAINTEXT)/$$name ;; esac; \
	done < eval/plaintext_docs_sources.txt

eval-formats: $(VENV)/.installed plaintext-corpus bash-pdf  # hard-wrapped text and a PDF manual
	$(BIN)/rag eval --qa eval/plaintext_docs_qa.jsonl --corpus $(PLAINTEXT) --store .rag/plaintext
	$(BIN)/rag eval --qa eval/bash_pdf_qa.jsonl --corpus /usr/share/doc/bash/bashref.pdf --store .rag/bashpdf

bench: $(VENV)/.installed docs-corpus  # about 6 min on a quiet 2-core machine; see benchmarks/run.py --help
	$(BIN)/python benchmarks/run.py

lint: $(VENV)/.installed
	$(BIN)/ruff check rag ui tests benchmarks
	$(BIN)/mypy rag ui
