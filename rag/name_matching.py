"""Does a passage or sentence name what the question names: its proper names, its API names
(and not a longer sibling), its acronyms spelled out, its words by their stems.

Example: about_a_sibling("Use sqlite3_close_v2() instead.", {"sqlite3_close"}) -> True;
spelled("FAQ", "Frequently Asked Questions") -> True
"""

from __future__ import annotations

import re

from rag.kinds.names import ROLE
from rag.text import content_terms, identifiers, names_as_written, sentence_spans, spelled_out


def last_sentence(question: str) -> str:
    """The last sentence: "I run 2.4.25. Which version added it?" asks the second."""
    spans = sentence_spans(question)
    return question[spans[-1][0] : spans[-1][1]] if spans else question


def asked_names(question: str) -> set[str]:
    """Stemmed capitalised words not opening a sentence: "Did Lovelace go to Turin?" ->
    {lovelac, turin}"""
    rest = re.sub(r"(^|[.?!]\s+)[\w’']+", " ", question)
    # "the English mathematician" describes someone the text may name otherwise ("Lovelace")
    rest = re.sub(rf"\b[A-Z]\w*(?=\s+{ROLE}s?\b)", "", rest)
    words = re.findall(r"[A-Za-z][\w’']*", rest)  # "Ramstein-format": Ramstein
    literals = {"I", "True", "False", "None"}  # "set it to True" names a value, not a thing
    return set(content_terms(" ".join(w for w in words if w[0].isupper() and w not in literals)))



def spelled(acronym: str, text: str) -> bool:
    """The acronym is in the text, or words whose initials spell it: FAQ, "Frequently Asked
    Questions"."""
    if re.search(rf"\b{acronym}\b", text, re.IGNORECASE):
        return True
    return bool(re.search(rf"\b{spelled_out(acronym)}\b", text, re.IGNORECASE))


def dotted_api(name: str) -> bool:
    """"typing.override", "list.find": a module or class and a member, not a version or a file."""
    return "." in name and not name[0].isdigit() and not _FILE_NAME.search(name)


_FILE_NAME = re.compile(r"\.(py|txt|cfg|toml|ini|html?|json|ya?ml|md|rst|log|csv|xml|conf|sql|db"
                        r"|sh|js|css|php|gz|zip|tar|png|jpg|pdf|lock|out|err)$")


def as_code(name: str, text: str) -> bool:
    """The member of a dotted name appears as code in the text: after a dot or before "(", or
    the whole name; "Override this if ..." is not typing.override."""
    member = re.escape(name.rsplit(".", 1)[1])
    return bool(re.search(rf"{re.escape(name)}|\.{member}\b|\b{member}\(", text, re.IGNORECASE))


def named_in(name: str | None, question: str) -> str:
    """The longest dotted tail of a declared name that the question has as a whole identifier
    ("subprocess.run" for "What does subprocess.run return?", "dumps" for "what does dumps
    do"), else ""."""
    parts = (name or "").split(".")
    for i in range(len(parts)):
        tail = ".".join(parts[i:])
        if tail and names_as_written(tail, question):
            return tail
    return ""


def about_a_sibling(sentence: str, code: set[str]) -> bool:
    """The sentence names a longer relative of the asked name ("sqlite3_close_v2()" when
    sqlite3_close was asked, "json.loads()" for json.load) and not the name itself."""
    called = re.findall(r"\b[A-Za-z_][\w.]*(?=\()", sentence)
    named = {w.lower().strip("._") for w in called} | identifiers(sentence)
    short = {n.rsplit(".", 1)[-1] for n in code}
    named_short = {w.rsplit(".", 1)[-1] for w in named}
    return bool(named_short) and not (named_short & short) and any(
        w.startswith(n) and w != n for w in named_short for n in short)
