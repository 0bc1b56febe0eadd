"""Hybrid retrieval: BM25 (names, numbers, rare words) fused with dense search by RRF.

BM25 is `bm25s` (sparse matrices, not a Python loop over documents); dense search is an
exact cosine search over every stored vector (one matrix product). Both are rebuilt lazily
from the store after each ingest. Chroma's own search is approximate (HNSW): measured on
the three manuals, it left out 2-3% of the true 50 nearest chunks, now and then one of the
best 2, and which ones changed between runs, because Chroma rebuilds part of its graph at
random when a store opens. Exact search costs 0.4 ms at 12,700 chunks.
Reciprocal rank fusion: score = sum over rankings of 1 / (60 + rank). Then, for a question
that names the kind of its answer ("which exception", "in which version", "on what date"),
the best 12 are re-ordered so that passages holding such a thing come first. "What is a
coroutine?" also looks for the term's definition among the 20 chunks nearest the bare term.
An API name the question uses ("What does enumerate return?") adds a third ranking: the
chunks declaring it, weighted as if both searches had ranked them first. Release notes come
after the reference, unless the question is about a change.
"""

from __future__ import annotations

import bisect
import logging
import re
import threading
from dataclasses import replace

from rag.kinds import expected_kind
from rag.page_structure import declared_name, entry_line, prose, release_notes
from rag.question_types import asks_about_changes, asks_overview, code_names
from rag.records import Passage
from rag.store import ChunkStore, StoredChunk
from rag.text import mentions

log = logging.getLogger(__name__)
RRF_K = 60
# Answer-kind re-ordering looks at the best 12 fused passages. Measured on cached retrieval of
# seven question sets: hit@5 up on three (Python docs dev 30 -> 31 of 32), down on none; a
# pool of 8 misses an answer fused at rank 9. Moving such passages up by a fixed score instead
# (0.003-0.01 of RRF score) did no better.
KIND_POOL = 12
DEFINITION_POOL = 20
DECLARED_WEIGHT = 2.0  # the entry of an API the question names: as if both searches ranked it first


class BM25Index:
    def __init__(self, chunks: list[StoredChunk]) -> None:
        import bm25s
        import Stemmer

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets itself to DEBUG
        self.chunks = chunks
        self._stemmer = Stemmer.Stemmer("english")
        self._bm25 = bm25s.BM25()
        if chunks:
            tokens = bm25s.tokenize(
                [c.text for c in chunks], stopwords="en", stemmer=self._stemmer,
                show_progress=False,
            )
            self._bm25.index(tokens, show_progress=False)

    def search(self, query: str, k: int) -> list[tuple[StoredChunk, float]]:
        import bm25s

        if not self.chunks:
            return []
        tokens = bm25s.tokenize(
            [query], stopwords="en", stemmer=self._stemmer, show_progress=False
        )
        if not tokens.vocab:
            return []
        k = min(k, len(self.chunks))
        docs, scores = self._bm25.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        return [
            (self.chunks[int(i)], float(s)) for i, s in zip(docs[0], scores[0]) if s > 0
        ]


class ExactDense:
    """Cosine similarity of a query with every stored vector: exact and repeatable."""

    def __init__(self, vectors) -> None:
        import numpy as np

        vectors = np.asarray(vectors if vectors is not None else np.zeros((0, 1)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self.vectors = vectors / np.where(norms == 0, 1, norms)

    def search(self, query: list[float], k: int) -> list[tuple[int, float]]:
        """(row, similarity) of the k most similar rows, best first."""
        import numpy as np

        if not len(self.vectors):
            return []
        q = np.asarray(query, dtype=np.float32)
        sims = self.vectors @ (q / (np.linalg.norm(q) or 1.0))
        k = min(k, len(sims))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.lexsort((top, -sims[top]))]  # best first; ties by row, so always the same
        return [(int(i), float(sims[i])) for i in top]


class HybridRetriever:
    """`retrieve(question, k)` -> Passages, best first."""

    def __init__(self, store: ChunkStore, candidates: int = 50) -> None:
        self.store = store
        self.candidates = candidates
        self._indexes: tuple[BM25Index, ExactDense] | None = None
        self._declared = Declarations([])
        self._pages: dict[str, list[StoredChunk]] = {}  # each document's chunks in text order
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        with self._lock:
            self._indexes = None

    def indexes(self) -> tuple[BM25Index, ExactDense]:
        """Both searches' indexes, built from one read of the store."""
        with self._lock:
            if self._indexes is None:
                chunks, vectors = self.store.snapshot()
                self._indexes = BM25Index(chunks), ExactDense(vectors)
                self._declared = Declarations(chunks)
                self._pages = {}
                for c in chunks:
                    self._pages.setdefault(str(c.metadata.get("source", "")), []).append(c)
                for page in self._pages.values():
                    page.sort(key=_start)
            return self._indexes

    def bm25(self) -> BM25Index:
        return self.indexes()[0]

    def dense(self, question: str, n: int) -> list[tuple[StoredChunk, float]]:
        """The n stored chunks most similar in meaning, exactly: (chunk, cosine), best first."""
        bm25, exact = self.indexes()
        if not bm25.chunks:
            return []
        query = self.store.embeddings.embed_query(question)
        return [(bm25.chunks[i], sim) for i, sim in exact.search(query, n)]

    def retrieve(self, question: str, k: int = 5) -> list[Passage]:
        n = max(self.candidates, k)
        dense = self.dense(question, n)
        lexical = self.bm25().search(question, n)
        fused: dict[str, float] = {}
        by_id: dict[str, StoredChunk] = {}
        similarity: dict[str, float] = {}
        code = code_names(question)  # as written: "__debug__" is not logging's debug()
        declared = self.declaring({w.lower() for w in re.findall(r"[A-Za-z_][\w.]*\w", question)
                                   if w.lower().strip("._") in code})
        for ranking, weight in ((dense, 1.0), (lexical, 1.0), (declared, DECLARED_WEIGHT)):
            for rank, (chunk, _) in enumerate(ranking):
                fused[chunk.id] = fused.get(chunk.id, 0.0) + weight / (RRF_K + rank + 1)
                by_id[chunk.id] = chunk
        for chunk, sim in dense:
            similarity[chunk.id] = sim
        best = sorted(fused, key=lambda i: fused[i], reverse=True)[: max(k, KIND_POOL)]
        passages = [_passage(by_id[i], fused[i], similarity.get(i, 0.0)) for i in best]
        if passages and asks_overview(question):  # "What is this article about?": its opening first
            lead = self.lead(passages[0].source)
            rest = [p for p in passages if p.chunk_id != lead.id]
            return [_passage(lead, fused.get(lead.id, 0.0), similarity.get(lead.id, 0.0)),
                    *rest][:k]
        passages = reference_first(
            question, by_answer_kind(question, [self._in_entry(p) for p in passages]))
        kind = expected_kind(question)
        subject = kind.subject_of(question) if kind else None
        if kind and subject and not any(kind.offers(p.text, question) for p in passages[:k]):
            # "What is a coroutine?": the glossary entry may share one word with the question and be
            # fused far down; the chunks nearest to the bare term hold it if anything does
            entry = next((c for c, _ in self.dense(subject, DEFINITION_POOL)
                          if kind.offers(c.text, question)), None)
            if entry is not None and entry.id not in {p.chunk_id for p in passages[:k]}:
                passages.insert(1, _passage(entry, fused.get(entry.id, 0.0),
                                            similarity.get(entry.id, 0.0)))
        return passages[:k]

    def declaring(self, names: set[str]) -> list[tuple[StoredChunk, float]]:
        """The chunks declaring the API names a question asks about (see `Declarations`)."""
        self.indexes()
        return [(c, 1.0) for c in self._declared.find(names)]

    def lead(self, source: str) -> StoredChunk:
        """The first chunk of a document."""
        self.indexes()
        return self._pages[source][0]

    def _in_entry(self, p: Passage, look: int = 3) -> Passage:
        """The passage with the API entry it begins inside, read from the (up to `look`)
        chunks before it: a chunk that begins "If capture_output is true, ..." documents
        subprocess.run, declared a chunk earlier."""
        if p.text.lstrip().startswith("#"):
            return p  # it begins at a heading: a new part of the page
        page = self._pages.get(p.source, [])
        before = bisect.bisect_left(page, p.start, key=_start)
        for chunk in reversed(page[max(0, before - look) : before]):
            text = _body(chunk)[: p.start - _start(chunk)]
            found = entry_line(text, len(text), inherited=_NOT_YET)
            if found != _NOT_YET:  # a declaration, or a heading (None): the entry is settled
                return replace(p, entry=found) if found else p
        return p


def by_answer_kind(question: str, passages: list[Passage]) -> list[Passage]:
    """"Which exception does json.loads raise?": after the best fused passage, passages that
    name an exception and json.loads, then those with one of the two, then the rest, each
    group in fused order."""
    kind = expected_kind(question)
    if not kind:
        return passages
    code = code_names(question)

    def signals(p: Passage) -> int:
        return kind.offers(p.text, question) + bool(code and mentions(p.with_headings, code))

    # the best fused passage stays first: in manuals most passages name some option or number,
    # and the one both searches ranked first ("[QSA] flag") fell out of the five (Apache set)
    best, rest = passages[:1], passages[1:]
    return best + sorted(rest, key=signals, reverse=True)  # stable: fused order within a group


def reference_first(question: str, passages: list[Passage]) -> list[Passage]:
    """After the best fused passage, release notes last, unless the question asks about a
    change: "What's New in Python 2.6" says that a full deque drops old items too, as news, and
    took the place of the reference's own page (on 18 sets: citations +4, abstentions +1,
    answers -1; moving the best passage too cost two API answers)."""
    if asks_about_changes(question):
        return passages
    return passages[:1] + sorted(passages[1:], key=release_notes)  # stable: fused order otherwise


class Declarations:
    """Where each API name is declared: an entry's declaration line ("enumerate(iterable,
    start=0)") followed by its description, as an API manual's object index has it. Not an
    index page's line ("enumerate() (built-in function)"), which no description follows, and
    not a bare name ("mod_deflate" above its one-line summary on Apache's module index, or
    "pg_dump" above a page's navigation): those took the evidence out of the five on the Apache
    and PostgreSQL sets."""

    def __init__(self, chunks: list[StoredChunk]) -> None:
        self.chunks: dict[str, list[StoredChunk]] = {}  # "os.path.join" -> the chunks declaring it
        for chunk in chunks:
            paragraphs = _body(chunk).split("\n\n")
            names = [declared_name(p) if _called_or_qualified(p) else None for p in paragraphs]
            for i in range(len(paragraphs) - 1):  # the last one may be cut, or lack its description
                # after its declaration(s) ("class dict(**kwargs)", "class dict(mapping, **kwargs)")
                j = next((j for j in range(i + 1, len(names)) if names[j] != names[i]), None)
                name = names[i]
                if (name and j is not None and not names[j]
                        and prose(paragraphs[j].split(". ")[0])):
                    self.chunks.setdefault(name.lower(), []).append(chunk)
        self.by_tail: dict[str, list[str]] = {}  # "join" -> ["os.path.join", "str.join", ...]
        for full in self.chunks:
            for i in range(1, full.count(".") + 1):
                self.by_tail.setdefault(full.split(".", i)[-1], []).append(full)

    def find(self, names: set[str], most: int = 3) -> list[StoredChunk]:
        """The chunks declaring each name (lowercased): "enumerate" (the builtin's entry, not
        the pages on enumerations), "os.path.join", or a name by a tail that at most two
        declared names end with ("rmtree": shutil.rmtree)."""
        found: list[StoredChunk] = []
        for name in sorted(names):
            chunks = self.chunks.get(name, [])
            if not chunks and len(self.by_tail.get(name, [])) <= 2:
                chunks = [c for full in self.by_tail.get(name, []) for c in self.chunks[full]]
            found += chunks[:most]
        return list({c.id: c for c in found}.values())


_NOT_YET = "\0"  # neither a declaration nor a heading in this chunk: look further back


def _start(chunk: StoredChunk) -> int:
    return int(chunk.metadata.get("start", 0))


def _body(chunk: StoredChunk) -> str:
    """The chunk's text without the title and section prefix it is searched with."""
    return chunk.text[int(chunk.metadata.get("prefix_len", 0)) :]


def _called_or_qualified(declaration: str) -> bool:
    """"enumerate(iterable, start=0)", "class enum.auto", "json.dumps": a declaration, not a
    bare word."""
    line = declaration.strip()
    return ("(" in line or "." in line
            or bool(re.match(r"(class|exception|attribute|data|method)\s", line)))


def _passage(chunk: StoredChunk, score: float, similarity: float) -> Passage:
    meta = chunk.metadata
    return Passage(
        source=str(meta.get("source", "")),
        start=_start(chunk),
        end=int(meta.get("end", 0)),
        text=_body(chunk),
        score=score,
        title=str(meta.get("title", "")),
        section=str(meta.get("section", "")),
        chunk_id=chunk.id,
        similarity=similarity,
        page=int(meta["page"]) if meta.get("page") is not None else None,
    )


