"""The evaluation harness scores what it should, including a wrong citation it must catch."""

import json
from pathlib import Path

import pytest

from rag import RagError
from rag.evaluation import load_questions, score
from rag.records import Answer, Citation, Passage

DOC = "Alpha is red. Bravo is blue."


def _questions(tmp_path: Path) -> Path:
    path = tmp_path / "qa.jsonl"
    rows = [
        {"id": "a", "question": "What colour is alpha?", "answers": ["red"],
         "evidence": "Alpha is red", "answerable": True},
        {"id": "b", "question": "What colour is bravo?", "answers": ["blue"],
         "evidence": "Bravo is blue", "answerable": True},
        {"id": "x", "question": "What colour is zulu?", "answers": [], "evidence": "",
         "answerable": False},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    return path


def test_scores_a_tiny_set_with_known_outcomes(tmp_path: Path) -> None:
    """Alpha: right answer, right citation. Bravo: right words but cites the alpha sentence
    (a wrong citation). Zulu: answered instead of abstaining."""
    passages = [Passage("/d", 0, 13, DOC[0:13], 1.0), Passage("/d", 14, 28, DOC[14:28], 0.5)]
    answers = {
        "What colour is alpha?": Answer(
            "Alpha is red [1].", False, [Citation(1, "/d", 0, 13, DOC[0:13])]
        ),
        "What colour is bravo?": Answer(
            "Bravo is blue [1].", False, [Citation(1, "/d", 0, 13, DOC[0:13])]
        ),
        "What colour is zulu?": Answer(
            "Alpha is red [1].", False, [Citation(1, "/d", 0, 13, DOC[0:13])]
        ),
    }
    metrics, rows = score(load_questions(_questions(tmp_path)), lambda q, k: passages,
                          answers.__getitem__, lambda source: DOC)
    assert metrics["correct"] == 1.0
    assert metrics["citation_precision"] == 0.5, "the bravo citation quotes the wrong sentence"
    assert metrics["hit@1"] == 0.5 and metrics["hit@5"] == 1.0 and metrics["mrr"] == 0.75
    assert metrics["abstain_ok"] == 0.0 and metrics["false_abstain"] == 0.0
    assert [r["id"] for r in rows] == ["a", "b", "x"]


def test_a_citation_marker_is_not_an_answer(tmp_path: Path) -> None:
    """The accepted answer "1" must not match the marker in "... value [1]."."""
    path = tmp_path / "qa.jsonl"
    path.write_text(json.dumps({"id": "n", "question": "What value comes first?", "answers": ["1"],
                                "evidence": "Alpha is red", "answerable": True}))
    cited = [Citation(1, "/d", 0, 13, DOC[0:13])]
    passages = [Passage("/d", 0, 13, DOC[0:13], 1.0)]
    wrong = Answer("Alpha gets an appropriate value [1].", False, cited)
    metrics, _ = score(load_questions(path), lambda q, k: passages, lambda q: wrong, lambda s: DOC)
    assert metrics["correct"] == 0.0
    right = Answer("Alpha gets the value 1 [1].", False, cited)
    metrics, _ = score(load_questions(path), lambda q, k: passages, lambda q: right, lambda s: DOC)
    assert metrics["correct"] == 1.0


def test_bad_question_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1}\n')
    with pytest.raises(RagError, match="line 1: not a question record"):
        load_questions(bad)


@pytest.mark.slow
def test_dev_set_run_completes_within_bars(tmp_path: Path) -> None:
    """The shared article dev set, real parts, offline default backend."""
    from rag import Assistant, Settings
    from rag.evaluation import run_eval
    from tests.conftest import ROOT

    qa = ROOT / "eval" / "article_dev_qa.jsonl"  # a copy of ../shared/eval/article_dev_qa.jsonl
    bot = Assistant(Settings(home=tmp_path, _env_file=None), llm="extractive")
    report = run_eval(qa, [ROOT / "corpus"], bot)
    ours = report["results"]["extractive"]["metrics"]
    base = report["results"]["tutorial baseline"]["metrics"]
    assert ours["hit@5"] >= 0.95 and ours["correct"] >= 0.85
    assert ours["abstain_ok"] >= 0.8 and ours["false_abstain"] <= 0.1
    assert ours["correct"] >= base["correct"]
    assert ours["citation_precision"] >= base["citation_precision"]
    # citation precision >= 0.9 (issue 4) is not reached yet: README, Quality


def test_the_kept_baseline_index_is_rebuilt_when_the_loader_changes(tmp_path, monkeypatch):
    """Its citations are offsets into the loaded text: an index from an older loader would
    point at the wrong place (the Apache set's tutorial citations all did)."""
    from rag import loaders
    from rag.baseline import _fingerprint

    page = tmp_path / "a.txt"
    page.write_text("Some text.")
    before = _fingerprint([page])
    assert _fingerprint([page]) == before
    monkeypatch.setattr(loaders, "LOADER_VERSION", loaders.LOADER_VERSION + "-next")
    assert _fingerprint([page]) != before
