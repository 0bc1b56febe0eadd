"""Typed records that cross the library's boundary: nothing from LangChain or Chroma leaks out."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk. `start`/`end` are offsets into the loaded document text."""

    source: str
    start: int
    end: int
    text: str
    score: float
    title: str = ""
    section: str = ""
    chunk_id: str = ""
    similarity: float = 0.0  # cosine similarity of the dense match (0 when found by BM25 only)
    # the declaration of the API entry the chunk begins inside, from the text before it:
    # "subprocess.run(args, *, ...)" for a chunk that begins "If capture_output is true, ..."
    entry: str = ""
    page: int | None = None  # a PDF's page (1-based) where the passage begins; None elsewhere

    @property
    def with_headings(self) -> str:
        """The text after its page title, section and entry: a chunk from the middle of a
        page may name what it is about only there."""
        return f"{self.title}\n{self.section}\n{self.entry}\n{self.text}"


@dataclass(frozen=True)
class Citation:
    """Marker `[number]` in an answer -> the exact quoted span of a source document."""

    number: int
    source: str
    start: int
    end: int
    quote: str
    title: str = ""
    page: int | None = None  # the PDF page the quote begins on (1-based); None for other files


@dataclass(frozen=True)
class Claim:
    """One sentence of an answer, the citations that support it, and whether they do."""

    text: str
    citations: list[int]
    supported: bool


@dataclass
class Answer:
    text: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    question: str = ""
    standalone_question: str = ""
    backend: str = ""
    passages: list[Passage] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class IngestReport:
    """What an ingest did, per file, and in chunks."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    chunks_embedded: int = 0
    chunks_deleted: int = 0
    chunks_unchanged: int = 0

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed, "
            f"{len(self.skipped)} skipped; {self.chunks_embedded} chunks embedded"
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DocumentInfo:
    source: str
    title: str
    chunks: int
    indexed_at: str
