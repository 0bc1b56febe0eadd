"""Ingestion figures on a real multi-document corpus: Python's HTML docs plus the article.

Ours (`Assistant.ingest`) against the LangChain tutorial pipeline (`rag.baseline`) with the
same embedding model object, then re-ingests of the unchanged corpus, of one touched page
and of one edited page. The pages are copied into a temporary folder first, so the edit
never touches the system's files. Does not measure retrieval or answers.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

DOCS = Path("/usr/share/doc/python3.11/html")  # Debian's python3.11-doc
EXCLUDE = ("_sources",)  # the reST sources beside the HTML: the same text twice
MB = 1e6


def pick_pages(root: Path, pages: int) -> list[Path]:
    """Every k-th HTML page in sorted order, so the sample has the corpus's mix of sizes.

    Example: 530 pages, pages=60 -> pages 0, 8, 17, 26, ... (60 of them); pages=0 -> all 530.
    """
    files = sorted(p for p in root.rglob("*.html")
                   if not any(part in EXCLUDE for part in p.relative_to(root).parts))
    if pages <= 0 or pages >= len(files):
        return files
    return [files[i * len(files) // pages] for i in range(pages)]


def make_corpus(dest: Path, pages: int, article: Path, docs: Path = DOCS) -> tuple[Path, int]:
    """Copy the chosen pages (keeping their folders) and the article into `dest`.

    Returns (dest, number of HTML pages in the whole docs folder).
    """
    total = len(pick_pages(docs, 0))
    for page in pick_pages(docs, pages):
        target = dest / "python-docs" / page.relative_to(docs)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    shutil.copyfile(article, dest / article.name)
    return dest, total


def source_text(corpus: Path) -> dict:
    """What both pipelines read: files, raw bytes, and the UTF-8 bytes of the extracted text
    (both use `rag.loaders.load_document`, so this is the same for both)."""
    from rag.loaders import discover, load_document

    files, _ = discover([corpus], EXCLUDE)
    text = sum(len(load_document(f).text.encode()) for f in files)
    return {"files": len(files), "raw_mb": sum(f.stat().st_size for f in files) / MB,
            "text_mb": text / MB}


def ingest_ours(bot, corpus: Path) -> dict:
    """A first ingest into an empty store; chunks and embedded text as our pipeline made them."""
    t = time.perf_counter()
    report = bot.ingest([corpus], exclude=EXCLUDE)
    seconds = time.perf_counter() - t
    embedded = sum(len(c.text.encode()) for c in bot.store.all_chunks())
    return {"seconds": seconds, "chunks": report.chunks_embedded, "embedded_mb": embedded / MB,
            "skipped": len(report.skipped)}


def ingest_baseline(corpus: Path, embeddings, generator) -> dict:
    """The tutorial pipeline (1000/200 splitter, `Chroma` add_documents) into a temporary store."""
    from rag.baseline import TutorialPipeline

    t = time.perf_counter()
    pipeline = TutorialPipeline([corpus], embeddings, generator, exclude=EXCLUDE)
    seconds = time.perf_counter() - t
    docs = pipeline.store.get(include=["documents"])["documents"]
    return {"seconds": seconds, "chunks": len(docs),
            "embedded_mb": sum(len(d.encode()) for d in docs) / MB}


def with_rates(figures: dict, text_mb: float) -> dict:
    s = figures["seconds"]
    return {**figures, "chunks_per_s": figures["chunks"] / s, "text_mb_per_s": text_mb / s}


def reingest(bot, corpus: Path) -> dict:
    """Re-ingest unchanged, after touching one page (mtime only) and after editing it.

    The edit puts a sentence at the top of the page's body, which shifts every offset after
    it: the worst case for one page, so all its chunks are new and nothing else may be.
    """
    out = {}
    out["unchanged"] = _timed_ingest(bot, corpus)
    pages = sorted(corpus.rglob("*.html"), key=lambda p: (p.stat().st_size, str(p)))
    page = pages[len(pages) // 2]  # the median-sized page
    out["page"] = str(page.relative_to(corpus))
    os.utime(page)
    out["touched"] = _timed_ingest(bot, corpus)
    before = _chunks_of(bot, page)
    html = page.read_text(encoding="utf-8")
    body = html.index(">", html.index("<body")) + 1
    page.write_text(html[:body] + "\n<p>This page was edited for the benchmark.</p>\n"
                    + html[body:], encoding="utf-8")
    out["edited"] = {**_timed_ingest(bot, corpus), "page_chunks_before": before,
                     "page_chunks_after": _chunks_of(bot, page)}
    return out


def _timed_ingest(bot, corpus: Path) -> dict:
    t = time.perf_counter()
    report = bot.ingest([corpus], exclude=EXCLUDE)
    return {"seconds": time.perf_counter() - t, "embedded": report.chunks_embedded,
            "deleted": report.chunks_deleted, "updated_files": len(report.updated)}


def _chunks_of(bot, page: Path) -> int:
    return {d.source: d.chunks for d in bot.documents()}.get(str(page.resolve()), 0)


def run(tmp: Path, pages: int, article: Path, embeddings: dict) -> dict:
    """All ingestion figures, ours and the baseline measured in this one call.

    `embeddings`: {"ours": ..., "baseline": ...}, the same model in each pipeline's runtime."""
    from rag import Assistant, Settings

    corpus, total = make_corpus(tmp / "corpus", pages, article)
    text = source_text(corpus)
    bot = Assistant(Settings(home=tmp / "home", _env_file=None), llm="extractive",
                    embeddings=embeddings["ours"])
    _ = bot.store  # open Chroma and the record database outside the timings
    ours = with_rates(ingest_ours(bot, corpus), text["text_mb"])
    base = with_rates(ingest_baseline(corpus, embeddings["baseline"], bot.chain.generator),
                      text["text_mb"])
    return {"corpus": {**text, "docs_pages": len(pick_pages(corpus, 0)), "docs_pages_total": total},
            "ours": ours, "baseline": base, "reingest": reingest(bot, corpus)}
