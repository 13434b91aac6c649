"""Column detection by content, missing-value codes and the written shape."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synthdesk.core import columns as cols
from synthdesk.core import pipeline
from synthdesk.core.columns import ColumnSpec, Kind, detect_column
from synthdesk.core.export.writers import format_number, text_cells

DATA = Path(__file__).parents[1] / "data"


def _detect(name: str, values: list, decimal: str = ".", thousands=None) -> ColumnSpec:
    return detect_column(name, pd.Series(values, dtype=object), decimal, thousands)


def _personnummer(stem: str) -> str:
    """Complete a 9-digit YYMMDDNNN with its Luhn check digit."""
    for digit in "0123456789":
        if cols._luhn_ok(stem + digit):
            return f"{stem[:6]}-{stem[6:]}{digit}"
    raise AssertionError(stem)


# --- Direct identifiers --------------------------------------------------


def test_personnummer_left_out():
    values = [
        _personnummer(f"{80 + n % 10:02d}0{1 + n % 9}1{n % 9}{n:03d}")
        for n in range(40)
    ]
    spec = _detect("pnr", values)
    assert spec.kind == Kind.DIRECT_IDENTIFIER
    assert spec.include is False
    assert "personnummer" in spec.reason


def test_samordningsnummer_left_out():
    # A samordningsnummer adds 60 to the day of birth.
    values = [_personnummer(f"9001{61 + n % 28}{n:03d}") for n in range(40)]
    spec = _detect("number", values)
    assert spec.kind == Kind.DIRECT_IDENTIFIER


def test_wrong_check_digit_not_personnummer():
    values = [_personnummer(f"8501{10 + n % 18}{n:03d}") for n in range(40)]
    broken = [value[:-1] + str((int(value[-1]) + 1) % 10) for value in values]
    assert _detect("number", broken).kind != Kind.DIRECT_IDENTIFIER


def test_email_by_content():
    values = [f"user{n}@example.org" for n in range(30)]
    spec = _detect("contact", values)
    assert spec.kind == Kind.DIRECT_IDENTIFIER
    assert "e-mail" in spec.reason


def test_phone_by_content():
    values = [f"+46 70 {n:03d} {n % 100:02d} {n % 90 + 10}" for n in range(30)]
    spec = _detect("contact", values)
    assert spec.kind == Kind.DIRECT_IDENTIFIER
    assert "phone" in spec.reason


def test_swedish_phone_by_content():
    values = [f"070-{n:03d} {n % 100:02d} {n % 90 + 10}" for n in range(30)]
    assert _detect("kontakt", values).kind == Kind.DIRECT_IDENTIFIER


@pytest.mark.parametrize(
    "header",
    ["name", "First name", "lastName", "förnamn", "Efternamn", "patient_namn"],
)
def test_person_name_headers(header):
    spec = _detect(header, ["Anna", "Bo", "Carl", "Dina"] * 10)
    assert spec.kind == Kind.DIRECT_IDENTIFIER
    assert spec.include is False


@pytest.mark.parametrize("header", ["country_name", "kommun namn", "product name"])
def test_thing_names_not_people(header):
    spec = _detect(header, ["Sweden", "Norway"] * 20)
    assert spec.kind == Kind.CATEGORICAL


# --- Codes, numbers, dates -----------------------------------------------


def test_leading_zero_codes_text():
    spec = _detect("kod", ["0114", "0180", "0305", "1280"] * 10)
    assert spec.kind == Kind.CATEGORICAL
    assert spec.leading_zeros is True
    assert spec.text_length == 4


def test_postcode_header_keeps_text():
    spec = _detect("postnummer", ["11455", "41319", "90187", "22100"] * 10)
    assert spec.kind == Kind.CATEGORICAL
    assert "codes" in spec.reason


def test_swedish_postcode_with_space():
    spec = _detect("ort_kod", ["114 55", "413 19", "901 87"] * 10)
    assert spec.kind == Kind.CATEGORICAL
    assert "postcode" in spec.reason


def test_distinct_decimals_stay_numeric():
    values = [f"{n * 1.37 + 0.01:.2f}" for n in range(40)]
    spec = _detect("value", values)
    assert spec.kind == Kind.NUMERIC
    assert spec.decimals == 2
    assert "all 40 different" in spec.reason


def test_distinct_amounts_stay_numeric():
    values = [str(20_000 + n * 731) for n in range(40)]
    spec = _detect("income", values)
    assert spec.kind == Kind.NUMERIC
    assert spec.integer is True


def test_distinct_dates_stay_datetime():
    days = pd.date_range("2021-01-01", periods=40, freq="3D")
    spec = _detect("day", list(days.strftime("%d.%m.%Y")))
    assert spec.kind == Kind.DATETIME
    assert spec.date_format == "%d.%m.%Y"


def test_named_id_is_identifier_with_reason():
    spec = _detect("case_id", [str(5000 + n) for n in range(40)])
    assert spec.kind == Kind.IDENTIFIER
    assert "check that this is an ID" in spec.reason


def test_yes_no_boolean():
    assert _detect("smoker", ["ja", "nej", "Ja"] * 10).kind == Kind.BOOLEAN


def test_free_text_left_out():
    values = [f"The client called on day {n} about the form" for n in range(20)]
    spec = _detect("comment", values)
    assert spec.kind == Kind.FREE_TEXT
    assert spec.include is False


def test_mixed_numbers_and_text_categorical():
    values = [str(n) for n in range(40)] + ["abc", "def"]
    spec = _detect("value", values)
    assert spec.kind == Kind.CATEGORICAL
    assert "hold text" in spec.reason


def test_reason_has_no_cell_value():
    spec = _detect("value", [str(n) for n in range(40)] + ["Secret Person"])
    assert "Secret" not in spec.reason


def test_empty_column_kept_empty():
    spec = _detect("notes", [None] * 10)
    assert spec.include is True
    assert spec.is_constant
    assert spec.learned is False
    column = cols._constant_column(spec, 3)
    assert column.isna().all()


# --- Decimals ------------------------------------------------------------


def test_float_artefacts_rounded():
    values = ["13.599999904633", "48.875000953674", "2.5"]
    spec = _detect("t", values * 10)
    assert spec.decimals == 3


def test_written_places_kept_up_to_six():
    spec = _detect("t", ["2.50", "3.10", "4.00"] * 10)
    assert spec.decimals == 2


def test_decimals_capped():
    spec = _detect("t", [repr(value) for value in np.linspace(0.1, 0.9, 30) / 7])
    assert spec.decimals <= cols.MAX_DECIMALS


# --- Missing-value codes -------------------------------------------------


def test_sentinel_proposed_not_confirmed():
    values = [f"{n % 40 / 10:.1f}".replace(".", ",") for n in range(60)] + ["-200"] * 5
    spec = _detect("CO", values, decimal=",")
    assert spec.kind == Kind.NUMERIC
    assert spec.proposed_missing_codes == {"-200": 5}
    assert spec.missing_codes == []
    assert spec.decimals == 1


def test_nines_sentinel_proposed():
    values = [str(20 + n % 50) for n in range(80)] + ["999"] * 4
    spec = _detect("age", values)
    assert spec.proposed_missing_codes == {"999": 4}


def test_plain_negative_not_proposed():
    values = [str(n - 20) for n in range(60)]
    assert _detect("t", values).proposed_missing_codes == {}


def test_text_tokens_in_numbers_confirmed():
    values = [str(n) for n in range(30)] + ["?", "?", "n/a"]
    spec = _detect("count", values)
    assert spec.kind == Kind.NUMERIC
    assert spec.integer is True
    assert spec.proposed_missing_codes == {"?": 2, "n/a": 1}
    assert sorted(spec.missing_codes) == ["?", "n/a"]


def test_tokens_in_categories_only_proposed():
    spec = _detect("workclass", ["Private", "State-gov", "?"] * 10)
    assert spec.kind == Kind.CATEGORICAL
    assert spec.proposed_missing_codes == {"?": 10}
    assert spec.missing_codes == []


def test_confirmed_code_empty_for_learning():
    raw = pd.DataFrame({"t": ["1,5", "-200", "2,5", None]})
    spec = _detect("t", list(raw["t"]), decimal=",")
    spec.missing_codes = ["-200"]
    frame = cols.to_model_frame(raw, [spec], decimal=",")
    assert frame["t"].isna().tolist() == [False, True, False, True]


def test_refresh_after_confirming_code():
    values = pd.Series(["1", "2", "3", "-200,5"] * 10)
    spec = _detect("t", list(values), decimal=",")
    assert spec.decimals == 1
    spec.missing_codes = ["-200,5"]
    cols.refresh_numeric_format(spec, values, decimal=",")
    assert spec.integer is True


def test_air_quality_codes():
    table = pipeline.load(str(DATA / "AirQualityUCI.csv"))
    assert table.rows == 9_357
    for spec in table.specs[2:]:
        assert spec.kind == Kind.NUMERIC, spec.name
        assert "-200" in spec.proposed_missing_codes or "-200,0" in (
            spec.proposed_missing_codes
        ), spec.name
    assert table.spec("NMHC(GT)").proposed_missing_codes["-200"] == 8_443
    assert table.spec("T").decimals == 1
    assert table.spec("AH").decimals == 4


# --- Written shape -------------------------------------------------------


def test_format_number_grouping():
    spec = ColumnSpec("belopp", Kind.NUMERIC, decimals=2, thousands=".")
    assert format_number(31696.891, spec, ",") == "31.696,89"
    assert format_number(-1741.5, spec, ",") == "-1.741,50"
    assert format_number(12.0, spec, ",") == "12,00"


def test_format_number_integer_and_negative_zero():
    integer = ColumnSpec("n", Kind.NUMERIC, integer=True)
    assert format_number(2.0, integer, ".") == "2"
    decimal = ColumnSpec("x", Kind.NUMERIC, decimals=1)
    assert format_number(-0.01, decimal, ",") == "0,0"


def test_text_cells_write_missing_code():
    spec = ColumnSpec("t", Kind.NUMERIC, decimals=1, missing_codes=["-200"])
    frame = pd.DataFrame({"t": [1.25, np.nan]})
    cells = text_cells(frame, [spec], decimal=",")
    assert list(cells["t"]) == ["1,2", "-200"]


def test_detect_columns_adult_speed(adult_table):
    started = time.perf_counter()
    specs = cols.detect_columns(adult_table.raw)
    seconds = time.perf_counter() - started
    assert [spec.kind for spec in specs] == [spec.kind for spec in adult_table.specs]
    assert seconds < 1.0  # about 0.25 s on an idle core


def test_adult_kinds(adult_table):
    kinds = {spec.name: spec.kind for spec in adult_table.specs}
    assert kinds["age"] == Kind.NUMERIC
    assert kinds["fnlwgt"] == Kind.NUMERIC
    assert kinds["workclass"] == Kind.CATEGORICAL
    assert kinds["income"] == Kind.CATEGORICAL
    assert all(spec.include for spec in adult_table.specs)


def test_specs_serialise_to_json():
    import json

    table = pipeline.load(str(DATA / "AirQualityUCI.xlsx"))
    text = json.dumps([spec.to_dict() for spec in table.specs])
    restored = [ColumnSpec.from_dict(data) for data in json.loads(text)]
    assert [spec.kind for spec in restored] == [spec.kind for spec in table.specs]
    assert restored[4].proposed_missing_codes == table.specs[4].proposed_missing_codes


def test_near_unique_text_left_out(data_dir):
    table = pipeline.load(str(data_dir / "titanic3.xls"))
    for name in ("ticket", "cabin", "home.dest"):
        spec = table.spec(name)
        assert spec.kind == Kind.CATEGORICAL
        assert not spec.include
        assert "occur only once" in spec.reason
    assert table.spec("embarked").include
