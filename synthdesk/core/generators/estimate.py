"""Estimate how long a generator takes, from short fits on samples of the data.

The estimate fits the chosen generator three times on random samples: once to
pay first-use costs (imports, worker processes), then on a small and a larger
sample. It assumes that the time to prepare and to sample grows linearly with
the rows (``n log n`` for decision trees) and that an epoch of a neural model
grows with the number of batches. Neural models train for two epochs per
calibration fit. This module imports no SDV or torch at import time, because
the training loop imports ``format_time_left`` from it.
"""

from __future__ import annotations

import importlib
import math
import time

import pandas as pd

from synthdesk.core.columns import ColumnSpec
from synthdesk.core.progress import Progress

SMALL_ROWS = 750
LARGE_ROWS = 3000
CALIBRATION_EPOCHS = 2
# SDV 2.0's default batch size for CTGAN, TVAE and CopulaGAN.
BATCH_SIZE = 500
MIN_EPOCHS = 1
MAX_EPOCHS = 1000


def format_duration(seconds: float) -> str:
    """Write a duration in rounded words: "about 40 s", "about 3 min"."""
    if seconds < 10:
        return "a few seconds"
    if seconds < 90:
        return f"about {int(round(seconds / 5) * 5)} s"
    if seconds < 90 * 60:
        return f"about {int(round(seconds / 60))} min"
    return f"about {seconds / 3600:.1f} h"


def format_time_left(seconds: float) -> str:
    return f"{format_duration(seconds)} left"


def _work(generator_name: str, rows: int) -> float:
    """The size that fit time grows with: rows, or rows·log2(rows) for trees."""
    if generator_name == "cart":
        return rows * math.log2(max(rows, 2))
    return float(rows)


def _batches(generator_name: str, rows: int) -> int:
    """Optimizer steps per epoch as ctgan 0.12 counts them."""
    if generator_name == "tvae":
        return max(math.ceil(rows / BATCH_SIZE), 1)
    return max(rows // BATCH_SIZE, 1)


def _line(x1: float, y1: float, x2: float, y2: float) -> tuple[float, float]:
    """Intercept and slope through two points, neither below zero."""
    if x2 <= x1:
        return 0.0, max(y2, 0.0) / max(x2, 1e-9)
    slope = max((y2 - y1) / (x2 - x1), 0.0)
    intercept = max(y1 - slope * x1, 0.0)
    return intercept, slope


def _measure(
    frame: pd.DataFrame,
    specs: list[ColumnSpec],
    generator_name: str,
    params: dict,
    progress: Progress,
) -> dict:
    """Fit and sample once on ``frame``; return seconds per step."""
    from synthdesk.core.generators.base import create_generator

    generator = create_generator(generator_name, 0, dict(params))
    clock = time.perf_counter()
    generator.fit(frame, specs, progress.span(0.0, 0.9))
    fit = time.perf_counter() - clock
    clock = time.perf_counter()
    generator.sample(len(frame), progress.span(0.9, 1.0))
    sample = time.perf_counter() - clock
    timings = getattr(generator, "timings", {})
    epochs = timings.get("epochs") or []
    later = epochs[1:] or epochs
    epoch = sum(later) / len(later) if later else 0.0
    prepare = timings.get("prepare", fit - sum(epochs))
    return {"fit": fit, "prepare": prepare, "epoch": epoch, "sample": sample}


def estimate_seconds(
    model_frame: pd.DataFrame,
    specs: list[ColumnSpec],
    generator_name: str,
    params: dict | None,
    rows: int,
    progress: Progress | None = None,
    fixed_costs_paid: bool = False,
) -> dict:
    """Estimate the seconds to fit on ``model_frame`` and sample ``rows`` rows.

    ``params`` are the generator's settings. For a neural generator
    ``minutes`` in place of ``epochs`` sets a time budget, and the returned
    ``epochs`` is the count that fits it. ``fixed_costs_paid`` leaves out
    first-use costs, for a caller whose process has already fitted once.

    Returns ``seconds`` (total), ``startup`` (first-use costs in a fresh
    process), ``fit``, ``sample``, ``per_epoch`` (0 for models without
    epochs), ``epochs`` (None for them), ``calibration_rows`` and an
    ``explanation`` in plain words.

    NOTE: the three calibration fits cost about as much as a run on 2,000
    rows, so on tables of a few thousand rows the estimate can take as long
    as the run itself.

    NOTE: for CopulaGAN on the full Adult table the estimate was about 10
    times too low (docs/generators.md), because its preparation of number
    columns grows faster than the line through 750 and 3,000 rows.
    """
    from synthdesk.core.generators.base import generator_info

    progress = progress or Progress()
    info = generator_info(generator_name)
    settings = info.defaults()
    settings.update(params or {})
    minutes = settings.pop("minutes", None)
    settings.pop("budget_minutes", None)
    calibration = dict(settings)
    if info.neural:
        calibration["epochs"] = CALIBRATION_EPOCHS

    total_rows = len(model_frame)
    small = min(total_rows, SMALL_ROWS)
    large = min(total_rows, LARGE_ROWS)
    progress.report(0.0, f"Measuring speed on {small:,} rows")
    clock = time.perf_counter()
    importlib.import_module(info.module)
    if info.module.endswith("sdv_models"):
        importlib.import_module("sdv.single_table")
    import_seconds = time.perf_counter() - clock

    def sample_of(count: int) -> pd.DataFrame:
        if count >= total_rows:
            return model_frame
        return model_frame.sample(count, random_state=0)

    warm = _measure(
        sample_of(small), specs, generator_name, calibration, progress.span(0.0, 0.2)
    )
    first = _measure(
        sample_of(small), specs, generator_name, calibration, progress.span(0.2, 0.4)
    )
    progress.report(0.4, f"Measuring speed on {large:,} rows")
    second = (
        _measure(
            sample_of(large),
            specs,
            generator_name,
            calibration,
            progress.span(0.4, 1.0),
        )
        if large > small
        else first
    )

    fixed = 0.0
    if not fixed_costs_paid:
        first_total = first["fit"] + first["sample"]
        fixed = import_seconds + max(warm["fit"] + warm["sample"] - first_total, 0.0)

    work_small = _work(generator_name, small)
    work_large = _work(generator_name, large)
    intercept, slope = _line(
        work_small, first["prepare"], work_large, second["prepare"]
    )
    prepare = intercept + slope * _work(generator_name, total_rows)
    intercept, slope = _line(small, first["sample"], large, second["sample"])
    sample = intercept + slope * rows

    per_epoch = 0.0
    epochs = None
    if info.neural:
        per_batch = second["epoch"] / _batches(generator_name, large)
        per_epoch = per_batch * _batches(generator_name, total_rows)
        if minutes is not None:
            budget = float(minutes) * 60 - fixed - prepare - sample
            epochs = int(budget // per_epoch) if per_epoch > 0 else MAX_EPOCHS
            epochs = min(max(epochs, MIN_EPOCHS), MAX_EPOCHS)
        else:
            epochs = int(settings.get("epochs", 0))
    # The parts are rounded first so that the total equals their sum.
    fixed, sample = round(fixed, 2), round(sample, 2)
    fit = round(prepare + per_epoch * (epochs or 0), 2)
    seconds = fixed + fit + sample
    progress.report(1.0, f"Estimated {format_duration(seconds)}")
    return {
        "seconds": round(seconds, 2),
        "startup": round(fixed, 2),
        "fit": round(fit, 2),
        "sample": round(sample, 2),
        "per_epoch": round(per_epoch, 3),
        "epochs": epochs,
        "calibration_rows": [small, large],
        "explanation": _explain(
            info.neural,
            small,
            large,
            total_rows,
            rows,
            fixed,
            prepare,
            per_epoch,
            epochs,
            sample,
            minutes,
        ),
    }


def _explain(
    neural: bool,
    small: int,
    large: int,
    total_rows: int,
    rows: int,
    fixed: float,
    prepare: float,
    per_epoch: float,
    epochs: int | None,
    sample: float,
    minutes: float | None,
) -> str:
    if large > small:
        measured = f"Measured with short runs on {small:,} and {large:,} rows"
    else:
        measured = f"Measured with short runs on all {total_rows:,} rows"
    parts = [f"{measured}, then scaled to {total_rows:,} rows."]
    if fixed >= 1:
        parts.append(f"Starting up takes {format_duration(fixed)}.")
    if neural:
        parts.append(
            f"Preparing the data takes {format_duration(prepare)} and each "
            f"training pass {format_duration(per_epoch)}."
        )
        if minutes is not None:
            parts.append(f"{epochs} passes fit in the budget of {minutes} minutes.")
        else:
            parts.append(f"{epochs} passes take {format_duration(per_epoch * epochs)}.")
    else:
        parts.append(f"Learning takes {format_duration(prepare)}.")
    parts.append(f"Making {rows:,} rows takes {format_duration(sample)}.")
    parts.append(
        "This is an estimate: other programs running at the same time make it slower."
    )
    return " ".join(parts)
