"""A Hypothesis state machine over the store: add, change, delete, re-ingest, restart.

After every step the index holds exactly the chunks of the live files (count and ids),
each live chunk's exact text is retrievable, and nothing of a deleted file remains.
Uses the hashing embedder and a real Chroma folder.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from rag import Assistant
from rag.chunking import split_document
from rag.loaders import load_document
from tests.conftest import HashEmbeddings

NAMES = ["a.md", "b.txt", "c.md"]
words = st.lists(st.sampled_from(["alpha", "bravo", "charlie", "delta", "echo", "fox", "golf"]),
                 min_size=3, max_size=40)


class StoreMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp())
        self.docs = self.tmp / "docs"
        self.docs.mkdir()
        self.serial = 0
        self.bot = self._open()

    def _open(self) -> Assistant:
        bot = Assistant(persist_dir=self.tmp / "store", embeddings=HashEmbeddings())
        bot.settings = bot.settings.model_copy(update={"chunk_size": 60, "chunk_overlap": 10})
        return bot

    def _write(self, name: str, body: list[str]) -> None:
        self.serial += 1  # a unique word per version: every change changes the text
        (self.docs / name).write_text(f"v{self.serial} " + " ".join(body) + "\n")

    @rule(name=st.sampled_from(NAMES), body=words)
    def write_file(self, name: str, body: list[str]) -> None:
        self._write(name, body)
        self.bot.ingest([self.docs], prune=True)

    @precondition(lambda self: any(self.docs.iterdir()))
    @rule(data=st.data())
    def delete_file(self, data: st.DataObject) -> None:
        victim = data.draw(st.sampled_from(sorted(p.name for p in self.docs.iterdir())))
        (self.docs / victim).unlink()
        if any(self.docs.iterdir()):
            self.bot.ingest([self.docs], prune=True)
        else:  # an empty folder is refused; remove the last document directly
            self.bot.store.delete_source(str((self.docs / victim).resolve()))
            self.bot.retriever.invalidate()

    @precondition(lambda self: any(self.docs.iterdir()))
    @rule()
    def reingest_unchanged(self) -> None:
        report = self.bot.ingest([self.docs], prune=True)
        assert report.chunks_embedded == 0 and not report.added and not report.updated

    @rule()
    def restart(self) -> None:
        self.bot.close()
        self.bot = self._open()

    @invariant()
    def index_matches_live_files(self) -> None:
        expected = {}
        for path in self.docs.iterdir():
            for c in split_document(load_document(path), 60, 10):
                expected[(c.source, c.start, c.end)] = c.text
        stored = {(c.metadata["source"], c.metadata["start"], c.metadata["end"]):
                  c.text[int(c.metadata["prefix_len"]):] for c in self.bot.store.all_chunks()}
        assert stored == expected
        ids = [c.id for c in self.bot.store.all_chunks()]
        assert len(ids) == len(set(ids))
        for (source, start, _), text in list(expected.items())[:3]:
            hits = self.bot.retrieve(text, k=len(expected))
            assert any(h.source == source and h.start == start for h in hits)

    def teardown(self) -> None:
        self.bot.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


StoreMachine.TestCase.settings = settings(max_examples=12, stateful_step_count=8, deadline=None)
TestStoreMachine = StoreMachine.TestCase
