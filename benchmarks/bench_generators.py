"""Time every generator on the full Adult table beside plain SDV and the estimate.

Each measurement runs in a fresh Python process, as the app's worker does, so
first-use costs (importing SDV and torch, starting joblib workers) count
every time. Three columns per generator:

- ``estimate``: ``estimate_seconds`` for fitting and sampling every row;
- ``SynthDesk``: ``pipeline.generate`` (fit and sample, output shaping
  included);
- ``plain SDV``: the same SDV synthesizer fitted and sampled directly, with
  numerical and categorical sdtypes from the column dtypes. CART has no SDV
  counterpart.

Usage: python benchmarks/bench_generators.py [--epochs 5] [--generators a,b]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADULT = ROOT / "tests" / "data" / "adult.csv"
SDV_CLASSES = {
    "gaussian_copula": "GaussianCopulaSynthesizer",
    "ctgan": "CTGANSynthesizer",
    "tvae": "TVAESynthesizer",
    "copulagan": "CopulaGANSynthesizer",
}


def _params(name: str, epochs: int) -> dict:
    from synthdesk.core.generators import GENERATORS

    return {"epochs": epochs} if GENERATORS[name].neural else {}


def measure_synthdesk(name: str, epochs: int) -> dict:
    from synthdesk.core import pipeline

    table = pipeline.load(str(ADULT))
    settings = pipeline.Settings(generator=name, seed=1, params=_params(name, epochs))
    clock = time.perf_counter()
    result = pipeline.generate(table, settings)
    return {
        "seconds": time.perf_counter() - clock,
        "fit": result.seconds["fit"],
        "sample": result.seconds["sample"],
    }


def measure_estimate(name: str, epochs: int) -> dict:
    from synthdesk.core import pipeline
    from synthdesk.core.generators.estimate import estimate_seconds

    table = pipeline.load(str(ADULT))
    clock = time.perf_counter()
    estimate = estimate_seconds(
        table.model_frame(), table.specs, name, _params(name, epochs), table.rows
    )
    estimate["calibration_seconds"] = time.perf_counter() - clock
    return estimate


def measure_plain(name: str, epochs: int) -> dict:
    import warnings

    import pandas as pd
    import sdv.single_table
    from sdv.metadata import Metadata

    warnings.simplefilter("ignore")
    data = pd.read_csv(ADULT)
    columns = {
        column: {
            "sdtype": "numerical"
            if pd.api.types.is_numeric_dtype(data[column])
            else "categorical"
        }
        for column in data.columns
    }
    metadata = Metadata.load_from_dict(
        {"tables": {"table": {"columns": columns}}}, single_table_name="table"
    )
    params = (
        {"epochs": epochs, "enable_gpu": False} if name != "gaussian_copula" else {}
    )
    synthesizer = getattr(sdv.single_table, SDV_CLASSES[name])(metadata, **params)
    clock = time.perf_counter()
    synthesizer.fit({"table": data})
    fit = time.perf_counter() - clock
    clock = time.perf_counter()
    synthesizer.sample(num_rows=len(data))
    sample = time.perf_counter() - clock
    return {"seconds": fit + sample, "fit": fit, "sample": sample}


MEASURES = {
    "synthdesk": measure_synthdesk,
    "estimate": measure_estimate,
    "plain": measure_plain,
}


def run_child(mode: str, name: str, epochs: int) -> dict:
    """Run one measurement in a fresh process and return its JSON result."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, name, "--epochs", str(epochs)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--epochs", type=int, default=5, help="training passes for neural generators"
    )
    parser.add_argument(
        "--generators",
        default="gaussian_copula,cart,tvae,ctgan,copulagan",
        help="comma-separated generator names",
    )
    parser.add_argument(
        "--child", nargs=2, metavar=("MODE", "NAME"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()

    if args.child:
        mode, name = args.child
        print(json.dumps(MEASURES[mode](name, args.epochs)))
        return

    print(f"Adult, 32,561 rows x 15 columns; neural generators: {args.epochs} epochs")
    print(f"{os.cpu_count()} processors; seconds for fit + sample of all rows")
    header = (
        f"{'generator':<16} {'estimate':>9} {'SynthDesk':>10} {'fit':>7} "
        f"{'sample':>7} {'plain SDV':>10} {'fit':>7} {'sample':>7} {'calibration':>12}"
    )
    print(header)
    for name in args.generators.split(","):
        estimate = run_child("estimate", name, args.epochs)
        ours = run_child("synthdesk", name, args.epochs)
        plain = run_child("plain", name, args.epochs) if name in SDV_CLASSES else None
        plain_cells = (
            f"{plain['seconds']:>10.1f} {plain['fit']:>7.1f} {plain['sample']:>7.1f}"
            if plain
            else f"{'n/a':>10} {'':>7} {'':>7}"
        )
        print(
            f"{name:<16} {estimate['seconds']:>9.1f} {ours['seconds']:>10.1f} "
            f"{ours['fit']:>7.1f} {ours['sample']:>7.1f} {plain_cells} "
            f"{estimate['calibration_seconds']:>12.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
