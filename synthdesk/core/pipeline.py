"""The steps from a spreadsheet to an evaluated synthetic table.

One pipeline serves the window, the command line and the tests: ``load``
reads a file and proposes column kinds, ``generate`` fits and samples in the
calling process (the window calls it inside a child process), and
``evaluate_run`` compares the result with the real data.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import sys
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from synthdesk import __version__
from synthdesk.core import columns as cols
from synthdesk.core import control
from synthdesk.core.columns import ColumnSpec, Kind
from synthdesk.core.errors import InputError
from synthdesk.core.generators import create_generator, generator_info
from synthdesk.core.identifiers import fake_columns
from synthdesk.core.io.readers import RawTable, SourceInfo, read_table
from synthdesk.core.privacy_filter import filter_unique_copies
from synthdesk.core.progress import Progress

log = logging.getLogger(__name__)

MIN_ROWS = 20


@dataclass
class Table:
    """A spreadsheet as read, with the user's decision for every column."""

    raw: pd.DataFrame
    source: SourceInfo
    specs: list[ColumnSpec]
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.raw)

    def spec(self, name: str) -> ColumnSpec:
        for spec in self.specs:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def accept_missing_codes(self) -> None:
        """Confirm every proposed missing-value code in every column."""
        for spec in self.specs:
            codes = list(spec.missing_codes)
            codes += [code for code in spec.proposed_missing_codes if code not in codes]
            if codes == spec.missing_codes:
                continue
            spec.missing_codes = codes
            if spec.kind == Kind.NUMERIC:
                cols.refresh_numeric_format(
                    spec,
                    self.raw[spec.name],
                    self.source.decimal,
                    self.source.thousands,
                )

    def model_frame(self) -> pd.DataFrame:
        """The learned columns as typed values."""
        return cols.to_model_frame(
            self.raw, self.specs, self.source.decimal, self.source.thousands
        )


@dataclass
class Settings:
    """What the user chose on the generator page."""

    generator: str = "gaussian_copula"
    rows: int | None = None
    seed: int = 42
    params: dict = field(default_factory=dict)
    # Rebalancing, forbidden combinations and rules: see ``control.py``.
    # ``generate`` replaces it by its resolved form with exact shares.
    control: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = {
            "generator": self.generator,
            "rows": self.rows,
            "seed": self.seed,
            "params": dict(self.params),
        }
        if self.control:
            data["control"] = dict(self.control)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Settings:
        return cls(
            generator=data["generator"],
            rows=data.get("rows"),
            seed=int(data["seed"]),
            params=dict(data.get("params") or {}),
            control=dict(data.get("control") or {}),
        )


@dataclass
class RunResult:
    """A finished run: the synthetic table in output shape and its review."""

    synthetic: pd.DataFrame
    settings: Settings
    started: str
    seconds: dict
    versions: dict
    evaluation: dict | None = None
    privacy_filter: dict | None = None


def table_from_raw(raw: RawTable) -> Table:
    specs = cols.detect_columns(raw.frame, raw.source.decimal, raw.source.thousands)
    return Table(raw=raw.frame, source=raw.source, specs=specs, notes=list(raw.notes))


def load(path: str, sheet: str | None = None, header_row: int | None = None) -> Table:
    """Read a file and propose a kind for every column."""
    return table_from_raw(read_table(path, sheet=sheet, header_row=header_row))


def versions() -> dict:
    """Versions of SynthDesk and the libraries that shape its output."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"synthdesk": __version__, "python": platform.python_version()}
    for package in [
        "sdv",
        "sdmetrics",
        "rdt",
        "ctgan",
        "copulas",
        "torch",
        "numpy",
        "pandas",
        "scikit-learn",
        "scipy",
    ]:
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = None
    found["os"] = f"{platform.system()} {platform.release()} ({platform.machine()})"
    found["processor_count"] = __import__("os").cpu_count()
    return found


def validate(table: Table, settings: Settings) -> None:
    """Raise ``InputError`` when the table or settings cannot give a fair run."""
    generator_info(settings.generator)
    if table.rows < MIN_ROWS:
        raise InputError(
            f"The table has only {table.rows} row(s); SynthDesk needs at least "
            f"{MIN_ROWS} to learn from.",
            "With so few rows every synthetic row would be close to a copy of a "
            "real person. Use a larger table.",
        )
    if not any(spec.learned for spec in table.specs):
        raise InputError(
            "No column is left to learn from.",
            "Include at least one column of numbers, categories or dates.",
        )
    if settings.rows is not None and settings.rows < 1:
        raise InputError("The number of rows must be at least 1.", "")
    if settings.control:
        control.resolve_control(
            table.model_frame(),
            table.specs,
            settings.control,
            settings.rows or table.rows,
        )


def generate(
    table: Table, settings: Settings, progress: Progress | None = None
) -> RunResult:
    """Fit the chosen generator on the table and draw synthetic rows."""
    progress = progress or Progress()
    validate(table, settings)
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    rows = settings.rows or table.rows
    seconds = {}

    progress.report(0.0, "Preparing the data")
    real = table.model_frame()
    generator = create_generator(settings.generator, settings.seed, settings.params)
    clock = time.perf_counter()
    generator.fit(real, table.specs, progress.span(0.02, 0.85))
    seconds["fit"] = round(time.perf_counter() - clock, 2)

    clock = time.perf_counter()
    if control.is_active(settings.control):
        settings.control = control.resolve_control(
            real, table.specs, settings.control, rows
        )
        sampled = control.sample_controlled(
            generator,
            rows,
            settings.control,
            real,
            table.specs,
            settings.seed,
            progress.span(0.85, 0.97),
        )
        privacy_summary = None
    else:
        sampled = generator.sample(rows, progress.span(0.85, 0.95))
        # NOTE: controlled runs skip the filter because redrawn rows would
        # upset the exact shares that balancing promises.
        progress.report(0.96, "Removing copies of unique real rows")
        sampled, privacy_summary = filter_unique_copies(
            table, generator, sampled, rows, settings.seed
        )
    seconds["sample"] = round(time.perf_counter() - clock, 2)

    output = finish_output(table, sampled, len(sampled), settings.seed)
    progress.report(1.0, "Synthetic data ready")
    return RunResult(
        synthetic=output,
        settings=settings,
        started=started,
        seconds=seconds,
        versions=versions(),
        privacy_filter=privacy_summary,
    )


def finish_output(
    table: Table, sampled: pd.DataFrame, rows: int, seed: int
) -> pd.DataFrame:
    """Put sampled columns in output shape and add columns that are not learned."""
    output = cols.to_output_frame(sampled, table.specs, rows)
    rng = np.random.default_rng(seed)
    for spec in table.specs:
        if spec.include and spec.kind == Kind.IDENTIFIER and not spec.is_constant:
            output[spec.name] = cols.fresh_identifiers(
                table.raw[spec.name], spec, rows, rng
            )
    output = output.assign(**fake_columns(table.raw, table.specs, rows, seed))
    order = [spec.name for spec in table.specs if spec.name in output.columns]
    return output[order]


def evaluate_run(
    table: Table,
    synthetic: pd.DataFrame,
    progress: Progress | None = None,
    control: dict | None = None,
) -> dict:
    """Compare the synthetic table with the real one on the learned columns.

    ``control`` is the run's ``Settings.control``: the review then reports
    what it asked for as intended changes, not as warnings.
    """
    from synthdesk.core.evaluation import evaluate

    real = table.model_frame()
    learned = [spec.name for spec in table.specs if spec.learned]
    synthetic_typed = synthetic_model_frame(synthetic, table.specs, learned)
    return evaluate(real, synthetic_typed, table.specs, progress, control=control)


def synthetic_model_frame(
    synthetic: pd.DataFrame, specs: list[ColumnSpec], learned: list[str]
) -> pd.DataFrame:
    """The synthetic learned columns typed like ``Table.model_frame``."""
    typed = {}
    for spec in specs:
        if spec.name not in learned or spec.name not in synthetic:
            continue
        values = synthetic[spec.name]
        if spec.kind == Kind.NUMERIC:
            typed[spec.name] = pd.to_numeric(values, errors="coerce").astype(float)
        elif spec.kind == Kind.DATETIME:
            typed[spec.name] = pd.to_datetime(values, errors="coerce")
        else:
            typed[spec.name] = values.astype(object)
    return pd.DataFrame(typed)


def python_executable() -> str:
    return sys.executable
