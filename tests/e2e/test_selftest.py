"""``python -m synthdesk --self-test`` from the source tree, passing and failing.

The full run over every generator is in ``test_offline.py``, which runs it
with the network refused; these runs check one generator each.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

STEPS = ["window", "import", "generate cart", "review cart", "export cart"]


def _self_test(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "synthdesk", "--self-test", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=600,
    )


def _step_lines(stdout: str) -> dict[str, str]:
    """Map each step name to its status word ("ok" or "FAIL")."""
    steps = {}
    for line in stdout.splitlines():
        status, _, rest = line.partition(" ")
        if status in ("ok", "FAIL"):
            name = rest.strip().split("  ")[0].strip()
            steps[name] = status
    return steps


@pytest.mark.slow
def test_self_test_passes_one_generator(tmp_path):
    keep = tmp_path / "kept"
    completed = _self_test("--generator", "cart", "--keep", str(keep), cwd=tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert _step_lines(completed.stdout) == dict.fromkeys(STEPS, "ok")
    assert completed.stdout.rstrip().splitlines()[-1].startswith("Self-test passed")
    exported = sorted(path.name for path in (keep / "cart").iterdir())
    assert exported == [
        "README.md",
        "adult-sample-synthetic.csv",
        "report.html",
        "run.json",
    ]


@pytest.mark.slow
def test_self_test_fails_when_export_fails(tmp_path):
    keep = tmp_path / "kept"
    keep.mkdir()
    # A file where the export folder should go makes the export step fail.
    (keep / "cart").write_text("in the way", encoding="utf-8")
    completed = _self_test("--generator", "cart", "--keep", str(keep), cwd=tmp_path)
    assert completed.returncode == 1
    steps = _step_lines(completed.stdout)
    assert steps["generate cart"] == "ok"
    assert steps["export cart"] == "FAIL"
    assert "Self-test FAILED" in completed.stdout


def test_self_test_rejects_unknown_generator(tmp_path):
    completed = _self_test("--generator", "no_such_model", cwd=tmp_path)
    assert completed.returncode == 2
    assert "invalid choice: 'no_such_model'" in completed.stderr
