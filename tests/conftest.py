"""Shared fixtures: real data files, loaded tables and a quiet environment."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

DATA = Path(__file__).parent / "data"
CASES = DATA / "cases"
ROOT = Path(__file__).parents[1]


@pytest.fixture(autouse=True)
def _log_folder(tmp_path_factory, monkeypatch):
    monkeypatch.setenv(
        "SYNTHDESK_LOG_DIR", str(tmp_path_factory.getbasetemp() / "logs")
    )
    monkeypatch.setenv(
        "SYNTHDESK_CONFIG_DIR", str(tmp_path_factory.getbasetemp() / "config")
    )


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def adult_table():
    """The full Adult table as read and detected; tests must not change it."""
    from synthdesk.core import pipeline

    return pipeline.load(str(DATA / "adult.csv"))


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
