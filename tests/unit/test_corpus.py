"""Awkward input files: each imports with a readable note or raises InputError.

The files are written into a temporary folder by ``build_corpus``; the real
data files and the cases are added to the same checks. No exception other
than ``InputError`` may leave ``read_table`` or ``pipeline.load``, and no
input file may change.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

import openpyxl
import pytest

from synthdesk.core import pipeline
from synthdesk.core.errors import InputError
from synthdesk.core.io.readers import read_table

DATA = Path(__file__).parents[1] / "data"


def _png_bytes() -> bytes:
    """A valid 1x1 PNG image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        checksum = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", checksum)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def _workbook(path: Path, rows: list[list], **options) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = options.get("title", "Data")
    for row in rows:
        sheet.append(row)
    for merge in options.get("merges", []):
        sheet.merge_cells(merge)
    if options.get("hidden"):
        hidden = workbook.create_sheet("Hidden notes")
        hidden.sheet_state = "hidden"
        hidden.append(["secret"])
    workbook.save(path)


def _rows(count: int) -> str:
    return "".join(
        f"{index},{20 + index % 50},{'FM'[index % 2]}\n" for index in range(count)
    )


def build_corpus(folder: Path) -> dict[str, str]:
    """Write the awkward files into ``folder``; return name -> expected outcome.

    The outcome is "ok" (imports), "error" (InputError) or "ok-note" (imports
    with at least one note for the user).
    """
    expected: dict[str, str] = {}

    def text(name: str, content: str, outcome: str, encoding: str = "utf-8") -> None:
        (folder / name).write_bytes(content.encode(encoding))
        expected[name] = outcome

    def raw(name: str, content: bytes, outcome: str) -> None:
        (folder / name).write_bytes(content)
        expected[name] = outcome

    raw("empty.csv", b"", "error")
    raw("whitespace-only.csv", b"  \r\n\r\n \t\n", "error")
    text("header-only.csv", "age,sex,income\n", "ok-note")
    text("one-row.csv", "age,sex\n34,F\n", "ok")
    text("one-column.csv", "age\n" + "".join(f"{n}\n" for n in range(30)), "ok")
    raw("garbage.xlsx", bytes(range(256)) * 40, "error")
    raw("empty.xlsx", b"", "error")
    raw(
        "encrypted.xlsx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 512,
        "error",
    )
    raw("picture.csv", _png_bytes(), "error")
    raw("picture.xlsx", _png_bytes(), "error")
    raw("document.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "error")
    text("duplicate-names.csv", "a,a,,b\n1,2,3,4\n5,6,7,8\n", "ok-note")
    text(
        "empty-column.csv",
        "age,notes,sex\n" + "".join(f"{n},,F\n" for n in range(25)),
        "ok",
    )
    text(
        "constant-column.csv",
        "age,country\n" + "".join(f"{n},SE\n" for n in range(25)),
        "ok",
    )
    text(
        "many-categories.csv",
        "code,value\n" + "".join(f"K{n:05d}x,{n % 7}\n" for n in range(10_000)),
        "ok",
    )
    text("long-cell.csv", "id,text\n1," + "a" * 100_000 + "\n2,b\n", "ok")
    text(
        "mixed-numbers-text.csv",
        "value,group\n"
        + "".join(f"{n if n % 3 else 'abc' + str(n)},g\n" for n in range(30)),
        "ok",
    )
    text("utf16.csv", "namn;ålder\nÅsa;34\nÖrjan;51\n", "ok", "utf-16")
    text("utf16-le-no-bom.csv", "ort\tantal\nMalmö\t3\nLuleå\t4\n", "ok", "utf-16-le")
    text("latin1.csv", "ort;antal\nGävle;3\nLuleå;4\n", "ok", "latin-1")
    text("cp1252.csv", "item;price\n“quoted”;3 €\nother;4 €\n", "ok", "cp1252")
    text("utf8-bom.csv", "\ufeffort,antal\nUmeå,3\n", "ok")
    text(
        "semicolon-decimal-comma.csv",
        "ort;belopp\nA;1.234,50\nB;12,75\nC;3.000,00\n",
        "ok",
    )
    text(
        "title-rows.csv",
        "Population by region 2023\nSource: Statistics office\n\n"
        "region,men,women\nNorth,10,12\nSouth,14,15\n",
        "ok-note",
    )
    text(
        "trailing-empty.csv",
        "a;b;;\n1;2;;\n3;4;;\n;;;\n;;;\n;;;\n",
        "ok-note",
    )
    text(
        "quoted-newlines.csv",
        'id,comment\n1,"first line\nsecond line"\n2,"plain"\n',
        "ok",
    )
    text("pipe.csv", "a|b\n1|2\n3|4\n", "ok")
    text("tab.tsv", "a\tb\n1\t2\n3\t4\n", "ok")
    text("ragged-rows.csv", "a,b\n1,2\n3,4,5,6\n7\n", "ok")
    text("unclosed-quote.csv", 'a,b\n1,"open\n2,3\n', "ok")
    text("only-delimiters.csv", ";;;\n;;;\n", "error")
    raw("truncated.xlsx", b"", "error")  # replaced below by a real prefix
    raw("not-a-zip-workbook.ods", b"hello, this is text\n", "error")
    raw("nul-bytes.csv", b"a,b\n1,\x002\n" + b"\x00\x01\x02" * 100, "error")

    good = folder / "good.xlsx"
    _workbook(good, [["age", "sex"], [34, "F"], [51, "M"]])
    expected["good.xlsx"] = "ok"
    (folder / "truncated.xlsx").write_bytes(good.read_bytes()[:600])
    _workbook(folder / "header-only.xlsx", [["age", "sex"]])
    expected["header-only.xlsx"] = "ok-note"
    _workbook(
        folder / "merged-header.xlsx",
        [
            ["Survey 2023"],
            [],
            ["Name", "Income", None, "Age"],
            [None, "2022", "2023", None],
            ["a", 1.5, 2, 30],
            ["b", 2.5, 3, 40],
        ],
        merges=["B3:C3", "A3:A4", "D3:D4"],
        hidden=True,
    )
    expected["merged-header.xlsx"] = "ok-note"
    _workbook(folder / "empty-sheet.xlsx", [])
    expected["empty-sheet.xlsx"] = "error"
    _workbook(
        folder / "formulas.xlsx",
        [["a", "b"], [1, "=A2*2"], [2, "=A3*2"]],
    )
    expected["formulas.xlsx"] = "ok"
    return expected


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, build_corpus(folder)


def _hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corpus_size(corpus):
    _, expected = corpus
    assert len(expected) >= 30


def test_corpus_outcomes(corpus):
    folder, expected = corpus
    failures = []
    for name, outcome in sorted(expected.items()):
        path = folder / name
        before = _hash(path)
        try:
            raw = read_table(path)
            got = "ok-note" if raw.notes else "ok"
        except InputError as error:
            got = "error"
            assert error.headline, name
            assert error.hint, name
            assert name.split(".")[0] in error.headline or path.name in error.headline
        assert _hash(path) == before, f"{name} changed"
        if outcome == "ok-note":
            matched = got == "ok-note"
        elif outcome == "ok":
            matched = got in ("ok", "ok-note")
        else:
            matched = got == "error"
        if not matched:
            failures.append(f"{name}: expected {outcome}, got {got}")
    assert failures == []


def test_corpus_load_raises_only_input_error(corpus):
    folder, expected = corpus
    paths = [folder / name for name in expected]
    paths += sorted((DATA / "cases").glob("*.csv"))
    for path in paths:
        before = _hash(path)
        try:
            table = pipeline.load(str(path))
        except InputError:
            continue
        finally:
            assert _hash(path) == before, f"{path.name} changed"
        assert all(spec.reason for spec in table.specs), path.name


def test_encrypted_workbook_message(corpus):
    folder, _ = corpus
    with pytest.raises(InputError) as caught:
        read_table(folder / "encrypted.xlsx")
    assert "password" in caught.value.headline
    assert "remove the password" in caught.value.hint.lower()


def test_picture_as_csv_message(corpus):
    folder, _ = corpus
    with pytest.raises(InputError) as caught:
        read_table(folder / "picture.csv")
    assert "PNG image" in caught.value.headline


def test_truncated_workbook_message(corpus):
    folder, _ = corpus
    with pytest.raises(InputError) as caught:
        read_table(folder / "truncated.xlsx")
    assert "damaged" in caught.value.headline


def test_missing_file_message(tmp_path):
    with pytest.raises(InputError) as caught:
        pipeline.load(str(tmp_path / "nowhere.csv"))
    assert "not found" in caught.value.headline


def test_unknown_sheet_lists_sheets(corpus):
    folder, _ = corpus
    with pytest.raises(InputError) as caught:
        read_table(folder / "good.xlsx", sheet="Nope")
    assert "Data" in caught.value.hint


def test_header_row_beyond_end(corpus):
    folder, _ = corpus
    with pytest.raises(InputError) as caught:
        read_table(folder / "one-row.csv", header_row=10)
    assert "row 11" in caught.value.headline


def test_duplicate_names_renamed(corpus):
    folder, _ = corpus
    raw = read_table(folder / "duplicate-names.csv")
    assert list(raw.frame.columns) == ["a", "a_2", "column_3", "b"]


def test_long_cell_kept_whole(corpus):
    folder, _ = corpus
    raw = read_table(folder / "long-cell.csv")
    assert len(raw.frame["text"].iloc[0]) == 100_000


def test_many_categories_count(corpus):
    folder, _ = corpus
    table = pipeline.load(str(folder / "many-categories.csv"))
    assert table.rows == 10_000
    assert table.spec("code").distinct_values == 10_000


def test_ragged_rows_padded(corpus):
    folder, _ = corpus
    raw = read_table(folder / "ragged-rows.csv")
    assert raw.frame.shape == (3, 4)
    assert list(raw.frame.columns[:2]) == ["a", "b"]
