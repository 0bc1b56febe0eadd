"""`make bench`: speed figures, each beside a baseline measured in the same run.

Writes benchmarks/results/latest.md (one table) and latest.json with the date, core count,
corpus and run time. Figures, one module each:
  ingest  bench_ingest.py       Python 3.11 HTML docs (a sample of pages) + the article:
                                ours vs the LangChain tutorial pipeline, then re-ingests
  scale   retrieval_scale.py    dense / BM25 / fused latency and memory at growing sizes
  ask     bench_ask.py          ask latency and first token per backend, cold start
  serve   bench_serve.py        `rag serve` with concurrent chat clients vs one client

    python benchmarks/run.py            # the default run (about 6 min on a quiet 2-core machine)
    python benchmarks/run.py --pages 0  # all 530 doc pages (about 12 min more)
    python benchmarks/run.py --only ask --skip-local --out /tmp/b
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "corpus" / "trump-putin-call-2025-02-12.md"
FIGURES = ("ingest", "scale", "ask", "serve")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--pages", type=int, default=60,
                   help="HTML doc pages to ingest, every k-th in sorted order (0 = all)")
    p.add_argument("--sizes", default="1000,10000,100000",
                   help="index sizes in chunks for retrieval latency, comma-separated")
    p.add_argument("--reps", type=int, default=3, help="times each question is asked (extractive)")
    p.add_argument("--skip-local", action="store_true", help="skip the local GGUF backend")
    p.add_argument("--clients", type=int, default=8, help="simultaneous chat clients")
    p.add_argument("--serve-seconds", type=float, default=20, help="length of the load run")
    p.add_argument("--only", default=",".join(FIGURES), help="figures to run, comma-separated")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results",
                   help="folder for latest.md and latest.json")
    args = p.parse_args(argv)
    args.only = [f for f in args.only.split(",") if f]
    if unknown := set(args.only) - set(FIGURES):
        p.error(f"unknown figure(s) {sorted(unknown)}: use {','.join(FIGURES)}")
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    return args


def retrieval_scale(sizes: list[int]) -> list[dict]:
    """One fresh process per size, so each memory figure is that index's alone."""
    rows = []
    for size in sizes:
        t = time.perf_counter()
        out = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "retrieval_scale.py"), "--json", str(size)],
            check=True, capture_output=True, text=True, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        rows.append({**json.loads(out.stdout.strip().splitlines()[-1])[0],
                     "wall_s": time.perf_counter() - t})
    return rows


def _timed(name: str, fn, *args):
    print(f"[bench] {name} ...", file=sys.stderr, flush=True)
    t = time.perf_counter()
    result = fn(*args)
    print(f"[bench] {name}: {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    return result


def measure(args: argparse.Namespace) -> dict:
    import bench_ask
    import bench_ingest
    import bench_serve

    from rag.embeddings import embedding_identity, onnx_embeddings, packaged_embeddings

    out: dict = {"date": date.today().isoformat(), "cores": os.cpu_count(),
                 "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
                 "figures": {}}
    f = out["figures"]
    t0 = time.perf_counter()
    # ours: the product's default for a new index (float ONNX); the tutorial:
    # HuggingFaceEmbeddings (torch). Both load outside the timings.
    embeddings = {"ours": onnx_embeddings(), "baseline": packaged_embeddings()}
    for e in embeddings.values():
        e.embed_query("warm up")
    out["embeddings"] = {k: embedding_identity(e) + f" ({type(e).__name__})"
                         for k, e in embeddings.items()}
    with tempfile.TemporaryDirectory() as tmp:
        if "ingest" in args.only:
            f["ingest"] = _timed("ingest", bench_ingest.run, Path(tmp) / "ingest", args.pages,
                                 ARTICLE, embeddings)
        if "scale" in args.only:
            f["retrieval_scale"] = _timed("retrieval scale", retrieval_scale, args.sizes)
        if "ask" in args.only:
            f["ask"] = _timed("ask", bench_ask.run, Path(tmp) / "ask", ARTICLE, embeddings,
                              args.reps, not args.skip_local)
        if "serve" in args.only:
            f["serve"] = _timed("serve", bench_serve.run, Path(tmp) / "serve", ARTICLE,
                                args.clients, args.serve_seconds)
    out["run_s"] = time.perf_counter() - t0
    return out


def table(out: dict) -> str:
    """The figures as one Markdown table: figure | ours | baseline."""
    f = out["figures"]
    rows: list[tuple[str, str, str]] = []
    corpus = "the article"
    if "ingest" in f:
        rows += _ingest_rows(f["ingest"])
        c = f["ingest"]["corpus"]
        corpus = (f"{c['docs_pages']} of {c['docs_pages_total']} Python 3.11 HTML doc pages "
                  f"+ the article for ingest, the article for ask and serve")
    if "retrieval_scale" in f:
        rows += _scale_rows(f["retrieval_scale"])
    if "ask" in f:
        rows += _ask_rows(f["ask"])
    if "serve" in f:
        rows += _serve_rows(f["serve"])
    head = (f"Benchmarks, {out['date']}, {out['cores']} cores, {out['run_s'] / 60:.1f} min "
            f"({corpus})")
    if "embeddings" in out:
        e = out["embeddings"]
        head += f". Embeddings: ours {e['ours']}, the tutorial's {e['baseline']}"
    lines = [head, "", "| figure | ours | baseline |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def _ingest_rows(g: dict) -> list[tuple[str, str, str]]:
    c, o, b, r = g["corpus"], g["ours"], g["baseline"], g["reingest"]
    tut = "tutorial pipeline"
    e = r["edited"]
    return [
        (f"ingest {c['files']} files, {c['text_mb']:.2f} MB text ({c['raw_mb']:.1f} MB HTML): s",
         f"{o['seconds']:.1f}", f"{b['seconds']:.1f} ({tut})"),
        ("ingest: chunks, chunks/s", f"{o['chunks']}, {o['chunks_per_s']:.1f}/s (800/120 split)",
         f"{b['chunks']}, {b['chunks_per_s']:.1f}/s (1000/200 split)"),
        ("ingest: MB of source text/s (MB embedded)",
         f"{o['text_mb_per_s']:.3f} ({o['embedded_mb']:.2f})",
         f"{b['text_mb_per_s']:.3f} ({b['embedded_mb']:.2f})"),
        ("re-ingest unchanged: s, chunks embedded",
         f"{r['unchanged']['seconds']:.2f}, {r['unchanged']['embedded']}",
         f"re-embeds all {b['chunks']} ({b['seconds']:.1f} s)"),
        ("re-ingest, one page touched (mtime only): s, embedded",
         f"{r['touched']['seconds']:.2f}, {r['touched']['embedded']}", "re-embeds all"),
        (f"re-ingest, one page edited (`{Path(r['page']).name}`, line added at top): s, embedded",
         (f"{e['seconds']:.2f}, {e['embedded']} (the page has {e['page_chunks_after']} chunks, "
         f"had {e['page_chunks_before']})"), "re-embeds all"),
    ]


def _scale_rows(rows: list[dict]) -> list[tuple[str, str, str]]:
    out = []
    for r in rows:
        n = f"{r['chunks']:,}"
        out.append((f"retrieval, {n} synthetic chunks: p50 / p95 ms",
                    (f"fused {r['fused_p50_ms']:.1f} / {r['fused_p95_ms']:.1f} (BM25 "
                    f"{r['bm25_p50_ms']:.1f} / {r['bm25_p95_ms']:.1f}, built in "
                    f"{r['bm25_build_s']:.1f} s)"),
                    f"dense only {r['dense_p50_ms']:.1f} / {r['dense_p95_ms']:.1f}"))
        out.append((f"resident memory with {n} chunks: MB", f"{r['rss_mb']:.0f}",
                    f"{r['empty_rss_mb']:.0f} (same process, empty store)"))
    return out


def _ask_rows(a: dict) -> list[tuple[str, str, str]]:
    names = {"extractive": "extractive", "local": "local Qwen2.5-Coder-1.5B reader"}
    out = []
    for backend in ("extractive", "local"):
        if backend not in a:
            continue
        o, b = a[backend]["ours"], a[backend]["baseline"]
        out.append((f"ask, {names[backend]}: p50 / p95 s ({o['n']} asks)",
                    f"{o['p50_s']:.3f} / {o['p95_s']:.3f}",
                    f"{b['p50_s']:.3f} / {b['p95_s']:.3f} (tutorial pipeline, same generator)"))
        out.append((f"first token, {names[backend]}: p50 / p95 s",
                    f"{o['first_token_p50_s']:.3f} / {o['first_token_p95_s']:.3f}",
                    f"{b['first_token_p50_s']:.3f} / {b['first_token_p95_s']:.3f}"))
    for backend, seconds in a["cold_start_s"].items():
        out.append((f"cold start, `rag ask --json --llm {backend}` process to answer: s",
                    f"{seconds:.1f}", "–"))
    return out


def _serve_rows(s: dict) -> list[tuple[str, str, str]]:
    m, one = s["many_clients"], s["one_client"]

    def lat(x: dict) -> str:
        return f"{x['p50_s']:.2f} / {x['p95_s']:.2f}" if x["answered"] else "none answered"

    return [
        (f"`rag serve` /chat, {m['clients']} clients for {m['seconds']:.0f} s: p50 / p95 s",
         lat(m), f"{lat(one)} (1 client alone, {one['seconds']:.0f} s)"),
        ("`rag serve`: answered, errors, answers/s",
         f"{m['answered']}, {m['errors']}, {m['per_s']:.1f}/s",
         f"{one['answered']}, {one['errors']}, {one['per_s']:.1f}/s"),
        ("`rag serve`: first streamed update p50 s; server start s, RSS MB",
         (f"{m['first_update_p50_s'] or 0:.2f}; {s['server_start_s']:.1f}, "
         f"{s['server_rss_mb']:.0f}"), f"{one['first_update_p50_s'] or 0:.2f}"),
    ]


def missing_prerequisite(args: argparse.Namespace) -> str | None:
    """One line saying what to install, or None: the ingest figure reads Debian's
    Python 3.11 HTML docs, and without them it would end in a FileNotFoundError."""
    from bench_ingest import DOCS

    if "ingest" in args.only and not DOCS.is_dir():
        return (f"bench: {DOCS} is missing: apt-get install python3.11-doc (`make bench` "
                f"installs it), or leave out the ingest figure: --only scale,ask,serve")
    return None


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if problem := missing_prerequisite(args):
        sys.exit(problem)
    out = measure(args)
    md = table(out)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.md").write_text(md + "\n")
    (args.out / "latest.json").write_text(json.dumps(out, indent=2) + "\n")
    print(md)
    serve = out["figures"].get("serve")
    if serve and (serve["many_clients"]["errors"] or serve["one_client"]["errors"]):
        sys.exit("bench: chat clients saw errors (see latest.json)")


if __name__ == "__main__":
    main()
