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
    # Whether params may give "minutes" (a time budget) in place of "epochs";
    # fit then measures the time per epoch and records the chosen "epochs".
    supports_minutes: bool = False

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
            good_at="A fast first look at any size of table; keeps the rough "
            "shape of most columns.",
            gets_wrong="Misses rules between categories, so it can invent "
            "impossible combinations such as a female husband, and smooths "
            "columns that are mostly zero (such as capital gains).",
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
            supports_minutes=True,
        ),
        GeneratorInfo(
            name="tvae",
            label="Neural network (TVAE)",
            family="Variational autoencoder (TVAE): a neural network that squeezes "
            "each row into a few numbers and learns to rebuild rows from them",
            summary="A neural network that learns a compact code for rows, then "
            "makes new rows from new codes.",
            good_at="Often fits better than CTGAN in the same time; learns mixes "
            "of numbers and categories.",
            gets_wrong="Tends to smooth away rare values and unusual "
            "combinations; needs many passes on small tables.",
            speed="Faster than CTGAN per pass; minutes on a laptop for tens of "
            "thousands of rows.",
            module="synthdesk.core.generators.sdv_models",
            class_name="TVAEGenerator",
            parameters=(
                Parameter("epochs", "Training passes", 30, 1, 1000, _EPOCHS_HELP),
            ),
            neural=True,
            supports_minutes=True,
        ),
        GeneratorInfo(
            name="copulagan",
            label="Neural network on a copula (CopulaGAN)",
            family="CopulaGAN: a Gaussian copula reshapes each number column, then "
            "a CTGAN network learns the rows",
            summary="Like CTGAN, but each number column is first reshaped to a bell "
            "curve, which helps with skewed numbers.",
            good_at="Skewed or bounded numbers such as incomes and ages, together "
            "with categories.",
            gets_wrong="As slow as CTGAN or slower; with few passes it fits poorly "
            "and rare values vanish.",
            speed="Minutes to an hour; preparing the numbers alone can take a "
            "minute on large tables.",
            module="synthdesk.core.generators.sdv_models",
            class_name="CopulaGANGenerator",
            parameters=(
                Parameter("epochs", "Training passes", 30, 1, 1000, _EPOCHS_HELP),
            ),
            neural=True,
            supports_minutes=True,
        ),
        GeneratorInfo(
            name="cart",
            label="Decision trees (CART), keeps combinations",
            family="Sequential decision trees (CART), the method statistics "
            "offices use for synthetic microdata, as in the R package synthpop",
            summary="Makes one column at a time: each value is drawn from real "
            "people who share the values already made for that row.",
            good_at="Keeps rules between columns, so impossible combinations "
            "such as a female husband stay (almost) absent. Fast.",
            gets_wrong="Only produces values that occur in the real data, and "
            "with small groups a synthetic row can equal a real one; raise the "
            "minimum group size for more privacy.",
            speed="Seconds to a minute.",
            module="synthdesk.core.generators.cart",
            class_name="CARTGenerator",
            parameters=(
                Parameter(
                    "min_leaf",
                    "Minimum group size",
                    5,
                    1,
                    1000,
                    "The fewest real rows a value is drawn from. Larger groups "
                    "protect people better and follow the data less closely.",
                ),
            ),
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
    """Create a generator of family ``name``; imports its libraries on first use.

    ``params`` is kept by reference: when it gives ``minutes``, ``fit``
    replaces that entry in this same dict by the ``epochs`` it chose, so
    settings that hold the dict record a run that repeats exactly.
    """
    info = generator_info(name)
    module = importlib.import_module(info.module)
    settings = info.defaults()
    settings.update(params or {})
    if settings.get("minutes") is not None and not info.supports_minutes:
        raise ValueError(
            f"Generator {name!r} takes no time budget in minutes; set its "
            "parameters instead."
        )
    generator = getattr(module, info.class_name)(seed=seed, **settings)
    if params is not None:
        generator.recorded_params = params
    return generator
