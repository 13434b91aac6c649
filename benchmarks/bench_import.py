"""Print import time and peak memory for adult.xlsx and a 1,000,000-row CSV.

Usage: python benchmarks/bench_import.py [--rows N] [--keep FILE]

Each file is imported in a fresh child process, so one run's memory does not
count toward the next. "read" is ``read_table`` alone, "detect" is
``detect_columns`` and "load" is both, as ``pipeline.load`` runs them. Wall
times and the child's CPU times are printed. The import runs on one thread,
so on a busy machine the CPU time is the closer estimate of an idle run. Peak memory is the
child's maximum resident set size from ``resource.getrusage`` (Linux reports
it in KiB), and includes the Python interpreter and the imported libraries.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).parents[1]

CHILD = """
import json, resource, sys, time
from synthdesk.core import columns, pipeline
from synthdesk.core.io.readers import read_table
path = sys.argv[1]
started, cpu = time.perf_counter(), time.process_time()
raw = read_table(path)
read, read_cpu = time.perf_counter() - started, time.process_time() - cpu
started, cpu = time.perf_counter(), time.process_time()
specs = columns.detect_columns(raw.frame, raw.source.decimal, raw.source.thousands)
detect, detect_cpu = time.perf_counter() - started, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": len(raw.frame), "columns": raw.frame.shape[1],
                  "read": read, "detect": detect, "read_cpu": read_cpu,
                  "detect_cpu": detect_cpu, "peak_mib": peak}))
"""


def write_large_csv(path: Path, rows: int, seed: int = 1) -> None:
    """Write a CSV of ``rows`` rows and 15 columns of mixed kinds."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "id": np.arange(rows) + 10_000_000,
            "age": rng.integers(18, 90, rows),
            "sex": rng.choice(["F", "M"], rows),
            "region": rng.choice([f"Region {n}" for n in range(21)], rows),
            "income": np.round(rng.lognormal(10, 1, rows), 2),
            "weight": np.round(rng.normal(75, 12, rows), 1),
            "visit": (
                pd.Timestamp("2020-01-01")
                + pd.to_timedelta(rng.integers(0, 1500, rows), unit="D")
            ).strftime("%Y-%m-%d"),
            "code": pd.Series(rng.integers(0, 3000, rows)).map("{:04d}".format),
            "children": pd.array(rng.integers(0, 6, rows), dtype="Int64"),
            "smoker": rng.choice(["yes", "no"], rows),
            "score": rng.integers(0, 100, rows),
            "hours": np.round(rng.uniform(0, 60, rows), 2),
            "status": rng.choice(["single", "married", "divorced", "widowed"], rows),
            "postcode": pd.Series(rng.integers(100, 99_999, rows)).map("{:05d}".format),
            "ratio": np.round(rng.random(rows), 4),
        }
    )
    frame.loc[rng.random(rows) < 0.05, "children"] = pd.NA
    frame.to_csv(path, index=False)


def measure(path: Path) -> dict:
    started = time.perf_counter()
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    figures["process"] = time.perf_counter() - started
    return figures


def report(label: str, figures: dict) -> None:
    load = figures["read"] + figures["detect"]
    load_cpu = figures["read_cpu"] + figures["detect_cpu"]
    print(
        f"{label}: {figures['rows']:,} rows x {figures['columns']} columns; "
        f"read {figures['read']:.2f} s, detect {figures['detect']:.2f} s, "
        f"load {load:.2f} s (CPU time {figures['read_cpu']:.2f} + "
        f"{figures['detect_cpu']:.2f} = {load_cpu:.2f} s); "
        f"peak memory {figures['peak_mib']:.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the CSV")
    parser.add_argument("--keep", type=Path, help="write the generated CSV here")
    arguments = parser.parse_args()

    report("adult.xlsx", measure(ROOT / "tests" / "data" / "adult.xlsx"))
    with tempfile.TemporaryDirectory() as folder:
        path = arguments.keep or Path(folder) / "large.csv"
        write_large_csv(path, arguments.rows)
        size = path.stat().st_size / 1024**2
        report(f"generated CSV ({size:.0f} MiB)", measure(path))


if __name__ == "__main__":
    main()
