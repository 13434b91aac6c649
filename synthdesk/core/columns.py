"""Column kinds: detection from content, user overrides, typed conversion.

Detection proposes a kind for every column together with a one-line reason;
the user confirms or changes it. ``to_model_frame`` turns the raw text cells
into typed values for learning, and ``to_output_frame`` writes synthetic
values back in the input's own shape (whole numbers, places, date formats,
leading zeros).

Detection works on each column's distinct values and their counts, so a
column of a million cells with a few hundred values costs one hash pass.
Reasons never quote a cell value, because they are stored in run.json.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd

log = logging.getLogger(__name__)


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
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M",
    "%d.%m.%Y %H:%M",
    "%Y%m%d",
    "%H:%M:%S",
    "%H.%M.%S",
    "%H:%M",
]

# Written places beyond this many are checked for float artefacts, and no
# column gets more: see ``count_decimals``.
MAX_WRITTEN_DECIMALS = 6
MAX_DECIMALS = 10
# A float32 value stored as float64 is off by up to 6e-8 of its size, which
# is common in Excel exports of sensor data. Rounding within 1e-7 removes it.
ARTEFACT_TOLERANCE = 1e-7

# A text column whose values mostly occur once is left out by default above
# this share of single-occurrence values among its distinct values.
NEAR_UNIQUE_SHARE = 0.5
MIN_IDENTIFIER_ROWS = 20
# Distinct values whose written form string methods inspect; checks that
# must hold for every value run on all of them after the sample passes.
DECIMALS_SAMPLE = 20_000
PATTERN_SAMPLE = 2_000
# Whole numbers without an ID word in the header are identifiers only when
# all are distinct and all have this many digits or more.
MIN_UNNAMED_ID_DIGITS = 8
# Cells longer than this make a column free text, whatever else it holds.
FREE_TEXT_CELL_LENGTH = 200

# Cell texts that commonly mean "no value" in public statistics and exports,
# compared in lower case.
MISSING_TOKENS = {
    "?",
    "-",
    "--",
    "---",
    ".",
    "..",
    "...",
    "na",
    "n/a",
    "n.a.",
    "nan",
    "null",
    "(null)",
    "none",
    "nil",
    "#n/a",
    "missing",
    "saknas",
    "uppgift saknas",
    "x",
    "*",
}
# Suppressed small counts in published tables, such as "<5".
_CENSORED = re.compile(r"^[<>]\s*\d+$")

_TRUE = {"true", "yes", "ja", "sant", "y", "j"}
_FALSE = {"false", "no", "nej", "falskt", "n"}
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_PHONE = re.compile(r"^\+?[\d][\d \-()]{6,}\d$")
# A phone number by content alone: an international prefix or a trunk 0,
# with spaces, dashes or brackets between digit groups.
_PHONE_CONTENT = re.compile(
    r"^(\+|00)\d{1,3}[ \-]?(\(0\))?[\d \-()]{6,}\d$|^0\d{1,4}[ \-/]\d[\d \-]{4,}\d$"
)
_PERSONNUMMER = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})$")
_SWEDISH_POSTCODE = re.compile(r"^\d{3} \d{2}$")
_NAME_WORDS = {
    "name",
    "names",
    "firstname",
    "first",
    "lastname",
    "surname",
    "fullname",
    "givenname",
    "familyname",
    "middlename",
    "maidenname",
    "namn",
    "fornamn",
    "förnamn",
    "efternamn",
    "tilltalsnamn",
    "mellannamn",
    "personnamn",
    "fullständigtnamn",
}
# Header words next to "name" that make it the name of a thing, not a person.
_THING_WORDS = {
    "country",
    "city",
    "town",
    "municipality",
    "county",
    "region",
    "state",
    "place",
    "street",
    "company",
    "organisation",
    "organization",
    "department",
    "school",
    "hospital",
    "unit",
    "product",
    "item",
    "file",
    "sheet",
    "category",
    "group",
    "team",
    "kommun",
    "land",
    "ort",
    "län",
    "enhet",
    "skola",
    "företag",
    "avdelning",
    "kategori",
}
_ID_WORDS = {
    "id",
    "nr",
    "no",
    "number",
    "nummer",
    "key",
    "code",
    "kod",
    "ref",
    "reference",
    "serial",
    "löpnummer",
    "lopnr",
    "löpnr",
}
_PHONE_WORDS = {"phone", "telefon", "tel", "mobile", "mobil", "telephone", "telefonnr"}
_CODE_WORDS = {
    "postcode",
    "postalcode",
    "zip",
    "zipcode",
    "postnummer",
    "postnr",
    "kommunkod",
    "lanskod",
    "länskod",
    "sni",
    "ssyk",
}


@dataclass
class ColumnSpec:
    """One column's kind, how it is handled and the format it is written in.

    ``missing_codes`` are the confirmed codes: cells holding them are empty
    for learning, and empty synthetic cells are written as the first one.
    ``proposed_missing_codes`` maps each code that detection suggests to the
    number of cells that hold it; the user confirms a code by adding it to
    ``missing_codes``.
    """

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
    proposed_missing_codes: dict[str, int] = field(default_factory=dict)
    thousands: str | None = None
    distinct_values: int = 0
    empty_cells: int = 0

    @property
    def learned(self) -> bool:
        """Whether a generator learns this column from the data."""
        return self.include and self.kind in LEARNED_KINDS and not self.is_constant

    @property
    def is_constant(self) -> bool:
        return self.constant_value is not None

    @property
    def output_missing_code(self) -> str | None:
        """The text written for an empty synthetic cell, or ``None`` for empty."""
        return self.missing_codes[0] if self.missing_codes else None

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
        known = set(cls.__dataclass_fields__)
        data = {key: value for key, value in data.items() if key in known}
        data["kind"] = Kind(data["kind"])
        if data.get("detected_kind"):
            data["detected_kind"] = Kind(data["detected_kind"])
        return cls(**data)


# --- Parsing -------------------------------------------------------------


def parse_numbers(
    values: pd.Series, decimal: str = ".", thousands: str | None = None
) -> pd.Series:
    """Parse text cells as floats; cells that are not finite numbers become NaN."""
    if decimal == "." and not thousands:
        numbers = pd.to_numeric(values.astype(object), errors="coerce").astype(float)
        return numbers.where(np.isfinite(numbers))
    text = values.astype("string")
    if thousands:
        text = text.str.replace(thousands, "", regex=False)
        if thousands == " ":
            text = text.str.replace("\u00a0", "", regex=False)
            text = text.str.replace("\u202f", "", regex=False)
    if decimal == ",":
        text = text.str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(text, errors="coerce").astype(float)
    return numbers.where(np.isfinite(numbers))


def count_decimals(texts: pd.Series, numbers: pd.Series, decimal: str) -> int:
    """Return the places a numeric column is written with.

    Up to ``MAX_WRITTEN_DECIMALS`` the written places count, so "2.50" keeps
    two. Longer tails are usually float artefacts (13.599999904633 for 13.6),
    so the column gets the fewest places that keep every value within
    ``ARTEFACT_TOLERANCE`` of its size, and never more than ``MAX_DECIMALS``.
    """
    values = numbers.dropna().to_numpy(dtype=float)
    # Written places are counted on a sample, because string methods cost
    # about a microsecond a value. The places the numbers need are counted
    # on all of them with NumPy, so a longer tail outside the sample counts.
    sample = texts.head(DECIMALS_SAMPLE).astype(str)
    tails = sample.str.partition(decimal)[2].str.replace(r"[eE].*$", "", regex=True)
    written = max(int(tails.str.len().max() or 0), _needed_places(values))
    if written <= MAX_WRITTEN_DECIMALS:
        return written
    tolerance = ARTEFACT_TOLERANCE * np.maximum(1.0, np.abs(values))
    for places in range(MAX_DECIMALS + 1):
        if np.all(np.abs(np.round(values, places) - values) <= tolerance):
            return places
    return MAX_DECIMALS


def _needed_places(values: np.ndarray) -> int:
    """Return the fewest places (up to 7) that write every value exactly."""
    tolerance = 1e-9 * np.maximum(1.0, np.abs(values))
    for places in range(MAX_WRITTEN_DECIMALS + 1):
        if np.all(np.abs(np.round(values, places) - values) <= tolerance):
            return places
    return MAX_WRITTEN_DECIMALS + 1


def _date_format(values: pd.Series) -> str | None:
    sample = values.head(200)
    for fmt in DATE_FORMATS:
        if fmt == "%Y%m%d" and not sample.str.fullmatch(r"\d{8}").all():
            continue
        parsed = pd.to_datetime(sample, format=fmt, errors="coerce")
        if parsed.notna().all():
            full = pd.to_datetime(values, format=fmt, errors="coerce")
            if full.notna().all():
                if "%Y" in fmt and not _plausible_years(full):
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
    """Return whether ``text`` is a Swedish personnummer or samordningsnummer.

    Both have a birth date and four digits, the last a Luhn check digit over
    the ten digits YYMMDDNNNC; a samordningsnummer adds 60 to the day.
    """
    match = _PERSONNUMMER.match(text.strip())
    if not match:
        return False
    _, year, month, day, tail = match.groups()
    day_number = int(day)
    if day_number > 60:
        day_number -= 60
    if not (1 <= int(month) <= 12 and 1 <= day_number <= 31):
        return False
    return _luhn_ok(year + month + day + tail)


def _header_words(name: str) -> set[str]:
    words = re.split(r"[^0-9a-zA-ZåäöÅÄÖéü]+", name.lower())
    # camelCase and PascalCase headers ("firstName") split on the capital.
    camel = re.findall(r"[A-ZÅÄÖ]?[a-zåäö]+|[0-9]+", name)
    joined = re.sub(r"[\s_\-.]", "", name.lower())
    found = {word for word in words if word} | {word.lower() for word in camel}
    return found | {joined}


def _missing_tokens(distinct: pd.Series) -> list[str]:
    return [text for text in distinct if len(text) <= 16 and _is_missing_token(text)]


# Plain map() over the values runs about twenty times faster than pandas'
# .str methods, which matters on a million distinct values.


def _lengths(texts: pd.Series) -> np.ndarray:
    return np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))


def _all_digits(texts: pd.Series) -> bool:
    return all(map(str.isdigit, texts))


def _is_missing_token(text: str) -> bool:
    lowered = text.strip().lower()
    return lowered in MISSING_TOKENS or bool(_CENSORED.match(lowered))


# --- Detection -----------------------------------------------------------


@dataclass
class _Column:
    """What detection knows about one column: distinct texts and counts."""

    name: str
    words: set[str]
    counts: pd.Series  # distinct text -> number of cells, most common first
    cells: int
    empty: int
    decimal: str
    thousands: str | None
    distinct: pd.Series = field(init=False)

    def __post_init__(self) -> None:
        self.distinct = pd.Series(self.counts.index, dtype=object)

    @property
    def all_unique(self) -> bool:
        return len(self.counts) == self.cells


def detect_column(
    name: str, values: pd.Series, decimal: str = ".", thousands: str | None = None
) -> ColumnSpec:
    """Propose a kind for one column of text cells, with the reason."""
    present = values.dropna()
    if present.dtype != object:
        present = present.astype(str)
    counts = _value_counts(present)
    column = _Column(
        name=name,
        words=_header_words(str(name)),
        counts=counts,
        cells=int(len(present)),
        empty=int(len(values) - len(present)),
        decimal=decimal,
        thousands=thousands,
    )
    spec = ColumnSpec(
        name=name,
        kind=Kind.CATEGORICAL,
        distinct_values=len(counts),
        empty_cells=column.empty,
    )
    if column.cells == 0:
        spec.constant_value = ""
        spec.reason = "every cell is empty, so the output column is empty too"
        return _finish(spec)
    if len(counts) == 1:
        spec.constant_value = str(counts.index[0])
    _detect_kind(spec, column)
    if spec.is_constant and spec.include:
        spec.reason = "same value on every row, copied unchanged"
    return _finish(spec)


def _detect_kind(spec: ColumnSpec, column: _Column) -> None:
    direct = _direct_identifier_reason(column)
    if direct:
        spec.kind = Kind.DIRECT_IDENTIFIER
        spec.include = False
        spec.reason = direct
        return
    if _detect_code(spec, column):
        return
    if _detect_numeric(spec, column):
        return
    distinct = column.distinct
    tokens = _missing_tokens(distinct)
    values = distinct[~distinct.isin(tokens)] if tokens else distinct
    lowered = set(values.str.lower())
    if lowered and lowered <= (_TRUE | _FALSE) and len(lowered) <= 2:
        spec.kind = Kind.BOOLEAN
        spec.reason = "yes/no values"
        _propose_tokens(spec, column, tokens, confirm=False)
        return
    date_format = _date_format(values) if len(values) else None
    if date_format:
        spec.kind = Kind.DATETIME
        spec.date_format = date_format
        spec.reason = f"dates or times written as {date_format}"
        _propose_tokens(spec, column, tokens, confirm=True)
        return
    if _detect_free_text(spec, column):
        return
    if (
        column.all_unique
        and column.cells >= MIN_IDENTIFIER_ROWS
        and not any(len(text.split()) > 1 for text in distinct)
    ):
        spec.kind = Kind.IDENTIFIER
        lengths = set(_lengths(distinct))
        spec.text_length = int(lengths.pop()) if len(lengths) == 1 else None
        spec.reason = (
            f"all {column.cells:,} values are unique codes, so they are replaced "
            "by new codes in the same pattern; check that this is an ID"
        )
        return
    spec.kind = Kind.CATEGORICAL
    spec.reason = f"{len(column.counts):,} different values"
    single = int((column.counts == 1).sum())
    if column.cells >= MIN_IDENTIFIER_ROWS and single > NEAR_UNIQUE_SHARE * len(
        column.counts
    ):
        # Generators copy category values as they are, so a value that only one
        # person has (a ticket number, a home address) would be disclosed.
        spec.include = False
        spec.reason = (
            f"{single:,} of its {len(column.counts):,} different values occur only "
            "once, and copying them could identify people; left out, include it "
            "only if the values are not about individuals"
        )
    _propose_tokens(spec, column, tokens, confirm=False)


def _value_counts(present: pd.Series) -> pd.Series:
    """Count each distinct text, most common first.

    factorize and bincount do the work of ``Series.value_counts`` in about a
    third of the time on a million distinct strings.
    """
    codes, uniques = pd.factorize(present.to_numpy(dtype=object))
    counts = np.bincount(codes, minlength=len(uniques))
    order = np.argsort(-counts, kind="stable")
    index = pd.Index(uniques[order], dtype=object, copy=False)
    if index.inferred_type != "string":
        index = index.map(str)
    return pd.Series(counts[order], index=index)


def _finish(spec: ColumnSpec) -> ColumnSpec:
    spec.detected_kind = spec.kind
    return spec


def _propose_tokens(
    spec: ColumnSpec, column: _Column, tokens: list[str], confirm: bool
) -> None:
    """Record missing-value tokens; confirm them when the kind cannot hold text."""
    for token in tokens:
        spec.proposed_missing_codes[token] = int(column.counts[token])
    if confirm:
        spec.missing_codes = list(tokens)
    if tokens:
        cells = sum(int(column.counts[token]) for token in tokens)
        action = "treated as empty" if confirm else "proposed as missing-value codes"
        spec.reason += f"; {cells:,} cell(s) hold a missing-value mark, {action}"


def _share(mask: pd.Series) -> float:
    return float(mask.mean()) if len(mask) else 0.0


def _direct_identifier_reason(column: _Column) -> str | None:
    sample = column.distinct.head(1000)
    words = column.words
    if _share(sample.map(is_personnummer)) >= 0.9:
        return (
            "looks like Swedish personnummer or samordningsnummer (valid check "
            "digits), left out to protect people"
        )
    if _share(sample.str.match(_EMAIL)) >= 0.9:
        return "looks like e-mail addresses, left out to protect people"
    is_key = bool(words & _ID_WORDS) or any(
        word.endswith("id") and len(word) > 2 for word in words
    )
    if words & _PHONE_WORDS and not is_key and _share(sample.str.match(_PHONE)) >= 0.9:
        return (
            "the header and values look like phone numbers, left out to protect people"
        )
    if _share(sample.str.match(_PHONE_CONTENT)) >= 0.9 and not _date_format(sample):
        return "looks like phone numbers, left out to protect people"
    name_words = words & _NAME_WORDS
    if name_words and not words & _THING_WORDS:
        numeric_share = _share(sample.str.fullmatch(r"[\d.,\s-]+"))
        if numeric_share <= 0.5:
            return "the header says these are names of people, left out to protect them"
    return None


def _detect_code(spec: ColumnSpec, column: _Column) -> bool:
    """Keep digit codes as text: leading zeros, postcodes and code headers."""
    distinct = column.distinct
    sample = distinct.head(PATTERN_SAMPLE)
    if not sample.str.fullmatch(r"\d+|\d{3} \d{2}").all():
        return False
    digits = _all_digits(distinct)
    swedish_postcode = (
        not digits and _share(distinct.str.match(_SWEDISH_POSTCODE)) >= 0.9
    )
    if not (digits or swedish_postcode):
        return False
    leading = any(text[0] == "0" and len(text) > 1 for text in distinct)
    coded_header = bool(column.words & _CODE_WORDS)
    if not (leading or coded_header or swedish_postcode):
        return False
    if (
        not leading
        and len(distinct) == 1
        or (digits and set(_lengths(distinct)) == {8} and _date_format(distinct))
    ):
        return False  # a constant number or YYYYMMDD dates
    lengths = set(_lengths(distinct))
    spec.leading_zeros = leading
    spec.text_length = int(lengths.pop()) if len(lengths) == 1 else None
    if leading and column.all_unique and column.cells >= MIN_IDENTIFIER_ROWS:
        spec.kind = Kind.IDENTIFIER
        spec.reason = (
            f"all {column.cells:,} values are unique codes with leading zeros, "
            "replaced by new codes of the same length; check that this is an ID"
        )
        return True
    spec.kind = Kind.CATEGORICAL
    if leading:
        spec.reason = "codes with leading zeros, kept as text"
    elif swedish_postcode:
        spec.reason = "looks like Swedish postcodes, kept as text"
    else:
        spec.reason = "the header says these are codes, kept as text"
    return True


def _detect_numeric(spec: ColumnSpec, column: _Column) -> bool:
    """Detect numbers, allowing missing-value marks and sentinel codes."""
    distinct = column.distinct
    numbers = parse_numbers(distinct, column.decimal, column.thousands)
    parsed = numbers.notna()
    if not parsed.any():
        return False
    others = distinct[~parsed]
    tokens = [text for text in others if _is_missing_token(text)]
    if len(tokens) < len(others):
        text_cells = int(column.counts.iloc[(~parsed).to_numpy()].sum())
        number_cells = column.cells - text_cells
        if number_cells >= 0.8 * column.cells and len(column.counts) > 2:
            spec.kind = Kind.CATEGORICAL
            spec.reason = (
                f"mostly numbers, but {text_cells:,} cell(s) hold text, so the "
                "column is kept as categories; fix the text cells or choose number "
                "to treat them as empty"
            )
            return True
        return False
    texts = distinct[parsed]
    values = numbers[parsed]
    if (
        texts.head(PATTERN_SAMPLE).str.fullmatch(r"\d{8}").all()
        and set(_lengths(texts)) == {8}
        and _all_digits(texts)
        and _date_format(texts) == "%Y%m%d"
    ):
        spec.kind = Kind.DATETIME
        spec.date_format = "%Y%m%d"
        spec.reason = "8-digit numbers that are all valid dates (YYYYMMDD)"
        _propose_tokens(spec, column, tokens, confirm=True)
        return True

    # "-200" and "-200,0" are one value; codes are found per value.
    counts = column.counts[parsed.to_numpy()]
    unique_values, inverse = np.unique(values.to_numpy(), return_inverse=True)
    per_value = np.bincount(inverse, weights=counts.to_numpy()).astype(np.int64)
    sentinels = _sentinel_codes(unique_values, per_value)
    kept = ~values.isin(sentinels)
    texts, values = texts[kept.to_numpy()], values[kept]
    spec.decimals = count_decimals(texts, values, column.decimal) if len(texts) else 0
    spec.integer = spec.decimals == 0 and bool((values == values.round()).all())
    if column.thousands and any(column.thousands in text for text in texts):
        spec.thousands = column.thousands
    if spec.integer and _looks_like_identifier(column, texts):
        spec.kind = Kind.IDENTIFIER
        lengths = set(_lengths(texts))
        spec.text_length = int(lengths.pop()) if len(lengths) == 1 else None
        spec.reason = (
            f"all {column.cells:,} values are unique whole numbers, so they are "
            "replaced by new IDs of the same length; check that this is an ID"
        )
        return True
    spec.kind = Kind.NUMERIC
    spec.reason = (
        "whole numbers"
        if spec.integer
        else f"numbers with up to {spec.decimals} decimal place(s)"
    )
    if column.all_unique and column.cells >= MIN_IDENTIFIER_ROWS:
        spec.reason += f", all {column.cells:,} different"
    _propose_tokens(spec, column, tokens, confirm=True)
    sentinel_texts = distinct[parsed][numbers[parsed].isin(sentinels).to_numpy()]
    for code in sentinel_texts:
        spec.proposed_missing_codes[code] = int(column.counts[code])
    if len(sentinel_texts):
        cells = int(column.counts[list(sentinel_texts)].sum())
        spec.reason += (
            f"; {cells:,} cell(s) hold a value far outside the rest, proposed as a "
            "missing-value code"
        )
    return True


def _sentinel_codes(values: np.ndarray, counts: np.ndarray) -> list[float]:
    """Find whole numbers at either end that look like missing-value codes.

    A candidate is the smallest or largest distinct value, in two or more
    cells, and looks like a code: all nines (99, -999, 9999) or a multiple of
    100. It is proposed when it lies more than three interquartile ranges
    from the rest, or when it is the only negative value in a column of
    non-negative numbers (as -200 in the UCI Air Quality data).
    """
    order = np.argsort(values)
    values, counts = values[order], counts[order]
    found: list[float] = []
    for _ in range(2):
        for end in (0, -1):
            if len(values) < 3:
                return found
            value, count = values[end], counts[end]
            rest = np.delete(values, end if end == 0 else len(values) - 1)
            weights = np.delete(counts, end if end == 0 else len(counts) - 1)
            if count < 2 or not _code_like(value):
                continue
            nearest = rest[0] if end == 0 else rest[-1]
            gap = abs(value - nearest)
            low, high = _weighted_quantiles(rest, weights, (0.25, 0.75))
            spread = high - low
            lone_negative = end == 0 and value < 0 <= rest[0]
            if (spread > 0 and gap > 3 * spread) or lone_negative:
                found.append(float(value))
                keep = np.arange(len(values)) != (0 if end == 0 else len(values) - 1)
                values, counts = values[keep], counts[keep]
    return found


def _code_like(value: float) -> bool:
    if value != round(value) or value == 0:
        return False
    digits = str(abs(int(value)))
    return set(digits) == {"9"} or (abs(value) >= 100 and value % 100 == 0)


def _weighted_quantiles(
    values: np.ndarray, weights: np.ndarray, quantiles: tuple[float, ...]
) -> list[float]:
    cumulative = np.cumsum(weights) / weights.sum()
    return [float(values[np.searchsorted(cumulative, q)]) for q in quantiles]


def _detect_free_text(spec: ColumnSpec, column: _Column) -> bool:
    distinct = column.distinct
    lengths = _lengths(distinct)
    sample = distinct.head(2000)
    mean_words = float(sample.str.split().str.len().mean())
    unique_share = len(column.counts) / column.cells
    long_cells = bool(lengths.max() > FREE_TEXT_CELL_LENGTH)
    sentences = mean_words >= 4 and unique_share > 0.5 and column.cells >= 5
    if not (sentences or long_cells):
        return False
    spec.kind = Kind.FREE_TEXT
    spec.include = False
    spec.reason = "sentences of free text, left out so none is copied"
    return True


def _looks_like_identifier(column: _Column, texts: pd.Series) -> bool:
    if not column.all_unique or column.cells < MIN_IDENTIFIER_ROWS:
        return False
    words = column.words
    if words & _ID_WORDS or any(
        word.endswith("id") and len(word) > 2 for word in words
    ):
        return True
    # Unnamed distinct whole numbers are amounts or counts unless they look
    # like codes: all the same length and long.
    lengths = {len(text.lstrip("-")) for text in texts}
    return len(lengths) == 1 and lengths.pop() >= MIN_UNNAMED_ID_DIGITS


def detect_columns(
    frame: pd.DataFrame, decimal: str = ".", thousands: str | None = None
) -> list[ColumnSpec]:
    """Propose a kind for every column; a column that fails detection is a category."""
    specs = []
    for name in frame.columns:
        try:
            spec = detect_column(name, frame[name], decimal, thousands)
        except Exception:
            log.exception("Detecting the kind of column %r failed", name)
            spec = _finish(
                ColumnSpec(
                    name=name,
                    kind=Kind.CATEGORICAL,
                    reason="the values could not be analysed; check the kind",
                )
            )
        specs.append(spec)
    return specs


def refresh_numeric_format(
    spec: ColumnSpec,
    values: pd.Series,
    decimal: str = ".",
    thousands: str | None = None,
) -> None:
    """Recount a numeric column's places and whole-number flag without its codes.

    Call after the user changes ``missing_codes`` or switches a column to
    numeric, so the written format follows the cells that remain.
    """
    present = values.dropna().astype(str)
    if spec.missing_codes:
        present = present[~present.isin(spec.missing_codes)]
    distinct = pd.Series(present.unique(), dtype=object)
    numbers = parse_numbers(distinct, decimal, thousands)
    texts, numbers = distinct[numbers.notna()], numbers.dropna()
    spec.decimals = count_decimals(texts, numbers, decimal) if len(texts) else 0
    spec.integer = spec.decimals == 0 and bool((numbers == numbers.round()).all())


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
    if value == "":
        return pd.Series([None] * rows, dtype=object)
    if spec.kind == Kind.NUMERIC:
        number = _parse_constant(str(value), spec)
        if number is None:
            return pd.Series([value] * rows, dtype=object)
        if spec.integer:
            return pd.Series([int(number)] * rows, dtype="Int64")
        return pd.Series([number] * rows, dtype=float)
    if spec.kind == Kind.DATETIME:
        return pd.Series(
            pd.to_datetime([value] * rows, format=spec.date_format, errors="coerce")
        )
    return pd.Series([value] * rows, dtype=object)


def _parse_constant(text: str, spec: ColumnSpec) -> float | None:
    """Parse a constant numeric cell in whichever decimal mark it uses."""
    if spec.thousands:
        text = text.replace(spec.thousands, "")
    text = text.replace(" ", "").replace("\u00a0", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


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
