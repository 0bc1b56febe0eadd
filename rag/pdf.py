"""A PDF's text layer as one text a citation can point into, page by page.

pypdf reads each page's text. Then, so that sentences and citations are the manual's own:
- running headers and footers ("Chapter 3: Basic Shell Features 35") and page numbers are
  dropped: a line at the top or bottom of a page that, digits aside, recurs on many pages,
  or is a bare number;
- a word hyphenated at a line end is joined ("struc-" + "tures" -> "structures"; "built-" +
  "in" stays "built-in" when the document writes it so elsewhere);
- numbered section headings ("3.1 Shell Syntax") become Markdown headings on lines of their own,
  so chunks carry their section and no sentence runs into them.
Pages are separated by a form feed, "\\f": the page of an offset is one more than the form
feeds before it (`page_at`). The text is what `load_document(path).text` returns, and every
citation's quote is a slice of it. Does not read scanned images (no OCR).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from io import BytesIO

from rag.errors import RagError

PAGE_BREAK = "\f"
_EDGE = 2  # lines at the top and at the bottom of a page where running headers live
_PAGE_NUMBER = re.compile(r"\s*(?:\d{1,4}|[ivxlcdm]{1,7}|page \d+(?: of \d+)?|- ?\d+ ?-)\s*",
                          re.IGNORECASE)
_LAST_NUMBER = re.compile(r"(?:^|\s)(\d{1,4})$")
_HYPHEN_END = re.compile(r"([A-Za-z]{2,})-$")
_WORD_START = re.compile(r"\s*([A-Za-z][a-z]*)([^\s]*)")
_HEADING = re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,3}|[A-Z](?:\.\d{1,2}){1,3}|Appendix [A-Z])"
                      r"\s+[A-Z][^.!?]{1,70}")
_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def read_pdf(data: bytes, name: str) -> tuple[list[str], str]:
    """Each page's raw text and the document's title from its metadata ('' if none)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise RagError(f"corrupt or unreadable PDF: {name} ({exc})") from None
    return pages, str(title).strip()


def pages_text(pages: list[str]) -> str:
    """The pages as one text: chrome dropped, hyphens joined, headings marked, "\\f" between pages.

    Example: ["Intro 1\\nThe shell reads com-\\nmands.", "Intro 2\\nIt runs them."] (with "Intro N"
    on every page) -> "The shell reads commands.\\n\\fIt runs them.\\n"
    """
    lines = [[ln.strip() for ln in p.split("\n")] for p in pages]
    lines = [[ln for ln in page if ln] for page in lines]
    chrome = _running_lines(lines)
    shift = _numbering(lines)
    lines = [_drop_chrome(page, chrome, None if shift is None else n - shift)
             for n, page in enumerate(lines)]
    vocabulary = Counter(w.lower() for page in lines for ln in page for w in _WORDS.findall(ln))
    _join_hyphens(lines, vocabulary)
    return PAGE_BREAK.join(_page(page) for page in lines)


def page_at(text: str, offset: int) -> int:
    """The 1-based page of a document offset. Example: page_at("a\\fb", 2) -> 2"""
    return text.count(PAGE_BREAK, 0, offset) + 1


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes of the lines at page edges that carry a number and recur on 3 pages ("Chapter #:
    Basic Shell Features #"), or have three words and recur on a tenth of them: a "}" or "done"
    closing a code example at the foot of many pages is not a footer."""
    counts = Counter(s for page in pages
                     for s in {_shape(ln) for ln in page[:_EDGE] + page[-_EDGE:]})
    often = max(3, len(pages) // 10)  # a header without a page number must be common
    return {shape for shape, n in counts.items()
            if ("#" in shape and n >= 3) or (len(shape.split()) >= 3 and n >= often)}


def _numbering(pages: list[list[str]]) -> int | None:
    """How far the printed page numbers run behind the page count (the front matter is
    numbered apart): the commonest difference between a page's index and a number ending a
    line at its edge, when at least 3 pages agree."""
    shifts = Counter(n - int(m.group(1)) for n, page in enumerate(pages)
                     for ln in page[:_EDGE] + page[-_EDGE:] if (m := _LAST_NUMBER.search(ln)))
    shift, count = shifts.most_common(1)[0] if shifts else (None, 0)
    return shift if count >= 3 else None


def _drop_chrome(page: list[str], chrome: set[str], printed: int | None) -> list[str]:
    """The page without its running lines, page number, and header ending in its printed page
    number ("Chapter 1: Introduction 2", on a chapter too short to recur)."""
    def is_chrome(i: int) -> bool:
        if not (i < _EDGE or i >= len(page) - _EDGE):
            return False
        number = _LAST_NUMBER.search(page[i])
        return (_shape(page[i]) in chrome or bool(_PAGE_NUMBER.fullmatch(page[i]))
                or (printed is not None and number is not None and int(number.group(1)) == printed))

    return [ln for i, ln in enumerate(page) if not is_chrome(i)]


def _join_hyphens(pages: list[list[str]], vocabulary: Counter) -> None:
    """Join words hyphenated at line ends, across pages too; the rest of the next line stays."""
    flat = [(p, i) for p, page in enumerate(pages) for i in range(len(page))]
    for (p, i), (q, j) in itertools.pairwise(flat):
        end = _HYPHEN_END.search(pages[p][i])
        start = _WORD_START.match(pages[q][j])
        if not end or not start or _HEADING.fullmatch(pages[q][j]):
            continue
        head, tail = end.group(1), start.group(1)
        joined = head + tail
        # "Bourne-" + "Again", and "built-" + "in" where the text has "built-in" more than "builtin"
        keep = (tail[0].isupper()
                or vocabulary[f"{head}-{tail}".lower()] > vocabulary[joined.lower()])
        pages[p][i] = (pages[p][i][: end.start()] + (f"{head}-{tail}" if keep else joined)
                       + start.group(2))
        pages[q][j] = pages[q][j][start.end() :].lstrip()


def _page(lines: list[str]) -> str:
    out: list[str] = []
    for ln in lines:
        if not ln:
            continue
        heading = _HEADING.fullmatch(ln)
        after_a_sentence = not out or out[-1].endswith(("\n", ".", ":", "!", "?", ")"))
        if heading and after_a_sentence and not ln.endswith((",", ";", ":")):
            depth = heading.group(1).count(".") + 2
            out.append(f"\n{'#' * min(depth, 6)} {ln}\n")
        else:
            out.append(ln)
    return "\n".join(out).strip("\n") + "\n" if out else ""
