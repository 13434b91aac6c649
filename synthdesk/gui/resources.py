"""Paths to bundled resources, in a source checkout and in a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_folder() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def example_path() -> Path:
    return resources_folder() / "example" / "adult-sample.csv"
