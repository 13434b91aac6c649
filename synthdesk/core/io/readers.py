"""Read CSV files and workbooks into a table of raw text cells.

Every reader returns strings (``None`` for an empty cell) so that column
detection sees exactly what the user wrote: leading zeros, decimal commas and
date formats survive until the user has confirmed each column's kind.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from synthdesk.core.errors import InputError

CSV_SUFFIXES = {".csv", ".txt", ".tsv", ".tab"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
DELIMITERS = [",", ";", "\t", "|"]
SNIFF_BYTES = 256 * 1024

_COMMA_DECIMAL = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+|\d+),\d+$")
_DOT_DECIMAL = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)\.\d+$")
_DOT_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")
_COMMA_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
_SPACE_THOUSANDS = re.compile(r"^[-+]?\d{1,3}([ \u00a0]\d{3})+([,.]\d+)?$")


@dataclass
class SourceInfo:
    """Where a table came from and how it was written."""

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

    def to_dict(self) -> dict:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict) -> SourceInfo:
        return cls(**data)


@dataclass
class RawTable:
    """Cells as text, one column per header, plus how they were read."""

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

    Raises ``InputError`` with a message for the user when the file cannot be
    read. The file is opened read-only and never changed.
    """
    path = Path(path)
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
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return _read_workbook(path, sheet, header_row)
    return _read_csv(path, header_row, encoding, delimiter)


# --- CSV -----------------------------------------------------------------


def detect_encoding(data: bytes) -> str:
    """Return the encoding of ``data``: a BOM wins, then UTF-8, then cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return "utf-16"
    sample = data[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a byte order mark: every other byte is zero for
        # Latin text, and the zero comes second in little-endian files.
        return "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        # A sniffed prefix may end inside a multi-byte character.
        if error.start >= len(data) - 3 and len(data) >= SNIFF_BYTES:
            return "utf-8"
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def detect_delimiter(text: str) -> str:
    """Pick the delimiter that splits the first lines into the most equal rows."""
    lines = [line for line in text.splitlines()[:60] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", (0.0, 0)
    for candidate in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=candidate)]
        if not counts:
            continue
        width = max(set(counts), key=counts.count)
        if width < 2:
            continue
        consistency = counts.count(width) / len(counts)
        score = (consistency, width)
        if score > best_score:
            best, best_score = candidate, score
    return best


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
    elif decimal == "." and comma_groups and not dot:
        # "1,234" alone is ambiguous; take it as grouping only when the
        # same file also writes decimals with a dot.
        thousands = None
    elif decimal == "." and comma_groups:
        thousands = ","
    return decimal, thousands


def _read_csv(
    path: Path,
    header_row: int | None,
    encoding: str | None,
    delimiter: str | None,
) -> RawTable:
    data = path.read_bytes()
    if not data.strip():
        raise InputError(
            f"{path.name} is empty.",
            "Open a file that contains a header row and at least one data row.",
        )
    if _looks_binary(data):
        raise InputError(
            f"{path.name} is not a text file, so it cannot be read as CSV.",
            "If it is a workbook, give it its real extension (.xlsx, .xls or "
            ".ods); otherwise export it from its program as CSV.",
        )
    encoding = encoding or detect_encoding(data[:SNIFF_BYTES])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        encoding = "cp1252" if encoding.startswith("utf-8") else "latin-1"
        text = data.decode(encoding, errors="replace")
    text = text.lstrip("\ufeff")
    delimiter = delimiter or detect_delimiter(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    source = SourceInfo(
        path=str(path.resolve()),
        name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        format="csv",
        encoding=encoding,
        delimiter=delimiter,
    )
    table = _rows_to_table(rows, source, header_row)
    cells = [
        value
        for column in table.frame.columns
        for value in table.frame[column].dropna().head(500)
    ]
    source.decimal, source.thousands = detect_number_format(cells)
    return table


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if head.count(b"\x00") > len(head) // 4:
        return False  # UTF-16 text
    control = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return control > len(head) // 20 or b"\x00" in head


# --- Workbooks -----------------------------------------------------------


def list_sheets(path: str | Path) -> tuple[list[str], list[str]]:
    """Return the visible and hidden sheet names of a workbook."""
    workbook = _open_workbook(Path(path))
    visible, hidden = [], []
    for meta in workbook.sheets_metadata:
        target = visible if str(meta.visible).endswith("Visible") else hidden
        target.append(meta.name)
    return visible, hidden


def _open_workbook(path: Path):
    from python_calamine import CalamineWorkbook

    data = path.read_bytes()
    if not data:
        raise InputError(
            f"{path.name} is empty.",
            "Open the workbook in its program and save it again.",
        )
    if data.startswith(b"\xd0\xcf\x11\xe0") and path.suffix.lower() != ".xls":
        raise InputError(
            f"{path.name} is encrypted or in an old format SynthDesk cannot open.",
            "Remove the password in Excel (File > Info > Protect Workbook) and "
            "save it as .xlsx, then open it again.",
        )
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # calamine raises several unrelated types
        raise InputError(
            f"{path.name} could not be read as a workbook: it is damaged, "
            "encrypted or not really a spreadsheet.",
            "Open it in Excel or LibreOffice and save it again, or export it as CSV.",
        ) from error


def _read_workbook(path: Path, sheet: str | None, header_row: int | None) -> RawTable:
    workbook = _open_workbook(path)
    visible, hidden = [], []
    for meta in workbook.sheets_metadata:
        (visible if str(meta.visible).endswith("Visible") else hidden).append(meta.name)
    names = visible + hidden
    if not names:
        raise InputError(f"{path.name} has no sheets.", "Open another workbook.")
    if sheet is None:
        sheet = visible[0] if visible else names[0]
    if sheet not in names:
        raise InputError(
            f"{path.name} has no sheet named {sheet!r}.",
            "Choose one of: " + ", ".join(names) + ".",
        )
    try:
        rows = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as error:
        raise InputError(
            f"The sheet {sheet!r} in {path.name} could not be read.",
            "Open the workbook in its program, save it again and retry.",
        ) from error
    text_rows = [[_cell_text(value) for value in row] for row in rows]
    data = path.read_bytes()
    source = SourceInfo(
        path=str(path.resolve()),
        name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        format=path.suffix.lower().lstrip("."),
        sheet=sheet,
        sheets=names,
        hidden_sheets=hidden,
    )
    return _rows_to_table(text_rows, source, header_row)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value)


# --- Shared --------------------------------------------------------------


def guess_header_row(rows: list[list[str]]) -> int:
    """Return the index of the first row that is as wide as the table.

    Title rows above a table usually fill one or two cells; the header is the
    first row whose filled cells reach most of the table's width.
    """
    head = rows[:30]
    widths = [sum(1 for cell in row if cell.strip()) for row in head]
    if not widths:
        return 0
    table_width = max(widths)
    if table_width <= 1:
        return 0
    for index, width in enumerate(widths):
        if width >= max(2, 0.6 * table_width):
            return index
    return 0


def _rows_to_table(
    rows: list[list[str]], source: SourceInfo, header_row: int | None
) -> RawTable:
    notes: list[str] = []
    if header_row is None:
        header_row = guess_header_row(rows)
    if header_row >= len(rows):
        raise InputError(
            f"{source.name} has no row {header_row + 1} to use as the header.",
            "Choose an earlier header row.",
        )
    header = [cell.strip() for cell in rows[header_row]]
    body = rows[header_row + 1 :]
    width = max([len(header)] + [len(row) for row in body])
    header += [""] * (width - len(header))
    body = [row + [""] * (width - len(row)) for row in body]
    if header_row:
        notes.append(f"The first {header_row} row(s) above the header were skipped.")

    # Drop empty rows anywhere and columns that are empty from top to bottom.
    body = [row for row in body if any(cell.strip() for cell in row)]
    keep = [
        index
        for index in range(width)
        if header[index] or any(row[index].strip() for row in body)
    ]
    dropped = width - len(keep)
    if dropped:
        notes.append(f"{dropped} empty column(s) without a header were ignored.")
    header = [header[index] for index in keep]
    body = [[row[index] for index in keep] for row in body]
    if not header:
        raise InputError(
            f"{source.name} contains no columns.",
            "Open a file with a header row and at least one data row.",
        )
    names = _unique_names(header, notes)
    frame = pd.DataFrame(body, columns=names, dtype=object)
    if len(frame):
        frame = frame.apply(lambda column: column.str.strip()).replace("", None)
    source.header_row = header_row
    source.skipped_rows = header_row
    source.dropped_empty_columns = dropped
    return RawTable(frame=frame, source=source, notes=notes)


def _unique_names(header: list[str], notes: list[str]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    renamed = 0
    for index, name in enumerate(header):
        base = name or f"column_{index + 1}"
        candidate, counter = base, 2
        while candidate in seen:
            candidate = f"{base}_{counter}"
            counter += 1
        if candidate != name:
            renamed += 1
        seen.add(candidate)
        names.append(candidate)
    if renamed:
        notes.append(
            f"{renamed} column(s) had an empty or repeated name and were renamed."
        )
    return names
