"""`synthdesk reproduce` writes byte-identical data, or rejects with one line."""

from __future__ import annotations

import csv
import itertools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from synthdesk import cli
from synthdesk.core.generators import GENERATORS
from tests.conftest import DATA, ROOT

SAMPLE_ROWS = 1000
# Two number and four category columns keep the neural fits short.
SAMPLE_COLUMNS = ["age", "workclass", "education", "sex", "hours-per-week", "income"]


@pytest.fixture(scope="module")
def small_input(tmp_path_factory) -> Path:
    """The first 1,000 rows and six columns of Adult, as a file of its own."""
    with open(DATA / "adult.csv", encoding="utf-8", newline="") as handle:
        rows = list(itertools.islice(csv.DictReader(handle), SAMPLE_ROWS))
    path = tmp_path_factory.mktemp("input") / "adult-sample.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, SAMPLE_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _generate(input_path: Path, out: Path, generator: str, *extra: str) -> Path:
    arguments = [
        "generate",
        str(input_path),
        "--generator",
        generator,
        "--out",
        str(out),
    ]
    if GENERATORS[generator].neural:
        arguments += ["--epochs", "1"]
    assert cli.main(arguments + list(extra)) == 0
    return out


def _data_file(folder: Path) -> Path:
    manifest = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    return folder / manifest["output"]["file"]


def _run_cli(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "synthdesk", *arguments],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )


@pytest.fixture(scope="module")
def copula_export(small_input, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "copula"
    return _generate(small_input, out, "gaussian_copula")


@pytest.mark.slow
@pytest.mark.parametrize("generator", sorted(GENERATORS))
def test_reproduce_identical_bytes(small_input, tmp_path, capsys, generator):
    first = _generate(small_input, tmp_path / "first", generator)
    second = tmp_path / "second"
    code = cli.main(["reproduce", str(first / "run.json"), "--out", str(second)])
    assert code == 0, capsys.readouterr().err
    assert "identical" in capsys.readouterr().out
    assert _data_file(second).read_bytes() == _data_file(first).read_bytes()


@pytest.mark.slow
def test_reproduce_in_new_process(copula_export, tmp_path):
    out = tmp_path / "again"
    finished = _run_cli("reproduce", str(copula_export / "run.json"), "--out", str(out))
    assert finished.returncode == 0, finished.stderr
    assert "identical" in finished.stdout
    original = _data_file(copula_export).read_bytes()
    assert _data_file(out).read_bytes() == original
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert manifest["reproduced_at"]


@pytest.mark.slow
def test_reproduce_xlsx_identical(small_input, tmp_path, capsys):
    first = _generate(
        small_input, tmp_path / "first", "gaussian_copula", "--format", "xlsx"
    )
    second = tmp_path / "second"
    code = cli.main(["reproduce", str(first / "run.json"), "--out", str(second)])
    assert code == 0, capsys.readouterr().err
    assert _data_file(first).suffix == ".xlsx"
    assert _data_file(second).read_bytes() == _data_file(first).read_bytes()


def _assert_one_line_rejection(finished: subprocess.CompletedProcess, *words: str):
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    lines = finished.stderr.strip().splitlines()
    assert len(lines) == 1, finished.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.slow
def test_changed_input_rejected(copula_export, small_input, tmp_path):
    changed = tmp_path / small_input.name
    data = bytearray(small_input.read_bytes())
    data[-3] = ord("9") if data[-3] != ord("9") else ord("8")
    changed.write_bytes(bytes(data))
    finished = _run_cli(
        "reproduce",
        str(copula_export / "run.json"),
        "--input",
        str(changed),
        "--out",
        str(tmp_path / "out"),
    )
    _assert_one_line_rejection(finished, "SHA-256 fingerprint", changed.name)
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_other_version_rejected(copula_export, tmp_path):
    folder = tmp_path / "run"
    shutil.copytree(copula_export, folder)
    manifest = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    installed = manifest["versions"]["sdv"]
    manifest["versions"]["sdv"] = "0.0.1"
    (folder / "run.json").write_text(json.dumps(manifest), encoding="utf-8")
    finished = _run_cli(
        "reproduce", str(folder / "run.json"), "--out", str(tmp_path / "out")
    )
    _assert_one_line_rejection(finished, "sdv 0.0.1", f"installed: {installed}")
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_missing_input_rejected(copula_export, tmp_path):
    finished = _run_cli(
        "reproduce",
        str(copula_export / "run.json"),
        "--input",
        str(tmp_path / "gone.csv"),
        "--out",
        str(tmp_path / "out"),
    )
    _assert_one_line_rejection(finished, "was not found", "--input")


@pytest.mark.slow
def test_existing_output_needs_force(copula_export, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    code = cli.main(["reproduce", str(copula_export / "run.json"), "--out", str(out)])
    assert code == 2
    assert "--force" in capsys.readouterr().err
    assert list(out.iterdir()) == []
