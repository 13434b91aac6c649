"""Privacy checks: synthetic rows that copy real rows."""

from __future__ import annotations

import pandas as pd

from synthdesk.core.evaluation.warnings import Finding


def _row_keys(frame: pd.DataFrame) -> pd.Series:
    text = frame.astype(object).where(frame.notna(), "\x00").astype(str)
    return pd.util.hash_pandas_object(text, index=False)


def copied_rows(real: pd.DataFrame, synthetic: pd.DataFrame) -> dict:
    """Count synthetic rows equal to a real row on the shared columns.

    Returns the number of such rows, and how many of them copy a real row
    that is unique in the real data (the copies that can disclose a person).
    """
    columns = [column for column in real.columns if column in synthetic.columns]
    if not columns or not len(real) or not len(synthetic):
        return {"copied_rows": 0, "copied_unique_rows": 0, "columns": columns}
    real_keys = _row_keys(real[columns])
    synthetic_keys = _row_keys(synthetic[columns])
    real_counts = real_keys.value_counts()
    matched = synthetic_keys[synthetic_keys.isin(real_counts.index)]
    unique_matches = matched[matched.map(real_counts) == 1]
    return {
        "copied_rows": int(len(matched)),
        "copied_unique_rows": int(len(unique_matches)),
        "real_unique_rows": int((real_counts == 1).sum()),
        "columns": columns,
    }


def copied_rows_finding(summary: dict, synthetic_rows: int) -> Finding | None:
    copied = summary["copied_rows"]
    unique = summary["copied_unique_rows"]
    if not copied:
        return None
    if unique >= max(10, 0.001 * synthetic_rows):
        severity = "high"
    elif unique:
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
        expected_count=0.0,
        message=(
            f"{copied:,} synthetic rows ({share:.1f} %) are identical to a real row; "
            f"{unique:,} of them copy a person who is unique in the real data and "
            f"could be recognised. Copies of common rows reveal little; copies of "
            f"unique rows should be removed before sharing."
        ),
    )
