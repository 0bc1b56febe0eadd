"""The README's code blocks run as written (STYLE: a README that runs).

The Python API block is executed in a temporary folder holding a copy of corpus/, with the
real embedding model, a real Chroma store and the default backend (`auto`: the extractive
answerer offline). The browser-server block runs in tests/test_ui.py, against a live server.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, ROOT

pytestmark = pytest.mark.slow


def run_readme_block(section: str, scope: dict, address: str | None = None) -> dict:
    """Runs the first ```python block after the heading `section` in `scope` (the server
    address written in it replaced by `address`), and returns the scope."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text[text.index(f"\n## {section}\n"):]
    block = re.search(r"```python\n(.*?)```", after, re.DOTALL).group(1)
    if address:
        block = block.replace("http://127.0.0.1:7860/", address)
    exec(compile(block, "README.md", "exec"), scope)  # noqa: S102 - the README's own code
    return scope


def test_python_api_block_runs_and_cites_the_article(tmp_path: Path, capsys) -> None:
    """It indexes corpus/ (one article), retrieves Keith Kellogg's passage, answers "Which
    adviser was excluded?" and its follow-up "What kind of adviser is he?" (he is the defence
    adviser), and streams an answer whose last event is the Answer with its citations."""
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    scope: dict = {}
    try:
        run_readme_block("Python API", scope)
        report, passages, a = scope["report"], scope["passages"], scope["a"]
        assert len(report.added) == 1
        assert any("Kellogg" in p.text for p in passages)
        assert "defence adviser" in a.text and not a.abstained
        source = (tmp_path / "corpus" / ARTICLE.name).read_text(encoding="utf-8")
        assert all(source[c.start : c.end] == c.quote for c in a.citations)
        assert "Putin" in capsys.readouterr().out  # the streamed answer to "Who did Trump call?"
    finally:
        if "bot" in scope:
            scope["bot"].close()
