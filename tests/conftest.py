"""Shared fixtures: deterministic fakes for unit tests, real parts for integration tests.

Every test gets its own RAG_HOME under tmp_path and no OpenAI settings, so nothing
touches the developer's store or a real API.
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "corpus" / "trump-putin-call-2025-02-12.md"
SHARED = ROOT.parent / "shared"


class HashEmbeddings(Embeddings):
    """Bag of hashed words, normalised: same words -> same vector. Counts its calls."""

    model_name = "test-hash"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.embedded = 0

    def _vec(self, text: str) -> list[float]:
        v = [0.0] * self.dim
        for w in re.findall(r"\w+", text.lower()):
            v[int(hashlib.md5(w.encode()).hexdigest(), 16) % self.dim] += 1.0
        n = math.sqrt(sum(x * x for x in v)) or 1.0
        return [x / n for x in v]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded += len(texts)
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "rag-home"
    monkeypatch.setenv("RAG_HOME", str(home))
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "RAG_LLM",
        "RAG_PERSIST_DIR",
        "RAG_CHROMA_URL",
        "RAG_EMBEDDINGS",
        "RAG_EMBEDDINGS_URL",
        "RAG_EMBEDDINGS_MODEL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env from the repo
    return home


@pytest.fixture
def fake_bot(tmp_path: Path):
    from rag import Assistant

    bot = Assistant(persist_dir=tmp_path / "store", llm="extractive", embeddings=HashEmbeddings())
    yield bot
    bot.close()


@pytest.fixture(scope="session")
def real_bot(tmp_path_factory: pytest.TempPathFactory):
    """The packaged embedding model and a real Chroma store holding the article."""
    from rag import Assistant, Settings

    home = tmp_path_factory.mktemp("real-home")
    bot = Assistant(Settings(home=home, _env_file=None), llm="extractive")
    bot.ingest([ARTICLE])
    yield bot
    bot.close()


@pytest.fixture(scope="session")
def article_text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold the given lines, one text line each (Helvetica, 14 pt leading);
    a page without lines has no text layer."""
    n = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
    ]
    font = 3 + 2 * n
    for i, lines in enumerate(pages):
        body = " ".join(f"({ln}) Tj T*" for ln in lines)
        stream = f"BT /F1 11 Tf 14 TL 72 740 Td {body} ET".encode()
        objs.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                    f"/Contents {4 + 2 * i} 0 R "
                    f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode())
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out
