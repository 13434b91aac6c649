"""The export folder: README, report.html, data files, run.json and safe writing."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from synthdesk.core import pipeline, user_settings
from synthdesk.core.columns import ColumnSpec, Kind
from synthdesk.core.errors import Cancelled, InputError
from synthdesk.core.export import ExportOptions, export_run, writers
from synthdesk.core.export.readme import ABOUT_FIELDS, BLANK_MARK, KIND_TITLES
from synthdesk.core.export.redact import Redactor
from synthdesk.core.export.report import report_figures
from synthdesk.core.generators import generator_info
from synthdesk.core.plots import RARE_LABEL
from synthdesk.core.progress import Progress
from tests.conftest import CASES, DATA, ROOT, sha256

RARE_COUNTRY = "Holand-Netherlands"
README_HEADINGS = [
    "# Synthetic data made from adult.csv",
    "## General",
    "## Synthetic status",
    "## Original data",
    "## Preparation before training",
    "## Generator",
    "## Fidelity",
    "## Known artefacts",
    "## Privacy",
    "## Intended and unsuitable uses",
    "## Files and codebook",
    "## Reproduce",
]


def _files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def _run(table, settings=None):
    result = pipeline.generate(table, settings or pipeline.Settings(seed=7))
    result.evaluation = pipeline.evaluate_run(table, result.synthetic)
    return result


# --- Fixtures --------------------------------------------------------------


@pytest.fixture(scope="module")
def adult_run(adult_table):
    """One Gaussian copula run on the full Adult table, shared by this module."""
    return adult_table, _run(adult_table)


@pytest.fixture(scope="module")
def adult_export(adult_run, tmp_path_factory):
    table, result = adult_run
    target = tmp_path_factory.mktemp("export") / "adult-synthetic"
    return export_run(table, result, target, ExportOptions())


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    """A Gaussian copula run on the first 1,000 rows of Adult."""
    lines = (DATA / "adult.csv").read_bytes().splitlines(keepends=True)
    path = tmp_path_factory.mktemp("small") / "adult-1000.csv"
    path.write_bytes(b"".join(lines[:1001]))
    table = pipeline.load(str(path))
    return table, _run(table)


@pytest.fixture(scope="module")
def comma_run():
    """A run on a semicolon-separated CSV file with decimal commas."""
    table = pipeline.load(str(CASES / "13-decimal-comma-semicolon.csv"))
    return table, _run(table)


# --- README ----------------------------------------------------------------


@pytest.mark.slow
def test_readme_has_all_twelve_sections(adult_export):
    text = (adult_export / "README.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if re.match(r"#{1,2} ", line)]
    assert headings == README_HEADINGS


@pytest.mark.slow
def test_readme_matches_run(adult_run, adult_export):
    table, result = adult_run
    text = (adult_export / "README.md").read_text(encoding="utf-8")
    versions = result.versions
    assert "Every row in this data set is synthetic" in text
    assert f"**Random seed:** {result.settings.seed}" in text
    assert f"`{sha256(DATA / 'adult.csv')}`" in text
    assert generator_info("gaussian_copula").family in text
    for key in ("synthdesk", "sdv", "torch", "python"):
        assert f" {versions[key]}" in text, key
    assert versions["os"] in text
    assert f"learning {result.seconds['fit']:.1f} s" in text
    assert f"{len(result.synthetic):,} synthetic rows" in text
    overall = result.evaluation["scores"]["overall"]
    assert f"**Overall quality score:** {overall:.2f}" in text
    for spec in table.specs:
        assert f"| `{spec.name}` |" in text, spec.name


@pytest.mark.slow
def test_readme_lists_every_warning_by_kind(adult_run, adult_export):
    _, result = adult_run
    text = (adult_export / "README.md").read_text(encoding="utf-8")
    findings = result.evaluation["warnings"]
    kinds = {finding["kind"] for finding in findings}
    assert kinds, "the Adult run is expected to raise warnings"
    for kind in kinds:
        count = sum(finding["kind"] == kind for finding in findings)
        assert f"### {KIND_TITLES[kind]} ({count}:" in text, kind
    listed = [
        line for line in text.splitlines() if re.match(r"- \[(high|medium|low)\]", line)
    ]
    assert len(listed) == len(findings)


@pytest.mark.slow
def test_readme_marks_unanswered_fields(adult_export):
    text = (adult_export / "README.md").read_text(encoding="utf-8")
    for _, hint in ABOUT_FIELDS.values():
        assert f"**{BLANK_MARK}: {hint}.]**" in text, hint


def test_readme_uses_about_answers(small_run, tmp_path):
    table, result = small_run
    about = {key: f"answer for {key}" for key in ABOUT_FIELDS}
    folder = export_run(table, result, tmp_path / "out", ExportOptions(about=about))
    text = (folder / "README.md").read_text(encoding="utf-8")
    for key, (_, hint) in ABOUT_FIELDS.items():
        assert f":** answer for {key}" in text
        assert hint not in text


# --- Report ----------------------------------------------------------------


@pytest.mark.slow
def test_report_loads_nothing_from_outside(adult_export):
    text = (adult_export / "report.html").read_text(encoding="utf-8")
    assert "http" not in text.lower()
    assert "//" not in re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", text)
    sources = re.findall(r"""\bsrc\s*=\s*['"]?([^'" >]*)""", text, re.IGNORECASE)
    assert sources
    assert all(source.startswith("data:image/png;base64,") for source in sources)
    assert not re.search(r"\bhref\s*=", text, re.IGNORECASE)
    assert not re.search(r"<(link|script|iframe|object|embed)\b", text, re.IGNORECASE)
    assert "@import" not in text and "url(" not in text


@pytest.mark.slow
def test_report_shows_scores_and_warnings(adult_run, adult_export):
    _, result = adult_run
    text = (adult_export / "report.html").read_text(encoding="utf-8")
    overall = result.evaluation["scores"]["overall"]
    assert f"<td>Overall quality</td><td>{overall:.2f}</td>" in text
    assert text.count("<tr><td class='") == len(result.evaluation["warnings"])
    learned = [spec for spec in adult_run[0].specs if spec.learned]
    assert text.count("<img ") == len(learned)


def test_report_plots_pool_rare_labels(small_run):
    table, result = small_run
    real = table.model_frame()
    learned = [spec.name for spec in table.specs if spec.learned]
    synthetic = pipeline.synthetic_model_frame(result.synthetic, table.specs, learned)
    rare = real["native-country"].value_counts()
    rare_values = set(rare.index[rare < 5])
    assert rare_values, "the sample is expected to hold rare countries"

    def labels(redactor):
        for caption, figure in report_figures(table, real, synthetic, redactor):
            if caption.startswith("native-country"):
                axes = figure.axes[0]
                return {label.get_text() for label in axes.get_yticklabels()}
        raise AssertionError("no native-country figure")

    hidden = labels(Redactor(real))
    shown = labels(Redactor(real, enabled=False))
    assert not hidden & rare_values
    pooled = RARE_LABEL.format(k=5)[:20]
    assert any(label.startswith(pooled) for label in hidden)
    assert shown & rare_values


# --- Rare values -----------------------------------------------------------


def _category_values(table) -> dict[str, pd.Series]:
    frame = table.model_frame()
    return {
        spec.name: frame[spec.name].dropna().astype(str).value_counts()
        for spec in table.specs
        if spec.learned and spec.kind in (Kind.CATEGORICAL, Kind.BOOLEAN)
    }


@pytest.mark.slow
def test_rare_value_withheld_by_default(adult_run, adult_export):
    table, _ = adult_run
    expected = sum(
        int((counts < 5).sum()) for counts in _category_values(table).values()
    )
    for name in ("README.md", "report.html", "run.json"):
        text = (adult_export / name).read_text(encoding="utf-8")
        assert RARE_COUNTRY not in text, name
    readme = (adult_export / "README.md").read_text(encoding="utf-8")
    assert f"{expected} value(s) are withheld" in readme
    manifest = json.loads((adult_export / "run.json").read_text(encoding="utf-8"))
    assert manifest["export"]["withheld_values"] == expected


@pytest.mark.slow
def test_rare_combination_count_withheld(adult_export):
    readme = (adult_export / "README.md").read_text(encoding="utf-8")
    exact_small = re.findall(r"only [1-4] real rows? ha(?:s|ve) it", readme)
    assert exact_small == []
    assert "fewer than 5 real rows have it" in readme


@pytest.mark.slow
def test_rare_value_named_with_opt_in(adult_run, tmp_path):
    table, result = adult_run
    options = ExportOptions(name_rare_values=True)
    folder = export_run(table, result, tmp_path / "named", options)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert RARE_COUNTRY in readme
    manifest = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert manifest["export"]["name_rare_values"] is True
    assert RARE_COUNTRY not in json.dumps(manifest)


# --- run.json --------------------------------------------------------------


def _strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


@pytest.mark.slow
def test_run_json_holds_no_real_values(adult_run, adult_export):
    table, _ = adult_run
    manifest = json.loads((adult_export / "run.json").read_text(encoding="utf-8"))
    strings = set(_strings(manifest))
    for column, counts in _category_values(table).items():
        leaked = strings & set(counts.index)
        assert not leaked, (column, leaked)
    text = json.dumps(manifest)
    assert "sdtype" not in text
    assert "METADATA_SPEC_VERSION" not in text


@pytest.mark.slow
def test_run_json_records_run(adult_run, adult_export):
    table, result = adult_run
    manifest = json.loads((adult_export / "run.json").read_text(encoding="utf-8"))
    assert manifest["input"]["sha256"] == sha256(DATA / "adult.csv")
    assert manifest["settings"] == result.settings.to_dict()
    assert manifest["versions"]["sdv"] == result.versions["sdv"]
    data_file = adult_export / manifest["output"]["file"]
    assert manifest["output"]["sha256"] == sha256(data_file)
    assert [column["name"] for column in manifest["columns"]] == [
        spec.name for spec in table.specs
    ]


# --- Data files ------------------------------------------------------------


def test_csv_keeps_input_format(comma_run, tmp_path):
    table, result = comma_run
    folder = export_run(table, result, tmp_path / "out", ExportOptions())
    data = folder / "13-decimal-comma-semicolon-synthetic.csv"
    text = data.read_text(encoding=table.source.encoding)
    header, first = text.splitlines()[:2]
    assert header == "ort;belopp;vikt_kg"
    assert re.fullmatch(r"[^;]+;-?[\d.]+,\d{2};-?\d+,\d", first)


def test_csv_format_overrides(comma_run, tmp_path):
    table, result = comma_run
    options = ExportOptions(csv_delimiter=",", csv_decimal=".", csv_encoding="utf-16")
    folder = export_run(table, result, tmp_path / "out", options)
    data = folder / "13-decimal-comma-semicolon-synthetic.csv"
    assert data.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    frame = pd.read_csv(data, encoding="utf-16")
    assert list(frame.columns) == ["ort", "belopp", "vikt_kg"]
    assert frame["belopp"].dtype == float
    manifest = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert manifest["output"]["delimiter"] == ","
    assert manifest["output"]["encoding"] == "utf-16"


@pytest.mark.parametrize(
    "options",
    [
        ExportOptions(csv_delimiter=";", csv_decimal=";"),
        ExportOptions(csv_delimiter=",", csv_decimal=","),
        ExportOptions(csv_delimiter="x"),
        ExportOptions(csv_encoding="no-such-encoding"),
        ExportOptions(format="ods"),
    ],
)
def test_csv_settings_rejected(comma_run, tmp_path, options):
    table, result = comma_run
    with pytest.raises(InputError):
        export_run(table, result, tmp_path / "out", options)
    assert _files_under(tmp_path) == []


def test_xlsx_about_sheet(small_run, tmp_path):
    from openpyxl import load_workbook

    table, result = small_run
    created = dt.datetime(2024, 5, 6, 7, 8, tzinfo=dt.UTC)
    options = ExportOptions(format="xlsx", created=created)
    folder = export_run(table, result, tmp_path / "out", options)
    workbook = load_workbook(folder / "adult-1000-synthetic.xlsx", read_only=True)
    assert workbook.sheetnames == ["Synthetic data", "About this data"]
    about = dict(workbook["About this data"].iter_rows(values_only=True))
    assert "synthetic" in about["Synthetic data"]
    assert about["Date"] == "2024-05-06 07:08 UTC"
    assert about["Generator"] == generator_info("gaussian_copula").label
    assert "README.md" in about["More"]
    rows = sum(1 for _ in workbook["Synthetic data"].iter_rows(values_only=True))
    assert rows == len(result.synthetic) + 1


def test_xlsx_bytes_repeat_with_same_timestamp(tmp_path):
    frame = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    specs = [
        ColumnSpec("a", Kind.NUMERIC, integer=True),
        ColumnSpec("b", Kind.CATEGORICAL),
    ]
    stamp = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    writers.write_xlsx(frame, specs, tmp_path / "one.xlsx", [], timestamp=stamp)
    time.sleep(2.1)  # ZIP times have a 2-second resolution
    writers.write_xlsx(frame, specs, tmp_path / "two.xlsx", [], timestamp=stamp)
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.xlsx") as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "2024-01-02T03:04:05Z" in core


# --- Formula neutralisation --------------------------------------------------

FORMULA_TEXTS = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\tindented",
    "\rreturn",
    "-cmd|' /C calc'!A0",
]
PLAIN_TEXTS = ["plain", "-3", "+4", "-1.5", "a=b"]


def _formula_table():
    texts = FORMULA_TEXTS + PLAIN_TEXTS
    numbers = [-3, 0, 7, -12, 5, 1, -1, 2, -4, 9, 11, -8]
    frame = pd.DataFrame(
        {
            "=note": pd.Series(texts, dtype=object),
            "amount": pd.array(numbers[: len(texts)], dtype="Int64"),
            "share": [-0.25] * len(texts),
        }
    )
    specs = [
        ColumnSpec("=note", Kind.CATEGORICAL),
        ColumnSpec("amount", Kind.NUMERIC, integer=True),
        ColumnSpec("share", Kind.NUMERIC, decimals=2),
    ]
    return frame, specs


def test_csv_neutralises_formulas(tmp_path):
    frame, specs = _formula_table()
    path = tmp_path / "cells.csv"
    writers.write_csv(frame, specs, path)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["'=note", "amount", "share"]
    notes = [row[0] for row in rows[1:]]
    assert notes[: len(FORMULA_TEXTS)] == ["'" + text for text in FORMULA_TEXTS]
    assert notes[len(FORMULA_TEXTS) :] == PLAIN_TEXTS
    assert [row[1] for row in rows[1:]] == [str(value) for value in frame["amount"]]
    assert {row[2] for row in rows[1:]} == {"-0.25"}


def test_xlsx_neutralises_formulas(tmp_path):
    from openpyxl import load_workbook

    frame, specs = _formula_table()
    path = tmp_path / "cells.xlsx"
    writers.write_xlsx(frame, specs, path, [("=about", "@note")])
    sheet = load_workbook(path)["Synthetic data"]
    header = sheet[1][0]
    assert (header.value, header.data_type) == ("=note", "s")
    for index, text in enumerate(FORMULA_TEXTS + PLAIN_TEXTS, start=2):
        note, amount, share = sheet[index][:3]
        # XML stores a carriage return in text as a line feed.
        assert note.value == text.replace("\r", "\n")
        assert note.data_type == "s", text
        assert note.quotePrefix == (text in FORMULA_TEXTS), text
        assert amount.data_type == "n"
        assert amount.value == frame["amount"][index - 2]
        assert share.data_type == "n"
        assert share.value == -0.25
    assert any(cell.value == -3 for cell in sheet["B"])
    about = load_workbook(path)["About this data"]
    assert [cell.data_type for cell in about[1]] == ["s", "s"]


def test_export_neutralises_generated_formulas(tmp_path):
    texts = ['=HYPERLINK("http://x","y")', "@SUM(A1)", "plain"] * 10
    rows = ["note,amount"] + [
        f'"{text.replace(chr(34), chr(34) * 2)}",{-3 + index % 7}'
        for index, text in enumerate(texts)
    ]
    source = tmp_path / "cells.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    table = pipeline.load(str(source))
    result = _run(table)
    folder = export_run(table, result, tmp_path / "out", ExportOptions())
    with open(folder / "cells-synthetic.csv", encoding="utf-8", newline="") as handle:
        written = list(csv.DictReader(handle))
    notes = {row["note"] for row in written}
    assert notes <= {"'" + texts[0], "'" + texts[1], "plain"}
    assert notes & {"'" + texts[0], "'" + texts[1]}
    assert all(re.fullmatch(r"-?\d+", row["amount"]) for row in written)


# --- Safe writing ------------------------------------------------------------


@pytest.mark.parametrize("cancel_at", [1, 2, 3, 4, 5])
def test_cancel_leaves_nothing(small_run, tmp_path, cancel_at):
    table, result = small_run
    checks = []

    def is_cancelled():
        checks.append(True)
        return len(checks) >= cancel_at

    with pytest.raises(Cancelled):
        export_run(
            table,
            result,
            tmp_path / "out",
            progress=Progress(is_cancelled=is_cancelled),
        )
    assert _files_under(tmp_path) == []


def test_failed_write_leaves_nothing(comma_run, tmp_path):
    table, result = comma_run
    assert result.synthetic["ort"].str.contains("ö").any()
    with pytest.raises(InputError, match="ascii"):
        export_run(table, result, tmp_path / "out", ExportOptions(csv_encoding="ascii"))
    assert _files_under(tmp_path) == []


def test_existing_folder_needs_overwrite(small_run, tmp_path):
    table, result = small_run
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old", encoding="utf-8")
    with pytest.raises(FileExistsError):
        export_run(table, result, target, ExportOptions())
    assert _files_under(tmp_path) == ["out", "out/old.txt"]
    export_run(table, result, target, ExportOptions(overwrite=True))
    assert not (target / "old.txt").exists()
    assert [path.name for path in tmp_path.iterdir()] == ["out"]


def test_stale_staging_removed(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = int(finished.stdout)
    target = tmp_path / "out"
    host = writers._host_tag()
    stale = tmp_path / f".out{writers.STAGING_MARK}{host}-{dead}-abc"
    live = tmp_path / f".out{writers.STAGING_MARK}{host}-{os.getpid()}-abc"
    moved = tmp_path / f".out.old-{host}-{dead}-20240101"
    for folder in (stale, live, moved):
        folder.mkdir()
    (moved / "data.csv").write_text("a\n", encoding="utf-8")
    removed = writers.remove_stale_staging(target)
    assert sorted(removed) == sorted([stale, moved])
    assert (target / "data.csv").exists()
    assert live.exists()


_KILL_SCRIPT = textwrap.dedent(
    """
    import sys
    from synthdesk.core import pipeline
    from synthdesk.core.export import ExportOptions, export_run
    from synthdesk.core.progress import Progress

    table = pipeline.load(sys.argv[1])
    learned = [spec.name for spec in table.specs if spec.learned]
    synthetic = pipeline.finish_output(
        table, table.model_frame()[learned], table.rows, 0
    )
    result = pipeline.RunResult(
        synthetic=synthetic,
        settings=pipeline.Settings(),
        started="",
        seconds={},
        versions=pipeline.versions(),
    )

    def report(fraction, message):
        print(message, flush=True)

    export_run(
        table,
        result,
        sys.argv[2],
        ExportOptions(format="xlsx"),
        Progress(report, min_interval=0),
    )
    print("finished", flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGKILL])
def test_killed_export_leaves_nothing(tmp_path, signal_number):
    """Kill an export of the full Adult table while it writes the XLSX file."""
    target = tmp_path / "out" / "adult-synthetic"
    process = subprocess.Popen(
        [sys.executable, "-c", _KILL_SCRIPT, str(DATA / "adult.csv"), str(target)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        line = process.stdout.readline()
        assert line.strip() == "Writing the synthetic data"
        time.sleep(1.5)
        assert process.poll() is None, "the export ended before it was killed"
        staged = [path.name for path in target.parent.iterdir()]
        assert any(writers.STAGING_MARK in name for name in staged)
        process.send_signal(signal_number)
        process.wait(timeout=60)
    finally:
        process.kill()
        process.stdout.close()
    assert process.returncode != 0
    assert not target.exists()
    if signal_number == signal.SIGKILL:
        # A killed process cannot clean up; the next export to the same
        # folder removes what it left.
        writers.remove_stale_staging(target)
    assert _files_under(tmp_path / "out") == []


# --- Remembered answers ----------------------------------------------------------


def test_about_answers_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv(user_settings.CONFIG_DIR_VARIABLE, str(tmp_path / "config"))
    assert user_settings.load_about() == {}
    answers = {"creator": "Ana Ström", "licence": "CC BY 4.0"}
    assert user_settings.save_about(answers) is True
    assert user_settings.load_about() == answers
    assert _files_under(tmp_path / "config") == [user_settings.ABOUT_FILE]


def test_about_answers_malformed_file(tmp_path, monkeypatch):
    monkeypatch.setenv(user_settings.CONFIG_DIR_VARIABLE, str(tmp_path))
    (tmp_path / user_settings.ABOUT_FILE).write_text("[1, 2", encoding="utf-8")
    assert user_settings.load_about() == {}
    (tmp_path / user_settings.ABOUT_FILE).write_text("[1, 2]", encoding="utf-8")
    assert user_settings.load_about() == {}


def test_about_answers_unwritable_folder(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(user_settings.CONFIG_DIR_VARIABLE, str(blocker / "config"))
    assert user_settings.save_about({"creator": "x"}) is False
