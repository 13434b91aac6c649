"""``python -m synthdesk check``: the JSON contract and synthetic files from any tool."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from tests.conftest import ROOT

CONTRACT_KEYS = {
    "kind",
    "severity",
    "columns",
    "values",
    "real_count",
    "synthetic_count",
    "expected_count",
    "message",
}


def _files(data_dir, tmp_path):
    """A real file and a synthetic file written the way another tool might."""
    adult = pd.read_csv(data_dir / "adult.csv", dtype=str, keep_default_na=False)
    real = adult.iloc[:4000]
    synthetic = adult.iloc[4000:8000].reset_index(drop=True).copy()
    husbands = synthetic.index[synthetic["relationship"] == "Husband"][:300]
    synthetic.loc[husbands, "sex"] = "Female"
    synthetic["age"] = synthetic["age"].astype(float).map(lambda age: f"{age:.1f}")
    synthetic["row_id"] = range(len(synthetic))
    synthetic = synthetic[list(reversed(synthetic.columns))]
    real_path, synthetic_path = tmp_path / "real.csv", tmp_path / "synthetic.csv"
    real.to_csv(real_path, index=False)
    synthetic.to_csv(synthetic_path, index=False)
    return real_path, synthetic_path


def _check(*arguments):
    return subprocess.run(
        [sys.executable, "-m", "synthdesk", "check", *map(str, arguments)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_check_prints_json_contract(data_dir, tmp_path):
    real_path, synthetic_path = _files(data_dir, tmp_path)
    report = tmp_path / "report.html"
    completed = _check(real_path, synthetic_path, "--json", "--html", report)
    assert completed.returncode == 0, completed.stderr
    output = json.loads(completed.stdout)
    assert set(output) == {"scores", "warnings"}
    assert set(output["scores"]) == {"overall", "column_shapes", "column_pairs"}
    assert 0 < output["scores"]["overall"] <= 1
    for warning in output["warnings"]:
        assert CONTRACT_KEYS <= set(warning)
        assert warning["severity"] in ("high", "medium", "low")
        assert warning["message"]
    invented = [
        warning
        for warning in output["warnings"]
        if warning["kind"] == "combination_invented"
        and warning["values"] == {"relationship": "Husband", "sex": "Female"}
    ]
    assert len(invented) == 1
    assert invented[0]["synthetic_count"] >= 300
    # Ages written as 39.0 are read as numbers, so none is out of range.
    kinds = {
        (warning["kind"], tuple(warning["columns"])) for warning in output["warnings"]
    }
    assert ("value_out_of_range", ("age",)) not in kinds
    assert "row_id" in completed.stderr
    assert "ignored" in completed.stderr
    html_text = report.read_text(encoding="utf-8")
    assert html_text.startswith("<!DOCTYPE html>")
    assert "data:image/png;base64," in html_text


def test_check_rejects_missing_column(data_dir, tmp_path):
    real_path, synthetic_path = _files(data_dir, tmp_path)
    frame = pd.read_csv(synthetic_path, dtype=str, keep_default_na=False)
    frame.drop(columns=["education"]).to_csv(synthetic_path, index=False)
    completed = _check(real_path, synthetic_path, "--json")
    assert completed.returncode == 2
    assert "education" in completed.stderr
    assert completed.stdout == ""
