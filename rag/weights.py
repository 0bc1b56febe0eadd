"""The extractive answerer's hand-set weights, in one frozen dataclass that is passed in.

Each was set on the question sets named in its comment; `make snapshot-diff` shows what a
change to one moves. An answer kind names the weight it takes away (`AnswerKind.miss`).

Example: ExtractiveAnswerer(embed, weights=Weights(type_weight=0.1))
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """The extractive answerer's hand-set weights, in one place. Each was set on the question
    sets named in its comment; `make snapshot-diff` shows what a change to one moves."""

    follow_chars: int = 90  # only a short completion, e.g. "MAXYEAR is 9999."
    lexical_weight: float = 0.5
    rank_penalty: float = 0.01
    code_penalty: float = 0.15
    type_weight: float = 0.08  # bonus for the kind of answer asked for, penalty without it
    # "how many prisoners" and the sentence's number counts leaders: not an answer (1.0
    # puts it below any threshold; 0.3 let "the two leaders ..." answer a prisoner count)
    count_penalty: float = 1.0
    # of the best neighbour's score, for a sentence holding the asked kind
    context_weight: float = 0.25
    place_penalty: float = 0.15  # "where" answered by a sentence naming no place: a near miss
    entry_bonus: float = 0.12  # the sentence documents the very function the question names
    # an FAQ heading this close to the question (0.65 let a near miss through)
    same_question: float = 0.75
    # of a scene word in the word overlap (0.35-0.5 best on eight manuals)
    scene_weight: float = 0.5
    attribute_bonus: float = 0.08  # "what is the period of ...": the sentence that names a period
    # a sentence from release notes ("Adding more items to a full deque causes old items to be
    # discarded", What's New in 2.6) when the question is not about a change: the reference
    # says it as things are now (0.05-0.1: +1, 0.15-0.2: +3 on seventeen sets, -0)
    release_notes_penalty: float = 0.15
    # the glossary entry of the term a "what is X" asks (0.12: 0.50 correct, 0.2: 0.55)
    glossary_bonus: float = 0.2
    # a name or number the question asks about is not in the passage
    missing_name_penalty: float = 0.25
