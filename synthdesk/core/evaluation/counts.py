"""Integer codes and counts shared by the scores, warnings and plots.

Every learned column is turned once into integer codes that mean the same in
the real and the synthetic table: categories keep their values, numbers and
dates are cut into bins at the real data's quantiles. Counting any
combination of columns is then one ``np.bincount`` per table, and the pair
tables are cached so the scores, the warnings and the association matrix
count each pair only once.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from synthdesk.core.columns import ColumnSpec, Kind

EMPTY = "(empty)"
OTHER = "(other values)"
# Combinations with more cells than this are not counted: the bincount
# arrays would need too much memory and each cell would be nearly empty.
MAX_CELLS = 5_000_000
# SDMetrics' Column Pair Trends cuts numbers into this many equal-width bins
# (``np.histogram_bin_edges`` default) when it pairs them with categories.
SCORE_BINS = 10


@dataclass
class ColumnCodes:
    """One column of both tables as shared integer codes.

    ``labels[code]`` is the text shown for a code. ``hidden`` marks codes
    that stand for no single real value (empty cells, pooled rare values),
    which the combination checks never name.
    """

    name: str
    kind: Kind
    labels: np.ndarray
    real: np.ndarray
    synthetic: np.ndarray
    hidden: np.ndarray
    binned: bool = False
    # Numbers (dates as nanoseconds) with NaN for empty cells; None for
    # categories.
    real_values: np.ndarray | None = None
    synthetic_values: np.ndarray | None = None
    # Per-table equal-width bins as SDMetrics makes them for mixed pairs.
    real_score_codes: np.ndarray | None = None
    synthetic_score_codes: np.ndarray | None = None
    _real_counts: np.ndarray | None = field(default=None, repr=False)
    _synthetic_counts: np.ndarray | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        return len(self.labels)

    @property
    def numeric(self) -> bool:
        return self.real_values is not None

    def real_counts(self) -> np.ndarray:
        """Rows per code in the real table (computed once, do not modify)."""
        if self._real_counts is None:
            self._real_counts = np.bincount(self.real, minlength=self.size)
        return self._real_counts

    def synthetic_counts(self) -> np.ndarray:
        """Rows per code in the synthetic table (computed once, do not modify)."""
        if self._synthetic_counts is None:
            self._synthetic_counts = np.bincount(self.synthetic, minlength=self.size)
        return self._synthetic_counts


@dataclass
class ReviewCounts:
    """The learned columns of a real and a synthetic table, coded and counted."""

    specs: dict[str, ColumnSpec]
    columns: dict[str, ColumnCodes]
    real_rows: int
    synthetic_rows: int
    _pairs: dict = field(default_factory=dict, repr=False)

    @property
    def names(self) -> list[str]:
        return list(self.columns)

    @property
    def scale(self) -> float:
        """Synthetic rows per real row: turns a real count into an expected count."""
        return self.synthetic_rows / self.real_rows if self.real_rows else 0.0

    def combination_counts(
        self, names: list[str] | tuple[str, ...]
    ) -> tuple[np.ndarray, np.ndarray, list[int]] | None:
        """Count every combination of the columns' codes in both tables.

        Returns flat real and synthetic counts over all cells, cell index
        ``((c0 * size1) + c1) * size2 + c2`` for three columns, and the sizes;
        None when the columns have more than ``MAX_CELLS`` combinations.
        """
        names = tuple(names)
        if len(names) == 2 and names in self._pairs:
            return self._pairs[names]
        sizes = [self.columns[name].size for name in names]
        cells = int(np.prod(sizes))
        if cells > MAX_CELLS:
            return None
        real_key = np.zeros(self.real_rows, dtype=np.int64)
        synthetic_key = np.zeros(self.synthetic_rows, dtype=np.int64)
        for name, size in zip(names, sizes, strict=True):
            real_key = real_key * size + self.columns[name].real
            synthetic_key = synthetic_key * size + self.columns[name].synthetic
        result = (
            np.bincount(real_key, minlength=cells),
            np.bincount(synthetic_key, minlength=cells),
            sizes,
        )
        if len(names) == 2:
            self._pairs[names] = result
        return result

    def pair_tables(self, first: str, second: str) -> tuple[np.ndarray, np.ndarray]:
        """Return the real and synthetic contingency tables of two columns."""
        counts = self.combination_counts((first, second))
        if counts is None:
            raise ValueError(f"'{first}' and '{second}' have too many combinations.")
        real, synthetic, sizes = counts
        return real.reshape(sizes), synthetic.reshape(sizes)

    def cell_values(self, names, cell: int, sizes: list[int]) -> dict[str, str]:
        """Map a flat cell index back to each column's label."""
        codes = cell_codes(cell, sizes)
        return {
            name: str(self.columns[name].labels[code])
            for name, code in zip(names, codes, strict=True)
        }

    def pairs(self) -> list[tuple[str, str]]:
        return list(itertools.combinations(self.names, 2))


def cell_codes(cell: int, sizes: list[int]) -> list[int]:
    codes = []
    for size in reversed(sizes):
        cell, code = divmod(cell, size)
        codes.append(code)
    return codes[::-1]


def build_counts(
    real: pd.DataFrame,
    synthetic: pd.DataFrame,
    specs: list[ColumnSpec],
    numeric_bins: int = 5,
    max_categories: int = 60,
) -> ReviewCounts:
    """Code every learned column present in both tables.

    Category columns with more than ``max_categories`` values keep their
    ``max_categories - 1`` most common real values and pool the rest.
    """
    columns: dict[str, ColumnCodes] = {}
    by_name = {}
    for spec in specs:
        if not spec.learned or spec.name not in real or spec.name not in synthetic:
            continue
        by_name[spec.name] = spec
        if spec.kind in (Kind.NUMERIC, Kind.DATETIME):
            columns[spec.name] = _numeric_codes(
                spec, real[spec.name], synthetic[spec.name], numeric_bins
            )
        else:
            columns[spec.name] = _category_codes(
                spec, real[spec.name], synthetic[spec.name], max_categories
            )
    return ReviewCounts(
        specs=by_name,
        columns=columns,
        real_rows=len(real),
        synthetic_rows=len(synthetic),
    )


# --- Categories ------------------------------------------------------------


def category_text(values: pd.Series) -> pd.Series:
    """Category cells as text, empty cells as ``EMPTY``."""
    return values.astype(object).where(values.notna(), EMPTY).astype(str)


def _category_codes(
    spec: ColumnSpec, real: pd.Series, synthetic: pd.Series, max_categories: int
) -> ColumnCodes:
    real_text = category_text(real)
    synthetic_text = category_text(synthetic)
    # Labels run from the most common real value down, then values only the
    # synthetic table has, then the empty cell, so plots read top down.
    real_order = [value for value in real_text.value_counts().index if value != EMPTY]
    pooled: set[str] = set()
    if len(real_order) > max_categories:
        pooled = set(real_order[max_categories - 1 :])
        real_order = real_order[: max_categories - 1]
    known = set(real_order) | pooled
    synthetic_only = [
        value
        for value in synthetic_text.value_counts().index
        if value not in known and value != EMPTY
    ]
    labels = real_order + synthetic_only + ([OTHER] if pooled else []) + [EMPTY]
    positions = {label: code for code, label in enumerate(labels)}
    for value in pooled:
        positions[value] = positions[OTHER]

    def encode(text: pd.Series) -> np.ndarray:
        return text.map(positions).to_numpy(dtype=np.int64)

    hidden = np.array([label in (OTHER, EMPTY) for label in labels])
    return ColumnCodes(
        name=spec.name,
        kind=spec.kind,
        labels=np.array(labels, dtype=object),
        real=encode(real_text),
        synthetic=encode(synthetic_text),
        hidden=hidden,
    )


# --- Numbers and dates -----------------------------------------------------


def as_numbers(values: pd.Series, kind: Kind) -> np.ndarray:
    """Numbers as floats and dates as nanoseconds since 1970, NaN when empty."""
    if kind == Kind.DATETIME:
        stamps = pd.to_datetime(values, errors="coerce")
        numbers = stamps.astype("int64").to_numpy(dtype=float)
        numbers[stamps.isna().to_numpy()] = np.nan
        return numbers
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)


def _numeric_codes(
    spec: ColumnSpec, real: pd.Series, synthetic: pd.Series, bins: int
) -> ColumnCodes:
    real_values = as_numbers(real, spec.kind)
    synthetic_values = as_numbers(synthetic, spec.kind)
    edges, labels = bin_edges(real_values, bins, spec)
    empty_code = len(labels)

    def encode(values: np.ndarray) -> np.ndarray:
        codes = np.searchsorted(edges, values, side="right").astype(np.int64)
        codes[np.isnan(values)] = empty_code
        return codes

    all_labels = np.array(labels + [EMPTY], dtype=object)
    hidden = np.zeros(len(all_labels), dtype=bool)
    hidden[-1] = True
    return ColumnCodes(
        name=spec.name,
        kind=spec.kind,
        labels=all_labels,
        real=encode(real_values),
        synthetic=encode(synthetic_values),
        hidden=hidden,
        binned=True,
        real_values=real_values,
        synthetic_values=synthetic_values,
        real_score_codes=score_codes(real_values),
        synthetic_score_codes=score_codes(synthetic_values),
    )


def bin_edges(
    values: np.ndarray, bins: int, spec: ColumnSpec
) -> tuple[np.ndarray, list[str]]:
    """Cut points at the real quantiles, and a label for each bin.

    A value held by at least 1/``bins`` of the real rows (such as the zero of a
    capital-gains column) gets a bin of its own, so a column that is mostly
    one value still splits its remaining values. A code is
    ``searchsorted(edges, value, side="right")``: bin ``i`` holds values from
    ``edges[i - 1]`` up to but excluding ``edges[i]``.
    """
    present = values[~np.isnan(values)]
    if not len(present):
        return np.array([]), ["all values"]
    uniques, counts = np.unique(present, return_counts=True)
    heavy = uniques[counts >= len(present) / bins]
    whole = spec.kind == Kind.NUMERIC and spec.integer
    edges: list[float] = []
    for value in heavy:
        # A whole-number column's bin [v, v + 1) holds only v.
        edges += [value, value + 1 if whole else np.nextafter(value, np.inf)]
    rest = present[~np.isin(present, heavy)]
    if len(rest):
        slots = max(bins - len(heavy), 1)
        cuts = np.quantile(rest, np.linspace(0, 1, slots + 1)[1:-1])
        edges += [cut for cut in cuts if cut > rest.min()]
    cuts = np.unique(np.array(edges, dtype=float))
    return cuts, _bin_labels(cuts, spec)


def _bin_labels(cuts: np.ndarray, spec: ColumnSpec) -> list[str]:
    whole = spec.kind == Kind.NUMERIC and spec.integer

    def show(value: float) -> str:
        if spec.kind == Kind.DATETIME:
            return str(pd.Timestamp(int(value)).date())
        if whole:
            return f"{value:,.0f}"
        return f"{value:,.{max(spec.decimals, 2)}f}".rstrip("0").rstrip(".")

    def is_point(start: float, stop: float) -> bool:
        return stop == np.nextafter(start, np.inf)

    def span(start: float, stop: float) -> str:
        if is_point(start, stop):
            return show(start)
        if whole:
            first, last = np.ceil(start), np.ceil(stop) - 1
            return show(first) if last <= first else f"{show(first)} to {show(last)}"
        return f"{show(start)} to under {show(stop)}"

    if not len(cuts):
        return ["all values"]
    labels = [f"below {show(cuts[0])}"]
    labels += [
        span(start, stop) for start, stop in zip(cuts[:-1], cuts[1:], strict=True)
    ]
    if len(cuts) >= 2 and is_point(cuts[-2], cuts[-1]):
        labels.append(f"above {show(cuts[-2])}")
    elif whole:
        labels.append(f"{show(np.ceil(cuts[-1]))} or more")
    else:
        labels.append(f"{show(cuts[-1])} or more")
    return labels


def score_codes(values: np.ndarray) -> np.ndarray:
    """Bin codes as SDMetrics' Column Pair Trends makes them.

    ``np.histogram_bin_edges`` on the table's own values, then
    ``np.digitize``; an empty cell gets the code after the last bin.
    """
    present = values[~np.isnan(values)]
    if not len(present):
        return np.zeros(len(values), dtype=np.int64)
    edges = np.histogram_bin_edges(present, bins=SCORE_BINS)
    return np.digitize(values, bins=edges).astype(np.int64)
