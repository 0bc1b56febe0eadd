"""HTML for answers and sources. Everything from models or documents is escaped here.

Model output and document text are untrusted: they are HTML-escaped and Markdown
link/image syntax is defused, so an answer cannot make the browser fetch anything.
The only markup added is ours: citation links and the highlighted quote.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from rag.records import Answer, Citation, Passage

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")
_MARKER = re.compile(r"\\\[(\d+)\\\]")
CONTEXT_CHARS = 280


def inert(text: str) -> str:
    """Escape HTML and Markdown so text renders as itself.

    Example: '![x](y)' -> '\\!\\[x\\]\\(y\\)'
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def answer_markdown(answer: Answer, turn: int) -> str:
    """The answer with clickable [n] markers; unsupported claims shown struck and labelled."""
    if answer.abstained:
        body = f"_{inert(answer.text)}_"
    else:
        body = _MARKER.sub(
            lambda m: f'<a class="rag-cite" href="#rag-src-{turn}-{m.group(1)}">[{m.group(1)}]</a>',
            inert(answer.text),
        )
    unsupported = [c.text for c in answer.claims if not c.supported]
    if unsupported and not answer.abstained:
        body += "\n\n" + "\n".join(
            f'<span class="rag-unsupported">not supported by the documents, left out: '
            f"<s>{inert(t)}</s></span>" for t in unsupported
        )
    if answer.backend:
        body += f'\n\n<small class="rag-backend">answered by: {inert(answer.backend)}</small>'
    return body


def sources_html(turns: list[tuple[int, str, Answer]]) -> str:
    """Every cited passage of every answer, newest first, quote highlighted in context."""
    if not turns:
        return ('<div class="rag-sources">'
                '<p class="rag-empty">Sources of each answer appear here.</p></div>')
    parts = ['<div class="rag-sources">']
    for turn, question, answer in reversed(turns):
        parts.append(f'<h4>Answer {turn}: {html.escape(question[:120])}</h4>')
        if not answer.citations:
            parts.append('<p class="rag-empty">No sources: the documents do not answer this.</p>')
        for c in answer.citations:
            before, after = _context(answer, c)
            parts.append(
                f'<div class="rag-source" id="rag-src-{turn}-{c.number}">'
                f'<div class="rag-source-head"><b>[{c.number}]</b> {html.escape(c.title)}'
                f' <span class="rag-where">{html.escape(where(answer, c))}</span></div>'
                f'<div class="rag-context">…{html.escape(before)}'
                f'<mark class="rag-quote">{html.escape(_plain(c.quote))}</mark>'
                f'{html.escape(after)}…</div></div>'
            )
    parts.append("</div>")
    return "".join(parts)


def where(answer: Answer, citation: Citation) -> str:
    """Where the quote is: file, page (a PDF) and the section of the passage holding it.

    Example: "bashref.pdf, page 41 · 3.5.7 Word Splitting"; "call.md · Fallout, characters 10–45"
    """
    at = [Path(citation.source).name + (f", page {citation.page}" if citation.page else "")]
    passage = _holder(answer, citation)
    if passage is not None and passage.section:
        at.append(passage.section.rsplit(" > ", 1)[-1].lstrip("#").strip())
    text = " · ".join(at)
    return text if citation.page else f"{text}, characters {citation.start}–{citation.end}"


def _holder(answer: Answer, citation: Citation) -> Passage | None:
    """The retrieved passage that holds the quote."""
    for p in answer.passages:
        if p.source == citation.source and p.start <= citation.start and citation.end <= p.end:
            return p
    return None


def _context(answer: Answer, citation: Citation) -> tuple[str, str]:
    """Text around the quote, taken from the retrieved passage that holds it."""
    p = _holder(answer, citation)
    if p is None:
        return "", ""
    a, b = citation.start - p.start, citation.end - p.start
    return _plain(p.text[max(0, a - CONTEXT_CHARS) : a]), _plain(p.text[b : b + CONTEXT_CHARS])


def _plain(text: str) -> str:
    """Markdown heading marks off ("## Fallout" reads "Fallout"); paragraphs stay apart; a PDF's
    page break (a form feed) reads as a line break."""
    return re.sub(r"(?m)^#{1,6}\s+", "", text.replace("\f", "\n"))


CSS = """
.rag-sources { max-height: 640px; overflow-y: auto; font-size: 0.92em; }
.rag-source { border-left: 3px solid #b9c2d0; padding: 4px 10px; margin: 8px 0; }
.rag-source.rag-flash { border-left-color: #e8a400; background: #fff8e1; }
.rag-where { color: #667; font-size: 0.9em; }
.rag-context { white-space: pre-line; }
.rag-quote { background: #ffe58a; color: #111; padding: 0 2px; }
.rag-unsupported { color: #a33; font-size: 0.9em; }
.rag-empty { color: #778; }
"""

# Clicking a marker scrolls its source into view and flashes it (no navigation).
HEAD = """
<script>
document.addEventListener('click', function (e) {
  const a = e.target.closest && e.target.closest('a.rag-cite, a[href^="#rag-src-"]');
  if (!a) return;
  e.preventDefault(); e.stopPropagation();
  const id = a.getAttribute('href').slice(1);
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({behavior: 'instant', block: 'center'});
  document.querySelectorAll('.rag-flash').forEach(x => x.classList.remove('rag-flash'));
  el.classList.add('rag-flash');
}, true);
</script>
"""
