"""Control what a run produces: rebalanced groups, forbidden combinations, rules.

The user's choices live in ``Settings.control``, a JSON-ready dict with four
optional keys (docs/control.md has the reasons behind each step):

``balance``
    ``{"columns": [one or two names], "preset": "real" | "equal" | "custom",
    "shares": [{"values": {column: value}, "share": fraction}, ...]}``.
    ``resolve_control`` fills ``shares`` for every group from the preset, so
    run.json records the exact targets. Empty cells are the group whose
    values are ``None``.
``forbid``
    A list of combinations, each ``{column: value, ...}``; no output row
    holds all the values of one of them.
``only_seen``
    A list of column lists; every output row's values in those columns form
    a combination that occurs in the real data.
``rules``
    A list of rule dicts: ``{"kind": "range", "column", "min", "max"}``,
    ``{"kind": "order", "columns": [low, high]}`` (low <= high) and
    ``{"kind": "step", "column", "step"}``.

``sample_controlled`` meets all of them for any generator by drawing in
batches: ranges are clipped and steps rounded, rows that break a forbidden
combination, an unseen combination or an order rule are rejected, and rows
are kept per balance group until each group holds its exact target count.
"""

from __future__ import annotations

import logging
import math
import re

import numpy as np
import pandas as pd

from synthdesk.core.columns import ColumnSpec, Kind
from synthdesk.core.errors import InputError, SynthDeskError
from synthdesk.core.progress import Progress

log = logging.getLogger(__name__)

# A value (or pair of values) whose share is raised needs at least this many
# real rows: each synthetic row of the group is then modelled on at least 20
# people, the minimum ``pipeline.MIN_ROWS`` sets for a whole table.
MIN_BALANCE_ROWS = 20
# Sampling may draw at most this many times the requested rows in total.
# Raising a group from real share p to share q needs about q / p times the
# rows, so a request above this factor is rejected before the run.
MAX_DRAW_FACTOR = 30
# ... but a request for few rows may always draw this many.
MIN_DRAW_ROWS = 10_000
# Bounds on one batch of the redraw loop, in rows.
MIN_BATCH_ROWS = 1_000
MAX_BATCH_ROWS = 200_000
# A rule needs at least this many real rows with values to be proposed.
MIN_RULE_ROWS = 20
# Steps proposed for number columns, largest first.
STEP_CANDIDATES = (1000, 500, 100, 50, 10, 5)
# A step is proposed only for columns with at least this many distinct values.
MIN_STEP_VALUES = 3
# A column's share of a value that differs by at least this many points from
# the share the new mix explains is a side effect of the rebalancing.
SIDE_EFFECT_POINTS = 0.05
# Column warnings that measure the change of a column's mix of values.
MIX_KINDS = {"imbalance_amplified", "category_underrepresented", "category_missing"}
BALANCE_KINDS = (Kind.CATEGORICAL, Kind.BOOLEAN)
PRESETS = ("real", "equal", "custom")


class ControlError(SynthDeskError):
    """The generator did not produce enough rows that meet the control."""


# --- Labels and matching ------------------------------------------------------


def label(value) -> str | None:
    """Return the text that identifies a category value; ``None`` for empty cells."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _labels(values: pd.Series) -> pd.Series:
    """Category cells as text, with empty cells as ``None``."""
    text = values.astype(object).map(label)
    return text.astype(object)


def _group_keys(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Return one hashable key per row: the tuple of its labels in ``columns``."""
    parts = [_labels(frame[name]) for name in columns]
    return pd.Series(list(zip(*parts, strict=True)), index=frame.index, dtype=object)


def _equals(values: pd.Series, wanted) -> pd.Series:
    """Rows whose cell equals ``wanted``, compared as numbers for number columns."""
    if wanted is None:
        return values.isna()
    if pd.api.types.is_numeric_dtype(values):
        number = pd.to_numeric(pd.Series([wanted]), errors="coerce").iloc[0]
        if pd.isna(number):
            return pd.Series(False, index=values.index)
        return values == number
    if pd.api.types.is_datetime64_any_dtype(values):
        return values == pd.to_datetime(wanted, errors="coerce")
    return _labels(values) == str(wanted)


def is_active(control: dict | None) -> bool:
    """Return whether ``control`` requests anything beyond plain sampling."""
    if not control:
        return False
    return any(control.get(key) for key in ("balance", "forbid", "only_seen", "rules"))


# --- Validation and resolution ------------------------------------------------


def _spec(specs: list[ColumnSpec], name: str, what: str) -> ColumnSpec:
    for spec in specs:
        if spec.name == name:
            if not spec.learned:
                raise InputError(
                    f"The column '{name}' in {what} is not learned by the generator.",
                    "Include it as a number, category or date column, or choose "
                    "another column.",
                )
            return spec
    raise InputError(
        f"The column '{name}' in {what} was not found in the table.",
        "Check the spelling; column names are case-sensitive.",
    )


def resolve_control(
    real: pd.DataFrame, specs: list[ColumnSpec], control: dict | None, rows: int
) -> dict:
    """Check ``control`` against the real data and return it with exact targets.

    ``real`` is the table's model frame. Raises ``InputError`` with a
    headline and what to do when a request cannot be met. The result holds
    only the keys in use, so an empty control resolves to ``{}``.
    """
    control = dict(control or {})
    unknown = set(control) - {"balance", "forbid", "only_seen", "rules"}
    if unknown:
        raise InputError(
            f"Unknown control setting(s): {', '.join(sorted(unknown))}.",
            "Use balance, forbid, only_seen or rules.",
        )
    resolved: dict = {}
    if control.get("balance"):
        resolved["balance"] = _resolve_balance(real, specs, control["balance"], rows)
    forbid = [_check_forbid(real, specs, item) for item in control.get("forbid") or []]
    if forbid:
        resolved["forbid"] = forbid
    only_seen = [
        _check_only_seen(specs, columns) for columns in control.get("only_seen") or []
    ]
    if only_seen:
        resolved["only_seen"] = only_seen
    rules = [_check_rule(specs, rule) for rule in control.get("rules") or []]
    if rules:
        resolved["rules"] = rules
    if "balance" in resolved and forbid:
        _check_groups_allowed(resolved)
    return resolved


def _resolve_balance(
    real: pd.DataFrame, specs: list[ColumnSpec], balance: dict, rows: int
) -> dict:
    columns = list(balance.get("columns") or [])
    if not 1 <= len(columns) <= 2:
        raise InputError(
            f"Rebalancing takes one or two columns, not {len(columns)}.",
            "Choose one column, or two whose combinations should get set shares.",
        )
    for name in columns:
        spec = _spec(specs, name, "the rebalancing")
        if spec.kind not in BALANCE_KINDS:
            raise InputError(
                f"The column '{name}' contains {spec.kind.value} values; only category "
                "and yes/no columns can be rebalanced.",
                "Choose a category column.",
            )
    preset = balance.get("preset", "custom")
    if preset not in PRESETS:
        raise InputError(
            f"Unknown rebalancing preset {preset!r}.",
            "Use real, equal or custom.",
        )
    keys = _group_keys(real, columns)
    real_counts = keys.value_counts(sort=False)
    real_share = real_counts / len(real)
    groups = sorted(real_counts.index, key=_sort_key)
    targets = _target_shares(columns, preset, balance, groups, real_share)
    shares = []
    too_rare = [
        key
        for key in groups
        if targets[key] > real_share[key] + 1e-12
        and real_counts[key] < MIN_BALANCE_ROWS
    ]
    if too_rare:
        raise _too_rare_error(
            columns, sorted(too_rare, key=lambda key: real_counts[key]), real_counts
        )
    for key in groups:
        target = targets[key]
        factor = target / real_share[key]
        if factor > MAX_DRAW_FACTOR:
            raise InputError(
                f"Raising {_describe_key(columns, key)} from "
                f"{real_share[key]:.1%} to {target:.1%} of the rows needs about "
                f"{factor:.0f} times as many rows drawn as requested; the limit is "
                f"{MAX_DRAW_FACTOR}.",
                "Ask for a smaller share for this value.",
            )
        shares.append(
            {
                "values": dict(zip(columns, key, strict=True)),
                "share": round(float(target), 10),
            }
        )
    return {"columns": columns, "preset": preset, "shares": shares}


def _too_rare_error(columns, keys: list[tuple], real_counts) -> InputError:
    """Name the rarest values whose share a request raises, with their counts."""
    named = ", ".join(
        f"{_describe_key(columns, key)} ({real_counts[key]} real "
        f"row{'' if real_counts[key] == 1 else 's'})"
        for key in keys[:5]
    )
    more = f" and {len(keys) - 5} more" if len(keys) > 5 else ""
    return InputError(
        f"Too few real rows to make more of: {named}{more}. Rebalancing needs at "
        f"least {MIN_BALANCE_ROWS} real rows of every value whose share is raised.",
        "Leave these values at their real share or give them 0 with custom "
        "shares, or merge them with similar values in the spreadsheet first.",
    )


def _sort_key(key: tuple) -> tuple:
    """Order groups by their labels, empty cells last."""
    return tuple((part is None, part or "") for part in key)


def _target_shares(columns, preset, balance, groups, real_share) -> dict:
    """Return the requested share of every real group, summing to 1."""
    if preset == "real":
        return {key: float(real_share[key]) for key in groups}
    if preset == "equal":
        # Empty cells keep their real share; the values split the rest equally.
        empty = [key for key in groups if None in key]
        named = [key for key in groups if None not in key]
        left = 1.0 - sum(float(real_share[key]) for key in empty)
        targets = {key: float(real_share[key]) for key in empty}
        targets.update({key: left / len(named) for key in named})
        return targets
    return _custom_shares(columns, balance.get("shares") or [], groups, real_share)


def _custom_shares(columns, items, groups, real_share) -> dict:
    """Apply the listed shares; unlisted groups split the rest as in the real data."""
    given: dict[tuple, float] = {}
    for item in items:
        values = item.get("values") or {}
        if set(values) != set(columns):
            raise InputError(
                f"A share names columns {sorted(values)}, but the rebalanced "
                f"columns are {columns}.",
                "Give one value for each rebalanced column.",
            )
        key = tuple(label(values[name]) for name in columns)
        share = float(item.get("share", -1))
        if not 0.0 <= share <= 1.0 or math.isnan(share):
            raise InputError(
                f"The share for {_describe_key(columns, key)} must be between 0 and 1 "
                f"(0 % and 100 %), not {item.get('share')}.",
                "Write shares as fractions such as 0.5 or percentages such as 50%.",
            )
        if key not in real_share.index:
            raise InputError(
                f"{_describe_key(columns, key)} does not occur in the real data, so "
                "it cannot be given a share.",
                "Check the spelling of the value; values are case-sensitive.",
            )
        given[key] = share
    total = sum(given.values())
    if total > 1.0 + 1e-6:
        raise InputError(
            f"The requested shares add up to {total:.1%}, more than 100 %.",
            "Lower some shares so that they add up to at most 100 %.",
        )
    rest = [key for key in groups if key not in given]
    rest_real = sum(float(real_share[key]) for key in rest)
    if total < 1.0 - 1e-6 and not rest:
        raise InputError(
            f"The requested shares add up to {total:.1%}, less than 100 %, and no "
            "other value is left to fill the rest.",
            "Raise the shares so that they add up to 100 %.",
        )
    targets = dict(given)
    for key in rest:
        targets[key] = (1.0 - total) * float(real_share[key]) / rest_real
    return targets


def _check_forbid(real: pd.DataFrame, specs, combination: dict) -> dict:
    if not combination:
        raise InputError("A forbidden combination names no column.", "")
    for name, value in combination.items():
        spec = _spec(specs, name, "a forbidden combination")
        if spec.kind in BALANCE_KINDS and value is not None:
            if not _equals(real[name], value).any():
                raise InputError(
                    f"The value '{value}' does not occur in '{name}' of the real "
                    "data, so forbidding it changes nothing.",
                    "Check the spelling of the value; values are case-sensitive.",
                )
    return dict(combination)


def _check_only_seen(specs, columns) -> list[str]:
    columns = list(columns)
    if not columns:
        raise InputError(
            "'Only combinations seen in the real data' names no column.", ""
        )
    if len(set(columns)) != len(columns):
        raise InputError(
            f"'Only combinations seen in the real data' names a column twice: "
            f"{', '.join(columns)}.",
            "Name each column once.",
        )
    for name in columns:
        spec = _spec(specs, name, "'only combinations seen in the real data'")
        if spec.kind not in BALANCE_KINDS:
            raise InputError(
                f"The column '{name}' contains {spec.kind.value} values; only category "
                "and yes/no columns can be limited to combinations seen in the "
                "real data.",
                "Choose category columns, or state a rule for number columns.",
            )
    return columns


def _check_rule(specs, rule: dict) -> dict:
    kind = rule.get("kind")
    if kind == "range":
        spec = _spec(specs, rule.get("column"), "a rule")
        _need_numbers(spec, "A minimum or maximum")
        low, high = rule.get("min"), rule.get("max")
        if low is None and high is None:
            raise InputError(
                f"The rule on '{spec.name}' gives no minimum or maximum.", ""
            )
        if low is not None and high is not None and float(low) > float(high):
            raise InputError(
                f"The rule on '{spec.name}' has a minimum {low} above its maximum "
                f"{high}.",
                "Swap the two numbers.",
            )
    elif kind == "order":
        columns = list(rule.get("columns") or [])
        if len(columns) != 2 or columns[0] == columns[1]:
            raise InputError(
                f"An order rule needs two different columns, not {columns}.", ""
            )
        first, second = (_spec(specs, name, "a rule") for name in columns)
        numeric = {Kind.NUMERIC}
        dates = {Kind.DATETIME}
        if not (
            {first.kind, second.kind} <= numeric or {first.kind, second.kind} <= dates
        ):
            raise InputError(
                f"The rule '{columns[0]} <= {columns[1]}' compares columns of "
                f"different or unordered kinds ({first.kind.value} and "
                f"{second.kind.value}).",
                "Compare two number columns or two date columns.",
            )
    elif kind == "step":
        spec = _spec(specs, rule.get("column"), "a rule")
        _need_numbers(spec, "A step")
        step = float(rule.get("step") or 0)
        if step <= 0:
            raise InputError(
                f"The step for '{spec.name}' must be a positive number, not "
                f"{rule.get('step')}.",
                "",
            )
    else:
        raise InputError(
            f"Unknown rule kind {kind!r}.", "Use range, order or step rules."
        )
    checked = {key: value for key, value in rule.items() if key != "description"}
    checked["description"] = describe_rule(checked)
    return checked


def _need_numbers(spec: ColumnSpec, what: str) -> None:
    if spec.kind != Kind.NUMERIC:
        raise InputError(
            f"{what} applies only to number columns; '{spec.name}' holds "
            f"{spec.kind.value} values.",
            "Choose a number column.",
        )


def _check_groups_allowed(control: dict) -> None:
    """Reject a balance group with a positive share that a forbidden combination names."""
    balance = control["balance"]
    columns = balance["columns"]
    for item in balance["shares"]:
        if item["share"] <= 0:
            continue
        for combination in control.get("forbid") or []:
            if set(combination) <= set(columns) and all(
                label(combination[name]) == label(item["values"][name])
                for name in combination
            ):
                key = tuple(label(item["values"][name]) for name in columns)
                raise InputError(
                    f"{_describe_key(columns, key)} is asked for a share of the "
                    "rows but is also forbidden.",
                    "Give it a share of 0 or remove the forbidden combination.",
                )


def _describe_key(columns: list[str], key: tuple) -> str:
    parts = [
        f"{name} = {'(empty)' if value is None else value}"
        for name, value in zip(columns, key, strict=True)
    ]
    if len(parts) == 1:
        return "The value " + parts[0]
    return "The combination " + " with ".join(parts)


# --- Rules ---------------------------------------------------------------------


def describe_rule(rule: dict) -> str:
    """Return a plain sentence stating ``rule``."""
    kind = rule["kind"]
    if kind == "range":
        name, low, high = rule["column"], rule.get("min"), rule.get("max")
        if low is not None and high is not None:
            return (
                f"'{name}' lies between {format_number(low)} and {format_number(high)}."
            )
        if low is not None:
            return f"'{name}' is at least {format_number(low)}."
        return f"'{name}' is at most {format_number(high)}."
    if kind == "order":
        first, second = rule["columns"]
        return f"'{first}' is never greater than '{second}'."
    return f"'{rule['column']}' moves in whole steps of {format_number(rule['step'])}."


def format_number(value) -> str:
    """Write a number with thousands separators, without decimals when whole."""
    value = float(value)
    return f"{value:,.0f}" if value == round(value) else f"{value:,g}"


def propose_rules(table) -> list[dict]:
    """Return rules that every real row obeys, each with a plain ``description``.

    A range is proposed for every number column, an order rule for two
    number or date columns when one is never greater than the other in any
    row and their ranges overlap (disjoint ranges already follow from the
    ranges), and a step when every value is a multiple of one of
    ``STEP_CANDIDATES``. A rule broken by a single row is not proposed.
    """
    real = table.model_frame()
    learned = [spec for spec in table.specs if spec.learned and spec.name in real]
    rules: list[dict] = []
    numbers = [spec for spec in learned if spec.kind == Kind.NUMERIC]
    for spec in numbers:
        values = real[spec.name].dropna()
        if len(values) < MIN_RULE_ROWS or values.nunique() < 2:
            continue
        rules.append(
            _with_description(
                {
                    "kind": "range",
                    "column": spec.name,
                    "min": _plain(values.min()),
                    "max": _plain(values.max()),
                }
            )
        )
    for spec in numbers:
        step = _proposed_step(real[spec.name].dropna())
        if step is not None:
            rules.append(
                _with_description({"kind": "step", "column": spec.name, "step": step})
            )
    for kind in (Kind.NUMERIC, Kind.DATETIME):
        same = [spec.name for spec in learned if spec.kind == kind]
        for index, first in enumerate(same):
            for second in same[index + 1 :]:
                for low, high in ((first, second), (second, first)):
                    if _always_ordered(real[low], real[high]):
                        rules.append(
                            _with_description({"kind": "order", "columns": [low, high]})
                        )
    return rules


def _with_description(rule: dict) -> dict:
    rule["description"] = describe_rule(rule)
    return rule


def _plain(value):
    """Convert a NumPy number to a Python int or float for JSON."""
    value = float(value)
    return int(value) if value == round(value) else value


def _proposed_step(values: pd.Series):
    if len(values) < MIN_RULE_ROWS or values.nunique() < MIN_STEP_VALUES:
        return None
    for step in STEP_CANDIDATES:
        if np.all(np.isclose(np.mod(values.to_numpy(dtype=float), step), 0)):
            return step
    return None


def _always_ordered(low: pd.Series, high: pd.Series) -> bool:
    both = low.notna() & high.notna()
    if both.sum() < MIN_RULE_ROWS:
        return False
    low, high = low[both], high[both]
    if not (low <= high).all() or (low == high).all():
        return False
    return bool(low.max() > high.min())


def parse_rule(text: str) -> dict:
    """Parse a rule written as ``A<=B``, ``A>=B``, ``A<=N``, ``A>=N`` or ``A%N``.

    A right side that reads as a number is a bound; otherwise it names a
    column. ``A%100`` means whole steps of 100.
    """
    match = re.fullmatch(r"\s*(.+?)\s*(<=|>=|%)\s*(.+?)\s*", text or "")
    if not match:
        raise InputError(
            f"The rule {text!r} could not be read.",
            "Write COL1<=COL2, COL>=NUMBER, COL<=NUMBER or COL%STEP.",
        )
    left, operator, right = match.groups()
    number = _to_number(right)
    if operator == "%":
        if number is None:
            raise InputError(
                f"The step in {text!r} is not a number.", "Write it as COL%100."
            )
        return _with_description({"kind": "step", "column": left, "step": number})
    if number is not None:
        bound = "max" if operator == "<=" else "min"
        rule = {"kind": "range", "column": left, "min": None, "max": None}
        rule[bound] = number
        return _with_description(rule)
    columns = [left, right] if operator == "<=" else [right, left]
    return _with_description({"kind": "order", "columns": columns})


def _to_number(text: str):
    try:
        return _plain(float(text))
    except ValueError:
        return None


def _merge_ranges(rules: list[dict]) -> dict[str, tuple]:
    """Return the tightest minimum and maximum per column over all range rules."""
    bounds: dict[str, list] = {}
    for rule in rules:
        if rule["kind"] != "range":
            continue
        low, high = bounds.setdefault(rule["column"], [None, None])
        if rule.get("min") is not None:
            low = rule["min"] if low is None else max(low, rule["min"])
        if rule.get("max") is not None:
            high = rule["max"] if high is None else min(high, rule["max"])
        bounds[rule["column"]] = [low, high]
    return {name: tuple(pair) for name, pair in bounds.items()}


def apply_fixes(
    frame: pd.DataFrame, rules: list[dict], specs: list[ColumnSpec]
) -> pd.DataFrame:
    """Clip values to range rules and round them to step rules.

    Columns in order rules are rounded to their written decimals first, so
    the rounding on output cannot break an order that held before.
    """
    if not rules:
        return frame
    frame = frame.copy()
    ranges = _merge_ranges(rules)
    steps = {
        rule["column"]: float(rule["step"]) for rule in rules if rule["kind"] == "step"
    }
    for name, (low, high) in ranges.items():
        frame[name] = frame[name].clip(lower=low, upper=high)
    for name, step in steps.items():
        values = (frame[name] / step).round() * step
        low, high = ranges.get(name, (None, None))
        if low is not None:
            values = values.where(values.isna() | (values >= low), values + step)
        if high is not None:
            values = values.where(values.isna() | (values <= high), values - step)
        frame[name] = values
    by_name = {spec.name: spec for spec in specs}
    ordered = {
        name
        for rule in rules
        if rule["kind"] == "order"
        for name in rule["columns"]
        if by_name.get(name) is not None and by_name[name].kind == Kind.NUMERIC
    }
    for name in ordered - set(steps):
        spec = by_name[name]
        frame[name] = frame[name].round(0 if spec.integer else spec.decimals)
    return frame


# --- Row filter ----------------------------------------------------------------


class RowFilter:
    """Decide which sampled rows meet the forbidden, seen and order controls."""

    def __init__(self, real: pd.DataFrame, control: dict):
        self.forbid = control.get("forbid") or []
        self.orders = [
            rule["columns"]
            for rule in control.get("rules") or []
            if rule["kind"] == "order"
        ]
        self.seen = [
            (columns, set(_group_keys(real, columns)))
            for columns in control.get("only_seen") or []
        ]

    def valid(self, frame: pd.DataFrame) -> pd.Series:
        """Return a mask of the rows that break no control."""
        keep = pd.Series(True, index=frame.index)
        for combination in self.forbid:
            matched = pd.Series(True, index=frame.index)
            for name, value in combination.items():
                matched &= _equals(frame[name], value)
            keep &= ~matched
        for columns, seen in self.seen:
            keep &= _group_keys(frame, columns).isin(seen)
        for low, high in self.orders:
            broken = (
                frame[low].notna() & frame[high].notna() & (frame[low] > frame[high])
            )
            keep &= ~broken
        return keep


# --- Sampling -------------------------------------------------------------------


def target_counts(balance: dict, rows: int) -> dict[tuple, int]:
    """Split ``rows`` over the balance groups by largest remainder, exactly."""
    columns = balance["columns"]
    keys = [
        tuple(label(item["values"][name]) for name in columns)
        for item in balance["shares"]
    ]
    exact = np.array([item["share"] for item in balance["shares"]], dtype=float)
    exact = exact / exact.sum() * rows
    counts = np.floor(exact).astype(int)
    remainder = rows - counts.sum()
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:remainder]] += 1
    return dict(zip(keys, counts.tolist(), strict=True))


def batch_seed(seed: int, batch: int) -> int:
    """Return the seed of redraw ``batch``. Batch 0 keeps the run's own seed."""
    if batch == 0:
        return seed
    return int(np.random.SeedSequence([seed % 2**32, batch]).generate_state(1)[0])


def sample_controlled(
    generator,
    rows: int,
    control: dict,
    real: pd.DataFrame,
    specs: list[ColumnSpec],
    seed: int,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Draw ``rows`` rows from a fitted generator that meet every control.

    ``generator.sample`` must draw with ``generator.seed``, as every
    generator in ``generators`` does: each redraw batch sets its own seed
    from ``batch_seed`` and restores the original afterwards. Raises
    ``ControlError`` when ``MAX_DRAW_FACTOR`` times ``rows`` drawn rows (at
    least ``MIN_DRAW_ROWS``) are not enough.
    """
    progress = progress or Progress()
    rules = control.get("rules") or []
    row_filter = RowFilter(real, control)
    balance = control.get("balance")
    if balance:
        needed = target_counts(balance, rows)
        columns = balance["columns"]
        real_keys = _group_keys(real, columns).value_counts(normalize=True)
        first = max(
            count / rows / max(float(real_keys.get(key, 0.0)), 1e-9)
            for key, count in needed.items()
            if count
        )
        size = math.ceil(rows * min(first * 1.1, MAX_DRAW_FACTOR))
    else:
        needed = {(): rows}
        columns = []
        size = rows
    wanted = dict(needed)
    accepted = dict.fromkeys(needed, 0)
    group_index = {key: index for index, key in enumerate(needed)}
    cap = max(MAX_DRAW_FACTOR * rows, MIN_DRAW_ROWS)
    drawn, batch, parts = 0, 0, []
    original_seed = generator.seed
    try:
        while any(needed.values()):
            size = max(min(size, cap - drawn, MAX_BATCH_ROWS), 0)
            if size == 0:
                raise _shortfall(needed, wanted, columns, drawn)
            generator.seed = batch_seed(seed, batch)
            frame = generator.sample(size, Progress())
            drawn += size
            batch += 1
            frame = apply_fixes(frame.reset_index(drop=True), rules, specs)
            frame = frame[row_filter.valid(frame)].reset_index(drop=True)
            if columns:
                codes = _group_keys(frame, columns).map(group_index).to_numpy()
            else:
                codes = np.zeros(len(frame))
            take = np.zeros(len(frame), dtype=bool)
            for key, index in group_index.items():
                rows_in_group = np.flatnonzero(codes == index)
                accepted[key] += len(rows_in_group)
                chosen = rows_in_group[: needed[key]]
                take[chosen] = True
                needed[key] -= len(chosen)
            parts.append(frame[take])
            left = sum(needed.values())
            progress.report(1 - left / rows, f"Made {rows - left:,} of {rows:,} rows")
            size = _next_batch_size(needed, accepted, drawn)
    finally:
        generator.seed = original_seed
    log.info("Drew %s rows in %s batch(es) for %s controlled rows", drawn, batch, rows)
    output = pd.concat(parts).reset_index(drop=True)
    if batch > 1:
        # Later batches hold only the groups still short; shuffling spreads
        # them over the table so the row order says nothing about the group.
        order = np.random.default_rng(seed).permutation(len(output))
        output = output.iloc[order].reset_index(drop=True)
    progress.report(1.0, f"Made {rows:,} rows")
    return output


def _next_batch_size(needed: dict, accepted: dict, drawn: int) -> int:
    """Rows to draw next: enough for the slowest group at its observed rate."""
    sizes = []
    for key, count in needed.items():
        if not count:
            continue
        rate = accepted[key] / drawn if drawn else 0.0
        sizes.append(MAX_BATCH_ROWS if rate == 0 else count / rate * 1.2)
    if not sizes:
        return 0
    return max(int(math.ceil(max(sizes))), MIN_BATCH_ROWS)


def _shortfall(needed: dict, wanted: dict, columns: list[str], drawn: int):
    short = [(key, count) for key, count in needed.items() if count]
    if columns:
        what = "; ".join(
            f"{_describe_key(columns, key)}: {wanted[key] - count:,} of {wanted[key]:,}"
            for key, count in short
        )
        headline = (
            f"The generator did not make enough rows for the requested mix after "
            f"{drawn:,} tries ({what})."
        )
    else:
        total = sum(count for _, count in short)
        headline = (
            f"The generator made too few rows that meet the forbidden combinations "
            f"and rules: {total:,} rows were still missing after {drawn:,} tries."
        )
    return ControlError(
        headline,
        "Relax the rules or forbidden combinations, lower the requested shares, "
        "or choose a generator that keeps combinations, such as CART.",
    )


# --- Review ----------------------------------------------------------------------


def review_control(
    real: pd.DataFrame, synthetic: pd.DataFrame, control: dict | None, findings: list
) -> tuple[list, list[dict]]:
    """Return the findings without those the control explains, and its intended changes.

    Mix warnings on a rebalanced column are dropped, and so are those on
    other category columns, because the new mix changes them too; a
    ``rebalance_side_effect`` finding takes their place where a column's
    share moved more than the new mix explains. Each intended change is a
    dict with ``kind`` (``rebalanced``, ``forbidden``, ``only_seen`` or
    ``rule``), ``severity`` "low", ``columns`` and a ``message``.
    """
    if not is_active(control):
        return findings, []
    from synthdesk.core.evaluation.warnings import Finding

    intended: list[dict] = []
    balance = control.get("balance")
    if balance:
        findings = [
            finding
            for finding in findings
            if not _explained_by_mix(finding, balance["columns"], real)
        ]
        intended.append(_rebalanced_entry(synthetic, balance))
        findings += [
            Finding(
                kind="rebalance_side_effect",
                severity="medium",
                columns=[item["column"]],
                values={item["column"]: item["value"]},
                synthetic_count=item["synthetic_count"],
                expected_count=item["expected_count"],
                impact=abs(item["synthetic_count"] - item["expected_count"]),
                message=item["message"],
                plot={"type": "column", "columns": [item["column"]]},
            )
            for item in side_effects(real, synthetic, balance)
        ]
    for combination in control.get("forbid") or []:
        intended.append(_forbidden_entry(real, synthetic, combination))
    for columns in control.get("only_seen") or []:
        intended.append(_only_seen_entry(real, synthetic, columns))
    for rule in control.get("rules") or []:
        intended.append(_rule_entry(synthetic, rule))
    return findings, intended


def _explained_by_mix(finding, balanced: list[str], real: pd.DataFrame) -> bool:
    """Whether a column warning only restates the requested change of mix.

    Every mix warning on a rebalanced column is requested. On other category
    columns the new mix moves the shares too, so ``side_effects`` checks them
    against the reweighted real shares instead; a value that vanished there
    still keeps its warning.
    """
    if finding.kind not in MIX_KINDS:
        return False
    name = finding.columns[0]
    if name in balanced:
        return True
    return finding.kind != "category_missing" and _categorical(real, name)


def _categorical(frame: pd.DataFrame, name: str) -> bool:
    return name in frame and not (
        pd.api.types.is_numeric_dtype(frame[name])
        or pd.api.types.is_datetime64_any_dtype(frame[name])
    )


def achieved_shares(synthetic: pd.DataFrame, balance: dict) -> list[dict]:
    """Return every balance group's requested and achieved share of ``synthetic``."""
    columns = balance["columns"]
    keys = _group_keys(synthetic, columns).value_counts(normalize=True)
    return [
        {
            "values": item["values"],
            "requested": item["share"],
            "achieved": float(
                keys.get(tuple(label(item["values"][name]) for name in columns), 0.0)
            ),
        }
        for item in balance["shares"]
    ]


def _rebalanced_entry(synthetic: pd.DataFrame, balance: dict) -> dict:
    shares = achieved_shares(synthetic, balance)
    columns = balance["columns"]
    preset = {
        "real": "the real shares, met exactly",
        "equal": "equal shares",
        "custom": "chosen shares",
    }[balance["preset"]]
    listed = "; ".join(
        f"{_group_text(columns, item['values'])}: {item['requested']:.1%} requested, "
        f"{item['achieved']:.1%} made"
        for item in shares
    )
    return {
        "kind": "rebalanced",
        "severity": "low",
        "columns": list(columns),
        "shares": shares,
        "message": (
            f"'{' x '.join(columns)}' was rebalanced on purpose to {preset} ({listed}). "
            "Counts by this column show the requested mix, not the real one; "
            "weight the rows back to the real shares for estimates about the "
            "real population."
        ),
    }


def _group_text(columns: list[str], values: dict) -> str:
    return " with ".join(
        "(empty)" if values[name] is None else str(values[name]) for name in columns
    )


def _forbidden_entry(real, synthetic, combination: dict) -> dict:
    def matches(frame):
        hit = pd.Series(True, index=frame.index)
        for name, value in combination.items():
            hit &= _equals(frame[name], value)
        return int(hit.sum())

    text = " with ".join(f"{name} = {value}" for name, value in combination.items())
    synthetic_count, real_count = matches(synthetic), matches(real)
    return {
        "kind": "forbidden",
        "severity": "low",
        "columns": list(combination),
        "synthetic_count": synthetic_count,
        "message": (
            f"The combination {text} was forbidden: {synthetic_count:,} synthetic "
            f"rows hold it ({real_count:,} real row{'' if real_count == 1 else 's'} "
            f"{'does' if real_count == 1 else 'do'})."
        ),
    }


def _only_seen_entry(real, synthetic, columns: list[str]) -> dict:
    seen = set(_group_keys(real, columns))
    unseen = int((~_group_keys(synthetic, columns).isin(seen)).sum())
    return {
        "kind": "only_seen",
        "severity": "low",
        "columns": list(columns),
        "synthetic_count": unseen,
        "message": (
            f"Only combinations of {', '.join(columns)} that occur in the real data "
            f"were allowed: {unseen:,} synthetic rows hold another combination."
        ),
    }


def _rule_entry(synthetic: pd.DataFrame, rule: dict) -> dict:
    broken = int((~rule_mask(synthetic, rule)).sum())
    columns = rule["columns"] if rule["kind"] == "order" else [rule["column"]]
    return {
        "kind": "rule",
        "severity": "low",
        "columns": list(columns),
        "synthetic_count": broken,
        "message": f"Rule: {describe_rule(rule)} {broken:,} synthetic rows break it.",
    }


def rule_mask(frame: pd.DataFrame, rule: dict) -> pd.Series:
    """Return a mask of the rows that obey ``rule``; empty cells obey every rule."""
    if rule["kind"] == "order":
        low, high = (frame[name] for name in rule["columns"])
        return low.isna() | high.isna() | (low <= high)
    values = frame[rule["column"]]
    if rule["kind"] == "range":
        keep = pd.Series(True, index=frame.index)
        if rule.get("min") is not None:
            keep &= values.isna() | (values >= rule["min"])
        if rule.get("max") is not None:
            keep &= values.isna() | (values <= rule["max"])
        return keep
    step = float(rule["step"])
    return values.isna() | pd.Series(
        np.isclose(np.mod(values.fillna(0).to_numpy(dtype=float), step), 0)
        | np.isclose(np.mod(values.fillna(0).to_numpy(dtype=float), step), step),
        index=frame.index,
    )


def side_effects(
    real: pd.DataFrame, synthetic: pd.DataFrame, balance: dict
) -> list[dict]:
    """Find category values whose share moved beyond what the new mix explains.

    The share the new mix explains is the real share reweighted to the
    requested mix: the sum over balance groups of the requested share times
    the value's share within the group in the real data. A value is
    reported when the synthetic share differs from it by at least
    ``SIDE_EFFECT_POINTS`` and a binomial test puts the difference beyond
    chance (p below 1e-4, as for medium column warnings).
    """
    from scipy.special import bdtr, bdtrc

    columns = balance["columns"]
    real_keys = _group_keys(real, columns)
    weights = {
        tuple(label(item["values"][name]) for name in columns): item["share"]
        for item in balance["shares"]
    }
    n = len(synthetic)
    found = []
    for name in real.columns:
        if name in columns or name not in synthetic or not _categorical(real, name):
            continue
        real_values = _labels(real[name])
        expected = pd.Series(0.0, dtype=float)
        for key, weight in weights.items():
            within = real_values[real_keys == key].value_counts(normalize=True)
            expected = expected.add(within * weight, fill_value=0.0)
        made = _labels(synthetic[name]).value_counts()
        for value, share in expected.items():
            count = int(made.get(value, 0))
            if abs(count / n - share) < SIDE_EFFECT_POINTS:
                continue
            p = (
                bdtrc(count - 1, n, share)
                if count / n > share
                else bdtr(count, n, share)
            )
            if p >= 1e-4:
                continue
            found.append(
                {
                    "column": name,
                    "value": value,
                    "synthetic_count": count,
                    "expected_count": round(share * n, 1),
                    "message": (
                        f"The value '{value}' in '{name}' makes up {count / n:.1%} of "
                        f"the synthetic rows, but the requested mix of "
                        f"'{' x '.join(columns)}' explains {share:.1%}. The "
                        f"rebalancing changed '{name}' beyond the new mix; check "
                        f"results by '{name}' against the real data."
                    ),
                }
            )
    return found


# --- Text for the README ---------------------------------------------------------


def describe_rebalancing(control: dict | None, synthetic: pd.DataFrame | None) -> str:
    """Return the README's sentence on rebalancing, or "" when none was asked."""
    balance = (control or {}).get("balance")
    if not balance:
        return ""
    columns = balance["columns"]
    if synthetic is not None and set(columns) <= set(synthetic.columns):
        shares = achieved_shares(synthetic, balance)
    else:
        shares = [
            {"values": item["values"], "requested": item["share"], "achieved": None}
            for item in balance["shares"]
        ]
    listed = "; ".join(
        f"{_group_text(columns, item['values'])} {item['requested']:.1%}"
        + (f" (made {item['achieved']:.1%})" if item["achieved"] is not None else "")
        for item in shares
    )
    preset = {
        "real": "as in the real data",
        "equal": "equal shares",
        "custom": "chosen shares",
    }
    return (
        f"Yes, on purpose: `{'` x `'.join(columns)}` was set to "
        f"{preset[balance['preset']]}: {listed}. Counts by this column show the "
        "requested mix, not the real one."
    )


def describe_output_rules(control: dict | None) -> str:
    """Return the README's sentence on forbidden combinations and rules, or ""."""
    control = control or {}
    parts = []
    for combination in control.get("forbid") or []:
        text = " with ".join(f"{name} = {value}" for name, value in combination.items())
        parts.append(f"forbidden: {text}")
    for columns in control.get("only_seen") or []:
        parts.append(
            f"only combinations of {', '.join(columns)} that occur in the real data"
        )
    for rule in control.get("rules") or []:
        parts.append(f"rule: {describe_rule(rule)}")
    if not parts:
        return ""
    return (
        "Rows that broke these were redrawn (minimum, maximum and steps were "
        "applied by clipping and rounding): " + "; ".join(parts) + "."
    )


# --- Command line ------------------------------------------------------------------


def add_control_options(parser) -> None:
    """Add the rebalancing, forbid, only-seen and rule options to ``parser``."""
    parser.add_argument(
        "--balance",
        metavar="COLUMN=SHARES",
        help="rebalance a category column: COLUMN=equal, COLUMN=real, or "
        "COLUMN=VALUE:SHARE,VALUE:SHARE with shares as fractions (0.5) or "
        "percentages (50%%); unlisted values split the rest as in the real data. "
        "Two columns take COL1,COL2=equal or COL1,COL2=real",
    )
    parser.add_argument(
        "--forbid",
        action="append",
        default=[],
        metavar="COL=VALUE&COL=VALUE",
        help="forbid rows that hold all these values (repeatable)",
    )
    parser.add_argument(
        "--only-seen-combinations",
        action="append",
        default=[],
        metavar="COL1,COL2[,COL3]",
        help="allow only combinations of these category columns that occur in the "
        "real data (repeatable)",
    )
    parser.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="RULE",
        help="a rule every row obeys (repeatable): COL1<=COL2, COL>=NUMBER, "
        "COL<=NUMBER, or COL%%STEP for whole steps such as COL%%100",
    )


def control_from_options(args) -> dict:
    """Return ``Settings.control`` from the options of ``add_control_options``."""
    control: dict = {}
    if args.balance:
        control["balance"] = parse_balance(args.balance)
    if args.forbid:
        control["forbid"] = [parse_forbid(text) for text in args.forbid]
    if args.only_seen_combinations:
        control["only_seen"] = [
            [name.strip() for name in text.split(",") if name.strip()]
            for text in args.only_seen_combinations
        ]
    if args.rule:
        control["rules"] = [parse_rule(text) for text in args.rule]
    return control


def parse_balance(text: str) -> dict:
    """Parse ``COLUMN=equal``, ``COLUMN=real`` or ``COLUMN=VALUE:SHARE,...``."""
    columns_text, separator, shares_text = (text or "").partition("=")
    columns = [name.strip() for name in columns_text.split(",") if name.strip()]
    shares_text = shares_text.strip()
    if not separator or not columns or not shares_text:
        raise InputError(
            f"--balance {text!r} could not be read.",
            "Write COLUMN=equal, COLUMN=real or COLUMN=VALUE:SHARE,VALUE:SHARE.",
        )
    if shares_text.lower() in ("equal", "real"):
        return {"columns": columns, "preset": shares_text.lower()}
    if len(columns) != 1:
        raise InputError(
            f"--balance {text!r} gives shares for two columns.",
            "Give shares for one column, or use equal or real for two columns.",
        )
    shares = []
    for item in shares_text.split(","):
        value, colon, share_text = item.rpartition(":")
        share = _parse_share(share_text) if colon else None
        if not value or share is None:
            raise InputError(
                f"The share {item!r} in --balance could not be read.",
                "Write VALUE:SHARE, such as Female:0.5 or Female:50%.",
            )
        shares.append({"values": {columns[0]: value}, "share": share})
    return {"columns": columns, "preset": "custom", "shares": shares}


def _parse_share(text: str) -> float | None:
    text = text.strip()
    try:
        if text.endswith("%"):
            return float(text[:-1]) / 100
        return float(text)
    except ValueError:
        return None


def parse_forbid(text: str) -> dict:
    """Parse ``COL=VALUE&COL=VALUE`` into a forbidden combination."""
    combination = {}
    for part in (text or "").split("&"):
        name, separator, value = part.partition("=")
        if not separator or not name.strip():
            raise InputError(
                f"--forbid {text!r} could not be read.",
                'Write COLUMN=VALUE&COLUMN=VALUE, such as "relationship=Husband&sex=Female".',
            )
        combination[name.strip()] = value.strip()
    return combination
