"""Word (.docx), OpenDocument (.odt) and EPUB files as text with Markdown structure.

Each reader gives (text, title): headings as "#" lines, list items as "- " lines, table rows as
"| a | b |" lines, paragraphs apart by blank lines, so `rag.segment` and the chunker see the
same layout as in a Markdown file. The text is what `load_document(path).text` returns and
what citations slice. Libraries do the reading: python-docx, odfdo, EbookLib (whose chapters
are XHTML, read by the HTML loader). Does not keep images, footnotes or tracked changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from io import BytesIO

_LEVEL = re.compile(r"(?:Heading|Überschrift|Titre)\s*(\d)", re.IGNORECASE)


def docx_text(data: bytes) -> tuple[str, str]:
    """A .docx file's paragraphs and tables in order; title from its properties or Title style.

    Example: a document with a "Heading 1" paragraph "Setup" and a body paragraph ->
    ("## Setup\\n\\nThe body.\\n", "")
    """
    import docx
    from docx.table import Table

    document = docx.Document(BytesIO(data))
    blocks: list[str] = []
    title = (document.core_properties.title or "").strip()
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            blocks.append(_rows([[cell.text for cell in row.cells] for row in item.rows]))
            continue
        text = item.text.strip()
        if not text:
            continue
        style = item.style.name if item.style is not None else ""
        level = _LEVEL.match(style)
        if style == "Title":
            title = title or text
            blocks.append(f"# {text}")
        elif level:
            blocks.append(f"{'#' * min(int(level.group(1)) + 1, 6)} {text}")
        elif style.startswith("List") or item._p.pPr is not None and item._p.pPr.numPr is not None:
            blocks.append(f"- {text}")
        else:
            blocks.append(text)
    return _join(blocks), title


def odt_text(data: bytes) -> tuple[str, str]:
    """An OpenDocument text's headings, paragraphs, lists and tables in order."""
    from odfdo import Document

    document = Document(BytesIO(data))
    title = (document.meta.title or "").strip()
    return _join(list(_odf_blocks(document.body))), title


def _odf_blocks(container) -> Iterator[str]:
    for el in container.children:
        tag = el.tag
        if tag in {"text:section", "office:text"}:
            yield from _odf_blocks(el)
        elif tag == "text:h":
            text = str(el).strip()
            if text:
                yield f"{'#' * min(int(el.level or 1) + 1, 6)} {text}"
        elif tag == "text:p":
            text = str(el).strip()
            if text:
                yield text
        elif tag == "text:list":
            items = [re.sub(r"^\s*[-*•]\s+", "", ln).strip() for ln in str(el).split("\n")]
            yield "\n".join(f"- {item}" for item in items if item)
        elif tag == "table:table":
            yield _rows([[str(v) if v is not None else "" for v in row] for row in el.get_values()])


def epub_text(data: bytes, html_text: Callable[[str], tuple[str, str]]) -> tuple[str, str]:
    """An EPUB's chapters in reading order, each read by `html_text` (html -> (text, title))."""
    import tempfile

    from ebooklib import ITEM_DOCUMENT, epub

    with tempfile.NamedTemporaryFile(suffix=".epub") as tmp:  # EbookLib reads a path
        tmp.write(data)
        tmp.flush()
        book = epub.read_epub(tmp.name, options={"ignore_ncx": True})
    chapters = []
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is not None and item.get_type() == ITEM_DOCUMENT:
            text, _ = html_text(item.get_content().decode("utf-8", errors="replace"))
            if text.strip():
                chapters.append(text.strip())
    titles = book.get_metadata("DC", "title")
    return _join(chapters), (titles[0][0].strip() if titles else "")


def _rows(rows: list[list[str]]) -> str:
    lines = []
    for row in rows:
        cells = [re.sub(r"\s+", " ", c).strip() for c in row]
        if any(cells):
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _join(blocks: list[str]) -> str:
    return "\n\n".join(b for b in blocks if b.strip()) + "\n"
