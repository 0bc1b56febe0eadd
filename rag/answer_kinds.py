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
from collections.abc import Callable
from dataclasses import dataclass

from rag.page_structure import declaration_above, defined_above, term_above
from rag.question_types import (
    SETTING_NOUN,
    defined_term,
    defines,
    sentences_of,
    setting_names,
)
from rag.text import content_terms

_FLAGS = re.IGNORECASE | re.VERBOSE


def _never(question: str) -> bool:
    return False


def _always(question: str) -> bool:
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
    offered: Callable[[str, str], bool]  # (sentence, question): it holds one the question does not
    required: Callable[[str], bool] = _never  # a sentence without one is no answer at all
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
        return bool(self.asks.search(sentence)) and (self.subject is None or bool(self.subject(sentence)))

    def offers(self, sentence: str, question: str) -> bool:
        """Does `sentence` hold something of this kind that the question itself does not say?"""
        return self.offered(sentence, question)

    def subject_of(self, question: str) -> str | None:
        return self.subject(question) if self.subject else None


KINDS: dict[str, AnswerKind] = {}


def register(kind: AnswerKind) -> AnswerKind:
    KINDS[kind.name] = kind
    return kind


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
    question = re.sub(r"\b(what|who|where|when|how)['’]s\b", r"\1 is", question, flags=re.IGNORECASE)
    # "When a deque is full, what happens?", "When I sort ..., does Python keep ...?": the
    # clause after the comma is the question, the "when" clause only sets the scene
    clause = re.search(r"[,;]\s*(.*)$", question)
    if clause and re.match(r"\s*(when|if|after|before|once|while)\b", question, re.IGNORECASE):
        question = clause.group(1)
    return next((kind for kind in KINDS.values() if kind.asked_by(question)), None)


# a question word that opens the question, a clause or a sentence
_START = r"(?:^|[,;:.?!]\s+|[,;:]\s*)\s*"
_WORDNUM = (r"once|twice|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
            r"hundred|thousand|million|billion|dozen")
_NUMBER = re.compile(rf"\d|\b({_WORDNUM})\b", re.IGNORECASE)
_MONTH = r"January|February|March|April|May|June|July|August|September|October|November|December"


def has_number(sentence: str) -> bool:
    return bool(_NUMBER.search(sentence))


# --- origin: "Where does the name Ramstein come from?", "Why is it called Python?", "How did X
# get its name?", "What is X named after?"
_ASKS_ORIGIN = re.compile(r"""
    \bwhere\ (does|do|did)\ (the\ |its\ |their\ |this\ |that\ )?(\w+\ )?names?\ .{0,60}
        \b(come|originate)\ from\b
  | \bwhy\ (is|was|are|were)\ .{1,60}\b(called|named)\b
  | \bhow\ did\ .{1,60}\bget\ (its|his|her|their|the)\ name\b
  | \b(named|called)\ (after|for)\ (what|whom)\b
  | \bwhat\ (is|was|are|were)\ .{1,60}\bnamed\ (after|for)\b
""", _FLAGS)
# a sentence that says where a name comes from ("named after", "takes its name from", "decided
# to call the language Python"), not one that merely uses the name
_ORIGIN = re.compile(r"""
    \bnamed\ (after|for|in\ hono(u)?r\ of)\b
  | \b(called|named)\ \S+\ (because|after)\b
  | \b(name|term|word)s?\ (comes?|came|derives?|derived|was\ taken|is\ taken|originated?|originates)\b
  | \b(takes|took|got|gets)\ (its|his|her|their|the)\ name\b
  | \b(short|stands?)\ for\b
  | \b(abbreviation|acronym|etymology|coined)\b
  | \b(decided|chose|choose|chosen|wanted)\ to\ (call|name)\b
""", _FLAGS)
# the answer may tell the story ("Guido was reading the scripts of Monty Python") without the
# words "named after": a heading that asks the same question vouches for it
ORIGIN = register(AnswerKind("origin", _ASKS_ORIGIN, lambda sentence, _: bool(_ORIGIN.search(sentence)),
                             required=_always, heading_vouches=True))


# --- reason: "Why can a task vanish?", given with "because", "to avoid", "so that" ... or said
# plainly ("The event loop only keeps weak references"): no penalty without the words
_REASON = re.compile(r"""
    \b(because|since\ (?!\d|version|python\b)|so\ that|so\ as\ to|in\ (order|an\ effort)\ to
      |to\ (avoid|prevent|ensure|make\ sure)|due\ to|the\ reason|is\ why)\b
""", _FLAGS)
REASON = register(AnswerKind("reason", re.compile(_START + r"why\b", re.IGNORECASE),
                             lambda sentence, _: bool(_REASON.search(sentence)), miss=None))


# --- version: "which Python version", "which SQLite release", "the minimum SQLite version"
_ASKS_VERSION = re.compile(r"""
    \b(which|what|minimum|earliest)\ ([\w.+-]+\ )?(version|release)\b(?!\ notes)
  | \bsince\ (which|what)\ version\b
""", _FLAGS)
_VERSION = re.compile(r"\b(version|python|release)\s+v?\d+(\.\d+)+|\b\d+\.\d+(\.\d+)?\b", re.IGNORECASE)


def _offers_version(sentence: str, question: str) -> bool:
    asked = question.lower()
    return any(m.group(0).lower() not in asked for m in _VERSION.finditer(sentence))


VERSION = register(AnswerKind("version", _ASKS_VERSION, _offers_version, required=_always, completes=True))


# --- exception: "which exception", "what error code"; JSONDecodeError, TimeoutExpired, or an
# error constant: SQLITE_BUSY, E_ACCESSDENIED
_ASKS_EXCEPTION = re.compile(r"""
    \b(which|what)\ (\w+\ )?(exception|error|warning)s?\b
  | \b(which|what)\ (\w+\ )?(result|error|return)\ codes?\b
""", _FLAGS)
_EXCEPTION = re.compile(r"""
    \b[A-Z]\w*(Error|Exception|Warning|Exit|Interrupt|Expired|Iteration)\b
  | \b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b
  | \b[A-Z][a-z]+[A-Z0-9]\w*(?=\s+(?:exception|error)s?\b)   # a RequestEntityTooLarge exception
  | (?:(?<=\braise\ )|(?<=\braises\ )|(?<=\braised\ ))[A-Z][a-z]+[A-Z0-9]\w*   # raises Http404
""", re.VERBOSE)


def _offers_exception(sentence: str, question: str) -> bool:
    asked = question.lower()
    return any(m.group(0).lower() not in asked for m in _EXCEPTION.finditer(sentence))


# "exception subprocess.TimeoutExpired" above "Subclass of ..., raised when ...": the name answers
EXCEPTION = register(AnswerKind("exception", _ASKS_EXCEPTION, _offers_exception, completes=True,
                                heading=lambda text, at, _: declaration_above(text, at)))


# --- number: "how many", "what timeout", "the maximum", "what exit code" (302, 125)
_QUANTITY = r"(year|number|percentage|size|count|tolerance|timeout|limit|threshold|precision|interval|port)"
_ASKS_NUMBER = re.compile(rf"""
    {_START} how\ (many|much|long|old|often|big|large)\b
  | {_START} ((below|above|under|over|beyond|at|up\ to)\ )?(what|which)\ ([\w-]+\ )?{_QUANTITY}\b
  | {_START} what\ is\ the\ (maximum|minimum|largest|smallest|biggest|default)\b
  | \b(which|what)\ (\w+\ )?(status|exit)\ codes?\b
""", _FLAGS)
_CALENDAR_DATE = re.compile(rf"\b(\d{{1,2}} )?({_MONTH})( \d{{1,2}})?,? (1[89]|20)\d\d\b|\b(1[89]|20)\d\d-\d\d-\d\d\b")
_DURATION_UNIT = (r"((milli|micro|nano)?seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries"
                  r"|characters?|bytes?)")
# "two" but not "two seconds": a count of things, not a duration
_SPELLED_COUNT = re.compile(rf"\b({_WORDNUM})\b(?!(\s+[\w-]+)?\s+{_DURATION_UNIT}\b)", re.IGNORECASE)
_ASKS_DEFAULT = re.compile(r"\b(what is the default|by default)\b")
_AMOUNT = re.compile(r"""
    [$€£¥]\s?\d | \d\s?% | \b(percent|per\ cent|dollars?|euros?|pounds?|million|billion|trillion)\b
  | \d\s?([kMGT]i?B|bytes?|(kilo|mega|giga|tera)bytes)\b
""", _FLAGS)


def _offers_number(sentence: str, question: str) -> bool:
    asked = question.lower()
    counted = _counted_noun(asked)  # "how many soldiers": a count of soldiers
    if counted and counted != "times" and not _counts(sentence, counted):
        return False
    amount = re.search(r"\bhow much (?!time|longer|later)([a-z]+)", asked)  # "how much aid": an amount
    if amount and not (_AMOUNT.search(sentence) or _counts(sentence, amount.group(1))):
        return False
    if re.search(r"\bhow long\b", asked):  # "On 12 February 2025" or "the two leaders" is no duration
        sentence = _SPELLED_COUNT.sub("", _CALENDAR_DATE.sub("", sentence))
    if _ASKS_DEFAULT.search(asked) and "default" not in sentence.lower():
        return False  # "the default tolerance": a sentence stating a default, not "two values"
    return bool(_NUMBER.search(sentence))


# "how many different kinds", "how many attached databases"
_NOT_COUNTED = re.compile(r"(different|distinct|separate|other|possible|individual|additional|total|unique|\w+ed)$")
_DETERMINERS = {"of", "the", "these", "those", "my", "our", "your", "its", "their", "such"}  # "how many of these"
_VERBS = {"does", "has", "was", "is"}  # "how many people does it": not a plural noun
_SORTS = {"kinds", "types", "sorts", "forms", "categories", "varieties"}  # "how many kinds of files": files


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
    """A number a few words before `noun` (same stem): "two key developments" counts developments."""
    stem = (content_terms(noun) or [noun])[0]
    words = re.findall(r"[\w’'-]+", sentence)
    for i, word in enumerate(words):
        if _NUMBER.fullmatch(word) or _NUMBER.match(word) and word[0].isdigit():
            following = content_terms(" ".join(words[i + 1 : i + 5]))
            if stem in following or i and words[i - 1].lower() in _STATES_VALUE:
                return True
    return False


# "how many prisoners" and the sentence's number counts leaders: not an answer
NUMBER = register(AnswerKind("number", _ASKS_NUMBER, _offers_number, completes=True, at_least=has_number,
                             miss="count_penalty"))


# --- date: "when did/was/will" asks for a date; "when does the callback run" a moment or condition
_ASKS_DATE = re.compile(rf"""
    {_START} (when(?!\ (does|do)\b) | on\ what\ (date|day) | in\ what\ year)\b
  | \bwhat\ (date|day)\b(?!\ ?(time|format|string|function))
""", _FLAGS)
_DAY = re.compile(  # month names case-sensitive: "may" is a verb
    rf"\b({_MONTH})\b|\b(1[89]|20)\d\d\b|(?i:\b(yesterday|today|tomorrow|ago|weekend|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)")
_TIME_OF_DAY = re.compile(r"\b\d{1,2}[:.]\d\d\b|(?i:\b(tonight|morning|afternoon|evening|night|dawn|midnight|noon)\b)")
_ASKS_CALENDAR = re.compile(r"\b(date|day|year|month)\b", re.IGNORECASE)  # "on what date": not "in the morning"


def names_day(sentence: str) -> bool:
    """A calendar date or weekday, not only a time of day: "On 12 February 2025, ..." """
    return bool(_DAY.search(sentence))


def _offers_date(sentence: str, question: str) -> bool:
    return names_day(sentence) or not _ASKS_CALENDAR.search(question) and bool(_TIME_OF_DAY.search(sentence))


# "When did the call take place?" -> "early in the morning": the day is quoted too, which the
# text may give a paragraph away ("On 12 February 2025, ...")
DATE = register(AnswerKind("date", _ASKS_DATE, _offers_date, required=_always, completes=True,
                           also_quote=names_day))


# --- person: "who", "which minister"
ROLE = (r"(leader|president|minister|official|adviser|advisor|person|politician|secretary|envoy|"
        r"diplomat|spokesperson|spokesman|author|journalist|chancellor)")
_ASKS_PERSON = re.compile(rf"{_START}(who|whom|whose)\b | \b(which|what)\ (\w+\ )?{ROLE}s?\b", _FLAGS)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z’'\-]+(?:\s+[A-Z][a-z’'\-]+)*")


def _offers_person(sentence: str, question: str) -> bool:
    """A name the question does not hold: "English mathematician Ada Lovelace" is the
    question's own Lovelace."""
    asked_words = set(re.findall(r"[\w’'-]+", question.lower()))
    return any(not set(re.findall(r"[\w’'-]+", m.group(0).lower())) & asked_words
               for m in _CAPITALISED.finditer(sentence))


PERSON = register(AnswerKind("person", _ASKS_PERSON, _offers_person))


# --- place: "where", "which city"; "where does the name come from" asks for an origin
_PLACE_NOUN = r"""\b(which|what|in\ which|in\ what)
    \ (city|country|town|capital|venue|location|region|state|continent)\b"""
_ASKS_PLACE = re.compile(rf"""
    {_START} where\b(?![^?]*\b(come|comes|came|originate[sd]?)(\ \w+)?\ from\b)
  | {_PLACE_NOUN}
""", _FLAGS)
_PLACE = re.compile(r"\b(at|in|from|near|inside|outside|on|through|via)\s+(the\s+|\w+[’']s\s+)?([A-Z][\w-]*)")
_FOLDER = re.compile(r"\b(in|into|under|inside)\ (the|a|an|your|its|their)\ ([\w.-]+\ ){1,2}"
                     r"(folder|directory|subdirectory)\b", _FLAGS)


def _offers_place(sentence: str, question: str) -> bool:
    """A place the question does not name: "at NATO headquarters" does not say where NATO
    headquarters is."""
    asked = question.lower()
    return any(m.group(3).lower() not in asked for m in _PLACE.finditer(sentence)) or _names_a_path(sentence, asked)


def _names_a_path(sentence: str, asked: str) -> bool:
    """A file system place the question does not name: "into a _downloads/<hash>/ subdirectory",
    "in $GIT_DIR/info/exclude", "in the instance folder"; "and/or" is a word."""
    paths = {t.strip(".,;:()\"'“”").lower() for t in sentence.split() if "/" in t}
    if any(p not in asked for p in paths if not re.fullmatch(r"[a-z]+/[a-z]+|/", p)):
        return True
    folder = _FOLDER.search(sentence)  # "in the instance folder"
    return bool(folder) and folder.group(0).lower() not in asked


# "which city" needs a place; "where was it published" may be answered without one
PLACE = register(AnswerKind("place", _ASKS_PLACE, _offers_place, miss="place_penalty",
                            required=lambda question: bool(re.search(_PLACE_NOUN, question, _FLAGS))))


# --- words: "How did the author describe the release?": their words, quoted or reported "as ..."
_SOMEONE = r"(?:the\ )?(?-i:[A-Z][\w’'-]*(?:\ [A-Z][\w’'-]*)*|he|she|they)"  # "Lovelace", "the Times", "she"
_ASKS_WORDS = re.compile(rf"""
    \bhow\ (did|does|do|has|have)\ {_SOMEONE}
        \ (describe|characteri[sz]e|sum\ up|summari[sz]e|portray|label)\b
  | \bwhat\ (\w+\ )?(words?|phrases?|terms?|adjectives?|expressions?|language)\ (did|does|do)\b
""", _FLAGS)
_QUOTED = re.compile(r"[“\"][^”\"]{3,}[”\"]")
_DESCRIBED_AS = re.compile(r"\b(described|characteri[sz]ed|portrayed|called|labell?ed|termed|summed\ up)\b"
                           r"[^.]{0,60}\bas\b", _FLAGS)
_VERY_WORDS = re.compile(r"\bwhat (\w+ )?(words?|phrases?|terms?|adjectives?|expressions?)\b")


def _offers_words(sentence: str, question: str) -> bool:
    if _VERY_WORDS.search(question.lower()):  # "what words did she use": a quotation
        return bool(_QUOTED.search(sentence))
    return bool(_QUOTED.search(sentence) or _DESCRIBED_AS.search(sentence))


WORDS = register(AnswerKind("words", _ASKS_WORDS, _offers_words))


# --- setting: "which rebase option", "which config variable", "which gitattributes attribute":
# a name to type ("what newline argument should I use" asks for a value of the argument it names)
_ASKS_SETTING = re.compile(rf"""
    \b(which\ ([\w.()-]+\ ){{0,2}} | what\ ((config|configuration|environment|command[- ]line)\ )?)
    {SETTING_NOUN}\b
""", _FLAGS)


def _offers_setting(sentence: str, question: str) -> bool:
    """"--root", "rerere.enabled", "export-ignore", "KeepAliveTimeout", not asked already."""
    asked = question.lower()
    return any(name not in asked for name in setting_names(sentence))


# an option's entry line ("--root") above its description
SETTING = register(AnswerKind("setting", _ASKS_SETTING, _offers_setting,
                              heading=lambda text, at, _: term_above(text, at)))


# --- name: "What are these called?", "what is the name of ..."
_ASKS_NAME = re.compile(r"""
    \b(called|known\ as|named|termed)(\ now|\ today|\ instead)?\s*([,?]|$)
  | \bwhat\ (is|are)\ the\ (name|term)s?\ (of|for)\b
""", _FLAGS)
# "These are known as X"; "attachment_filename is renamed to download_name"
_NAMING = re.compile(r"\b(called|known as|named|termed|referred to as|renamed to|replaced by|replaces)\b",
                     re.IGNORECASE)
NAME = register(AnswerKind("name", _ASKS_NAME, lambda sentence, _: bool(_NAMING.search(sentence))))


# --- definition: "What is a coroutine?", "What does immutable mean?", "Define duck typing":
# nothing but a term ("What does zip do?" asks what a function does)
_TERM = r"[\w.'’-]+(\ [\w.'’-]+){0,3}"
_ASKS_DEFINITION = re.compile(rf"""
    ^\s*(
        (what(['’]s|\ is|\ are)\ |define\ )(an?\ |the\ )?{_TERM}
      | what\ does\ (an?\ |the\ )?{_TERM}\ mean
    )(\ in\ [\w.]+)?\s*\??\s*$
""", _FLAGS)


def _offers_definition(sentence: str, question: str) -> bool:
    term = defined_term(question)
    return bool(term) and defines(term, sentence)


# a glossary entry: the term on a line of its own above its definition
DEFINITION = register(AnswerKind("definition", _ASKS_DEFINITION, _offers_definition, subject=defined_term,
                                 heading=defined_above, heading_bonus="glossary_bonus"))
