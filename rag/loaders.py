"""Turn files into `LoadedDocument`s: the text that citation offsets point into, plus metadata.

For `.txt` and `.md` the text is the file's text exactly as `open(path).read()` gives it,
so `open(source).read()[start:end] == quote`. For `.html`, `.pdf` (`rag.pdf`: pages apart by
form feeds), `.docx`, `.odt` and `.epub` (`rag.office`) it is the extracted text
(`load_document(path).text`). Headings are kept as Markdown `#` lines so chunks can carry
their section titles. A title is the document's own (front matter, metadata, first heading,
a title line at the top of a plain text), else the file name. Does not chunk or embed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

import yaml

from rag.errors import RagError

log = logging.getLogger(__name__)

LOADER_VERSION = "5"  # bump when extracted text changes: files are then re-read on ingest
SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".odt", ".epub"}
KINDS = ".txt, .md, .html, .pdf, .docx, .odt or .epub"  # for messages
_BINARY = {".pdf", ".docx", ".odt", ".epub"}
MAX_FILE_BYTES = 50 * 1024 * 1024
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_MD_TITLE = re.compile(r"^#\s+(.+)$", re.MULTILINE)
_BLOCKS = ["p", "div", "li", "pre", "tr", "dt", "dd", "br", "section", "table", "blockquote",
           "ul", "ol", "dl", "figcaption", "caption"]
# page chrome, not content: navigation bars, sidebars, footers, permalink markers
_CHROME_TAGS = {"nav", "header", "footer"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo"}
_CHROME_CLASSES = {"sphinxsidebar", "related", "footer"}
_CHROME_IDS = {"footer", "page-header", "page-footer", "navigation", "sidebar", "breadcrumbs"}


@dataclass
class LoadedDocument:
    source: str  # absolute path
    text: str
    title: str
    body_start: int = 0  # where indexable text begins (after front matter)
    metadata: dict[str, str] = field(default_factory=dict)


def discover(
    paths: Sequence[str | Path], exclude: list[str] | tuple[str, ...] = ()
) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files and folders into supported files; return (files, skipped-with-reason).

    `exclude` holds glob patterns matched against each path inside a folder and each of
    its parts (e.g. `_sources` or `*.rst.txt`). Raises RagError for a path that does not
    exist or a folder with nothing to index.
    """
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            raise RagError(f"path does not exist: {raw}")
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and not _hidden(p, path) and not _excluded(p, path, exclude)
            )
            usable = [p for p in found if p.suffix.lower() in SUPPORTED]
            skipped += [(str(p), "unsupported file type") for p in found if p not in usable]
            if not usable:
                raise RagError(f"no {KINDS} files in folder: {raw}")
            files += usable
        elif path.suffix.lower() in SUPPORTED:
            files.append(path)
        else:
            raise RagError(
                f"unsupported file type '{path.suffix or path.name}': {raw} "
                f"(use {KINDS})"
            )
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, skipped


def _excluded(path: Path, root: Path, patterns: list[str] | tuple[str, ...]) -> bool:
    rel = path.relative_to(root)
    return any(fnmatch(rel.as_posix(), pat) or any(fnmatch(part, pat) for part in rel.parts)
               for pat in patterns)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def load_document(path: str | Path) -> LoadedDocument:
    """Load one file. Raises RagError naming the file when it cannot be read as a document."""
    path = Path(path).resolve()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise RagError(f"unsupported file type '{suffix}': {path}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RagError(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_FILE_BYTES:
        raise RagError(f"file too large ({len(data) // 2**20} MB): {path}")
    if not data.strip():
        raise RagError(f"file is empty: {path}")
    if suffix in _BINARY:
        doc = _load_binary(path, suffix, data)
    else:
        text = _decode(path, data)
        doc = _load_html(path, text) if suffix in {".html", ".htm"} else _load_text(path, text)
    if not doc.text[doc.body_start :].strip():
        raise RagError(f"no text found in {path}")
    return doc


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise RagError(f"binary file, not text: {path}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # legacy 8-bit text, best effort
    # universal newlines, exactly as open(path).read() does
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _load_text(path: Path, text: str) -> LoadedDocument:
    meta: dict[str, str] = {}
    body_start = 0
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            parsed = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            parsed = None
        if isinstance(parsed, dict):
            meta = {str(k): str(v) for k, v in parsed.items() if v is not None}
            body_start = match.end()
    heading = _MD_TITLE.search(text, body_start) if path.suffix.lower() != ".txt" else None
    title = meta.get("title") or (heading.group(1).strip() if heading
                                  else _title_line(text[body_start:]))
    return LoadedDocument(str(path), text, title or path.stem, body_start, meta)


# what stands above a plain text's title and is not it: ornament, "Archive-Name: ..." header
# fields, dates and signatures, addresses
_NOT_TITLE = re.compile(
    r"[^A-Za-z]*$|[A-Z][\w-]*: |.*(?:\d{4}-\d\d-\d\d|\b\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}\b"
    r"|\b[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}\b|\$Id|@|://)")


def _title_line(text: str, look: int = 30) -> str:
    """The plain text's title line, or '' when it opens with prose (a sentence, a question,
    a list) rather than a title. Lines of dashes, "Archive-Name: editor-faq/sed" headers and
    "October 13, 2014" dates above the title are passed over.

    Example: "Archive-Name: sed-faq\n\n    THE SED FAQ\n\nCONTENTS" -> "THE SED FAQ"
    """
    for line in text.split("\n")[:look]:
        line = line.strip().strip("#*=|").strip()
        if not line or _NOT_TITLE.match(line):
            continue
        words = line.split()
        looks_like_title = (len(words) <= 12 and len(line) <= 80 and not line[0].islower()
                            and not line.endswith((".", ",", ";", ":", "?", "!"))
                            and not re.match(r"[-*+•]\s|\d+[.)]\s", line))
        return line if looks_like_title else ""
    return ""


def _load_html(path: Path, html: str) -> LoadedDocument:
    text, title = html_text(html)
    return LoadedDocument(str(path), text, title or path.stem, 0, {})


def html_text(html: str) -> tuple[str, str]:
    """A page's text with `#` headings and its <title> (or first heading, or '').

    Example: "<title>Guide</title><h2>Install</h2><p>Run it.</p>"
    -> ("## Install\n\nRun it.\n", "Guide")
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe", "svg"]):
        tag.decompose()
    for tag in soup.find_all(_is_chrome):
        tag.decompose()
    # HTML line breaks inside a paragraph are plain spaces; only <pre> keeps its lines
    in_pre = {id(s) for pre in soup.find_all("pre") for s in pre.find_all(string=True)}
    for s in list(soup.find_all(string=True)):
        if id(s) not in in_pre and ("\n" in s or "  " in s):
            s.replace_with(re.sub(r"\s+", " ", str(s)))
    for level in range(1, 7):
        for h in soup.find_all(f"h{level}"):
            h.insert_before("\n\n" + "#" * level + " ")
            h.insert_after("\n\n")
    for cell in soup.find_all(["td", "th"]):  # "Default:" and "KeepAliveTimeout 5" are two cells
        cell.insert_after(" ")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else ""
    if title_tag:
        title_tag.decompose()
    root = soup.body or soup
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in root.get_text().split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
    if not title:
        heading = _MD_TITLE.search(text)
        title = heading.group(1).strip() if heading else ""
    return text, title


def _is_chrome(tag) -> bool:
    """A hand-written match: BeautifulSoup's CSS `select` took a quarter of a page's load time."""
    if tag.name in _CHROME_TAGS or tag.get("role") in _CHROME_ROLES or tag.get("id") in _CHROME_IDS:
        return True
    if tag.name == "a" and "headerlink" in tag.get("class", ()):
        return True
    return not _CHROME_CLASSES.isdisjoint(tag.get("class", ()))


def _load_binary(path: Path, suffix: str, data: bytes) -> LoadedDocument:
    from rag import office, pdf

    meta: dict[str, str] = {}
    try:
        if suffix == ".pdf":
            pages, title = pdf.read_pdf(data, str(path))
            text = pdf.pages_text(pages)
            meta["pages"] = str(len(pages))
            if not text.strip():
                raise RagError(f"PDF has no text layer (scanned image?): {path}")
        elif suffix == ".docx":
            text, title = office.docx_text(data)
        elif suffix == ".odt":
            text, title = office.odt_text(data)
        else:
            text, title = office.epub_text(data, html_text)
    except RagError:
        raise
    except Exception as exc:  # noqa: BLE001  (python-docx, odfdo, EbookLib each raise their own kinds)
        raise RagError(f"corrupt or unreadable {suffix[1:]} file: {path} "
                       f"({type(exc).__name__})") from None
    # a PDF's own "#" lines are text ("# ($#) Expands to ..."), not the headings we made
    heading = _MD_TITLE.search(text) if suffix != ".pdf" else None
    title = title or (heading.group(1).strip() if heading else "") or _title_line(text) or path.stem
    return LoadedDocument(str(path), text, title, 0, meta)
