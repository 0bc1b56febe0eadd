"""Check a drafted answer against its passages and turn markers into exact citations.

Each sentence of the draft is a claim. A claim is supported when one sentence of a
passage contains most of its content words (or, failing that, means the same by
embedding similarity). The citation is narrowed to that sentence, with offsets into the
document, and re-pointed to the right passage when the model cited the wrong one.
Unsupported claims stay in `Answer.claims` marked so, and are left out of `Answer.text`.
Does not retrieve or generate.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.records import Citation, Claim, Passage
from rag.text import content_terms, looks_like_injection, sentence_spans

ABSTAIN_TEXT = "The documents don't contain an answer to this question."
MIN_LEXICAL = 0.6  # share of a claim's content words found in one source sentence
MIN_SEMANTIC = 0.75  # cosine similarity that counts as support when words differ
MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_REFUSAL = re.compile(
    r"\b(i don'?t know|i do not know|no information|not (?:mentioned|stated|specified)|"
    r"(?:do|does) not (?:say|mention|contain|provide|specify)|cannot (?:be )?(?:answer|determine)|"
    r"can'?t (?:answer|tell))",
    re.IGNORECASE,
)

Similarity = Callable[[str, list[str]], list[float]]


@dataclass(frozen=True)
class Verified:
    text: str
    abstained: bool
    claims: list[Claim]
    citations: list[Citation]


@dataclass(frozen=True)
class _Support:
    passage: Passage
    start: int  # document offsets
    end: int
    score: float


def verify(draft: str, passages: list[Passage], similarity: Similarity | None = None) -> Verified:
    """Split `draft` into claims, check each against the passages, build citations.

    Example: "Keith Kellogg was excluded [1]." with passage 1 holding the sentence about
    Kellogg -> one supported claim, one citation whose quote is that sentence.
    """
    found: list[tuple[str, _Support | None]] = []
    for start, end in sentence_spans(draft):
        raw = draft[start:end]
        cited = [int(n) for m in MARKER.finditer(raw) for n in re.split(r"[,;]", m.group(1))]
        text = MARKER.sub("", raw).strip()
        if not text or not content_terms(text) or (is_refusal(text) and not cited):
            continue
        cited_passages = [passages[n - 1] for n in cited if 1 <= n <= len(passages)]
        support = _find_support(text, cited_passages, similarity) or _find_support(
            text, [p for p in passages if p not in cited_passages], similarity
        )
        found.append((text, support))
    spans = iter(_stretches([s for _, s in found if s is not None]))
    claims: list[Claim] = []
    citations: dict[tuple[str, int, int], Citation] = {}
    parts: list[str] = []
    for text, support in found:
        if support is None:
            claims.append(Claim(text, [], False))
            continue
        passage, start, end = next(spans)
        key = (passage.source, start, end)
        if key not in citations:
            quote = passage.text[start - passage.start : end - passage.start]
            page = None if passage.page is None else passage.page + passage.text.count(
                "\f", 0, start - passage.start)  # a form feed separates a PDF's pages
            citations[key] = Citation(len(citations) + 1, key[0], start, end, quote, passage.title, page)
        number = citations[key].number
        claims.append(Claim(text, [number], True))
        parts.append(_with_marker(text, number))
    supported = [c for c in claims if c.supported]
    if not supported:
        return Verified(ABSTAIN_TEXT, True, claims, [])
    return Verified(" ".join(parts), False, claims, list(citations.values()))


def _stretches(supports: list[_Support]) -> list[tuple[Passage, int, int]]:
    """Each support's citation span, in order: claims in a row that rest on consecutive
    sentences of one paragraph share one citation of the whole stretch ("The number of worker
    threads to use when checking links. Default is 5 threads."), not one per sentence."""
    runs: list[list[_Support]] = []
    for support in supports:
        if runs and _next_in_paragraph(runs[-1][-1], support):
            runs[-1].append(support)
        else:
            runs.append([support])
    return [(run[0].passage, run[0].start, run[-1].end) for run in runs for _ in run]


def _next_in_paragraph(a: _Support, b: _Support) -> bool:
    """b's sentence comes after a's in the same passage, with only spaces (no blank line) between."""
    if b.passage is not a.passage or b.start < a.end:
        return False
    between = a.passage.text[a.end - a.passage.start : b.start - a.passage.start]
    return not between.strip() and "\n\n" not in between


def is_refusal(text: str) -> bool:
    return bool(_REFUSAL.search(text))


def _with_marker(text: str, number: int) -> str:
    m = re.search(r"[.!?…]+[\"'”’)]*$", text)
    if m:
        return f"{text[: m.start()]} [{number}]{text[m.start():]}"
    return f"{text} [{number}]"


def _find_support(
    claim: str, passages: list[Passage], similarity: Similarity | None
) -> _Support | None:
    if not passages:
        return None
    terms = set(content_terms(claim))
    candidates: list[tuple[Passage, int, int]] = []
    best: _Support | None = None
    for passage in passages:
        for s, e in sentence_spans(passage.text):
            if looks_like_injection(passage.text[s:e]):
                continue  # instructions planted in a document support nothing
            candidates.append((passage, s, e))
            span_terms = set(content_terms(passage.text[s:e]))
            score = len(terms & span_terms) / len(terms)
            if score >= MIN_LEXICAL and (best is None or score > best.score):
                best = _Support(passage, passage.start + s, passage.start + e, score)
    if best is not None or similarity is None or not candidates:
        return best
    scores = similarity(claim, [p.text[s:e] for p, s, e in candidates])
    top = max(range(len(scores)), key=scores.__getitem__)
    if scores[top] < MIN_SEMANTIC:
        return None
    passage, s, e = candidates[top]
    return _Support(passage, passage.start + s, passage.start + e, scores[top])
