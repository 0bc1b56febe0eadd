"""`Assistant`: the one object the CLI, the web UI and scripts all use.

    bot = Assistant(persist_dir="x")
    bot.ingest(["corpus/"])
    answer = bot.ask("Who was excluded from the process?")

Heavy parts (embedding model, store, chat model) load on first use.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rag.chunking import Chunk, split_document
from rag.errors import RagError
from rag.loaders import LOADER_VERSION, discover, load_document
from rag.records import Answer, DocumentInfo, IngestReport, Passage
from rag.settings import Settings

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
BATCH_CHUNKS = 256  # chunks per indexing call: big enough to batch embeddings well
LOCAL_BUDGET = 220  # prompt tokens of candidate sentences for the local model (README, Latency)
SERVER_BUDGET = 1500  # for an OpenAI-compatible server


class Assistant:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        persist_dir: str | Path | None = None,
        llm: str | None = None,
        embeddings: Any = None,
        chat_model: Any = None,
        chroma_client: Any = None,
    ) -> None:
        """Settings come from env / `.env` unless given; keyword arguments override them.

        `embeddings`, `chat_model` and `chroma_client` let tests and scripts pass in
        already-built clients (a LangChain Embeddings, a chat model, a Chroma client).
        """
        updates: dict[str, Any] = {}
        if persist_dir is not None:
            updates["persist_dir"] = Path(persist_dir)
        if llm is not None:
            if llm not in ("auto", "openai", "local", "extractive"):
                raise RagError(f"unknown backend '{llm}': use auto, openai, local or extractive")
            updates["llm"] = llm
        self.settings = (settings or Settings()).model_copy(update=updates)
        self._embeddings = embeddings
        self._chat_model = chat_model
        self._chroma_client = chroma_client
        self._store = None
        self._retriever = None
        self._chain = None
        self._local_server = None
        self._lock = threading.RLock()  # the web UI calls from several threads

    # --- parts, built on first use ---------------------------------------------------------
    @property
    def backend(self) -> str:
        return "openai" if self._chat_model is not None else self.settings.resolved_backend()

    @property
    def embeddings(self) -> Any:
        if self._embeddings is None:
            from rag.embeddings import make_embeddings
            from rag.store import stored_embedding_model

            stored = None
            if self.settings.embeddings == "auto":
                stored = stored_embedding_model(
                    self.settings.store_dir, self.settings.collection,
                    self.settings.chroma_url, self._chroma_client,
                )
            self._embeddings = make_embeddings(self.settings, stored)
        return self._embeddings

    @property
    def store(self):
        with self._lock:
            return self._open_store()

    def _open_store(self):
        if self._store is None:
            from rag.embeddings import embedding_identity
            from rag.store import ChunkStore

            self._store = ChunkStore(
                self.settings.store_dir,
                self.embeddings,
                collection=self.settings.collection,
                embedding_model=embedding_identity(self.embeddings),
                chroma_url=self.settings.chroma_url,
                client=self._chroma_client,
            )
        return self._store

    @property
    def retriever(self):
        if self._retriever is None:
            from rag.retrieval import HybridRetriever

            self._retriever = HybridRetriever(self.store)
        return self._retriever

    @property
    def chain(self):
        with self._lock:
            if self._chain is None:
                self._chain = self._build_chain()
            return self._chain

    def _build_chain(self):
        from rag.chain import AnswerChain, chat_condenser
        from rag.extractive import ExtractiveAnswerer

        backend = self.backend
        condenser = None
        if backend == "extractive":
            generator = ExtractiveAnswerer(self.embeddings.embed_documents).runnable()
        else:
            model = self._chat_model
            if model is None and backend == "openai":
                from rag.llm import openai_chat_model

                model = openai_chat_model(self.settings)
            elif model is None:
                from rag.llm import local_chat_model

                model, self._local_server = local_chat_model(self.settings)
            generator = self._reader(model)
            condenser = chat_condenser(model.bind(stop=["\n"]))  # the model rewrites follow-ups
        return AnswerChain(
            self.retriever.retrieve,
            generator,
            backend=backend,
            condenser=condenser,
            similarity=self._similarity,
            k=self.settings.top_k,
        )

    def _reader(self, model):
        """The LLM reader over the extractive ranker's best sentences. A local model on 2
        cores reads ~50 prompt tokens a second, so its budget is small; a server, more."""
        from rag.extractive import ExtractiveAnswerer
        from rag.reader import SentenceReader

        local = self.backend == "local"
        budget = self.settings.reader_budget or (LOCAL_BUDGET if local else SERVER_BUDGET)
        return SentenceReader(
            model, ExtractiveAnswerer(self.embeddings.embed_documents).rank,
            budget_tokens=budget, max_candidates=max(4, budget // 25),
        )

    def _similarity(self, text: str, others: list[str]) -> list[float]:
        from rag.embeddings import dot, embed_each

        vectors = embed_each(self.embeddings.embed_documents, [text, *others])
        return [dot(vectors[0], v) for v in vectors[1:]]

    # --- the API ---------------------------------------------------------------------------
    def ingest(
        self, paths: Sequence[str | Path] | str | Path, *, prune: bool = False,
        progress: Progress | None = None, exclude: list[str] | tuple[str, ...] = (),
    ) -> IngestReport:
        """Index files and folders; unchanged chunks are not embedded again.

        A bad file named directly is an error; a bad file inside a folder is skipped with
        its reason in `report.skipped`. `prune=True` removes documents that were under the
        given folders but are gone now.
        """
        if isinstance(paths, (str, Path)):
            paths = [paths]
        if not paths:
            raise RagError("nothing to ingest: give at least one file or folder")
        files, skipped = discover(list(paths), exclude)
        with self.store.writing():
            report = self._ingest(paths, files, skipped, prune, progress)
        self.retriever.invalidate()
        return report

    def _ingest(self, paths, files, skipped, prune, progress) -> IngestReport:
        explicit = {Path(p).resolve() for p in paths if Path(p).is_file()}
        report = IngestReport(skipped=skipped)
        store = self.store
        seen: set[str] = set()
        batch: list[Chunk] = []
        pending: dict[str, tuple[set[str], str]] = {}  # source -> (old chunk ids, file digest)
        for done, path in enumerate(files, 1):
            source = str(path)
            digest = self._digest(path)
            if digest and store.file_unchanged(source, digest):
                # same bytes, same chunking: skip parsing and embedding altogether
                seen.add(source)
                report.unchanged.append(source)
                report.chunks_unchanged += len(store.keys_for(source))
            else:
                try:
                    doc = load_document(path)
                except RagError as exc:
                    if path in explicit:
                        raise
                    log.warning("skipped %s", exc)
                    report.skipped.append((source, str(exc)))
                    doc = None
                if doc is not None:
                    seen.add(doc.source)
                    pending[doc.source] = (store.keys_for(doc.source), digest)
                    batch += split_document(doc, self.settings.chunk_size,
                                            self.settings.chunk_overlap)
            if batch and (len(batch) >= BATCH_CHUNKS or done == len(files)):
                self._index_batch(batch, pending, report)
                batch, pending = [], {}
            if progress:
                progress(done, len(files), source)
        if pending:
            self._index_batch(batch, pending, report)
        if prune:
            folders = [Path(p).resolve() for p in paths if Path(p).is_dir()]
            for source in store.sources():
                under = any(Path(source).is_relative_to(f) for f in folders)
                if under and source not in seen and not Path(source).exists():
                    report.chunks_deleted += store.delete_source(source)
                    report.removed.append(source)
        return report

    def _digest(self, path: Path) -> str:
        """Names a file's bytes and the chunking applied to them."""
        try:
            data = path.read_bytes()
        except OSError:
            return ""  # load_document reports the problem
        s = self.settings
        return hashlib.sha256(data + f"|{s.chunk_size}|{s.chunk_overlap}|{LOADER_VERSION}".encode()
                              ).hexdigest()

    def _index_batch(
        self, chunks: list[Chunk], pending: dict[str, tuple[set[str], str]],
        report: IngestReport,
    ) -> None:
        counts = self.store.index(chunks)
        report.chunks_embedded += counts["num_added"]
        report.chunks_deleted += counts["num_deleted"]
        report.chunks_unchanged += counts["num_skipped"]
        for source, (old_keys, digest) in pending.items():
            new_keys = self.store.keys_for(source)
            if not old_keys:
                report.added.append(source)
            elif old_keys == new_keys:
                report.unchanged.append(source)
            else:
                report.updated.append(source)
            if digest:
                self.store.mark_file(source, digest)  # only once its chunks are stored

    def retrieve(self, question: str, k: int = 5) -> list[Passage]:
        """The k best passages for a question, fused from BM25 and dense search."""
        return self.retriever.retrieve(self._check(question), k)

    def ask(self, question: str, history: list[tuple[str, str]] | None = None) -> Answer:
        """A verified answer with citations (or `abstained=True` when the corpus has none)."""
        answer = None
        for event in self.stream(question, history):
            if isinstance(event, Answer):
                answer = event
        assert answer is not None
        return answer

    def stream(
        self, question: str, history: list[tuple[str, str]] | None = None
    ) -> Iterator[str | Answer]:
        """Text pieces as they are generated, then the final `Answer`."""
        question = self._check(question)
        if self.store.count() == 0:
            raise RagError("the index is empty: ingest some documents first (rag ingest PATH)")
        yield from self.chain.stream(question, list(history or []))

    def documents(self) -> list[DocumentInfo]:
        """What is indexed: one entry per document with its chunk count and time."""
        out = []
        for source, (count, updated) in sorted(self.store.sources().items()):
            got = self.store.collection.get(where={"source": source}, limit=1,
                                            include=["metadatas"])
            title = str((got["metadatas"] or [{}])[0].get("title", "")) if got["ids"] else ""
            when = datetime.fromtimestamp(updated, UTC).isoformat(timespec="seconds")
            out.append(DocumentInfo(source, title or Path(source).name, count, when))
        return out

    def close(self) -> None:
        """Release the store and the local model server; the next call opens them again."""
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store, self._retriever, self._chain = None, None, None
        if self._local_server is not None:
            self._local_server.close()
            self._local_server = None

    def _check(self, question: str) -> str:
        if not isinstance(question, str) or not question.strip():
            raise RagError("the question is empty")
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise RagError(f"the question is too long ({len(question)} characters; limit {limit})")
        return question.strip()



