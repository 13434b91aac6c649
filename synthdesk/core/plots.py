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

REAL_COLOUR = "#0072B2"  # Okabe-Ito blue
SYNTHETIC_COLOUR = "#E69F00"  # Okabe-Ito orange
INVENTED_COLOUR = "#D55E00"  # Okabe-Ito vermilion
VANISHED_COLOUR = "#009E73"  # Okabe-Ito bluish green
# Sequential and diverging colour maps that stay readable with the common
# kinds of colour blindness (cividis was designed for it; PuOr avoids the
# red-green axis).
SEQUENTIAL_MAP = "cividis"
DIVERGING_MAP = "PuOr"
MAX_BARS = 30
MAX_CATEGORIES = 20
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
    for position, real_value, synthetic_value in zip(
        positions, real_share.to_numpy(), synthetic_share.to_numpy(), strict=True
    ):
        if real_value > 0 and synthetic_value == 0:
            axes.annotate(
                "vanished",
                (real_value, position),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize="x-small",
                color=VANISHED_COLOUR,
                fontweight="bold",
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


# --- Pairs -------------------------------------------------------------------


def pair_figure(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    first: ColumnSpec,
    second: ColumnSpec,
    max_points: int = 3000,
    size: tuple[float, float] = (10.0, 4.2),
) -> Figure:
    """Two panels, real | synthetic, of two columns on the same axes.

    Two numbers or dates: a scatter plot when neither table has more than
    ``max_points`` rows, else a hexbin of the share of rows, on the same grid
    and colour scale in both panels. Two categories: a heat map of the share of rows in each
    combination, on one colour scale. A number and a category: box plots of
    the number for each category.
    """
    figure = Figure(figsize=size, layout="constrained")
    left, right = figure.subplots(1, 2, sharex=True, sharey=True)
    numeric = [spec.kind in (Kind.NUMERIC, Kind.DATETIME) for spec in (first, second)]
    frames = (real, synthetic)
    if all(numeric):
        _numbers_panels(figure, (left, right), frames, first, second, max_points)
    elif not any(numeric):
        _heat_panels(figure, (left, right), frames, first, second)
    else:
        number, category = (first, second) if numeric[0] else (second, first)
        _box_panels((left, right), frames, number, category)
    left.set_title("Real", color=REAL_COLOUR)
    right.set_title("Synthetic", color=SYNTHETIC_COLOUR)
    figure.suptitle(f"{first.name} and {second.name}")
    return figure


def _plot_numbers(values: pd.Series, spec: ColumnSpec) -> np.ndarray:
    """Numbers as floats and dates as days since 1970, NaN when empty."""
    if spec.kind == Kind.DATETIME:
        stamps = pd.to_datetime(values, errors="coerce")
        days = stamps.astype("int64").to_numpy(dtype=float) / 86_400e9
        days[stamps.isna().to_numpy()] = np.nan
        return days
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)


def _date_ticks(axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(
        FuncFormatter(
            lambda day, _: str((pd.Timestamp(0) + pd.Timedelta(days=day)).date())
        )
    )


def _numbers_panels(figure, panels, frames, first, second, max_points):
    from matplotlib.colors import LogNorm

    points = []
    for frame in frames:
        x = _plot_numbers(frame[first.name], first)
        y = _plot_numbers(frame[second.name], second)
        keep = ~(np.isnan(x) | np.isnan(y))
        points.append((x[keep], y[keep]))
    both_x = np.concatenate([x for x, _ in points])
    both_y = np.concatenate([y for _, y in points])
    if not len(both_x):
        for axes in panels:
            axes.text(0.5, 0.5, "No rows with both values", ha="center", va="center")
        return
    extent = (both_x.min(), both_x.max(), both_y.min(), both_y.max())
    largest = max(len(x) for x, _ in points)
    if largest <= max_points:
        for axes, (x, y), colour in zip(
            panels, points, (REAL_COLOUR, SYNTHETIC_COLOUR), strict=True
        ):
            axes.scatter(x, y, s=6, alpha=0.4, color=colour, linewidths=0)
    else:
        shares = []
        for axes, (x, y) in zip(panels, points, strict=True):
            weights = np.full(len(x), 100.0 / max(len(x), 1))
            shares.append(
                axes.hexbin(
                    x,
                    y,
                    C=weights,
                    reduce_C_function=np.sum,
                    gridsize=40,
                    extent=extent,
                    cmap=SEQUENTIAL_MAP,
                    mincnt=1,
                )
            )
        top = max(float(np.nanmax(mesh.get_array())) for mesh in shares)
        bottom = min(float(np.nanmin(mesh.get_array())) for mesh in shares)
        for mesh in shares:
            mesh.set_norm(LogNorm(vmin=max(bottom, 1e-4), vmax=max(top, 1e-3)))
        figure.colorbar(shares[1], ax=list(panels), label="% of rows (log scale)")
    for axes in panels:
        axes.set_xlabel(first.name)
        if first.kind == Kind.DATETIME:
            _date_ticks(axes.xaxis)
        if second.kind == Kind.DATETIME:
            _date_ticks(axes.yaxis)
    panels[0].set_ylabel(second.name)


def _category_labels(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), "(empty)").astype(str)


def _top_values(real: pd.Series, limit: int) -> list[str]:
    counts = _category_labels(real).value_counts()
    return list(counts.index[:limit])


def _limited(values: pd.Series, kept: list[str]) -> pd.Series:
    labels = _category_labels(values)
    return labels.where(labels.isin(kept), "(other values)")


def _heat_panels(figure, panels, frames, first, second):
    rows = _top_values(frames[0][first.name], MAX_CATEGORIES)
    columns = _top_values(frames[0][second.name], MAX_CATEGORIES)
    tables = []
    for frame in frames:
        a = _limited(frame[first.name], rows)
        b = _limited(frame[second.name], columns)
        table = pd.crosstab(a, b, normalize="all") * 100
        order_rows = rows + (["(other values)"] if "(other values)" in a.values else [])
        order_columns = columns + (
            ["(other values)"] if "(other values)" in b.values else []
        )
        tables.append((order_rows, order_columns, table))
    all_rows = list(dict.fromkeys(tables[0][0] + tables[1][0]))
    all_columns = list(dict.fromkeys(tables[0][1] + tables[1][1]))
    top = max(float(table.to_numpy().max()) for _, _, table in tables) or 1.0
    image = None
    for axes, (_, _, table) in zip(panels, tables, strict=True):
        grid = table.reindex(index=all_rows, columns=all_columns, fill_value=0.0)
        image = axes.imshow(
            grid.to_numpy(),
            cmap=SEQUENTIAL_MAP,
            vmin=0,
            vmax=top,
            aspect="auto",
            interpolation="nearest",
        )
        axes.set_xticks(range(len(all_columns)))
        axes.set_xticklabels(
            [_short(label, 18) for label in all_columns],
            rotation=60,
            ha="right",
            fontsize="x-small",
        )
        axes.set_yticks(range(len(all_rows)))
        axes.set_yticklabels(
            [_short(label, 22) for label in all_rows], fontsize="x-small"
        )
        axes.set_xlabel(second.name)
    panels[0].set_ylabel(first.name)
    figure.colorbar(image, ax=list(panels), label="% of rows")


def _box_panels(panels, frames, number: ColumnSpec, category: ColumnSpec):
    groups = _top_values(frames[0][category.name], 15)
    for axes, frame in zip(panels, frames, strict=True):
        labels = _limited(frame[category.name], groups)
        values = _plot_numbers(frame[number.name], number)
        data = [
            values[(labels == group).to_numpy() & ~np.isnan(values)] for group in groups
        ]
        present = [index for index, series in enumerate(data) if len(series)]
        if present:
            axes.boxplot(
                [data[index] for index in present],
                positions=[index for index in present],
                orientation="horizontal",
                widths=0.6,
                showfliers=False,
                patch_artist=True,
                boxprops={"facecolor": "#CCCCCC"},
                medianprops={"color": "black"},
            )
        axes.set_yticks(range(len(groups)))
        axes.set_yticklabels(
            [_short(group, 22) for group in groups], fontsize="x-small"
        )
        axes.set_xlabel(number.name)
        if number.kind == Kind.DATETIME:
            _date_ticks(axes.xaxis)
    panels[0].set_ylabel(category.name)
    panels[0].set_ylim(len(groups) - 0.5, -0.5)


# --- Associations ------------------------------------------------------------


def association_figure(
    real_matrix: pd.DataFrame,
    synthetic_matrix: pd.DataFrame,
    size: tuple[float, float] | None = None,
) -> Figure:
    """Three heat maps: real | synthetic | difference of association strengths.

    Takes the matrices from ``evaluation.association_matrices`` (Cramer's V
    from 0 to 1). The difference is synthetic minus real, so a lost
    association shows as a strong negative cell.
    """
    names = list(real_matrix.index)
    width = max(12.0, 0.9 * len(names) + 6)
    figure = Figure(figsize=size or (width, width / 3 + 1.2), layout="constrained")
    panels = figure.subplots(1, 3, sharex=True, sharey=True)
    difference = synthetic_matrix - real_matrix
    shown = [
        (panels[0], real_matrix, "Real", SEQUENTIAL_MAP, 0.0, 1.0),
        (panels[1], synthetic_matrix, "Synthetic", SEQUENTIAL_MAP, 0.0, 1.0),
        (panels[2], difference, "Synthetic minus real", DIVERGING_MAP, -1.0, 1.0),
    ]
    for axes, matrix, title, colours, low, high in shown:
        image = axes.imshow(
            matrix.to_numpy(dtype=float),
            cmap=colours,
            vmin=low,
            vmax=high,
            interpolation="nearest",
        )
        axes.set_title(title)
        axes.set_xticks(range(len(names)))
        axes.set_xticklabels(
            [_short(name, 16) for name in names],
            rotation=60,
            ha="right",
            fontsize="x-small",
        )
        axes.set_yticks(range(len(names)))
        axes.set_yticklabels([_short(name, 16) for name in names], fontsize="x-small")
        figure.colorbar(image, ax=axes, shrink=0.8)
    return figure


# --- Intersections -------------------------------------------------------------


def intersection_figure(
    table: pd.DataFrame,
    columns: list[str],
    log_scale: bool = False,
    max_rows: int = 30,
    hide_below: int | None = None,
    size: tuple[float, float] | None = None,
) -> Figure:
    """Bars of expected (real) and synthetic rows for each combination.

    Takes the table from ``evaluation.intersection_table``. Invented
    combinations are marked in vermilion, vanished ones in green, with the
    word beside the bar. With more than ``max_rows`` combinations, the figure
    keeps the invented and vanished ones, then the most common and the rarest
    real ones, so small groups stay visible. ``log_scale`` draws the counts
    on a symmetric log axis, on which zero stays visible. With
    ``hide_below``, combinations fewer real rows than that share are not
    named.
    """
    shown = _pick_rows(table, max_rows)
    height = max(3.0, 0.28 * len(shown) + 1.4)
    figure = Figure(figsize=size or (9.0, height), layout="constrained")
    axes = figure.add_subplot()
    if shown.empty:
        axes.text(0.5, 0.5, "No combinations", ha="center", va="center")
        return figure
    labels = []
    for _, row in shown.iterrows():
        if hide_below and 0 < row["real"] < hide_below:
            labels.append(f"(a combination seen fewer than {hide_below} times)")
        else:
            labels.append(" | ".join(_short(str(row[name]), 20) for name in columns))
    positions = np.arange(len(shown))
    bar = 0.4
    axes.barh(
        positions - bar / 2,
        shown["expected"].to_numpy(dtype=float),
        bar,
        color=REAL_COLOUR,
        label="Real (scaled to the synthetic rows)",
    )
    axes.barh(
        positions + bar / 2,
        shown["synthetic"].to_numpy(dtype=float),
        bar,
        color=SYNTHETIC_COLOUR,
        label="Synthetic",
    )
    top = float(max(shown["expected"].max(), shown["synthetic"].max(), 1))
    for position, (_, row) in zip(positions, shown.iterrows(), strict=True):
        if row["status"] == "ok":
            continue
        colour = INVENTED_COLOUR if row["status"] == "invented" else VANISHED_COLOUR
        axes.axhspan(position - 0.5, position + 0.5, color=colour, alpha=0.12, lw=0)
        axes.annotate(
            row["status"],
            (max(row["synthetic"], row["expected"]), position),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize="x-small",
            color=colour,
            fontweight="bold",
        )
    axes.set_yticks(positions)
    axes.set_yticklabels(labels, fontsize="x-small")
    axes.invert_yaxis()
    if log_scale:
        axes.set_xscale("symlog", linthresh=1)
        axes.set_xlim(0, top * 3)
        axes.set_xlabel("Rows (symmetric log scale)")
    else:
        axes.set_xlim(0, top * 1.15)
        axes.set_xlabel("Rows")
    axes.set_title(" x ".join(columns))
    axes.legend(loc="lower right", fontsize="x-small")
    return figure


def _pick_rows(table: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Keep flagged combinations, then the most common and the rarest real ones."""
    if len(table) <= limit:
        return table
    flagged = table[table["status"] != "ok"].head(limit // 2)
    rest = table[table["status"] == "ok"].sort_values("real", ascending=False)
    room = limit - len(flagged)
    common = rest.head(room - room // 3)
    present = rest[rest["real"] > 0]
    rare = present.tail(room // 3)
    picked = pd.concat([flagged, common, rare])
    return picked[~picked.index.duplicated()]


# --- Privacy ---------------------------------------------------------------------


def privacy_figure(distance: dict, size: tuple[float, float] = (6.4, 3.6)) -> Figure:
    """Distance to the closest real record: synthetic rows against held-out real rows.

    Takes ``evaluation["privacy"]["distance"]`` and draws both distributions
    as cumulative curves from their stored quantiles. A synthetic curve far to
    the left of the held-out curve means synthetic rows sit closer to real
    people than other real people do.
    """
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.add_subplot()
    if not distance:
        axes.text(0.5, 0.5, "No distances measured", ha="center", va="center")
        return figure
    levels = np.array(distance["quantiles"]) * 100
    axes.plot(
        distance["holdout_quantiles"],
        levels,
        color=REAL_COLOUR,
        linewidth=2,
        label="Held-out real rows",
    )
    axes.plot(
        distance["synthetic_quantiles"],
        levels,
        color=SYNTHETIC_COLOUR,
        linewidth=2,
        linestyle="--",
        label="Synthetic rows",
    )
    axes.set_xlabel("Distance to the closest real record")
    axes.set_ylabel("% of rows at most this far")
    axes.set_ylim(0, 100)
    axes.legend(loc="lower right", fontsize="small")
    return figure


# --- Show me ---------------------------------------------------------------------


def figure_for_warning(
    warning: dict,
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    specs: list[ColumnSpec],
    privacy: dict | None = None,
    counts=None,
    log_scale: bool = False,
) -> Figure:
    """Build the figure a warning's ``plot`` field names.

    ``privacy`` is ``evaluation["privacy"]``, needed for the privacy figure;
    ``counts`` from ``evaluation.review_counts`` saves coding the tables again
    for an intersection.
    """
    plot = warning.get("plot") or {}
    kind, columns = plot.get("type"), list(plot.get("columns") or [])
    by_name = {spec.name: spec for spec in specs}
    if kind == "column" and columns:
        spec = by_name[columns[0]]
        return column_figure(
            real[spec.name], synthetic[spec.name], spec, log_scale=log_scale
        )
    if kind == "pair" and len(columns) == 2:
        return pair_figure(real, synthetic, by_name[columns[0]], by_name[columns[1]])
    if kind == "intersection" and columns:
        from synthdesk.core.evaluation.intersections import intersection_table

        table = intersection_table(real, synthetic, specs, columns, counts=counts)
        return intersection_figure(table, columns, log_scale=log_scale)
    if kind == "privacy":
        return privacy_figure((privacy or {}).get("distance") or {})
    raise ValueError(f"The warning names no figure that can be drawn: {plot!r}")
