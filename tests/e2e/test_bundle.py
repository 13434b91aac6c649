"""Build the Linux one-folder bundle with packaging/build.sh and run its self-test.

The build takes several minutes on two cores (docs/packaging.md has the
figures). It needs PyInstaller, which the ``test`` extra installs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAX_BUNDLE_BYTES = 1024**3
BUILD_TIMEOUT_SECONDS = 40 * 60
# A loose bound that catches the window importing SDV or torch (several
# seconds more), not noise: the bundle paints in about 3 s on 2 busy cores.
MAX_STARTUP_SECONDS = 20.0


def _folder_bytes(folder: Path) -> int:
    return sum(
        path.stat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def _frozen_app_environment() -> dict[str, str]:
    """Return this environment without PYTHONPATH and the like, as a user has it."""
    return {
        key: value for key, value in os.environ.items() if not key.startswith("PYTHON")
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Run the build script into a temporary folder; return its dist folder."""
    pytest.importorskip("PyInstaller", reason="install the test extra: .[test]")
    base = tmp_path_factory.mktemp("bundle")
    dist, work = base / "dist", base / "build"
    completed = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHON": sys.executable,
            "DIST_DIR": str(dist),
            "WORK_DIR": str(work),
        },
        timeout=BUILD_TIMEOUT_SECONDS,
    )
    assert completed.returncode == 0, (
        completed.stdout[-4000:] + completed.stderr[-4000:]
    )
    return dist


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not sys.platform.startswith("linux"),
        reason="packaging/build.sh builds the Linux bundle; CI builds the others",
    ),
]


def test_bundle_passes_self_test(built, tmp_path):
    executable = built / "synthdesk" / "synthdesk"
    completed = subprocess.run(
        [str(executable), "--self-test"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_frozen_app_environment(),
        timeout=1200,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr[-4000:]
    assert "FAIL" not in completed.stdout
    assert "Self-test passed" in completed.stdout


def test_bundle_window_paints(built, tmp_path):
    executable = built / "synthdesk" / "synthdesk"
    launched = time.time()
    completed = subprocess.run(
        [str(executable), "--measure-startup"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**_frozen_app_environment(), "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    [line] = [
        line
        for line in completed.stdout.splitlines()
        if line.startswith("First paint at ")
    ]
    seconds = float(line.removeprefix("First paint at ")) - launched
    assert seconds < MAX_STARTUP_SECONDS


def test_bundle_size_under_limit(built):
    size = _folder_bytes(built / "synthdesk")
    assert size < MAX_BUNDLE_BYTES, f"the bundle has {size / 1024**2:.0f} MiB"


def test_bundle_leaves_out_unused_parts(built):
    internal = built / "synthdesk" / "_internal"
    assert (internal / "torch" / "bin" / "torch_shm_manager").is_file()
    for unused in [
        "torch/include",
        "torch/test",
        "torch/bin/test_api",
        "PySide6/Qt/qml",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "tkinter",
        "IPython",
        "nvidia",
        "botocore/data",
    ]:
        assert not (internal / unused).exists(), unused


def test_tarball_has_launcher_files(built):
    [tarball] = built.glob("synthdesk-*-linux-*.tar.gz")
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    top = names[0].split("/")[0]
    for name in [
        "synthdesk.desktop",
        "synthdesk.png",
        "install.sh",
        "synthdesk/synthdesk",
    ]:
        assert f"{top}/{name}" in names, name
