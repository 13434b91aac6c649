"""Figures for every kind of column and pair, built without pyplot."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import ROOT

SCRIPT = textwrap.dedent(
    """
    import sys

    import numpy as np
    import pandas as pd

    from synthdesk.core import pipeline, plots
    from synthdesk.core.columns import ColumnSpec, Kind
    from synthdesk.core.evaluation import (
        association_matrices,
        evaluate,
        intersection_table,
        review_counts,
    )

    adult = pipeline.load(sys.argv[1])
    air = pipeline.load(sys.argv[2])
    frame = adult.model_frame().head(6000)
    real, synthetic = frame.iloc[:3000].reset_index(drop=True), frame.iloc[3000:]
    synthetic = synthetic.reset_index(drop=True).copy()
    synthetic.loc[:200, "sex"] = "Female"
    real["is_male"] = np.where(real["sex"] == "Male", "yes", "no")
    synthetic["is_male"] = np.where(synthetic["sex"] == "Male", "yes", "no")
    specs = adult.specs + [ColumnSpec(name="is_male", kind=Kind.BOOLEAN)]
    by_name = {spec.name: spec for spec in specs}
    air_frame = air.model_frame()
    air_real = air_frame.iloc[: len(air_frame) // 2].reset_index(drop=True)
    air_synthetic = air_frame.iloc[len(air_frame) // 2 :].reset_index(drop=True)
    air_specs = {spec.name: spec for spec in air.specs}

    built = []

    def keep(name, figure):
        png = plots.figure_png(figure, dpi=30)
        assert png.startswith(b"\\x89PNG"), name
        assert len(figure.axes) >= 1, name
        built.append(name)

    for column in ("age", "workclass", "is_male"):
        keep(column, plots.column_figure(real[column], synthetic[column], by_name[column]))
    keep("log", plots.column_figure(
        real["native-country"], synthetic["native-country"],
        by_name["native-country"], log_scale=True, hide_below=5))
    keep("date", plots.column_figure(
        air_real["Date"], air_synthetic["Date"], air_specs["Date"]))
    pairs = [
        ("age", "hours-per-week"),
        ("relationship", "sex"),
        ("age", "education"),
        ("is_male", "income"),
    ]
    for first, second in pairs:
        keep(first + "+" + second, plots.pair_figure(
            real, synthetic, by_name[first], by_name[second]))
    keep("scatter", plots.pair_figure(
        real, synthetic, by_name["age"], by_name["fnlwgt"], max_points=5000))
    keep("date pair", plots.pair_figure(
        air_real, air_synthetic, air_specs["Date"], air_specs["CO(GT)"]))
    keep("date box", plots.pair_figure(
        air_real.assign(part=np.where(air_real.index % 2, "odd", "even")),
        air_synthetic.assign(part=np.where(air_synthetic.index % 3, "odd", "even")),
        air_specs["Time"], ColumnSpec(name="part", kind=Kind.CATEGORICAL)))
    counts = review_counts(real, synthetic, specs)
    real_matrix, synthetic_matrix = association_matrices(
        None, None, None, counts=counts)
    keep("associations", plots.association_figure(real_matrix, synthetic_matrix))
    columns = ["relationship", "sex", "age"]
    table = intersection_table(None, None, None, columns, counts=counts)
    assert "invented" in set(table["status"])
    keep("intersection", plots.intersection_figure(table, columns))
    keep("intersection log", plots.intersection_figure(
        table, columns, log_scale=True, max_rows=12, hide_below=5))
    evaluation = evaluate(real, synthetic, specs, distance_sample=300)
    keep("privacy", plots.privacy_figure(evaluation["privacy"]["distance"]))
    kinds = set()
    for warning in evaluation["warnings"]:
        if warning["plot"]["type"] in kinds:
            continue
        kinds.add(warning["plot"]["type"])
        keep("warning " + warning["kind"], plots.figure_for_warning(
            warning, real, synthetic, specs, evaluation["privacy"], counts))
    assert "intersection" in kinds, kinds
    print(len(built), sorted(kinds))
    print("pyplot loaded:", "matplotlib.pyplot" in sys.modules)
    """
)


def test_figures_build_without_pyplot(data_dir):
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT,
            str(data_dir / "adult.csv"),
            str(data_dir / "AirQualityUCI.csv"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    lines = completed.stdout.strip().splitlines()
    assert lines[-1] == "pyplot loaded: False"
    count = int(lines[-2].split()[0])
    assert count >= 18
