"""Sentence segmenters compared: speed and the errors a citation would show.

    python benchmarks/segmenters.py [--pdf /usr/share/doc/bash/bashref.pdf] [FILE.txt ...]

Compares today's regex (kept here as it was before the layout step), pySBD (char_span=True),
BlingFire (text_to_sentences_and_offsets), spaCy's rule-based sentencizer and sentencex, each
on the raw text and behind `rag.segment.units` (paragraphs, items, headings, rows; a line break
inside a paragraph read as a space). Libraries missing from the environment are skipped.

What is counted, per text:
- cut: a sentence that ends without closing punctuation while its paragraph goes on in
  lower case ("... may be brought only in the" | "courts."): a citation stopping mid-sentence;
- glued: a sentence that runs through a line that is a heading, list item, table row or page
  number on its own ("... commands. 3.1 Shell Syntax When the shell ...");
- wrap-stable: on the article, the share of sentences found the same after the text is
  hard-wrapped at 70 columns (line breaks put in place of spaces, so offsets do not move);
- ms per MB, and µs per call on an 800-character passage (what question time pays).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.loaders import load_document
from rag.segment import _trim, units

Spans = list[tuple[int, int]]

_END = re.compile(r"([.!?…]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])|(\n\s*)")
_ABBREV = {"mr", "mrs", "ms", "dr", "st", "vs", "etc", "e.g", "i.e", "no", "fig", "u.s", "jr", "sr"}


def regex_today(text: str) -> Spans:
    """rag/text.py's splitter before issue 19: every newline ends a sentence."""
    spans: Spans = []
    pos = 0
    for m in _END.finditer(text):
        if m.group(1):
            before = text[pos : m.start(1)].rsplit(None, 1)
            word = before[-1].lower().rstrip(".") if before else ""
            if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                continue
            _keep(text, pos, m.end(1), spans)
        else:
            _keep(text, pos, m.start(), spans)
        pos = m.end()
    _keep(text, pos, len(text), spans)
    return spans


def _regex_flat(text: str) -> Spans:
    """The same regex with no newline rule, for use behind the layout step."""
    return regex_today(text.replace("\n", " "))


def _keep(text: str, a: int, b: int, spans: Spans) -> None:
    span = _trim(text, a, b)
    if span:
        spans.append(span)


def _segmenters() -> dict[str, Callable[[str], Spans]]:
    found: dict[str, Callable[[str], Spans]] = {"regex (today)": _regex_flat}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
        found["pySBD"] = lambda t: [(s.start, s.end) for s in seg.segment(t)]
    except ImportError:
        pass
    try:
        import blingfire

        found["BlingFire"] = lambda t: [tuple(o)
                                        for o in blingfire.text_to_sentences_and_offsets(t)[1]]
    except ImportError:
        pass
    try:
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.max_length = 10**8
        found["spaCy sentencizer"] = lambda t: [(s.start_char, s.end_char) for s in nlp(t).sents]
    except ImportError:
        pass
    from sentencex import get_sentence_boundaries

    found["sentencex"] = lambda t: [(b["start_index"], b["end_index"])
                                    for b in get_sentence_boundaries("en", t)]
    return found


def raw(inner: Callable[[str], Spans]) -> Callable[[str], Spans]:
    def run(text: str) -> Spans:
        out: Spans = []
        for a, b in inner(text):
            _keep(text, a, b, out)
        return out
    return run


def layered(inner: Callable[[str], Spans]) -> Callable[[str], Spans]:
    flat_table = str.maketrans("\n\f\t", "   ")

    def run(text: str) -> Spans:
        out: Spans = []
        for s, e in units(text):
            flat = text[s:e].translate(flat_table)
            for a, b in inner(flat):
                _keep(text, s + a, s + b, out)
        return out
    return run


_STANDALONE = re.compile(r"""\n[ \t\f]*(?:
    \d+(?:\.\d+)+\.?[ \t]+[A-Z][^\n]{0,60}   # a numbered heading
  | \#{1,6}\ [^\n]+                         # a Markdown heading
  | [-*•][ \t][^\n]+                        # a list item
  | \d{1,4}                                 # a page number
  | \|[^\n]*\|                              # a table row
  | Chapter\ \d+:[^\n]*
)[ \t]*\n""", re.VERBOSE)


def errors(text: str, spans: Spans) -> tuple[int, int]:
    cut = glued = 0
    for a, b in spans:
        after = text[b : b + 80]
        para_goes_on = "\n\n" not in after[:3] and re.match(r"\s*[a-z]", after)
        if para_goes_on and not re.search(r"[.!?:;)\"'”’\]]$", text[a:b]):
            cut += 1
        if _STANDALONE.search("\n" + text[a:b].replace("\f", "\n") + "\n") and "\n" in text[a:b]:
            glued += 1
    return cut, glued


def wrap(text: str, width: int = 70) -> str:
    """Hard-wrap each line at `width` by turning spaces into newlines: offsets stay put."""
    chars = list(text)
    col, last_space = 0, -1
    for i, ch in enumerate(chars):
        if ch == "\n":
            col, last_space = 0, -1
            continue
        if ch == " ":
            last_space = i
        col += 1
        if col > width and last_space >= 0:
            chars[last_space] = "\n"
            col, last_space = i - last_space, -1
    return "".join(chars)


def timed(fn: Callable[[str], Spans], text: str, passages: list[str]) -> tuple[float, float]:
    t = time.perf_counter()
    fn(text)
    per_mb = (time.perf_counter() - t) * 1000 / (len(text) / 1e6)
    t = time.perf_counter()
    for p in passages:
        fn(p)
    per_call = (time.perf_counter() - t) * 1e6 / len(passages)
    return per_mb, per_call


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pdf", default="/usr/share/doc/bash/bashref.pdf")
    ap.add_argument("--article", default=str(ROOT / "corpus" / "trump-putin-call-2025-02-12.md"))
    ap.add_argument("files", nargs="*", help="hard-wrapped .txt files")
    args = ap.parse_args()
    texts = {"article": load_document(args.article).text}
    texts["article wrapped at 70"] = wrap(texts["article"])
    files = ({f"{len(args.files)} wrapped .txt": [Path(f).read_text() for f in args.files]}
             if args.files else {})
    if Path(args.pdf).exists():
        texts[Path(args.pdf).name] = load_document(args.pdf).text
    rng = random.Random(0)
    print("| segmenter | step | " + " | ".join(f"{k}: cut / glued" for k in [*texts, *files])
          + " | article wrap-stable | ms/MB (manual) | µs per passage |")
    print("|---|---|" + "---|" * (len(texts) + len(files) + 3))
    big = max(texts.values(), key=len)
    passages = [big[i : i + 800] for i in (rng.randrange(len(big) - 800) for _ in range(200))]
    for name, inner in _segmenters().items():
        steps = [("layout + segmenter", layered(inner))]
        steps.insert(0, ("alone", raw(inner) if name != "regex (today)" else regex_today))
        for step, fn in steps:
            cells = []
            for text in texts.values():
                cut, glued = errors(text, fn(text))
                cells.append(f"{cut} / {glued} of {len(fn(text))}")
            for group in files.values():  # each file is its own document (its own wrap width)
                counts = [(*errors(t, fn(t)), len(fn(t))) for t in group]
                cells.append(" / ".join(str(sum(c[k] for c in counts)) for k in (0, 1))
                             + f" of {sum(c[2] for c in counts)}")
            plain = set(fn(texts["article"]))
            stable = len(plain & set(fn(texts["article wrapped at 70"]))) / len(plain)
            per_mb, per_call = timed(fn, big, passages)
            print(f"| {name} | {step} | " + " | ".join(cells)
                  + f" | {stable:.2f} | {per_mb:.0f} | {per_call:.0f} |", flush=True)


if __name__ == "__main__":
    main()
