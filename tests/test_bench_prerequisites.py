"""`python benchmarks/run.py` without its corpus says what to install, in one line."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_bench_without_the_python_docs_names_the_package_in_one_line(tmp_path) -> None:
    """The ingest figure reads Debian's python3.11-doc; pointed at a folder that does not
    exist, the run stops before loading any model with one line on stderr, exit code 1,
    instead of a FileNotFoundError traceback halfway through."""
    script = (
        "import sys, runpy\n"
        f"sys.path.insert(0, {str(ROOT / 'benchmarks')!r})\n"
        "import bench_ingest\n"
        f"bench_ingest.DOCS = bench_ingest.Path({str(tmp_path / 'no-docs')!r})\n"
        "sys.argv = ['run.py', '--out', sys.argv[1]]\n"
        f"runpy.run_path({str(ROOT / 'benchmarks' / 'run.py')!r}, run_name='__main__')\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "out")], cwd=ROOT,
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert "apt-get install python3.11-doc" in out.stderr and "make bench" in out.stderr
    assert not (tmp_path / "out").exists()
