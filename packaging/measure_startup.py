"""Measure the seconds from launching SynthDesk to the first paint of its window.

Usage (needs a display, for example Xvfb):

    xvfb-run -a -s "-screen 0 1280x860x24" \\
        python packaging/measure_startup.py [--runs N] [-- COMMAND ...]

COMMAND defaults to the Linux bundle, packaging/dist/synthdesk/synthdesk;
``-- python -m synthdesk`` measures the source tree. Each run starts the app
with ``--measure-startup``, which prints the Unix time of the first paint
and quits. The first run also fills caches (matplotlib's font list, the
operating system's file cache), so it is reported apart from the others.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUNDLE = Path(__file__).resolve().parent / "dist" / "synthdesk" / "synthdesk"
PREFIX = "First paint at "


def measure_once(command: list[str], log_folder: str) -> float:
    launched = time.time()
    completed = subprocess.run(
        [*command, "--measure-startup"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SYNTHDESK_LOG_DIR": log_folder},
    )
    for line in completed.stdout.splitlines():
        if line.startswith(PREFIX):
            return float(line.removeprefix(PREFIX)) - launched
    raise RuntimeError(
        f"{command[0]} exited with code {completed.returncode} without "
        f"printing {PREFIX!r}:\n{completed.stderr[-2000:]}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=5, help="measured runs (default: 5)"
    )
    parser.add_argument("command", nargs="*", help="the command that starts SynthDesk")
    args = parser.parse_args()
    command = args.command or [str(BUNDLE)]
    with tempfile.TemporaryDirectory() as log_folder:
        first = measure_once(command, log_folder)
        print(f"first run (cold caches): {first:.2f} s")
        seconds = [measure_once(command, log_folder) for _ in range(args.runs)]
    listed = ", ".join(f"{value:.2f}" for value in seconds)
    print(f"next {args.runs} runs: {listed} s")
    print(f"median {statistics.median(seconds):.2f} s, min {min(seconds):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
