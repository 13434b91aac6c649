"""A self-contained HTML report: scores, pictures and warnings in one file.

Pictures are embedded as PNG data, styles are inline, and nothing is loaded
from anywhere else, so the report opens offline.
"""

from __future__ import annotations

import base64
import html

from synthdesk.core.columns import KIND_LABELS
from synthdesk.core.export.readme import KIND_TITLES
from synthdesk.core.export.redact import Redactor
from synthdesk.core.plots import column_figure, figure_png

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 70em;
       color: #222; line-height: 1.45; padding: 0 1em; }
.notice { background: #fff4e0; border-left: 5px solid #E69F00; padding: .6em 1em; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #ccc; padding: .25em .6em; text-align: left; }
.high { color: #a00; font-weight: bold; } .medium { color: #b35900; } .low { color: #555; }
.plots { display: flex; flex-wrap: wrap; gap: 1em; }
.plots figure { margin: 0; } .plots img { max-width: 34em; }
"""


def render_report(
    table, result, redactor: Redactor, real_frame, synthetic_frame, created=None
) -> str:
    """Return the report as one HTML page that loads nothing from elsewhere.

    ``real_frame`` and ``synthetic_frame`` hold the learned columns as typed
    values; ``created`` is the export's UTC datetime, if any.
    """
    evaluation = result.evaluation or {}
    scores = evaluation.get("scores") or {}
    name = html.escape(table.source.name)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Synthetic data report: {name}</title><style>{STYLE}</style></head><body>",
        f"<h1>Synthetic data report: {name}</h1>",
        "<p class='notice'><strong>Every row of the synthetic data is generated.</strong> "
        "No row describes a real person.</p>",
        "<h2>Run</h2>",
        _run_table(table, result, created),
        "<h2>Scores</h2>",
        _scores_table(scores),
        f"<p>{html.escape(evaluation.get('score_sentence', ''))}</p>",
        "<h2>Privacy</h2>",
        _privacy_paragraph(evaluation, len(result.synthetic), redactor),
        "<h2>Warnings</h2>",
        _warnings_table(evaluation.get("warnings", []), redactor),
        "<h2>Columns, real and synthetic</h2>",
        "<p>Blue: real data. Orange: synthetic data. Bars and heights are shares of rows.</p>",
        "<div class='plots'>",
    ]
    for caption, figure in report_figures(table, real_frame, synthetic_frame, redactor):
        encoded = base64.b64encode(figure_png(figure)).decode("ascii")
        caption = html.escape(caption, quote=True)
        parts.append(
            f"<figure><img alt='{caption}' src='data:image/png;base64,{encoded}'>"
            f"<figcaption>{caption}</figcaption></figure>"
        )
    parts.append("</div></body></html>")
    return "\n".join(parts)


def report_figures(table, real_frame, synthetic_frame, redactor: Redactor):
    """Yield a caption and a figure for every learned column.

    Category values that ``redactor`` withholds are pooled under one label.
    """
    for spec in table.specs:
        if not spec.learned:
            continue
        figure = column_figure(
            real_frame[spec.name],
            synthetic_frame[spec.name],
            spec,
            hide_below=redactor.k if redactor.enabled else None,
        )
        yield f"{spec.name} ({KIND_LABELS[spec.kind]})", figure


def _run_table(table, result, created) -> str:
    settings = result.settings
    versions = result.versions
    rows = [
        ("Input file", table.source.name),
        ("Input SHA-256", table.source.sha256),
        ("Generator", settings.generator),
        (
            "Settings",
            ", ".join(f"{k} = {v}" for k, v in settings.params.items()) or "defaults",
        ),
        ("Random seed", str(settings.seed)),
        ("Synthetic rows", f"{len(result.synthetic):,}"),
        ("Made", created.strftime("%Y-%m-%d %H:%M UTC") if created else result.started),
        (
            "Software",
            f"SynthDesk {versions.get('synthdesk')}, SDV {versions.get('sdv')}, "
            f"torch {versions.get('torch')}, Python {versions.get('python')}, "
            f"{versions.get('os')}",
        ),
    ]
    body = "".join(
        f"<tr><td>{html.escape(label)}</td><td>{html.escape(str(value))}</td></tr>"
        for label, value in rows
    )
    return f"<table>{body}</table>"


def _privacy_paragraph(evaluation: dict, rows: int, redactor: Redactor) -> str:
    privacy = evaluation.get("privacy") or {}
    copied = privacy.get("copied_rows", 0)
    unique = privacy.get("copied_unique_rows", 0)
    if redactor.enabled:
        rare = (
            f"Real category values seen fewer than {redactor.k} times are not "
            f"named here; {redactor.withheld_total} are withheld."
        )
    else:
        rare = "Every real value is named, including rare ones, as the user chose."
    return (
        f"<p>{copied:,} of {rows:,} synthetic rows are identical to a real row; "
        f"{unique:,} of them copy a row that is unique in the real data. "
        f"{html.escape(rare)}</p>"
    )


def _scores_table(scores: dict) -> str:
    def show(value):
        return "n/a" if value is None else f"{value:.2f}"

    rows = [
        ("Overall quality", scores.get("overall")),
        ("Column shapes", scores.get("column_shapes")),
        ("Column pair trends", scores.get("column_pairs")),
    ]
    body = "".join(
        f"<tr><td>{label}</td><td>{show(value)}</td></tr>" for label, value in rows
    )
    for column, value in sorted((scores.get("columns") or {}).items()):
        body += f"<tr><td>Column {html.escape(column)}</td><td>{show(value)}</td></tr>"
    return f"<table><tr><th>Score (0 to 1)</th><th>Value</th></tr>{body}</table>"


def _warnings_table(findings: list[dict], redactor: Redactor) -> str:
    if not findings:
        return "<p>The review found nothing to warn about.</p>"
    rows = []
    for finding in findings:
        shown = redactor.finding(finding)
        kind = KIND_TITLES.get(shown["kind"], shown["kind"])
        rows.append(
            f"<tr><td class='{shown['severity']}'>{shown['severity']}</td>"
            f"<td>{html.escape(kind)}</td><td>{html.escape(shown['message'])}</td></tr>"
        )
    return (
        "<table><tr><th>Severity</th><th>Kind</th><th>What happened</th></tr>"
        + "".join(rows)
        + "</table>"
    )
