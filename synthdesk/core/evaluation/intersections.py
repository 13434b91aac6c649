"""Tables for exploring combinations of columns and associations between them.

``intersection_table`` counts every combination of two or three chosen
columns in both tables and marks each with the same rules the warnings use,
so the explorer and the warning list agree. ``association_matrices`` gives
the strength of every pair's association in both tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from synthdesk.core.columns import ColumnSpec
from synthdesk.core.evaluation.combinations import (
    association_strengths,
    invented_cells,
    missing_cells,
)
from synthdesk.core.evaluation.counts import ReviewCounts, build_counts, cell_codes
from synthdesk.core.evaluation.warnings import Thresholds

STATUS_ORDER = {"invented": 0, "vanished": 1, "ok": 2}


def review_counts(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    specs: list[ColumnSpec],
    limits: Thresholds | None = None,
) -> ReviewCounts:
    """Code both tables once; pass the result to the functions below to reuse it."""
    limits = limits or Thresholds()
    return build_counts(
        real, synthetic, specs, limits.numeric_bins, limits.max_categories
    )


def intersection_table(
    real: pd.DataFrame | None,
    synthetic: pd.DataFrame | None,
    specs: list[ColumnSpec] | None,
    columns: list[str],
    limits: Thresholds | None = None,
    counts: ReviewCounts | None = None,
) -> pd.DataFrame:
    """Count every combination of ``columns`` (one to three) in both tables.

    Returns one row per combination that occurs in either table: one column
    per chosen column with its value (numbers and dates as bins), then
    ``real``, ``synthetic``, ``expected`` (the real count scaled to the
    synthetic row count), ``real_share`` and ``synthetic_share`` (fractions
    of rows) and ``status``: ``invented`` or ``vanished`` by the rules of the
    combination_invented and combination_missing warnings, else ``ok``.
    Rows run from invented and vanished to ok, then by the larger of the
    expected and synthetic counts, largest first. Pass ``counts`` from ``review_counts`` to skip coding the tables.
    """
    limits = limits or Thresholds()
    if counts is None:
        counts = review_counts(real, synthetic, specs, limits)
    unknown = [name for name in columns if name not in counts.columns]
    if unknown:
        raise KeyError(f"Not a compared column: {', '.join(unknown)}")
    if not 1 <= len(columns) <= 3:
        raise ValueError(f"Choose one to three columns, not {len(columns)}.")
    if len(set(columns)) != len(columns):
        raise ValueError("Choose each column only once.")
    combination = counts.combination_counts(list(columns))
    if combination is None:
        raise ValueError("These columns have too many combinations to count.")
    real_counts, synthetic_counts, sizes = combination
    cells = np.flatnonzero((real_counts > 0) | (synthetic_counts > 0))
    r = real_counts[cells]
    s = synthetic_counts[cells]
    expected = r * counts.scale
    status = combination_status(r, s, counts, limits)
    codes = np.array([cell_codes(int(cell), sizes) for cell in cells]).reshape(
        len(cells), len(columns)
    )
    table = pd.DataFrame(
        {
            name: counts.columns[name].labels[codes[:, axis]]
            for axis, name in enumerate(columns)
        }
    )
    table["real"] = r
    table["synthetic"] = s
    table["expected"] = np.round(expected, 1)
    table["real_share"] = r / counts.real_rows if counts.real_rows else 0.0
    table["synthetic_share"] = (
        s / counts.synthetic_rows if counts.synthetic_rows else 0.0
    )
    table["status"] = status
    ranks = np.array([STATUS_ORDER[value] for value in status])
    order = np.lexsort((-np.maximum(expected, s), ranks))
    return table.iloc[order].reset_index(drop=True)


def combination_status(
    real: np.ndarray, synthetic: np.ndarray, counts: ReviewCounts, limits: Thresholds
) -> np.ndarray:
    """Label each combination ``invented``, ``vanished`` or ``ok``.

    The rules and the binomial test are those of the combination_invented and
    combination_missing warnings (``combinations.invented_cells`` and
    ``missing_cells``).
    """
    status = np.full(len(real), "ok", dtype=object)
    status[invented_cells(real, synthetic, counts, limits)] = "invented"
    status[missing_cells(real, synthetic, counts, limits)] = "vanished"
    return status


def association_matrices(
    real: pd.DataFrame | None,
    synthetic: pd.DataFrame | None,
    specs: list[ColumnSpec] | None,
    limits: Thresholds | None = None,
    counts: ReviewCounts | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return Cramer's V of every pair of columns, real and synthetic.

    Numbers and dates take part through their bins. The diagonal is 1; a
    pair with a column of a single value is NaN.
    """
    if counts is None:
        counts = review_counts(real, synthetic, specs, limits)
    names = counts.names
    real_matrix = pd.DataFrame(np.eye(len(names)), index=names, columns=names)
    synthetic_matrix = real_matrix.copy()
    for (first, second), (real_v, synthetic_v) in association_strengths(counts).items():
        real_matrix.loc[first, second] = real_matrix.loc[second, first] = real_v
        synthetic_matrix.loc[first, second] = synthetic_v
        synthetic_matrix.loc[second, first] = synthetic_v
    return real_matrix, synthetic_matrix
