"""Generators built on SDV's single-table synthesizers.

SDV seeds only its samplers, so fitting is seeded here: Python's, NumPy's and
torch's generators are set before ``fit`` and torch uses a fixed number of
threads, which makes a fit on the same data byte-for-byte repeatable on the
same machine type.
"""

from __future__ import annotations

import contextlib
import logging
import random
import time
import warnings

import numpy as np
import pandas as pd

from synthdesk.core.columns import ColumnSpec, Kind
from synthdesk.core.generators.estimate import format_time_left
from synthdesk.core.progress import Progress

log = logging.getLogger(__name__)

TABLE_NAME = "table"
TORCH_THREADS = 2


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and torch, and fix torch's thread count."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(TORCH_THREADS)


def build_metadata(data: pd.DataFrame, specs: list[ColumnSpec]):
    """Build SDV metadata from the user's column kinds, with no primary key.

    SDV's own detection picks any all-distinct column as the table key and
    regenerates it at random, so it is never used.
    """
    from sdv.metadata import Metadata

    columns = {}
    for spec in specs:
        if spec.name not in data.columns:
            continue
        if spec.kind == Kind.NUMERIC:
            columns[spec.name] = {"sdtype": "numerical"}
        elif spec.kind == Kind.DATETIME:
            columns[spec.name] = {"sdtype": "datetime"}
        else:
            columns[spec.name] = {"sdtype": "categorical"}
    return Metadata.load_from_dict(
        {"tables": {TABLE_NAME: {"columns": columns}}}, single_table_name=TABLE_NAME
    )


class _EpochCounter:
    """Stand-in for tqdm in SDV's neural models: times and reports each epoch."""

    def __init__(self, iterable, progress: Progress, total: int, timings: dict):
        self._iterable = iterable
        self._progress = progress
        self._total = total
        self._timings = timings
        self.description = ""

    def __iter__(self):
        clock = time.perf_counter()
        self._timings["loop_start"] = clock
        epochs = self._timings.setdefault("epochs", [])
        for index, item in enumerate(self._iterable):
            yield item
            now = time.perf_counter()
            epochs.append(now - clock)
            clock = now
            done = index + 1
            left = (self._total - done) * _typical_epoch(epochs)
            message = f"Training pass {done} of {self._total}"
            if done < self._total:
                message += f", {format_time_left(left)}"
            self._progress.report(done / self._total, message)

    def set_description(self, text: str) -> None:
        self.description = text


def _typical_epoch(durations: list[float]) -> float:
    """Seconds per epoch, leaving out the first epoch once later ones exist."""
    later = durations[1:] or durations
    return sum(later) / len(later)


@contextlib.contextmanager
def _epoch_progress(progress: Progress, timings: dict):
    """Route the epoch loops of ctgan's CTGAN and TVAE to ``progress``.

    CopulaGAN runs CTGAN's loop, so the ``ctgan`` module's patch covers it.
    """
    from ctgan.synthesizers import ctgan as ctgan_module
    from ctgan.synthesizers import tvae as tvae_module

    def counter(iterable, disable=False, **_):
        return _EpochCounter(iterable, progress, len(iterable), timings)

    saved = ctgan_module.tqdm, tvae_module.tqdm
    ctgan_module.tqdm = tvae_module.tqdm = counter
    try:
        yield
    finally:
        ctgan_module.tqdm, tvae_module.tqdm = saved


class SDVGenerator:
    """Common fit and sample steps around one SDV synthesizer class."""

    synthesizer_path = ""

    def __init__(self, seed: int, **params):
        self.seed = seed
        self.params = params
        # The caller's params dict (see ``create_generator``); None when absent.
        self.recorded_params: dict | None = None
        # Seconds spent before the epoch loop ("prepare") and per epoch.
        self.timings: dict = {}
        self._synthesizer = None

    def _create(self, metadata):
        module_name, class_name = self.synthesizer_path.rsplit(".", 1)
        module = __import__(module_name, fromlist=[class_name])
        return getattr(module, class_name)(metadata, **self._synthesizer_params())

    def _synthesizer_params(self) -> dict:
        return {}

    def fit(
        self, data: pd.DataFrame, specs: list[ColumnSpec], progress: Progress
    ) -> None:
        progress.report(0.0, "Preparing the data")
        seed_everything(self.seed)
        metadata = build_metadata(data, specs)
        self._synthesizer = self._create(metadata)
        progress.report(0.05, "Learning the data")
        self.timings = {"epochs": []}
        clock = time.perf_counter()
        with (
            warnings.catch_warnings(),
            _epoch_progress(progress.span(0.05, 1.0), self.timings),
        ):
            warnings.simplefilter("ignore")
            self._synthesizer.fit({TABLE_NAME: data})
        finished = time.perf_counter()
        loop_start = self.timings.pop("loop_start", finished)
        self.timings["prepare"] = loop_start - clock
        self.timings["fit"] = finished - clock
        progress.report(1.0, "Learned the data")

    def sample(self, rows: int, progress: Progress) -> pd.DataFrame:
        progress.report(0.0, "Making synthetic rows")
        seed_everything(self.seed)
        self._synthesizer._set_random_state(self.seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sampled = self._synthesizer.sample(num_rows=rows, batch_size=rows)
        if isinstance(sampled, dict):  # SDV 2 returns {table name: frame}
            sampled = next(iter(sampled.values()))
        progress.report(1.0, "Made synthetic rows")
        return sampled.reset_index(drop=True)


class GaussianCopulaGenerator(SDVGenerator):
    synthesizer_path = "sdv.single_table.GaussianCopulaSynthesizer"


class NeuralGenerator(SDVGenerator):
    """An SDV neural synthesizer trained for ``epochs``, or for ``minutes``.

    With ``minutes``, ``fit`` first measures the time per epoch on samples of
    the data (see ``estimate.estimate_seconds``) and trains for as many epochs
    as fit the budget, at least one. The chosen count replaces ``minutes`` in
    ``recorded_params``, so a rerun trains exactly as long and repeats.
    """

    def _synthesizer_params(self) -> dict:
        return {"epochs": int(self.params.get("epochs", 300)), "enable_gpu": False}

    def fit(
        self, data: pd.DataFrame, specs: list[ColumnSpec], progress: Progress
    ) -> None:
        minutes = self.params.get("minutes")
        if minutes is not None:
            from synthdesk.core.generators.estimate import estimate_seconds

            estimate = estimate_seconds(
                data,
                specs,
                self.name,
                self.params,
                len(data),
                progress=progress.span(0.0, 0.1),
                fixed_costs_paid=True,
            )
            epochs = estimate["epochs"]
            log.info(
                "A budget of %s minutes gives %s epochs (%.2f s per epoch)",
                minutes,
                epochs,
                estimate["per_epoch"],
            )
            self.params = {
                key: value for key, value in self.params.items() if key != "minutes"
            }
            self.params["epochs"] = epochs
            if self.recorded_params is not None:
                self.recorded_params.pop("minutes", None)
                self.recorded_params["epochs"] = epochs
                self.recorded_params["budget_minutes"] = minutes
            progress = progress.span(0.1, 1.0)
        super().fit(data, specs, progress)


class CTGANGenerator(NeuralGenerator):
    name = "ctgan"
    synthesizer_path = "sdv.single_table.CTGANSynthesizer"


class TVAEGenerator(NeuralGenerator):
    name = "tvae"
    synthesizer_path = "sdv.single_table.TVAESynthesizer"


class CopulaGANGenerator(NeuralGenerator):
    name = "copulagan"
    synthesizer_path = "sdv.single_table.CopulaGANSynthesizer"
