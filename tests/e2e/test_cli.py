"""The command line on the real Adult file, and its answers to bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import DATA, sha256

ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}


def synthdesk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "synthdesk", *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=900,
    )


@pytest.fixture(scope="module")
def adult_export(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "adult-synthetic"
    before = sha256(DATA / "adult.csv")
    run = synthdesk(
        "generate",
        str(DATA / "adult.csv"),
        "--generator",
        "gaussian_copula",
        "--seed",
        "7",
        "--out",
        str(out),
    )
    assert run.returncode == 0, run.stderr
    assert sha256(DATA / "adult.csv") == before
    return out


@pytest.mark.slow
def test_generate_writes_documented_folder(adult_export):
    names = sorted(path.name for path in adult_export.iterdir())
    assert names == ["README.md", "adult-synthetic.csv", "report.html", "run.json"]
    manifest = json.loads((adult_export / "run.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["seed"] == 7
    assert manifest["settings"]["generator"] == "gaussian_copula"
    assert manifest["input"]["sha256"] == sha256(DATA / "adult.csv")
    readme = (adult_export / "README.md").read_text(encoding="utf-8")
    assert "Every row in this data set is synthetic" in readme
    assert sha256(DATA / "adult.csv") in readme
    assert "Random seed:** 7" in readme
    assert "relationship = Husband with sex = Female" in readme


@pytest.mark.slow
def test_check_reports_female_husbands(adult_export):
    run = synthdesk(
        "check",
        str(DATA / "adult.csv"),
        str(adult_export / "adult-synthetic.csv"),
        "--json",
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert 0.0 < result["scores"]["overall"] < 1.0
    matches = [
        warning
        for warning in result["warnings"]
        if warning["kind"] == "combination_invented"
        and warning["values"] == {"relationship": "Husband", "sex": "Female"}
    ]
    assert len(matches) == 1
    warning = matches[0]
    assert warning["real_count"] == 1
    assert warning["synthetic_count"] >= 1000
    assert warning["severity"] == "high"
    assert "Husband" in warning["message"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["generate", "no-such-file.csv"], "was not found"),
        (
            ["generate", str(DATA / "adult.csv"), "--generator", "magic"],
            "invalid choice",
        ),
        (["generate", str(DATA / "adult.csv"), "--rows", "many"], "invalid int value"),
        (["generate", str(DATA / "cases" / "10-tiny-table.csv")], "needs at least"),
        (["check", str(DATA / "adult.csv")], "required"),
        (["reproduce", "missing-run.json"], "was not found"),
        (["frobnicate"], "invalid choice"),
        (
            [
                "generate",
                "--generator",
                "ctgan",
                "--epochs",
                "0",
                str(DATA / "adult.csv"),
            ],
            "at least 1",
        ),
    ],
)
def test_bad_input_gives_one_line(args, expected, tmp_path):
    if args[0] == "generate" and "--out" not in args:
        args = [*args, "--out", str(tmp_path / "out")]
    run = synthdesk(*args)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert expected in lines[0]


def test_binary_file_gives_message(tmp_path):
    picture = tmp_path / "photo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    run = synthdesk("generate", str(picture), "--out", str(tmp_path / "out"))
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "cannot be read as CSV" in run.stderr
    assert not (tmp_path / "out").exists()


def test_about_file_fills_readme(tmp_path):
    about = tmp_path / "about.json"
    about.write_text(
        json.dumps({"creator": "Registry Unit", "licence": "CC BY 4.0"}),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run = synthdesk(
        "generate",
        str(DATA / "cases" / "13-decimal-comma-semicolon.csv"),
        "--generator",
        "cart",
        "--about",
        str(about),
        "--out",
        str(out),
    )
    assert run.returncode == 0, run.stderr
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "**Creator:** Registry Unit" in readme
    assert "**Licence:** CC BY 4.0" in readme
    assert "Not filled in: the organisation" in readme


def test_accept_missing_codes_option(tmp_path):
    out = tmp_path / "out"
    run = synthdesk(
        "generate",
        str(DATA / "AirQualityUCI.csv"),
        "--generator",
        "cart",
        "--accept-missing-codes",
        "--rows",
        "500",
        "--out",
        str(out),
    )
    assert run.returncode == 0, run.stderr
    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    codes = {column["name"]: column["missing_codes"] for column in manifest["columns"]}
    assert "-200" in codes["NMHC(GT)"]
    text = (out / "AirQualityUCI-synthetic.csv").read_text(encoding="utf-8")
    humidity = [line.split(";")[14] for line in text.splitlines()[1:]]
    values = [
        float(value.replace(",", "."))
        for value in humidity
        if value and value != "-200"
    ]
    assert min(values) >= 0
