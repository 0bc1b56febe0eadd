"""Split a loaded document into chunks that remember their exact character span.

Uses LangChain's Markdown-aware recursive splitter (headings, then paragraphs, lines,
words). Each chunk keeps `start`/`end` into the document text, and the page title and
section path it sits under; those go in front of the chunk text that is embedded and
searched (`prefix_len` says how much), never into the quoted span.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from langchain_text_splitters import Language, RecursiveCharacterTextSplitter

from rag.loaders import LoadedDocument

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


@dataclass(frozen=True)
class Chunk:
    source: str
    start: int
    end: int
    text: str  # == document text[start:end]
    title: str
    section: str
    page: int | None = None  # a PDF's page (1-based) where the chunk begins

    @property
    def search_text(self) -> str:
        """What is embedded and indexed: title and section, then the chunk itself."""
        return self.prefix + self.text

    @property
    def prefix(self) -> str:
        head = " > ".join(p for p in (self.title, self.section) if p)
        return f"{head}\n\n" if head else ""


def split_document(doc: LoadedDocument, chunk_size: int = 800, overlap: int = 120) -> list[Chunk]:
    """Chunks covering the document body, in order.

    Example: a 2,000-character Markdown file -> about three chunks, each with
    `doc.text[c.start:c.end] == c.text`.
    """
    splitter = RecursiveCharacterTextSplitter.from_language(
        Language.MARKDOWN,
        chunk_size=chunk_size,
        chunk_overlap=overlap,
        add_start_index=True,
    )
    body = doc.text[doc.body_start :]
    headings = [(m.start(), len(m.group(1)), m.group(2).strip()) for m in _HEADING.finditer(body)]
    # a PDF's pages are apart by form feeds (rag.pdf)
    breaks = [m.start() for m in re.finditer("\f", doc.text)] if "pages" in doc.metadata else None
    chunks = []
    for piece in splitter.create_documents([body]):
        local = piece.metadata["start_index"]
        if local < 0:  # the splitter could not locate the piece; find it ourselves
            local = body.find(piece.page_content)
        start = doc.body_start + local
        end = start + len(piece.page_content)
        assert doc.text[start:end] == piece.page_content
        page = None if breaks is None else bisect.bisect_right(breaks, start) + 1
        chunks.append(
            Chunk(doc.source, start, end, piece.page_content, doc.title, _section(headings, local), page)
        )
    return chunks


def _section(headings: list[tuple[int, int, str]], pos: int) -> str:
    """The heading path in force at `pos`, e.g. 'Install > On Linux'."""
    stack: list[tuple[int, str]] = []
    for at, level, title in headings:
        if at > pos:
            break
        stack = [(lv, t) for lv, t in stack if lv < level] + [(level, title)]
    # a level-1 heading repeats the page title, which the prefix already carries
    return " > ".join(t for lv, t in stack if lv > 1)
