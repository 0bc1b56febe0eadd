"""Answers that are said in words: where a name comes from, a reason, someone's own words,
a definition."""

from __future__ import annotations

import re

from rag.kinds.base import FLAGS, START, AnswerKind, always
from rag.page_structure import defined_above
from rag.question_types import defined_term, defines

# --- origin: "Where does the name Ramstein come from?", "Why is it called Python?", "How did X
# get its name?", "What is X named after?"
_ASKS_ORIGIN = re.compile(r"""
    \bwhere\ (does|do|did)\ (the\ |its\ |their\ |this\ |that\ )?(\w+\ )?names?\ .{0,60}
        \b(come|originate)\ from\b
  | \bwhy\ (is|was|are|were)\ .{1,60}\b(called|named)\b
  | \bhow\ did\ .{1,60}\bget\ (its|his|her|their|the)\ name\b
  | \b(named|called)\ (after|for)\ (what|whom)\b
  | \bwhat\ (is|was|are|were)\ .{1,60}\bnamed\ (after|for)\b
""", FLAGS)
# a sentence that says where a name comes from ("named after", "takes its name from", "decided
# to call the language Python"), not one that merely uses the name
_ORIGIN = re.compile(r"""
    \bnamed\ (after|for|in\ hono(u)?r\ of)\b
  | \b(called|named)\ \S+\ (because|after)\b
  | \b(name|term|word)s?\ (comes?|came|derives?|derived|was\ taken|is\ taken|originated?
                           |originates)\b
  | \b(takes|took|got|gets)\ (its|his|her|their|the)\ name\b
  | \b(short|stands?)\ for\b
  | \b(abbreviation|acronym|etymology|coined)\b
  | \b(decided|chose|choose|chosen|wanted)\ to\ (call|name)\b
""", FLAGS)
# the answer may tell the story ("Guido was reading the scripts of Monty Python") without the
# words "named after": a heading that asks the same question vouches for it
ORIGIN = AnswerKind("origin", _ASKS_ORIGIN, lambda sentence, _: bool(_ORIGIN.search(sentence)),
                    required=always, heading_vouches=True)

# --- reason: "Why can a task vanish?", given with "because", "to avoid", "so that" ... or said
# plainly ("The event loop only keeps weak references"): no penalty without the words
_REASON = re.compile(r"""
    \b(because|since\ (?!\d|version|python\b)|so\ that|so\ as\ to|in\ (order|an\ effort)\ to
      |to\ (avoid|prevent|ensure|make\ sure)|due\ to|the\ reason|is\ why)\b
""", FLAGS)
REASON = AnswerKind("reason", re.compile(START + r"why\b", re.IGNORECASE),
                    lambda sentence, _: bool(_REASON.search(sentence)), miss=None)

# --- words: "How did the author describe the release?": their words, quoted or reported "as ..."
# "Lovelace", "the Times", "she"
_SOMEONE = r"(?:the\ )?(?-i:[A-Z][\w’'-]*(?:\ [A-Z][\w’'-]*)*|he|she|they)"
_ASKS_WORDS = re.compile(rf"""
    \bhow\ (did|does|do|has|have)\ {_SOMEONE}
        \ (describe|characteri[sz]e|sum\ up|summari[sz]e|portray|label)\b
  | \bwhat\ (\w+\ )?(words?|phrases?|terms?|adjectives?|expressions?|language)\ (did|does|do)\b
""", FLAGS)
_QUOTED = re.compile(r"[“\"][^”\"]{3,}[”\"]")
_DESCRIBED_AS = re.compile(r"\b(described|characteri[sz]ed|portrayed|called|labell?ed|termed"
                           r"|summed\ up)\b[^.]{0,60}\bas\b", FLAGS)
_VERY_WORDS = re.compile(r"\bwhat (\w+ )?(words?|phrases?|terms?|adjectives?|expressions?)\b")


def _offers_words(sentence: str, question: str) -> bool:
    if _VERY_WORDS.search(question.lower()):  # "what words did she use": a quotation
        return bool(_QUOTED.search(sentence))
    return bool(_QUOTED.search(sentence) or _DESCRIBED_AS.search(sentence))


WORDS = AnswerKind("words", _ASKS_WORDS, _offers_words)

# --- definition: "What is a coroutine?", "What does immutable mean?", "Define duck typing":
# nothing but a term ("What does zip do?" asks what a function does)
_TERM = r"[\w.'’-]+(\ [\w.'’-]+){0,3}"
_ASKS_DEFINITION = re.compile(rf"""
    ^\s*(
        (what(['’]s|\ is|\ are)\ |define\ )(an?\ |the\ )?{_TERM}
      | what\ does\ (an?\ |the\ )?{_TERM}\ mean
    )(\ in\ [\w.]+)?\s*\??\s*$
""", FLAGS)


def _offers_definition(sentence: str, question: str) -> bool:
    term = defined_term(question)
    return defines(term, sentence) if term else False


def _glossary_entry(text: str, at: int, term: str | None) -> int | None:
    """A glossary entry: the term on a line of its own above its definition."""
    return defined_above(text, at, term) if term else None


DEFINITION = AnswerKind("definition", _ASKS_DEFINITION, _offers_definition, subject=defined_term,
                        heading=_glossary_entry, heading_bonus="glossary_bonus")
