"""How a manual's page is laid out around a sentence, read from its text alone.

A reference entry opens with a declaration line ("heapq.heappop(heap)") or an option's term
line ("--tocfile"), and its sentences rarely repeat the name; a reference box's rows ("Default:
KeepAliveTimeout 5") sit under a heading; an FAQ's answer sits under its question. And some
lines are never an answer: headings, code, configuration and command lines, markup.

Example: term("--tocfile\n\nFilename for a table of contents file.", 11) -> "--tocfile"
"""

from __future__ import annotations

import re

from rag.question_types import setting_names, term_pattern
from rag.records import Passage
from rag.text import looks_like_injection

# a statement of code: ends a line with ";", or SQL's verb ... FROM/INTO/SET/WHERE in capitals
_CODE_LINE = re.compile(
    r";\s*$|;\s*\n|\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET|WHERE)\b", re.MULTILINE)
# a statement from a source listing (Sphinx's HTML holds its own, _modules/), maybe after its line
# number: an assignment ("2 x = f(y)"), a call on its own ("app.add_config_value('todo', False)",
# "logger.debug('%r',"), "return ...", "import ...", "app.config['KEY'] # a comment", or a string
# in a list ("'django.middleware.locale.LocaleMiddleware',")
_STATEMENT = re.compile(r"""
    (\d+\s+)?([\w.]+(\[[^\]]*\])?\s*[-+*/|]?=(?!=) | [\w.]+\((?![^()]*\)\s+\w))
  | (return|import|raise|assert|yield|await|del|from\ [\w.]+\ import)\s
  | [\w.]+\[[^\]]*\]\s*(\#|$)
  | ['"][^'"\n]*['"],?$
    # a compound statement's head: "if dict.has_key( key ): return dict[key]"
  | (if|elif|while|for|with|def)\ [^:\n]*(\(|==|\ in\ )[^:\n]*:(\s|$)
""", re.VERBOSE)
# release notes: "What’s New in Python 2.5", "Changelog", "Django 3.2 release notes",
# "E.18. Release 15.1"
_RELEASE_NOTES = re.compile(r"what[’']?s new|change ?log|release notes|release history|"
                            r"^changes\b|\brelease \d", re.IGNORECASE)


def release_notes(p: Passage) -> bool:
    """The passage is from a page of release notes, which say what changed at some release,
    not how things are now."""
    return bool(_RELEASE_NOTES.search(p.title))


# a configuration or command line: a CamelCase directive, or a command and an option, then arguments
_COMMAND_LINE = re.compile(r"([A-Z][a-z]+[A-Z]\w*|[a-z][\w.-]*\s+--?\w[\w-]*)(\s+\S+){0,6}")


# "heapq.heappop(heap)", "class contextlib.chdir(path)", "exception os.Error"
_DECLARATION = re.compile(r"""
    (?:(?:class|exception|async|abstractmethod|classmethod|staticmethod|method|function|attribute
         |data)\s+ | @)?
    ([A-Za-z_][\w.]*)(?:\(.*\))?(?:\s*(?:->|→).*)?
""", re.VERBOSE)


def declared_name(paragraph: str) -> str | None:
    """The name a paragraph declares if it is one declaration line ("class dict(**kwargs)"
    -> "dict", "os.path.join(path, *paths)" -> "os.path.join"), else None."""
    line = paragraph.strip()
    m = _DECLARATION.fullmatch(line) if "\n" not in line else None
    # not a bare "Note"; a configuration value's entry may be one bare name
    # ("autosummary_generate"); "sys.exit(main())" is a call in an example, not a declaration
    if m and ("." in m.group(1) or "_" in m.group(1).strip("_") or "(" in line or " " in line) \
            and not re.search(r"\(\s*[\w.]+\(", line):
        return m.group(1)
    return None


def entry_line(text: str, start: int, inherited: str | None = None) -> str | None:
    """The declaration line of the API reference entry the span sits in: the nearest
    paragraph above it that is one bare declaration ("heapq.heappop(heap)"; not a line inside
    a code example), or None if a Markdown heading comes first. At the passage start, the
    entry the passage `inherited` from the text before it (`Passage.entry`)."""
    for paragraph in reversed(text[:start].split("\n\n")):
        lines = [line.strip() for line in paragraph.strip().splitlines()]
        if any(line.startswith("#") for line in lines):
            return None
        if len(lines) == 1 and declared_name(lines[0]):
            return lines[0]
    return inherited


def _line_before(text: str, end: int) -> tuple[int, str]:
    """Where the last non-blank line before `end` begins, and that line stripped."""
    before = text[:end].rstrip()
    line_start = before.rfind("\n") + 1
    return line_start, before[line_start:].strip()


def line_at(text: str, start: int | None) -> str | None:
    """The line that begins at `start`, stripped; None for no start."""
    if start is None:
        return None
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)].strip()


def declaration_above(text: str, start: int) -> int | None:
    """Where the declaration line right above `start` begins ("exception os.Error" with only
    blank lines between), or None: the first sentence of a reference entry is about the
    name declared there, which the sentence itself leaves out."""
    line_start, line = _line_before(text, start)
    if line.startswith(("exception ", "class ")) and _DECLARATION.fullmatch(line):
        return line_start
    return None


def term_above(text: str, start: int) -> int | None:
    """Where the term line above the paragraph holding `start` begins ("--rfc",
    "rerere.enabled", "-v <n>", with only blank lines between), or None: an option's
    description rarely repeats the option it describes."""
    line_start, line = _line_before(text, max(text.rfind("\n\n", 0, start), 0))
    # it starts with the name ("-T, --no-toc"); not "If you then run it with --lf:" or "Changed in
    # version 3.5: allow_abbrev was added.", sentences, or "x = [f]", code
    if (line and len(line) <= 60 and re.fullmatch(r"[-\w.<>=\[\]|,: ]+", line)
            and not line.endswith(".") and " = " not in line
            and setting_names(line.split()[0].rstrip(",:"))):
        return line_start
    return None


def defined_above(text: str, start: int, term: str) -> int | None:
    """Where a glossary entry's term line begins, if `start` opens the paragraph right under a
    line holding only `term` ("coroutine", then "Coroutines are a more generalized form of
    subroutines."): the definition need not repeat its term."""
    opened = text[:start].rstrip(" ")
    if opened and not opened.endswith("\n\n"):
        return None  # not the paragraph's first sentence
    if text[start:].startswith("See "):
        return None  # "GIL" then "See global interpreter lock.": a pointer, not a definition
    line_start, line = _line_before(text, start)
    return line_start if re.fullmatch(term_pattern(term), line, re.IGNORECASE) else None


def term(text: str, start: int) -> str | None:
    """The term line above the paragraph holding `start` ("--tocfile"), or None."""
    return line_at(text, term_above(text, start))


def declares(entry: str | None, code: set[str]) -> bool:
    """The entry's declaration line names a name the question uses, fully or in part:
    "deque.append" is declared as "collections.deque.append" or, inside the class entry, as
    "append"."""
    if entry is None:
        return False
    # "heapq.heappop(heap)" -> "heapq.heappop"
    declared = _DECLARATION.fullmatch(entry)
    if declared is None:
        return False
    name = declared.group(1).lower()
    return any(name == n or name.endswith("." + n) or n.endswith("." + name) for n in code)


# "Default: KeepAliveTimeout 5", a reference box's row
_LABEL = re.compile(r"[A-Z][A-Za-z ]{1,24}: \S")


def box_heading(p: Passage, start: int) -> str | None:
    """For a "Label: value" row ("Compatibility: Available in version 2.4.26 and later."),
    the heading it sits under ("Apache Module mod_brotli"): the row does not say what it is
    about. None for any other sentence."""
    if not _LABEL.match(p.text, start):
        return None
    heading = next((line for line in reversed(p.text[:start].splitlines())
                    if line.startswith("#")), None)
    return _heading_text(heading) if heading else _section_tail(p) or p.title


def question_above(p: Passage, start: int) -> str | None:
    """The heading right above `start` if it asks a question ("### Why do HTTPS connections
    ... take 30 seconds?"), else None; at the passage's start, its section."""
    before = p.text[:start].rstrip()
    if before:
        line = before[before.rfind("\n") + 1 :]
        heading = _heading_text(line) if line.startswith("#") else ""
    else:
        heading = _section_tail(p)
    return heading if heading.endswith("?") else None


def _heading_text(line: str) -> str:
    """A heading line without its marks: "## LimitRequestBody Directive ¶" -> its words."""
    return line.lstrip("#").strip(" ¶")


def _section_tail(p: Passage) -> str:
    """The innermost section the passage sits in."""
    return _heading_text(p.section.rsplit(" > ", 1)[-1])


def heading_line(text: str, start: int) -> str | None:
    """The Markdown heading line the span starts, if it starts one."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    return line if line.lstrip().startswith("#") else None


def is_heading(text: str, start: int) -> bool:
    """The span starts a Markdown heading line: a title names a topic, it answers nothing,
    unless it states something: a short label and its value ("## About the authors: EU Global
    Editorial Staff"), not a title and its subtitle ("## The Outage of 12 March:
    Causes and Consequences")."""
    line = heading_line(text, start)
    if line is None:
        return False
    label = re.match(r"\s*#+\s*([^:]{1,40}): \w+ \w", line)
    return not (label and all(w[0].islower() for w in label.group(1).split()[1:]))


def prose(sentence: str, words: int = 4) -> bool:
    """A sentence worth quoting as an answer: words, not a code line or a bare signature."""
    stripped = sentence.strip()
    # a heading or a comment; "#10028: jQuery will no longer be injected" is a changelog entry
    if (stripped.startswith((">>>", "...", "$ ")) or re.match(r"#+(\s|$)", stripped)
            or looks_like_injection(sentence)):
        return False
    if stripped.startswith("<") and stripped.endswith(">"):
        return False  # markup or a configuration section: <Directory "/foo">
    if stripped.endswith(":") and "(" in stripped or re.fullmatch(r"[\w.]+\(.*\)", stripped):
        return False  # a signature or the head of a code block
    if _STATEMENT.match(stripped) or _CODE_LINE.search(stripped):
        return False  # "x = f(y)", "return x"; "SELECT * FROM fts WHERE fts = ?", "x = f(y);"
    if not re.search(r"[.!?:]\W*$", stripped) and _COMMAND_LINE.fullmatch(stripped):
        return False  # "DirectoryIndex index.html index.php", "apache2ctl -k graceful-stop"
    if re.match(r"Default: \S", stripped):
        return True  # a reference entry's "Default: 31449600 (approximately 1 year, in seconds)"
    if re.match(r'File "|Traceback \(most recent call last\)', stripped):
        return False  # a traceback's line: 'File "/home/.../pathlib.py", line 861, in with_stem'
    if not re.search(r"\s", stripped):
        return False  # one bare name, an entry's declaration: "rmtree.avoids_symlink_attacks"
    outside = re.sub(r"\([^()]*\)", " ", stripped)  # words in the prose, not in argument lists
    return len(re.findall(r"[A-Za-z]{2,}", outside)) >= words
