"""Reproducible answers: the same question on the same documents gets the same answer, with
the same citation offsets, in another process and on another machine.

The expected answers are committed (tests/data/reproducible_answers.json, made with
`python -m tests.test_reproducible > tests/data/reproducible_answers.json`): the article corpus,
the default embeddings (float ONNX), the offline `extractive` backend. Float vectors differ
between CPUs in their last digits (1e-7 here against an AVX2-only CPU, docs/performance.md), so
vectors are compared with a tolerance and answers are checked not to hinge on such digits.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

GOLDEN = ROOT / "tests" / "data" / "reproducible_answers.json"
QUESTIONS = [
    "Who did President Trump speak with by phone?",
    "Where was the Ramstein-format meeting held?",
    "What did Trump say he and Putin had agreed to do?",
    "Whose influence in Trump's inner circle is reported to have grown?",
    "How was Hegseth's presentation criticised?",
    "What did Trump say about the dollar?",
    "Who is the current Prime Minister of Japan?",  # not in the article: abstains
]
# the float model's vector for QUESTIONS[5], first 8 of 384 components, 6 decimals
DOLLAR_VECTOR = [0.025792, 0.141368, -0.00418, 0.050326, 0.002317, -0.054657, 0.082662, 0.047244]


def answers(home: Path, questions: list[str] = QUESTIONS, embeddings: Embeddings | None = None
            ) -> list[dict]:
    """Each question's answer as plain data: text, abstained, citations by file name."""
    from rag import Assistant, Settings

    bot = Assistant(Settings(home=home, _env_file=None), llm="extractive", embeddings=embeddings)
    try:
        bot.ingest([ROOT / "corpus"])
        out = []
        for q in questions:
            a = bot.ask(q)
            out.append({"question": q, "text": a.text, "abstained": a.abstained,
                        "citations": [[Path(c.source).name, c.start, c.end, c.quote]
                                      for c in a.citations]})
        return out
    finally:
        bot.close()


def _golden() -> list[dict]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_answers_in_a_fresh_process_are_the_committed_ones(tmp_path: Path) -> None:
    """A new process (its own model load, its own store) answers the committed answers,
    word for word and offset for offset, and every quote is the article's text there."""
    script = ("import json, sys\nfrom pathlib import Path\n"
              "from tests.test_reproducible import answers\n"
              "print(json.dumps(answers(Path(sys.argv[1]))))\n")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    env.pop("RAG_EMBEDDINGS", None)
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "home")], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == _golden()
    text = (ROOT / "corpus" / "trump-putin-call-2025-02-12.md").read_text(encoding="utf-8")
    cited = [c for a in got for c in a["citations"]]
    assert len(cited) >= 6 and all(text[s:e] == q for _, s, e, q in cited)
    assert [a["abstained"] for a in got] == [False] * 6 + [True]


def test_answers_do_not_depend_on_what_was_asked_before(tmp_path: Path) -> None:
    """In this process, asked in reverse order on a second store: the same answers."""
    got = answers(tmp_path / "home", QUESTIONS[::-1])[::-1]
    assert got == _golden()


class Jittered(Embeddings):
    """The float model with every vector moved by up to `size` per component and normalised
    again: a stand-in for another CPU's rounding, 100x larger than measured."""

    def __init__(self, inner: Embeddings, size: float) -> None:
        self.inner, self.size = inner, size
        self.model_name = "jittered"

    def _jitter(self, vectors: list[list[float]], texts: list[str]) -> list[list[float]]:
        out = []
        for v, t in zip(vectors, texts):
            seed = int.from_bytes(t.encode()[-8:].rjust(8, b"\0"), "little") ^ len(t)
            noise = np.random.default_rng(seed).uniform(-self.size, self.size, len(v))
            w = np.asarray(v) + noise
            out.append((w / np.linalg.norm(w)).tolist())
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._jitter(self.inner.embed_documents(texts), texts)

    def embed_query(self, text: str) -> list[float]:
        return self._jitter([self.inner.embed_query(text)], [text])[0]


def test_answers_survive_rounding_a_hundred_times_larger_than_another_cpus(tmp_path) -> None:
    """Vectors jittered by 1e-5 per component (float ONNX on an AVX2-only CPU differed from
    this AVX-512 one by at most 1e-7): the same answers and offsets, so no committed answer
    rests on a near tie that another machine could break the other way."""
    from rag.embeddings import onnx_embeddings

    assert answers(tmp_path / "home", embeddings=Jittered(onnx_embeddings(), 1e-5)) == _golden()


def test_default_vectors_are_the_committed_ones_within_rounding(tmp_path: Path) -> None:
    """Golden: with the default settings, a new store's model gives the dollar question a
    vector starting with the committed components, to 1e-5, on any x86-64 CPU (float kernels
    differ by about 1e-7; the 8-bit model's by up to 0.05 between CPUs, so it would fail)."""
    from rag import Assistant, Settings

    bot = Assistant(Settings(home=tmp_path / "home", _env_file=None), llm="extractive")
    vector = bot.embeddings.embed_query(QUESTIONS[5])
    bot.close()
    assert np.abs(np.asarray(vector[:8]) - DOLLAR_VECTOR).max() < 1e-5


if __name__ == "__main__":  # regenerate the committed answers
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(answers(Path(tmp)), indent=1, ensure_ascii=False))
