"""Warnings about where synthetic data differs from the real data.

Each check works on the shared counts (``counts.py``), and every threshold is
a field of ``Thresholds`` with its default documented in docs/warnings.md.
A difference becomes a warning only when it is both large and too large to
be chance: under the hypothesis that both tables come from the same
population, the synthetic count of a group given the group's total count is
binomial, and the check asks for a one-sided p-value below ``p_value``
(``p_value_single`` for medium warnings about one column). So two random
halves of the same real data raise no warning of high severity.

This module holds the checks of single columns and the ranking, folding and
grouping of findings; ``combinations.py`` holds the checks of pairs and
triples.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from synthdesk.core.columns import Kind
from synthdesk.core.evaluation.counts import EMPTY, ColumnCodes, ReviewCounts

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
COLUMN_KINDS = {
    "category_missing",
    "category_underrepresented",
    "imbalance_amplified",
    "value_out_of_range",
    "missing_values_changed",
}


@dataclass
class Thresholds:
    """Limits that decide when a difference becomes a warning."""

    # Numbers and dates are cut into this many bins of equal real counts for
    # the checks of values, pairs and triples.
    numeric_bins: int = 5
    # Category columns with more values than this pool the rarest ones.
    max_categories: int = 60
    # One-sided binomial p-value below which a difference is not chance:
    # for every combination warning and every high warning ...
    p_value: float = 1e-6
    # ... and for medium warnings about one column, which are far fewer tests.
    p_value_single: float = 1e-4
    # category_missing: high from this expected count, medium from the next.
    missing_high_expected: float = 10.0
    missing_medium_expected: float = 3.0
    # category_underrepresented: fewer than ``under_fraction`` of the
    # expected rows, expecting at least ``under_min_expected``; high below
    # ``under_high_fraction`` when at least ``under_high_expected`` expected.
    under_fraction: float = 0.5
    under_min_expected: float = 20.0
    under_high_fraction: float = 0.25
    under_high_expected: float = 50.0
    # A category value with at least this real share is a minority whose
    # shrinking counts as imbalance_amplified; rarer values count as
    # category_underrepresented.
    minority_share: float = 0.05
    # imbalance_amplified: the most common value's share grows by this many
    # points (high from twice as many), or a minority's share falls below
    # ``minority_fraction`` of its real share (high below ``minority_high``).
    majority_growth: float = 0.05
    minority_fraction: float = 0.67
    minority_high: float = 0.6
    # combination_invented: a combination held by at most
    # max(invented_real_count, invented_real_share x real rows) real rows ...
    invented_real_count: int = 2
    invented_real_share: float = 0.001
    # ... that at least ``invented_min_count`` synthetic rows hold, at least
    # ``invented_ratio`` times the expected count; high from
    # ``invented_high_count`` rows or ``invented_high_share`` of the rows.
    invented_min_count: int = 10
    invented_ratio: float = 5.0
    invented_high_count: int = 50
    invented_high_share: float = 0.002
    # A combination whose ratio of synthetic to expected rows is within this
    # factor of what its parts' ratios multiply to is explained by its parts.
    explain_factor: float = 2.0
    # combination_missing: at most ``missing_fraction`` of an expected count
    # of at least ``missing_combination_expected`` (high from
    # ``missing_combination_high``).
    missing_fraction: float = 0.05
    missing_combination_expected: float = 10.0
    missing_combination_high: float = 50.0
    # missing_values_changed: change in the share of empty cells, in points.
    empty_change_medium: float = 0.05
    empty_change_high: float = 0.15
    # value_out_of_range: high from this share of synthetic rows.
    out_of_range_high_share: float = 0.01
    # relationship_weakened: a real association (Cramer's V, or the absolute
    # Pearson correlation for two numbers) of at least this strength ...
    strong_association: float = 0.5
    # ... that drops by this much (high from ``weakened_high_drop``).
    weakened_drop: float = 0.2
    weakened_high_drop: float = 0.4
    # real_rows_copied: high from this many copies of unique real rows and
    # this share of the synthetic rows.
    copied_high_count: int = 10
    copied_high_share: float = 0.001

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Finding:
    """One warning in the ``check --json`` contract, with two extra fields.

    ``plot`` names the figure that shows the finding: ``{"type": "column" |
    "pair" | "intersection" | "privacy", "columns": [...]}``. ``folded``
    counts the findings about larger combinations that this one explains and
    that were left out of the list.
    """

    kind: str
    severity: str
    columns: list[str]
    message: str
    values: dict = field(default_factory=dict)
    real_count: int | None = None
    synthetic_count: int | None = None
    expected_count: float | None = None
    plot: dict | None = None
    folded: int = 0
    # Rows affected, for ranking within a severity; not exported.
    impact: float = 0.0
    # The values of a smaller combination or single value that explains this
    # combination finding (see ``combinations._Ratios``); not exported.
    explained_by: dict | None = None

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "columns": self.columns,
            "values": self.values,
            "real_count": self.real_count,
            "synthetic_count": self.synthetic_count,
            "expected_count": self.expected_count,
            "message": self.message,
            "plot": self.plot or default_plot(self.kind, self.columns),
            "folded": self.folded,
        }


def default_plot(kind: str, columns: list[str]) -> dict:
    if kind in COLUMN_KINDS or len(columns) == 1:
        return {"type": "column", "columns": list(columns)}
    if kind == "relationship_weakened":
        return {"type": "pair", "columns": list(columns)}
    if kind == "real_rows_copied":
        return {"type": "privacy", "columns": []}
    return {"type": "intersection", "columns": list(columns)}


# --- Statistics ------------------------------------------------------------


def synthetic_share(counts: ReviewCounts) -> float:
    """The synthetic table's share of all rows: the binomial rate under equality."""
    total = counts.real_rows + counts.synthetic_rows
    return counts.synthetic_rows / total if total else 0.0


def p_more(real, synthetic, share: float) -> np.ndarray:
    """P(synthetic count >= observed) if both tables had the same rate.

    Uses ``scipy.special`` rather than ``scipy.stats``, whose import takes
    seconds.
    """
    from scipy.special import bdtrc

    real, synthetic = np.asarray(real), np.asarray(synthetic)
    return bdtrc(synthetic - 1, real + synthetic, share)


def p_fewer(real, synthetic, share: float) -> np.ndarray:
    """P(synthetic count <= observed) if both tables had the same rate."""
    from scipy.special import bdtr

    real, synthetic = np.asarray(real), np.asarray(synthetic)
    return bdtr(synthetic, real + synthetic, share)


def percent(count: float, total: int) -> str:
    """A share as a percentage, with one significant digit below 0.1 %."""
    if not total or not count:
        return "0 %"
    share = 100.0 * count / total
    if share >= 0.1:
        return f"{share:.1f} %"
    return f"{share:.1g} %"


def rows(count: float) -> str:
    count = int(round(count))
    return f"{count:,} row" + ("" if count == 1 else "s")


def describe(values: dict) -> str:
    return " with ".join(f"{column} = {value}" for column, value in values.items())


# --- Values of one column --------------------------------------------------


def check_values(counts: ReviewCounts, limits: Thresholds) -> list[Finding]:
    """Find vanished, underrepresented and over-amplified values of every column.

    Categories are checked value by value; numbers and dates bin by bin.
    """
    findings: list[Finding] = []
    for column in counts.columns.values():
        findings += _vanished_and_rare(column, counts, limits)
        if not column.binned:
            findings += _imbalance(column, counts, limits)
    return findings


def _value_word(column: ColumnCodes) -> str:
    return "values" if column.binned else "value"


def _vanished_and_rare(
    column: ColumnCodes, counts: ReviewCounts, limits: Thresholds
) -> list[Finding]:
    real, synthetic = column.real_counts(), column.synthetic_counts()
    n_real, n_synthetic = counts.real_rows, counts.synthetic_rows
    share = synthetic_share(counts)
    findings = []
    named = real.sum() - real[column.hidden].sum()
    for code in np.flatnonzero((real > 0) & ~column.hidden):
        r, s = int(real[code]), int(synthetic[code])
        expected = r * counts.scale
        label = str(column.labels[code])
        if column.binned:
            subject = f"'{column.name}' values {label}"
            has, have = "have", "have such values"
        else:
            subject = f"The value '{label}' in '{column.name}'"
            has, have = "has", ("has it" if r == 1 else "have it")
        if s == 0:
            p = float(p_fewer(r, 0, share))
            if expected >= limits.missing_high_expected and p < limits.p_value_single:
                severity = "high"
            elif expected >= limits.missing_medium_expected:
                severity = "medium"
            else:
                severity = "low"
            findings.append(
                Finding(
                    kind="category_missing",
                    severity=severity,
                    columns=[column.name],
                    values={column.name: label},
                    real_count=r,
                    synthetic_count=0,
                    expected_count=round(expected, 1),
                    impact=expected,
                    message=(
                        f"{subject} {has} vanished: {rows(r)} of the real data "
                        f"({percent(r, n_real)}) {have}, no synthetic row does, "
                        f"where about {expected:,.1f} were expected. This group is "
                        f"missing from the synthetic data: do not use it to study "
                        f"this group, or generate again with more rows or another "
                        f"generator."
                    ),
                )
            )
            continue
        is_minority = not column.binned and r / max(named, 1) >= limits.minority_share
        if is_minority or expected < limits.under_min_expected:
            continue
        if s >= limits.under_fraction * expected:
            continue
        p = float(p_fewer(r, s, share))
        if p >= limits.p_value_single:
            continue
        high = (
            s < limits.under_high_fraction * expected
            and expected >= limits.under_high_expected
            and p < limits.p_value
        )
        findings.append(
            Finding(
                kind="category_underrepresented",
                severity="high" if high else "medium",
                columns=[column.name],
                values={column.name: label},
                real_count=r,
                synthetic_count=s,
                expected_count=round(expected, 1),
                impact=expected - s,
                message=(
                    f"{subject} {'are' if column.binned else 'is'} rarer than "
                    f"{'they' if column.binned else 'it'} should be: {rows(s)} of the "
                    f"synthetic data ({percent(s, n_synthetic)}) where about "
                    f"{expected:,.0f} ({percent(r, n_real)}) were expected. Counts "
                    f"and averages for this group will be too small and less "
                    f"reliable; check results about it against the real data."
                ),
            )
        )
    return findings


def _imbalance(
    column: ColumnCodes, counts: ReviewCounts, limits: Thresholds
) -> list[Finding]:
    real = column.real_counts().astype(float)
    synthetic = column.synthetic_counts().astype(float)
    real[column.hidden] = 0
    synthetic[column.hidden] = 0
    if (real > 0).sum() < 2 or not synthetic.sum():
        return []
    real_share = real / real.sum()
    synthetic_share_ = synthetic / synthetic.sum()
    share = synthetic_share(counts)
    findings = []
    top = int(np.argmax(real))
    growth = synthetic_share_[top] - real_share[top]
    p = float(p_more(real[top], synthetic[top], share))
    if growth >= limits.majority_growth and p < limits.p_value_single:
        high = growth >= 2 * limits.majority_growth and p < limits.p_value
        findings.append(
            _imbalance_finding(
                column, counts, top, "high" if high else "medium", grown=True
            )
        )
    minorities = np.flatnonzero((real_share >= limits.minority_share) & (real > 0))
    for code in minorities:
        if code == top:
            continue
        ratio = synthetic_share_[code] / real_share[code]
        if ratio >= limits.minority_fraction:
            continue
        p = float(p_fewer(real[code], synthetic[code], share))
        if p >= limits.p_value_single:
            continue
        high = ratio < limits.minority_high and p < limits.p_value
        findings.append(
            _imbalance_finding(
                column, counts, code, "high" if high else "medium", grown=False
            )
        )
    return findings


def _imbalance_finding(
    column: ColumnCodes, counts: ReviewCounts, code: int, severity: str, grown: bool
) -> Finding:
    real, synthetic = column.real_counts(), column.synthetic_counts()
    r, s = int(real[code]), int(synthetic[code])
    expected = r * counts.scale
    label = str(column.labels[code])
    real_share = percent(r, counts.real_rows)
    synthetic_share_ = percent(s, counts.synthetic_rows)
    if grown:
        message = (
            f"The most common value in '{column.name}', '{label}', has grown from "
            f"{real_share} to {synthetic_share_} of rows ({s:,} synthetic rows where "
            f"about {expected:,.0f} were expected), so the other groups are "
            f"squeezed. Counts and averages by '{column.name}' will be skewed; "
            f"weight the rows or generate again with another generator."
        )
    else:
        message = (
            f"The group '{label}' in '{column.name}' has shrunk from {real_share} "
            f"to {synthetic_share_} of rows ({s:,} synthetic rows where about "
            f"{expected:,.0f} were expected). Counts and averages by "
            f"'{column.name}' will be skewed against this group; weight the rows "
            f"or generate again with another generator."
        )
    return Finding(
        kind="imbalance_amplified",
        severity=severity,
        columns=[column.name],
        values={column.name: label},
        real_count=r,
        synthetic_count=s,
        expected_count=round(expected, 1),
        impact=abs(s - expected),
        message=message,
    )


# --- Ranges and empty cells ------------------------------------------------


def check_ranges(counts: ReviewCounts, limits: Thresholds) -> list[Finding]:
    """Find numbers and dates outside the real range, and unknown categories.

    In a fresh sample of the same population, each new value falls outside
    the minimum and maximum of ``n`` real values with probability about
    ``2 / (n + 1)``; a warning needs clearly more than that.
    """
    findings = []
    for column in counts.columns.values():
        if column.numeric:
            finding = _numbers_out_of_range(column, counts, limits)
            if finding:
                findings.append(finding)
        else:
            findings += _unknown_categories(column, counts, limits)
    return findings


def _numbers_out_of_range(
    column: ColumnCodes, counts: ReviewCounts, limits: Thresholds
) -> Finding | None:
    from scipy.special import bdtrc

    real = column.real_values[~np.isnan(column.real_values)]
    synthetic = column.synthetic_values[~np.isnan(column.synthetic_values)]
    if not len(real) or not len(synthetic):
        return None
    low, high = real.min(), real.max()
    below, above = synthetic[synthetic < low], synthetic[synthetic > high]
    outside = len(below) + len(above)
    if not outside:
        return None
    natural = 2 / (len(real) + 1)
    p = float(bdtrc(outside - 1, len(synthetic), natural))
    if p >= limits.p_value_single:
        return None
    share = outside / counts.synthetic_rows
    severity = (
        "high"
        if share >= limits.out_of_range_high_share and p < limits.p_value
        else "medium"
    )
    spec = counts.specs[column.name]
    show = _value_formatter(spec)
    parts = []
    if len(below):
        parts.append(f"down to {show(below.min())} (real minimum {show(low)})")
    if len(above):
        parts.append(f"up to {show(above.max())} (real maximum {show(high)})")
    return Finding(
        kind="value_out_of_range",
        severity=severity,
        columns=[column.name],
        values={},
        real_count=0,
        synthetic_count=outside,
        expected_count=round(natural * len(synthetic), 1),
        impact=outside,
        message=(
            f"{outside:,} synthetic values in '{column.name}' "
            f"({percent(outside, counts.synthetic_rows)}) lie outside the range of "
            f"the real data, {' and '.join(parts)}. Check whether such values are "
            f"possible; if not, clip or remove these rows before use."
        ),
    )


def _value_formatter(spec):
    import pandas as pd

    if spec.kind == Kind.DATETIME:
        return lambda value: str(pd.Timestamp(int(value)).date())
    if spec.integer:
        return lambda value: f"{value:,.0f}"
    return lambda value: f"{value:,.{max(spec.decimals, 2)}f}"


def _unknown_categories(
    column: ColumnCodes, counts: ReviewCounts, limits: Thresholds
) -> list[Finding]:
    real, synthetic = column.real_counts(), column.synthetic_counts()
    unknown = np.flatnonzero((real == 0) & (synthetic > 0) & ~column.hidden)
    findings = []
    for code in unknown:
        s = int(synthetic[code])
        label = str(column.labels[code])
        share = s / counts.synthetic_rows
        if share >= limits.out_of_range_high_share:
            severity = "high"
        elif s >= limits.invented_min_count:
            severity = "medium"
        else:
            severity = "low"
        findings.append(
            Finding(
                kind="value_out_of_range",
                severity=severity,
                columns=[column.name],
                values={column.name: label},
                real_count=0,
                synthetic_count=s,
                expected_count=0.0,
                impact=s,
                message=(
                    f"The value '{label}' in '{column.name}' does not occur in the "
                    f"real data, but {rows(s)} of the synthetic data "
                    f"({percent(s, counts.synthetic_rows)}) have it. Check whether "
                    f"it is a valid value; if not, remove or recode these rows."
                ),
            )
        )
    return findings


def check_empty_cells(counts: ReviewCounts, limits: Thresholds) -> list[Finding]:
    """Find columns whose share of empty cells changed markedly."""
    findings = []
    share = synthetic_share(counts)
    for column in counts.columns.values():
        empty = np.flatnonzero(column.labels == EMPTY)
        if not len(empty):
            continue
        code = int(empty[0])
        r = int((column.real == code).sum())
        s = int((column.synthetic == code).sum())
        real_share = r / counts.real_rows if counts.real_rows else 0.0
        synthetic_share_ = s / counts.synthetic_rows if counts.synthetic_rows else 0.0
        change = abs(synthetic_share_ - real_share)
        if change < limits.empty_change_medium:
            continue
        p = float(
            p_more(r, s, share)
            if synthetic_share_ > real_share
            else p_fewer(r, s, share)
        )
        if p >= limits.p_value_single:
            continue
        high = change >= limits.empty_change_high and p < limits.p_value
        expected = r * counts.scale
        findings.append(
            Finding(
                kind="missing_values_changed",
                severity="high" if high else "medium",
                columns=[column.name],
                values={},
                real_count=r,
                synthetic_count=s,
                expected_count=round(expected, 1),
                impact=abs(s - expected),
                message=(
                    f"'{column.name}' has {synthetic_share_ * 100:.1f} % empty cells "
                    f"in the synthetic data against {real_share * 100:.1f} % in the "
                    f"real data ({s:,} where about {expected:,.0f} were expected). "
                    f"Analyses that drop or fill empty cells will give different "
                    f"results; check how the generator handles empty cells."
                ),
            )
        )
    return findings


# --- Ranking, folding and grouping -------------------------------------------


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Order by severity, then by the number of rows affected, largest first."""
    return sorted(
        findings,
        key=lambda finding: (
            SEVERITY_ORDER[finding.severity],
            -finding.impact,
            finding.kind,
            finding.columns,
        ),
    )


def fold_findings(findings: list[Finding]) -> list[Finding]:
    """Leave out combination findings that a smaller part explains.

    ``check_combinations`` sets ``explained_by`` on a combination whose
    excess or shortage follows from its parts (a value, or a pair within a
    triple). The finding about that part, when there is one, counts the
    left-out finding in ``folded``; a value's part is any warning about its
    column. A combination left out this way is still counted in the
    intersection explorer.
    """
    by_values: dict[frozenset, Finding] = {}
    by_column: dict[str, Finding] = {}
    reported = [finding for finding in findings if finding.explained_by is None]
    for finding in sort_findings(reported):
        if finding.kind in COLUMN_KINDS:
            by_column.setdefault(finding.columns[0], finding)
        elif finding.kind in ("combination_invented", "combination_missing"):
            key = (finding.kind, frozenset(finding.values.items()))
            by_values.setdefault(key, finding)
    kept = []
    for finding in findings:
        part = finding.explained_by
        if part is None:
            kept.append(finding)
            continue
        if len(part) == 1:
            explainer = by_column.get(next(iter(part)))
        else:
            explainer = by_values.get((finding.kind, frozenset(part.items())))
        if explainer is not None:
            explainer.folded += 1
    return kept


def group_findings(findings: list[Finding], examples: int = 3) -> list[dict]:
    """Group findings by kind and columns, for a list a person can read.

    ``findings`` must be sorted; each group lists its members' positions in
    it (``indices``), up to ``examples`` messages, and a sentence that sums up
    the group. Groups are ordered by their most severe member, then by the
    rows they affect.
    """
    members: dict[tuple, list[int]] = {}
    for index, finding in enumerate(findings):
        members.setdefault((finding.kind, tuple(finding.columns)), []).append(index)
    groups = []
    for (kind, columns), indices in members.items():
        items = [findings[index] for index in indices]
        head = items[0]
        groups.append(
            {
                "kind": kind,
                "severity": head.severity,
                "columns": list(columns),
                "count": len(items),
                "synthetic_count": sum(item.synthetic_count or 0 for item in items),
                "summary": _group_sentence(kind, list(columns), items),
                "messages": [item.message for item in items[:examples]],
                "plot": head.to_dict()["plot"],
                "indices": indices,
                "impact": sum(item.impact for item in items),
            }
        )
    groups.sort(key=lambda group: (SEVERITY_ORDER[group["severity"]], -group["impact"]))
    for group in groups:
        del group["impact"]
    return groups


def _group_sentence(kind: str, columns: list[str], items: list[Finding]) -> str:
    head = items[0]
    if len(items) == 1:
        return head.message
    joined = " x ".join(f"'{column}'" for column in columns)
    total = sum(item.synthetic_count or 0 for item in items)
    example = describe(head.values) if head.values else ""
    if kind == "combination_invented":
        return (
            f"{len(items)} invented combinations of {joined}, held by {total:,} "
            f"synthetic rows in all; the largest is {example} "
            f"({head.synthetic_count:,} rows, {head.real_count:,} real)."
        )
    if kind == "combination_missing":
        expected = sum(item.expected_count or 0 for item in items)
        return (
            f"{len(items)} combinations of {joined} are missing or nearly missing, "
            f"where about {expected:,.0f} synthetic rows were expected in all; the "
            f"largest is {example}."
        )
    return f"{len(items)} warnings about {joined}; the largest: {head.message}"
