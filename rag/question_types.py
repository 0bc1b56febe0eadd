"""What a question names besides the kind of answer it wants (that is `rag.kinds`).

The term a definition question asks about, the code names and settings it mentions, the
attribute it asks of something, and whether it asks about a change, about what an API does,
or for an overview of the whole document.

Example: defined_term("I'm new to asyncio. What is a coroutine?") -> "coroutine";
code_names("What does json.dumps return?") -> {"json.dumps"}
"""

from __future__ import annotations

import re

from rag.text import spelled_out


def sentences_of(question: str) -> list[str]:
    """"I run 2.4.25. Which version added it?" -> its two sentences."""
    return re.split(r"(?<=[.?!])\s+(?=\S)", question.strip())


def defined_term(question: str) -> str | None:
    """The term a definition question asks about: "What is a coroutine?" -> "coroutine"; the
    question may set the scene first ("I'm new to asyncio. What is a coroutine?")."""
    return next(filter(None, map(_defined_term, reversed(sentences_of(question)))), None)


# "what is a coroutine", "what's the GIL", "define duck typing", "what does EAFP mean", maybe
# followed by "in asyncio"
_ASKS_DEFINITION = re.compile(r"""
    \s*(?: (?:what(?:['’]s|\ is|\ are)\ |define\ )(?:an?\ |the\ )?(.+?)
         | what\ does\ (?:an?\ |the\ )?(.+?)\ mean)
    (?:\ in\ [\w.]+)?\s*\??\s*$""", re.IGNORECASE | re.VERBOSE)


def _defined_term(question: str) -> str | None:
    m = _ASKS_DEFINITION.match(question)
    term = (m.group(1) or m.group(2)).strip() if m else None
    # "What is this article about?" asks an overview, "What is Lovelace's job?" a fact about her,
    # "What is my blueprint missing?" about the user's own thing
    return None if not term or re.search(r"\babout$|['’]s\b|^(my|your|our)\b", term,
                                         re.IGNORECASE) else term


def term_pattern(term: str) -> str:
    """"duck typing" also as "duck-typing", "keyword argument" also as "keyword arguments", and
    an acronym also spelled out ("GIL": "global interpreter lock")."""
    words = [w for w in re.split(r"[\s-]+", term.lower()) if w]
    if len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]  # "keyword arguments": also "keyword argument"
    pattern = r"[\s-]+".join(re.escape(w) for w in words) + r"(?:e?s)?"
    if re.fullmatch(r"[A-Z]{2,6}s?", term):
        pattern = f"(?:{pattern}|{spelled_out(term.rstrip('s'))})"
    return pattern


# "is", "are", "refers to", "provides": a definition; not "are considered part of the core
# language" or "are not resolved in ..."
_DEFINING = (r"((is|are)(?! (not|never|considered)\b)|refers? to|means?|provides?|represents?|"
             r"denotes?)\b")


def defines(term: str, text: str) -> bool:
    """Does the text define the term: "Coroutines are a more generalized form ...", "A decorator
    is just a function ...", "... is called a generator", or a glossary entry: the term on a line
    of its own, then its definition ("See global interpreter lock." only points elsewhere)."""
    t = term_pattern(term)
    return bool(re.search(rf"(^|[.!?]\s+|\n)\s*(an? |the )?{t}(\s*\([^)]*\))?,? {_DEFINING}|"
                          rf"\b(is|are) (called|known as) (an? |the )?{t}\b|"
                          rf"(^|\n\n)\s*{t}\s*\n\n(?!See )",
                          text, re.IGNORECASE))


# an option ("--root", "-v"), a dotted, underscored or CamelCase name, an environment
# variable (PYTHONHASHSEED), or a hyphenated name next to its kind ("the attribute
# export-ignore"; alone, "user-intervention" is only English); not "e.g."
SETTING_NOUN = (r"(?:option|flag|switch|attribute|setting|variable|key|directive|parameter|"
                r"argument|keyword)s?")
_SETTING = re.compile(r"""
    (?<![\w-])--?[A-Za-z][\w-]* | \b[A-Za-z]\w*(?:[._]\w+)+\b | \b[A-Z][a-z]+[A-Z]\w*\b
  | \b[A-Z][A-Z0-9]{5,}\b
""", re.VERBOSE)
# "[QSA]", "export-ignore", "QSA"
_NEXT_TO_NOUN = r"\[([\w-]+)\]|\b([a-z]+(?:-[a-z]+)+|[A-Z]{2,}[A-Z0-9]*)\b"
_BESIDE_NOUN = re.compile(rf"\b{SETTING_NOUN} (?:{_NEXT_TO_NOUN})|"
                          rf"(?:{_NEXT_TO_NOUN}) {SETTING_NOUN}\b")
_PLAIN_WORDS = {"e.g", "i.e", "etc"}
_FILE_OF = re.compile(rf"\b(\w+\.\w+)\s+{SETTING_NOUN}\b", re.IGNORECASE)  # "which conf.py setting"


def code_names(question: str) -> set[str]:
    """The code names and numbers a question asks about (see `identifiers`), without the file
    it says its setting is written in ("Which conf.py setting ...?"): that is where the answer
    goes, not a name its passage must hold."""
    from rag.text import identifiers

    called = {next(g for g in m.groups() if g).lower() for m in _CALLED.finditer(question)}
    return ((identifiers(question) | called)
            - {m.group(1).lower() for m in _FILE_OF.finditer(question)})


def asks_about_changes(question: str) -> bool:
    """The question is about a release or a change ("since which version", "after upgrading",
    "what's new in 3.11", "is it deprecated"), which release notes answer."""
    return bool(_ABOUT_CHANGES.search(question))


_ABOUT_CHANGES = re.compile(r"""
    \b(new|news|changed?|changes|added|since|version|versions|release[sd]?|deprecated|removed
     |introduced|upgrad\w*|older|newer|anymore|no\ longer)\b
  | \d+\.\d+""", re.IGNORECASE | re.VERBOSE)


def asks_what_it_does(question: str) -> bool:
    """"What does json.dumps return?", "what does sys.exit do?", "What is pathlib.Path.stem?":
    what an API is or does, which the first sentence of its reference entry says."""
    return bool(_WHAT_IT_DOES.search(sentences_of(question)[-1]))


_WHAT_IT_DOES = re.compile(r"""
    ^\s*( what\ (does|do)\ (the\ )?[\w.]+(\(\))?(\ function|\ method|\ class)?
          \ (do|return|returns|yield)                           # "what does json.dumps return"
        | what(['’]s|\ is|\ are)\ (the\ )?[\w]+[._][\w.]+(\(\))? )  # "what is pathlib.Path.stem"
    \s*\?*\s*$""", re.IGNORECASE | re.VERBOSE)
# a bare name used as code: "range()", "What does enumerate return?", "the sorted function"
_API_VERB = r"(?:do|return|raise|yield|accept|take|produce|give|expect|check|compute)"
_CALLED = re.compile(rf"""
    \b([A-Za-z_]\w*)\(\)
  | \b(?i:what)\ (?:does|do|will|would|should)\ (?:the\ )?([a-z_]\w*)
    \ (?:function\ |method\ |builtin\ |built-in\ )?{_API_VERB}\b
  | \bthe\ ([a-z_]\w*)\ (?:function|method|builtin|built-in)\b
""", re.VERBOSE)


def setting_names(sentence: str) -> set[str]:
    """Names one types into a command line or a configuration file, not functions ("f()")."""
    found = {m.group(0).lower().rstrip(".") for m in _SETTING.finditer(sentence)
             if not sentence.startswith("(", m.end())}
    found |= {next(g for g in m.groups() if g).lower() for m in _BESIDE_NOUN.finditer(sentence)}
    return found - _PLAIN_WORDS


# "What was the exact agenda of the Munich Security Conference?", "Who is the current Executive
# Director of the PSF?": an attribute (the phrase's last word) of something. Generic heads (name,
# value, role, ...) are said in many ways and decide nothing.
_ATTRIBUTE = re.compile(
    r"^\s*(?:what|who|which)\s+(?:is|was|are|were)\s+the ((?:[\w-]+ ){0,2}([\w-]+)) "
    r"(?:of|for|at|in)\s+\w", re.IGNORECASE)
_GENERIC = frozenset([
    "name", "names", "value", "values", "role", "job", "purpose", "result", "results", "outcome",
    "reason", "reasons", "focus", "point", "aim", "goal", "meaning", "size", "number", "type",
    "kind", "part", "use", "effect", "default", "difference", "way", "topic", "topics", "subject",
    "subjects", "theme", "issue", "issues", "message", "gist", "tone", "content", "nature",
])


def asked_attribute(question: str) -> str | None:
    """The attribute a question asks of something it names, or None.

    Example: asked_attribute("What was the exact agenda of the Munich Security Conference?")
    -> "agenda"; asked_attribute("What is the role of Ada Lovelace?") -> None (generic)
    """
    m = _ATTRIBUTE.search(question)
    if not m or m.group(2).lower() in _GENERIC:
        return None
    return m.group(2).lower()


# "What is this article about?", "Summarize the document", "tl;dr": the document as a whole,
# answered by its opening, not by the sentence that best matches the words "article" or "about"
_OVERVIEW = re.compile(r"""
    \b( summar(y|ies|i[sz]e) | overview | gist | tl;?dr | about
      | (main|key|central)\ (points?|takeaways?|ideas?|message|arguments?|topics?|subjects?|themes?)
      | (say|says|cover|covers|discuss|discusses) )\b""", re.IGNORECASE | re.VERBOSE)
_DOCUMENT = (r"article|document|documentation|docs|manual|guide|book|text|piece|page|paper|report|"
             r"file|doc|story|post|analysis|essay")
_OVERVIEW_WORDS = set(
    f"{_DOCUMENT.replace('|', ' ')} this it the a an of in on me us please can could would you i "
    "what what's whats is are was does do give tell briefly brief short quick whole entire main "
    "key central summary summaries summarize summarise summarized overview gist tl dr tldr about "
    "point points takeaway takeaways idea ideas message argument arguments topic topics subject "
    "subjects theme themes "
    "say says cover covers discuss discusses".split())


def asks_overview(question: str) -> bool:
    """Does the question ask what the document as a whole says, naming nothing in it?
    "What is this article about?" and "Summarize the document" do; "What was the main topic of
    the committee's summary?" does not (the committee), nor does "What does it say?" (which
    "it")."""
    words = re.findall(r"[a-z]+(?:['’][a-z]+)?", question.lower())
    if not words or not _OVERVIEW.search(question) or not set(words) <= _OVERVIEW_WORDS:
        return False
    return bool(re.search(rf"\b({_DOCUMENT})\b|\b(summar(y|i[sz]e)|overview|gist|tl;?dr)\b|"
                          r"\b(main|key|central) |\bthis about\b", question, re.IGNORECASE))
