"""The LLM reader: a chat model reads numbered candidate sentences and writes a cited answer.

Designed for a small model on 2 cores, used for any OpenAI-compatible server too:
- what it reads: the best sentences of the retrieved passages (the extractive ranker's
  order), each numbered and under its context (page title, section, API or option entry),
  within a prompt budget in tokens; a faster server gets a larger budget;
- what it writes: JSON, constrained by a schema where the server takes one (llama.cpp):
  `{"evidence": [2], "answer": "..."}`, the numbers of the sentences that state the answer
  first, then a short answer in its own words; `[]` and `""` when nothing answers;
- the system prompt is the same for every question, so llama.cpp's prompt cache serves it.

The answer text streams as the model writes it. The final `Draft` maps every answer
sentence to candidate sentences with exact offsets; `rag.citations.verify_draft` then
checks each one. Does not retrieve, and decides nothing about support.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from langchain_core.runnables import Runnable

from rag.prompts import reader_messages
from rag.records import Passage
from rag.text import sentence_spans

Rank = Callable[[str, list[Passage]], list[tuple[float, int, Passage, int, int]]]
_ANSWER_FIELD = re.compile(r'"answer"\s*:\s*"')
_MARKERS = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "", "f": "", "n": " ", "r": " ", "t": " "}

SCHEMA = {
    "type": "object",
    "properties": {
        "evidence": {"type": "array", "items": {"type": "integer"}, "maxItems": 4},
        "answer": {"type": "string", "maxLength": 400},
    },
    "required": ["evidence", "answer"],
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Candidate:
    """A numbered sentence the model reads: `passage.text[start:end]`, with its context."""

    number: int
    passage: Passage
    start: int
    end: int
    context: str = ""

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


@dataclass
class Draft:
    """What the model wrote, parsed: answer sentences with the candidates each cites."""

    sentences: list[tuple[str, list[int]]]
    candidates: list[Candidate]
    declined: bool = False  # the model said nothing answers
    raw: str = ""
    notes: list[str] = field(default_factory=list)  # what parsing had to repair


class SentenceReader:
    """Chat model + candidate sentences -> streamed answer text, then a `Draft`.

    Example: "Who wrote the first program?" with candidate [2] "Ada Lovelace ... wrote ..."
    -> streams "Ada Lovelace wrote it.", then Draft([("Ada Lovelace wrote it.", [2])])
    """

    def __init__(
        self,
        chat_model: Runnable,
        rank: Rank,
        *,
        budget_tokens: int = 220,
        max_candidates: int = 8,
        min_score: float = 0.0,  # the best sentence's rank score below which it declines
        schema: bool = True,
    ) -> None:
        self.chat_model = chat_model
        self.rank = rank
        self.budget_tokens = budget_tokens
        self.max_candidates = max_candidates
        self.min_score = min_score
        self.schema = schema

    def candidates(self, question: str, passages: list[Passage]) -> list[Candidate]:
        """The best sentences within the budget (about 4 characters a token), best first."""
        chosen: list[Candidate] = []
        used = 0
        seen: set[tuple[str, int]] = set()
        ranked = self.rank(question, passages)
        if not ranked or ranked[0][0] < self.min_score:
            return []  # retrieval's evidence: no sentence is near enough to read
        for _, _, passage, start, end in ranked:
            if len(chosen) >= self.max_candidates:
                break
            key = (passage.source, passage.start + start)
            if key in seen:
                continue
            cost = (end - start) // 4 + 4
            if chosen and used + cost > self.budget_tokens:
                continue  # a shorter sentence further down may still fit
            seen.add(key)
            used += cost
            chosen.append(Candidate(len(chosen) + 1, passage, start, end, _context(passage)))
        return chosen

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str | Draft]:
        """Answer text as it is written, then the parsed `Draft` (last)."""
        candidates = self.candidates(question, passages)
        if not candidates:
            yield Draft([], [], declined=True, notes=["no candidate sentence"])
            return
        model = self.chat_model
        if self.schema:
            # as extra_body, so LangChain streams it as text instead of parsing it at the end
            model = model.bind(extra_body={"response_format": {
                "type": "json_schema",
                "json_schema": {"name": "cited_answer", "schema": SCHEMA, "strict": False},
            }})
        raw, shown = "", ""
        for chunk in model.stream(reader_messages(question, candidates)):
            raw += _content(chunk)
            text = answer_so_far(raw)
            if text is None and not raw.lstrip().startswith("{"):
                text = _MARKERS.sub("", raw)  # a server that ignores the schema writes prose
            if text and len(text) > len(shown) and text.startswith(shown):
                yield text[len(shown):]
                shown = text
        yield parse_reply(raw, candidates)


def _content(chunk) -> str:
    content = getattr(chunk, "content", chunk)
    return content if isinstance(content, str) else ""


def _context(passage: Passage) -> str:
    """Where a sentence comes from: "PostgreSQL 15 > wal_level (enum)"."""
    parts = [passage.title, passage.section, passage.entry]
    out: list[str] = []
    for part in parts:
        part = " ".join(part.split())
        if part and part not in out:
            out.append(part[:120])
    return " > ".join(out)


def answer_so_far(raw: str) -> str | None:
    """The decoded "answer" string of a JSON reply still being written; None before it starts.

    Example: '{"evidence": [2], "answer": "Keith Kel' -> 'Keith Kel'
    """
    m = _ANSWER_FIELD.search(raw)
    if not m:
        return None
    out, i = [], m.end()
    while i < len(raw):
        ch = raw[i]
        if ch == '"':
            break
        if ch == "\\":
            if i + 1 >= len(raw):
                break  # an escape cut in half: wait for the rest
            nxt = raw[i + 1]
            if nxt == "u":
                if i + 6 > len(raw):
                    break
                try:
                    out.append(chr(int(raw[i + 2 : i + 6], 16)))
                except ValueError:
                    pass
                i += 6
                continue
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def parse_reply(raw: str, candidates: list[Candidate]) -> Draft:
    """The model's reply as answer sentences citing candidate numbers; never raises.

    Bad JSON falls back to the answer field read leniently, then to prose with [n] markers.
    Numbers out of range are dropped. An empty answer with evidence quotes the evidence.
    """
    notes: list[str] = []
    valid = range(1, len(candidates) + 1)
    evidence: list[int] = []
    answer: str | None = None
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise TypeError("not an object")
        evidence = [int(n) for n in data.get("evidence") or [] if isinstance(n, (int, str))
                    and str(n).strip().isdigit()]
        answer = str(data.get("answer") or "")
    except (ValueError, TypeError):
        notes.append("reply is not valid JSON")
        answer = answer_so_far(raw)
        found = re.search(r'"evidence"\s*:\s*\[([^\]]*)', raw)
        if found:
            evidence = [int(n) for n in re.findall(r"\d+", found.group(1))]
        if answer is None:
            answer = raw if not raw.lstrip().startswith("{") else ""
    dropped = [n for n in evidence if n not in valid]
    if dropped:
        notes.append(f"evidence out of range: {dropped}")
    evidence = list(dict.fromkeys(n for n in evidence if n in valid))
    sentences: list[tuple[str, list[int]]] = []
    for start, end in sentence_spans(answer):
        piece = answer[start:end]
        marked = [int(n) for m in _MARKERS.finditer(piece) for n in re.split(r"[,;]", m.group(1))]
        marked = [n for n in marked if n in valid]
        text = _MARKERS.sub("", piece).strip()
        if text:
            sentences.append((text, marked or evidence))
    if not sentences and evidence:
        # the model chose sentences but wrote no words of its own ("[1]"): quote them
        notes.append("answer empty: the evidence is quoted")
        sentences = [(candidates[n - 1].text, [n]) for n in evidence]
    return Draft(sentences, candidates, declined=not sentences, raw=raw, notes=notes)
