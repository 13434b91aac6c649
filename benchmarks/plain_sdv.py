"""Fit and sample a table with SDV alone, as a baseline for `synthdesk generate`.

    python benchmarks/plain_sdv.py tests/data/adult.csv OUT.csv

Reads the CSV with pandas, lets SDV detect the metadata, fits
GaussianCopulaSynthesizer and writes as many rows as the input. Time it
beside `python -m synthdesk generate INPUT --out DIR`, for example with
`/usr/bin/time -v` or hyperfine; SynthDesk also reviews the result and
writes the README, report and run.json.
"""

from __future__ import annotations

import sys
import warnings

import pandas as pd


def main() -> int:
    source, target = sys.argv[1], sys.argv[2]
    warnings.simplefilter("ignore")
    from sdv.metadata import Metadata
    from sdv.single_table import GaussianCopulaSynthesizer

    data = pd.read_csv(source)
    metadata = Metadata.detect_from_dataframes({"table": data})
    synthesizer = GaussianCopulaSynthesizer(metadata)
    synthesizer.fit({"table": data})
    sampled = synthesizer.sample(num_rows=len(data))
    if isinstance(sampled, dict):
        sampled = next(iter(sampled.values()))
    sampled.to_csv(target, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
