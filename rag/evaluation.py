"""`rag eval`: answer a question set and score retrieval, answers, citations and abstention.

Question format (JSON lines): {"id", "question", "answers": [...], "evidence", "answerable"}.
A passage or citation "contains the evidence" when the evidence string appears in it
(case-insensitive). Each run also scores the LangChain tutorial pipeline side by side.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.citations import MARKER
from rag.errors import RagError
from rag.records import Answer, Passage

METRICS = ["hit@1", "hit@5", "mrr", "correct", "citation_precision", "abstain_ok",
           "false_abstain", "cited_chars", "first_p50_s", "first_p95_s", "p50_s", "p95_s"]


@dataclass
class Question:
    id: str
    question: str
    answers: list[str]
    evidence: str
    answerable: bool


def load_questions(path: str | Path) -> list[Question]:
    out = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RagError(f"cannot read question set {path}: {exc.strerror}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            out.append(Question(str(d["id"]), d["question"], list(d.get("answers", [])),
                                d.get("evidence", ""), bool(d.get("answerable", True))))
        except (ValueError, KeyError, TypeError):
            raise RagError(f"{path} line {n}: not a question record") from None
    if not out:
        raise RagError(f"no questions in {path}")
    return out


def _has(text: str, needle: str) -> bool:
    """Case-insensitive, with runs of whitespace as one space: evidence copied from a
    hard-wrapped file may span a line break."""
    return bool(needle) and " ".join(needle.lower().split()) in " ".join(text.lower().split())


def _without_markers(answer: str) -> str:
    """The answer without its [n] markers: the answer "1" is not in "... overridden [1]"."""
    return MARKER.sub("", answer)


def score(
    questions: list[Question],
    retrieve: Callable[[str, int], list[Passage]],
    ask: Callable[[str], Answer],
    read_text: Callable[[str], str] | None = None,
    stream: Callable[[str], Iterator] | None = None,
) -> tuple[dict[str, float], list[dict]]:
    """Metrics over a question set, and one row per question for inspection.

    With `stream`, the time to the first text of the answer is measured too (a declined
    question's first text is the decline)."""
    rows, latencies, firsts = [], [], []
    hit1 = hit5 = correct = false_abstain = abstain_ok = 0
    rr = 0.0
    cited = cited_ok = 0
    quoted_chars: list[int] = []
    answerable = [q for q in questions if q.answerable]
    for q in questions:
        t0 = time.perf_counter()
        if stream is None:
            answer = ask(q.question)
        else:
            first = None
            for event in stream(q.question):
                if isinstance(event, Answer):
                    answer = event
                elif first is None and event.strip():
                    first = time.perf_counter() - t0
            firsts.append(first if first is not None else time.perf_counter() - t0)
        latencies.append(time.perf_counter() - t0)
        row = {"id": q.id, "question": q.question, "abstained": answer.abstained,
               "answer": answer.text,
               "citations": [[c.source, c.start, c.end] for c in answer.citations],
               "seconds": round(latencies[-1], 2)}
        if q.answerable:
            passages = retrieve(q.question, 5)
            ranks = [i for i, p in enumerate(passages, 1) if _has(p.text, q.evidence)]
            hit1 += bool(ranks and ranks[0] == 1)
            hit5 += bool(ranks)
            rr += 1 / ranks[0] if ranks else 0
            ok = not answer.abstained and any(_has(_without_markers(answer.text), a)
                                              for a in q.answers)
            correct += ok
            false_abstain += answer.abstained
            if answer.citations:
                # precise: every quote is exactly the source text at its offsets, and one
                # of them holds the evidence
                exact = all(read_text is None or read_text(c.source)[c.start : c.end] == c.quote
                            for c in answer.citations)
                cited += 1
                cited_ok += exact and any(_has(c.quote, q.evidence) for c in answer.citations)
                quoted_chars.append(sum(len(c.quote) for c in answer.citations))
            row.update(correct=ok, evidence_rank=ranks[0] if ranks else None)
        else:
            abstain_ok += answer.abstained
        rows.append(row)
    n, unans = len(answerable) or 1, (len(questions) - len(answerable)) or 1
    lat, first_lat = sorted(latencies), sorted(firsts or latencies)
    metrics = {
        "hit@1": hit1 / n, "hit@5": hit5 / n, "mrr": rr / n, "correct": correct / n,
        "citation_precision": cited_ok / cited if cited else 0.0,
        "abstain_ok": abstain_ok / unans if len(questions) > len(answerable) else 1.0,
        "false_abstain": false_abstain / n,
        "cited_chars": statistics.mean(quoted_chars) if quoted_chars else 0.0,
        "first_p50_s": statistics.median(first_lat), "first_p95_s": _p95(first_lat),
        "p50_s": statistics.median(lat), "p95_s": _p95(lat),
    }
    return metrics, rows


def _p95(values: list[float]) -> float:
    return values[min(len(values) - 1, int(0.95 * len(values)))]


def run_eval(
    qa: str | Path, corpus: Sequence[str | Path], bot, baseline: bool = True,
    exclude: list[str] | tuple[str, ...] = (),
) -> dict:
    """Ingest `corpus` into `bot`'s store, score it and (optionally) the tutorial baseline."""
    questions = load_questions(qa)
    bot.ingest(corpus, exclude=exclude)
    cache: dict[str, str] = {}

    def read_text(source: str) -> str:
        if source not in cache:
            from rag.loaders import load_document

            cache[source] = load_document(source).text
        return cache[source]

    results = {}
    metrics, rows = score(questions, bot.retrieve, bot.ask, read_text, stream=bot.stream)
    results[bot.backend] = {"metrics": metrics, "rows": rows}
    if baseline:
        from rag.baseline import TutorialPipeline
        from rag.chain import chat_generator
        from rag.reader import SentenceReader

        generator = bot.chain.generator
        if isinstance(generator, SentenceReader):
            # the tutorial's prompt (whole chunks, "cite [n]") with the same model
            generator = chat_generator(generator.chat_model)
        kept = bot.settings.store_dir.parent / f"baseline-{bot.settings.store_dir.name}"
        tutorial = TutorialPipeline(corpus, bot.embeddings, generator, exclude, kept)
        metrics, rows = score(questions, tutorial.retrieve, tutorial.ask, read_text)
        results["tutorial baseline"] = {"metrics": metrics, "rows": rows}
    return {"qa": str(qa), "questions": len(questions), "results": results}


def table(report: dict) -> str:
    head = "| pipeline | " + " | ".join(METRICS) + " |"
    lines = [head, "|" + "---|" * (len(METRICS) + 1)]
    for name, r in report["results"].items():
        m = r["metrics"]
        lines.append(f"| {name} | "
                     + " | ".join(f"{m[k]:.0f}" if k == "cited_chars" else f"{m[k]:.2f}"
                                  for k in METRICS) + " |")
    return "\n".join(lines)
