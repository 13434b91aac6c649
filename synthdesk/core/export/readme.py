"""The metadata README that travels with every export.

Sections follow the recommendations for documenting synthetic structured
data from the AI Policy Lab (Umeå and Linköping universities with the
Swedish National Data Service, 2025), DataCite's required fields and the
"four checks" of Raab, McCall and Cavin. What only the user knows is asked on
the export page; an empty answer is left as a marked blank with a hint.
Real category values seen fewer than ``k`` times are named only when the
user opts in (see ``redact.Redactor``).
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from synthdesk.core.columns import KIND_LABELS, Kind
from synthdesk.core.export.redact import Redactor
from synthdesk.core.generators import generator_info

KIND_TITLES = {
    "category_missing": "Vanished values",
    "category_underrepresented": "Values that became rarer",
    "combination_invented": "Invented combinations",
    "combination_missing": "Missing combinations",
    "imbalance_amplified": "Amplified imbalances",
    "value_out_of_range": "Values out of range",
    "missing_values_changed": "Changed share of empty cells",
    "relationship_weakened": "Weakened relationships between columns",
    "real_rows_copied": "Rows copied from the real data",
    "rebalanced": "Deliberate changes",
    "rebalance_side_effect": "Side effects of the rebalancing",
}

# Answers only the user can give: field name -> (label, hint for the blank).
ABOUT_FIELDS = {
    "creator": ("Creator", "the person or team who made this synthetic data set"),
    "organisation": ("Organisation", "the organisation responsible for it"),
    "contact": ("Contact", "an e-mail address or phone number for questions"),
    "licence": (
        "Licence",
        "the terms under which others may use the synthetic data, e.g. CC BY 4.0",
    ),
    "description": (
        "Description of the original data",
        "the population, period and purpose of the real data, "
        "e.g. 'adults in the 1994 US census survey'",
    ),
    "access": (
        "How to request the original data",
        "whom to ask for the real data and on what terms, or 'not available'",
    ),
    "intended_uses": (
        "Intended uses",
        "what this synthetic copy is meant for, e.g. testing software or teaching",
    ),
    "personal_data": (
        "Personal data in the original",
        "whether the real data describe people, e.g. 'yes, survey answers'",
    ),
    "residual_risk": (
        "Residual risk",
        "confirm that you have judged the remaining risk of recognising a "
        "person, e.g. 'Reviewed by the data protection officer on DATE'",
    ),
}

BLANK_MARK = "[Not filled in"
# Warnings listed in full before the rest of a kind go into a folded list.
MAX_OPEN_PER_KIND = 25
# Category values listed per column in the codebook.
MAX_CODEBOOK_VALUES = 100


def blank(hint: str) -> str:
    """Return a marked blank that tells the reader what belongs there."""
    return f"**{BLANK_MARK}: {hint}.]**"


def about_value(about: dict, key: str) -> str:
    value = (about.get(key) or "").strip()
    return markdown_text(value) if value else blank(ABOUT_FIELDS[key][1])


def markdown_text(text: str) -> str:
    """Show a user's answer as plain text in Markdown, on one line.

    HTML tags are escaped, and line breaks become spaces so that a line
    starting with '#' or '-' cannot open a heading or list in the README.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def render_readme(context: dict) -> str:
    """Return the README text for one export.

    ``context`` contains ``table``, ``result``, ``about`` (the user's answers),
    ``data_file``, ``output`` (format details), ``redactor``, ``created`` (a
    UTC datetime) and optionally ``reproduced_at``.
    """
    sections = [
        _title(context),
        _general(context),
        _status(context),
        _original(context),
        _preparation(context),
        _generator(context),
        _fidelity(context),
        _artefacts(context),
        _privacy(context),
        _uses(context),
        _files(context),
        _reproduce(context),
    ]
    return "\n\n".join(section.strip() for section in sections) + "\n"


def _title(context: dict) -> str:
    name = context["table"].source.name
    return f"""# Synthetic data made from {name}

> **Every row in this data set is synthetic.** A statistical model learned
> from the real records in `{name}` and generated new rows. No row describes
> a real person, and results computed from these rows may differ from
> results on the original data."""


def _general(context: dict) -> str:
    about = context["about"]
    lines = ["## General", ""]
    for key in ("creator", "organisation", "contact", "licence"):
        label, _ = ABOUT_FIELDS[key]
        lines.append(f"- **{label}:** {about_value(about, key)}")
    lines.append(f"- **Date generated:** {_date(context['created'])}")
    if context.get("reproduced_at"):
        lines.append(
            f"- **Reproduced:** {_date(context['reproduced_at'])}, by running the "
            "generator again from `run.json` (see Reproduce)."
        )
    lines.append(f"- **Version of this release:** {about.get('release') or '1'}")
    creator = (about.get("creator") or "").strip() or "[creator]"
    year = context["created"].year
    lines.append(
        f"- **How to cite:** {creator} ({year}). Synthetic version of "
        f"{context['table'].source.name}, made with SynthDesk "
        f"{context['result'].versions['synthdesk']}."
    )
    return "\n".join(lines)


def _date(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _status(context: dict) -> str:
    table, result = context["table"], context["result"]
    synthesised, replaced, kept_constant, dropped = [], [], [], []
    for spec in table.specs:
        if not spec.include:
            dropped.append(spec.name)
        elif spec.is_constant:
            kept_constant.append(spec.name)
        elif spec.kind == Kind.IDENTIFIER:
            replaced.append(spec.name)
        elif spec.learned:
            synthesised.append(spec.name)
    if kept_constant:
        status = (
            "Fully synthetic: every row was generated; columns that hold one "
            "value on every row repeat that value."
        )
    else:
        status = "Fully synthetic: every value of every row was generated."
    rebalancing = (
        context.get("rebalancing") or "No: the mix of values follows the real data."
    )
    return "\n".join(
        [
            "## Synthetic status",
            "",
            f"- **Type:** {status}",
            f"- **Rows:** {len(result.synthetic):,} synthetic rows "
            f"(the real data has {table.rows:,}).",
            f"- **Synthesised columns ({len(synthesised)}):** {_names(synthesised)}",
            f"- **Replaced by fresh identifiers:** {_names(replaced)}",
            f"- **Same value on every row, copied unchanged:** {_names(kept_constant)}",
            f"- **Left out:** {_names(dropped)}",
            f"- **Deliberately rebalanced:** {rebalancing}",
            f"- **Forbidden combinations and rules:** "
            f"{context.get('output_rules') or 'None.'}",
        ]
    )


def _names(names: list[str]) -> str:
    return ", ".join(f"`{name}`" for name in names) if names else "none"


def _original(context: dict) -> str:
    table, about = context["table"], context["about"]
    source = table.source
    flagged = [
        spec.name
        for spec in table.specs
        if spec.kind in (Kind.DIRECT_IDENTIFIER, Kind.IDENTIFIER)
    ]
    if (about.get("personal_data") or "").strip():
        personal = about_value(about, "personal_data")
    elif flagged:
        personal = (
            f"likely: {_names(flagged)} looked like identifiers or personal "
            "details (see Preparation before training)."
        )
    else:
        personal = blank(
            "whether the real data describe people, e.g. 'yes, survey answers'"
        )
    lines = [
        "## Original data",
        "",
        f"- **Description:** {about_value(about, 'description')}",
        f"- **How to request access:** {about_value(about, 'access')}",
        f"- **Personal data:** {personal}",
        f"- **File name:** `{source.name}`",
        f"- **SHA-256 fingerprint:** `{source.sha256}`",
        f"- **Size:** {source.size_bytes:,} bytes, {table.rows:,} rows, "
        f"{len(table.specs)} columns",
    ]
    if source.format == "csv":
        thousands = {None: "none", " ": "space", ".": "'.'", ",": "','"}[
            source.thousands
        ]
        lines.append(
            f"- **Read as:** CSV, encoding {source.encoding}, delimiter "
            f"{_show_delimiter(source.delimiter)}, decimal mark '{source.decimal}', "
            f"thousands separator {thousands}, header on row {source.header_row + 1}"
        )
    else:
        lines.append(
            f"- **Read as:** {source.format.upper()} workbook, sheet '{source.sheet}', "
            f"header on row {source.header_row + 1}"
        )
    return "\n".join(lines)


def _show_delimiter(delimiter: str | None) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}.get(
        delimiter or ",", repr(delimiter)
    )


def _preparation(context: dict) -> str:
    table = context["table"]
    lines = ["## Preparation before training", ""]
    for spec in table.specs:
        kind = KIND_LABELS[spec.kind]
        changed = (
            f" (detected as {KIND_LABELS[spec.detected_kind]}, changed by the user)"
            if spec.detected_kind and spec.detected_kind != spec.kind
            else ""
        )
        if not spec.include:
            action = "left out"
        elif spec.is_constant:
            action = "copied: same value on every row"
        elif spec.kind == Kind.IDENTIFIER:
            action = "replaced by fresh unique values in the same pattern"
        else:
            action = "learned and synthesised"
        reason = f"; {spec.reason}" if spec.reason else ""
        lines.append(f"- `{spec.name}`: {kind}{changed}, {action}{reason}.")
        if spec.missing_codes:
            codes = ", ".join(f"`{code}`" for code in spec.missing_codes)
            lines.append(f"  Missing-value codes treated as empty: {codes}.")
    if table.notes:
        lines.append("")
        lines.extend(f"- {note}" for note in table.notes)
    lines.append(
        "- No data rows were dropped; completely empty lines are ignored when reading."
    )
    return "\n".join(lines)


def _generator(context: dict) -> str:
    result = context["result"]
    settings = result.settings
    info = generator_info(settings.generator)
    versions = result.versions
    params = {**info.defaults(), **settings.params}
    listed = [f"{key} = {value}" for key, value in params.items()]
    requested = settings.rows if settings.rows is not None else "as many as the input"
    listed.append(f"rows = {requested}")
    listed.append("everything else at the defaults of SDV " + str(versions.get("sdv")))
    seconds = result.seconds
    evaluation = result.evaluation or {}
    software = ", ".join(
        f"{label} {versions.get(key)}"
        for key, label in VERSION_LABELS
        if versions.get(key) is not None
    )
    return "\n".join(
        [
            "## Generator",
            "",
            f"- **Method:** {info.family}.",
            f"- **Generator:** {info.label} (`{settings.generator}`).",
            f"- **Settings:** {'; '.join(listed)}.",
            f"- **Random seed:** {settings.seed}",
            f"- **Software:** {software}.",
            f"- **Operating system and hardware:** {versions.get('os')}, "
            f"{versions.get('processor_count')} logical processors.",
            f"- **Run time:** learning {seconds.get('fit', 0):.1f} s, "
            f"sampling {seconds.get('sample', 0):.1f} s, "
            f"review {evaluation.get('seconds', 0):.1f} s.",
            f"- **Started:** {result.started}",
            "- **Fitted model released:** no; only the synthetic rows are shared.",
            "- **Differential privacy:** not used.",
        ]
    )


VERSION_LABELS = (
    ("synthdesk", "SynthDesk"),
    ("sdv", "SDV"),
    ("sdmetrics", "SDMetrics"),
    ("rdt", "RDT"),
    ("copulas", "Copulas"),
    ("ctgan", "CTGAN"),
    ("torch", "torch"),
    ("pandas", "pandas"),
    ("numpy", "NumPy"),
    ("scikit-learn", "scikit-learn"),
    ("scipy", "SciPy"),
    ("python", "Python"),
)


def _fidelity(context: dict) -> str:
    evaluation = context["result"].evaluation or {}
    scores = evaluation.get("scores") or {}
    lines = ["## Fidelity", ""]
    overall = scores.get("overall")
    if overall is None:
        lines.append("No quality score was computed.")
        return "\n".join(lines)
    lines += [
        f"- **Overall quality score:** {overall:.2f} on a scale from 0 to 1 "
        "(SDMetrics QualityReport).",
        f"- **Column shapes:** {_score(scores.get('column_shapes'))}: how closely "
        "each column's spread of values matches the real column.",
        f"- **Column pair trends:** {_score(scores.get('column_pairs'))}: how "
        "closely each pair of columns moves together as in the real data.",
        "",
        evaluation.get("score_sentence", ""),
    ]
    columns = scores.get("columns") or {}
    if columns:
        ranked = sorted(
            columns.items(), key=lambda item: item[1] if item[1] is not None else 0
        )
        lines += ["", "| Column | Shape score |", "|---|---|"]
        lines += [
            f"| `{name}` | {score:.2f} |" for name, score in sorted(columns.items())
        ]
        lines += [
            "",
            f"Weakest column: `{ranked[0][0]}` ({ranked[0][1]:.2f}); strongest: "
            f"`{ranked[-1][0]}` ({ranked[-1][1]:.2f}).",
        ]
    pairs = [pair for pair in scores.get("pairs") or [] if pair["score"] is not None]
    if pairs:
        pairs.sort(key=lambda pair: pair["score"])
        weakest = ", ".join(
            f"`{a}` x `{b}` ({pair['score']:.2f})"
            for pair in pairs[:3]
            for a, b in [pair["columns"]]
        )
        strongest = ", ".join(
            f"`{a}` x `{b}` ({pair['score']:.2f})"
            for pair in pairs[-3:]
            for a, b in [pair["columns"]]
        )
        lines += ["", f"Weakest pairs: {weakest}.", f"Strongest pairs: {strongest}."]
    lines += ["", "Pictures of every column are in `report.html`."]
    return "\n".join(lines)


def _score(value) -> str:
    return "not computed" if value is None else f"{value:.2f}"


def _artefacts(context: dict) -> str:
    evaluation = context["result"].evaluation or {}
    redactor: Redactor = context["redactor"]
    findings = [redactor.finding(finding) for finding in evaluation.get("warnings", [])]
    lines = ["## Known artefacts", ""]
    if not evaluation:
        lines.append("The synthetic data were not reviewed, so no warnings exist.")
        return "\n".join(lines)
    if not findings:
        lines.append("The review found nothing to warn about.")
    else:
        lines.append(
            f"The review raised {len(findings):,} warning(s), grouped by kind below, "
            "most severe first. Values written as "
            f"`{redactor.placeholder}` are real values too rare to name."
        )
    grouped: dict[str, list[dict]] = defaultdict(list)
    for finding in findings:
        grouped[finding["kind"]].append(finding)
    for kind, items in grouped.items():
        counts = pd.Series([item["severity"] for item in items]).value_counts()
        summary = ", ".join(
            f"{counts[level]} {level}"
            for level in ("high", "medium", "low")
            if level in counts
        )
        lines += [
            "",
            f"### {KIND_TITLES.get(kind, kind)} ({len(items)}: {summary})",
            "",
        ]
        lines += [_warning_line(item) for item in items[:MAX_OPEN_PER_KIND]]
        rest = items[MAX_OPEN_PER_KIND:]
        if rest:
            lines += [
                "",
                "<details>",
                f"<summary>{len(rest):,} more of this kind</summary>",
                "",
            ]
            lines += [_warning_line(item) for item in rest]
            lines += ["", "</details>"]
    limits = evaluation.get("thresholds") or {}
    lines += [
        "",
        "Subgroup checks made: every value of every category column; every "
        "combination of two and of three columns (numbers cut into "
        f"{limits.get('numeric_bins', 5)} bins of equal real counts); the range "
        "of every number and date column; the share of empty cells in every column; "
        "the strength of every association between two columns.",
    ]
    return "\n".join(lines)


def _warning_line(finding: dict) -> str:
    return f"- [{finding['severity']}] {finding['message']}"


def _filter_text(summary: dict | None) -> str:
    if summary is None:
        return (
            "not applied, because the run was rebalanced or restricted and redrawn "
            "rows would change the requested mix."
        )
    text = (
        f"{summary['removed']:,} generated row(s) that copied a person unique in "
        "the real data were removed and replaced by new draws before export."
    )
    if summary.get("missing_rows"):
        text += f" {summary['missing_rows']:,} row(s) could not be replaced."
    return text


def _distance_text(privacy: dict) -> str:
    distance = privacy.get("distance") or {}
    return distance.get("sentence") or "not measured."


def _privacy(context: dict) -> str:
    evaluation = context["result"].evaluation or {}
    privacy = evaluation.get("privacy") or {}
    redactor: Redactor = context["redactor"]
    rows = len(context["result"].synthetic)
    copied = privacy.get("copied_rows", 0)
    unique = privacy.get("copied_unique_rows", 0)
    if redactor.enabled:
        per_column = ", ".join(
            f"{count} in `{column}`" for column, count in redactor.rare_counts().items()
        )
        rare = (
            f"real category values seen fewer than {redactor.k} times are not named "
            f"in this README, report.html or run.json; {redactor.withheld_total} "
            f"value(s) are withheld"
            + (f" ({per_column})." if per_column else ".")
            + " Where the end of a range in the codebook is a number or date that "
            f"fewer than {redactor.k} real rows hold, it is rounded outward."
        )
    else:
        rare = (
            "the user chose to name every real value, including values seen fewer "
            f"than {redactor.k} times."
        )
    return "\n".join(
        [
            "## Privacy",
            "",
            f"- **Synthetic rows identical to a real row:** {copied:,} of {rows:,} "
            f"({100.0 * copied / max(rows, 1):.2f} %).",
            f"- **Of those, copies of a row that is unique in the real data:** {unique:,}.",
            f"- **Privacy filter:** {_filter_text(context['result'].privacy_filter)}",
            f"- **Distance to the closest real record:** {_distance_text(privacy)}",
            "- **Differential privacy:** not used.",
            f"- **Rare values in these documents:** {rare}",
            "- **Residual risk:** " + about_value(context["about"], "residual_risk"),
        ]
    )


def _uses(context: dict) -> str:
    about = context["about"]
    return "\n".join(
        [
            "## Intended and unsuitable uses",
            "",
            f"- **Intended uses:** {about_value(about, 'intended_uses')}",
            "- **Fit for:** testing software and data pipelines, teaching, trying "
            "out analysis methods before applying them to the real data.",
            "- **Not fit for:** decisions about real people; official statistics or "
            "published findings without checking them against the original data; "
            "studying the groups listed under Known artefacts.",
        ]
    )


def _files(context: dict) -> str:
    table, result = context["table"], context["result"]
    redactor: Redactor = context["redactor"]
    synthetic = result.synthetic
    lines = [
        "## Files and codebook",
        "",
        f"- `{context['data_file']}`: the synthetic data, {len(synthetic):,} rows; "
        f"{_format_description(context['output'])}",
        "- `README.md`: this description.",
        "- `report.html`: scores, pictures and every warning; opens offline.",
        "- `run.json`: every setting needed to run the generator again.",
        "",
        "Text cells that a spreadsheet program would run as a formula (starting "
        "with =, +, -, @, a tab or a carriage return, unless they are a plain "
        "signed number) are neutralised: in CSV they start with an apostrophe, in "
        "XLSX they are stored as text with a quote prefix.",
        "",
        "| Column | Kind | Values in the synthetic data | Missing-value code | Synthesised |",
        "|---|---|---|---|---|",
    ]
    for spec in table.specs:
        if not spec.include:
            lines.append(
                f"| `{spec.name}` | {KIND_LABELS[spec.kind]} | left out | | no |"
            )
            continue
        values = (
            synthetic[spec.name] if spec.name in synthetic else pd.Series(dtype=object)
        )
        lines.append(
            f"| `{spec.name}` | {KIND_LABELS[spec.kind]}{_unit(spec)} | "
            f"{_value_summary(spec, values, redactor)} | "
            f"{_cell(', '.join(spec.missing_codes) or 'empty cell')} | "
            f"{_synthesised(spec)} |"
        )
    return "\n".join(lines)


def _format_description(output: dict) -> str:
    if output["format"] == "csv":
        return (
            f"CSV, encoding {output['encoding']}, delimiter "
            f"{_show_delimiter(output['delimiter'])}, decimal mark "
            f"'{output['decimal']}', SHA-256 "
            f"`{output['sha256']}`."
        )
    return (
        'an Excel workbook whose second sheet, "About this data", says the rows '
        f"are synthetic; SHA-256 `{output['sha256']}`."
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _unit(spec) -> str:
    if spec.kind == Kind.NUMERIC:
        return (
            ", whole numbers" if spec.integer else f", {spec.decimals} decimal place(s)"
        )
    if spec.kind == Kind.DATETIME and spec.date_format:
        return f", written as {spec.date_format}"
    return ""


def _synthesised(spec) -> str:
    if spec.is_constant:
        return "no, copied (same on every row)"
    if spec.kind == Kind.IDENTIFIER:
        return "replaced by fresh values"
    return "yes"


def _value_summary(spec, values: pd.Series, redactor: Redactor) -> str:
    present = values.dropna()
    if spec.is_constant:
        return "one value on every row"
    if spec.kind == Kind.IDENTIFIER:
        return "unique codes, none equal to a real one"
    if not len(present):
        return "all empty"
    if spec.kind == Kind.NUMERIC:
        low, high = present.min(), present.max()
        return (
            f"{redactor.range_end(spec.name, low, f'{low:,}', upper=False)} to "
            f"{redactor.range_end(spec.name, high, f'{high:,}', upper=True)} "
            "(synthetic range)"
        )
    if spec.kind == Kind.DATETIME:
        fmt = spec.date_format or "%Y-%m-%d"
        low, high = present.min(), present.max()
        return (
            f"{redactor.range_end(spec.name, low, low.strftime(fmt), upper=False)} "
            f"to {redactor.range_end(spec.name, high, high.strftime(fmt), upper=True)} "
            "(synthetic range)"
        )
    allowed, withheld = redactor.allowed_values(spec.name)
    synthetic_values = set(present.astype(str))
    shown = [value for value in allowed if value in synthetic_values]
    text = ", ".join(shown[:MAX_CODEBOOK_VALUES])
    if len(shown) > MAX_CODEBOOK_VALUES:
        text += f", and {len(shown) - MAX_CODEBOOK_VALUES:,} more"
    if withheld:
        text += (
            f"; {withheld} real value(s) seen fewer than {redactor.k} times not listed"
        )
    return _cell(text)


def _reproduce(context: dict) -> str:
    result = context["result"]
    versions = result.versions
    from synthdesk.core.reproduce import required_versions

    labels = dict(VERSION_LABELS)
    needed = ", ".join(
        f"{labels.get(name, name)} {version}"
        for name, version in required_versions(versions).items()
    )
    return f"""## Reproduce

In a terminal where SynthDesk is installed, run:

    python -m synthdesk reproduce run.json --out ANOTHER_FOLDER

The command needs the original file with the SHA-256 fingerprint given under
Original data. It looks for the file where it was read from, or takes
`--input FILE`. It also needs these versions: {needed}. It stops
with a one-line message when the file or a version differs. With both the
same, it writes a data file identical byte for byte to this one and says so;
this is checked on the same operating system and processor type, and other
processors may round differently."""
