"""The generator protocol and the registry of generator families.

This module is imported by the GUI, so it must not import SDV or torch; each
family's module is imported only when a generator is created.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from synthdesk.core.columns import ColumnSpec
from synthdesk.core.progress import Progress


class Generator(Protocol):
    """Learns a table and draws new rows from what it learned."""

    def fit(
        self, data: pd.DataFrame, specs: list[ColumnSpec], progress: Progress
    ) -> None:
        """Learn ``data``: only learned columns, typed by ``to_model_frame``."""

    def sample(self, rows: int, progress: Progress) -> pd.DataFrame:
        """Draw ``rows`` new rows with the same columns as the fitted data."""


@dataclass(frozen=True)
class Parameter:
    """A setting the user may change, with its default and bounds."""

    name: str
    label: str
    default: int
    minimum: int
    maximum: int
    help: str


@dataclass(frozen=True)
class GeneratorInfo:
    """A generator family as the user sees it on the generator page."""

    name: str
    label: str
    family: str
    summary: str
    good_at: str
    gets_wrong: str
    speed: str
    module: str
    class_name: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)
    neural: bool = False

    def defaults(self) -> dict[str, int]:
        return {parameter.name: parameter.default for parameter in self.parameters}


_EPOCHS_HELP = (
    "How many passes over the data the network makes while learning. More "
    "passes take longer and usually fit better."
)

GENERATORS: dict[str, GeneratorInfo] = {
    info.name: info
    for info in [
        GeneratorInfo(
            name="gaussian_copula",
            label="Fast statistical model (Gaussian copula)",
            family="Gaussian copula: a statistical model of each column's "
            "distribution and of the correlations between columns",
            summary="Learns each column's spread of values and how columns move "
            "together.",
            good_at="Keeps each column's distribution; fast on any size.",
            gets_wrong="Misses rules between categories, so it can invent "
            "impossible combinations such as a female husband.",
            speed="Seconds to a minute.",
            module="synthdesk.core.generators.sdv_models",
            class_name="GaussianCopulaGenerator",
        ),
        GeneratorInfo(
            name="ctgan",
            label="Neural network (CTGAN)",
            family="Generative adversarial network (CTGAN): two neural networks, "
            "one making rows and one judging them",
            summary="A neural network that learns to make rows which another "
            "network cannot tell from real ones.",
            good_at="Can learn unusual shapes and mixes of categories.",
            gets_wrong="Slow; with few passes it fits poorly; rare values often "
            "vanish.",
            speed="Minutes to an hour, depending on passes and rows.",
            module="synthdesk.core.generators.sdv_models",
            class_name="CTGANGenerator",
            parameters=(
                Parameter("epochs", "Training passes", 30, 1, 1000, _EPOCHS_HELP),
            ),
            neural=True,
        ),
    ]
}


def generator_info(name: str) -> GeneratorInfo:
    try:
        return GENERATORS[name]
    except KeyError:
        known = ", ".join(GENERATORS)
        raise ValueError(
            f"Unknown generator {name!r}; choose one of: {known}."
        ) from None


def create_generator(name: str, seed: int, params: dict | None = None) -> Generator:
    """Create a generator of family ``name``; imports its libraries on first use."""
    info = generator_info(name)
    module = importlib.import_module(info.module)
    settings = info.defaults()
    settings.update(params or {})
    return getattr(module, info.class_name)(seed=seed, **settings)
