"""Per-question answer snapshots: what each question got, so that an answer change is a diff.

A snapshot is JSON lines, one per question: {"id", "abstained", "answer", "citations"}, with
citations as [source, start, end]. `rag eval --write-snapshot FILE` writes one from a run;
`rag eval --diff FILE` compares a run with it and lists every question whose answer, citations
or abstention moved (`eval/snapshots/` holds the committed ones, `make snapshot-diff` runs them).
"""

from __future__ import annotations

import json
from pathlib import Path

from rag.errors import RagError

FIELDS = ("id", "abstained", "answer", "citations")


def snapshot(rows: list[dict]) -> list[dict]:
    """The part of each `rag eval` row that a snapshot keeps, in question order; a source
    inside the working folder is written relative to it, so a clone elsewhere matches."""
    return [{**{k: row[k] for k in FIELDS},
             "citations": [[_portable(src), start, end] for src, start, end in row["citations"]]}
            for row in rows]


def _portable(source: str) -> str:
    path, here = Path(source), Path.cwd()
    return (path.relative_to(here).as_posix()
            if path.is_absolute() and path.is_relative_to(here) else source)


def write_snapshot(path: str | Path, rows: list[dict]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = (json.dumps(r, ensure_ascii=False) for r in snapshot(rows))
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def read_snapshot(path: str | Path) -> list[dict]:
    path = Path(path)
    if not path.is_file():
        raise RagError(f"snapshot not found: {path}")
    try:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    except json.JSONDecodeError as exc:
        raise RagError(f"snapshot is not JSON lines: {path} (line {exc.lineno})") from None
    if any(not isinstance(r, dict) or set(FIELDS) - set(r) for r in rows):
        raise RagError(f"snapshot rows need {', '.join(FIELDS)}: {path}")
    return rows


def diff(old: list[dict], new: list[dict]) -> list[str]:
    """One line per change, in question order; empty when no answer changed.

    Example: a question whose answer moved -> ['q3 answer: "Lovelace." -> "Hopper."']
    """
    before, after = {r["id"]: r for r in old}, {r["id"]: r for r in new}
    lines = []
    for qid in [*before, *(i for i in after if i not in before)]:
        if qid not in after:
            lines.append(f"{qid} gone from the run")
            continue
        if qid not in before:
            lines.append(f"{qid} new: {json.dumps(after[qid]['answer'], ensure_ascii=False)}")
            continue
        for field in FIELDS[1:]:
            was, now = before[qid][field], after[qid][field]
            if was != now:
                lines.append(f"{qid} {field}: {json.dumps(was, ensure_ascii=False)}"
                             f" -> {json.dumps(now, ensure_ascii=False)}")
    return lines
