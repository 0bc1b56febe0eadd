"""Retrieval latency at 1k, 10k and 100k chunks: dense (Chroma HNSW, as the tutorial
pipeline searches), BM25 (bm25s), and ours fused (BM25 + exact dense search).

Synthetic chunks: random words from a 20k-word vocabulary, random unit vectors (no model
needed to fill the index; queries are embedded the same way). Prints a Markdown table and
writes benchmarks/results/retrieval_scale.json. Usage: python benchmarks/retrieval_scale.py
[sizes...]
`make bench` runs it once per size in a fresh process with `--json`, so each resident-memory
figure is that of a process holding only that index.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class RandomEmbeddings:
    """Unit vectors from a seeded generator: the index cost is what is measured here."""

    def __init__(self) -> None:
        self.rng = np.random.default_rng(0)

    def _vecs(self, n: int) -> list[list[float]]:
        v = self.rng.standard_normal((n, 384)).astype(np.float32)
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._vecs(len(texts))

    def embed_query(self, text: str) -> list[float]:
        return self._vecs(1)[0]


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


def measure(size: int, vocab: list[str], rng: random.Random) -> dict:
    from rag.retrieval import HybridRetriever
    from rag.store import ChunkStore

    with tempfile.TemporaryDirectory() as tmp:
        store = ChunkStore(Path(tmp), RandomEmbeddings(), embedding_model="random")
        empty_rss = _rss_mb()  # the store opened, nothing in it: what the index adds is on top
        step = store.client.get_max_batch_size()
        emb = RandomEmbeddings()
        for i in range(0, size, step):
            n = min(step, size - i)
            texts = [" ".join(rng.choices(vocab, k=120)) for _ in range(n)]
            store.collection.add(
                ids=[f"c{i + j}" for j in range(n)], documents=texts,
                embeddings=emb.embed_documents(texts),
                metadatas=[{"source": "/synthetic", "start": 0, "end": len(t)} for t in texts],
            )
        retriever = HybridRetriever(store)
        t0 = time.perf_counter()
        retriever.indexes()  # BM25 and the exact dense matrix, from one read of the store
        build = time.perf_counter() - t0
        queries = [" ".join(rng.choices(vocab, k=6)) for _ in range(60)]
        dense, lexical, fused = [], [], []
        for q in queries:
            t0 = time.perf_counter(); store.dense(q, 20); dense.append(time.perf_counter() - t0)
            t0 = time.perf_counter(); retriever.bm25().search(q, 20)
            lexical.append(time.perf_counter() - t0)
            t0 = time.perf_counter(); retriever.retrieve(q, 5)
            fused.append(time.perf_counter() - t0)
        return {"chunks": size, "bm25_build_s": build, "rss_mb": _rss_mb(),
                "empty_rss_mb": empty_rss,
                "dense_p50_ms": _p(dense, .5), "dense_p95_ms": _p(dense, .95),
                "bm25_p50_ms": _p(lexical, .5), "bm25_p95_ms": _p(lexical, .95),
                "fused_p50_ms": _p(fused, .5), "fused_p95_ms": _p(fused, .95)}


def main() -> None:
    args = sys.argv[1:]
    as_json = "--json" in args
    sizes = [int(s) for s in args if s != "--json"] or [1_000, 10_000, 100_000]
    rng = random.Random(0)
    vocab = [f"w{i:05d}" for i in range(20_000)]
    rows = [measure(s, vocab, rng) for s in sizes]
    if as_json:  # for benchmarks/run.py: the rows only, nothing written
        print(json.dumps(rows))
        return
    out = {"date": date.today().isoformat(), "cores": os.cpu_count(), "rows": rows}
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "retrieval_scale.json").write_text(json.dumps(out, indent=2) + "\n")
    print(f"Retrieval latency, {out['date']}, {out['cores']} cores "
          "(synthetic chunks; k=20 candidates each)\n")
    print("| chunks | dense p50/p95 ms | BM25 p50/p95 ms | fused p50/p95 ms | BM25 build s "
          "| RSS MB |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['chunks']:,} | {r['dense_p50_ms']:.1f} / {r['dense_p95_ms']:.1f} | "
              f"{r['bm25_p50_ms']:.1f} / {r['bm25_p95_ms']:.1f} | {r['fused_p50_ms']:.1f} / "
              f"{r['fused_p95_ms']:.1f} | {r['bm25_build_s']:.1f} | {r['rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
