"""Read CSV files and workbooks into a table of raw text cells.

Every reader returns strings, with empty cells as missing values (``None`` or
``NaN``; test with ``pandas.isna``), so that column detection sees exactly
what the user wrote: leading zeros, decimal commas and date formats survive
until the user has confirmed each column's kind.

``read_table`` raises only ``InputError``: any other failure while reading is
logged and turned into a message that names the file and what to try next.
The input file is read once into memory and never written.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from synthdesk.core.errors import InputError

log = logging.getLogger(__name__)

CSV_SUFFIXES = {".csv", ".txt", ".tsv", ".tab"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
DELIMITERS = [",", ";", "\t", "|"]
SNIFF_BYTES = 256 * 1024
# Characters of text, and rows within them, that delimiter and header
# detection look at.
SNIFF_CHARS = 64 * 1024
SNIFF_ROWS = 200
HEADER_SEARCH_ROWS = 30
# Excel shows and stores at most 15 significant digits.
EXCEL_DIGITS = 15

_COMMA_DECIMAL = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+|\d+),\d+$")
_DOT_DECIMAL = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)\.\d+$")
_DOT_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")
_COMMA_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
_SPACE_THOUSANDS = re.compile(r"^[-+]?\d{1,3}([ \u00a0\u202f]\d{3})+([,.]\d+)?$")

# File signatures of formats that are not text.
_SIGNATURES = [
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "cfb"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
]


@dataclass
class SourceInfo:
    """The origin of a table and how its file was written."""

    path: str
    name: str
    sha256: str
    size_bytes: int
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str = "."
    thousands: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    hidden_sheets: list[str] = field(default_factory=list)
    header_row: int = 0
    skipped_rows: int = 0
    dropped_empty_columns: int = 0
    dropped_empty_rows: int = 0
    header_row_guessed: bool = True

    def to_dict(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict) -> SourceInfo:
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in known})


@dataclass
class RawTable:
    """Cells as text, one column per header, plus how they were read.

    ``notes`` are sentences for the user about what the reader changed or
    guessed: skipped title rows, ignored empty rows and columns, renamed
    headers, a hidden sheet.
    """

    frame: pd.DataFrame
    source: SourceInfo
    notes: list[str] = field(default_factory=list)


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_table(
    path: str | Path,
    sheet: str | None = None,
    header_row: int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> RawTable:
    """Read a CSV file or one sheet of a workbook as text cells.

    ``header_row`` is the 0-based row of the header among the file's rows
    (blank lines in a CSV file are not counted); ``None`` guesses it.
    Raises ``InputError`` with a message for the user when the file cannot be
    read, and no other exception.
    """
    path = Path(path)
    try:
        return _read_table(path, sheet, header_row, encoding, delimiter)
    except InputError:
        raise
    except MemoryError:
        raise InputError(
            f"{path.name} is too large to read into this computer's memory.",
            "Close other programs, or split the file and import a part.",
        ) from None
    except OSError as error:
        raise InputError(
            f"{path.name} could not be opened: {error.strerror or error}.",
            "Check that the file exists, that you may read it and that no other "
            "program has locked it.",
        ) from error
    except BaseException as error:
        # python-calamine reports some damaged files with a Rust panic, which
        # derives from BaseException rather than Exception.
        if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        log.exception("Reading %s failed", path.name)
        raise InputError(
            f"{path.name} could not be read ({type(error).__name__}).",
            "Open it in its program and save it again as .xlsx or CSV (UTF-8), "
            "then import that copy.",
        ) from error


def _read_table(
    path: Path,
    sheet: str | None,
    header_row: int | None,
    encoding: str | None,
    delimiter: str | None,
) -> RawTable:
    if not path.exists():
        raise InputError(
            f"The file {path.name} was not found.",
            "Check the name and folder, then open it again.",
        )
    if path.is_dir():
        raise InputError(
            f"{path.name} is a folder, not a file.",
            "Choose a CSV file or an Excel or OpenDocument workbook.",
        )
    if header_row is not None and header_row < 0:
        raise InputError(
            f"The header row must be 1 or later, not {header_row + 1}.",
            "Choose the row that holds the column names.",
        )
    data = path.read_bytes()
    source = SourceInfo(
        path=str(path.resolve()),
        name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        format=path.suffix.lower().lstrip(".") or "csv",
    )
    signature = _signature(data)
    suffix = path.suffix.lower()
    notes: list[str] = []
    if suffix in WORKBOOK_SUFFIXES:
        return _read_workbook(path, data, source, sheet, header_row, notes)
    if signature in ("zip", "cfb"):
        # A workbook saved under a CSV name is read as the workbook it is.
        source.format = "xlsx" if signature == "zip" else "xls"
        notes.append(
            f"{path.name} is a workbook although its name ends in "
            f"{suffix or 'nothing'}; it was read as a workbook."
        )
        return _read_workbook(path, data, source, sheet, header_row, notes)
    source.format = "csv"
    return _read_csv(path, data, source, header_row, encoding, delimiter, notes)


def _signature(data: bytes) -> str | None:
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return name
    return None


# --- CSV -----------------------------------------------------------------


def detect_encoding(data: bytes) -> str:
    """Return the encoding of ``data``.

    A byte order mark wins; then UTF-16 without one (every other byte zero);
    then UTF-8 when the bytes decode as UTF-8. Other bytes are cp1252 when
    they use its printable characters in 0x80-0x9F (such as € and curly
    quotes), else Latin-1, which decodes any byte.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # Latin text in UTF-16 has a zero in every other byte; the zero comes
        # second in little-endian files.
        zeros_odd = sample[1::2].count(b"\x00")
        zeros_even = sample[0::2].count(b"\x00")
        if min(zeros_odd, zeros_even) <= 0.1 * max(zeros_odd, zeros_even):
            return "utf-16-le" if zeros_odd >= zeros_even else "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        # A sniffed prefix may end inside a multi-byte character.
        if error.start >= len(data) - 3 and len(data) >= SNIFF_BYTES:
            return "utf-8"
    high_control = sum(data.count(bytes([byte])) for byte in range(0x80, 0xA0))
    if high_control:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"
    return "latin-1"


def detect_delimiter(text: str) -> str:
    """Pick the delimiter that splits the first rows into the most equal widths.

    Rows are split with the csv module, so quoted fields that contain the
    delimiter or a line break count as one cell. The score is the share of
    rows that have the most common width, then that width; ties go to the
    order of ``DELIMITERS``.
    """
    sample = _cut_at_line(text[:SNIFF_CHARS], len(text) > SNIFF_CHARS)
    best, best_score = ",", (0.0, 0)
    for candidate in DELIMITERS:
        if candidate not in sample:
            continue
        rows = _sample_rows(sample, candidate)
        counts = [len(row) for row in rows if any(cell.strip() for cell in row)]
        if not counts:
            continue
        width = max(set(counts), key=counts.count)
        if width < 2:
            continue
        consistency = counts.count(width) / len(counts)
        score = (round(consistency, 2), width)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _cut_at_line(sample: str, truncated: bool) -> str:
    if not truncated:
        return sample
    end = max(sample.rfind("\n"), sample.rfind("\r"))
    return sample[: end + 1] if end > 0 else sample


def _sample_rows(sample: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) >= SNIFF_ROWS:
                break
    except csv.Error:
        pass
    return rows


def detect_number_format(cells: list[str]) -> tuple[str, str | None]:
    """Return the decimal mark and thousands separator that ``cells`` use."""
    comma = dot = dot_groups = comma_groups = space_groups = 0
    for cell in cells:
        if _COMMA_DECIMAL.match(cell):
            comma += 1
        elif _DOT_DECIMAL.match(cell):
            dot += 1
        if _DOT_THOUSANDS.match(cell):
            dot_groups += 1
        if _COMMA_THOUSANDS.match(cell):
            comma_groups += 1
        if _SPACE_THOUSANDS.match(cell):
            space_groups += 1
    decimal = "," if comma > dot else "."
    thousands = None
    if space_groups:
        thousands = " "
    elif decimal == "," and dot_groups:
        thousands = "."
    elif decimal == "." and comma_groups and dot:
        # "1,234" alone is ambiguous; it is taken as grouping only when the
        # same file also writes decimals with a dot.
        thousands = ","
    return decimal, thousands


def _read_csv(
    path: Path,
    data: bytes,
    source: SourceInfo,
    header_row: int | None,
    encoding: str | None,
    delimiter: str | None,
    notes: list[str],
) -> RawTable:
    if not re.search(rb"[^\s\x00\xef\xbb\xbf\xff\xfe]", data):
        raise InputError(
            f"{path.name} is empty.",
            "Open a file that contains a header row and at least one data row.",
        )
    signature = _signature(data)
    if signature or _looks_binary(data):
        what = f"a {signature}" if signature else "not a text file"
        raise InputError(
            f"{path.name} is {what}, so it cannot be read as CSV.",
            "If it is a workbook, give it its real extension (.xlsx, .xls or "
            ".ods); otherwise export it from its program as CSV.",
        )
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(
                f"{encoding!r} is not a known text encoding.",
                "Choose UTF-8, UTF-16, cp1252 or Latin-1.",
            ) from None
    encoding = encoding or detect_encoding(data[:SNIFF_BYTES])
    text, encoding = _decode(data, encoding, notes)
    head = text[:4096]
    controls = sum(1 for char in head if char < " " and char not in "\t\r\n")
    if controls > len(head) // 100:
        raise InputError(
            f"{path.name} is not a text file, so it cannot be read as CSV.",
            "Export the data from its program as CSV or as an .xlsx workbook.",
        )
    if not re.search(r"[^\s,;|\"']", text):
        raise InputError(
            f"{path.name} contains only separators and no values.",
            "Open a file that contains a header row and at least one data row.",
        )
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '"\r\n'):
        raise InputError(
            f"{delimiter!r} cannot be used as a delimiter.",
            "Choose one character such as a comma, semicolon, tab or |.",
        )
    delimiter = delimiter or detect_delimiter(text)
    source.encoding = encoding
    source.delimiter = delimiter
    grid = _parse_delimited(text, delimiter)
    empty_rows = _may_have_empty_rows(text, delimiter)
    table = _grid_to_table(grid, source, header_row, notes, empty_rows=empty_rows)
    source.decimal, source.thousands = detect_number_format(_number_sample(table))
    return table


def _decode(data: bytes, encoding: str, notes: list[str]) -> tuple[str, str]:
    """Decode the whole file, falling back from UTF-8 to cp1252 and Latin-1."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        fallback = "cp1252" if encoding.lower().startswith("utf-8") else "latin-1"
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            fallback = "latin-1"
            text = data.decode(fallback)
        notes.append(
            f"The file is not valid {encoding} (byte {error.start:,}), so it was "
            f"read as {fallback}. Check that letters such as å, ä and ö look right."
        )
        encoding = fallback
    return text.lstrip("\ufeff"), encoding


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    zeros_odd, zeros_even = head[1::2].count(b"\x00"), head[0::2].count(b"\x00")
    if head.count(b"\x00") > len(head) // 4 and min(zeros_odd, zeros_even) <= 0.1 * max(
        zeros_odd, zeros_even
    ):
        return False  # UTF-16 text
    control = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return control > len(head) // 20 or b"\x00" in head


def _parse_delimited(text: str, delimiter: str) -> pd.DataFrame:
    """Split ``text`` into a grid of stripped text cells with NaN for empty.

    pandas' C parser does the work; rows wider than every row in the sniffed
    sample make it fail, and then the csv module reads the file instead.
    Blank lines are skipped by both.
    """
    sample = _cut_at_line(text[:SNIFF_CHARS], len(text) > SNIFF_CHARS)
    width = max([len(row) for row in _sample_rows(sample, delimiter)] + [1])
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            names=list(range(width)),
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=True,
            index_col=False,
            engine="c",
            low_memory=False,
            skipinitialspace=True,
        )
    except (pd.errors.ParserError, ValueError, csv.Error) as error:
        log.info("pandas could not split the rows (%s); using the csv module", error)
        rows = [
            row
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            if row
        ]
        width = max([len(row) for row in rows] + [1])
        grid = pd.DataFrame(
            [row + [""] * (width - len(row)) for row in rows], dtype=object
        )
        grid = grid.replace("", np.nan)
    if _has_padded_cells(text, delimiter):
        for column in grid.columns:
            values = grid[column]
            if values.dtype == object:
                stripped = values.str.strip()
                grid[column] = stripped.where(stripped != "", np.nan)
    return grid


def _has_padded_cells(text: str, delimiter: str) -> bool:
    """Whether any cell may end with white space.

    The parser already skips spaces at the start of a cell. Substring tests
    run at memory speed on a file of 100 MB, where a regular expression with
    alternatives takes seconds; a false positive only costs a strip of every
    column.
    """
    for space in (" ", "\t", "\u00a0"):
        if space == delimiter or (space != " " and space not in text):
            continue
        if text.endswith(space) or text.startswith(space):
            return True
        for ending in (delimiter, "\n", "\r", '"'):
            if space + ending in text:
                return True
    return False


def _may_have_empty_rows(text: str, delimiter: str) -> bool:
    """Whether a line holds nothing but delimiters, quotes and white space."""
    # Blank lines are skipped by the parser, so a row to find holds at least
    # one delimiter or quote.
    marks = re.escape(delimiter) + '"'
    pattern = re.compile(rf"\n[\t ]*[{marks}][{marks}\t ]*(?:\r?\n|\r?\Z)")
    return bool(pattern.search("\n" + text))


def _number_sample(table: RawTable) -> list[str]:
    cells: list[str] = []
    for column in table.frame.columns:
        values = table.frame[column].head(5000).dropna().head(500)
        cells.extend(str(value) for value in values)
    return cells


# --- Workbooks -----------------------------------------------------------


def list_sheets(path: str | Path) -> tuple[list[str], list[str]]:
    """Return the visible and hidden sheet names of a workbook."""
    path = Path(path)
    try:
        workbook = _open_workbook(path, path.read_bytes())
    except OSError as error:
        raise InputError(
            f"{path.name} could not be opened: {error.strerror or error}.",
            "Check that the file exists and that you may read it.",
        ) from error
    return _sheet_names(workbook)


def _sheet_names(workbook) -> tuple[list[str], list[str]]:
    visible, hidden = [], []
    for meta in workbook.sheets_metadata:
        kind = str(getattr(meta, "typ", "WorkSheet"))
        if not kind.endswith("WorkSheet"):
            continue  # chart sheets and macro sheets hold no table
        target = visible if str(meta.visible).endswith("Visible") else hidden
        target.append(meta.name)
    return visible, hidden


def _is_encrypted_package(data: bytes) -> bool:
    """Whether a compound file holds an encrypted Office Open XML package.

    Excel saves a password-protected .xlsx as a compound file (OLE2) with the
    streams ``EncryptionInfo`` and ``EncryptedPackage``; the names are stored
    in UTF-16.
    """
    return "EncryptionInfo".encode("utf-16-le") in data or (
        "EncryptedPackage".encode("utf-16-le") in data
    )


def _open_workbook(path: Path, data: bytes):
    from python_calamine import CalamineWorkbook

    if not data:
        raise InputError(
            f"{path.name} is empty.",
            "Open the workbook in its program and save it again.",
        )
    signature = _signature(data)
    suffix = path.suffix.lower()
    if signature == "cfb" and (suffix != ".xls" or _is_encrypted_package(data)):
        raise InputError(
            f"{path.name} is protected with a password (encrypted), so it cannot "
            "be read.",
            "Open it in Excel, remove the password (File > Info > Protect "
            "Workbook > Encrypt with Password), save it as .xlsx and import it again.",
        )
    if signature not in ("zip", "cfb"):
        found = f"a {signature}" if signature else "not a workbook"
        raise InputError(
            f"{path.name} is {found}, although its name ends in {suffix}.",
            "Choose the real workbook, or export the data as CSV or .xlsx.",
        )
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except BaseException as error:  # calamine raises several unrelated types
        if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise InputError(
            f"{path.name} could not be read as a workbook: it is damaged, "
            "incomplete or not really a spreadsheet.",
            "Open it in Excel or LibreOffice and save it again, or export it as CSV.",
        ) from error


def _read_workbook(
    path: Path,
    data: bytes,
    source: SourceInfo,
    sheet: str | None,
    header_row: int | None,
    notes: list[str],
) -> RawTable:
    workbook = _open_workbook(path, data)
    visible, hidden = _sheet_names(workbook)
    names = visible + hidden
    if not names:
        raise InputError(
            f"{path.name} has no worksheets.", "Open another workbook or a CSV file."
        )
    if sheet is None:
        sheet = visible[0] if visible else names[0]
    if sheet not in names:
        raise InputError(
            f"{path.name} has no sheet named {sheet!r}.",
            "Choose one of: " + ", ".join(names) + ".",
        )
    try:
        handle = workbook.get_sheet_by_name(sheet)
        rows = handle.to_python(skip_empty_area=False)
        merges = getattr(handle, "merged_cell_ranges", None) or []
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise InputError(
            f"The sheet {sheet!r} in {path.name} could not be read: the workbook "
            "is damaged or incomplete.",
            "Open the workbook in its program, save it again and retry.",
        ) from error
    source.sheet = sheet
    source.sheets = names
    source.hidden_sheets = hidden
    if sheet in hidden:
        notes.append(f"The sheet {sheet!r} is hidden in the workbook.")
    elif hidden:
        notes.append(
            f"The workbook also has {len(hidden)} hidden sheet(s): "
            + ", ".join(repr(name) for name in hidden)
            + "."
        )
    if not rows:
        raise InputError(
            f"The sheet {sheet!r} in {path.name} is empty.",
            "Choose the sheet that holds the table.",
        )
    grid = _workbook_grid(rows)
    return _grid_to_table(grid, source, header_row, notes, merges)


def _workbook_grid(rows: list[list]) -> pd.DataFrame:
    """Turn calamine's cell values into text, one column at a time.

    Each column's distinct values are converted once and mapped back, which
    keeps a sheet of a million rows within seconds.
    """
    width = max(len(row) for row in rows)
    grid = pd.DataFrame(rows, dtype=object)
    if grid.shape[1] < width:
        grid = grid.reindex(columns=range(width))
    for column in grid.columns:
        values = grid[column]
        distinct = pd.unique(values.to_numpy())
        with_time = any(
            isinstance(value, dt.datetime) and value.time() != dt.time(0)
            for value in distinct
        )
        texts = {value: _cell_text(value, with_time) for value in distinct}
        grid[column] = values.map(texts)
    return grid


def _cell_text(value, with_time: bool = False) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return _excel_float_text(value)
    if isinstance(value, dt.datetime):
        if with_time or value.time() != dt.time(0):
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    text = str(value).strip()
    return text or None


def _excel_float_text(value: float) -> str:
    """Write a float with Excel's 15 significant digits, without an exponent.

    A cell typed as 13.6 in a float32 source is stored as 13.599999904633;
    column detection rounds such artefacts away when it counts decimals.
    """
    text = f"{value:.{EXCEL_DIGITS}g}"
    if "e" in text or "E" in text:
        text = np.format_float_positional(float(text), trim="-")
    return text


# --- Shared --------------------------------------------------------------


def guess_header_row(rows: list[list[str]]) -> int:
    """Return the index of the first row that is as wide as the table.

    Title rows above a table usually fill one or two cells. The table's width
    is the upper quartile of the filled widths of the first 30 non-empty
    rows, so one over-long row does not set it. The header is the first row
    that fills at least 60 % of that width, and at least two cells.
    """
    head = rows[:HEADER_SEARCH_ROWS]
    widths = [sum(1 for cell in row if cell and str(cell).strip()) for row in head]
    filled = sorted(width for width in widths if width)
    if not filled:
        return 0
    table_width = filled[int(0.75 * (len(filled) - 1))]
    if table_width <= 1:
        return next((index for index, width in enumerate(widths) if width), 0)
    for index, width in enumerate(widths):
        if width >= max(2, 0.6 * table_width):
            return index
    return 0


def _grid_to_table(
    grid: pd.DataFrame,
    source: SourceInfo,
    header_row: int | None,
    notes: list[str],
    merges: list | None = None,
    empty_rows: bool = True,
) -> RawTable:
    """Pick the header, drop empty rows and columns and name the columns.

    ``empty_rows`` false promises that no row is empty, which saves a pass
    over every cell of a large CSV file.
    """
    if grid.empty:
        raise InputError(
            f"{source.name} contains no rows.",
            "Open a file with a header row and at least one data row.",
        )
    head = grid.head(HEADER_SEARCH_ROWS)
    head_rows = [
        ["" if pd.isna(cell) else str(cell) for cell in row]
        for row in head.itertuples(index=False, name=None)
    ]
    source.header_row_guessed = header_row is None
    if header_row is None:
        header_row = guess_header_row(head_rows)
    if header_row >= len(grid):
        raise InputError(
            f"{source.name} has only {len(grid)} row(s), so row {header_row + 1} "
            "cannot be the header.",
            "Choose an earlier header row.",
        )
    header = [
        "" if pd.isna(cell) else str(cell).strip() for cell in grid.iloc[header_row]
    ]
    body_start = header_row + 1
    if merges:
        header, body_start = _merged_header(grid, header, header_row, merges, notes)
    body = grid.iloc[body_start:]
    if header_row:
        notes.append(
            f"The first {header_row} row(s) above the header were skipped "
            "(a title or notes). Choose another header row if this is wrong."
        )

    dropped_rows = 0
    if empty_rows:
        keep_rows = body.notna().any(axis=1).to_numpy()
        dropped_rows = int((~keep_rows).sum())
    if dropped_rows:
        body = body[keep_rows]
        notes.append(f"{dropped_rows:,} empty row(s) were ignored.")
    # Only columns without a header are checked for content: a named column
    # is kept even when it is empty.
    keep = [
        position
        for position, column in enumerate(grid.columns)
        if header[position] or bool(body[column].notna().any())
    ]
    dropped_columns = grid.shape[1] - len(keep)
    if dropped_columns:
        notes.append(
            f"{dropped_columns} empty column(s) without a header were ignored."
        )
    if not keep:
        raise InputError(
            f"{source.name} contains no columns.",
            "Open a file with a header row and at least one data row.",
        )
    names = _unique_names([header[position] for position in keep], keep, notes)
    frame = body.iloc[:, keep]
    frame.columns = names
    frame = frame.reset_index(drop=True)
    if frame.empty:
        notes.append("The table has a header but no data rows.")
    source.header_row = header_row
    source.skipped_rows = header_row
    source.dropped_empty_columns = dropped_columns
    source.dropped_empty_rows = dropped_rows
    return RawTable(frame=frame, source=source, notes=notes)


def _merged_header(
    grid: pd.DataFrame,
    header: list[str],
    header_row: int,
    merges: list,
    notes: list[str],
) -> tuple[list[str], int]:
    """Name columns under merged header cells; return the names and first data row.

    calamine returns a merged cell's value only in its first cell. A cell
    merged across columns in the header row names every column it spans, and
    when the next row holds sub-headers under it ("Income" over "2022" and
    "2023"), the two are joined ("Income 2022") and that row is skipped. A
    merged group cell in the row above the header is prefixed the same way.
    """
    header = list(header)
    width = len(header)
    spans = []
    for (top, left), (bottom, right) in merges:
        if top <= header_row <= bottom and right > left:
            spans.append((left, min(right, width - 1)))
    for left, right in spans:
        for column in range(left + 1, right + 1):
            header[column] = header[column] or header[left]
    body_start = header_row + 1
    if spans and body_start < len(grid):
        below = grid.iloc[body_start]
        inside = {column for left, right in spans for column in range(left, right + 1)}
        filled = [column for column in range(width) if not pd.isna(below.iloc[column])]
        if filled and set(filled) <= inside:
            for column in filled:
                header[column] = f"{header[column]} {str(below.iloc[column]).strip()}"
            body_start += 1
            notes.append(
                "A merged header over two rows was joined into one name per column."
            )
    if header_row > 0:
        above = grid.iloc[header_row - 1]
        for (top, left), (bottom, right) in merges:
            if top <= header_row - 1 <= bottom < header_row and right > left:
                group = above.iloc[left]
                if pd.isna(group):
                    continue
                for column in range(left, min(right, width - 1) + 1):
                    if header[column]:
                        header[column] = f"{str(group).strip()} {header[column]}"
    return header, body_start


def _unique_names(
    header: list[str], positions: list[int], notes: list[str]
) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    empty = repeated = 0
    for name, position in zip(header, positions, strict=True):
        base = name or f"column_{position + 1}"
        if not name:
            empty += 1
        candidate, counter = base, 2
        while candidate in seen:
            candidate = f"{base}_{counter}"
            counter += 1
        if name and candidate != name:
            repeated += 1
        seen.add(candidate)
        names.append(candidate)
    if empty:
        notes.append(
            f"{empty} column(s) had no name and were named after their position "
            "(column_N)."
        )
    if repeated:
        notes.append(
            f"{repeated} column(s) repeated an earlier name and got a number "
            "added (name_2)."
        )
    return names
