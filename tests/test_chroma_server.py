"""Scale-out path: the same code against a real `chroma run` server on a loopback port."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.llm import free_port
from tests.conftest import ARTICLE

pytestmark = pytest.mark.slow


@pytest.fixture
def chroma_url(tmp_path: Path):
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    proc = subprocess.Popen([exe, "run", "--path", str(tmp_path / "server-data"),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("chroma run did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_ingest_and_answer_through_a_chroma_server(chroma_url: str, tmp_path: Path,
                                                   real_bot: Assistant) -> None:
    settings = Settings(home=tmp_path / "home", chroma_url=chroma_url, _env_file=None)
    bot = Assistant(settings, llm="extractive", embeddings=real_bot.embeddings)
    assert len(bot.ingest([ARTICLE]).added) == 1
    assert not (settings.store_dir / "chroma.sqlite3").exists(), "vectors live on the server"
    answer = bot.ask("Which adviser was excluded from the process?")
    assert any("Keith Kellogg" in c.quote for c in answer.citations)
    # a second client of the same server sees the same chunks
    other = Assistant(settings, llm="extractive", embeddings=real_bot.embeddings)
    assert other.store.count() == bot.store.count() > 0
