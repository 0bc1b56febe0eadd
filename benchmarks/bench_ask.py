"""Answer figures on the article: ask latency and time to first token per backend, ours beside
the tutorial pipeline with the same kind of generator, and cold start of `rag ask --json`.

Ours is timed through `Assistant.stream` (first text piece, then the `Answer`); the baseline
through `TutorialPipeline.ask` with its generator wrapped to note its first piece.
Does not measure ingestion or serving.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

QUESTIONS = [
    "Which adviser was excluded from the process?", "Who did President Trump speak with by phone?",
    "How was the Kremlin's account characterised?", "What could undermine transatlantic unity?",
    "Whose influence in Trump's inner circle grew?", "Who is the current Prime Minister of Japan?",
]
# the local model sees each question once: llama.cpp keeps whole prompts in a cache, so asking
# again would time the cache (0.08 s to the first token), not the model reading a new prompt
LOCAL_QUESTIONS = QUESTIONS + [
    "When did the phone call take place?", "Where was the Ramstein meeting held?",
    "What did the Kremlin's readout focus on?", "How did Ukraine respond to the call?",
    "Which conference came days after the call?", "What do European governments want to reduce?",
]


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile. Example: pct([1, 2, 3, 4], 0.5) -> 3."""
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def summary(latency: list[float], first: list[float]) -> dict:
    return {"n": len(latency), "p50_s": pct(latency, 0.5), "p95_s": pct(latency, 0.95),
            "first_token_p50_s": pct(first, 0.5), "first_token_p95_s": pct(first, 0.95)}


class FirstPiece:
    """Stands in for a generator Runnable and notes when its first text piece came out."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.at: float | None = None

    def stream(self, inputs, *args, **kwargs):
        for piece in self.inner.stream(inputs, *args, **kwargs):
            if self.at is None:
                self.at = time.perf_counter()
            yield piece


def time_ours(bot, question: str) -> tuple[float, float]:
    """(seconds to the final Answer, seconds to the first text piece) through `bot.stream`."""
    t0 = time.perf_counter()
    first = None
    for event in bot.stream(question):
        if first is None and isinstance(event, str):
            first = time.perf_counter() - t0
    total = time.perf_counter() - t0
    return total, total if first is None else first


def time_baseline(pipeline, question: str) -> tuple[float, float]:
    """The same two figures for `TutorialPipeline.ask`, which does not stream to its caller."""
    gen = pipeline.generator = FirstPiece(pipeline.generator)
    try:
        t0 = time.perf_counter()
        pipeline.ask(question)
        total = time.perf_counter() - t0
    finally:
        pipeline.generator = gen.inner
    return total, total if gen.at is None else gen.at - t0


def ask_latency(bot, pipeline, reps: int, questions: list[str] = QUESTIONS) -> dict:
    """Each question `reps` times, ours and the baseline alternating so both see the same load."""
    ours: tuple[list[float], list[float]] = ([], [])
    base: tuple[list[float], list[float]] = ([], [])
    for _ in range(reps):
        for q in questions:
            for timer, target, out in ((time_ours, bot, ours), (time_baseline, pipeline, base)):
                total, first = timer(target, q)
                out[0].append(total)
                out[1].append(first)
    return {"ours": summary(*ours), "baseline": summary(*base)}


def cold_start(home: Path, backend: str, question: str = QUESTIONS[0]) -> float:
    """Seconds from starting `rag ask --json` to its answer on stdout (printed in one piece)."""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "RAG_HOME": str(home),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "ask", "--json", "--llm", backend, question],
        env=env, cwd=home, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    first = proc.stdout.read(1)
    seconds = time.perf_counter() - t0
    _, err = proc.communicate(timeout=300)
    if proc.returncode != 0 or not first:
        raise RuntimeError(f"rag ask --llm {backend} failed: {err.decode()[-500:]}")
    return seconds


def run(tmp: Path, article: Path, embeddings: dict, reps: int, local: bool) -> dict:
    """Ask figures for the extractive backend and, if `local`, the local GGUF.

    `embeddings`: {"ours": ..., "baseline": ...}, as in bench_ingest."""
    from rag import Assistant, Settings
    from rag.baseline import TutorialPipeline
    from rag.extractive import ExtractiveAnswerer

    home = tmp / "home"
    settings = Settings(home=home, _env_file=None)
    ours, theirs = embeddings["ours"], embeddings["baseline"]
    bot = Assistant(settings, llm="extractive", embeddings=ours)
    bot.ingest([article])
    # its own answerer: the extractive one caches sentence vectors, so sharing would favour one
    pipeline = TutorialPipeline([article], theirs,
                                ExtractiveAnswerer(theirs.embed_documents).runnable())
    out = {"extractive": ask_latency(bot, pipeline, reps)}
    if local:
        t0 = time.perf_counter()
        llm = Assistant(settings, llm="local", embeddings=ours)
        from rag.chain import chat_generator

        # the same llama.cpp server for both: the tutorial's prompt (whole chunks), our reader
        pipeline.generator = chat_generator(llm.chain.generator.chat_model)
        out["local_start_s"] = time.perf_counter() - t0
        try:
            out["local"] = ask_latency(llm, pipeline, 1, LOCAL_QUESTIONS)
        finally:
            llm.close()
    out["cold_start_s"] = {"extractive": cold_start(home, "extractive")}
    if local:
        out["cold_start_s"]["local"] = cold_start(home, "local")
    return out
