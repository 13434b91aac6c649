"""Quality scores with the metrics of SDMetrics' QualityReport, and a yardstick.

``quality_scores`` computes the QualityReport's two properties from the
shared counts, with the same metrics as SDMetrics 0.32:

- Column Shapes: KSComplement (1 minus the Kolmogorov-Smirnov statistic) for
  numbers and dates, TVComplement (1 minus the total variation distance) for
  categories and yes/no columns; the mean over columns.
- Column Pair Trends: CorrelationSimilarity (1 minus half the difference of
  the Pearson correlations) for two numbers or dates, ContingencySimilarity
  (1 minus the total variation distance of the two-way tables) for every
  other pair, with numbers cut into 10 equal-width bins per table. As in
  the QualityReport, only pairs associated in the real data count: an
  absolute Pearson correlation above 0.5, or a Cramer's V above 0.3. The
  property is the mean over those pairs.

The overall score is the mean of the two properties. SDMetrics draws a
random subsample of 50,000 rows for contingency tables on larger tables;
these scores use every row. ``sdmetrics_quality_scores`` runs the
QualityReport itself, for comparison.

The yardstick is the same scores between two random halves of the real
data: what "as good as real data" looks like for this table.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from synthdesk.core.columns import ColumnSpec, Kind
from synthdesk.core.evaluation.counts import ReviewCounts, build_counts

# KSComplement rounds values to this many decimals before comparing.
KS_DECIMALS = 15
# The QualityReport's thresholds for a pair to count (SDMetrics 0.32,
# ``DEFAULT_REAL_CORRELATION_THRESHOLD`` and ``..._ASSOCIATION_THRESHOLD``).
REAL_CORRELATION_THRESHOLD = 0.5
REAL_ASSOCIATION_THRESHOLD = 0.3
# Traffic light: how far the overall score may fall below the yardstick.
GREEN_GAP = 0.05
AMBER_GAP = 0.15


# --- Own computation -------------------------------------------------------


def quality_scores(counts: ReviewCounts) -> dict:
    """Column Shapes, Column Pair Trends and overall score, per column and pair."""
    per_column = {}
    for name, column in counts.columns.items():
        per_column[name] = _number(column_shape(column))
    per_pair = []
    for first, second in counts.pairs():
        similarity, metric, real_strength = pair_trend(counts, first, second)
        threshold = (
            REAL_CORRELATION_THRESHOLD
            if metric == "CorrelationSimilarity"
            else REAL_ASSOCIATION_THRESHOLD
        )
        counted = not math.isnan(real_strength) and abs(real_strength) > threshold
        per_pair.append(
            {
                "columns": [first, second],
                "score": _number(similarity) if counted else None,
                "similarity": _number(similarity),
                "metric": metric,
                "real_strength": _number(real_strength),
            }
        )
    shapes = _mean(per_column.values())
    pairs = _mean(pair["score"] for pair in per_pair)
    overall = _mean([shapes, pairs])
    return {
        "overall": overall,
        "column_shapes": shapes,
        "column_pairs": pairs,
        "columns": per_column,
        "pairs": per_pair,
    }


def column_shape(column) -> float:
    if column.numeric:
        return ks_complement(column.real_values, column.synthetic_values)
    real = np.bincount(column.real, minlength=column.size).astype(float)
    synthetic = np.bincount(column.synthetic, minlength=column.size).astype(float)
    empty = column.labels == "(empty)"
    real[empty] = 0
    synthetic[empty] = 0
    if not real.sum() or not synthetic.sum():
        return math.nan
    return tv_complement(real, synthetic)


def ks_complement(real: np.ndarray, synthetic: np.ndarray) -> float:
    """1 minus the two-sample Kolmogorov-Smirnov statistic, empty cells dropped."""
    real = np.sort(np.round(real[~np.isnan(real)], KS_DECIMALS))
    synthetic = np.sort(np.round(synthetic[~np.isnan(synthetic)], KS_DECIMALS))
    if not len(real) or not len(synthetic):
        return math.nan
    points = np.concatenate([real, synthetic])
    real_cdf = np.searchsorted(real, points, side="right") / len(real)
    synthetic_cdf = np.searchsorted(synthetic, points, side="right") / len(synthetic)
    return float(1 - np.max(np.abs(real_cdf - synthetic_cdf)))


def tv_complement(real_counts: np.ndarray, synthetic_counts: np.ndarray) -> float:
    """1 minus the total variation distance between two count vectors."""
    real_share = real_counts / real_counts.sum()
    synthetic_share = synthetic_counts / synthetic_counts.sum()
    return float(1 - 0.5 * np.abs(real_share - synthetic_share).sum())


def pair_trend(
    counts: ReviewCounts, first: str, second: str
) -> tuple[float, str, float]:
    """Return a pair's similarity, its SDMetrics metric and the real strength.

    The strength is the real Pearson correlation for two numbers and the real
    Cramer's V otherwise.
    """
    a, b = counts.columns[first], counts.columns[second]
    if a.numeric and b.numeric:
        real = pearson(a.real_values, b.real_values)
        synthetic = pearson(a.synthetic_values, b.synthetic_values)
        similarity = 1 - abs(real - synthetic) / 2
        return similarity, "CorrelationSimilarity", real
    if not a.numeric and not b.numeric:
        real, synthetic = counts.pair_tables(first, second)
    else:
        # A number against a category: the number's per-table equal-width bins.
        category, number = (b, a) if a.numeric else (a, b)
        size = 1 + int(
            max(number.real_score_codes.max(), number.synthetic_score_codes.max())
        )
        shape = (category.size, size)
        real = np.bincount(
            category.real * size + number.real_score_codes, minlength=shape[0] * size
        ).reshape(shape)
        synthetic = np.bincount(
            category.synthetic * size + number.synthetic_score_codes,
            minlength=shape[0] * size,
        ).reshape(shape)
    similarity = tv_complement(real.ravel(), synthetic.ravel())
    return similarity, "ContingencySimilarity", cramers_v(real)


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation over rows where both values are present; NaN if constant."""
    keep = ~(np.isnan(x) | np.isnan(y))
    x, y = x[keep], y[keep]
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan
    return float(np.corrcoef(x, y)[0, 1])


def cramers_v(table: np.ndarray) -> float:
    """Cramer's V of a two-way count table, without bias correction.

    Empty rows and columns are dropped first, as ``scipy.stats.contingency.
    association`` sees only the values that occur. NaN for fewer than two
    values on either side.
    """
    table = np.asarray(table, dtype=float)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    total = table.sum()
    if total == 0 or min(table.shape) < 2:
        return math.nan
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / total
    chi2 = float(((table - expected) ** 2 / expected).sum())
    return math.sqrt(chi2 / (total * (min(table.shape) - 1)))


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, 4)


def _mean(values) -> float | None:
    present = [value for value in values if value is not None]
    return round(float(np.mean(present)), 4) if present else None


# --- Yardstick and traffic light -------------------------------------------


def split_halves(rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the row positions of two random halves, seeded."""
    order = np.random.default_rng(seed).permutation(rows)
    return np.sort(order[: rows // 2]), np.sort(order[rows // 2 :])


def yardstick_scores(
    real: pd.DataFrame,
    specs: list[ColumnSpec],
    seed: int = 0,
    numeric_bins: int = 5,
    max_categories: int = 60,
) -> dict:
    """Score one random half of the real data against the other half.

    Each half has half the rows, so chance differences are somewhat larger
    than between the full real table and a synthetic table of the same
    size: the yardstick slightly understates what real data reaches.
    """
    first, second = split_halves(len(real), seed)
    counts = build_counts(
        real.iloc[first], real.iloc[second], specs, numeric_bins, max_categories
    )
    halves = quality_scores(counts)
    return {
        "overall": halves["overall"],
        "column_shapes": halves["column_shapes"],
        "column_pairs": halves["column_pairs"],
        "columns": halves["columns"],
        "seed": seed,
        "rows": [len(first), len(second)],
    }


def traffic_light(quality: dict, yardstick: dict) -> dict:
    """Colour the overall score by how far it falls below the yardstick.

    Green: at most ``GREEN_GAP`` below two halves of the real data; amber: at
    most ``AMBER_GAP`` below; red: further below.
    """
    score, reference = quality.get("overall"), yardstick.get("overall")
    if score is None or reference is None:
        return {
            "colour": "grey",
            "gap": None,
            "sentence": "No score could be computed, because no column was learned.",
        }
    gap = round(max(reference - score, 0.0), 4)
    points = f"{gap * 100:.0f} points"
    if gap <= GREEN_GAP:
        colour = "green"
        verdict = (
            f"within {GREEN_GAP * 100:.0f} points of that, about as close as "
            "real data gets"
        )
    elif gap <= AMBER_GAP:
        colour = "amber"
        verdict = f"{points} below it: usable, but read the warnings first"
    else:
        colour = "red"
        verdict = (
            f"{points} below it: the synthetic data differs clearly from the real data"
        )
    sentence = (
        f"The synthetic data scores {score * 100:.0f} %. Two random halves of the "
        f"real data score {reference * 100:.0f} % against each other, and the "
        f"synthetic data is {verdict}."
    )
    return {"colour": colour, "gap": gap, "sentence": sentence}


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


# --- SDMetrics itself ------------------------------------------------------


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


def sdmetrics_quality_scores(
    real: pd.DataFrame, synthetic: pd.DataFrame, specs: list[ColumnSpec]
) -> dict:
    """Run SDMetrics' QualityReport on the learned columns present in both tables."""
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
            "pairs": [],
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
            "metric": str(row["Metric"]),
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


def pair_key(columns: list[str]) -> tuple[str, ...]:
    return tuple(sorted(columns))


def largest_difference(first: dict, second: dict) -> float:
    """Return the largest absolute difference between two score dicts' entries."""
    differences = [
        abs(first[key] - second[key])
        for key in ("overall", "column_shapes", "column_pairs")
        if first.get(key) is not None and second.get(key) is not None
    ]
    for name, value in first.get("columns", {}).items():
        other = second.get("columns", {}).get(name)
        if value is not None and other is not None:
            differences.append(abs(value - other))
    other_pairs = {
        pair_key(pair["columns"]): pair["score"] for pair in second.get("pairs", [])
    }
    for pair in first.get("pairs", []):
        other = other_pairs.get(pair_key(pair["columns"]))
        if pair["score"] is not None and other is not None:
            differences.append(abs(pair["score"] - other))
    return max(differences, default=0.0)
