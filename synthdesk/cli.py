"""The command line: generate, check and reproduce.

Every failure the user can act on ends with one line on standard error and
exit code 2 (bad arguments or input) or 1 (the run failed); tracebacks go
only to the log.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from synthdesk.core.errors import InputError, SynthDeskError

log = logging.getLogger(__name__)

# Groups of warnings printed without --json; --json lists every warning.
MAX_PRINTED_GROUPS = 40


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.exit(
            2,
            f"synthdesk: {message} (see 'python -m {self.prog} --help')\n",
        )


def build_parser() -> argparse.ArgumentParser:
    from synthdesk.core.control import add_control_options
    from synthdesk.core.generators import GENERATORS

    parser = _Parser(
        prog="synthdesk", description="Make and check synthetic copies of spreadsheets."
    )
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser
    )

    generate = commands.add_parser(
        "generate", help="make a synthetic copy of a spreadsheet"
    )
    generate.add_argument(
        "input", help="CSV file or workbook (.xlsx, .xlsm, .xls, .ods)"
    )
    generate.add_argument(
        "--sheet", help="sheet of a workbook to read (default: the first)"
    )
    generate.add_argument(
        "--generator",
        default="gaussian_copula",
        choices=sorted(GENERATORS),
        help="generator family (default: gaussian_copula)",
    )
    generate.add_argument(
        "--rows",
        type=int,
        help="number of synthetic rows (default: as many as the input)",
    )
    generate.add_argument(
        "--seed", type=int, default=42, help="random seed (default: 42)"
    )
    generate.add_argument(
        "--epochs", type=int, help="training passes for neural generators"
    )
    generate.add_argument(
        "--format",
        choices=["same", "csv", "xlsx"],
        default="same",
        help="data file format (default: same as the input)",
    )
    generate.add_argument(
        "--out", help="folder to write (default: INPUT-synthetic beside the input)"
    )
    generate.add_argument(
        "--force", action="store_true", help="replace the folder if it exists"
    )
    generate.add_argument(
        "--accept-missing-codes",
        action="store_true",
        help="treat every suggested missing-value code (such as -200 or ?) as an empty cell",
    )
    generate.add_argument(
        "--about",
        metavar="FILE",
        help="JSON file with the README's answers: creator, organisation, contact, "
        "licence, description, access, intended_uses",
    )
    add_control_options(generate)

    check = commands.add_parser(
        "check", help="compare a synthetic file with the real one"
    )
    check.add_argument("real", help="the real data file")
    check.add_argument("synthetic", help="the synthetic data file, made by any tool")
    check.add_argument(
        "--json", action="store_true", help="print the result as one JSON object"
    )
    check.add_argument(
        "--html", help="also write a self-contained HTML report to this file"
    )

    reproduce = commands.add_parser(
        "reproduce", help="run an export's generator again from its run.json"
    )
    reproduce.add_argument("manifest", help="run.json of an earlier export")
    reproduce.add_argument("--input", help="the original file, if it has moved")
    reproduce.add_argument(
        "--out", help="folder to write (default: beside run.json, with -reproduced)"
    )
    reproduce.add_argument(
        "--force", action="store_true", help="replace the folder if it exists"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {
        "generate": run_generate,
        "check": run_check,
        "reproduce": run_reproduce,
    }
    try:
        return handlers[args.command](args)
    except SynthDeskError as error:
        print(f"synthdesk: {error}", file=sys.stderr)
        return 2
    except FileExistsError as error:
        print(
            f"synthdesk: {error} already exists; add --force to replace it.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("synthdesk: cancelled.", file=sys.stderr)
        return 130
    except Exception as error:  # the last guard: a message, not a traceback
        log.exception("Command %s failed", args.command)
        print(
            f"synthdesk: {args.command} failed: {error}. Details are in the log.",
            file=sys.stderr,
        )
        return 1


def _console_progress(fraction: float, message: str) -> None:
    print(
        f"\r{fraction * 100:5.1f} %  {message[:70]:<70}",
        end="",
        file=sys.stderr,
        flush=True,
    )


def _about_from_file(path: str | None) -> dict:
    """Read the README's answers (creator, licence, ...) from a JSON file, if given."""
    if not path:
        return {}
    from synthdesk.core.export.readme import ABOUT_FIELDS

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"The file {path} was not found.", "Check the --about path."
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path} is not a valid JSON file: {error}.", "") from error
    if not isinstance(data, dict):
        raise InputError(f"{path} must hold a JSON object.", "")
    unknown = sorted(set(data) - set(ABOUT_FIELDS) - {"release"})
    if unknown:
        known = ", ".join(ABOUT_FIELDS)
        raise InputError(
            f"{path} has unknown field(s): {', '.join(unknown)}.", f"Use: {known}."
        )
    return {str(key): str(value) for key, value in data.items()}


def run_generate(args) -> int:
    from synthdesk.core import pipeline
    from synthdesk.core.control import control_from_options
    from synthdesk.core.export import ExportOptions, default_folder_name
    from synthdesk.core.generators import generator_info
    from synthdesk.core.progress import Progress

    params = {}
    if args.epochs is not None:
        if not generator_info(args.generator).neural:
            raise InputError(
                f"--epochs applies only to neural generators, not {args.generator}.",
                "Leave it out.",
            )
        params["epochs"] = args.epochs
    if args.epochs is not None and args.epochs < 1:
        raise InputError(
            "--epochs must be at least 1.", "Give a whole number of training passes."
        )
    table = pipeline.load(args.input, sheet=args.sheet)
    if args.accept_missing_codes:
        table.accept_missing_codes()
    settings = pipeline.Settings(
        generator=args.generator,
        rows=args.rows,
        seed=args.seed,
        params=params,
        control=control_from_options(args),
    )
    out = (
        Path(args.out)
        if args.out
        else Path(args.input).resolve().parent / default_folder_name(table.source.name)
    )
    if out.exists() and not args.force:
        raise FileExistsError(str(out))
    progress = Progress(_console_progress if sys.stderr.isatty() else None)
    result = pipeline.generate(table, settings, progress.span(0, 0.7))
    result.evaluation = pipeline.evaluate_run(
        table, result.synthetic, progress.span(0.7, 0.9), settings.control
    )
    options = ExportOptions(
        format=args.format, about=_about_from_file(args.about), overwrite=args.force
    )
    folder = _export(table, result, out, options, progress.span(0.9, 1.0))
    print(f"Wrote {folder}")
    return 0


def _export(table, result, out, options, progress) -> Path:
    """Run ``export_run``, ending the progress line and mapping a cancel to a message."""
    from synthdesk.core.errors import Cancelled
    from synthdesk.core.export import export_run

    try:
        folder = export_run(table, result, out, options, progress)
    except Cancelled:
        raise InputError("Export cancelled; nothing was written.") from None
    finally:
        if sys.stderr.isatty():
            print(file=sys.stderr)
    return folder


def run_check(args) -> int:
    from synthdesk.core import pipeline
    from synthdesk.core.evaluation import evaluate

    table = pipeline.load(args.real)
    synthetic = pipeline.load(args.synthetic)
    synthetic_frame, notes = _synthetic_for_check(table, synthetic)
    for note in notes:
        print(f"synthdesk: note: {note}", file=sys.stderr)
    real_frame = table.model_frame()
    evaluation = evaluate(real_frame, synthetic_frame, table.specs)
    evaluation["notes"] = notes
    output = {
        "scores": {
            key: evaluation["scores"].get(key)
            for key in ("overall", "column_shapes", "column_pairs")
        },
        "warnings": evaluation["warnings"],
    }
    if args.html:
        _write_check_report(
            table, real_frame, synthetic_frame, evaluation, Path(args.html)
        )
    if args.json:
        print(json.dumps(output, ensure_ascii=False))
        return 0
    print(evaluation["traffic_light"]["sentence"])
    tally = evaluation["warning_counts"]
    print(
        f"Warnings: {tally['high']} high, {tally['medium']} medium, "
        f"{tally['low']} low, in {len(evaluation['warning_groups'])} groups."
    )
    groups = evaluation["warning_groups"]
    for group in groups[:MAX_PRINTED_GROUPS]:
        print(f"[{group['severity']}] {group['summary']}")
    if len(groups) > MAX_PRINTED_GROUPS:
        print(
            f"... and {len(groups) - MAX_PRINTED_GROUPS} more groups; use --json "
            "for every warning."
        )
    return 0


def _synthetic_for_check(table, synthetic) -> tuple:
    """Type a synthetic file's learned columns by the real file's column settings.

    Accepts files made by other tools: columns matched by name (ignoring case
    and surrounding spaces when no exact match exists) in any order, whole
    numbers written as decimals, category codes written as decimals ("1.0"
    for "1"), and dates in another format than the real file's. Returns the
    typed frame and notes for the user. Raises ``InputError`` when a learned
    column is missing.
    """
    import pandas as pd

    from synthdesk.core.columns import Kind, to_model_frame

    raw = synthetic.raw
    loose = {str(name).strip().casefold(): name for name in raw.columns}
    chosen, missing = {}, []
    for spec in table.specs:
        if not spec.learned:
            continue
        if spec.name in raw.columns:
            chosen[spec.name] = spec.name
        elif str(spec.name).strip().casefold() in loose:
            chosen[spec.name] = loose[str(spec.name).strip().casefold()]
        else:
            missing.append(spec.name)
    if missing:
        raise InputError(
            f"The synthetic file lacks column(s) of the real file: {', '.join(missing)}.",
            "Check that both files hold the same table, with the same headers.",
        )
    notes = []
    extra = [name for name in raw.columns if name not in set(chosen.values())]
    if extra:
        notes.append(
            f"{len(extra)} column(s) of the synthetic file are not learned columns "
            f"of the real file and were ignored: {', '.join(map(str, extra))}."
        )
    renamed = raw[list(chosen.values())].copy()
    renamed.columns = list(chosen)
    learned = [spec for spec in table.specs if spec.learned]
    typed = to_model_frame(
        renamed, learned, synthetic.source.decimal, synthetic.source.thousands
    )
    real = table.model_frame()
    for spec in learned:
        cells = renamed[spec.name]
        present = cells.notna() & (cells.astype(str).str.strip() != "")
        if spec.kind == Kind.DATETIME:
            unparsed = present & typed[spec.name].isna()
            if unparsed.any():
                retry = pd.to_datetime(cells[unparsed], errors="coerce", format="mixed")
                typed.loc[unparsed, spec.name] = retry
                notes.append(
                    f"'{spec.name}': {int(unparsed.sum()):,} dates did not match the "
                    f"real file's format and were read by guessing the format."
                )
        elif spec.kind in (Kind.CATEGORICAL, Kind.BOOLEAN):
            typed[spec.name] = _match_codes(typed[spec.name], real[spec.name])
    return typed.reset_index(drop=True), notes


def _match_codes(synthetic, real):
    """Write category cells that are numbers as the real file writes that number."""
    import pandas as pd

    real_text = real.dropna().astype(str).unique()
    real_numbers = pd.to_numeric(pd.Series(real_text), errors="coerce")
    if real_numbers.isna().any() or not len(real_text):
        return synthetic
    spelling = dict(zip(real_numbers, real_text, strict=True))
    text = synthetic.astype(object)
    numbers = pd.to_numeric(text, errors="coerce")
    unknown = text.notna() & ~text.astype(str).isin(set(real_text))
    fixable = unknown & numbers.isin(spelling.keys())
    text = text.copy()
    text[fixable] = numbers[fixable].map(spelling)
    return text


def _write_check_report(
    table, real_frame, synthetic_frame, evaluation, path: Path
) -> None:
    from synthdesk.core import pipeline
    from synthdesk.core.export import writers
    from synthdesk.core.export.redact import Redactor
    from synthdesk.core.export.report import render_report

    result = pipeline.RunResult(
        synthetic=synthetic_frame,
        settings=pipeline.Settings(),
        started="",
        seconds={},
        versions=pipeline.versions(),
        evaluation=evaluation,
    )
    html_text = render_report(
        table, result, Redactor(real_frame), real_frame, synthetic_frame
    )
    writers.write_text(path, html_text)


def run_reproduce(args) -> int:
    import datetime as dt

    from synthdesk.core.export import CREATED_FORMAT, ExportOptions
    from synthdesk.core.reproduce import reproduce_table

    manifest_path = Path(args.manifest)
    if not manifest_path.is_file():
        raise InputError(
            f"{manifest_path} was not found.", "Give the run.json of an export folder."
        )
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        output = manifest["output"]
        created = dt.datetime.strptime(manifest["created"], CREATED_FORMAT)
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, ValueError) as error:
        raise InputError(
            f"{manifest_path} is not a valid run.json: {error}.",
            "Give the run.json of an export folder made by SynthDesk.",
        ) from error
    out = (
        Path(args.out)
        if args.out
        else manifest_path.resolve().parent.with_name(
            manifest_path.resolve().parent.name + "-reproduced"
        )
    )
    if out.exists() and not args.force:
        raise FileExistsError(str(out))
    table, result = reproduce_table(manifest, args.input)
    options = ExportOptions(
        format=output["format"],
        about=manifest.get("about") or {},
        overwrite=args.force,
        k=manifest["export"]["k"],
        name_rare_values=manifest["export"]["name_rare_values"],
        csv_delimiter=output.get("delimiter"),
        csv_encoding=output.get("encoding"),
        csv_decimal=output.get("decimal"),
        created=created.replace(tzinfo=dt.UTC),
        reproduced_at=dt.datetime.now(dt.UTC),
    )
    folder = _export(table, result, out, options, None)
    written = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    print(f"Wrote {folder}")
    if written["output"]["sha256"] == output.get("sha256"):
        print(f"{output['file']} is identical to the original run's, byte for byte.")
        return 0
    print(
        f"synthdesk: {output['file']} differs from the original run's although the "
        "input and versions match; the processor type may differ.",
        file=sys.stderr,
    )
    return 1
