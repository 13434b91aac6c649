"""The privacy filter removes copies of people unique in the real data."""

from __future__ import annotations

import pytest

from synthdesk.core import pipeline
from tests.conftest import ROOT

EXAMPLE = ROOT / "resources" / "example" / "adult-sample.csv"


@pytest.fixture(scope="module")
def cart_run():
    table = pipeline.load(str(EXAMPLE))
    result = pipeline.generate(table, pipeline.Settings(generator="cart", seed=1))
    result.evaluation = pipeline.evaluate_run(table, result.synthetic)
    return table, result


def test_filter_removes_unique_copies(cart_run):
    table, result = cart_run
    assert result.privacy_filter["removed"] > 0
    assert result.privacy_filter["missing_rows"] == 0
    assert len(result.synthetic) == table.rows
    assert result.evaluation["privacy"]["copied_unique_rows"] == 0


def test_filter_is_repeatable(cart_run):
    table, result = cart_run
    again = pipeline.generate(table, pipeline.Settings(generator="cart", seed=1))
    assert again.privacy_filter == result.privacy_filter
    assert again.synthetic.equals(result.synthetic)
