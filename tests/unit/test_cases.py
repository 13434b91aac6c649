"""Small inputs that break plain SDV, each run through the whole pipeline.

Every test loads a file from tests/data/cases/, fits a Gaussian copula,
exports the run to a folder and checks the exported data file, as a user
would open it.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from synthdesk.core import pipeline
from synthdesk.core.columns import Kind
from synthdesk.core.errors import InputError
from synthdesk.core.export import ExportOptions, export_run

CASES = Path(__file__).parents[1] / "data" / "cases"


def _run(name: str, folder: Path, evaluate: bool = False):
    """Load, generate, optionally evaluate and export one case file."""
    table = pipeline.load(str(CASES / name))
    settings = pipeline.Settings(generator="gaussian_copula", seed=7)
    result = pipeline.generate(table, settings)
    if evaluate:
        result.evaluation = pipeline.evaluate_run(table, result.synthetic)
    target = export_run(table, result, folder / "out", ExportOptions(format="csv"))
    return table, result, target


def _exported_rows(target: Path, delimiter: str = ",", encoding: str = "utf-8"):
    data_file = next(target.glob("*-synthetic.csv"))
    with open(data_file, encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def _input_rows(name: str, delimiter: str = ",") -> list[dict]:
    with open(CASES / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def test_case_01_dates_as_integers(tmp_path):
    name = "01-dates-as-integers.csv"
    table, _, target = _run(name, tmp_path)
    assert table.spec("visit_date").kind == Kind.DATETIME
    real = pd.to_datetime(
        [row["visit_date"] for row in _input_rows(name)], format="%Y%m%d"
    )
    values = [row["visit_date"] for row in _exported_rows(target)]
    assert values
    for value in values:
        assert re.fullmatch(r"\d{8}", value), value
        day = pd.to_datetime(value, format="%Y%m%d")  # raises on 20221345
        assert real.min() <= day <= real.max(), value


def test_case_03_whole_numbers_with_blanks(tmp_path):
    name = "03-int-with-blanks.csv"
    _, _, target = _run(name, tmp_path)
    rows = _exported_rows(target)
    children = [row["children"] for row in rows]
    filled = [value for value in children if value]
    assert all(re.fullmatch(r"-?\d+", value) for value in filled), filled[:5]
    real = [row["children"] for row in _input_rows(name)]
    real_blank = real.count("") / len(real)
    synthetic_blank = children.count("") / len(children)
    assert abs(real_blank - synthetic_blank) <= 0.05


def test_case_04_leading_zero_codes(tmp_path):
    name = "04-leading-zero-codes.csv"
    _, _, target = _run(name, tmp_path)
    rows = _exported_rows(target)
    real = _input_rows(name)
    for column, length in [("postcode", 5), ("municipality_code", 4)]:
        codes = {row[column] for row in real}
        for row in rows:
            assert len(row[column]) == length, row[column]
            assert row[column] in codes, row[column]
    assert any(row["postcode"].startswith("0") for row in rows)


def test_case_06_constant_columns(tmp_path):
    name = "06-constant-columns.csv"
    table, result, target = _run(name, tmp_path, evaluate=True)
    assert table.spec("country").is_constant
    assert "same value on every row" in table.spec("country").reason
    rows = _exported_rows(target)
    assert {row["country"] for row in rows} == {"SE"}
    assert {row["survey_year"] for row in rows} == {"2023"}
    scores = result.evaluation["scores"]
    for key in ("overall", "column_shapes", "column_pairs"):
        assert scores[key] is not None, key
        assert scores[key] == scores[key], key  # NaN is not equal to itself
    for pair in scores.get("pairs", []):
        assert "country" not in pair["columns"]
        assert "survey_year" not in pair["columns"]


def test_case_08_numeric_ids(tmp_path):
    name = "08-numeric-ids.csv"
    table, _, target = _run(name, tmp_path)
    real = _input_rows(name)
    rows = _exported_rows(target)
    for column in ("person_id", "phone_id"):
        assert table.spec(column).kind == Kind.IDENTIFIER
        assert "check that this is an ID" in table.spec(column).reason
        real_ids = {row[column] for row in real}
        lengths = {len(value) for value in real_ids}
        values = [row[column] for row in rows]
        assert len(set(values)) == len(values)
        assert not set(values) & real_ids
        assert all(value.isdigit() and len(value) in lengths for value in values)


def test_case_09_free_text_not_copied(tmp_path):
    name = "09-many-places-free-text.csv"
    table, _, target = _run(name, tmp_path)
    assert table.spec("comment").kind == Kind.FREE_TEXT
    comments = {row["comment"] for row in _input_rows(name)}
    exported = _exported_rows(target)
    if exported and "comment" in exported[0]:
        assert not {row["comment"] for row in exported} & comments
    documents = [
        (target / "README.md").read_text(encoding="utf-8"),
        (target / "report.html").read_text(encoding="utf-8"),
        (target / "run.json").read_text(encoding="utf-8"),
    ]
    for comment in comments:
        for document in documents:
            assert comment not in document


def test_case_10_tiny_table_rejected():
    table = pipeline.load(str(CASES / "10-tiny-table.csv"))
    assert table.rows < pipeline.MIN_ROWS
    with pytest.raises(InputError) as caught:
        pipeline.generate(table, pipeline.Settings(generator="gaussian_copula"))
    assert str(pipeline.MIN_ROWS) in caught.value.headline
    assert caught.value.hint


def test_case_13_decimal_comma_semicolon(tmp_path):
    name = "13-decimal-comma-semicolon.csv"
    table, _, target = _run(name, tmp_path)
    assert table.source.delimiter == ";"
    assert table.source.decimal == ","
    assert table.source.thousands == "."
    real = _input_rows(name, ";")

    def number(text: str) -> float:
        return float(text.replace(".", "").replace(",", "."))

    rows = _exported_rows(target, ";")
    for column, pattern in [
        ("belopp", r"-?\d{1,3}(\.\d{3})*,\d{2}"),
        ("vikt_kg", r"-?\d+,\d"),
    ]:
        assert table.spec(column).kind == Kind.NUMERIC
        real_values = [number(row[column]) for row in real]
        for row in rows:
            assert re.fullmatch(pattern, row[column]), row[column]
            assert min(real_values) <= number(row[column]) <= max(real_values)


def test_run_json_has_no_category_lists(tmp_path):
    name = "09-many-places-free-text.csv"
    table, _, target = _run(name, tmp_path)
    manifest = json.loads((target / "run.json").read_text(encoding="utf-8"))
    text = json.dumps(manifest)
    towns = {row["home_town"] for row in _input_rows(name)}
    assert not [town for town in towns if f'"{town}"' in text]
    for column in manifest["columns"]:
        assert column["constant_value"] is None
        for value in column.values():
            assert not (isinstance(value, list) and len(value) > 5), column["name"]
