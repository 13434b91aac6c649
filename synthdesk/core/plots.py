"""Matplotlib figures comparing real and synthetic data.

Figures are built as ``Figure`` objects, never through pyplot's global
state, so the window and the HTML report draw the same pictures and threads
do not share plotting state. Colours come from the Okabe-Ito palette, which
stays distinguishable with the common kinds of colour blindness.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from synthdesk.core.columns import ColumnSpec, Kind

REAL_COLOUR = "#0072B2"
SYNTHETIC_COLOUR = "#E69F00"
MAX_BARS = 30
RARE_LABEL = "(values seen fewer than {k} times)"


def column_figure(
    real: pd.Series,
    synthetic: pd.Series,
    spec: ColumnSpec,
    hide_below: int | None = None,
    log_scale: bool = False,
    size: tuple[float, float] = (6.4, 3.6),
) -> Figure:
    """Real and synthetic values of one column on the same axes.

    Numbers and dates are drawn as histograms on shared bins, as shares of
    rows so tables of different sizes compare; categories as paired bars.
    With ``hide_below``, category values seen fewer times than that in the
    real data are pooled under one label so the figure names no rare value.
    """
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.add_subplot()
    if spec.kind in (Kind.NUMERIC, Kind.DATETIME):
        _histogram(axes, real, synthetic, spec)
    else:
        _paired_bars(axes, real, synthetic, hide_below, log_scale)
    axes.set_title(spec.name)
    axes.legend(loc="best", fontsize="small")
    return figure


def _as_numbers(values: pd.Series, spec: ColumnSpec) -> np.ndarray:
    if spec.kind == Kind.DATETIME:
        stamps = pd.to_datetime(values, errors="coerce").dropna()
        return stamps.astype("int64").to_numpy(dtype=float) / 86_400e9
    return pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)


def _histogram(axes, real: pd.Series, synthetic: pd.Series, spec: ColumnSpec) -> None:
    real_values = _as_numbers(real, spec)
    synthetic_values = _as_numbers(synthetic, spec)
    both = np.concatenate([real_values, synthetic_values])
    if not len(both):
        axes.text(0.5, 0.5, "No values", ha="center", va="center")
        return
    low, high = np.min(both), np.max(both)
    if spec.integer and high - low <= 60:
        bins = np.arange(low - 0.5, high + 1.5)
    else:
        bins = np.histogram_bin_edges(
            real_values if len(real_values) else both, bins=40
        )
        bins = np.unique(np.concatenate([[low], bins, [high]]))
    for values, colour, label in (
        (real_values, REAL_COLOUR, "Real"),
        (synthetic_values, SYNTHETIC_COLOUR, "Synthetic"),
    ):
        if not len(values):
            continue
        weights = np.full(len(values), 100.0 / len(values))
        axes.hist(
            values,
            bins=bins,
            weights=weights,
            histtype="stepfilled" if label == "Real" else "step",
            alpha=0.45 if label == "Real" else 1.0,
            color=colour,
            linewidth=1.6,
            label=label,
        )
    axes.set_ylabel("% of rows")
    if spec.kind == Kind.DATETIME:
        ticks = axes.get_xticks()
        axes.set_xticks(ticks)
        axes.set_xticklabels(
            [str((pd.Timestamp(0) + pd.Timedelta(days=tick)).date()) for tick in ticks],
            rotation=30,
            ha="right",
            fontsize="small",
        )


def _paired_bars(axes, real, synthetic, hide_below, log_scale) -> None:
    real_counts = (
        real.astype(object).where(real.notna(), "(empty)").astype(str).value_counts()
    )
    synthetic_counts = (
        synthetic.astype(object)
        .where(synthetic.notna(), "(empty)")
        .astype(str)
        .value_counts()
    )
    if hide_below:
        rare = set(real_counts.index[real_counts < hide_below])
        label = RARE_LABEL.format(k=hide_below)
        real_counts = _pool(real_counts, rare, label)
        # Synthetic values that do not occur in the real data are not real
        # values, but pool the ones that are rare in the real data.
        synthetic_counts = _pool(synthetic_counts, rare, label)
    labels = list(real_counts.index)
    labels += [
        value for value in synthetic_counts.index if value not in real_counts.index
    ]
    if len(labels) > MAX_BARS:
        # Keep the most common values and the rarest ones, which are where
        # generators fail, so both stay visible.
        labels = labels[: MAX_BARS - 10] + labels[-10:]
    real_share = (
        real_counts.reindex(labels, fill_value=0) / max(real_counts.sum(), 1) * 100
    )
    synthetic_share = (
        synthetic_counts.reindex(labels, fill_value=0)
        / max(synthetic_counts.sum(), 1)
        * 100
    )
    positions = np.arange(len(labels))
    height = 0.4
    axes.barh(
        positions - height / 2,
        real_share.to_numpy(),
        height,
        color=REAL_COLOUR,
        label="Real",
    )
    axes.barh(
        positions + height / 2,
        synthetic_share.to_numpy(),
        height,
        color=SYNTHETIC_COLOUR,
        label="Synthetic",
    )
    axes.set_yticks(positions)
    axes.set_yticklabels([_short(label) for label in labels], fontsize="small")
    axes.invert_yaxis()
    axes.set_xlabel("% of rows" + (" (log scale)" if log_scale else ""))
    if log_scale:
        axes.set_xscale("log")


def _pool(counts: pd.Series, rare: set, label: str) -> pd.Series:
    pooled = counts[~counts.index.isin(rare)]
    rare_total = counts[counts.index.isin(rare)].sum()
    if rare_total:
        pooled = pd.concat([pooled, pd.Series({label: rare_total})])
    return pooled


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def figure_png(figure: Figure, dpi: int = 90) -> bytes:
    """Render a figure to PNG bytes with the Agg backend."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
