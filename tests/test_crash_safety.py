"""Durability: SIGKILL an ingest at random moments; the store must reopen consistent.

The killed process uses the hashing embedder (the store's durability does not depend on
the model, and a fast embedder lets one run cover many kill points). RAG_CRASH_KILLS
sets how many kills (5 by default in CI, 20 for the full run).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from rag import Assistant
from tests.conftest import ROOT, HashEmbeddings

pytestmark = pytest.mark.slow
KILLS = int(os.environ.get("RAG_CRASH_KILLS", "5"))

CHILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    import rag.assistant
    rag.assistant.BATCH_CHUNKS = 8  # many small commits: more moments to die in
    from rag import Assistant
    from tests.conftest import HashEmbeddings
    bot = Assistant(persist_dir=sys.argv[1], embeddings=HashEmbeddings())
    print("ready", flush=True)  # imports done: the parent kills from here on
    print(bot.ingest([sys.argv[2]]).summary())
""")


def _corpus(folder: Path, files: int = 24) -> Path:
    folder.mkdir()
    for i in range(files):
        paras = [f"Document {i} paragraph {j}: the quick brown fox number {i * 100 + j} "
                 "jumps over the lazy dog. " * 6 for j in range(8)]
        (folder / f"doc{i:02d}.md").write_text(f"# Doc {i}\n\n" + "\n\n".join(paras) + "\n")
    return folder


def _check_consistent(store: Path) -> tuple[int, int]:
    """Every chunk the records call indexed is in Chroma; no chunk is stored twice."""
    bot = Assistant(persist_dir=store, embeddings=HashEmbeddings())
    recorded = 0
    try:
        for source in bot.store.sources():
            keys = bot.store.keys_for(source)
            got = bot.store.collection.get(ids=list(keys), include=[])
            assert set(got["ids"]) == keys, f"{source}: recorded chunks missing from Chroma"
            recorded += len(keys)
        everything = bot.store.all_chunks()
    finally:
        bot.close()  # else this process keeps the folder's old vector index for the next check
    texts = [(c.metadata["source"], c.metadata["start"]) for c in everything]
    assert len(texts) == len(set(texts)), "a chunk is stored twice"
    return recorded, len(everything)


def test_sigkill_during_ingest_never_corrupts_the_store(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs")
    store = tmp_path / "store"
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(root=str(ROOT)))
    expected = Assistant(persist_dir=tmp_path / "ref", embeddings=HashEmbeddings()).ingest(
        [corpus]).chunks_embedded
    rng = random.Random(1234)
    killed = 0
    for _ in range(KILLS):
        proc = subprocess.Popen([sys.executable, str(script), str(store), str(corpus)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 2.5))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        recorded, stored = _check_consistent(store)
        assert recorded <= stored <= expected
    assert killed >= 1, "no kill landed during ingest: the timing window needs adjusting"
    final = Assistant(persist_dir=store, embeddings=HashEmbeddings())
    final.ingest([corpus])
    recorded, stored = _check_consistent(store)
    assert recorded == stored == expected
    # the last file's chunks are searchable (top 3: with the hashing embedder, fusion can tie
    # the right chunk with a near-copy such as "number 107")
    hits = final.retrieve("fox number 1307", k=3)
    assert any("number 1307" in h.text for h in hits)


def test_clean_exit_keeps_every_chunk(tmp_path: Path) -> None:
    """Ingest a few hundred chunks, exit normally, reopen in a new process: all there."""
    corpus = _corpus(tmp_path / "docs", files=40)
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(root=str(ROOT)))
    store = tmp_path / "store"
    subprocess.run([sys.executable, str(script), str(store), str(corpus)], check=True,
                   capture_output=True)
    check = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from rag import Assistant
        from tests.conftest import HashEmbeddings
        print(Assistant(persist_dir={str(store)!r}, embeddings=HashEmbeddings()).store.count())
    """)
    out = subprocess.run([sys.executable, "-c", check], check=True, capture_output=True, text=True)
    expected = Assistant(persist_dir=tmp_path / "ref", embeddings=HashEmbeddings()).ingest(
        [corpus]).chunks_embedded
    assert expected >= 200
    assert int(out.stdout.strip()) == expected
