"""Warnings about where synthetic data differs from the real data.

Each check works on counts, and every threshold is a field of
``Thresholds`` with its default documented in docs/warnings.md. Thresholds
are set so that two random halves of the same real data raise no warning of
high severity: a finding must be too large to be chance at that sample size.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from synthdesk.core.columns import ColumnSpec, Kind

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@dataclass
class Thresholds:
    """Limits that decide when a difference becomes a warning."""

    # A combination is "nearly absent" in the real data below this share.
    invented_real_share: float = 0.0005
    # ... and "invented" when the synthetic data has at least this many rows
    # of it and this many times what the real data would lead one to expect.
    invented_min_count: int = 10
    invented_ratio: float = 5.0
    # Invented combinations become high severity from this many rows or share.
    invented_high_count: int = 50
    invented_high_share: float = 0.002
    # Columns with more distinct values than this are binned or skipped in
    # the combination checks.
    max_categories: int = 60
    # Numbers are cut into this many equal-count bins for combination checks.
    numeric_bins: int = 5
    # A value is underrepresented when the synthetic count falls below this
    # fraction of the expected count, expected being at least ``min_expected``.
    under_fraction: float = 0.5
    under_min_expected: float = 20.0
    # A missing combination needs at least this expected count.
    missing_combination_expected: float = 30.0
    # Imbalance: the largest value's share grows by this many points, or a
    # minority falls below this fraction of its real share.
    majority_growth: float = 0.05
    minority_fraction: float = 0.67
    # Empty cells: change of share in percentage points.
    missing_change_medium: float = 0.05
    missing_change_high: float = 0.15
    # Out of range: share of synthetic values outside the real minimum and
    # maximum from which the warning is high.
    out_of_range_high_share: float = 0.01
    # Association: a real association at least this strong counts, and it is
    # weakened when it drops by at least ``weakened_drop``.
    strong_association: float = 0.5
    weakened_drop: float = 0.2
    weakened_high_drop: float = 0.4

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Finding:
    """One warning in the ``check --json`` contract."""

    kind: str
    severity: str
    columns: list[str]
    message: str
    values: dict = field(default_factory=dict)
    real_count: int | None = None
    synthetic_count: int | None = None
    expected_count: float | None = None

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
        }


def _percent(count: float, total: int) -> str:
    return f"{100.0 * count / total:.1f} %" if total else "0 %"


def _describe(values: dict) -> str:
    return " with ".join(f"{column} = {value}" for column, value in values.items())


# --- Grouping ------------------------------------------------------------


def grouping_columns(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    specs: list[ColumnSpec],
    limits: Thresholds,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Return both tables as group labels: categories as they are, numbers binned.

    Bins are cut at the real data's quantiles and applied to both tables, so
    a synthetic value outside the real range falls in the outer bins.
    """
    real_groups, synthetic_groups, names = {}, {}, []
    for spec in specs:
        if not spec.learned or spec.name not in synthetic.columns:
            continue
        r, s = real[spec.name], synthetic[spec.name]
        if spec.kind in (Kind.CATEGORICAL, Kind.BOOLEAN):
            if r.nunique() > limits.max_categories:
                continue
            real_groups[spec.name] = (
                r.astype(object).where(r.notna(), "(empty)").astype(str)
            )
            synthetic_groups[spec.name] = (
                s.astype(object).where(s.notna(), "(empty)").astype(str)
            )
        else:
            if spec.kind == Kind.DATETIME:
                r = pd.to_datetime(r, errors="coerce").astype("int64").where(r.notna())
                s = pd.to_datetime(s, errors="coerce").astype("int64").where(s.notna())
            r = pd.to_numeric(r, errors="coerce")
            s = pd.to_numeric(s, errors="coerce")
            edges = np.unique(
                np.nanquantile(r, np.linspace(0, 1, limits.numeric_bins + 1))
            )
            if len(edges) < 3:
                continue
            labels = _bin_labels(edges, spec)
            inner = edges[1:-1]
            real_groups[spec.name] = _binned(r, inner, labels)
            synthetic_groups[spec.name] = _binned(s, inner, labels)
        names.append(spec.name)
    return pd.DataFrame(real_groups), pd.DataFrame(synthetic_groups), names


def _bin_labels(edges: np.ndarray, spec: ColumnSpec) -> list[str]:
    def show(value: float) -> str:
        if spec.kind == Kind.DATETIME:
            return str(pd.Timestamp(int(value)).date())
        return f"{value:,.{spec.decimals if not spec.integer else 0}f}"

    labels = [f"below {show(edges[1])}"]
    for low, high in zip(edges[1:-2], edges[2:-1], strict=True):
        labels.append(f"{show(low)} to {show(high)}")
    labels.append(f"{show(edges[-2])} or more")
    return labels


def _binned(values: pd.Series, inner: np.ndarray, labels: list[str]) -> pd.Series:
    codes = np.searchsorted(inner, values.to_numpy(), side="right")
    result = pd.Series(np.array(labels, dtype=object)[codes], index=values.index)
    return result.where(values.notna(), "(empty)")


# --- Checks --------------------------------------------------------------


def check_categories(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    specs: list[ColumnSpec],
    limits: Thresholds,
) -> list[Finding]:
    """Find vanished, underrepresented and over-amplified category values."""
    findings: list[Finding] = []
    scale = len(synthetic) / len(real) if len(real) else 0.0
    for spec in specs:
        if not spec.learned or spec.kind not in (Kind.CATEGORICAL, Kind.BOOLEAN):
            continue
        if spec.name not in synthetic:
            continue
        real_counts = real[spec.name].dropna().astype(str).value_counts()
        synthetic_counts = synthetic[spec.name].dropna().astype(str).value_counts()
        for value, count in real_counts.items():
            expected = count * scale
            got = int(synthetic_counts.get(value, 0))
            if got == 0:
                severity = (
                    "high" if expected >= 10 else "medium" if expected >= 3 else "low"
                )
                findings.append(
                    Finding(
                        kind="category_missing",
                        severity=severity,
                        columns=[spec.name],
                        values={spec.name: value},
                        real_count=int(count),
                        synthetic_count=0,
                        expected_count=round(expected, 1),
                        message=(
                            f"The value '{value}' in '{spec.name}' has vanished: "
                            f"{count:,} real rows ({_percent(count, len(real))}) have "
                            f"it, no synthetic row does. People in this group are "
                            f"missing from the synthetic data; do not use it to study "
                            f"them, or try the decision-tree generator."
                        ),
                    )
                )
            elif (
                expected >= limits.under_min_expected
                and got < limits.under_fraction * expected
            ):
                severity = (
                    "high" if got < 0.25 * expected and expected >= 50 else "medium"
                )
                findings.append(
                    Finding(
                        kind="category_underrepresented",
                        severity=severity,
                        columns=[spec.name],
                        values={spec.name: value},
                        real_count=int(count),
                        synthetic_count=got,
                        expected_count=round(expected, 1),
                        message=(
                            f"The value '{value}' in '{spec.name}' is rarer than it "
                            f"should be: {got:,} synthetic rows where about "
                            f"{expected:,.0f} were expected "
                            f"({_percent(got, len(synthetic))} instead of "
                            f"{_percent(count, len(real))}). Results about this group "
                            f"will be less reliable."
                        ),
                    )
                )
        findings.extend(
            _check_imbalance(
                spec, real_counts, synthetic_counts, real, synthetic, limits
            )
        )
    return findings


def _check_imbalance(spec, real_counts, synthetic_counts, real, synthetic, limits):
    if len(real_counts) < 2 or real_counts.sum() == 0 or synthetic_counts.sum() == 0:
        return []
    real_share = real_counts / real_counts.sum()
    synthetic_share = (synthetic_counts / synthetic_counts.sum()).reindex(
        real_share.index, fill_value=0.0
    )
    top = real_share.index[0]
    growth = synthetic_share[top] - real_share[top]
    if growth < limits.majority_growth:
        return []
    severity = "high" if growth >= 2 * limits.majority_growth else "medium"
    expected = real_counts[top] * len(synthetic) / len(real)
    return [
        Finding(
            kind="imbalance_amplified",
            severity=severity,
            columns=[spec.name],
            values={spec.name: top},
            real_count=int(real_counts[top]),
            synthetic_count=int(synthetic_counts.get(top, 0)),
            expected_count=round(float(expected), 1),
            message=(
                f"The most common value in '{spec.name}', '{top}', has grown from "
                f"{real_share[top] * 100:.1f} % to {synthetic_share[top] * 100:.1f} % "
                f"of rows, so smaller groups are squeezed. Counts and averages by "
                f"'{spec.name}' will be skewed."
            ),
        )
    ]


def check_combinations(
    real_groups: pd.DataFrame,
    synthetic_groups: pd.DataFrame,
    names: list[str],
    limits: Thresholds,
    sizes: tuple[int, ...] = (2, 3),
) -> list[Finding]:
    """Find invented and missing combinations over all pairs and triples.

    Each column's labels are turned into integer codes shared by both tables,
    so the count of every combination is one ``bincount`` per table.
    """
    findings: list[Finding] = []
    n_real, n_synthetic = len(real_groups), len(synthetic_groups)
    if not n_real or not n_synthetic:
        return findings
    codes, labels = {}, {}
    for name in names:
        both = pd.concat([real_groups[name], synthetic_groups[name]], ignore_index=True)
        column_codes, uniques = pd.factorize(both, sort=True)
        codes[name] = (column_codes[:n_real], column_codes[n_real:])
        labels[name] = np.asarray(uniques, dtype=object)
    for size in sizes:
        for columns in itertools.combinations(names, size):
            counts = _combination_counts(list(columns), codes, labels)
            if counts is None:
                continue
            findings.extend(
                _invented(counts, list(columns), labels, n_real, n_synthetic, limits)
            )
            findings.extend(
                _missing(counts, list(columns), labels, n_real, n_synthetic, limits)
            )
    return findings


def _combination_counts(columns, codes, labels):
    sizes = [len(labels[name]) for name in columns]
    cells = int(np.prod(sizes))
    if cells > 5_000_000:
        return None
    real_key = np.zeros(len(codes[columns[0]][0]), dtype=np.int64)
    synthetic_key = np.zeros(len(codes[columns[0]][1]), dtype=np.int64)
    for name, size in zip(columns, sizes, strict=True):
        real_key = real_key * size + codes[name][0]
        synthetic_key = synthetic_key * size + codes[name][1]
    real = np.bincount(real_key, minlength=cells)
    synthetic = np.bincount(synthetic_key, minlength=cells)
    return real, synthetic, sizes


def _cell_values(cell: int, columns, labels, sizes) -> dict:
    values = {}
    for name, size in zip(reversed(columns), reversed(sizes), strict=True):
        cell, code = divmod(cell, size)
        values[name] = str(labels[name][code])
    return {name: values[name] for name in columns}


def _more_than_chance(
    real: np.ndarray, synthetic: np.ndarray, share: float
) -> np.ndarray:
    """Whether the synthetic count is too high to come from the same rate as the real.

    Under the same rate, the synthetic count given both counts is binomial
    with the synthetic table's share of all rows; the test is one-sided and
    very strict because thousands of combinations are tested at once.
    """
    from scipy.stats import binom

    total = real + synthetic
    return binom.sf(synthetic - 1, total, share) < 1e-6


def _invented(counts, columns, labels, n_real, n_synthetic, limits):
    real, synthetic, sizes = counts
    scale = n_synthetic / n_real
    expected = real * scale
    mask = (
        (real < limits.invented_real_share * n_real)
        & (synthetic >= limits.invented_min_count)
        & (synthetic >= limits.invented_ratio * np.maximum(expected, 1.0))
    )
    cells = np.flatnonzero(mask)
    if len(cells):
        share = n_synthetic / (n_real + n_synthetic)
        cells = cells[_more_than_chance(real[cells], synthetic[cells], share)]
    findings = []
    for cell in cells:
        values = _cell_values(int(cell), columns, labels, sizes)
        if any(value == "(empty)" for value in values.values()):
            continue
        r, s, e = int(real[cell]), int(synthetic[cell]), float(expected[cell])
        high = (
            s >= limits.invented_high_count
            or s >= limits.invented_high_share * n_synthetic
        )
        if r == 0:
            real_words = "no real row has it"
        elif r == 1:
            real_words = "only 1 real row has it"
        else:
            real_words = f"only {r:,} real rows have it"
        findings.append(
            Finding(
                kind="combination_invented",
                severity="high" if high else "medium",
                columns=columns,
                values=values,
                real_count=r,
                synthetic_count=s,
                expected_count=round(e, 1),
                message=(
                    f"The generator invented the combination {_describe(values)}: "
                    f"{real_words}, but {s:,} synthetic rows "
                    f"({_percent(s, n_synthetic)}) do. Such people may not exist; "
                    f"forbid the combination or try the decision-tree generator."
                ),
            )
        )
    return findings


def _missing(counts, columns, labels, n_real, n_synthetic, limits):
    real, synthetic, sizes = counts
    expected = real * (n_synthetic / n_real)
    mask = (expected >= limits.missing_combination_expected) & (synthetic == 0)
    findings = []
    for cell in np.flatnonzero(mask):
        values = _cell_values(int(cell), columns, labels, sizes)
        r, e = int(real[cell]), float(expected[cell])
        findings.append(
            Finding(
                kind="combination_missing",
                severity="high"
                if e >= 3 * limits.missing_combination_expected
                else "medium",
                columns=columns,
                values=values,
                real_count=r,
                synthetic_count=0,
                expected_count=round(e, 1),
                message=(
                    f"The combination {_describe(values)} is missing: {r:,} real rows "
                    f"({_percent(r, n_real)}) have it, no synthetic row does, where "
                    f"about {e:,.0f} were expected. This group cannot be studied in "
                    f"the synthetic data."
                ),
            )
        )
    return findings


def check_ranges(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    specs: list[ColumnSpec],
    limits: Thresholds,
) -> list[Finding]:
    """Find numbers and dates outside the real minimum and maximum."""
    findings = []
    for spec in specs:
        if not spec.learned or spec.kind not in (Kind.NUMERIC, Kind.DATETIME):
            continue
        if spec.name not in synthetic:
            continue
        r, s = real[spec.name], synthetic[spec.name]
        if spec.kind == Kind.DATETIME:
            r = pd.to_datetime(r, errors="coerce")
            s = pd.to_datetime(s, errors="coerce")
        else:
            r = pd.to_numeric(r, errors="coerce")
            s = pd.to_numeric(s, errors="coerce")
        if r.notna().sum() == 0:
            continue
        low, high = r.min(), r.max()
        outside = int(((s < low) | (s > high)).sum())
        if not outside:
            continue
        share = outside / len(synthetic)
        findings.append(
            Finding(
                kind="value_out_of_range",
                severity="high"
                if share >= limits.out_of_range_high_share
                else "medium",
                columns=[spec.name],
                values={},
                real_count=0,
                synthetic_count=outside,
                expected_count=0.0,
                message=(
                    f"{outside:,} synthetic values in '{spec.name}' "
                    f"({_percent(outside, len(synthetic))}) lie outside the range of "
                    f"the real data. Check whether such values are possible before "
                    f"using them."
                ),
            )
        )
    return findings


def check_missing_values(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    specs: list[ColumnSpec],
    limits: Thresholds,
) -> list[Finding]:
    """Find columns whose share of empty cells changed markedly."""
    findings = []
    for spec in specs:
        if not spec.learned or spec.name not in synthetic:
            continue
        real_share = float(real[spec.name].isna().mean())
        synthetic_share = float(synthetic[spec.name].isna().mean())
        change = abs(synthetic_share - real_share)
        if change < limits.missing_change_medium:
            continue
        findings.append(
            Finding(
                kind="missing_values_changed",
                severity="high" if change >= limits.missing_change_high else "medium",
                columns=[spec.name],
                values={},
                real_count=int(real[spec.name].isna().sum()),
                synthetic_count=int(synthetic[spec.name].isna().sum()),
                expected_count=round(real_share * len(synthetic), 1),
                message=(
                    f"'{spec.name}' has {synthetic_share * 100:.1f} % empty cells in the "
                    f"synthetic data against {real_share * 100:.1f} % in the real data."
                ),
            )
        )
    return findings


def cramers_v(a: pd.Series, b: pd.Series) -> float:
    table = pd.crosstab(a, b).to_numpy(dtype=float)
    total = table.sum()
    if total == 0 or min(table.shape) < 2:
        return 0.0
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = np.nansum((table - expected) ** 2 / expected)
    return float(np.sqrt(chi2 / (total * (min(table.shape) - 1))))


def check_associations(
    real_groups: pd.DataFrame,
    synthetic_groups: pd.DataFrame,
    names: list[str],
    limits: Thresholds,
) -> list[Finding]:
    """Find strong real associations between two columns that the synthetic data lost."""
    findings = []
    for first, second in itertools.combinations(names, 2):
        real_strength = cramers_v(real_groups[first], real_groups[second])
        if real_strength < limits.strong_association:
            continue
        synthetic_strength = cramers_v(
            synthetic_groups[first], synthetic_groups[second]
        )
        drop = real_strength - synthetic_strength
        if drop < limits.weakened_drop:
            continue
        findings.append(
            Finding(
                kind="relationship_weakened",
                severity="high" if drop >= limits.weakened_high_drop else "medium",
                columns=[first, second],
                values={},
                message=(
                    f"The link between '{first}' and '{second}' is weaker in the "
                    f"synthetic data (strength {synthetic_strength:.2f} against "
                    f"{real_strength:.2f} in the real data, on a scale from 0 to 1). "
                    f"Analyses that depend on how these two columns go together "
                    f"will be misleading."
                ),
            )
        )
    return findings


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda finding: (
            SEVERITY_ORDER[finding.severity],
            -(finding.synthetic_count or 0),
            finding.kind,
        ),
    )


def _is_explained_by_smaller(values: dict, pair_keys: set) -> bool:
    pairs = itertools.combinations(values.items(), 2)
    return any(frozenset(pair) in pair_keys for pair in pairs)


def collapse_triples(findings: list[Finding]) -> list[Finding]:
    """Drop triple findings already explained by an invented pair within them."""
    pairs = {
        frozenset(finding.values.items())
        for finding in findings
        if finding.kind == "combination_invented" and len(finding.columns) == 2
    }
    kept = []
    for finding in findings:
        if (
            finding.kind == "combination_invented"
            and len(finding.columns) == 3
            and _is_explained_by_smaller(finding.values, pairs)
        ):
            continue
        kept.append(finding)
    return kept
