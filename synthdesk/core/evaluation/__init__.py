"""Compare real and synthetic tables: scores, warnings and privacy checks."""

from __future__ import annotations

import time

import pandas as pd

from synthdesk.core.columns import ColumnSpec
from synthdesk.core.evaluation import privacy, scores
from synthdesk.core.evaluation import warnings as checks
from synthdesk.core.evaluation.warnings import Finding, Thresholds
from synthdesk.core.progress import Progress


def evaluate(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    specs: list[ColumnSpec],
    progress: Progress | None = None,
    limits: Thresholds | None = None,
) -> dict:
    """Return scores, warnings (most severe first) and privacy figures.

    ``real`` and ``synthetic`` hold the learned columns as typed values
    (numbers, datetimes, text).
    """
    progress = progress or Progress()
    limits = limits or Thresholds()
    started = time.perf_counter()
    progress.report(0.0, "Scoring the synthetic data")
    quality = scores.quality_scores(real, synthetic, specs)
    progress.report(0.4, "Looking for vanished and invented groups")
    findings: list[Finding] = []
    findings += checks.check_categories(real, synthetic, specs, limits)
    findings += checks.check_ranges(real, synthetic, specs, limits)
    findings += checks.check_missing_values(real, synthetic, specs, limits)
    real_groups, synthetic_groups, names = checks.grouping_columns(
        real, synthetic, specs, limits
    )
    progress.report(0.6, "Checking combinations of columns")
    findings += checks.check_combinations(real_groups, synthetic_groups, names, limits)
    findings += checks.check_associations(real_groups, synthetic_groups, names, limits)
    progress.report(0.9, "Checking for copied rows")
    learned = [spec.name for spec in specs if spec.learned]
    copies = privacy.copied_rows(
        real[learned], synthetic[[c for c in learned if c in synthetic]]
    )
    copied_finding = privacy.copied_rows_finding(copies, len(synthetic))
    if copied_finding:
        findings.append(copied_finding)
    findings = checks.sort_findings(checks.collapse_triples(findings))
    progress.report(1.0, "Review ready")
    return {
        "scores": quality,
        "score_sentence": scores.describe_score(quality["overall"]),
        "warnings": [finding.to_dict() for finding in findings],
        "privacy": copies,
        "thresholds": limits.to_dict(),
        "real_rows": len(real),
        "synthetic_rows": len(synthetic),
        "seconds": round(time.perf_counter() - started, 2),
    }
