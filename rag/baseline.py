"""The plain LangChain tutorial pipeline, kept only as the yardstick for `rag eval`.

Recursive splitter (1000/200), `Chroma.from_documents`, `similarity_search(k=4)`, the same
answerer, no question rewriting, no verification: a marker cites its whole chunk.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.runnables import Runnable
from langchain_text_splitters import RecursiveCharacterTextSplitter

from rag.loaders import discover, load_document
from rag.records import Answer, Citation, Passage


class TutorialPipeline:
    def __init__(self, corpus: list[str | Path], embeddings, generator: Runnable) -> None:
        from langchain_chroma import Chroma

        files, _ = discover(corpus)
        docs = []
        for f in files:
            d = load_document(f)
            docs.append(Document(d.text, metadata={"source": d.source, "title": d.title}))
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200,
                                                  add_start_index=True)
        self._dir = tempfile.TemporaryDirectory()
        self.store = Chroma.from_documents(splitter.split_documents(docs), embeddings,
                                           persist_directory=self._dir.name,
                                           collection_metadata={"hnsw:space": "cosine"})
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
