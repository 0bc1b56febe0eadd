"""Chroma adapter: where chunks live, and the record of what was indexed when.

Local by default (`chromadb.PersistentClient` in a folder); a Chroma server when a URL is
given. Writes go through LangChain's indexing API with a SQL record manager, so ids are
content hashes: unchanged chunks are never embedded again, and a changed file's old
chunks are deleted. This module knows nothing about retrieval fusion or answers.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlparse

from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from rag.chunking import Chunk
from rag.errors import RagError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str  # the searchable text: prefix + chunk
    metadata: dict[str, Any]


def chroma_client(store_dir: Path, chroma_url: str | None = None) -> Any:
    """A Chroma server's client when `chroma_url` is set, else the folder's embedded one."""
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    return chromadb.PersistentClient(path=str(store_dir), settings=chroma_settings)


def stored_embedding_model(
    store_dir: Path, collection: str, chroma_url: str | None = None, client: Any = None
) -> str | None:
    """The embedding model an existing collection was built with; None for a new one.

    Reads only: a store folder that does not exist yet is not created.
    """
    if client is None and not chroma_url and not (Path(store_dir) / "chroma.sqlite3").is_file():
        return None
    own = client is None
    try:
        client = client or chroma_client(Path(store_dir), chroma_url)
        meta = client.get_collection(collection).metadata or {}
    except Exception:  # noqa: BLE001 - no such collection, or unreachable: ChunkStore will say
        return None
    finally:
        if own and client is not None:
            _close(client)
    return meta.get("embedding_model")


class ChunkStore:
    def __init__(
        self,
        store_dir: Path,
        embeddings: Embeddings,
        *,
        collection: str = "corpus",
        embedding_model: str = "",
        chroma_url: str | None = None,
        client: Any = None,
    ) -> None:
        from langchain_classic.indexes import SQLRecordManager

        self.embeddings = embeddings
        self.store_dir = Path(store_dir)
        _ensure_writable(self.store_dir)
        self._owns_client = client is None
        self.client = client = client or chroma_client(self.store_dir, chroma_url)
        # the 8-bit model's vectors depend on the CPU's kernel path (rag.onnx_export.int8_kernel)
        kernel = getattr(embeddings, "kernel", "")
        metadata = {"embedding_model": embedding_model}
        if kernel:
            metadata["embedding_kernel"] = kernel
        try:
            self.collection = client.get_or_create_collection(
                collection,
                embedding_function=None,  # never Chroma's default: it downloads a model
                configuration={"hnsw": {"space": "cosine"}},
                metadata=metadata,
            )
        except Exception as exc:  # noqa: BLE001 - server down, bad URL, corrupt folder
            raise RagError(f"cannot open Chroma collection '{collection}': {exc}") from None
        stored = self.collection.metadata or {}
        stored_model = stored.get("embedding_model")
        if embedding_model and stored_model and stored_model != embedding_model:
            raise RagError(
                f"index was built with embedding model '{stored_model}', not "
                f"'{embedding_model}'; use another collection or store folder"
            )
        if kernel and stored_model == embedding_model:
            _check_kernel(stored.get("embedding_kernel"), kernel)
        self.vectors = BatchedChroma(
            client=client, collection_name=collection, embedding_function=embeddings
        )
        db = self.store_dir / "records.sqlite"
        self.records = SQLRecordManager(f"chroma/{collection}", db_url=f"sqlite:///{db}")
        self.records.create_schema()
        # file digests: an unchanged file is skipped before it is even parsed
        self.files = SQLRecordManager(f"files/{collection}", db_url=f"sqlite:///{db}")
        self.files.create_schema()

    def close(self) -> None:
        """Release the Chroma client this store opened. Chroma shares one system per folder
        within a process and keeps its vector index in memory; once the last client is closed,
        the next open reads the folder afresh, with what another process wrote meanwhile."""
        if self._owns_client:
            self._owns_client = False
            _close(self.client)

    # --- writing -------------------------------------------------------------------------
    @contextmanager
    def writing(self, wait: float = 2.0) -> Iterator[None]:
        """Hold the store's write lock: one writer per store folder, others fail within `wait`s."""
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.store_dir / "write.lock"))
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise RagError(
                f"store folder is being written by another process: {self.store_dir}"
            ) from None
        try:
            yield
        finally:
            lock.release()

    def index(self, chunks: list[Chunk]) -> dict[str, int]:
        """Upsert chunks by content hash; delete stale chunks of the same sources."""
        from langchain_core.indexing import index

        docs = [_to_document(c) for c in chunks]
        result = index(
            docs,
            self.records,
            self.vectors,
            cleanup="incremental",
            source_id_key="source",
            key_encoder="sha256",
            # one batch per call: incremental cleanup runs after each batch and would
            # delete (then re-embed) the rest of a document that spans two batches
            batch_size=max(len(docs), 1),
        )
        return dict(cast(dict[str, int], result))

    def file_unchanged(self, source: str, digest: str) -> bool:
        return self.files.exists([f"{source}|{digest}"])[0] and bool(self.keys_for(source))

    def mark_file(self, source: str, digest: str) -> None:
        old = self.files.list_keys(group_ids=[source])
        if old:
            self.files.delete_keys(old)
        self.files.update([f"{source}|{digest}"], group_ids=[source])

    def keys_for(self, source: str) -> set[str]:
        return set(self.records.list_keys(group_ids=[source]))

    def delete_source(self, source: str) -> int:
        keys = self.records.list_keys(group_ids=[source])
        if keys:
            self.vectors.delete(ids=keys)
            self.records.delete_keys(keys)
        self.files.delete_keys(self.files.list_keys(group_ids=[source]))
        return len(keys)

    def sources(self) -> dict[str, tuple[int, float]]:
        """source -> (chunk count, last indexed as a UNIX time)."""
        from langchain_classic.indexes._sql_record_manager import UpsertionRecord
        from sqlalchemy import func, select

        query: Any = (
            select(UpsertionRecord.group_id, func.count(), func.max(UpsertionRecord.updated_at))
            .where(UpsertionRecord.namespace == self.records.namespace)
            .group_by(UpsertionRecord.group_id)
        )
        with self.records._make_session() as session:
            return {g: (n, t) for g, n, t in session.execute(query).all() if g}

    # --- reading -------------------------------------------------------------------------
    def count(self) -> int:
        return self.collection.count()

    def all_chunks(self) -> list[StoredChunk]:
        return self.snapshot(vectors=False)[0]

    def snapshot(self, vectors: bool = True) -> tuple[list[StoredChunk], Any]:
        """Every chunk, and (with `vectors`) their embeddings as one float32 matrix, row i
        for chunk i: read in pages of 5,000."""
        import numpy as np

        chunks: list[StoredChunk] = []
        rows: list[Any] = []
        include = ["documents", "metadatas", *(["embeddings"] if vectors else [])]
        total, page = self.count(), 5000
        for offset in range(0, total, page):
            got = self.collection.get(include=include, limit=page, offset=offset)
            chunks += [
                StoredChunk(i, d or "", dict(m or {}))
                for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])
            ]
            if vectors:
                rows.append(np.asarray(got["embeddings"], dtype=np.float32)
                            .reshape(len(got["ids"]), -1))
        matrix = np.concatenate(rows) if rows else None
        return chunks, matrix

    def dense(self, query: str, k: int) -> list[tuple[StoredChunk, float]]:
        """Top-k chunks by Chroma's approximate (HNSW) cosine search: what the tutorial
        pipeline uses. The retriever searches exactly instead (`rag.retrieval.ExactDense`)."""
        if self.count() == 0:
            return []
        vector = self.embeddings.embed_query(query)
        res = self.collection.query(
            query_embeddings=[vector],
            n_results=min(k, self.count()),
            include=["documents", "metadatas", "distances"],
        )
        return [
            (StoredChunk(i, d or "", dict(m or {})), 1.0 - dist)
            for i, d, m, dist in zip(
                res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0]
            )
        ]


class BatchedChroma(Chroma):
    """Chroma refuses one add larger than its max batch size (5,461 here): slice it."""

    def add_documents(self, documents: list[Document], **kwargs: Any) -> list[str]:
        ids = kwargs.pop("ids", None)
        step = self._client.get_max_batch_size()
        out: list[str] = []
        for i in range(0, len(documents), step):
            part = ids[i : i + step] if ids else None
            out += super().add_documents(documents[i : i + step], ids=part, **kwargs)
        return out


def _check_kernel(built: str | None, here: str) -> None:
    """One line on stderr when an 8-bit index was built on a kernel path whose vectors differ
    from this CPU's: its questions and new chunks would not match the stored vectors."""
    from rag.onnx_export import int8_kernels_agree

    if built and not int8_kernels_agree(built, here):
        print(f"warning: this 8-bit index was built with ONNX Runtime's {built} kernels and "
              f"this CPU runs {here}, whose vectors differ (cosine ~0.98); re-ingest into a "
              f"new store, or use RAG_EMBEDDINGS=onnx (the same vectors on every CPU)",
              file=sys.stderr)


def _to_document(chunk: Chunk) -> Document:
    return Document(
        page_content=chunk.search_text,
        metadata={
            "source": chunk.source,
            "name": Path(chunk.source).name,
            "title": chunk.title,
            "section": chunk.section,
            "start": chunk.start,
            "end": chunk.end,
            "prefix_len": len(chunk.prefix),
            **({"page": chunk.page} if chunk.page is not None else {}),  # Chroma takes no None
        },
    )


def _close(client: Any) -> None:
    try:
        client.close()
    except Exception:  # already closed, or a server that went away
        log.debug("closing the Chroma client failed", exc_info=True)


def _ensure_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        raise RagError(f"store folder is not writable: {folder}") from None
