"""Quality scores from SDMetrics' QualityReport, with a plain reading."""

from __future__ import annotations

import math
import warnings

import pandas as pd

from synthdesk.core.columns import ColumnSpec, Kind


def sdmetrics_metadata(specs: list[ColumnSpec], columns: list[str]) -> dict:
    sdtypes = {
        Kind.NUMERIC: "numerical",
        Kind.DATETIME: "datetime",
        Kind.BOOLEAN: "categorical",
        Kind.CATEGORICAL: "categorical",
    }
    return {
        "columns": {
            spec.name: {"sdtype": sdtypes[spec.kind]}
            for spec in specs
            if spec.name in columns and spec.kind in sdtypes
        }
    }


def quality_scores(
    real: pd.DataFrame, synthetic: pd.DataFrame, specs: list[ColumnSpec]
) -> dict:
    """Run SDMetrics' QualityReport on the learned, non-constant columns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        from sdmetrics.reports.single_table import QualityReport

    columns = [
        spec.name
        for spec in specs
        if spec.learned and spec.name in real.columns and spec.name in synthetic.columns
    ]
    if not columns:
        return {
            "overall": None,
            "column_shapes": None,
            "column_pairs": None,
            "columns": {},
        }
    metadata = sdmetrics_metadata(specs, columns)
    report = QualityReport()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report.generate(real[columns], synthetic[columns], metadata, verbose=False)
    properties = report.get_properties().set_index("Property")["Score"]
    shapes = report.get_details("Column Shapes")
    per_column = {
        str(row["Column"]): _number(row["Score"]) for _, row in shapes.iterrows()
    }
    pairs = report.get_details("Column Pair Trends")
    per_pair = [
        {
            "columns": [str(row["Column 1"]), str(row["Column 2"])],
            "score": _number(row["Score"]),
        }
        for _, row in pairs.iterrows()
    ]
    return {
        "overall": _number(report.get_score()),
        "column_shapes": _number(properties.get("Column Shapes")),
        "column_pairs": _number(properties.get("Column Pair Trends")),
        "columns": per_column,
        "pairs": per_pair,
    }


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, 4)


def describe_score(score: float | None) -> str:
    """One plain sentence on what an overall quality score means."""
    if score is None:
        return "No score could be computed, because no column was learned."
    percent = f"{score * 100:.0f} %"
    if score >= 0.9:
        return (
            f"Score {percent}: each column and each pair of columns looks very much "
            "like the real data overall; check the warnings for small groups."
        )
    if score >= 0.8:
        return (
            f"Score {percent}: the overall shape is close to the real data, but some "
            "columns or pairs differ; read the warnings before using it."
        )
    if score >= 0.65:
        return (
            f"Score {percent}: the synthetic data resembles the real data only "
            "roughly; use it for testing software, not for analysis."
        )
    return (
        f"Score {percent}: the synthetic data differs a lot from the real data; "
        "try another generator or more training."
    )
