"""Readers on real files and on small files that isolate one format feature."""

from __future__ import annotations

import re
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from synthdesk.core.io.readers import (
    detect_delimiter,
    detect_encoding,
    detect_number_format,
    guess_header_row,
    read_table,
)

DATA = Path(__file__).parents[1] / "data"


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


# --- Real files ----------------------------------------------------------


def test_adult_csv_shape():
    raw = read_table(DATA / "adult.csv")
    assert raw.frame.shape == (32_561, 15)
    assert raw.source.delimiter == ","
    assert raw.frame["workclass"].iloc[0] == "State-gov"


def test_adult_xlsx_shape_and_speed():
    started = time.perf_counter()
    raw = read_table(DATA / "adult.xlsx")
    seconds = time.perf_counter() - started
    assert raw.frame.shape == (32_561, 15)
    assert raw.source.sheet == "adult"
    assert raw.frame["age"].iloc[0] == "39"
    assert seconds < 4.0  # about 1 s on an idle core; slack for a busy CI


def test_titanic_xls():
    raw = read_table(DATA / "titanic3.xls")
    assert raw.frame.shape == (1_309, 14)
    assert raw.source.format == "xls"
    assert raw.frame["pclass"].iloc[0] == "1"


def test_air_quality_csv_trailing_empties():
    raw = read_table(DATA / "AirQualityUCI.csv")
    assert raw.frame.shape == (9_357, 15)
    assert raw.source.delimiter == ";"
    assert raw.source.decimal == ","
    assert raw.source.dropped_empty_rows == 114
    assert raw.source.dropped_empty_columns == 2
    assert any("114 empty row" in note for note in raw.notes)


def test_air_quality_xlsx_dates_and_times():
    raw = read_table(DATA / "AirQualityUCI.xlsx")
    assert raw.frame.shape == (9_357, 15)
    assert raw.frame["Date"].iloc[0] == "2004-03-10"
    assert raw.frame["Time"].iloc[0] == "18:00:00"


def test_excel_float_written_with_15_digits():
    raw = read_table(DATA / "AirQualityUCI.xlsx")
    assert raw.frame["T"].iloc[0] == "13.599999904633"


def test_input_bytes_unchanged():
    for name in ["adult.csv", "AirQualityUCI.xlsx", "titanic3.xls"]:
        before = (DATA / name).read_bytes()
        raw = read_table(DATA / name)
        assert (DATA / name).read_bytes() == before
        assert raw.source.size_bytes == len(before)


# --- Encodings -----------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("latin-1", "latin-1"),
    ],
)
def test_encoding_detected(tmp_path, encoding, expected):
    path = _write(tmp_path, "e.csv", "ort;antal\nGävle;3\nLuleå;4\n", encoding)
    raw = read_table(path)
    assert raw.source.encoding == expected
    assert list(raw.frame["ort"]) == ["Gävle", "Luleå"]


def test_cp1252_detected_by_euro_sign(tmp_path):
    path = _write(tmp_path, "e.csv", "vara;pris\nkaffe;3 €\nte;2 €\n", "cp1252")
    raw = read_table(path)
    assert raw.source.encoding == "cp1252"
    assert raw.frame["pris"].iloc[0] == "3 €"


def test_detect_encoding_plain_ascii():
    assert detect_encoding(b"a,b\n1,2\n") == "utf-8"


def test_invalid_utf8_late_falls_back_with_note(tmp_path):
    path = tmp_path / "late.csv"
    path.write_bytes(b"a,b\n" + b"x,1\n" * 80_000 + "Göteborg,2\n".encode("latin-1"))
    raw = read_table(path)
    assert raw.frame["a"].iloc[-1] == "Göteborg"
    assert raw.notes


# --- Delimiters and number formats ---------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_detected(tmp_path, delimiter):
    rows = ["name", "age", "town"], ["Ann", "34", "Umeå"], ["Bo", "51", "Lund"]
    text = "\n".join(delimiter.join(row) for row in rows) + "\n"
    raw = read_table(_write(tmp_path, "d.csv", text))
    assert raw.source.delimiter == delimiter
    assert raw.frame.shape == (2, 3)


def test_semicolon_beats_decimal_commas():
    text = "a;b;c\n1,5;2,25;3\n4,5;5,75;6\n"
    assert detect_delimiter(text) == ";"


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1,5", "2,25"], (",", None)),
        (["1.234,5", "12,0"], (",", ".")),
        (["1 234,5", "12,0"], (",", " ")),
        (["1\u00a0234,5", "12,0"], (",", " ")),
        (["1,234.5", "12.0"], (".", ",")),
        (["1.5", "2"], (".", None)),
    ],
)
def test_number_format(cells, expected):
    assert detect_number_format(cells) == expected


def test_quoted_newlines_kept(tmp_path):
    path = _write(tmp_path, "q.csv", 'id,comment\n1,"line one\nline two"\n2,plain\n')
    raw = read_table(path)
    assert raw.frame.shape == (2, 2)
    assert raw.frame["comment"].iloc[0] == "line one\nline two"


def test_padded_cells_stripped(tmp_path):
    path = _write(tmp_path, "p.csv", "a, b\n 1 , x \n2,  \n")
    raw = read_table(path)
    assert list(raw.frame.columns) == ["a", "b"]
    assert raw.frame["a"].iloc[0] == "1"
    assert raw.frame["b"].iloc[0] == "x"
    assert pd.isna(raw.frame["b"].iloc[1])


def test_wide_row_after_sample_uses_csv_module(tmp_path):
    body = "".join(f"{n},{n}\n" for n in range(20_000)) + "1,2,3\n"
    raw = read_table(_write(tmp_path, "w.csv", "a,b\n" + body))
    assert raw.frame.shape == (20_001, 3)


# --- Header rows ---------------------------------------------------------


def test_title_rows_skipped(tmp_path):
    text = "Report 2023\nSource: office\n\nregion;men;women\nNorth;1;2\nSouth;3;4\n"
    raw = read_table(_write(tmp_path, "t.csv", text))
    assert list(raw.frame.columns) == ["region", "men", "women"]
    assert raw.source.header_row == 2  # blank lines are not counted
    assert raw.notes


def test_header_row_chosen_by_user(tmp_path):
    text = "Report 2023\nregion;men\nNorth;1\nSouth;3\n"
    raw = read_table(_write(tmp_path, "t.csv", text), header_row=1)
    assert list(raw.frame.columns) == ["region", "men"]
    assert raw.source.header_row_guessed is False


def test_guess_header_row_ignores_one_wide_row():
    rows = [["a", "b"], ["1", "2"], ["3", "4", "5", "6"], ["7", ""]]
    assert guess_header_row(rows) == 0


# --- Workbooks -----------------------------------------------------------


def _merged_workbook(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in [
        ["Survey 2023"],
        [],
        ["Name", "Income", None, "Age"],
        [None, "2022", "2023", None],
        ["a", 1.5, 2, 30],
        ["b", 2.5, 3, 40],
    ]:
        sheet.append(row)
    for merge in ["B3:C3", "A3:A4", "D3:D4"]:
        sheet.merge_cells(merge)
    hidden = workbook.create_sheet("Notes")
    hidden.sheet_state = "hidden"
    hidden.append(["x", "y"])
    hidden.append([1, 2])
    workbook.save(path)


def test_merged_header_named(tmp_path):
    path = tmp_path / "m.xlsx"
    _merged_workbook(path)
    raw = read_table(path)
    assert list(raw.frame.columns) == ["Name", "Income 2022", "Income 2023", "Age"]
    assert raw.frame.shape == (2, 4)


def test_hidden_sheet_flagged(tmp_path):
    path = tmp_path / "m.xlsx"
    _merged_workbook(path)
    raw = read_table(path)
    assert raw.source.hidden_sheets == ["Notes"]
    assert any("hidden" in note for note in raw.notes)
    hidden = read_table(path, sheet="Notes")
    assert hidden.frame.shape == (1, 2)
    assert any("is hidden" in note for note in hidden.notes)


def test_xlsx_renamed_csv_read_as_workbook(tmp_path):
    source = tmp_path / "m.xlsx"
    _merged_workbook(source)
    renamed = tmp_path / "m.csv"
    renamed.write_bytes(source.read_bytes())
    raw = read_table(renamed)
    assert raw.source.format == "xlsx"
    assert raw.frame.shape == (2, 4)


# --- Round trips through generate and export -----------------------------


def _round_trip(name: str, folder: Path, rows: int = 1_500, confirm_codes=False):
    """Load a real file, fit on a subsample, export in the input's format."""
    import dataclasses

    from synthdesk.core import pipeline
    from synthdesk.core.export import ExportOptions, export_run

    table = pipeline.load(str(DATA / name))
    if confirm_codes:
        for spec in table.specs:
            spec.missing_codes = list(spec.proposed_missing_codes)
    sample = table.raw.sample(n=min(rows, table.rows), random_state=3)
    small = dataclasses.replace(table, raw=sample.reset_index(drop=True))
    settings = pipeline.Settings(generator="gaussian_copula", seed=5, rows=400)
    result = pipeline.generate(small, settings)
    target = export_run(small, result, folder / "out", ExportOptions(format="same"))
    return small, target


@pytest.mark.slow
def test_air_quality_csv_round_trip(tmp_path):
    import csv

    table, target = _round_trip("AirQualityUCI.csv", tmp_path, confirm_codes=True)
    data_file = next(target.glob("*.csv"))
    with open(data_file, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == 400
    assert list(rows[0]) == [spec.name for spec in table.specs]
    for row in rows:
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", row["Date"]), row["Date"]
        assert re.fullmatch(r"\d{2}\.\d{2}\.\d{2}", row["Time"]), row["Time"]
        assert re.fullmatch(r"-?\d+,\d|-200|-200,0", row["T"]), row["T"]
        assert re.fullmatch(r"-?\d+", row["PT08.S1(CO)"]), row["PT08.S1(CO)"]
    # Nine in ten NMHC(GT) readings are missing, so the code comes back.
    assert sum(row["NMHC(GT)"] == "-200" for row in rows) > 200


@pytest.mark.slow
def test_air_quality_xlsx_round_trip(tmp_path):
    table, target = _round_trip("AirQualityUCI.xlsx", tmp_path, confirm_codes=True)
    workbook = openpyxl.load_workbook(next(target.glob("*.xlsx")), read_only=True)
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 400
    date = header.index("Date")
    temperature = header.index("T")
    nmhc = header.index("NMHC(GT)")
    assert all(hasattr(row[date], "year") for row in body)
    assert all(isinstance(row[temperature], int | float) for row in body)
    assert sum(row[nmhc] == -200 for row in body) > 200
    assert table.spec("T").decimals <= 7


@pytest.mark.slow
def test_titanic_round_trip(tmp_path):
    table, target = _round_trip("titanic3.xls", tmp_path)
    assert table.spec("name").kind.value == "direct_identifier"
    workbook = openpyxl.load_workbook(next(target.glob("*.xlsx")), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert "name" not in header
    pclass = header.index("pclass")
    assert {row[pclass] for row in body} <= {1, 2, 3}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["adult.csv", "adult.xlsx"])
def test_adult_round_trip(tmp_path, name):
    table, target = _round_trip(name, tmp_path)
    assert table.spec("age").integer
    frame = (
        pd.read_csv(next(target.glob("*.csv")), dtype=str)
        if name.endswith(".csv")
        else pd.read_excel(next(target.glob("*.xlsx")), sheet_name=0, dtype=str)
    )
    assert len(frame) == 400
    assert frame["age"].dropna().str.fullmatch(r"\d+").all()
    assert set(frame["workclass"].dropna()) <= set(table.raw["workclass"].dropna())
