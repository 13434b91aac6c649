"""Sequential decision trees (CART), as the R package synthpop makes microdata.

Columns are made one after another. The first is a bootstrap sample of its
real values. Each later column has a decision tree fitted on the real values
of the columns before it. A synthetic row is dropped down that tree with its
synthetic values, and its value is drawn at random from the real values in
the leaf it reaches. Every value produced therefore occurs in the real data,
and a leaf holds at least ``min_leaf`` real rows, which is the privacy
setting.

Column order: fewest distinct values first, ties in the input's order. Low
cardinality columns (sex, relationship) then condition the detailed ones, and
near-unique columns (a weight, an income) come last, where they are predicted
but never used to split, so no later column follows a single real row.

Numeric columns with missing values are made in two steps, as synthpop does:
a tree draws whether the cell is missing, then a second tree, fitted on the
rows where it is present, draws the value. Categorical targets treat a
missing cell as one more category.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from synthdesk.core.columns import ColumnSpec, Kind
from synthdesk.core.generators.estimate import format_time_left
from synthdesk.core.progress import Progress

# Categorical predictors get one indicator column for each of their most
# frequent values, up to this many, besides their frequency-rank code.
ONE_HOT_MAX = 50
# A categorical target with more values is fitted with a regression tree on
# its frequency-rank code, because classification trees slow down in
# proportion to the number of classes.
CLASSIFIER_MAX_CLASSES = 100


@dataclass
class _Column:
    """The encoding of one column as a predictor and as a target."""

    name: str
    numeric: bool
    datetime: bool
    # Categorical columns: values by descending frequency, missing last.
    categories: list | None = None


@dataclass
class _LeafSampler:
    """A fitted tree and, for each of its leaves, the real values in it."""

    tree: object
    order: np.ndarray  # real row positions sorted by leaf
    starts: np.ndarray  # first position in ``order`` for each leaf id
    counts: np.ndarray  # real rows in each leaf id

    def draw(self, predictors: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Return one real row position for each synthetic row, from its leaf."""
        leaves = self.tree.apply(predictors)
        offsets = np.floor(rng.random(len(leaves)) * self.counts[leaves]).astype(
            np.int64
        )
        return self.order[self.starts[leaves] + offsets]


def _leaf_sampler(tree, predictors: np.ndarray, rows: np.ndarray) -> _LeafSampler:
    leaves = tree.apply(predictors)
    leaf_count = tree.tree_.node_count
    counts = np.bincount(leaves, minlength=leaf_count)
    starts = np.zeros(leaf_count, dtype=np.int64)
    starts[1:] = np.cumsum(counts)[:-1]
    order = rows[np.argsort(leaves, kind="stable")]
    return _LeafSampler(tree=tree, order=order, starts=starts, counts=counts)


class CARTGenerator:
    """Synthesise columns in turn, each from a decision tree's leaves."""

    def __init__(self, seed: int, min_leaf: int = 5, **_ignored):
        if int(min_leaf) < 1:
            raise ValueError(
                f"min_leaf must be at least 1, not {min_leaf}; use 5 or more."
            )
        self.seed = seed
        self.min_leaf = int(min_leaf)
        self.recorded_params: dict | None = None
        self._real: pd.DataFrame | None = None
        self._order: list[str] = []
        self._columns: dict[str, _Column] = {}
        # For each column after the first: (missing-cell sampler or None,
        # value sampler or None when every cell is missing).
        self._samplers: dict[str, tuple[_LeafSampler | None, _LeafSampler | None]] = {}

    # --- Encoding --------------------------------------------------------

    def _describe(self, name: str, values: pd.Series, spec: ColumnSpec | None):
        kind = spec.kind if spec else None
        if kind == Kind.DATETIME or pd.api.types.is_datetime64_any_dtype(values):
            return _Column(name, numeric=True, datetime=True)
        if kind == Kind.NUMERIC or (
            kind is None and pd.api.types.is_numeric_dtype(values)
        ):
            return _Column(name, numeric=True, datetime=False)
        counts = values.astype(object).value_counts(dropna=True)
        categories = list(counts.index)
        if values.isna().any():
            categories.append(None)
        return _Column(name, numeric=False, datetime=False, categories=categories)

    def _numbers(self, column: _Column, values: pd.Series) -> np.ndarray:
        """Numeric or datetime values as floats, NaN where missing."""
        if column.datetime:
            stamps = pd.to_datetime(values, errors="coerce")
            nanoseconds = stamps.to_numpy(dtype="datetime64[ns]").astype(np.int64)
            numbers = nanoseconds.astype(float)
            numbers[stamps.isna().to_numpy()] = np.nan
            return numbers
        return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)

    def _codes(self, column: _Column, values: pd.Series) -> np.ndarray:
        """Categorical values as frequency ranks; missing is the last code."""
        known = [value for value in column.categories if value is not None]
        codes = pd.Categorical(values.astype(object), categories=known).codes
        codes = codes.astype(np.int64)
        codes[codes < 0] = len(known)
        return codes

    def _predictor_block(self, column: _Column, values: pd.Series) -> np.ndarray:
        if column.numeric:
            return self._numbers(column, values).reshape(-1, 1)
        codes = self._codes(column, values)
        width = min(len(column.categories), ONE_HOT_MAX)
        block = np.zeros((len(codes), width + 1), dtype=np.float32)
        block[:, 0] = codes
        top = codes < width
        block[np.nonzero(top)[0], codes[top] + 1] = 1.0
        return block

    # --- Fit -------------------------------------------------------------

    def fit(
        self, data: pd.DataFrame, specs: list[ColumnSpec], progress: Progress
    ) -> None:
        from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

        by_name = {spec.name: spec for spec in specs}
        real = data.reset_index(drop=True)
        self._real = real
        self._columns = {
            name: self._describe(name, real[name], by_name.get(name))
            for name in real.columns
        }
        distinct = {name: real[name].nunique(dropna=False) for name in real.columns}
        position = {name: index for index, name in enumerate(real.columns)}
        self._order = sorted(
            real.columns, key=lambda name: (distinct[name], position[name])
        )
        seeds = np.random.SeedSequence(self.seed).generate_state(2 * len(self._order))
        self._samplers = {}

        total = len(self._order)
        blocks: list[np.ndarray] = []
        started = time.perf_counter()
        for index, name in enumerate(self._order):
            self._report(progress, index, total, name, started)
            column = self._columns[name]
            values = real[name]
            if index > 0:
                predictors = np.hstack(blocks)
                self._samplers[name] = self._fit_column(
                    column,
                    values,
                    predictors,
                    (int(seeds[2 * index]), int(seeds[2 * index + 1])),
                    DecisionTreeClassifier,
                    DecisionTreeRegressor,
                )
            blocks.append(self._predictor_block(column, values))
        progress.report(1.0, f"Learned {total} columns")

    def _fit_column(
        self,
        column: _Column,
        values: pd.Series,
        predictors: np.ndarray,
        seeds: tuple[int, int],
        classifier,
        regressor,
    ) -> tuple[_LeafSampler | None, _LeafSampler | None]:
        rows = np.arange(len(values))
        if not column.numeric:
            codes = self._codes(column, values)
            if len(column.categories) <= CLASSIFIER_MAX_CLASSES:
                tree = classifier(min_samples_leaf=self.min_leaf, random_state=seeds[0])
            else:
                tree = regressor(min_samples_leaf=self.min_leaf, random_state=seeds[0])
            tree.fit(predictors, codes)
            return None, _leaf_sampler(tree, predictors, rows)

        numbers = self._numbers(column, values)
        present = ~np.isnan(numbers)
        missing_sampler = None
        if not present.all():
            tree = classifier(min_samples_leaf=self.min_leaf, random_state=seeds[0])
            tree.fit(predictors, present)
            missing_sampler = _leaf_sampler(tree, predictors, rows)
        if not present.any():
            return missing_sampler, None
        tree = regressor(min_samples_leaf=self.min_leaf, random_state=seeds[1])
        tree.fit(predictors[present], numbers[present])
        return missing_sampler, _leaf_sampler(tree, predictors[present], rows[present])

    # --- Sample ----------------------------------------------------------

    def sample(self, rows: int, progress: Progress) -> pd.DataFrame:
        if self._real is None:
            raise RuntimeError("Call fit before sample.")
        rng = np.random.default_rng(self.seed)
        real = self._real
        total = len(self._order)
        made: dict[str, pd.Series] = {}
        blocks: list[np.ndarray] = []
        started = time.perf_counter()
        for index, name in enumerate(self._order):
            self._report(progress, index, total, name, started)
            column = self._columns[name]
            if index == 0:
                picks = rng.integers(0, len(real), size=rows)
                values = real[name].iloc[picks].reset_index(drop=True)
            else:
                values = self._draw(name, np.hstack(blocks), rng)
            made[name] = values
            blocks.append(self._predictor_block(column, values))
        progress.report(1.0, f"Made {rows:,} rows")
        return pd.DataFrame({name: made[name] for name in real.columns})

    def _draw(
        self, name: str, predictors: np.ndarray, rng: np.random.Generator
    ) -> pd.Series:
        source = self._real[name]
        missing_sampler, value_sampler = self._samplers[name]
        rows = len(predictors)
        if missing_sampler is None:
            present = np.ones(rows, dtype=bool)
        else:
            picks = missing_sampler.draw(predictors, rng)
            present = source.iloc[picks].notna().to_numpy()
        picks = np.full(rows, -1, dtype=np.int64)
        if value_sampler is not None and present.any():
            picks[present] = value_sampler.draw(predictors[present], rng)
        values = source.iloc[np.maximum(picks, 0)].reset_index(drop=True)
        if (picks < 0).any():
            values = values.where(
                pd.Series(picks >= 0), None if values.dtype == object else np.nan
            )
        return values

    @staticmethod
    def _report(
        progress: Progress, index: int, total: int, name: str, started: float
    ) -> None:
        message = f"Column {index + 1} of {total}: {name}"
        if index > 0:
            elapsed = time.perf_counter() - started
            message += f", {format_time_left(elapsed / index * (total - index))}"
        progress.report(index / total, message)
