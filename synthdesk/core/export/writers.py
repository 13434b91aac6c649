"""Write synthetic tables as CSV or XLSX, safely.

Files are written under a temporary name in the target folder and renamed
when complete, so a failed or cancelled export leaves no partial file. Text
cells that a spreadsheet program would run as a formula are neutralised: in
CSV they get a leading apostrophe, in XLSX they are stored as text with
Excel's quote-prefix style. Numbers, negative ones included, stay numbers.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import platform
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from synthdesk.core.columns import ColumnSpec, Kind

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Text that is only a signed number is read as that number, never run as a
# formula, so "-3" in a text column stays as it is.
_SIGNED_NUMBER = re.compile(r"[+-]\d+([.,]\d+)?([eE][+-]?\d+)?")
STAGING_MARK = ".partial-"

_EXCEL_DATE_FORMATS = {
    "%Y-%m-%d": "yyyy-mm-dd",
    "%Y-%m-%d %H:%M:%S": "yyyy-mm-dd hh:mm:ss",
    "%Y-%m-%dT%H:%M:%S": "yyyy-mm-dd hh:mm:ss",
    "%Y-%m-%d %H:%M": "yyyy-mm-dd hh:mm",
    "%d/%m/%Y": "dd/mm/yyyy",
    "%m/%d/%Y": "mm/dd/yyyy",
    "%d.%m.%Y": "dd.mm.yyyy",
    "%d-%m-%Y": "dd-mm-yyyy",
    "%Y/%m/%d": "yyyy/mm/dd",
    "%d/%m/%Y %H:%M": "dd/mm/yyyy hh:mm",
    "%Y%m%d": "yyyymmdd",
    "%H:%M:%S": "hh:mm:ss",
    "%H.%M.%S": "hh.mm.ss",
    "%H:%M": "hh:mm",
}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet program could run ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS) and not _SIGNED_NUMBER.fullmatch(text)


def neutralise(text: str) -> str:
    """Prefix an apostrophe to a text cell that a spreadsheet would run as a formula."""
    return "'" + text if is_formula_like(text) else text


def _spec_map(specs: list[ColumnSpec]) -> dict[str, ColumnSpec]:
    return {spec.name: spec for spec in specs}


def format_number(value: float, spec: ColumnSpec, decimal: str) -> str:
    """Write ``value`` with the column's places, decimal mark and grouping.

    ``spec.thousands`` is set only for columns whose input cells were grouped
    (1.234,56 or 1 234); it is ignored when it equals the decimal mark.
    """
    places = 0 if spec.integer else spec.decimals
    if spec.integer:
        value = round(value)
    grouping = spec.thousands if spec.thousands and spec.thousands != decimal else None
    text = f"{value:,.{places}f}" if grouping else f"{value:.{places}f}"
    if text in ("-0", "-0." + "0" * places):
        text = text[1:]
    if grouping:
        text = text.replace(",", "\0").replace(".", decimal).replace("\0", grouping)
    elif decimal != ".":
        text = text.replace(".", decimal)
    return text


def text_cells(
    frame: pd.DataFrame, specs: list[ColumnSpec], decimal: str = "."
) -> pd.DataFrame:
    """Every cell as the text a CSV file holds, in the input's written format.

    An empty cell is written as the column's first confirmed missing-value
    code (``ColumnSpec.output_missing_code``), or left empty.
    """
    lookup = _spec_map(specs)
    out = {}
    for name in frame.columns:
        spec = lookup.get(name)
        values = frame[name]
        empty = (spec.output_missing_code if spec is not None else None) or ""
        if spec is not None and spec.kind == Kind.NUMERIC:
            out[name] = [
                empty if pd.isna(value) else format_number(float(value), spec, decimal)
                for value in values
            ]
        elif spec is not None and spec.kind == Kind.DATETIME:
            fmt = spec.date_format or "%Y-%m-%d"
            out[name] = [
                empty if pd.isna(value) else value.strftime(fmt) for value in values
            ]
        else:
            out[name] = [
                empty if _is_empty(value) else neutralise(str(value))
                for value in values
            ]
    return pd.DataFrame(out, columns=frame.columns)


def _is_empty(value) -> bool:
    return (
        value is None
        or (isinstance(value, float) and np.isnan(value))
        or value is pd.NA
    )


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it to ``target`` on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".partial", dir=target.parent
    )
    os.close(handle)
    temporary_path = Path(temporary)
    os.chmod(temporary_path, 0o666 & ~_umask())
    try:
        yield temporary_path
        os.replace(temporary_path, target)
    except BaseException:
        temporary_path.unlink(missing_ok=True)
        raise


def write_csv(
    frame: pd.DataFrame,
    specs: list[ColumnSpec],
    path: Path,
    delimiter: str = ",",
    encoding: str = "utf-8",
    decimal: str = ".",
) -> None:
    """Write ``frame`` as CSV; raise ``UnicodeEncodeError`` for unwritable text."""
    cells = text_cells(frame, specs, decimal)
    if encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        encoding = "utf-16"
    with atomic_path(path) as temporary:
        with open(temporary, "w", encoding=encoding, newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
            writer.writerow([neutralise(str(name)) for name in frame.columns])
            writer.writerows(cells.itertuples(index=False, name=None))


def write_xlsx(
    frame: pd.DataFrame,
    specs: list[ColumnSpec],
    path: Path,
    about: list[tuple[str, str]],
    sheet_name: str = "Synthetic data",
    timestamp: dt.datetime | None = None,
) -> None:
    """Write the data sheet with typed cells, then an "About this data" sheet.

    With ``timestamp``, the workbook's creation and modification times and
    every ZIP entry's time are set to it, so the same data and timestamp give
    the same bytes.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font

    lookup = _spec_map(specs)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])
    bold = Font(bold=True)
    header = []
    for name in frame.columns:
        cell = _text_cell(sheet, str(name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    converters = [_xlsx_converter(lookup.get(name), sheet) for name in frame.columns]
    formats = [_xlsx_number_format(lookup.get(name)) for name in frame.columns]
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for value, convert, number_format in zip(row, converters, formats, strict=True):
            converted = convert(value)
            if (
                number_format
                and converted is not None
                and not isinstance(converted, Cell)
            ):
                cell = WriteOnlyCell(sheet, value=converted)
                cell.number_format = number_format
                cells.append(cell)
            else:
                cells.append(converted)
        sheet.append(cells)
    about_sheet = workbook.create_sheet("About this data")
    for key, value in about:
        about_sheet.append(
            [_text_cell(about_sheet, key), _text_cell(about_sheet, value)]
        )
    with atomic_path(path) as temporary:
        workbook.save(temporary)
        if timestamp is not None:
            _fix_zip_times(temporary, timestamp)


def _text_cell(sheet, text: str):
    """A cell that holds ``text`` as text even when it starts like a formula.

    openpyxl stores any string starting with "=" as a formula, so the type is
    set back to text, and Excel's quote prefix keeps the cell text when a
    user edits it.
    """
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    if is_formula_like(text):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


_CORE_TIMES = re.compile(
    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)


def _fix_zip_times(path: Path, timestamp: dt.datetime) -> None:
    """Rewrite the workbook at ``path`` with every stored time set to ``timestamp``."""
    stamp = timestamp.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    written = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    date_time = (max(stamp.year, 1980), *stamp.timetuple()[1:6])
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(path) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = _CORE_TIMES.sub(rb"\g<1>" + written + rb"\g<2>", data)
            info = zipfile.ZipInfo(entry.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def _xlsx_missing_value(spec: ColumnSpec | None):
    """The cell value for an empty synthetic cell: the confirmed code or None."""
    code = spec.output_missing_code if spec is not None else None
    if code is None or spec.kind != Kind.NUMERIC:
        return code
    try:
        number = float(code.replace(",", "."))
    except ValueError:
        return code
    return int(number) if number.is_integer() else number


def _xlsx_converter(spec: ColumnSpec | None, sheet):
    missing = _xlsx_missing_value(spec)
    if spec is not None and spec.kind == Kind.NUMERIC:

        def number(value):
            if _is_empty(value):
                return missing
            return int(value) if spec.integer else float(value)

        return number
    if spec is not None and spec.kind == Kind.DATETIME:

        def date(value):
            if value is None or pd.isna(value):
                return missing
            stamp = pd.Timestamp(value).to_pydatetime()
            if spec.date_format and "%Y" not in spec.date_format:
                return stamp.time()
            return stamp

        return date

    def text(value):
        if _is_empty(value):
            return missing
        text_value = str(value)
        return (
            _text_cell(sheet, text_value) if is_formula_like(text_value) else text_value
        )

    return text


def _xlsx_number_format(spec: ColumnSpec | None) -> str | None:
    if spec is None:
        return None
    if spec.kind == Kind.DATETIME:
        return _EXCEL_DATE_FORMATS.get(spec.date_format or "", "yyyy-mm-dd")
    if spec.kind == Kind.NUMERIC and not spec.integer and spec.decimals:
        return "0." + "0" * min(spec.decimals, 10)
    return None


def write_text(path: Path, text: str) -> None:
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def make_staging(target: Path) -> Path:
    """Create an empty hidden folder beside ``target`` to write an export into.

    Its name records this host and process, so ``remove_stale_staging`` can
    tell when the process that wrote it has died.
    """
    prefix = f".{target.name}{STAGING_MARK}{_owner_tag()}-"
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
    os.chmod(staging, 0o777 & ~_umask())
    return staging


def publish_folder(staging: Path, target: Path, overwrite: bool) -> None:
    """Move a completely written staging folder to ``target``.

    An existing ``target`` is replaced only when ``overwrite`` is true; it is
    moved aside first and removed after the new folder is in place.
    """
    if target.exists():
        if not overwrite:
            shutil.rmtree(staging, ignore_errors=True)
            raise FileExistsError(str(target))
        stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S%f")
        aside = target.with_name(f".{target.name}{_OLD_MARK}{_owner_tag()}-{stamp}")
        os.replace(target, aside)
        try:
            os.replace(staging, target)
        except BaseException:
            os.replace(aside, target)
            raise
        shutil.rmtree(aside, ignore_errors=True)
    else:
        os.replace(staging, target)


_OLD_MARK = ".old-"


def _owner_tag() -> str:
    return f"{_host_tag()}-{os.getpid()}"


def _host_tag() -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", platform.node() or "host")[:40]


def remove_stale_staging(target: Path) -> list[Path]:
    """Remove what a killed export to ``target`` left beside it; return the paths.

    A staging folder is removed when the process named in it has ended on
    this host. A previous folder that was moved aside for replacement is
    moved back when ``target`` is missing, and removed otherwise.
    """
    removed = []
    if not target.parent.is_dir():
        return removed
    prefix = f".{target.name}"
    for path in sorted(target.parent.iterdir()):
        if not path.name.startswith(prefix):
            continue
        mark = _stale_mark(path.name[len(prefix) :])
        if mark == STAGING_MARK or (mark == _OLD_MARK and target.exists()):
            shutil.rmtree(path, ignore_errors=True)
        elif mark == _OLD_MARK:
            os.replace(path, target)
        else:
            continue
        removed.append(path)
    return removed


def _stale_mark(suffix: str) -> str | None:
    """Return the mark of a leftover whose process has ended, else ``None``."""
    for mark in (STAGING_MARK, _OLD_MARK):
        head = f"{mark}{_host_tag()}-"
        if suffix.startswith(head):
            pid_text = suffix[len(head) :].split("-", 1)[0]
            if pid_text.isdigit() and not _process_alive(int(pid_text)):
                return mark
    return None


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        # NOTE: os.kill(pid, 0) terminates the process on Windows, so there a
        # leftover is never judged stale and stays until removed by hand.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
