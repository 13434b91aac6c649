"""Time the whole review on Adult beside SDMetrics' QualityReport alone.

Usage: python benchmarks/bench_review.py [--synthetic gaussian_copula|half]
                                          [--repeat N]

The synthetic table is GaussianCopula output for the full Adult table
(32,561 rows, fitted once, not timed) or, with ``--synthetic half``, one
random half of Adult scored against the other. Libraries are imported and
each step run once before timing, so import time counts for neither side.
Prints the median of ``--repeat`` runs of each step.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--synthetic", choices=["gaussian_copula", "half"], default="gaussian_copula"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from synthdesk.core import pipeline
    from synthdesk.core.evaluation import evaluate, review_counts, scores
    from synthdesk.core.progress import Progress

    table = pipeline.load(str(ROOT / "tests" / "data" / "adult.csv"))
    real = table.model_frame()
    specs = table.specs
    if args.synthetic == "half":
        first, second = scores.split_halves(len(real), 0)
        real, synthetic = real.iloc[first], real.iloc[second]
    else:
        from synthdesk.core.generators import create_generator

        generator = create_generator("gaussian_copula", 42)
        generator.fit(real, specs, Progress())
        synthetic = generator.sample(len(real), Progress())
    real, synthetic = real.reset_index(drop=True), synthetic.reset_index(drop=True)

    steps = {
        "SDMetrics QualityReport alone": lambda: scores.sdmetrics_quality_scores(
            real, synthetic, specs
        ),
        "Own scores (same metrics)": lambda: scores.quality_scores(
            review_counts(real, synthetic, specs)
        ),
        "Whole review (evaluate)": lambda: evaluate(real, synthetic, specs),
    }
    results = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, step in steps.items():
            results[name] = step()  # warm-up: imports and caches
            seconds = []
            for _ in range(args.repeat):
                clock = time.perf_counter()
                step()
                seconds.append(time.perf_counter() - clock)
            results[name + " seconds"] = statistics.median(seconds)

    evaluation = results["Whole review (evaluate)"]
    reference = results["SDMetrics QualityReport alone"]
    own = results["Own scores (same metrics)"]
    print(
        f"Adult: {len(real):,} real rows, {len(synthetic):,} synthetic rows "
        f"({args.synthetic}), {len(evaluation['scores']['columns'])} columns; "
        f"{os.cpu_count()} logical processors; median of {args.repeat} runs"
    )
    for name in steps:
        print(f"{name:32s} {results[name + ' seconds']:7.2f} s")
    print(
        f"Overall score: own {own['overall']}, SDMetrics {reference['overall']}; "
        f"largest difference in any score: "
        f"{scores.largest_difference(own, reference):.4f}"
    )
    steps_text = ", ".join(
        f"{name} {seconds:.2f}" for name, seconds in evaluation["step_seconds"].items()
    )
    print(f"Whole review by step, last run (s): {steps_text}")
    tally = evaluation["warning_counts"]
    print(
        f"Warnings: {len(evaluation['warnings'])} ({tally['high']} high, "
        f"{tally['medium']} medium, {tally['low']} low) in "
        f"{len(evaluation['warning_groups'])} groups; traffic light "
        f"{evaluation['traffic_light']['colour']}"
    )


if __name__ == "__main__":
    main()
