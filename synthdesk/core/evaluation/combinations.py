"""Checks over pairs and triples of columns: invented and missing combinations,
and associations that the synthetic data lost.

Numbers and dates take part through their bins, so "age = 50 or more with
marital-status = Never-married" is a combination like any other. Empty cells
and pooled rare values are counted but never named in a warning.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from synthdesk.core.evaluation.counts import ReviewCounts
from synthdesk.core.evaluation.scores import cramers_v, pearson
from synthdesk.core.evaluation.warnings import (
    Finding,
    Thresholds,
    describe,
    p_fewer,
    p_more,
    percent,
    synthetic_share,
)

INVENTED = "combination_invented"
MISSING = "combination_missing"


# --- Which cells count -------------------------------------------------------


def nearly_absent_count(counts: ReviewCounts, limits: Thresholds) -> float:
    """Return the largest real count at which a combination is nearly absent."""
    return max(
        limits.invented_real_count, limits.invented_real_share * counts.real_rows
    )


def invented_mask(real, synthetic, counts: ReviewCounts, limits: Thresholds):
    """Cells nearly absent in the real data and clearly more common in the synthetic.

    Without the binomial test; ``invented_cells`` adds it.
    """
    expected = np.asarray(real) * counts.scale
    return (
        (np.asarray(real) <= nearly_absent_count(counts, limits))
        & (np.asarray(synthetic) >= limits.invented_min_count)
        & (np.asarray(synthetic) >= limits.invented_ratio * np.maximum(expected, 1.0))
    )


def missing_mask(real, synthetic, counts: ReviewCounts, limits: Thresholds):
    """Cells common enough in the real data that are nearly absent in the synthetic.

    Without the binomial test; ``missing_cells`` adds it.
    """
    expected = np.asarray(real) * counts.scale
    return (expected >= limits.missing_combination_expected) & (
        np.asarray(synthetic) <= limits.missing_fraction * expected
    )


def invented_cells(real, synthetic, counts: ReviewCounts, limits: Thresholds):
    """Indices of invented cells: ``invented_mask`` and the binomial test."""
    cells = np.flatnonzero(invented_mask(real, synthetic, counts, limits))
    if len(cells):
        p = p_more(real[cells], synthetic[cells], synthetic_share(counts))
        cells = cells[p < limits.p_value]
    return cells


def missing_cells(real, synthetic, counts: ReviewCounts, limits: Thresholds):
    """Indices of missing cells: ``missing_mask`` and the binomial test."""
    cells = np.flatnonzero(missing_mask(real, synthetic, counts, limits))
    if len(cells):
        p = p_fewer(real[cells], synthetic[cells], synthetic_share(counts))
        cells = cells[p < limits.p_value]
    return cells


# --- Checks --------------------------------------------------------------------


def check_combinations(
    counts: ReviewCounts, limits: Thresholds, sizes: tuple[int, ...] = (2, 3)
) -> list[Finding]:
    """Find invented and missing combinations over all pairs and triples.

    A combination whose excess or shortage its smaller parts already explain
    (see ``_explain``) comes back as a bare finding with ``explained_by`` set
    and no message, for ``fold_findings`` to count and leave out.
    """
    findings: list[Finding] = []
    if not counts.real_rows or not counts.synthetic_rows:
        return findings
    for size in sizes:
        for names in itertools.combinations(counts.names, size):
            combination = counts.combination_counts(names)
            if combination is None:
                continue
            real, synthetic, shape = combination
            hidden = _hidden_cells(counts, list(names), shape)
            for kind, cells in (
                (INVENTED, invented_cells(real, synthetic, counts, limits)),
                (MISSING, missing_cells(real, synthetic, counts, limits)),
            ):
                cells = cells[~hidden[cells]]
                if len(cells):
                    findings += _findings(
                        counts, list(names), combination, cells, kind, limits
                    )
    return findings


def _hidden_cells(counts: ReviewCounts, names: list[str], sizes: list[int]):
    """Mark cells that involve an empty cell or a pooled value in any column."""
    hidden = np.zeros(sizes, dtype=bool)
    for axis, name in enumerate(names):
        shape = [1] * len(names)
        shape[axis] = sizes[axis]
        hidden |= counts.columns[name].hidden.reshape(shape)
    return hidden.ravel()


def _findings(counts, names, combination, cells, kind, limits) -> list[Finding]:
    real, synthetic, sizes = combination
    codes = np.unravel_index(cells, sizes)
    explained, parts = _explain(
        counts, names, codes, real[cells], synthetic[cells], kind, limits
    )
    findings = []
    for index, cell in enumerate(cells):
        r, s = int(real[cell]), int(synthetic[cell])
        if explained[index]:
            part = {
                names[axis]: str(counts.columns[names[axis]].labels[codes[axis][index]])
                for axis in parts[index]
            }
            findings.append(
                Finding(
                    kind=kind,
                    severity="low",
                    columns=names,
                    message="",
                    real_count=r,
                    synthetic_count=s,
                    explained_by=part,
                )
            )
            continue
        values = {
            name: str(counts.columns[name].labels[code[index]])
            for name, code in zip(names, codes, strict=True)
        }
        if kind == INVENTED:
            findings.append(_invented_finding(counts, names, values, r, s, limits))
        else:
            findings.append(_missing_finding(counts, names, values, r, s, limits))
    return findings


def _invented_finding(counts, names, values, r, s, limits) -> Finding:
    n_real, n_synthetic = counts.real_rows, counts.synthetic_rows
    e = r * counts.scale
    high = (
        s >= limits.invented_high_count or s >= limits.invented_high_share * n_synthetic
    )
    if r == 0:
        real_words = "no real row has it"
    elif r == 1:
        real_words = "only 1 real row has it"
    else:
        real_words = f"only {r:,} real rows ({percent(r, n_real)}) have it"
    return Finding(
        kind=INVENTED,
        severity="high" if high else "medium",
        columns=names,
        values=values,
        real_count=r,
        synthetic_count=s,
        expected_count=round(e, 1),
        impact=s - e,
        message=(
            f"The generator invented the combination {describe(values)}: "
            f"{real_words}, but {s:,} synthetic rows ({percent(s, n_synthetic)}) do, "
            f"where about {e:,.0f} were expected. Such records may be impossible: "
            f"remove them before use, or try another generator."
        ),
    )


def _missing_finding(counts, names, values, r, s, limits) -> Finding:
    e = r * counts.scale
    synthetic_words = (
        "no synthetic row does" if s == 0 else f"only {s:,} synthetic rows do"
    )
    return Finding(
        kind=MISSING,
        severity="high" if e >= limits.missing_combination_high else "medium",
        columns=names,
        values=values,
        real_count=r,
        synthetic_count=s,
        expected_count=round(e, 1),
        impact=e - s,
        message=(
            f"The combination {describe(values)} is missing: {r:,} real rows "
            f"({percent(r, counts.real_rows)}) have it, {synthetic_words}, where "
            f"about {e:,.0f} were expected. This group cannot be studied in the "
            f"synthetic data."
        ),
    )


# --- Explanation by smaller parts ------------------------------------------------


def _explain(counts, names, codes, real, synthetic, kind, limits):
    """Decide which combinations their smaller parts explain.

    The ratio of a value or combination is (synthetic + 1) / (expected + 1),
    the added row keeping empty cells finite. A combination is explained
    when its own ratio is within ``explain_factor`` of what a model with no
    effect of its own predicts from its parts' ratios:

    - a pair (a, b): ratio(a) x ratio(b);
    - a triple (a, b, c): ratio(a, b) x ratio(c) for each way to split it,
      or ratio(a, b) x ratio(a, c) / ratio(a) for each pivot a (b and c
      distorted only through a).

    So "capital-gain = 14,084 or more with workclass = Private" is no
    finding of its own when high gains are 28 times too common overall and
    Private is as common as in the real data. A combination is also explained
    when one of its parts would itself count as invented (for an excess) or
    missing (for a shortage), because every combination holding that part
    follows it. Shortages compare inverse ratios.

    Returns a boolean array and, per combination, the axes of the part that
    strays furthest (an extreme part first), which gets the credit.
    """
    excess = kind == INVENTED
    extreme_mask = invented_mask if excess else missing_mask

    def ratio(real_part, synthetic_part):
        return (synthetic_part + 1.0) / (real_part * counts.scale + 1.0)

    parts: list[tuple[int, ...]] = [(axis,) for axis in range(len(names))]
    if len(names) == 3:
        parts += list(itertools.combinations(range(3), 2))
    ratios, extremes = [], []
    for part in parts:
        if len(part) == 1:
            column = counts.columns[names[part[0]]]
            real_part = column.real_counts()[codes[part[0]]]
            synthetic_part = column.synthetic_counts()[codes[part[0]]]
        else:
            first, second = part
            real_table, synthetic_table = counts.pair_tables(
                names[first], names[second]
            )
            real_part = real_table[codes[first], codes[second]]
            synthetic_part = synthetic_table[codes[first], codes[second]]
        ratios.append(ratio(real_part, synthetic_part))
        extremes.append(extreme_mask(real_part, synthetic_part, counts, limits))
    by_part = dict(zip(parts, ratios, strict=True))
    if len(names) == 2:
        predictions = [by_part[(0,)] * by_part[(1,)]]
    else:
        predictions = []
        for third in range(3):
            pair = tuple(axis for axis in range(3) if axis != third)
            predictions.append(by_part[pair] * by_part[(third,)])
        for pivot in range(3):
            first, second = (
                tuple(sorted((pivot, other))) for other in range(3) if other != pivot
            )
            predictions.append(by_part[first] * by_part[second] / by_part[(pivot,)])
    own = ratio(real, synthetic)
    stacked = np.vstack(predictions)
    factor = limits.explain_factor
    if excess:
        explained = own <= factor * stacked.max(axis=0)
    else:
        explained = own >= stacked.min(axis=0) / factor
    extreme = np.vstack(extremes)
    explained |= extreme.any(axis=0)
    # Credit an extreme part first, then the part that strays furthest.
    deviation = np.vstack(ratios) if excess else 1.0 / np.vstack(ratios)
    deviation = np.where(extreme, np.inf, deviation)
    chosen = [parts[index] for index in deviation.argmax(axis=0)]
    return explained, chosen


# --- Associations ------------------------------------------------------------


def association_strengths(counts: ReviewCounts) -> dict[tuple[str, str], tuple]:
    """Cramer's V of every pair, real and synthetic, on the shared codes.

    Numbers take part through their bins, so one measure covers every kind of
    pair; NaN where a column has a single value.
    """
    strengths = {}
    for first, second in counts.pairs():
        real, synthetic = counts.pair_tables(first, second)
        strengths[(first, second)] = (cramers_v(real), cramers_v(synthetic))
    return strengths


def check_associations(
    counts: ReviewCounts,
    limits: Thresholds,
    strengths: dict[tuple[str, str], tuple] | None = None,
) -> list[Finding]:
    """Find strong real associations between two columns that the synthetic data lost.

    Two numbers are also compared by Pearson correlation, which detects a
    linear link that the bins may blur; the larger drop counts.
    """
    strengths = strengths or association_strengths(counts)
    findings = []
    for (first, second), (real_v, synthetic_v) in strengths.items():
        measures = []
        if not (math.isnan(real_v) or math.isnan(synthetic_v)):
            measures.append(("Cramer's V", real_v, synthetic_v))
        a, b = counts.columns[first], counts.columns[second]
        if a.numeric and b.numeric:
            real_r = pearson(a.real_values, b.real_values)
            synthetic_r = pearson(a.synthetic_values, b.synthetic_values)
            if not (math.isnan(real_r) or math.isnan(synthetic_r)):
                measures.append(("correlation", real_r, synthetic_r))
        weakened = [
            (name, real, synthetic)
            for name, real, synthetic in measures
            if abs(real) >= limits.strong_association
            and abs(real) - _toward(real, synthetic) >= limits.weakened_drop
        ]
        if not weakened:
            continue
        name, real, synthetic = max(
            weakened, key=lambda item: abs(item[1]) - _toward(item[1], item[2])
        )
        drop = abs(real) - _toward(real, synthetic)
        findings.append(
            Finding(
                kind="relationship_weakened",
                severity="high" if drop >= limits.weakened_high_drop else "medium",
                columns=[first, second],
                values={},
                impact=drop * counts.synthetic_rows,
                message=(
                    f"The link between '{first}' and '{second}' is weaker in the "
                    f"synthetic data: {name} {synthetic:.2f} against {real:.2f} in "
                    f"the real data (0 means no link, 1 a perfect one). Analyses "
                    f"of how these two columns go together will be misleading; "
                    f"compare them in the pair plot before use."
                ),
            )
        )
    return findings


def _toward(real: float, synthetic: float) -> float:
    """Return the synthetic strength measured in the real association's direction.

    A correlation whose sign flips has lost the link as surely as one that
    drops to zero, so the drop is measured along the real sign.
    """
    return synthetic * np.sign(real) if real else synthetic
