"""Answers that are names: a version, an exception, a person, a place, a setting, what
something is called."""

from __future__ import annotations

import re

from rag.kinds.base import FLAGS, START, AnswerKind, always
from rag.page_structure import declaration_above, term_above
from rag.question_types import SETTING_NOUN, setting_names

# --- version: "which Python version", "which SQLite release", "the minimum SQLite version"
_ASKS_VERSION = re.compile(r"""
    \b(which|what|minimum|earliest)\ ([\w.+-]+\ )?(version|release)\b(?!\ notes)
  | \bsince\ (which|what)\ version\b
""", FLAGS)
_VERSION = re.compile(r"\b(version|python|release)\s+v?\d+(\.\d+)+ | \b\d+\.\d+(\.\d+)?\b", FLAGS)


def _offers_version(sentence: str, question: str) -> bool:
    asked = question.lower()
    return any(m.group(0).lower() not in asked for m in _VERSION.finditer(sentence))


VERSION = AnswerKind("version", _ASKS_VERSION, _offers_version, required=always, completes=True)

# --- exception: "which exception", "what error code"; JSONDecodeError, TimeoutExpired, or an
# error constant: SQLITE_BUSY, E_ACCESSDENIED
_ASKS_EXCEPTION = re.compile(r"""
    \b(which|what)\ (\w+\ )?(exception|error|warning)s?\b
  | \b(which|what)\ (\w+\ )?(result|error|return)\ codes?\b
""", FLAGS)
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
EXCEPTION = AnswerKind("exception", _ASKS_EXCEPTION, _offers_exception, completes=True,
                       heading=lambda text, at, _: declaration_above(text, at))

# --- person: "who", "which minister"
ROLE = (r"(leader|president|minister|official|adviser|advisor|person|politician|secretary|envoy|"
        r"diplomat|spokesperson|spokesman|author|journalist|chancellor)")
_ASKS_PERSON = re.compile(rf"{START}(who|whom|whose)\b | \b(which|what)\ (\w+\ )?{ROLE}s?\b", FLAGS)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z’'\-]+(?:\s+[A-Z][a-z’'\-]+)*")


def _offers_person(sentence: str, question: str) -> bool:
    """A name the question does not hold: "English mathematician Ada Lovelace" is the
    question's own Lovelace."""
    asked_words = set(re.findall(r"[\w’'-]+", question.lower()))
    return any(not set(re.findall(r"[\w’'-]+", m.group(0).lower())) & asked_words
               for m in _CAPITALISED.finditer(sentence))


PERSON = AnswerKind("person", _ASKS_PERSON, _offers_person)

# --- place: "where", "which city"; "where does the name come from" asks for an origin
_PLACE_NOUN = r"""\b(which|what|in\ which|in\ what)
    \ (city|country|town|capital|venue|location|region|state|continent)\b"""
_ASKS_PLACE = re.compile(rf"""
    {START} where\b(?![^?]*\b(come|comes|came|originate[sd]?)(\ \w+)?\ from\b)
  | {_PLACE_NOUN}
""", FLAGS)
_PLACE = re.compile(r"""\b(at|in|from|near|inside|outside|on|through|via)\s+
                        (the\s+|\w+[’']s\s+)?    # "at the", "at Hopper's"
                        ([A-Z][\w-]*)""", re.VERBOSE)
_FOLDER = re.compile(r"\b(in|into|under|inside)\ (the|a|an|your|its|their)\ ([\w.-]+\ ){1,2}"
                     r"(folder|directory|subdirectory)\b", FLAGS)


def _offers_place(sentence: str, question: str) -> bool:
    """A place the question does not name: "at NATO headquarters" does not say where NATO
    headquarters is."""
    asked = question.lower()
    return (any(m.group(3).lower() not in asked for m in _PLACE.finditer(sentence))
            or _names_a_path(sentence, asked))


def _names_a_path(sentence: str, asked: str) -> bool:
    """A file system place the question does not name: "into a _downloads/<hash>/ subdirectory",
    "in $GIT_DIR/info/exclude", "in the instance folder"; "and/or" is a word."""
    paths = {t.strip(".,;:()\"'“”").lower() for t in sentence.split() if "/" in t}
    if any(p not in asked for p in paths if not re.fullmatch(r"[a-z]+/[a-z]+|/", p)):
        return True
    folder = _FOLDER.search(sentence)  # "in the instance folder"
    return folder is not None and folder.group(0).lower() not in asked


# "which city" needs a place; "where was it published" may be answered without one
PLACE = AnswerKind("place", _ASKS_PLACE, _offers_place, miss="place_penalty",
                   required=lambda question: bool(re.search(_PLACE_NOUN, question, FLAGS)))

# --- setting: "which rebase option", "which config variable", "which gitattributes attribute":
# a name to type ("what newline argument should I use" asks for a value of the argument it names)
_ASKS_SETTING = re.compile(rf"""
    \b(which\ ([\w.()-]+\ ){{0,2}} | what\ ((config|configuration|environment|command[- ]line)\ )?)
    {SETTING_NOUN}\b
""", FLAGS)


def _offers_setting(sentence: str, question: str) -> bool:
    """"--root", "rerere.enabled", "export-ignore", "KeepAliveTimeout", not asked already."""
    asked = question.lower()
    return any(name not in asked for name in setting_names(sentence))


# an option's entry line ("--root") above its description
SETTING = AnswerKind("setting", _ASKS_SETTING, _offers_setting,
                     heading=lambda text, at, _: term_above(text, at))

# --- name: "What are these called?", "what is the name of ..."
_ASKS_NAME = re.compile(r"""
    \b(called|known\ as|named|termed)(\ now|\ today|\ instead)?\s*([,?]|$)
  | \bwhat\ (is|are)\ the\ (name|term)s?\ (of|for)\b
""", FLAGS)
# "These are known as X"; "attachment_filename is renamed to download_name"
_NAMING = re.compile(r"""\b(called|known\ as|named|termed|referred\ to\ as|renamed\ to|replaced\ by
                            |replaces)\b""", FLAGS)
NAME = AnswerKind("name", _ASKS_NAME, lambda sentence, _: bool(_NAMING.search(sentence)))
