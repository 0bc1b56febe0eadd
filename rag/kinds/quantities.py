"""Answers that are numbers or dates: "how many", "how long", "what timeout", "when"."""

from __future__ import annotations

import re

from rag.kinds.base import FLAGS, START, AnswerKind, always
from rag.text import content_terms

_WORDNUM = (r"once|twice|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
            r"hundred|thousand|million|billion|dozen")
_NUMBER = re.compile(rf"\d|\b({_WORDNUM})\b", re.IGNORECASE)
_MONTH = r"January|February|March|April|May|June|July|August|September|October|November|December"


def has_number(sentence: str) -> bool:
    return bool(_NUMBER.search(sentence))


# --- number: "how many", "what timeout", "the maximum", "what exit code" (302, 125)
_QUANTITY = (r"(year|number|percentage|size|count|tolerance|timeout|limit|threshold|precision"
             r"|interval|port)")
_ASKS_NUMBER = re.compile(rf"""
    {START} how\ (many|much|long|old|often|big|large)\b
  | {START} ((below|above|under|over|beyond|at|up\ to)\ )?(what|which)\ ([\w-]+\ )?{_QUANTITY}\b
  | {START} what\ is\ the\ (maximum|minimum|largest|smallest|biggest|default)\b
  | \b(which|what)\ (\w+\ )?(status|exit)\ codes?\b
""", FLAGS)
_CALENDAR_DATE = re.compile(rf"""
    \b(\d{{1,2}}\ )?({_MONTH})(\ \d{{1,2}})?,?\ (1[89]|20)\d\d\b   # 12 February 2025, May 3, 2024
  | \b(1[89]|20)\d\d-\d\d-\d\d\b                                  # 2025-02-12
""", re.VERBOSE)
_DURATION_UNIT = (r"((milli|micro|nano)?seconds?|minutes?|hours?|days?|weeks?|months?|years?"
                  r"|decades?|centuries|characters?|bytes?)")
# "two" but not "two seconds": a count of things, not a duration
_SPELLED_COUNT = re.compile(rf"\b({_WORDNUM})\b(?!(\s+[\w-]+)?\s+{_DURATION_UNIT}\b)",
                            re.IGNORECASE)
_ASKS_DEFAULT = re.compile(r"\b(what is the default|by default)\b")
_AMOUNT = re.compile(r"""
    [$€£¥]\s?\d | \d\s?% | \b(percent|per\ cent|dollars?|euros?|pounds?|million|billion|trillion)\b
  | \d\s?([kMGT]i?B|bytes?|(kilo|mega|giga|tera)bytes)\b
""", FLAGS)


def _offers_number(sentence: str, question: str) -> bool:
    asked = question.lower()
    counted = _counted_noun(asked)  # "how many soldiers": a count of soldiers
    if counted and counted != "times" and not _counts(sentence, counted):
        return False
    # "how much aid": an amount
    amount = re.search(r"\bhow much (?!time|longer|later)([a-z]+)", asked)
    if amount and not (_AMOUNT.search(sentence) or _counts(sentence, amount.group(1))):
        return False
    # "On 12 February 2025" or "the two leaders" is no duration
    if re.search(r"\bhow long\b", asked):
        sentence = _SPELLED_COUNT.sub("", _CALENDAR_DATE.sub("", sentence))
    if _ASKS_DEFAULT.search(asked) and "default" not in sentence.lower():
        return False  # "the default tolerance": a sentence stating a default, not "two values"
    return bool(_NUMBER.search(sentence))


# "how many different kinds", "how many attached databases"
_NOT_COUNTED = re.compile(r"(different|distinct|separate|other|possible|individual|additional"
                          r"|total|unique|\w+ed)$")
# "how many of these"
_DETERMINERS = {"of", "the", "these", "those", "my", "our", "your", "its", "their", "such"}
_VERBS = {"does", "has", "was", "is"}  # "how many people does it": not a plural noun
# "how many kinds of files": files
_SORTS = {"kinds", "types", "sorts", "forms", "categories", "varieties"}


def _counted_noun(asked: str) -> str | None:
    """What a "how many" question counts: "how many attached databases" -> "databases",
    "how many different kinds of temporary files" -> "temporary" (the thing after "kinds of")."""
    m = re.search(r"\bhow many ((?:[a-z-]+ ){0,4}[a-z-]+)", asked)
    if not m:
        return None
    words = m.group(1).split()
    while len(words) > 1 and (_NOT_COUNTED.fullmatch(words[0]) or words[0] in _DETERMINERS):
        words.pop(0)
    if words[0] in _SORTS and len(words) > 2 and words[1] == "of":
        return words[2]  # "kinds of temporary files": temporary ones
    plural_next = re.fullmatch(r"[a-z-]+[^s]s", words[1]) if len(words) > 1 else None
    if plural_next and not words[0].endswith("s") and words[1] not in _VERBS:
        return words[1]  # "base directories", "temporary files": the plural noun is what is counted
    return words[0]


# "a default value of 128", "will be one fewer": the number is the value stated, not a count of
# some other thing ("the two leaders"), so it may answer "how many results"
_STATES_VALUE = {"of", "is", "be", "are", "was", "were", "to", "equals"}


def _counts(sentence: str, noun: str) -> bool:
    """A number a few words before `noun` (same stem): "two key developments" counts
    developments."""
    stem = (content_terms(noun) or [noun])[0]
    words = re.findall(r"[\w’'-]+", sentence)
    for i, word in enumerate(words):
        if _NUMBER.fullmatch(word) or _NUMBER.match(word) and word[0].isdigit():
            following = content_terms(" ".join(words[i + 1 : i + 5]))
            if stem in following or i and words[i - 1].lower() in _STATES_VALUE:
                return True
    return False


# "how many prisoners" and the sentence's number counts leaders: not an answer
NUMBER = AnswerKind("number", _ASKS_NUMBER, _offers_number, completes=True, at_least=has_number,
                    miss="count_penalty")

# --- date: "when did/was/will" asks for a date; "when does the callback run" a moment or condition
_ASKS_DATE = re.compile(rf"""
    {START} (when(?!\ (does|do)\b) | on\ what\ (date|day) | in\ what\ year)\b
  | \bwhat\ (date|day)\b(?!\ ?(time|format|string|function))
""", FLAGS)
_DAY = re.compile(  # month names case-sensitive: "may" is a verb
    rf"\b({_MONTH})\b|\b(1[89]|20)\d\d\b|(?i:\b(yesterday|today|tomorrow|ago|weekend|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)")
_TIME_OF_DAY = re.compile(r"\b\d{1,2}[:.]\d\d\b"
                          r"|(?i:\b(tonight|morning|afternoon|evening|night|dawn|midnight|noon)\b)")
# "on what date": not "in the morning"
_ASKS_CALENDAR = re.compile(r"\b(date|day|year|month)\b", re.IGNORECASE)


def names_day(sentence: str) -> bool:
    """A calendar date or weekday, not only a time of day: "On 12 February 2025, ..." """
    return bool(_DAY.search(sentence))


def _offers_date(sentence: str, question: str) -> bool:
    time_of_day = not _ASKS_CALENDAR.search(question) and bool(_TIME_OF_DAY.search(sentence))
    return names_day(sentence) or time_of_day


# "When did the call take place?" -> "early in the morning": the day is quoted too, which the
# text may give a paragraph away ("On 12 February 2025, ...")
DATE = AnswerKind("date", _ASKS_DATE, _offers_date, required=always, completes=True,
                  also_quote=names_day)
