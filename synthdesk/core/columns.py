"""Column kinds: detection from content, user overrides, typed conversion.

Detection proposes a kind for every column together with a one-line reason;
the user confirms or changes it. ``to_model_frame`` turns the raw text cells
into typed values for learning, and ``to_output_frame`` writes synthetic
values back in the input's own shape (whole numbers, places, date formats,
leading zeros).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd


class Kind(StrEnum):
    NUMERIC = "numeric"
    CATEGORICAL = "categorical"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    IDENTIFIER = "identifier"
    FREE_TEXT = "free_text"
    DIRECT_IDENTIFIER = "direct_identifier"


KIND_LABELS = {
    Kind.NUMERIC: "number",
    Kind.CATEGORICAL: "category",
    Kind.BOOLEAN: "yes/no",
    Kind.DATETIME: "date or time",
    Kind.IDENTIFIER: "identifier",
    Kind.FREE_TEXT: "free text",
    Kind.DIRECT_IDENTIFIER: "direct identifier",
}

# Kinds whose values a generator learns; the others are replaced or left out.
LEARNED_KINDS = {Kind.NUMERIC, Kind.CATEGORICAL, Kind.BOOLEAN, Kind.DATETIME}

DATE_FORMATS = [
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%Y/%m/%d",
    "%d/%m/%Y %H:%M",
    "%Y%m%d",
    "%H:%M:%S",
    "%H.%M.%S",
    "%H:%M",
]

_TRUE = {"true", "yes", "ja", "sant", "y", "j"}
_FALSE = {"false", "no", "nej", "falskt", "n"}
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_PHONE = re.compile(r"^\+?[\d][\d \-()]{6,}\d$")
_PERSONNUMMER = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})$")
_NAME_WORDS = {
    "name",
    "names",
    "firstname",
    "lastname",
    "surname",
    "fullname",
    "namn",
    "fornamn",
    "förnamn",
    "efternamn",
    "tilltalsnamn",
}
_ID_WORDS = {"id", "nr", "no", "number", "nummer", "key", "code", "kod", "ref"}

MIN_IDENTIFIER_ROWS = 20


@dataclass
class ColumnSpec:
    """One column's kind, how it is handled and the format it is written in."""

    name: str
    kind: Kind
    include: bool = True
    reason: str = ""
    integer: bool = False
    decimals: int = 0
    date_format: str | None = None
    leading_zeros: bool = False
    text_length: int | None = None
    constant_value: str | None = None
    missing_codes: list[str] = field(default_factory=list)
    detected_kind: Kind | None = None

    @property
    def learned(self) -> bool:
        """Whether a generator learns this column from the data."""
        return self.include and self.kind in LEARNED_KINDS and not self.is_constant

    @property
    def is_constant(self) -> bool:
        return self.constant_value is not None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["kind"] = str(self.kind)
        data["detected_kind"] = str(self.detected_kind) if self.detected_kind else None
        # The constant value is a real cell value; run.json stores only that
        # the column was constant.
        data["constant_value"] = None
        data["is_constant"] = self.is_constant
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ColumnSpec:
        data = dict(data)
        data.pop("is_constant", None)
        data["kind"] = Kind(data["kind"])
        if data.get("detected_kind"):
            data["detected_kind"] = Kind(data["detected_kind"])
        return cls(**data)


# --- Parsing -------------------------------------------------------------


def parse_numbers(
    values: pd.Series, decimal: str = ".", thousands: str | None = None
) -> pd.Series:
    """Parse text cells as floats; cells that are not numbers become NaN."""
    text = values.astype("string")
    if thousands:
        text = text.str.replace(thousands, "", regex=False)
        if thousands == " ":
            text = text.str.replace("\u00a0", "", regex=False)
    if decimal == ",":
        text = text.str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce").astype(float)


def _places(values: pd.Series, decimal: str) -> int:
    parts = values.astype(str).str.partition(decimal)[2]
    return int(parts.str.len().max() or 0)


def _date_format(values: pd.Series) -> str | None:
    sample = values.head(200)
    for fmt in DATE_FORMATS:
        if fmt == "%Y%m%d" and not sample.str.fullmatch(r"\d{8}").all():
            continue
        parsed = pd.to_datetime(sample, format=fmt, errors="coerce")
        if parsed.notna().all():
            full = pd.to_datetime(values, format=fmt, errors="coerce")
            if full.notna().all():
                if fmt == "%Y%m%d" and not _plausible_years(full):
                    continue
                return fmt
    return None


def _plausible_years(parsed: pd.Series) -> bool:
    years = parsed.dt.year
    return bool(years.min() >= 1800 and years.max() <= 2200)


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_personnummer(text: str) -> bool:
    """Whether ``text`` is a Swedish personnummer or samordningsnummer."""
    match = _PERSONNUMMER.match(text.strip())
    if not match:
        return False
    _, year, month, day, tail = match.groups()
    day_number = int(day)
    if day_number > 60:  # samordningsnummer add 60 to the day
        day_number -= 60
    if not (1 <= int(month) <= 12 and 1 <= day_number <= 31):
        return False
    return _luhn_ok(year + month + day + tail)


def _header_words(name: str) -> set[str]:
    words = re.split(r"[^0-9a-zA-ZåäöÅÄÖ]+", name.lower())
    joined = name.lower().replace(" ", "").replace("_", "").replace("-", "")
    return {word for word in words if word} | {joined}


# --- Detection -----------------------------------------------------------


def detect_column(
    name: str, values: pd.Series, decimal: str = ".", thousands: str | None = None
) -> ColumnSpec:
    """Propose a kind for one column of text cells, with the reason."""
    present = values.dropna().astype(str)
    count = len(present)
    spec = ColumnSpec(name=name, kind=Kind.CATEGORICAL)
    if count == 0:
        spec.kind = Kind.CATEGORICAL
        spec.include = False
        spec.reason = "every cell is empty"
        return _finish(spec)
    unique = present.nunique()
    words = _header_words(name)

    if unique == 1:
        spec.constant_value = present.iloc[0]
        spec.reason = "same value on every row"

    direct = _direct_identifier_reason(words, present)
    if direct:
        spec.kind = Kind.DIRECT_IDENTIFIER
        spec.include = False
        spec.reason = direct
        return _finish(spec)

    numbers = parse_numbers(present, decimal, thousands)
    all_numeric = bool(numbers.notna().all())
    if all_numeric:
        leading = present.str.fullmatch(r"0\d+").any()
        integral = (
            bool((numbers == numbers.round()).all())
            and not present.str.contains(re.escape(decimal), regex=True).any()
        )
        if present.str.fullmatch(r"\d{8}").all() and _date_format(present) == "%Y%m%d":
            spec.kind = Kind.DATETIME
            spec.date_format = "%Y%m%d"
            spec.reason = "8-digit numbers that are all valid dates (YYYYMMDD)"
            return _finish(spec)
        if leading:
            spec.leading_zeros = True
            lengths = present.str.len()
            if lengths.nunique() == 1:
                spec.text_length = int(lengths.iloc[0])
            if unique == count and count >= MIN_IDENTIFIER_ROWS:
                spec.kind = Kind.IDENTIFIER
                spec.reason = (
                    f"all {count:,} values are unique codes with leading zeros"
                )
            else:
                spec.kind = Kind.CATEGORICAL
                spec.reason = "codes with leading zeros, kept as text"
            return _finish(spec)
        spec.integer = integral
        spec.decimals = 0 if integral else _places(present, decimal)
        if integral and _looks_like_identifier(words, present, unique, count):
            spec.kind = Kind.IDENTIFIER
            lengths = present.str.len()
            spec.text_length = int(lengths.iloc[0]) if lengths.nunique() == 1 else None
            spec.reason = f"all {count:,} values are unique whole numbers"
            return _finish(spec)
        spec.kind = Kind.NUMERIC
        if not spec.reason:
            spec.reason = (
                "whole numbers"
                if integral
                else f"numbers with up to {spec.decimals} decimal place(s)"
            )
        return _finish(spec)

    lowered = set(present.str.lower().unique())
    if lowered and lowered <= (_TRUE | _FALSE) and len(lowered) <= 2:
        spec.kind = Kind.BOOLEAN
        spec.reason = spec.reason or "yes/no values"
        return _finish(spec)

    date_format = _date_format(present)
    if date_format:
        spec.kind = Kind.DATETIME
        spec.date_format = date_format
        spec.reason = spec.reason or f"dates or times written as {date_format}"
        return _finish(spec)

    mean_words = present.head(2000).str.split().str.len().mean()
    if mean_words >= 4 and unique > 0.5 * count and count >= 5:
        spec.kind = Kind.FREE_TEXT
        spec.include = False
        spec.reason = "sentences of free text, left out so none is copied"
        return _finish(spec)

    if (
        unique == count
        and count >= MIN_IDENTIFIER_ROWS
        and not present.str.contains(r"\s").any()
    ):
        spec.kind = Kind.IDENTIFIER
        lengths = present.str.len()
        spec.text_length = int(lengths.iloc[0]) if lengths.nunique() == 1 else None
        spec.reason = f"all {count:,} values are unique"
        return _finish(spec)

    spec.kind = Kind.CATEGORICAL
    if not spec.reason:
        spec.reason = f"{unique:,} different values"
    return _finish(spec)


def _finish(spec: ColumnSpec) -> ColumnSpec:
    spec.detected_kind = spec.kind
    return spec


def _direct_identifier_reason(words: set[str], present: pd.Series) -> str | None:
    sample = present.head(500)
    share = lambda mask: float(mask.mean()) if len(mask) else 0.0  # noqa: E731
    if share(sample.map(is_personnummer)) >= 0.9:
        return "looks like Swedish personnummer, left out to protect people"
    if share(sample.str.match(_EMAIL)) >= 0.9:
        return "looks like e-mail addresses, left out to protect people"
    is_key = bool(words & _ID_WORDS) or any(word.endswith("id") for word in words)
    phone_words = {"phone", "telefon", "tel", "mobile", "mobil", "telephone"}
    if words & phone_words and not is_key and share(sample.str.match(_PHONE)) >= 0.9:
        return "looks like phone numbers, left out to protect people"
    if words & _NAME_WORDS and not share(sample.str.fullmatch(r"[\d.,\s-]+")) > 0.5:
        return "the header says these are names, left out to protect people"
    return None


def _looks_like_identifier(
    words: set[str], present: pd.Series, unique: int, count: int
) -> bool:
    if unique != count or count < MIN_IDENTIFIER_ROWS:
        return False
    if words & _ID_WORDS or any(word.endswith("id") for word in words):
        return True
    # Unnamed unique whole numbers are identifiers only when they look like
    # codes: all the same length and at least five digits long.
    lengths = present.str.lstrip("-").str.len()
    return lengths.nunique() == 1 and int(lengths.iloc[0]) >= 5


def detect_columns(
    frame: pd.DataFrame, decimal: str = ".", thousands: str | None = None
) -> list[ColumnSpec]:
    return [
        detect_column(name, frame[name], decimal, thousands) for name in frame.columns
    ]


# --- Conversion ----------------------------------------------------------


def to_model_frame(
    raw: pd.DataFrame,
    specs: list[ColumnSpec],
    decimal: str = ".",
    thousands: str | None = None,
) -> pd.DataFrame:
    """Convert the learned columns' text cells to typed values."""
    columns = {}
    for spec in specs:
        if not spec.learned:
            continue
        values = raw[spec.name]
        if spec.missing_codes:
            values = values.where(~values.isin(spec.missing_codes), None)
        if spec.kind == Kind.NUMERIC:
            columns[spec.name] = parse_numbers(values, decimal, thousands)
        elif spec.kind == Kind.DATETIME:
            columns[spec.name] = pd.to_datetime(
                values, format=spec.date_format, errors="coerce"
            )
        else:
            columns[spec.name] = values.astype(object)
    return pd.DataFrame(columns, index=raw.index)


def format_datetime(values: pd.Series, date_format: str | None) -> pd.Series:
    fmt = date_format or "%Y-%m-%d"
    text = values.dt.strftime(fmt)
    return text.where(values.notna(), None)


def to_output_frame(
    synthetic: pd.DataFrame, specs: list[ColumnSpec], rows: int
) -> pd.DataFrame:
    """Arrange synthetic columns in the input's order and kinds.

    Numbers are returned as numbers (integers as nullable ``Int64``), dates as
    ``datetime64``, everything else as text; writers apply the written format.
    Columns left out by the user are absent.
    """
    out = {}
    for spec in specs:
        if not spec.include:
            continue
        if spec.is_constant:
            out[spec.name] = _constant_column(spec, rows)
            continue
        if spec.name not in synthetic:
            continue
        values = synthetic[spec.name].reset_index(drop=True)
        if spec.kind == Kind.NUMERIC:
            numbers = pd.to_numeric(values, errors="coerce")
            if spec.integer:
                out[spec.name] = numbers.round().astype("Int64")
            else:
                out[spec.name] = numbers.round(spec.decimals)
        elif spec.kind == Kind.DATETIME:
            out[spec.name] = pd.to_datetime(values, errors="coerce")
        else:
            out[spec.name] = values.astype(object).where(values.notna(), None)
    return pd.DataFrame(out)


def _constant_column(spec: ColumnSpec, rows: int) -> pd.Series:
    value = spec.constant_value
    if spec.kind == Kind.NUMERIC:
        number = float(str(value).replace(",", "."))
        if spec.integer:
            return pd.Series([int(number)] * rows, dtype="Int64")
        return pd.Series([number] * rows, dtype=float)
    if spec.kind == Kind.DATETIME:
        return pd.Series(
            pd.to_datetime([value] * rows, format=spec.date_format, errors="coerce")
        )
    return pd.Series([value] * rows, dtype=object)


def fresh_identifiers(
    raw: pd.Series, spec: ColumnSpec, rows: int, rng: np.random.Generator
) -> pd.Series:
    """Make ``rows`` unique identifiers in the input's pattern, none equal to a real one."""
    present = raw.dropna().astype(str)
    real = set(present)
    digits_only = bool(present.str.fullmatch(r"\d+").all()) if len(present) else True
    length = spec.text_length or (int(present.str.len().max()) if len(present) else 8)
    if digits_only:
        numbers = pd.to_numeric(present, errors="coerce")
        low = 10 ** (length - 1) if not spec.leading_zeros else 0
        high = 10**length - 1
        if len(numbers) and not spec.leading_zeros:
            low = int(min(numbers.min(), max(low, 0)))
        made: list[str] = []
        taken = set(real)
        while len(made) < rows:
            batch = rng.integers(low, high + 1, size=max(rows - len(made), 16) * 2)
            for value in batch:
                text = (
                    str(int(value)).zfill(length)
                    if spec.leading_zeros
                    else str(int(value))
                )
                if len(text) == length and text not in taken:
                    taken.add(text)
                    made.append(text)
                    if len(made) == rows:
                        break
        return pd.Series(made, dtype=object)
    # Text identifiers keep their letters' positions and replace each
    # letter and digit by a random one of the same class.
    template = present.iloc[0] if len(present) else "X" * length
    letters = np.array(list("ABCDEFGHJKLMNPQRSTUVWXYZ"))
    made, taken = [], set(real)
    while len(made) < rows:
        chars = []
        for char in template:
            if char.isdigit():
                chars.append(str(rng.integers(0, 10)))
            elif char.isalpha():
                letter = str(rng.choice(letters))
                chars.append(letter if char.isupper() else letter.lower())
            else:
                chars.append(char)
        text = "".join(chars)
        if text not in taken:
            taken.add(text)
            made.append(text)
    return pd.Series(made, dtype=object)


def parse_date_text(text: str, date_format: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, date_format or "%Y-%m-%d")
    except (TypeError, ValueError):
        return None
