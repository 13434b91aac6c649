"""Keep rare real values out of the README, report and run.json.

A category value that fewer than ``k`` real rows share can point to a
person, so the paperwork names it only when the user opts in; otherwise it is
replaced by a placeholder and the number of such values is stated. Numbers
and dates are treated differently because warnings show them only as ranges
of equal-count bins: the paperwork names one exact number or date only as
the end of a synthetic range, and ``range_end`` rounds that end outward when
it equals a rare real value. Combinations that fewer than ``k`` real rows have
are named, because each of their values is common, but their exact real
count is replaced by "fewer than k".
"""

from __future__ import annotations

import copy
import math
import re

import pandas as pd
from pandas.api.types import is_datetime64_any_dtype, is_numeric_dtype

DEFAULT_K = 5

_FEW_REAL_ROWS = re.compile(r"only [\d,]+ real rows?(?: \([\d.,]+ %\))? ha(?:s|ve) it")


class Redactor:
    """Decides which real values may be named in exported documents."""

    def __init__(self, real: pd.DataFrame, k: int = DEFAULT_K, enabled: bool = True):
        self.k = k
        self.enabled = enabled
        self._counts: dict[str, pd.Series] = {}
        self._numbers: dict[str, pd.Series] = {}
        for name in real.columns:
            values = real[name].dropna()
            if is_datetime64_any_dtype(values) or (
                is_numeric_dtype(values) and values.dtype != bool
            ):
                self._numbers[name] = values.value_counts()
            else:
                self._counts[name] = values.astype(str).value_counts()
        self.placeholder = f"[a value seen fewer than {k} times, withheld]"

    def is_rare(self, column: str, value) -> bool:
        """Whether ``value`` of category column ``column`` must not be named."""
        if not self.enabled or column not in self._counts:
            return False
        return int(self._counts[column].get(str(value), 0)) < self.k

    def show(self, column: str, value) -> str:
        """Return ``value`` as text, or the placeholder when it is rare."""
        return self.placeholder if self.is_rare(column, value) else str(value)

    def rare_counts(self) -> dict[str, int]:
        """Return, per category column, how many of its real values are withheld."""
        if not self.enabled:
            return {}
        counts = {
            column: int((series < self.k).sum())
            for column, series in self._counts.items()
        }
        return {column: count for column, count in counts.items() if count}

    @property
    def withheld_total(self) -> int:
        """The number of real category values that the paperwork does not name."""
        return sum(self.rare_counts().values())

    def allowed_values(self, column: str) -> tuple[list[str], int]:
        """Return the values that may be listed, most common first, and how many were withheld."""
        counts = self._counts.get(column, pd.Series(dtype=int))
        if not self.enabled:
            return [str(value) for value in counts.index], 0
        common = [str(value) for value, count in counts.items() if count >= self.k]
        return common, int((counts < self.k).sum())

    def is_rare_number(self, column: str, value) -> bool:
        """Whether a number or date equals a value fewer than ``k`` real rows hold."""
        if not self.enabled or column not in self._numbers:
            return False
        count = int(self._numbers[column].get(value, 0))
        return 0 < count < self.k

    def range_end(self, column: str, value, text: str, upper: bool) -> str:
        """Return ``text`` for one end of a synthetic range, or a rounded bound.

        When ``value`` equals a rare real value, the end is moved outward to
        a round number strictly beyond it (one significant digit), or to the
        year for a date, so the exact value is not shown.
        """
        if not self.is_rare_number(column, value):
            return text
        if isinstance(value, pd.Timestamp):
            return f"{'before end of' if upper else 'after start of'} {value.year}"
        number = float(value)
        step = 10.0 ** math.floor(math.log10(abs(number))) if number else 1.0
        if upper:
            bound = (math.floor(number / step) + 1) * step
            return f"below {bound:,.0f}" if step >= 1 else f"below {bound:,g}"
        bound = (math.ceil(number / step) - 1) * step
        return f"above {bound:,.0f}" if step >= 1 else f"above {bound:,g}"

    def finding(self, finding: dict) -> dict:
        """Return a copy of a warning whose message and values name no rare real value."""
        if not self.enabled:
            return finding
        result = copy.deepcopy(finding)
        values = result.get("values") or {}
        message = result["message"]
        for column, value in list(values.items()):
            if self.is_rare(column, value):
                message = message.replace(
                    f"{column} = {value}", f"{column} = {self.placeholder}"
                )
                message = message.replace(f"'{value}'", self.placeholder)
                values[column] = self.placeholder
        real_count = result.get("real_count")
        if result["kind"].startswith("combination_") and real_count:
            if real_count < self.k:
                message = _FEW_REAL_ROWS.sub(
                    f"fewer than {self.k} real rows have it", message
                )
                result["real_count"] = None
        result["values"] = values
        result["message"] = message
        return result
