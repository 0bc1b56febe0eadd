"""Making the packaged model's ONNX files: the float export, its 8-bit quantization, and
which 8-bit kernel path this CPU takes.

`rag.embeddings` loads the files; this module writes them, once per model and recipe, into
a cache folder, atomically, and checks the export against torch before keeping it. It does
not choose a backend.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

# Bump when the export below changes: the cache key changes with it.
EXPORT_RECIPE = "mean-pool-normalize/opset17/bert-fusion-o1/v1"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def hub_offline() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def int8_kernel(flags: set[str] | None = None) -> str:
    """The kernel path ONNX Runtime's MLAS takes for 8-bit matrix products on this CPU
    (it picks by CPUID at load; `flags` as in /proc/cpuinfo, read when not given).

    Example: {"avx2", "avx512bw", "avx512_vnni"} -> "avx512-vnni"; {"avx2"} -> "avx2-u8s8"
    """
    if flags is None:
        flags = _cpu_flags()
    if {"amx_int8", "amx_tile"} <= flags:
        return "amx"
    if "avx512_vnni" in flags and "avx512bw" in flags:
        return "avx512-vnni"
    if "avx_vnni" in flags:
        return "avx-vnni"
    if "avx512bw" in flags:
        return "avx512bw-u8s8"
    if "avx2" in flags:
        return "avx2-u8s8"
    return "sse"


def int8_kernels_agree(a: str, b: str) -> bool:
    """Whether two kernel paths give an 8-bit model the same vectors. The VNNI and AMX paths
    add u8 x s8 products in 32 bits, exactly; the u8s8 ones add pairs in 16 bits first
    (vpmaddubsw), which saturates for large activations. Measured on the packaged model:
    cosine 0.97-0.99 between the two kinds for the same text (docs/performance.md)."""
    def exact(kernel: str) -> bool:
        return kernel in ("amx", "avx512-vnni", "avx-vnni")

    return a == b or (exact(a) and exact(b))


def _cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def onnx_cache_dir(cache: Path | None = None) -> Path:
    """Where exports live: `cache`, else `$XDG_CACHE_HOME/rag-assistant/onnx`."""
    if cache is not None:
        return Path(cache).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rag-assistant" / "onnx"


def model_key(model_dir: Path) -> str:
    """Names the weights, tokenizer and export recipe: any change means a new export."""
    import onnxruntime

    digest = hashlib.sha256(f"{EXPORT_RECIPE}|ort {onnxruntime.__version__}".encode())
    for name in ("config.json", "tokenizer.json", "sentence_bert_config.json",
                 "model.safetensors"):
        with open(model_dir / name, "rb") as f:
            digest.update(name.encode() + hashlib.file_digest(f, "sha256").digest())
    return digest.hexdigest()[:16]


def export_onnx(model_dir: Path, target: Path) -> Path:
    """Export model + mean pooling + normalisation to ONNX, fuse it, write `target` atomically.

    Takes about 6 s on 2 cores and needs torch, transformers and onnx; checks the result against
    torch before keeping it. Written to a temporary folder beside `target` and renamed,
    so a crash or a second process never leaves half a file under the final name.
    """
    hub_offline()
    import numpy as np
    import torch
    import transformers
    from onnxruntime.transformers.optimizer import optimize_model
    from transformers import AutoModel, AutoTokenizer

    from rag.embeddings import OnnxEmbeddings

    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()

    class MeanPoolNormalize(torch.nn.Module):  # = sentence-transformers' Pooling + Normalize
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_exports(target.parent)
    # eager attention: ORT's BERT optimizer only fuses the plain attention subgraph
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager",
                                      local_files_only=True).eval()
    wrapped = MeanPoolNormalize(model)
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    probe = tokenizer(["hello world", "a longer example sentence, with padding in the batch",
                       "Trump said the dollar is strong."], padding=True, return_tensors="pt")
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as tmp:
        raw, fused = Path(tmp) / "raw.onnx", Path(tmp) / "fused.onnx"
        with torch.no_grad(), warnings.catch_warnings():
            # the reference comes first: after torch.onnx.export the same module instance
            # returns different vectors (cosine 0.88-0.96 here), the exported graph does not
            expected = wrapped(**{n: probe[n] for n in INPUTS}).numpy()
            warnings.simplefilter("ignore")  # tracer and legacy-exporter notices
            torch.onnx.export(
                wrapped, tuple(probe[n] for n in INPUTS), str(raw), input_names=list(INPUTS),
                output_names=["sentence_embedding"], opset_version=17, dynamo=False,
                dynamic_axes={n: {0: "batch", 1: "sequence"} for n in INPUTS},
            )
        config = model.config
        optimize_model(str(raw), model_type="bert", num_heads=config.num_attention_heads,
                       hidden_size=config.hidden_size, opt_level=1).save_model_to_file(str(fused))
        check = OnnxEmbeddings(fused, model_dir, threads=1)
        got = np.asarray(check.session.run(None, {n: probe[n].numpy() for n in INPUTS})[0])
        del check
        worst = float((got * expected).sum(1).min())
        if worst < 0.9999:
            raise RuntimeError(f"exported model disagrees with torch (cosine {worst:.5f})")
        with open(fused, "rb+") as f:
            os.fsync(f.fileno())  # the bytes are on disk before the name points at them
        os.replace(fused, target)
    return target


def _remove_stale_exports(folder: Path, age: float = 3600.0) -> None:
    """Temporary folders left by a killed export (a live one is younger than an hour)."""
    for tmp in folder.glob(".export-*"):
        try:
            if time.time() - tmp.stat().st_mtime > age:
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError:
            pass


def quantize_int8(source: Path, target: Path) -> Path:
    """8-bit weights for every matrix product (MatMul and the fused Attention's QKV), one
    scale per output channel; written atomically.

    Per-channel matters: one scale per matrix gave cosine 0.94 to the float model, per
    channel 0.995. The embedding lookup and layer norms stay in float.
    """
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as tmp:
        out = Path(tmp) / "int8.onnx"
        logging.disable(logging.WARNING)  # "consider pre-processing": advice for CNNs
        try:
            quantize_dynamic(
                str(source), str(out), op_types_to_quantize=["MatMul", "Attention"],
                per_channel=True, weight_type=QuantType.QInt8,
                extra_options={"DefaultTensorType": 1},  # float for tensors it cannot type
            )
        finally:
            logging.disable(logging.NOTSET)
        os.replace(out, target)
    return target
