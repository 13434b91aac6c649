"""Keep rare real values out of the README, report and run.json.

A value that fewer than ``k`` real rows share can point to a person, so the
paperwork names it only when the user opts in; otherwise it is replaced by a
description and the number withheld is stated.
"""

from __future__ import annotations

import copy

import pandas as pd

DEFAULT_K = 5


class Redactor:
    """Decides which real values may be named in exported documents."""

    def __init__(self, real: pd.DataFrame, k: int = DEFAULT_K, enabled: bool = True):
        self.k = k
        self.enabled = enabled
        self._counts = {
            name: real[name].dropna().astype(str).value_counts()
            for name in real.columns
        }
        self.withheld: set[tuple[str, str]] = set()

    def is_rare(self, column: str, value) -> bool:
        if not self.enabled or column not in self._counts:
            return False
        return int(self._counts[column].get(str(value), 0)) < self.k

    def show(self, column: str, value) -> str:
        if self.is_rare(column, value):
            self.withheld.add((column, str(value)))
            return f"(a value of '{column}' seen fewer than {self.k} times)"
        return str(value)

    def allowed_values(self, column: str) -> tuple[list[str], int]:
        """Return the values that may be listed, and how many were withheld."""
        counts = self._counts.get(column, pd.Series(dtype=int))
        if not self.enabled:
            return list(counts.index), 0
        common = [str(value) for value, count in counts.items() if count >= self.k]
        return common, int((counts < self.k).sum())

    def finding(self, finding: dict) -> dict:
        """A copy of a warning whose message and values name no rare real value."""
        if not self.enabled:
            return finding
        result = copy.deepcopy(finding)
        values = result.get("values") or {}
        message = result["message"]
        for column, value in list(values.items()):
            if self.is_rare(column, value):
                shown = self.show(column, value)
                message = message.replace(f"{column} = {value}", f"{column} = {shown}")
                message = message.replace(f"'{value}'", shown)
                values[column] = shown
        result["values"] = values
        result["message"] = message
        return result
