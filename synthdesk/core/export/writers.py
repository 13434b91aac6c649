"""Write synthetic tables as CSV or XLSX, safely.

Files are written under a temporary name in the target folder and renamed
when complete, so a failed or cancelled export leaves no partial file. Text
cells that a spreadsheet program would run as a formula get a leading
apostrophe; numbers, negative ones included, stay numbers.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from synthdesk.core.columns import ColumnSpec, Kind

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

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


def neutralise(text: str) -> str:
    """Make a text cell that starts like a formula inert in spreadsheet programs."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _spec_map(specs: list[ColumnSpec]) -> dict[str, ColumnSpec]:
    return {spec.name: spec for spec in specs}


def format_number(value: float, spec: ColumnSpec, decimal: str) -> str:
    if spec.integer:
        return str(int(value))
    text = f"{value:.{spec.decimals}f}"
    return text.replace(".", decimal) if decimal != "." else text


def text_cells(
    frame: pd.DataFrame, specs: list[ColumnSpec], decimal: str = "."
) -> pd.DataFrame:
    """Every cell as the text a CSV file holds, in the input's written format."""
    lookup = _spec_map(specs)
    out = {}
    for name in frame.columns:
        spec = lookup.get(name)
        values = frame[name]
        if spec is not None and spec.kind == Kind.NUMERIC:
            out[name] = [
                "" if pd.isna(value) else format_number(float(value), spec, decimal)
                for value in values
            ]
        elif spec is not None and spec.kind == Kind.DATETIME:
            fmt = spec.date_format or "%Y-%m-%d"
            out[name] = [
                "" if pd.isna(value) else value.strftime(fmt) for value in values
            ]
        else:
            out[name] = [
                "" if _is_empty(value) else neutralise(str(value)) for value in values
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
    cells = text_cells(frame, specs, decimal)
    if encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        encoding = "utf-16"
    with atomic_path(path) as temporary:
        with open(
            temporary, "w", encoding=encoding, newline="", errors="replace"
        ) as handle:
            writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
            writer.writerow(list(frame.columns))
            writer.writerows(cells.itertuples(index=False, name=None))


def write_xlsx(
    frame: pd.DataFrame,
    specs: list[ColumnSpec],
    path: Path,
    about: list[tuple[str, str]],
    sheet_name: str = "Synthetic data",
) -> None:
    """Write the data sheet with typed cells, then an "About this data" sheet."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    lookup = _spec_map(specs)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])
    bold = Font(bold=True)
    header = []
    for name in frame.columns:
        cell = WriteOnlyCell(sheet, value=neutralise(str(name)))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    converters = [_xlsx_converter(lookup.get(name)) for name in frame.columns]
    formats = [_xlsx_number_format(lookup.get(name)) for name in frame.columns]
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for value, convert, number_format in zip(row, converters, formats, strict=True):
            converted = convert(value)
            if number_format and converted is not None:
                cell = WriteOnlyCell(sheet, value=converted)
                cell.number_format = number_format
                cells.append(cell)
            else:
                cells.append(converted)
        sheet.append(cells)
    about_sheet = workbook.create_sheet("About this data")
    for key, value in about:
        about_sheet.append([neutralise(key), neutralise(value)])
    with atomic_path(path) as temporary:
        workbook.save(temporary)


def _xlsx_converter(spec: ColumnSpec | None):
    if spec is not None and spec.kind == Kind.NUMERIC:

        def number(value):
            if _is_empty(value):
                return None
            return int(value) if spec.integer else float(value)

        return number
    if spec is not None and spec.kind == Kind.DATETIME:

        def date(value):
            if value is None or pd.isna(value):
                return None
            stamp = pd.Timestamp(value).to_pydatetime()
            if spec.date_format and "%Y" not in spec.date_format:
                return stamp.time()
            return stamp

        return date

    def text(value):
        return None if _is_empty(value) else neutralise(str(value))

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
        aside = target.with_name(f".{target.name}.old-{stamp}")
        os.replace(target, aside)
        os.replace(staging, target)
        shutil.rmtree(aside, ignore_errors=True)
    else:
        os.replace(staging, target)
