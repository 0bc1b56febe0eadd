"""What kind of answer a question asks for, and whether a sentence offers one.

A factoid question names the shape of its answer: "how many" wants a number, "which
exception" an exception name, "who" a person, "in which version" a version. A sentence
that repeats the question's words but holds no such thing is a near miss, not an answer.

Each kind is one `AnswerKind`, read in one place below: the question pattern that asks for
it, what counts as a sentence offering it, whether a sentence without it is no answer at all,
and how the answerer and retrieval treat it. `KINDS` registers them in the order they are
tried; the first whose pattern matches the question decides.

Example: expected_kind("Which exception does json.loads raise?") -> KINDS["exception"];
KINDS["exception"].offers("A JSONDecodeError will be raised.", question) -> True

Not here: what else is read off a question (an overview, a code name, an attribute) is in
`question_types`; how the answerer weighs a sentence that offers a kind is in `extractive`.
Patterns are VERBOSE: a literal space is written "\\ ".
"""

from __future__ import annotations

import re

from rag.kinds.base import AnswerKind
from rag.kinds.names import EXCEPTION, NAME, PERSON, PLACE, SETTING, VERSION
from rag.kinds.quantities import DATE, NUMBER
from rag.kinds.wording import DEFINITION, ORIGIN, REASON, WORDS
from rag.question_types import sentences_of

__all__ = ["KINDS", "AnswerKind", "expected_kind"]

# in the order they are tried: "where does the name come from" is an origin before a place
KINDS: dict[str, AnswerKind] = {kind.name: kind for kind in (
    ORIGIN, REASON, VERSION, EXCEPTION, NUMBER, DATE, PERSON, PLACE, WORDS, SETTING, NAME,
    DEFINITION)}


def expected_kind(question: str) -> AnswerKind | None:
    """The kind of answer asked for, decided by the last sentence that names one ("Where does
    SQLite keep it? What is that table called?" wants a name; "I run --lf in CI. When the last
    run passed it runs everything. Which option ...?" an option, not a date)."""
    for sentence in reversed(sentences_of(question)):
        kind = _kind(sentence)
        if kind:
            return kind
    return None


def _kind(question: str) -> AnswerKind | None:
    question = re.sub(r"\b(what|who|where|when|how)['’]s\b", r"\1 is", question,
                      flags=re.IGNORECASE)
    # "When a deque is full, what happens?", "When I sort ..., does Python keep ...?": the
    # clause after the comma is the question, the "when" clause only sets the scene
    clause = re.search(r"[,;]\s*(.*)$", question)
    if clause and re.match(r"\s*(when|if|after|before|once|while)\b", question, re.IGNORECASE):
        question = clause.group(1)
    return next((kind for kind in KINDS.values() if kind.asked_by(question)), None)
