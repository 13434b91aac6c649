"""Generators on real data: fit, sample, exact reruns, cancel, time estimates."""

from __future__ import annotations

import copy
import time
import warnings

import numpy as np
import pandas as pd
import pytest

from synthdesk.core import columns as cols
from synthdesk.core import pipeline
from synthdesk.core.columns import Kind
from synthdesk.core.generators import GENERATORS, create_generator
from synthdesk.core.generators.estimate import estimate_seconds
from synthdesk.core.identifiers import fake_columns
from synthdesk.core.progress import Progress

NEURAL = ["ctgan", "tvae", "copulagan"]
ALL = ["gaussian_copula", "cart", *NEURAL]


def subtable(table: pipeline.Table, rows: int, seed: int = 0) -> pipeline.Table:
    """A random sample of ``rows`` rows of ``table`` with copies of its specs."""
    raw = table.raw.sample(rows, random_state=seed).reset_index(drop=True)
    return pipeline.Table(
        raw=raw, source=table.source, specs=copy.deepcopy(table.specs)
    )


def quality(table: pipeline.Table, synthetic: pd.DataFrame) -> float:
    """SDMetrics' QualityReport overall score on the learned columns."""
    from sdmetrics.reports.single_table import QualityReport

    real = table.model_frame()
    typed = pipeline.synthetic_model_frame(synthetic, table.specs, list(real.columns))
    sdtypes = {Kind.NUMERIC: "numerical", Kind.DATETIME: "datetime"}
    metadata = {
        "columns": {
            spec.name: {"sdtype": sdtypes.get(spec.kind, "categorical")}
            for spec in table.specs
            if spec.learned
        }
    }
    report = QualityReport()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report.generate(real, typed[real.columns], metadata, verbose=False)
    return float(report.get_score())


def run_csv(table: pipeline.Table, settings: pipeline.Settings) -> bytes:
    result = pipeline.generate(table, copy.deepcopy(settings))
    return result.synthetic.to_csv(index=False).encode("utf-8")


def small_settings(name: str, seed: int = 7, epochs: int = 1) -> pipeline.Settings:
    params = {"epochs": epochs} if GENERATORS[name].neural else {}
    return pipeline.Settings(generator=name, seed=seed, params=params)


# --- Registry ---------------------------------------------------------------


def test_registry_describes_every_generator():
    assert set(ALL) <= set(GENERATORS)
    for info in GENERATORS.values():
        for text in (
            info.label,
            info.family,
            info.summary,
            info.good_at,
            info.gets_wrong,
            info.speed,
        ):
            assert text.strip(), info.name
        assert info.supports_minutes == info.neural, info.name


def test_registry_rejects_minutes_for_cart():
    with pytest.raises(ValueError, match="minutes"):
        create_generator("cart", 1, {"minutes": 2})


# --- Fit and sample ---------------------------------------------------------


@pytest.mark.slow
def test_cart_full_adult_targets(adult_table):
    settings = pipeline.Settings(generator="cart", seed=11)
    clock = time.perf_counter()
    result = pipeline.generate(adult_table, settings)
    seconds = time.perf_counter() - clock
    synthetic = result.synthetic

    assert len(synthetic) == adult_table.rows
    assert seconds < 60
    husband_female = (synthetic["relationship"] == "Husband") & (
        synthetic["sex"] == "Female"
    )
    assert husband_female.sum() <= 5
    spouse_never_married = synthetic["relationship"].isin(["Husband", "Wife"]) & (
        synthetic["marital-status"] == "Never-married"
    )
    assert spouse_never_married.sum() <= 5
    assert quality(adult_table, synthetic) >= 0.95


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL)
def test_generator_repeats_exactly(adult_table, name):
    table = subtable(adult_table, 1000)
    settings = small_settings(name, epochs=1)
    first = run_csv(table, settings)
    second = run_csv(table, settings)

    synthetic = pd.read_csv(pd.io.common.BytesIO(first))
    assert list(synthetic.columns) == list(adult_table.raw.columns)
    assert len(synthetic) == table.rows
    real_values = set(table.raw["occupation"].dropna())
    assert set(synthetic["occupation"].dropna()) <= real_values
    assert first == second


@pytest.mark.parametrize("name", ["gaussian_copula", "cart"])
def test_generator_seed_changes_output(adult_table, name):
    table = subtable(adult_table, 800)
    assert run_csv(table, small_settings(name, seed=1)) != run_csv(
        table, small_settings(name, seed=2)
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", NEURAL)
def test_neural_reports_passes_and_time_left(adult_table, name):
    table = subtable(adult_table, 600)
    messages = []
    progress = Progress(lambda _, text: messages.append(text), min_interval=0)
    generator = create_generator(name, 3, {"epochs": 3})
    generator.fit(table.model_frame(), table.specs, progress)

    passes = [text for text in messages if text.startswith("Training pass")]
    assert passes[0].startswith("Training pass 1 of 3, ")
    assert passes[0].endswith(" left")
    assert passes[-1] == "Training pass 3 of 3"
    assert len(generator.timings["epochs"]) == 3


def test_cart_reports_each_column(adult_table):
    table = subtable(adult_table, 500)
    fit_messages, sample_messages = [], []
    generator = create_generator("cart", 1)
    generator.fit(
        table.model_frame(),
        table.specs,
        Progress(lambda _, text: fit_messages.append(text), min_interval=0),
    )
    generator.sample(
        100, Progress(lambda _, text: sample_messages.append(text), min_interval=0)
    )

    learned = sum(spec.learned for spec in table.specs)
    for messages in (fit_messages, sample_messages):
        columns = [text for text in messages if text.startswith("Column ")]
        assert len(columns) == learned
        assert columns[0].startswith(f"Column 1 of {learned}: ")
        assert columns[2].startswith(f"Column 3 of {learned}: ")


def test_cart_missing_values_and_datetimes():
    rng = np.random.default_rng(0)
    rows = 600
    group = rng.choice(["a", "b", "c"], size=rows)
    amount = np.where(group == "a", 10.0, 20.0) + rng.normal(size=rows)
    amount[rng.random(rows) < 0.2] = np.nan
    label = pd.Series(rng.choice(["x", "y"], size=rows), dtype=object)
    label[rng.random(rows) < 0.1] = None
    when = pd.Series(
        pd.to_datetime("2020-01-01")
        + pd.to_timedelta(rng.integers(0, 1000, rows), unit="D")
    )
    when[rng.random(rows) < 0.1] = pd.NaT
    data = pd.DataFrame(
        {"group": group, "amount": amount, "label": label, "when": when}
    )
    specs = [
        cols.ColumnSpec("group", Kind.CATEGORICAL),
        cols.ColumnSpec("amount", Kind.NUMERIC),
        cols.ColumnSpec("label", Kind.CATEGORICAL),
        cols.ColumnSpec("when", Kind.DATETIME),
    ]
    generator = create_generator("cart", 5, {"min_leaf": 5})
    generator.fit(data, specs, Progress())
    synthetic = generator.sample(3000, Progress())

    assert list(synthetic.columns) == list(data.columns)
    assert pd.api.types.is_datetime64_any_dtype(synthetic["when"])
    assert set(synthetic["when"].dropna()) <= set(data["when"].dropna())
    assert set(synthetic["amount"].dropna()) <= set(data["amount"].dropna())
    assert abs(synthetic["amount"].isna().mean() - 0.2) < 0.05
    assert abs(synthetic["label"].isna().mean() - 0.1) < 0.05
    assert abs(synthetic["when"].isna().mean() - 0.1) < 0.05
    by_group = synthetic.groupby("group")["amount"].mean()
    assert by_group["a"] < 12
    assert by_group["b"] > 18


# --- Cancel -----------------------------------------------------------------


def _wait_for(job, prefixes: tuple[str, ...], timeout: float) -> list[tuple]:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in job.poll():
            seen.append(message)
            if message[0] == "progress" and message[2].startswith(prefixes):
                return seen
            if message[0] in ("result", "error"):
                return seen
        time.sleep(0.05)
    return seen


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "rows", "params", "prefixes"),
    [
        ("gaussian_copula", None, {}, ("Learning the data",)),
        ("ctgan", 600, {"epochs": 1000}, ("Training pass",)),
        ("cart", None, {}, ("Column ",)),
    ],
)
def test_cancel_stops_fit(adult_table, name, rows, params, prefixes):
    from synthdesk.core.worker import Job

    table = subtable(adult_table, rows) if rows else adult_table
    settings = pipeline.Settings(generator=name, seed=1, params=params)
    job = Job("generate", {"table": table, "settings": settings})
    try:
        seen = _wait_for(job, prefixes, timeout=120)
        assert seen
        assert seen[-1][0] == "progress", seen[-1]
        assert job.process.is_alive()
        clock = time.monotonic()
        job.cancel()
        while job.process.is_alive() and time.monotonic() - clock < 2:
            time.sleep(0.05)
        assert not job.process.is_alive()
    finally:
        if job.process.is_alive():
            job.process.kill()


# --- Estimates and time budgets ---------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "rows", "params"),
    [("cart", None, {}), ("tvae", 3000, {"epochs": 2})],
)
def test_estimate_near_actual_time(adult_table, name, rows, params):
    table = subtable(adult_table, rows) if rows else adult_table
    estimate = estimate_seconds(
        table.model_frame(), table.specs, name, params, table.rows
    )
    result = pipeline.generate(
        table, pipeline.Settings(generator=name, seed=1, params=dict(params))
    )
    actual = result.seconds["fit"] + result.seconds["sample"]
    # This process paid the first-use costs during the estimate, so the run
    # is compared with the estimate without them.
    warm_estimate = estimate["fit"] + estimate["sample"]

    # Allow for rounding to hundredths of a second.
    assert estimate["seconds"] + 0.01 >= warm_estimate > 0
    assert estimate["explanation"]
    assert actual / 4 <= warm_estimate <= actual * 4, (estimate, actual)


@pytest.mark.slow
def test_minutes_budget_records_epochs(adult_table):
    table = subtable(adult_table, 800)
    settings = pipeline.Settings(generator="tvae", seed=5, params={"minutes": 0.05})
    result = pipeline.generate(table, settings)

    recorded = result.settings.params
    assert "minutes" not in recorded
    assert recorded["budget_minutes"] == 0.05
    assert 1 <= recorded["epochs"] <= 1000
    rerun = pipeline.generate(table, pipeline.Settings.from_dict(settings.to_dict()))
    assert rerun.synthetic.to_csv(index=False) == result.synthetic.to_csv(index=False)


@pytest.mark.slow
def test_estimate_job_in_worker(adult_table):
    from synthdesk.core.worker import Job

    table = subtable(adult_table, 2000)
    settings = pipeline.Settings(generator="cart", seed=1)
    job = Job("estimate", {"table": table, "settings": settings})
    messages = []
    deadline = time.monotonic() + 180
    while not job.finished and time.monotonic() < deadline:
        messages += job.poll()
        time.sleep(0.1)
    job.cancel()

    results = [message for message in messages if message[0] == "result"]
    assert results, messages
    estimate = results[0][1]
    assert estimate["seconds"] > 0
    assert estimate["calibration_rows"] == [750, 2000]
    assert "2,000 rows" in estimate["explanation"]


# --- Direct identifiers and free text ---------------------------------------


def _personnummer(date: str, serial: str) -> str:
    """A personnummer YYYYMMDD-NNNC with its Luhn check digit C."""
    digits = date[2:] + serial
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return f"{date}-{serial}{(10 - total % 10) % 10}"


def _people_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "personnummer": [
                _personnummer(date, serial)
                for date, serial in [
                    ("19121212", "121"),
                    ("19800101", "000"),
                    ("19700707", "707"),
                    ("19650505", "505"),
                ]
            ]
            * 10,
            "namn": ["Åsa Lindström", "Björn Ek", "Märta Öberg", "Karl Nilsson"] * 10,
            "name": ["John Smith", "Mary Johnson", "James Brown", "Linda Davis"] * 10,
            "note": ["Called on Monday about the late payment of rent"] * 40,
        }
    )


def test_direct_identifiers_faked_by_locale():
    raw = _people_frame()
    specs = cols.detect_columns(raw)
    for spec in specs:
        spec.include = True
    kinds = {spec.name: spec.kind for spec in specs}
    assert kinds["personnummer"] == Kind.DIRECT_IDENTIFIER
    assert kinds["namn"] == Kind.DIRECT_IDENTIFIER

    made = fake_columns(raw, specs, 200, seed=3)
    personnummer = made["personnummer"]
    assert personnummer.map(cols.is_personnummer).all()
    assert personnummer.str.fullmatch(r"\d{8}-\d{4}").all()
    assert not set(personnummer) & set(raw["personnummer"])
    assert not set(made["namn"]) & set(raw["namn"])
    assert made["namn"].str.contains("[åäöÅÄÖ]").any()
    assert not set(made["name"]) & set(raw["name"])
    assert not made["name"].str.contains("[åäöÅÄÖ]").any()


def test_direct_identifiers_repeat_with_seed():
    raw = _people_frame()
    specs = cols.detect_columns(raw)
    for spec in specs:
        spec.include = True
    first = fake_columns(raw, specs, 50, seed=9)
    second = fake_columns(raw, specs, 50, seed=9)
    other = fake_columns(raw, specs, 50, seed=10)
    for name in first:
        assert first[name].equals(second[name]), name
    assert not first["namn"].equals(other["namn"])


def test_finish_output_fills_included_identifiers(adult_table):
    table = subtable(adult_table, 100)
    table.raw["namn"] = _people_frame()["namn"].tolist() * 2 + ["Eva Åberg"] * 20
    table.specs.append(cols.detect_column("namn", table.raw["namn"]))
    assert table.spec("namn").include is False
    sampled = table.model_frame()

    left_out = pipeline.finish_output(table, sampled, 100, seed=1)
    assert "namn" not in left_out.columns
    table.spec("namn").include = True
    filled = pipeline.finish_output(table, sampled, 100, seed=1)
    assert filled["namn"].notna().all()
    assert not set(filled["namn"]) & set(table.raw["namn"])


def test_included_free_text_gets_placeholders():
    raw = pd.DataFrame(
        {
            "comment": [
                f"Visited the office on day {index} to ask about benefits"
                for index in range(30)
            ]
        }
    )
    specs = cols.detect_columns(raw)
    assert specs[0].kind == Kind.FREE_TEXT
    specs[0].include = True
    made = fake_columns(raw, specs, 30, seed=1)["comment"]
    assert made.notna().all()
    assert not set(made) & set(raw["comment"])
