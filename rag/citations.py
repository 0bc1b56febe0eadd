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
from dataclasses import dataclass, replace

from rag.records import Citation, Claim, Passage
from rag.text import (
    content_terms,
    identifiers,
    looks_like_injection,
    sentence_spans,
    stem_matches,
)

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
    own: float = 0.0  # the share held by the sentences alone, without their context line
    also: _Support | None = None  # a second candidate holding words the first lacks


def verify(draft: str, passages: list[Passage], similarity: Similarity | None = None) -> Verified:
    """Split `draft` into claims, check each against the passages, build citations.

    Example: "Ada Lovelace wrote the first program [1]." with passage 1 holding the sentence
    about Lovelace -> one supported claim, one citation whose quote is that sentence.
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
    return _assemble(found)


def _assemble(found: list[tuple[str, _Support | None]]) -> Verified:
    """Claims and their supports -> the shown text (supported claims with markers), the
    claims, and citations numbered in order of first use."""
    spans = iter(_stretches([s for _, s in found if s is not None]))
    claims: list[Claim] = []
    citations: dict[tuple[str, int, int], Citation] = {}
    parts: list[str] = []
    for text, support in found:
        if support is None:
            claims.append(Claim(text, [], False))
            continue
        numbers = [_cite(citations, *next(spans))]
        if support.also is not None:
            also = support.also
            numbers.append(_cite(citations, also.passage, also.start, also.end))
        claims.append(Claim(text, numbers, True))
        parts.append(_with_marker(text, *dict.fromkeys(numbers)))
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
    """b's sentence comes after a's in the same passage, with only spaces (no blank line)
    between."""
    if b.passage is not a.passage or b.start < a.end:
        return False
    between = a.passage.text[a.end - a.passage.start : b.start - a.passage.start]
    return not between.strip() and "\n\n" not in between


def is_refusal(text: str) -> bool:
    return bool(_REFUSAL.search(text))


def _cite(citations: dict[tuple[str, int, int], Citation], passage: Passage, start: int,
          end: int) -> int:
    """The number of the citation of this span, adding it if it is new."""
    key = (passage.source, start, end)
    if key not in citations:
        quote = passage.text[start - passage.start : end - passage.start]
        page = None if passage.page is None else passage.page + passage.text.count(
            "\f", 0, start - passage.start)  # a form feed separates a PDF's pages
        citations[key] = Citation(len(citations) + 1, key[0], start, end, quote, passage.title,
                                  page)
    return citations[key].number


def _with_marker(text: str, *numbers: int) -> str:
    markers = "".join(f"[{n}]" for n in numbers)
    m = re.search(r"[.!?…]+[\"'”’)]*$", text)
    if m:
        return f"{text[: m.start()]} {markers}{text[m.start():]}"
    return f"{text} {markers}"


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


# "This passage directly supports the answer that ...", "According to sentence 2, ...": words
# about the sentences, not about the world; the claim is what follows
_META = re.compile(
    r"^(?:(?:according to|based on|as (?:stated|said|mentioned) in|as per|from) (?:the )?"
    r"(?:given |provided |numbered )?(?:passages?|sentences?|documents?|text|evidence)"
    r"(?:\s*\[?\d+\]?(?:\s*(?:and|,)\s*\[?\d+\]?)*)?,?\s*"
    r"|(?:this|the|these) (?:given |provided )?(?:passages?|sentences?|documents?|text|evidence)"
    r"(?:\s*\[?\d+\]?)?\s+(?:\w+\s+){0,2}(?:supports?|states?|says?|shows?|indicates?|mentions?"
    r"|explains?|confirms?)\s+(?:the answer\s+)?(?:that\s+)?)",
    re.IGNORECASE,
)
_ABOUT_SOURCES = re.compile(
    r"\b(?:passage|sentence|evidence)s?\s*\[?\d*\]?\s+(?:\w+\s+){0,2}(?:supports?|answers?)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


def verify_draft(draft, passages: list[Passage], similarity: Similarity | None = None) -> Verified:
    """Check each sentence of a reader's `Draft` against the candidate sentences it cites.

    A claim is supported by its cited sentence, or by that sentence with the one before or
    after it in its paragraph ("Her notes, published in 1843, ..." needs the sentence
    naming Lovelace), read with its context line (title, section, entry). Every number
    and code name in the claim must be in the support: "port 6379" is not supported by a
    sentence that gives no port. A claim no cited sentence supports may rest on another
    candidate (re-pointed), or on any sentence of the passages; else it is unsupported.
    """
    found: list[tuple[str, _Support | None]] = []
    candidates = draft.candidates
    for text, cited in draft.sentences:
        text = _META.sub("", text).strip()
        if text[:1].islower():
            text = text[0].upper() + text[1:]
        if not text or not content_terms(text) or is_refusal(text):
            continue
        if _ABOUT_SOURCES.search(text):
            found.append((text, None))  # a sentence about the sources is never a fact
            continue
        chosen = [candidates[n - 1] for n in cited if 1 <= n <= len(candidates)]
        others = [c for c in candidates if c not in chosen]
        support = _better_rival(text, _lexical_support(text, chosen), others)
        if support is not None:
            support = _with_second(text, support, chosen + others)
        else:
            support = (_semantic_support(text, chosen, similarity)
                       or _lexical_support(text, others)
                       or _semantic_support(text, others, similarity)
                       or _checked(text, _find_support(text, passages, similarity)))
        found.append((text, support))
    return _assemble(found)


def _better_rival(claim: str, own: _Support | None, others: list) -> _Support | None:
    """The cited sentence's support by words, unless another candidate holds more of the
    claim's words: the model wrote "far more restrained" from [4] but cited [3]."""
    if own is None or own.own >= 1 - 1e-9:
        return own
    rival = _lexical_support(claim, others)
    return rival if rival is not None and _beats(rival, own, by_length=False) else own


def _with_second(claim: str, support: _Support, candidates: list) -> _Support:
    """The support, with a second candidate sentence if the claim joins two: the words the
    first lacks ("far more restrained"), two or more of them, in another sentence's own words."""
    quote, context = _quote_and_context(support)
    held = set(content_terms(quote)) | set(content_terms(context))
    missing = {t for t in content_terms(claim) if not stem_matches(t, held)}
    best, most = None, 1
    for c in candidates:
        start = c.passage.start + c.start
        if c.passage.source == support.passage.source and start < support.end and \
                c.passage.start + c.end > support.start:
            continue  # inside the first support
        count = sum(1 for t in missing if stem_matches(t, set(content_terms(c.text))))
        if count > most and not looks_like_injection(c.text):
            best, most = c, count
    if best is None:
        return support
    second = _Support(best.passage, best.passage.start + best.start,
                      best.passage.start + best.end, 1.0, 1.0)
    return replace(support, also=second)


def _beats(a: _Support, b: _Support, by_length: bool = True) -> bool:
    """More of the claim's words; on a tie, more of them in the sentences' own words (every
    sentence of a section shares its context line); then the shorter stretch."""
    eps = 1e-9
    if abs(a.score - b.score) > eps:
        return a.score > b.score
    if abs(a.own - b.own) > eps:
        return a.own > b.own
    return by_length and a.end - a.start < b.end - b.start


def _lexical_support(claim: str, candidates: list) -> _Support | None:
    """The candidate sentence, or sentence with a neighbour, holding most of the claim's words."""
    terms = set(content_terms(claim))
    best: _Support | None = None
    for c in candidates:
        for s, e in _windows(c.passage.text, c.start, c.end):
            window = c.passage.text[s:e]
            if looks_like_injection(window) or not _names_held(claim, window, c.context):
                continue
            words = set(content_terms(window))
            held = words | set(content_terms(c.context))
            score = sum(1 for t in terms if stem_matches(t, held)) / len(terms)
            own = sum(1 for t in terms if stem_matches(t, words)) / len(terms)
            # among the best, the one whose own words hold most (every sentence of a section
            # shares its context line), then the shortest: a window must beat its sentence
            found = _Support(c.passage, c.passage.start + s, c.passage.start + e, score, own)
            if score >= MIN_LEXICAL and (best is None or _beats(found, best)):
                best = found
    return best


def _semantic_support(claim: str, candidates: list,
                      similarity: Similarity | None) -> _Support | None:
    """Failing words, the candidate (with the sentence after it) closest in meaning."""
    if similarity is None:
        return None
    singles = [(c.passage, s, e, c.context) for c in candidates
               for s, e in _windows(c.passage.text, c.start, c.end)
               if s == c.start and not looks_like_injection(c.passage.text[s:e])
               and _names_held(claim, c.passage.text[s:e], c.context)]
    if not singles:
        return None
    scores = similarity(claim, [f"{ctx} {p.text[s:e]}".strip() for p, s, e, ctx in singles])
    top = max(range(len(scores)), key=scores.__getitem__)
    if scores[top] < MIN_SEMANTIC:
        return None
    passage, s, e, _ = singles[top]
    return _Support(passage, passage.start + s, passage.start + e, scores[top])


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence, then with its neighbour before, then after, within its paragraph."""
    spans = sentence_spans(text)
    out = [(start, end)]
    before = [sp for sp in spans if sp[1] <= start]
    after = [sp for sp in spans if sp[0] >= end]
    if before and "\n\n" not in text[before[-1][1] : start]:
        out.append((before[-1][0], end))
    if after and "\n\n" not in text[end : after[0][0]]:
        out.append((start, after[0][1]))
    return out


def _names_held(claim: str, support: str, context: str = "") -> bool:
    """Every number of the claim is in the support's sentences, and every code name in them
    or their context line (a section number such as "8.14. JSON Types" is no version)."""
    lowered = support.lower()
    numbers = {n.rstrip(".,:") for n in _NUMBER.findall(claim)}
    if any(n not in lowered for n in numbers):
        return False
    named = f"{context}\n{support}".lower()
    return all(name in named for name in identifiers(claim) if not name[0].isdigit())


def _checked(claim: str, support: _Support | None) -> _Support | None:
    if support is None:
        return None
    return support if _names_held(claim, *_quote_and_context(support)) else None


def _quote_and_context(support: _Support) -> tuple[str, str]:
    """The supporting text, and its passage's context line (title, section, entry)."""
    p = support.passage
    return (p.text[support.start - p.start : support.end - p.start],
            f"{p.title}\n{p.section}\n{p.entry}")
