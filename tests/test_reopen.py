"""Closing an assistant lets the next one in this process see what another process wrote."""

import subprocess
import sys
import textwrap
from pathlib import Path

from rag import Assistant
from tests.conftest import ROOT, HashEmbeddings


def test_a_reopened_store_sees_what_another_process_indexed(tmp_path: Path) -> None:
    store, first, second = tmp_path / "store", tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "a.md").write_text("# A\n\n" + "The heron nests by the river in spring. " * 40)
    (second / "b.md").write_text("# B\n\n" + "The lighthouse keeper logs every passing ship. " * 40)
    bot = Assistant(persist_dir=store, embeddings=HashEmbeddings())
    bot.ingest([first])
    assert "heron" in bot.retrieve("heron nests", k=1)[0].text
    bot.close()
    child = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from rag import Assistant
        from tests.conftest import HashEmbeddings
        bot = Assistant(persist_dir={str(store)!r}, embeddings=HashEmbeddings())
        bot.ingest([{str(second)!r}], prune=False)
    """)
    subprocess.run([sys.executable, "-c", child], check=True, capture_output=True)
    again = Assistant(persist_dir=store, embeddings=HashEmbeddings())
    try:
        texts = [p.text for p in again.retrieve("lighthouse keeper ship", k=3)]
        assert any("lighthouse keeper" in t for t in texts)
        assert again.store.count() == len(again.store.all_chunks())
    finally:
        again.close()
