"""What every answer kind is made of (`AnswerKind`), and the pattern pieces kinds share.

The kinds themselves are in `quantities`, `names` and `wording`; `rag.kinds` registers them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

FLAGS = re.IGNORECASE | re.VERBOSE


def never(question: str) -> bool:
    return False


def always(question: str) -> bool:
    return True


@dataclass(frozen=True)
class AnswerKind:
    """One kind of answer.

    Retrieval puts the passages that offer the asked kind right after the best fused passage
    (`retrieval.by_answer_kind`); the answerer adds `Weights.type_weight` to a sentence that
    offers it, and subtracts the weight named by `miss` from one that does not.
    """

    name: str
    asks: re.Pattern[str]  # a question sentence asking for this kind
    # (sentence, question): does the sentence hold one the question itself does not say?
    offers: Callable[[str, str], bool]
    required: Callable[[str], bool] = never  # a sentence without one is no answer at all
    completes: bool = False  # the answer may sit in the next sentence: "... Default 5 s."
    # where, above a sentence, the name that answers is written (text, at, subject) -> start
    heading: Callable[[str, int, str | None], int | None] | None = None
    heading_bonus: str | None = None  # the Weights field added when that heading is found
    heading_vouches: bool = False  # a heading asking the same question vouches for its answer
    at_least: Callable[[str], bool] | None = None  # without even this, a sentence is no answer
    also_quote: Callable[[str], bool] | None = None  # an answer without this quotes one that has it
    miss: str | None = "type_weight"  # the Weights field subtracted when a sentence lacks the kind
    # the term asked about, without which the question does not ask this kind ("coroutine");
    # retrieval searches for it alone when no passage offers the kind
    subject: Callable[[str], str | None] | None = None

    def asked_by(self, sentence: str) -> bool:
        has_subject = self.subject is None or bool(self.subject(sentence))
        return has_subject and bool(self.asks.search(sentence))

    def subject_of(self, question: str) -> str | None:
        return self.subject(question) if self.subject else None


# a question word that opens the question, a clause or a sentence
START = r"(?:^|[,;:.?!]\s+|[,;:]\s*)\s*"
