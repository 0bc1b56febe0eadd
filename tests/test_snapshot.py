"""Answer snapshots: `rag eval --diff` shows exactly the questions whose answers moved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag import snapshot
from rag.errors import RagError
from tests.conftest import ROOT

OLD = [
    {"id": "q1", "abstained": False, "answer": "Kellogg [1].", "citations": [["a.md", 5, 20]]},
    {"id": "q2", "abstained": True, "answer": "The documents do not say.", "citations": []},
    {"id": "q3", "abstained": False, "answer": "In 2025 [1].", "citations": [["a.md", 40, 60]]},
]


def test_no_change_is_an_empty_diff_and_each_change_is_one_line() -> None:
    assert snapshot.diff(OLD, [dict(r) for r in OLD]) == []
    new = [{**OLD[0], "answer": "Witkoff [1]."}, OLD[1],
           {**OLD[2], "citations": [["a.md", 40, 61]], "abstained": True},
           {"id": "q4", "abstained": True, "answer": "No.", "citations": []}]
    assert snapshot.diff(OLD, new) == [
        'q1 answer: "Kellogg [1]." -> "Witkoff [1]."',
        "q3 abstained: false -> true",
        'q3 citations: [["a.md", 40, 60]] -> [["a.md", 40, 61]]',
        'q4 new: "No."',
    ]
    assert snapshot.diff(OLD, OLD[:2]) == ["q3 gone from the run"]


def test_rows_round_trip_with_sources_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [{**OLD[0], "question": "Who?", "seconds": 0.1,
             "citations": [[str(tmp_path / "corpus" / "a.md"), 5, 20], ["/elsewhere/b.md", 1, 2]]}]
    snapshot.write_snapshot(tmp_path / "s" / "x.jsonl", rows)
    assert snapshot.read_snapshot(tmp_path / "s" / "x.jsonl") == [
        {"id": "q1", "abstained": False, "answer": "Kellogg [1].",
         "citations": [["corpus/a.md", 5, 20], ["/elsewhere/b.md", 1, 2]]}]


@pytest.mark.parametrize(("content", "message"), [
    (None, "snapshot not found"),
    ('{"id": "q1"\n', "snapshot is not JSON lines"),
    ('{"id": "q1", "answer": "x"}\n', "snapshot rows need id, abstained, answer, citations"),
])
def test_a_bad_snapshot_is_one_line_naming_it(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "snap.jsonl"
    if content is not None:
        path.write_text(content)
    with pytest.raises(RagError, match=message) as info:
        snapshot.read_snapshot(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


@pytest.mark.slow
def test_diff_against_the_committed_snapshot_names_only_the_changed_question(
    tmp_path: Path,
) -> None:
    """A real run of the article dev set (real embeddings and store) against the committed
    snapshot with one answer edited: exactly that question is listed, and the exit code is 1."""
    committed = snapshot.read_snapshot(ROOT / "eval" / "snapshots" / "article_dev.extractive.jsonl")
    edited = [dict(r) for r in committed]
    edited[3]["answer"] = "An answer this run will not give."
    path = tmp_path / "edited.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in edited))
    env = {**os.environ, "RAG_HOME": str(tmp_path / "home")}
    out = subprocess.run(
        [sys.executable, "-m", "rag.cli", "eval", "--qa", "eval/article_dev_qa.jsonl",
         "--corpus", "corpus", "--llm", "extractive", "--no-baseline", "--diff", str(path)],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode == 1, out.stderr
    ids = {r["id"] for r in committed}
    changes = [line for line in out.stdout.splitlines() if line.split(" ")[0] in ids]
    expected = (f'{edited[3]["id"]} answer: "An answer this run will not give." -> '
                f'{json.dumps(committed[3]["answer"], ensure_ascii=False)}')
    assert changes == [expected]
