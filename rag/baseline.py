"""The plain LangChain tutorial pipeline, kept only as the yardstick for `rag eval`.

Recursive splitter (1000/200), `Chroma.from_documents`, `similarity_search(k=4)`, the same
answerer, no question rewriting, no verification: a marker cites its whole chunk.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.runnables import Runnable
from langchain_text_splitters import RecursiveCharacterTextSplitter

from rag import loaders
from rag.loaders import discover, load_document
from rag.records import Answer, Citation, Passage


class TutorialPipeline:
    def __init__(
        self, corpus: Sequence[str | Path], embeddings, generator: Runnable,
        exclude: list[str] | tuple[str, ...] = (), persist_dir: str | Path | None = None,
    ) -> None:
        """`persist_dir` keeps the baseline's index between runs (a large corpus takes minutes)."""
        from langchain_chroma import Chroma

        files, _ = discover(corpus, exclude)
        self._dir = None if persist_dir else tempfile.TemporaryDirectory()
        if persist_dir:
            folder = str(Path(persist_dir) / _fingerprint(files))
        else:
            assert self._dir is not None
            folder = self._dir.name
        kept = Chroma(persist_directory=folder, embedding_function=embeddings,
                      collection_metadata={"hnsw:space": "cosine"})
        if persist_dir and kept._collection.count() > 0:
            self.store = kept
        else:
            docs = []
            for f in files:
                d = load_document(f)
                docs.append(Document(d.text, metadata={"source": d.source, "title": d.title}))
            splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200,
                                                      add_start_index=True)
            chunks = splitter.split_documents(docs)
            step = kept._client.get_max_batch_size()  # Chroma refuses larger adds
            for i in range(0, len(chunks), step):
                kept.add_documents(chunks[i : i + step])
            self.store = kept
        self.generator = generator

    def retrieve(self, question: str, k: int = 4) -> list[Passage]:
        out = []
        for doc in self.store.similarity_search(question, k=k):
            start = int(doc.metadata.get("start_index", 0))
            out.append(Passage(doc.metadata["source"], start, start + len(doc.page_content),
                               doc.page_content, 0.0, doc.metadata.get("title", "")))
        return out

    def ask(self, question: str) -> Answer:
        passages = self.retrieve(question, 4)
        text = "".join(self.generator.stream({"question": question, "passages": passages}))
        numbers = sorted({int(n) for n in re.findall(r"\[(\d+)\]", text)})
        cites = [Citation(n, passages[n - 1].source, passages[n - 1].start, passages[n - 1].end,
                          passages[n - 1].text) for n in numbers if 1 <= n <= len(passages)]
        abstained = not cites and bool(re.search(r"don't|do not|not contain", text))
        return Answer(text, abstained, cites, question=question, backend="baseline",
                      passages=passages)


def _fingerprint(files: list[Path]) -> str:
    """Names the kept baseline index after the corpus files, their sizes and times, and the
    loader version: a loader change alters the text that citation offsets point into."""
    h = hashlib.sha1(f"loader {loaders.LOADER_VERSION}\n".encode())
    for f in files:
        st = f.stat()
        h.update(f"{f}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:12]
