"""Split a loaded document into chunks that remember their exact character span.

Uses LangChain's Markdown-aware recursive splitter (headings, then paragraphs, lines,
words). Each chunk keeps `start`/`end` into the document text, and the page title and
section path it sits under; those go in front of the chunk text that is embedded and
searched (`prefix_len` says how much), never into the quoted span.

The offsets are placed here, not by the splitter's `add_start_index`: that searches for
each chunk's text from a guessed position, and in repeated text ("X X X ... X") it lands
on an earlier occurrence, so the chunks stop covering the document.
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
    )
    body = doc.text[doc.body_start :]
    headings = [(m.start(), len(m.group(1)), m.group(2).strip()) for m in _HEADING.finditer(body)]
    # a PDF's pages are apart by form feeds (rag.pdf)
    breaks = [m.start() for m in re.finditer("\f", doc.text)] if "pages" in doc.metadata else None
    pieces = splitter.split_text(body)
    chunks = []
    for piece, local in zip(pieces, place_pieces(body, pieces)):
        start = doc.body_start + local
        end = start + len(piece)
        assert doc.text[start:end] == piece
        page = None if breaks is None else bisect.bisect_right(breaks, start) + 1
        chunks.append(Chunk(doc.source, start, end, piece, doc.title, _section(headings, local),
                            page))
    return chunks


def place_pieces(text: str, pieces: list[str]) -> list[int]:
    """Start offsets for the splitter's pieces, in order, so that each slices `text`
    exactly and together they cover it: each starts after the one before, ends past it,
    and leaves only whitespace between them and at either end.

    The splitter keeps pieces in document order, overlapping by at most the overlap and
    dropping only whitespace, so its own placement meets these rules. Where text repeats
    and several occurrences would do, the latest (the most progress) is tried first; a
    search with backtracking covers the rest, and remembers the placements that led
    nowhere, so it never tries one twice (repeated text stays linear, not exponential).

    Example: place_pieces("X X X", ["X X", "X X"]) -> [0, 2]
    """
    def after_space(pos: int) -> int:  # the first non-space at or after pos
        while pos < len(text) and text[pos].isspace():
            pos += 1
        return pos

    def candidates(k: int, prev_start: int, prev_end: int) -> list[int]:
        """Where piece k may start after its predecessor, latest first."""
        piece, limit = pieces[k], after_space(prev_end)
        found, at = [], text.find(piece, prev_start + 1)
        while 0 <= at <= limit:
            if at + len(piece) > prev_end and (k, at) not in dead:
                found.append(at)
            at = text.find(piece, at + 1)
        return found[::-1]

    if not pieces:
        return []
    dead: set[tuple[int, int]] = set()  # (piece, start) placements that cannot be completed
    # stack[k]: the untried starts for piece k; the first of each is the current choice
    stack = [candidates(0, -1, 0)]
    while stack:
        if not stack[-1]:  # nothing fits here: the choice for the piece before is dead
            stack.pop()
            if stack:
                dead.add((len(stack) - 1, stack[-1].pop(0)))
            continue
        k, start = len(stack) - 1, stack[-1][0]
        end = start + len(pieces[k])
        if k + 1 == len(pieces):
            if after_space(end) == len(text):
                return [options[0] for options in stack]
            dead.add((k, stack[-1].pop(0)))
            continue
        stack.append(candidates(k + 1, start, end))
    raise ValueError("the splitter's pieces do not cover the text in order")


def _section(headings: list[tuple[int, int, str]], pos: int) -> str:
    """The heading path in force at `pos`, e.g. 'Install > On Linux'."""
    stack: list[tuple[int, str]] = []
    for at, level, title in headings:
        if at > pos:
            break
        stack = [(lv, t) for lv, t in stack if lv < level] + [(level, title)]
    # a level-1 heading repeats the page title, which the prefix already carries
    return " > ".join(t for lv, t in stack if lv > 1)
