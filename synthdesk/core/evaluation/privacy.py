"""Privacy checks: synthetic rows that copy real rows, and how close they come.

Two measures, each beside what real data shows by chance:

- Exact copies: synthetic rows equal to a real row on the compared columns,
  and how many of those copy a row that is unique in the real data (the
  copies that can disclose a person). Real data has duplicates too, so the
  rate at which one random half of the real data copies unique rows of the
  other half is the baseline.
- Distance to the closest record (DCR): for a sample of synthetic rows, the
  distance to the nearest row of one random half of the real data, against
  the same distance for rows of the other (held-out) half. Synthetic rows
  much closer than held-out real rows suggest the generator memorised rows.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from synthdesk.core.columns import ColumnSpec, Kind
from synthdesk.core.evaluation.counts import as_numbers
from synthdesk.core.evaluation.scores import split_halves
from synthdesk.core.evaluation.warnings import Finding, Thresholds

# Categories beyond this many values share one "other" position in the
# one-hot encoding, so the distance stays cheap on wide columns.
MAX_ONE_HOT = 20
# The reference half is sampled down to this many rows for the DCR.
MAX_REFERENCE_ROWS = 10_000
QUANTILES = np.linspace(0, 1, 21)


# --- Exact copies ------------------------------------------------------------


def row_keys(frame: pd.DataFrame) -> pd.Series:
    text = frame.astype(object).where(frame.notna(), "\x00").astype(str)
    return pd.util.hash_pandas_object(text, index=False)


def _copies(real_keys: pd.Series, synthetic_keys: pd.Series) -> tuple[int, int]:
    real_counts = real_keys.value_counts()
    matched = synthetic_keys[synthetic_keys.isin(real_counts.index)]
    unique = int((matched.map(real_counts) == 1).sum())
    return int(len(matched)), unique


def _keys_from_counts(counts) -> tuple[pd.Series, pd.Series]:
    """Hash each row of both tables from the shared codes and exact numbers.

    Categories use their shared codes, except columns with pooled values,
    whose codes do not tell all values apart; numbers and dates use their
    exact values. Faster than hashing the cells as text.
    """
    from pandas.util import hash_array

    keys = [
        np.zeros(counts.real_rows, np.uint64),
        np.zeros(counts.synthetic_rows, np.uint64),
    ]
    for column in counts.columns.values():
        if column.numeric:
            parts = (column.real_values, column.synthetic_values)
        elif "(other values)" in set(column.labels):
            return None
        else:
            parts = (column.real, column.synthetic)
        for index, values in enumerate(parts):
            keys[index] = keys[index] * np.uint64(0x100000001B3) ^ hash_array(values)
    return pd.Series(keys[0]), pd.Series(keys[1])


def copied_rows(
    real: pd.DataFrame, synthetic: pd.DataFrame, seed: int = 0, counts=None
) -> dict:
    """Count synthetic rows equal to a real row on the shared columns.

    Returns the number of such rows, how many copy a real row that is unique
    in the real data, and the expected number of unique copies at the rate
    one half of the real data copies unique rows of the other half, scaled to
    the synthetic row count and to the full real table (an estimate: a
    reference twice as large offers about twice as many rows to match).
    ``counts`` from ``review_counts`` on the same columns saves hashing the
    cells as text.
    """
    columns = [column for column in real.columns if column in synthetic.columns]
    empty = {
        "copied_rows": 0,
        "copied_unique_rows": 0,
        "real_unique_rows": 0,
        "expected_unique_copies": 0.0,
        "columns": columns,
    }
    if not columns or not len(real) or not len(synthetic):
        return empty
    hashed = _keys_from_counts(counts) if counts is not None else None
    if hashed is None:
        hashed = row_keys(real[columns]), row_keys(synthetic[columns])
    real_keys, synthetic_keys = hashed
    copied, unique = _copies(real_keys, synthetic_keys)
    expected = 0.0
    if len(real) >= 4:
        first, second = split_halves(len(real), seed)
        _, half_unique = _copies(real_keys.iloc[first], real_keys.iloc[second])
        rate = half_unique / len(second) * (len(real) / len(first))
        expected = rate * len(synthetic)
    return {
        "copied_rows": copied,
        "copied_unique_rows": unique,
        "real_unique_rows": int((real_keys.value_counts() == 1).sum()),
        "expected_unique_copies": round(expected, 2),
        "columns": columns,
    }


def copied_rows_finding(
    summary: dict, synthetic_rows: int, limits: Thresholds | None = None
) -> Finding | None:
    """Turn the copy counts into a real_rows_copied warning, or None without copies.

    High: many copies of unique real rows, far more than real data shares by
    chance. Medium: more unique copies than chance. Low: copies of common
    rows only, or no more unique copies than chance.
    """
    from scipy.special import pdtrc

    limits = limits or Thresholds()
    copied = summary["copied_rows"]
    unique = summary["copied_unique_rows"]
    if not copied:
        return None
    expected = summary.get("expected_unique_copies", 0.0)
    # P(X >= unique) for X ~ Poisson(expected); pdtrc(k, m) is P(X > k).
    p = float(pdtrc(unique - 1, max(expected, 1e-9))) if unique else 1.0
    many = unique >= max(
        limits.copied_high_count, limits.copied_high_share * synthetic_rows
    )
    if many and p < limits.p_value:
        severity = "high"
    elif unique and p < limits.p_value_single:
        severity = "medium"
    else:
        severity = "low"
    share = 100.0 * copied / synthetic_rows if synthetic_rows else 0.0
    return Finding(
        kind="real_rows_copied",
        severity=severity,
        columns=list(summary["columns"]),
        values={},
        real_count=unique,
        synthetic_count=copied,
        expected_count=round(expected, 1),
        impact=unique,
        message=(
            f"{copied:,} synthetic rows ({share:.2f} %) are identical to a real row; "
            f"{unique:,} of them copy a person who is unique in the real data and "
            f"could be recognised, where two halves of the real data would share "
            f"about {expected:,.0f} such rows by chance. Copies of common rows "
            f"reveal little; remove copies of unique rows before sharing."
        ),
    )


# --- Distance to the closest record ------------------------------------------


def _encoder(real: pd.DataFrame, specs: list[ColumnSpec]):
    """Build a function that turns a frame into scaled numbers and one-hot columns.

    Numbers and dates are scaled to 0..1 by the real range, with an extra
    0/1 position for an empty cell. A category becomes one-hot positions
    worth 1/sqrt(2) each, so two rows that differ in one category are at
    distance 1, as far apart as the real minimum and maximum of a number.
    """
    parts = []
    for spec in specs:
        if not spec.learned or spec.name not in real:
            continue
        values = real[spec.name]
        if spec.kind in (Kind.NUMERIC, Kind.DATETIME):
            numbers = as_numbers(values, spec.kind)
            present = numbers[~np.isnan(numbers)]
            low = float(present.min()) if len(present) else 0.0
            width = float(present.max() - low) if len(present) else 1.0
            middle = float(np.median(present)) if len(present) else 0.0
            parts.append(("number", spec, (low, width or 1.0, middle)))
        else:
            text = values.astype(object).where(values.notna(), "\x00").astype(str)
            kept = list(text.value_counts().index[:MAX_ONE_HOT])
            parts.append(("category", spec, kept))

    def encode(frame: pd.DataFrame) -> np.ndarray:
        blocks = []
        for part, spec, setting in parts:
            if part == "number":
                low, width, middle = setting
                numbers = as_numbers(frame[spec.name], spec.kind)
                empty = np.isnan(numbers)
                scaled = (np.where(empty, middle, numbers) - low) / width
                blocks += [scaled[:, None], empty[:, None].astype(float)]
            else:
                text = frame[spec.name].astype(object)
                text = text.where(text.notna(), "\x00").astype(str)
                codes = pd.Categorical(text, categories=setting).codes
                one_hot = np.zeros((len(frame), len(setting) + 1))
                one_hot[
                    np.arange(len(frame)), np.where(codes < 0, len(setting), codes)
                ] = 1
                blocks.append(one_hot / math.sqrt(2))
        return np.hstack(blocks) if blocks else np.zeros((len(frame), 0))

    return encode


def closest_record_distances(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    specs: list[ColumnSpec],
    seed: int = 0,
    sample: int = 2000,
) -> dict:
    """Compare synthetic and held-out real rows by distance to the closest real row.

    The real table is split into two random halves: a reference half and a
    held-out half. Up to ``sample`` synthetic rows and as many held-out rows
    are compared with the reference half (at most ``MAX_REFERENCE_ROWS``
    rows of it) by a brute-force search. Returns quantiles
    of both distance distributions, the medians, the share of exact matches,
    and the share of synthetic rows closer than the closest 5 % of held-out
    rows, which is about 5 % when the generator does not memorise.
    """
    columns = [
        spec.name
        for spec in specs
        if spec.learned and spec.name in real and spec.name in synthetic
    ]
    if len(real) < 4 or not len(synthetic) or not columns:
        return {}
    rng = np.random.default_rng(seed)
    reference_rows, holdout_rows = split_halves(len(real), seed)
    if len(reference_rows) > MAX_REFERENCE_ROWS:
        reference_rows = rng.choice(reference_rows, MAX_REFERENCE_ROWS, replace=False)
    holdout_rows = _sample(holdout_rows, sample, rng)
    synthetic_rows = _sample(np.arange(len(synthetic)), sample, rng)
    encode = _encoder(real[columns], [s for s in specs if s.name in columns])
    # float32 halves the work of the distance search; distances keep about
    # six significant digits, plenty for comparing distributions.
    reference = encode(real.iloc[reference_rows]).astype(np.float32)
    synthetic_distances = _nearest(reference, encode(synthetic.iloc[synthetic_rows]))
    holdout_distances = _nearest(reference, encode(real.iloc[holdout_rows]))
    close = float(np.quantile(holdout_distances, 0.05))
    synthetic_median = float(np.median(synthetic_distances))
    holdout_median = float(np.median(holdout_distances))
    closer_share = float((synthetic_distances < close).mean()) if close > 0 else 0.0
    result = {
        "sample_rows": len(synthetic_rows),
        "holdout_rows": len(holdout_rows),
        "reference_rows": len(reference_rows),
        "synthetic_median": round(synthetic_median, 4),
        "holdout_median": round(holdout_median, 4),
        "synthetic_exact_share": round(float((synthetic_distances == 0).mean()), 4),
        "holdout_exact_share": round(float((holdout_distances == 0).mean()), 4),
        "closer_than_holdout_5pct": round(closer_share, 4),
        "quantiles": [round(float(q), 3) for q in QUANTILES],
        "synthetic_quantiles": _rounded(np.quantile(synthetic_distances, QUANTILES)),
        "holdout_quantiles": _rounded(np.quantile(holdout_distances, QUANTILES)),
        "seed": seed,
    }
    result["sentence"] = describe_distances(result)
    return result


def _nearest(reference: np.ndarray, points: np.ndarray, chunk: int = 512) -> np.ndarray:
    """Return each point's Euclidean distance to its closest reference row.

    A brute-force search: one matrix product per chunk of points, using
    |a - b|^2 = |a|^2 + |b|^2 - 2 a.b. For the hundred or so columns of a
    one-hot encoding this is faster than a tree search, and it avoids
    importing scikit-learn, which costs seconds in a fresh process.
    """
    points = points.astype(np.float32)
    reference_norms = np.einsum("ij,ij->i", reference, reference)
    nearest = np.empty(len(points), dtype=float)
    for start in range(0, len(points), chunk):
        block = points[start : start + chunk]
        squared = (
            np.einsum("ij,ij->i", block, block)[:, None]
            + reference_norms[None, :]
            - 2.0 * block @ reference.T
        )
        nearest[start : start + len(block)] = np.sqrt(
            np.maximum(squared.min(axis=1), 0.0)
        )
    return nearest


def _sample(positions: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    if len(positions) <= size:
        return positions
    return np.sort(rng.choice(positions, size, replace=False))


def _rounded(values) -> list[float]:
    return [round(float(value), 4) for value in values]


def describe_distances(result: dict) -> str:
    """One plain sentence comparing synthetic and held-out real distances."""
    synthetic, holdout = result["synthetic_median"], result["holdout_median"]
    closer = result["closer_than_holdout_5pct"]
    first = (
        f"Half of the synthetic rows lie within {synthetic:.2f} of their closest "
        f"real record, against {holdout:.2f} for real records of a held-out half "
        f"(distance 1 = one category or a number's whole real range apart)."
    )
    if closer >= 0.10:
        return (
            f"{first} {closer * 100:.0f} % of the synthetic rows are closer to a "
            f"real record than the closest 5 % of held-out rows are: the generator "
            f"may reproduce real people; check the copied rows before sharing."
        )
    return (
        f"{first} {closer * 100:.0f} % of the synthetic rows are closer than the "
        f"closest 5 % of held-out rows, so they sit no closer to real people than "
        f"other real people do."
    )
