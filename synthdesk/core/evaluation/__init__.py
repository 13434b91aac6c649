"""Compare real and synthetic tables: scores, warnings and privacy checks.

``evaluate`` codes both tables once (``counts.py``) and shares the counts
between the scores, the warnings and the association matrix. The functions
the review window calls directly are re-exported here.
"""

from __future__ import annotations

import math
import time

import pandas as pd

from synthdesk.core.columns import ColumnSpec
from synthdesk.core.control import review_control
from synthdesk.core.evaluation import combinations, privacy, scores
from synthdesk.core.evaluation import warnings as checks
from synthdesk.core.evaluation.intersections import (
    association_matrices,
    intersection_table,
    review_counts,
)
from synthdesk.core.evaluation.warnings import Finding, Thresholds
from synthdesk.core.progress import Progress

__all__ = [
    "Finding",
    "Thresholds",
    "association_matrices",
    "evaluate",
    "intersection_table",
    "review_counts",
]


def evaluate(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    specs: list[ColumnSpec],
    progress: Progress | None = None,
    limits: Thresholds | None = None,
    seed: int = 0,
    distance_sample: int = 2000,
    control: dict | None = None,
) -> dict:
    """Return scores, warnings (most severe first) and privacy figures.

    ``real`` and ``synthetic`` hold the learned columns as typed values
    (numbers, datetimes, text). ``seed`` fixes the random halves of the real
    data behind the yardstick and the privacy baselines. ``distance_sample``
    is the number of synthetic rows whose distance to the closest real record
    is measured. ``control`` is the run's ``Settings.control``: what it
    asked for goes to ``intended_changes`` instead of the warnings (see
    ``control.review_control``).
    """
    progress = progress or Progress()
    limits = limits or Thresholds()
    started = time.perf_counter()
    clock = _Clock()
    progress.report(0.0, "Counting values and combinations")
    counts = review_counts(real, synthetic, specs, limits)
    clock.lap("counts")
    progress.report(0.15, "Scoring the synthetic data")
    quality = scores.quality_scores(counts)
    clock.lap("scores")
    yardstick = scores.yardstick_scores(
        real, specs, seed, limits.numeric_bins, limits.max_categories
    )
    clock.lap("yardstick")
    progress.report(0.3, "Looking for vanished and invented groups")
    findings: list[Finding] = []
    findings += checks.check_values(counts, limits)
    findings += checks.check_ranges(counts, limits)
    findings += checks.check_empty_cells(counts, limits)
    progress.report(0.45, "Checking combinations of columns")
    findings += combinations.check_combinations(counts, limits)
    strengths = combinations.association_strengths(counts)
    findings += combinations.check_associations(counts, limits, strengths)
    clock.lap("warnings")
    progress.report(0.7, "Checking for copied rows")
    learned = counts.names
    copies = privacy.copied_rows(real[learned], synthetic[learned], seed, counts)
    copied_finding = privacy.copied_rows_finding(copies, len(synthetic), limits)
    if copied_finding:
        findings.append(copied_finding)
    clock.lap("copied_rows")
    progress.report(0.8, "Measuring distances to real records")
    copies["distance"] = privacy.closest_record_distances(
        real, synthetic, specs, seed, distance_sample
    )
    clock.lap("distance")
    findings, intended = review_control(
        real, synthetic, control, checks.fold_findings(findings)
    )
    findings = checks.sort_findings(findings)
    progress.report(1.0, "Review ready")
    return {
        "scores": quality,
        "score_sentence": scores.describe_score(quality["overall"]),
        "yardstick": yardstick,
        "traffic_light": scores.traffic_light(quality, yardstick),
        "warnings": [finding.to_dict() for finding in findings],
        "intended_changes": intended,
        "warning_groups": checks.group_findings(findings),
        "warning_counts": _severity_counts(findings),
        "associations": _association_lists(counts.names, strengths),
        "privacy": copies,
        "thresholds": limits.to_dict(),
        "real_rows": len(real),
        "synthetic_rows": len(synthetic),
        "seconds": round(time.perf_counter() - started, 2),
        "step_seconds": clock.laps,
    }


class _Clock:
    """Seconds spent in each step of the review."""

    def __init__(self):
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 3)
        self._last = now


def _severity_counts(findings: list[Finding]) -> dict[str, int]:
    tally = {"high": 0, "medium": 0, "low": 0}
    for finding in findings:
        tally[finding.severity] += 1
    return tally


def _association_lists(names: list[str], strengths: dict) -> dict:
    """Cramer's V matrices as nested lists, NaN as None, for JSON."""
    position = {name: index for index, name in enumerate(names)}
    real = [[1.0 if i == j else None for j in names] for i in names]
    synthetic = [row[:] for row in real]
    for (first, second), (real_v, synthetic_v) in strengths.items():
        i, j = position[first], position[second]
        real[i][j] = real[j][i] = _json_number(real_v)
        synthetic[i][j] = synthetic[j][i] = _json_number(synthetic_v)
    return {"columns": names, "real": real, "synthetic": synthetic}


def _json_number(value: float) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 4)
