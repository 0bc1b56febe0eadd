"""Serving figures: `rag serve` in its own process, chat clients (gradio_client) on loopback.

One client asking alone is the baseline; then N clients ask at once for a fixed time. Each
question goes through the page's streaming `/chat` handler, so the first update is the
first text piece as a browser would see it. Does not measure answer quality.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from bench_ask import QUESTIONS, pct


@contextmanager
def served(home: Path, article: Path, start_timeout: float = 300) -> Iterator[tuple[str, int]]:
    """`rag serve --ingest ARTICLE` on a free loopback port; yields (url, pid); always stopped."""
    from rag.llm import free_port

    root = Path(__file__).resolve().parent.parent
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "RAG_HOME": str(home), "RAG_LLM": "extractive",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--ingest", str(article)],
        env=env, cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("rag serve did not start") from None
                time.sleep(0.3)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def chat_once(client, question: str) -> tuple[float, float]:
    """(seconds to the final answer, seconds to the first streamed update) via `/chat`.

    Raises when the request fails or the page shows an error instead of an answer.
    """
    t0 = time.perf_counter()
    job = client.submit(question, [], api_name="/chat")
    first = None
    for _ in job:  # one item per update the handler yields
        if first is None:
            first = time.perf_counter() - t0
    history = job.result()[0]
    total = time.perf_counter() - t0
    reply = str(history[-1]["content"]) if history else ""
    if not reply or reply.startswith("**Error:**") or reply == "…":
        raise RuntimeError(f"no answer: {reply[:200]!r}")
    return total, total if first is None else first


def load(clients: list, seconds: float, questions: list[str] = QUESTIONS) -> dict:
    """Every client asks questions back to back until `seconds` have passed."""
    latency: list[float] = []
    first: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def session(n: int) -> None:
        i = n
        while time.monotonic() < deadline:
            try:
                total, head = chat_once(clients[n], questions[i % len(questions)])
                with lock:
                    latency.append(total)
                    first.append(head)
            except Exception as exc:  # noqa: BLE001 - every failure is counted
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}"[:300])
            i += 1

    t0 = time.perf_counter()
    with ThreadPoolExecutor(len(clients)) as pool:
        list(pool.map(session, range(len(clients))))
    wall = time.perf_counter() - t0
    return {"clients": len(clients), "seconds": wall, "answered": len(latency),
            "errors": len(errors), "error_samples": errors[:3],
            "per_s": len(latency) / wall,
            "p50_s": pct(latency, 0.5) if latency else None,
            "p95_s": pct(latency, 0.95) if latency else None,
            "first_update_p50_s": pct(first, 0.5) if first else None}


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(tmp: Path, article: Path, clients: int, seconds: float) -> dict:
    """Start the server, warm every client with one question, then 1 client, then `clients`."""
    from gradio_client import Client

    t0 = time.perf_counter()
    with served(tmp / "serve-home", article) as (url, pid):
        start = time.perf_counter() - t0
        pool = [Client(url, verbose=False) for _ in range(clients)]
        with ThreadPoolExecutor(clients) as ex:  # caches and thread pools, not measured
            list(ex.map(lambda c: chat_once(c, QUESTIONS[0]), pool))
        alone = load(pool[:1], max(5.0, seconds / 3))
        together = load(pool, seconds)
        return {"server_start_s": start, "server_rss_mb": _rss_mb(pid),
                "one_client": alone, "many_clients": together}
