"""`make bench`: speed figures, each beside a baseline measured in the same run.

Writes benchmarks/results/latest.md and latest.json with the core count and date.
Figures: ingestion (ours vs the LangChain tutorial pipeline), re-ingest of an unchanged
corpus, ask latency per question, and cold start of `rag ask --json` as a new process.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
QUESTIONS = [
    "Which adviser was excluded from the process?", "Who did President Trump speak with by phone?",
    "How was the Kremlin's account characterised?", "What could undermine transatlantic unity?",
    "Whose influence in Trump's inner circle grew?", "Who is the current Prime Minister of Japan?",
]


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from rag import Assistant, Settings
    from rag.baseline import TutorialPipeline

    out: dict = {"date": date.today().isoformat(), "cores": os.cpu_count(), "figures": {}}
    with tempfile.TemporaryDirectory() as tmp:
        bot = Assistant(Settings(home=Path(tmp), _env_file=None), llm="extractive")
        bot.embeddings.embed_query("warm up")  # load the model outside the timings
        _ = bot.store  # open Chroma and the record database outside the timings too
        t = time.perf_counter()
        report = bot.ingest([CORPUS])
        ours = time.perf_counter() - t
        t = time.perf_counter()
        again = bot.ingest([CORPUS])
        reingest = time.perf_counter() - t
        t = time.perf_counter()
        TutorialPipeline([CORPUS], bot.embeddings, bot.chain.generator)
        base = time.perf_counter() - t
        chunks = report.chunks_embedded
        out["figures"]["ingest_s"] = {"ours": ours, "baseline": base, "chunks": chunks}
        out["figures"]["reingest_unchanged_s"] = {"ours": reingest, "embedded": again.chunks_embedded}
        lat = []
        for _ in range(3):
            for q in QUESTIONS:
                t = time.perf_counter()
                bot.ask(q)
                lat.append(time.perf_counter() - t)
        out["figures"]["ask_extractive_s"] = {"p50": statistics.median(lat), "p95": _pct(lat, 0.95)}
        env = {**os.environ, "RAG_HOME": tmp}
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "rag.cli", "ask", "--json", QUESTIONS[0]], env=env,
                       check=True, capture_output=True)
        out["figures"]["cold_start_ask_s"] = time.perf_counter() - t
    f = out["figures"]
    md = "\n".join([
        f"Benchmarks, {out['date']}, {out['cores']} cores (article corpus, extractive backend)",
        "",
        "| figure | ours | baseline |",
        "|---|---|---|",
        f"| ingest {f['ingest_s']['chunks']} chunks (s) | {f['ingest_s']['ours']:.2f} | {f['ingest_s']['baseline']:.2f} (tutorial pipeline) |",
        f"| re-ingest unchanged corpus (s) | {f['reingest_unchanged_s']['ours']:.2f}, {f['reingest_unchanged_s']['embedded']} embedded | re-embeds everything |",
        f"| ask p50 / p95 (s) | {f['ask_extractive_s']['p50']:.3f} / {f['ask_extractive_s']['p95']:.3f} | – |",
        f"| cold start: `rag ask --json` process (s) | {f['cold_start_ask_s']:.2f} | – |",
    ])
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "latest.md").write_text(md + "\n")
    (results / "latest.json").write_text(json.dumps(out, indent=2) + "\n")
    print(md)


if __name__ == "__main__":
    main()
