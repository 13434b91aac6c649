"""Remove synthetic rows that copy a person who is unique in the real data.

A synthetic row equal to a real row discloses something only when that real
row is rare: most rows of a table with a few coarse columns occur many times,
and removing every match would distort the output without protecting
anyone. The filter therefore drops synthetic rows that equal a real row
which occurs exactly once in the real data (on the learned columns, after
rounding to the output's shape), and draws replacements, as synthpop's
statistical disclosure control does.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from synthdesk.core.evaluation.privacy import row_keys
from synthdesk.core.progress import Progress

log = logging.getLogger(__name__)

MAX_REDRAWS = 6


def filter_unique_copies(table, generator, sampled: pd.DataFrame, rows: int, seed: int):
    """Return ``sampled`` without copies of unique real rows, refilled to ``rows``.

    ``generator`` draws the replacements, with a seed derived from ``seed``
    for each redraw so the result is repeatable. Returns the rows and a
    summary with the number removed. When a few redraws cannot refill every
    row, the table is returned shorter and the summary says how many rows
    are missing.
    """
    from synthdesk.core.control import batch_seed
    from synthdesk.core.pipeline import finish_output, synthetic_model_frame

    learned = [spec.name for spec in table.specs if spec.learned]
    real_keys = row_keys(table.model_frame()[learned])
    counts = real_keys.value_counts()
    unique = set(counts.index[counts == 1])

    def copies(frame: pd.DataFrame) -> np.ndarray:
        shaped = finish_output(table, frame, len(frame), seed)
        typed = synthetic_model_frame(shaped, table.specs, learned)
        return row_keys(typed[learned]).isin(unique).to_numpy()

    mask = copies(sampled)
    removed = int(mask.sum())
    kept = [sampled[~mask]]
    have = len(kept[0])
    original_seed = generator.seed
    redraw = 0
    try:
        while have < rows and redraw < MAX_REDRAWS:
            redraw += 1
            generator.seed = batch_seed(seed, 1000 + redraw)
            need = rows - have
            extra = generator.sample(int(need * 1.2) + 10, Progress())
            extra_mask = copies(extra)
            removed += int(extra_mask.sum())
            extra = extra[~extra_mask].head(need)
            kept.append(extra)
            have += len(extra)
    finally:
        generator.seed = original_seed
    result = pd.concat(kept, ignore_index=True)
    if len(result) < rows:
        log.warning(
            "Privacy filter left %s of %s rows after %s redraws",
            len(result),
            rows,
            redraw,
        )
    summary = {
        "removed": removed,
        "redraws": redraw,
        "missing_rows": max(rows - len(result), 0),
        "real_unique_rows": len(unique),
    }
    return result, summary
