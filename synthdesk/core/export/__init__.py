"""Write an export folder: data, README.md, report.html and run.json.

The folder is written into a hidden staging folder beside the target and
renamed into place only when every file is complete, so a failed or
cancelled export leaves nothing behind (see ``docs/export.md``).
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import json
import shutil
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path

from synthdesk.core.columns import Kind
from synthdesk.core.errors import Cancelled, InputError
from synthdesk.core.export import writers
from synthdesk.core.export.readme import render_readme
from synthdesk.core.export.redact import DEFAULT_K, Redactor
from synthdesk.core.export.report import render_report
from synthdesk.core.io.readers import file_sha256
from synthdesk.core.progress import Progress

MANIFEST_VERSION = 1
FORMATS = ("csv", "xlsx")
CSV_DELIMITERS = (",", ";", "\t", "|")
DECIMAL_MARKS = (".", ",")
CREATED_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass
class ExportOptions:
    """What the user chose on the export page.

    ``format`` is "same" (CSV for a CSV input, XLSX for a workbook), "csv"
    or "xlsx". The ``csv_*`` fields override the delimiter, encoding and
    decimal mark of a CSV file; ``None`` keeps the input's (comma, UTF-8 and
    point for a workbook input). ``created`` fixes the date written into the
    files, and ``reproduced_at`` marks an export made by ``reproduce``.
    """

    format: str = "same"
    about: dict = field(default_factory=dict)
    k: int = DEFAULT_K
    name_rare_values: bool = False
    overwrite: bool = False
    csv_delimiter: str | None = None
    csv_encoding: str | None = None
    csv_decimal: str | None = None
    created: dt.datetime | None = None
    reproduced_at: dt.datetime | None = None

    def resolved_format(self, source_format: str) -> str:
        if self.format in FORMATS:
            return self.format
        if self.format != "same":
            raise InputError(
                f"The data format {self.format!r} is invalid.",
                "Choose same, csv or xlsx.",
            )
        return "csv" if source_format == "csv" else "xlsx"


def default_folder_name(source_name: str) -> str:
    return f"{Path(source_name).stem}-synthetic"


def export_run(
    table,
    result,
    target: str | Path,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the export folder ``target`` and return its path.

    Everything is written into a hidden staging folder beside ``target`` that
    is renamed to ``target`` only when complete. Raises ``FileExistsError``
    when ``target`` exists and ``options.overwrite`` is false, ``InputError``
    for unusable CSV settings and ``Cancelled`` when ``progress`` reports a
    cancel or, in the main thread, the process receives SIGTERM. In every
    failure the staging folder is removed. Leftovers of an export whose
    process was killed outright are removed at the start of the next export
    to the same ``target``.
    """
    options = options or ExportOptions()
    progress = progress or Progress()
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    writers.remove_stale_staging(target)
    if target.exists() and not options.overwrite:
        raise FileExistsError(str(target))
    data_format = options.resolved_format(table.source.format)
    csv_settings = resolve_csv_settings(table.source, options)
    staging = writers.make_staging(target)
    try:
        with _sigterm_as_cancel():
            _write_all(
                table, result, staging, options, data_format, csv_settings, progress
            )
            progress.check()
            writers.publish_folder(staging, target, options.overwrite)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


@contextlib.contextmanager
def _sigterm_as_cancel():
    """Turn SIGTERM into ``Cancelled`` while inside, so clean-up code runs.

    Python installs signal handlers only from the main thread; elsewhere this
    does nothing and a terminated process leaves a staging folder for
    ``writers.remove_stale_staging``.
    """
    if (
        not hasattr(signal, "SIGTERM")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def cancel(signum, frame):
        raise Cancelled()

    previous = signal.signal(signal.SIGTERM, cancel)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def resolve_csv_settings(source, options: ExportOptions) -> dict:
    """Return the delimiter, encoding and decimal mark for a CSV data file.

    Raises ``InputError`` when a chosen value is unknown or when the
    delimiter and decimal mark are the same character.
    """
    from_csv = source.format == "csv"
    delimiter = options.csv_delimiter or (from_csv and source.delimiter) or ","
    encoding = options.csv_encoding or (from_csv and source.encoding) or "utf-8"
    decimal = options.csv_decimal or (source.decimal if from_csv else ".")
    if delimiter not in CSV_DELIMITERS:
        raise InputError(
            f"The CSV delimiter {delimiter!r} is not supported.",
            "Choose a comma, semicolon, tab or vertical bar.",
        )
    if decimal not in DECIMAL_MARKS:
        raise InputError(
            f"The decimal mark {decimal!r} is not supported.",
            "Choose a point or a comma.",
        )
    if decimal == delimiter:
        raise InputError(
            f"The decimal mark and the delimiter are both {decimal!r}.",
            "Use a semicolon as delimiter with a decimal comma.",
        )
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"The encoding {encoding!r} is unknown.", "Choose UTF-8."
        ) from None
    return {"delimiter": delimiter, "encoding": encoding, "decimal": decimal}


def _write_all(table, result, folder, options, data_format, csv_settings, progress):
    from synthdesk.core.control import describe_output_rules, describe_rebalancing
    from synthdesk.core.pipeline import synthetic_model_frame

    created = (options.created or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    created = created.replace(microsecond=0)
    progress.report(0.0, "Writing the synthetic data")
    output = _write_data(table, result, folder, data_format, csv_settings, created)
    output["sha256"] = file_sha256(folder / output["file"])
    progress.report(0.5, "Drawing the report")
    real = table.model_frame()
    redactor = Redactor(real, k=options.k, enabled=not options.name_rare_values)
    learned = [spec.name for spec in table.specs if spec.learned]
    synthetic_typed = synthetic_model_frame(result.synthetic, table.specs, learned)
    report = render_report(table, result, redactor, real, synthetic_typed, created)
    writers.write_text(folder / "report.html", report)
    progress.report(0.85, "Writing the README")
    context = {
        "table": table,
        "result": result,
        "about": options.about,
        "created": created,
        "reproduced_at": options.reproduced_at,
        "data_file": output["file"],
        "output": output,
        "redactor": redactor,
        "rebalancing": describe_rebalancing(result.settings.control, synthetic_typed),
        "output_rules": describe_output_rules(result.settings.control),
    }
    writers.write_text(folder / "README.md", render_readme(context))
    manifest = build_manifest(table, result, output, options, redactor, created)
    writers.write_text(
        folder / "run.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    )
    progress.report(1.0, "Export written")


def _write_data(table, result, folder, data_format, csv_settings, created) -> dict:
    """Write the data file and return its description for README and run.json."""
    stem = default_folder_name(table.source.name)
    data_file = f"{stem}.{data_format}"
    if data_format == "csv":
        try:
            writers.write_csv(
                result.synthetic, table.specs, folder / data_file, **csv_settings
            )
        except UnicodeEncodeError as error:
            raise InputError(
                f"The synthetic data contain characters that the encoding "
                f"{csv_settings['encoding']} cannot write, such as {error.object[error.start : error.end]!r}.",
                "Choose UTF-8 as the encoding.",
            ) from None
        return {"format": "csv", "file": data_file, **csv_settings}
    settings = result.settings
    from synthdesk.core.generators import generator_info

    about_rows = [
        (
            "Synthetic data",
            "Every row on the first sheet is synthetic: generated by a model, "
            "not describing a real person.",
        ),
        ("Made from", table.source.name),
        ("Date", created.strftime("%Y-%m-%d %H:%M UTC")),
        ("Generator", f"{generator_info(settings.generator).label}"),
        ("Random seed", str(settings.seed)),
        ("Rows", f"{len(result.synthetic):,}"),
        ("Made with", f"SynthDesk {result.versions['synthdesk']}"),
        (
            "More",
            "README.md in the same folder says how the data were made, how "
            "close they are to the real data and what to beware of.",
        ),
    ]
    writers.write_xlsx(
        result.synthetic, table.specs, folder / data_file, about_rows, timestamp=created
    )
    return {"format": "xlsx", "file": data_file}


def build_manifest(table, result, output, options, redactor, created) -> dict:
    """Return run.json: everything needed to run the generator again.

    It contains no real cell values: no category lists, no SDV metadata, no
    warning messages (only their counts by kind) and no constant values.
    """
    from synthdesk.core.reproduce import PINNED

    evaluation = result.evaluation or {}
    return {
        "synthdesk_run": MANIFEST_VERSION,
        "created": created.strftime(CREATED_FORMAT),
        "reproduced_at": options.reproduced_at.strftime(CREATED_FORMAT)
        if options.reproduced_at
        else None,
        "input": {
            "name": table.source.name,
            "path": table.source.path,
            "sha256": table.source.sha256,
            "size_bytes": table.source.size_bytes,
            "format": table.source.format,
            "encoding": table.source.encoding,
            "delimiter": table.source.delimiter,
            "decimal": table.source.decimal,
            "thousands": table.source.thousands,
            "sheet": table.source.sheet,
            "header_row": table.source.header_row,
            "rows": table.rows,
        },
        "columns": [spec.to_dict() for spec in table.specs],
        "settings": result.settings.to_dict(),
        "versions": result.versions,
        "seconds": result.seconds,
        "pinned_versions": list(PINNED),
        "output": output,
        "about": {key: str(value) for key, value in options.about.items() if value},
        "export": {
            "k": options.k,
            "name_rare_values": options.name_rare_values,
            "withheld_values": redactor.withheld_total,
        },
        "scores": {
            key: value
            for key, value in (evaluation.get("scores") or {}).items()
            if key in ("overall", "column_shapes", "column_pairs")
        },
        "warning_counts": _warning_counts(evaluation.get("warnings", [])),
        "identifier_columns": [
            spec.name for spec in table.specs if spec.kind == Kind.IDENTIFIER
        ],
    }


def _warning_counts(findings: list[dict]) -> dict:
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding["kind"]] = counts.get(finding["kind"], 0) + 1
    return counts
