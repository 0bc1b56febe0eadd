"""Sentences with exact offsets, right on hard-wrapped text, Markdown, HTML text and PDF text.

Two steps. First the text is cut into *units* by its layout: a paragraph (its lines joined),
a list item (with its wrapped lines), a heading, a table row, a line of a code block. A line
break inside a paragraph does not end a sentence; a blank line, a heading, a list item, a table
row, a page of a PDF that begins a new paragraph, and a line broken on purpose do. A line is
broken on purpose when the next line's first word would have fitted on it: a writer who
wraps at 72 columns breaks "Status: deprecated" before "When: 1.17.x" for a reason, and
"... may be brought only in the" before "courts." for lack of room.

Then each unit goes to `sentencex` (a maintained rule-based segmenter that reports offsets and
downloads nothing) with its line breaks read as spaces: the same length, so every offset is
an offset into the original text and `text[start:end]` is the sentence as written, line breaks
and all. Markers are trimmed ("# ", "- ", "1. ", "Q: "). Does not know about documents or
pages: the PDF loader puts a form feed between pages and drops running headers.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from sentencex import get_sentence_boundaries

# a list item or a FAQ's question and answer: begins a unit, and its wrapped lines follow it
_ITEM = re.compile(r"""[ \t\f]*(?:
    [-*+•‣◦▪–][ \t]+         # a bullet
  | \d{1,3}[.)][ \t]+        # "1.", "2)"
  | \(?[a-z][.)][ \t]+       # "a.", "(b)"
  | [QA][.:][ \t]+           # "Q:", "A."
  | \d+(?:\.\d+)*\.?\t)      # "1.1<TAB>"
""", re.VERBOSE)
# a unit of one line: a Markdown heading, a table row, a tab-separated row
# ("1.1<TAB>Lsof -- what is it?")
_ALONE = re.compile(r"[ \t\f]*(?:#{1,6}[ \t]|\|.*\|[ \t]*$|"
                    r"(?!\d+(?:\.\d+)*\.?\t)\S[^\t\n]*\S\t+\S)")
# a line of underline or ornament: "=====", "-----", "~~~~", "*****", "_____"; ends a unit
_RULE = re.compile(r"[ \t]*([=\-~*_^+#.])\1{2,}[ \t]*$")
_FENCE = re.compile(r"[ \t\f]*(?:```|~~~(?!~))[^`~]*$")
_LEAD = re.compile(r"(?:#{1,6}\s+|[-*+•‣◦▪–]\s+|\d{1,3}[.)]\s+|[QA][.:]\s+|\d+(?:\.\d+)*\.?\t+)")
_LOWER = re.compile(r"\s*[a-z]")
_STOP_AT_LINE_END = re.compile(r"(?:^|(?<=\s))([\w.]*\w)[.!?][\"'”’)]*(?=[ \t]*\n[ \t\f]*[a-z])")
_MARKED_STOP = re.compile(r"[.!?…][\"'”’)]*[ \t]*\[\d+(?:\s*[,;]\s*\d+)*\](?=\s+\S)")
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "cf", "al", "approx", "incl", "resp", "viz", "fig",
                  "no", "esp", "ca", "ch", "sec", "vol", "pp", "p"}
_RUN_ON = re.compile(r"(?<=[a-z]{3}[.!?])([A-Z][a-z]+)\b")
_FLAT = str.maketrans("\n\f\t\r\v", "     ")
# a line shorter than this share of the text's wrap width, with room for the next word, was
# broken on purpose (measured on the Bash manual's PDF text, where TeX justifies lines)
ROOM = 0.8


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences as (start, end) offsets, whitespace and list/heading markers trimmed.

    Example: "One. Two!\\n# Three" -> [(0, 4), (5, 9), (12, 17)];
    "It may be brought only in the\\ncourts. Then" -> [(0, 37), (38, 42)]
    """
    spans: list[tuple[int, int]] = []
    for start, end in units(text):
        spans += split_unit(text, start, end)
    return spans


def split_unit(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of one unit (a paragraph, item, heading or row), its line breaks read as
    spaces."""
    flat = text[start:end].translate(_FLAT)
    out: list[tuple[int, int]] = []
    for piece in _segment(flat, text[start:end]):
        span = _trim(text, start + piece[0], start + piece[1])
        if span:
            out += _split_run_on(text, *span)
    return out


def _segment(flat: str, original: str) -> list[tuple[int, int]]:
    if "." not in flat and "!" not in flat and "?" not in flat and "…" not in flat:
        return [(0, len(flat))]  # nothing can end a sentence inside: skip the segmenter
    out: list[tuple[int, int]] = []
    for b in get_sentence_boundaries("en", flat):
        start, end = b["start_index"], b["end_index"]
        # no space after the stop ("datetime.MAXYEAR"), or the next words go on in lower case
        # on the same line ("see Fig. 3. then ..."): one sentence, as the old splitter had it.
        # After a line break a lower-case word may begin a paragraph ("zero.\npopd [-n]")
        gap = original[out[-1][1] : start] if out else ""
        lower = _LOWER.match(flat, start) and "\n" not in gap
        if out and (not flat[start - 1 : start].isspace() or lower):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return [piece for a, b in out for piece in _term_after_stop(original, a, b)]


def _term_after_stop(original: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split where a line ends a sentence and the next begins in lower case: a PDF's
    definition list puts the term "popd" on the line after "... starting with zero."; not
    after "e.g." or "etc." at a line end. And after a citation marker that follows a stop."""
    cuts = [m.end() for m in _STOP_AT_LINE_END.finditer(original, start, end)
            if m.group(1).lower() not in _ABBREVIATIONS]
    # an answer's "Lovelace wrote it. [1] She was ...": the marker closes its sentence
    cuts += [m.end() for m in _MARKED_STOP.finditer(original, start, end)]
    bounds = [start, *sorted(cuts), end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def units(text: str) -> Iterator[tuple[int, int]]:
    """Paragraphs, list items, headings and table rows as (start, end), in order.

    Example: "A wrapped\\nparagraph.\\n\\n- an item\\n  wrapped\\n# Head" ->
    spans of "A wrapped\\nparagraph.", "- an item\\n  wrapped", "# Head"
    """
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    columns = [_columns(text[s:e]) for s, e in lines]
    width = _wrap_width(columns)
    unit: list[tuple[int, int]] = []
    fenced = False
    prev_end = 0
    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        blank_before, prev_end = s - prev_end >= 2, e  # only newlines lie between lines
        if unit and (blank_before or fenced or not line.strip()):
            yield unit[0][0], unit[-1][1]
            unit = []
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or _ALONE.match(line):
            yield from _flush(unit)
            unit = []
            yield s, e
            continue
        if not line.strip():
            continue
        if _RULE.match(line):  # an underline makes the line above a heading of its own
            if len(unit) > 1:
                yield unit[0][0], unit[-2][1]
                unit = unit[-1:]
            yield from _flush(unit)
            unit = []
            continue
        if unit and (_ITEM.match(line) or _on_purpose(line, columns, i, width)):
            yield unit[0][0], unit[-1][1]
            unit = []
        unit.append((s, e))
    yield from _flush(unit)


def _flush(unit: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    if unit:
        yield unit[0][0], unit[-1][1]


def _wrap_width(columns: list[int]) -> int:
    """The column the text is wrapped at: the 90th percentile of its line lengths. An unwrapped
    text (a line per paragraph) has long lines, so no line of it looks short."""
    ordered = sorted(columns)
    return ordered[int(len(ordered) * 0.9)] if ordered else 0


def _columns(line: str) -> int:
    return len(line.expandtabs().rstrip())


def _on_purpose(line: str, columns: list[int], i: int, width: int) -> bool:
    """The break before line i was made on purpose: its first word would have fitted on the
    line before, which is well short of the width the lines around it are wrapped at (an
    indented description in a PDF is narrower than the page's full lines)."""
    near = min(width, max(columns[max(0, i - 3) : i + 2]))
    word = len(line.split(None, 1)[0])
    return columns[i - 1] + 1 + word <= near * ROOM


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    lead = _LEAD.match(stripped)
    if lead and lead.end() < len(stripped.rstrip()):
        start += lead.end()
    end = start + len(text[start:end].rstrip())
    if end > start and any(ch.isalnum() for ch in text[start:end]):
        return start, end
    return None


def _split_run_on(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split "informed dialogue.While the content" (a lost space) where the next word is a
    common sentence opener; "datetime.MAXYEAR" and "os.Path" stay whole."""
    cuts = [m.start() for m in _RUN_ON.finditer(text, start, end)
            if m.group(1).lower() in _openers()]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _openers() -> frozenset[str]:
    from rag.text import _stop_words  # here, not at the top: rag.text imports this module

    return _stop_words()
