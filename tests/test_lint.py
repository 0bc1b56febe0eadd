"""The code stays as the README promises: ruff clean (lines within 100 columns) and mypy clean.

Both run as the CI runs them, from the repository root with the pinned versions.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, check=False,
                          text=True, timeout=300)


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", "--no-cache", "rag", "ui", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout[-3000:]


def test_mypy_is_clean() -> None:
    result = _run("mypy", "rag", "ui")
    assert result.returncode == 0, result.stdout[-3000:]
