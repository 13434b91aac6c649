"""The control panel on the real Adult table, driven with pytest-qt."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from synthdesk.core import pipeline
from synthdesk.core.errors import InputError
from synthdesk.gui.control_panel import ControlPanel


@pytest.fixture
def panel(qtbot, adult_table):
    widget = ControlPanel()
    qtbot.addWidget(widget)
    widget.set_table(adult_table)
    return widget


def _check(list_widget, text: str) -> None:
    for row in range(list_widget.count()):
        item = list_widget.item(row)
        if item.text() == text:
            item.setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(f"{text!r} not offered")


def test_panel_empty_by_default(panel):
    assert panel.control() == {}


def test_panel_equal_preset(panel, adult_table):
    panel.balance_column.setCurrentIndex(panel.balance_column.findData("sex"))
    panel.balance_preset.setCurrentIndex(panel.balance_preset.findData("equal"))
    control = panel.control()
    assert control == {"balance": {"columns": ["sex"], "preset": "equal"}}
    pipeline.validate(adult_table, pipeline.Settings(control=control))


def test_panel_custom_shares(panel, adult_table):
    panel.balance_column.setCurrentIndex(panel.balance_column.findData("sex"))
    panel.set_share("Female", 40.0)
    panel.set_share("Male", 60.0)
    balance = panel.control()["balance"]
    assert balance["preset"] == "custom"
    shares = {item["values"]["sex"]: item["share"] for item in balance["shares"]}
    assert shares == {"Female": 0.4, "Male": 0.6}
    pipeline.validate(adult_table, pipeline.Settings(control=panel.control()))


def test_panel_custom_shares_over_100_rejected(panel, adult_table):
    panel.balance_column.setCurrentIndex(panel.balance_column.findData("sex"))
    panel.set_share("Female", 70.0)
    panel.set_share("Male", 60.0)
    with pytest.raises(InputError, match="more than 100"):
        pipeline.validate(adult_table, pipeline.Settings(control=panel.control()))


def test_panel_forbid_add_and_remove(panel, qtbot):
    with qtbot.waitSignal(panel.changed):
        panel.add_forbidden({"relationship": "Husband", "sex": "Female"})
    panel.add_forbidden({"relationship": "Husband", "sex": "Female"})
    panel.add_forbidden({"relationship": "Wife", "sex": "Male"})
    assert panel.control()["forbid"] == [
        {"relationship": "Husband", "sex": "Female"},
        {"relationship": "Wife", "sex": "Male"},
    ]
    panel.forbidden_list.item(0).setSelected(True)
    qtbot.mouseClick(panel.remove_forbidden_button, Qt.MouseButton.LeftButton)
    assert panel.control()["forbid"] == [{"relationship": "Wife", "sex": "Male"}]


def test_panel_only_seen_and_rules(panel, adult_table):
    for name in ("relationship", "sex", "marital-status"):
        _check(panel.only_seen_list, name)
    assert panel.rules_list.count() > 0
    _check(panel.rules_list, "'age' lies between 17 and 90")
    control = panel.control()
    assert control["only_seen"] == [["marital-status", "relationship", "sex"]]
    assert [rule["column"] for rule in control["rules"]] == ["age"]
    pipeline.validate(adult_table, pipeline.Settings(control=control))


def test_panel_lists_only_category_columns(panel):
    offered = {
        panel.balance_column.itemData(i) for i in range(panel.balance_column.count())
    }
    assert "sex" in offered
    assert "age" not in offered
