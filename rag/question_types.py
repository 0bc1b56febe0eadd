"""What kind of answer a question asks for, and whether a sentence offers one.

A factoid question names the shape of its answer: "how many" wants a number, "which
exception" an exception name, "who" a person, "in which version" a version. A sentence
that repeats the question's words but holds no such thing is a near miss, not an answer.

Example: expected_type("Which exception does json.loads raise?") -> "exception";
offers("exception", "A JSONDecodeError will be raised.", question) -> True
"""

from __future__ import annotations

import re

from rag.text import spelled_out

_START = r"(?:^|[,;:.?!]\s+|[,;:]\s*)\s*"  # a question word that opens the question, a clause or a sentence
ROLE = (r"(leader|president|minister|official|adviser|advisor|person|politician|secretary|envoy|diplomat|"
        r"spokesperson|spokesman|author|journalist|chancellor)")
_PLACE_NOUN = r"\b(which|what|in which|in what) (city|country|town|capital|venue|location|region|state|continent)\b"
_TYPES = [
    # where a name comes from: "Where does the name Ramstein come from?", "Why is it called Python?",
    # "How did X get its name?", "What is X named after?"
    ("origin", re.compile(r"\bwhere (does|do|did) (the |its |their |this |that )?(\w+ )?names? .{0,60}\b(come|originate) from\b|"
                          r"\bwhy (is|was|are|were) .{1,60}\b(called|named)\b|\bhow did .{1,60}\bget (its|his|her|their|the) name\b|"
                          r"\b(named|called) (after|for) (what|whom)\b|\bwhat (is|was|are|were) .{1,60}\bnamed (after|for)\b",
                          re.IGNORECASE)),
    # "Why can a task vanish?": a reason, given with "because", "to avoid", "so that" ...
    ("reason", re.compile(_START + r"why\b", re.IGNORECASE)),
    # "which Python version", "which SQLite release", "the minimum SQLite version"
    ("version", re.compile(r"\b(which|what|minimum|earliest) ([\w.+-]+ )?(version|release)\b(?! notes)|"
                           r"\bsince (which|what) version\b", re.IGNORECASE)),
    ("exception", re.compile(r"\b(which|what) (\w+ )?(exception|error|warning)s?\b|"
                             r"\b(which|what) (\w+ )?(result|error|return) codes?\b", re.IGNORECASE)),
    # "what HTTP status code", "what exit code": a number (302, 125)
    ("number", re.compile(_START + r"how (many|much|long|old|often|big|large)\b|" + _START + r"((below|above|under|over|beyond|at|up to) )?(what|which) ([\w-]+ )?(year|number|percentage|size|count|tolerance|timeout|limit|threshold|precision|interval|port)\b|" + _START + r"what is the (maximum|minimum|largest|smallest|biggest|default)\b|"
                          r"\b(which|what) (\w+ )?(status|exit) codes?\b", re.IGNORECASE)),
    # "when did/was/will" asks for a date; "when does the callback run" for a moment or condition
    ("date", re.compile(_START + r"(when(?! (does|do)\b)|on what (date|day)|in what year)\b|\bwhat (date|day)\b(?! ?(time|format|string|function))", re.IGNORECASE)),
    ("person", re.compile(_START + r"(who|whom|whose)\b|\b(which|what) (\w+ )?" + ROLE + r"s?\b", re.IGNORECASE)),
    # "where does the name come from" asks for an origin, not a place
    ("place", re.compile(_START + r"where\b(?![^?]*\b(come|comes|came|originate[sd]?)( \w+)? from\b)|" + _PLACE_NOUN,
                         re.IGNORECASE)),
    ("words", re.compile(r"\bhow (did|does|do|has|have) (?:the )?(?-i:[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*|he|she|they) (describe|"
                         r"characteri[sz]e|sum up|summari[sz]e|portray|label)\b|"
                         r"\bwhat (\w+ )?(words?|phrases?|terms?|adjectives?|expressions?|language) (did|does|do)\b", re.IGNORECASE)),
    # "which rebase option", "which config variable", "which gitattributes attribute": a name to type
    # ("what newline argument should I use" asks for a value of the argument it names)
    ("setting", re.compile(r"\b(which ([\w.()-]+ ){0,2}|what ((config|configuration|environment|command[- ]line) )?)"
                           r"(option|flag|switch|attribute|setting|variable|key|directive|parameter|argument|keyword)s?\b",
                           re.IGNORECASE)),
    ("name", re.compile(r"\b(called|known as|named|termed)( now| today| instead)?\s*([,?]|$)|\bwhat (is|are) the (name|term)s? (of|for)\b", re.IGNORECASE)),
    # "What is a coroutine?", "What does immutable mean?", "Define duck typing": nothing but a term
    # ("What does zip do?" asks what a function does)
    ("definition", re.compile(r"^\s*((what(['’]s| is| are) |define )(an? |the )?[\w.'’-]+( [\w.'’-]+){0,3}|"
                              r"what does (an? |the )?[\w.'’-]+( [\w.'’-]+){0,3} mean)( in [\w.]+)?\s*\??\s*$", re.IGNORECASE)),
]
_WORDNUM = r"once|twice|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|hundred|thousand|million|billion|dozen"
_NUMBER = re.compile(rf"\d|\b({_WORDNUM})\b", re.IGNORECASE)
_MONTH = r"January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(  # month names case-sensitive: "may" is a verb
    rf"\b({_MONTH})\b|\b(1[89]|20)\d\d\b|(?i:\b(yesterday|today|tomorrow|ago|weekend|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)")
_CALENDAR_DATE = re.compile(rf"\b(\d{{1,2}} )?({_MONTH})( \d{{1,2}})?,? (1[89]|20)\d\d\b|\b(1[89]|20)\d\d-\d\d-\d\d\b")
_SPELLED_COUNT = re.compile(rf"\b({_WORDNUM})\b(?!(\s+[\w-]+)?\s+((milli|micro|nano)?seconds?|minutes?|hours?|days?|weeks?|"
                            r"months?|years?|decades?|centuries|characters?|bytes?)\b)", re.IGNORECASE)
_TIME_OF_DAY = re.compile(r"\b\d{1,2}[:.]\d\d\b|(?i:\b(tonight|morning|afternoon|evening|night|dawn|midnight|noon)\b)")
_ASKS_DEFAULT = re.compile(r"\b(what is the default|by default)\b")
_ASKS_DATE = re.compile(r"\b(date|day|year|month)\b", re.IGNORECASE)  # "on what date": not "in the morning"
_VERSION = re.compile(r"\b(version|python|release)\s+v?\d+(\.\d+)+|\b\d+\.\d+(\.\d+)?\b", re.IGNORECASE)
# JSONDecodeError, TimeoutExpired; or an error constant: SQLITE_BUSY, E_ACCESSDENIED
_EXCEPTION = re.compile(r"\b[A-Z]\w*(Error|Exception|Warning|Exit|Interrupt|Expired|Iteration)\b|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b"
                        # "will raise a RequestEntityTooLarge exception", "raises Http404"
                        r"|\b[A-Z][a-z]+[A-Z0-9]\w*(?=\s+(?:exception|error)s?\b)"
                        r"|(?:(?<=\braise )|(?<=\braises )|(?<=\braised ))[A-Z][a-z]+[A-Z0-9]\w*")
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z’'\-]+(?:\s+[A-Z][a-z’'\-]+)*")
# "These are known as X"; "attachment_filename is renamed to download_name"
_NAMING = re.compile(r"\b(called|known as|named|termed|referred to as|renamed to|replaced by|replaces)\b", re.IGNORECASE)
_AMOUNT = re.compile(r"[$€£¥]\s?\d|\d\s?%|\b(percent|per cent|dollars?|euros?|pounds?|million|billion|trillion)\b|"
                     r"\d\s?([kMGT]i?B|bytes?|(kilo|mega|giga|tera)bytes)\b",
                     re.IGNORECASE)
_QUOTED = re.compile(r"[“\"][^”\"]{3,}[”\"]")
_DESCRIBED_AS = re.compile(r"\b(described|characteri[sz]ed|portrayed|called|labell?ed|termed|summed up)\b[^.]{0,60}\bas\b", re.IGNORECASE)
# a sentence that says where a name comes from ("named after", "takes its name from", "decided to
# call the language Python"), not one that merely uses the name
_ORIGIN = re.compile(r"\bnamed (after|for|in hono(u)?r of)\b|\b(called|named) \S+ (because|after)\b|"
                     r"\b(name|term|word)s? (comes?|came|derives?|derived|was taken|is taken|originated?|originates)\b|"
                     r"\b(takes|took|got|gets) (its|his|her|their|the) name\b|\b(short|stands?) for\b|"
                     r"\b(abbreviation|acronym|etymology|coined)\b|\b(decided|chose|choose|chosen|wanted) to (call|name)\b",
                     re.IGNORECASE)
_PLACE = re.compile(r"\b(at|in|from|near|inside|outside|on|through|via)\s+(the\s+|\w+[’']s\s+)?([A-Z][\w-]*)")


def expected_type(question: str) -> str | None:
    """The kind of answer asked for, decided by the last sentence that names one ("Where does
    SQLite keep it? What is that table called?" wants a name; "I run --lf in CI. When the last
    run passed it runs everything. Which option ...?" an option, not a date)."""
    for sentence in reversed(re.split(r"(?<=[.?!])\s+(?=\S)", question.strip())):
        kind = _kind(sentence)
        if kind:
            return kind
    return None


def _kind(question: str) -> str | None:
    question = re.sub(r"\b(what|who|where|when|how)['’]s\b", r"\1 is", question, flags=re.IGNORECASE)
    # "When a deque is full, what happens?", "When I sort ..., does Python keep ...?": the
    # clause after the comma is the question, the "when" clause only sets the scene
    clause = re.search(r"[,;]\s*(.*)$", question)
    if clause and re.match(r"\s*(when|if|after|before|once|while)\b", question, re.IGNORECASE):
        question = clause.group(1)
    for name, pattern in _TYPES:
        if pattern.search(question) and (name != "definition" or _defined_term(question)):
            return name
    return None


def required(kind: str | None, question: str) -> bool:
    """Is a sentence without the asked kind no answer at all (rather than a weaker one)?
    "When ...?" needs a date, "which version" a version, "which city" a place, and "where does
    the name come from" a sentence that says so, not one that only uses the name; "where was it
    published" may be answered without a place."""
    return kind in ("date", "version", "origin") or kind == "place" and bool(re.search(_PLACE_NOUN, question, re.IGNORECASE))


def defined_term(question: str) -> str | None:
    """The term a definition question asks about: "What is a coroutine?" -> "coroutine"; the
    question may set the scene first ("I'm new to asyncio. What is a coroutine?")."""
    return next(filter(None, map(_defined_term, reversed(re.split(r"(?<=[.?!])\s+(?=\S)", question.strip())))), None)


def _defined_term(question: str) -> str | None:
    m = re.match(r"\s*(?:(?:what(?:['’]s| is| are) |define )(?:an? |the )?(.+?)|what does (?:an? |the )?(.+?) mean)"
                 r"(?: in [\w.]+)?\s*\??\s*$", question, re.IGNORECASE)
    term = (m.group(1) or m.group(2)).strip() if m else None
    # "What is this article about?" asks an overview, "What is Lovelace's job?" a fact about her,
    # "What is my blueprint missing?" about the user's own thing
    return None if not term or re.search(r"\babout$|['’]s\b|^(my|your|our)\b", term, re.IGNORECASE) else term


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
_DEFINING = r"((is|are)(?! (not|never|considered)\b)|refers? to|means?|provides?|represents?|denotes?)\b"


def defines(term: str, text: str) -> bool:
    """Does the text define the term: "Coroutines are a more generalized form ...", "A decorator
    is just a function ...", "... is called a generator", or a glossary entry: the term on a line
    of its own, then its definition ("See global interpreter lock." only points elsewhere)."""
    t = term_pattern(term)
    return bool(re.search(rf"(^|[.!?]\s+|\n)\s*(an? |the )?{t}(\s*\([^)]*\))?,? {_DEFINING}|"
                          rf"\b(is|are) (called|known as) (an? |the )?{t}\b|(^|\n\n)\s*{t}\s*\n\n(?!See )",
                          text, re.IGNORECASE))


def names_day(sentence: str) -> bool:
    """A calendar date or weekday, not only a time of day: "On 12 February 2025, ..." """
    return bool(_DATE.search(sentence))


def has_number(sentence: str) -> bool:
    return bool(_NUMBER.search(sentence))


def offers(kind: str | None, sentence: str, question: str) -> bool:
    """Does `sentence` hold something of `kind` that the question itself does not say?"""
    if kind is None:
        return True
    asked = question.lower()
    if kind == "number":
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
    if kind == "date":
        return bool(_DATE.search(sentence) or not _ASKS_DATE.search(question) and _TIME_OF_DAY.search(sentence))
    if kind == "version":
        return any(m.group(0).lower() not in asked for m in _VERSION.finditer(sentence))
    if kind == "exception":
        return any(m.group(0).lower() not in asked for m in _EXCEPTION.finditer(sentence))
    if kind == "person":  # "English mathematician Ada Lovelace" is the question's own Lovelace
        asked_words = set(re.findall(r"[\w’'-]+", asked))
        return any(not set(re.findall(r"[\w’'-]+", m.group(0).lower())) & asked_words
                   for m in _CAPITALISED.finditer(sentence))
    if kind == "place":  # "at NATO headquarters" does not say where NATO headquarters is
        return any(m.group(3).lower() not in asked for m in _PLACE.finditer(sentence)) or _names_a_path(sentence, asked)
    if kind == "origin":
        return bool(_ORIGIN.search(sentence))
    if kind == "reason":
        return bool(_REASON.search(sentence))
    if kind == "definition":
        term = defined_term(question)
        return bool(term) and defines(term, sentence)
    if kind == "words":  # "How did the author describe the release?": their words, quoted or reported "as ..."
        if re.search(r"\bwhat (\w+ )?(words?|phrases?|terms?|adjectives?|expressions?)\b", asked):  # his very words: a quotation
            return bool(_QUOTED.search(sentence))
        return bool(_QUOTED.search(sentence) or _DESCRIBED_AS.search(sentence))
    if kind == "name":
        return bool(_NAMING.search(sentence))
    if kind == "setting":  # "--root", "rerere.enabled", "export-ignore", "KeepAliveTimeout"
        return any(name not in asked for name in setting_names(sentence))
    return True


_REASON = re.compile(r"\b(because|since (?!\d|version|python\b)|so that|so as to|in (order|an effort) to|to (avoid|prevent|ensure|make sure)|"
                     r"due to|the reason|is why)\b", re.IGNORECASE)


_FOLDER = re.compile(r"\b(in|into|under|inside) (the|a|an|your|its|their) ([\w.-]+ ){1,2}(folder|directory|subdirectory)\b",
                     re.IGNORECASE)


def _names_a_path(sentence: str, asked: str) -> bool:
    """A file system place the question does not name: "into a _downloads/<hash>/ subdirectory",
    "in $GIT_DIR/info/exclude", "in the instance folder"; "and/or" is a word."""
    paths = {t.strip(".,;:()\"'“”").lower() for t in sentence.split() if "/" in t}
    if any(p not in asked for p in paths if not re.fullmatch(r"[a-z]+/[a-z]+|/", p)):
        return True
    folder = _FOLDER.search(sentence)  # "in the instance folder"
    return bool(folder) and folder.group(0).lower() not in asked


# an option ("--root", "-v"), a dotted, underscored or CamelCase name, an environment
# variable (PYTHONHASHSEED), or a hyphenated name next to its kind ("the attribute
# export-ignore"; alone, "user-intervention" is only English); not "e.g."
_NOUN = r"(?:option|flag|switch|attribute|setting|variable|key|directive|parameter|argument|keyword)s?"
_SETTING = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*|\b[A-Za-z]\w*(?:[._]\w+)+\b|\b[A-Z][a-z]+[A-Z]\w*\b|"
                      r"\b[A-Z][A-Z0-9]{5,}\b")
_NEXT_TO_NOUN = r"\[([\w-]+)\]|\b([a-z]+(?:-[a-z]+)+|[A-Z]{2,}[A-Z0-9]*)\b"  # "[QSA]", "export-ignore", "QSA"
_BESIDE_NOUN = re.compile(rf"\b{_NOUN} (?:{_NEXT_TO_NOUN})|(?:{_NEXT_TO_NOUN}) {_NOUN}\b")
_PLAIN_WORDS = {"e.g", "i.e", "etc"}
_FILE_OF = re.compile(rf"\b(\w+\.\w+)\s+{_NOUN}\b", re.IGNORECASE)  # "which conf.py setting"


def code_names(question: str) -> set[str]:
    """The code names and numbers a question asks about (see `identifiers`), without the file
    it says its setting is written in ("Which conf.py setting ...?"): that is where the answer
    goes, not a name its passage must hold."""
    from rag.text import identifiers

    called = {next(g for g in m.groups() if g).lower() for m in _CALLED.finditer(question)}
    return (identifiers(question) | called) - {m.group(1).lower() for m in _FILE_OF.finditer(question)}


def asks_about_changes(question: str) -> bool:
    """The question is about a release or a change ("since which version", "after upgrading",
    "what's new in 3.11", "is it deprecated"), which release notes answer."""
    return bool(_ABOUT_CHANGES.search(question))


_ABOUT_CHANGES = re.compile(r"\b(new|news|changed?|changes|added|since|version|versions|release[sd]?|deprecated|removed|"
                            r"introduced|upgrad\w*|older|newer|anymore|no longer)\b|\d+\.\d+", re.IGNORECASE)


def asks_what_it_does(question: str) -> bool:
    """"What does json.dumps return?", "what does sys.exit do?", "What is pathlib.Path.stem?":
    what an API is or does, which the first sentence of its reference entry says."""
    return bool(_WHAT_IT_DOES.search(re.split(r"(?<=[.?!])\s+(?=\S)", question.strip())[-1]))


_WHAT_IT_DOES = re.compile(r"^\s*(what (does|do) (the )?[\w.]+(\(\))?( function| method| class)? (do|return|returns|yield)"
                           r"|what(['’]s| is| are) (the )?[\w]+[._][\w.]+(\(\))?)\s*\?*\s*$", re.IGNORECASE)
# a bare name used as code: "range()", "What does enumerate return?", "the sorted function"
_API_VERB = r"(?:do|return|raise|yield|accept|take|produce|give|expect|check|compute)"
_CALLED = re.compile(r"\b([A-Za-z_]\w*)\(\)|"
                     rf"\b(?i:what) (?:does|do|will|would|should) (?:the )?([a-z_]\w*) (?:function |method |builtin |built-in )?{_API_VERB}\b|"
                     r"\bthe ([a-z_]\w*) (?:function|method|builtin|built-in)\b")


def setting_names(sentence: str) -> set[str]:
    """Names one types into a command line or a configuration file, not functions ("f()")."""
    found = {m.group(0).lower().rstrip(".") for m in _SETTING.finditer(sentence)
             if not sentence.startswith("(", m.end())}
    found |= {next(g for g in m.groups() if g).lower() for m in _BESIDE_NOUN.finditer(sentence)}
    return found - _PLAIN_WORDS


_NOT_COUNTED = re.compile(r"(different|distinct|separate|other|possible|individual|additional|total|"
                          r"unique|\w+ed)$")  # "how many different kinds", "how many attached databases"
_DETERMINERS = {"of", "the", "these", "those", "my", "our", "your", "its", "their", "such"}  # "how many of these dirs"
_VERBS = {"does", "has", "was", "is"}  # "how many people does it": not a plural noun
_KINDS = {"kinds", "types", "sorts", "forms", "categories", "varieties"}  # "how many kinds of files": files


def _counted_noun(asked: str) -> str | None:
    """What a "how many" question counts: "how many attached databases" -> "databases",
    "how many different kinds of temporary files" -> "temporary" (the thing after "kinds of")."""
    m = re.search(r"\bhow many ((?:[a-z-]+ ){0,4}[a-z-]+)", asked)
    if not m:
        return None
    words = m.group(1).split()
    while len(words) > 1 and (_NOT_COUNTED.fullmatch(words[0]) or words[0] in _DETERMINERS):
        words.pop(0)
    if words[0] in _KINDS and len(words) > 2 and words[1] == "of":
        return words[2]  # "kinds of temporary files": temporary ones
    if len(words) > 1 and not words[0].endswith("s") and re.fullmatch(r"[a-z-]+[^s]s", words[1]) and words[1] not in _VERBS:
        return words[1]  # "base directories", "temporary files": the plural noun is what is counted
    return words[0]



def _counts(sentence: str, noun: str) -> bool:
    """A number a few words before `noun` (same stem): "two key developments" counts developments."""
    from rag.text import content_terms

    stem = (content_terms(noun) or [noun])[0]
    words = re.findall(r"[\w’'-]+", sentence)
    for i, word in enumerate(words):
        if _NUMBER.fullmatch(word) or _NUMBER.match(word) and word[0].isdigit():
            following = content_terms(" ".join(words[i + 1 : i + 5]))
            if stem in following or i and words[i - 1].lower() in _STATES_VALUE:
                return True
    return False


# "a default value of 128", "will be one fewer": the number is the value stated, not a count of
# some other thing ("the two leaders"), so it may answer "how many results"
_STATES_VALUE = {"of", "is", "be", "are", "was", "were", "to", "equals"}


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
_OVERVIEW = re.compile(r"\b(summar(y|ies|i[sz]e)|overview|gist|tl;?dr|about|(main|key|central) (points?|takeaways?|"
                       r"ideas?|message|arguments?|topics?|subjects?|themes?)|(say|says|cover|covers|discuss|discusses))\b",
                       re.IGNORECASE)
_DOCUMENT = r"article|document|documentation|docs|manual|guide|book|text|piece|page|paper|report|file|doc|story|post|analysis|essay"
_OVERVIEW_WORDS = set(
    f"{_DOCUMENT.replace('|', ' ')} this it the a an of in on me us please can could would you i "
    "what what's whats is are was does do give tell briefly brief short quick whole entire main key central "
    "summary summaries summarize summarise summarized overview gist tl dr tldr about point points takeaway "
    "takeaways idea ideas message argument arguments topic topics subject subjects theme themes "
    "say says cover covers discuss discusses".split())


def asks_overview(question: str) -> bool:
    """Does the question ask what the document as a whole says, naming nothing in it?
    "What is this article about?" and "Summarize the document" do; "What was the main topic of
    the committee's summary?" does not (the committee), nor does "What does it say?" (which "it")."""
    words = re.findall(r"[a-z]+(?:['’][a-z]+)?", question.lower())
    if not words or not _OVERVIEW.search(question) or not set(words) <= _OVERVIEW_WORDS:
        return False
    return bool(re.search(rf"\b({_DOCUMENT})\b|\b(summar(y|i[sz]e)|overview|gist|tl;?dr)\b|\b(main|key|central) |\bthis about\b",
                          question, re.IGNORECASE))
