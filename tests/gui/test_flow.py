"""Drive every page of the window on real data, as a user would."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import Qt

from tests.conftest import DATA, ROOT

LEFT = Qt.LeftButton

SMALL_ROWS = 600


@pytest.fixture
def small_adult(tmp_path) -> Path:
    """The first rows of Adult as a real XLSX workbook with two sheets."""
    frame = pd.read_csv(DATA / "adult.csv", dtype=str, keep_default_na=False).head(
        SMALL_ROWS
    )
    path = tmp_path / "adult-small.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame({"note": ["not this one"]}).to_excel(
            writer, sheet_name="Notes", index=False
        )
        frame.to_excel(writer, sheet_name="people", index=False)
    return path


def _open(window, qtbot, path, sheet=None):
    with qtbot.waitSignal(window.import_page.tableLoaded, timeout=30_000):
        window.import_page.open_file(str(path), sheet=sheet)


@pytest.mark.slow
def test_whole_flow_exports_folder(window, qtbot, small_adult, tmp_path):
    _open(window, qtbot, small_adult)
    page = window.import_page
    assert page.sheet_combo.isVisible()
    assert window.session.table.source.sheet == "Notes"

    # Choosing the sheet with the data reads it again.
    with qtbot.waitSignal(page.tableLoaded, timeout=30_000):
        page.sheet_combo.setCurrentText("people")
        page._on_options_changed()
    assert window.session.table.rows == SMALL_ROWS
    assert page.model.columnCount() == 15
    assert "(number)" in page.model.headerData(0, Qt.Horizontal)

    qtbot.mouseClick(window.next_button, LEFT)
    assert window.stack.currentWidget() is window.columns_page
    qtbot.mouseClick(window.next_button, LEFT)
    generator = window.generator_page
    assert window.stack.currentWidget() is generator
    assert generator.rows_spin.value() == SMALL_ROWS

    generator.select_generator("gaussian_copula")
    with qtbot.waitSignal(generator.generated, timeout=240_000):
        qtbot.mouseClick(generator.generate_button, LEFT)
    assert window.stack.currentWidget() is window.review_page
    review = window.review_page
    assert "Quality" in review.score_label.text()
    assert review.warnings_tree.topLevelItemCount() >= 1
    qtbot.waitUntil(lambda: review.column_view.figure is not None, timeout=30_000)

    qtbot.mouseClick(window.next_button, LEFT)
    export = window.export_page
    assert window.stack.currentWidget() is export
    export.parent_edit.setText(str(tmp_path / "out"))
    export.about_fields["creator"].setText("Test Office")
    with qtbot.waitSignal(export.exported, timeout=60_000) as blocker:
        qtbot.mouseClick(export.export_button, LEFT)
    folder = blocker.args[0]
    names = sorted(path.name for path in folder.iterdir())
    assert names == [
        "README.md",
        "adult-small-synthetic.xlsx",
        "report.html",
        "run.json",
    ]
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Test Office" in readme
    assert window.session.result.settings.generator in readme


def test_cancel_ctgan_stops_child(window, qtbot):
    _open(window, qtbot, DATA / "adult.csv")
    window.go_to(window.generator_page)
    generator = window.generator_page
    generator.select_generator("ctgan")
    generator.parameter_spin("epochs").setValue(300)
    with qtbot.waitSignal(generator.task.progressed, timeout=120_000):
        qtbot.mouseClick(generator.generate_button, LEFT)
    process = generator.task.job.process
    assert process.is_alive()
    started = time.monotonic()
    with qtbot.waitSignal(generator.task.cancelled, timeout=5_000):
        qtbot.mouseClick(generator.cancel_button, LEFT)
    process.join(2)
    assert not process.is_alive()
    assert time.monotonic() - started < 2.0
    assert window.session.result is None
    # The window still works: the generate button is back and responds.
    assert generator.generate_button.isEnabled()
    window.go_to(window.import_page)
    assert window.stack.currentWidget() is window.import_page


def test_tiny_table_refused_before_fitting(window, qtbot):
    _open(window, qtbot, DATA / "cases" / "10-tiny-table.csv")
    window.go_to(window.generator_page)
    generator = window.generator_page
    qtbot.mouseClick(generator.generate_button, LEFT)
    assert generator.message.level == "error"
    assert "needs at least" in generator.message.text()
    assert not generator.task.is_running()


def test_unreadable_file_shows_message(window, qtbot, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a workbook at all")
    with qtbot.waitSignal(window.import_page.completeChanged, timeout=10_000):
        window.import_page.open_file(str(path))
    qtbot.waitUntil(lambda: window.import_page.message.level == "error", timeout=10_000)
    assert "is not a workbook" in window.import_page.message.text()
    assert not window.next_button.isEnabled()


def test_columns_page_changes_kind_and_leaves_out(window, qtbot):
    _open(window, qtbot, DATA / "adult.csv")
    window.go_to(window.columns_page)
    page = window.columns_page
    specs = window.session.table.specs
    row = [spec.name for spec in specs].index("education-num")
    page.kind_combo(row).setCurrentIndex(1)  # category
    assert specs[row].kind == "categorical"
    page.use_box(row).setChecked(False)
    assert not specs[row].include
    assert "left out" in page.message.text()


def test_window_process_never_imports_sdv():
    code = textwrap.dedent(
        """
        import sys
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from synthdesk.gui.main_window import MainWindow
        window = MainWindow()
        window.show()
        heavy = [name for name in ("sdv", "torch", "sdmetrics", "ctgan", "copulas")
                 if name in sys.modules]
        print(heavy)
        """
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout
    assert output.strip().splitlines()[-1] == "[]"


@pytest.mark.slow
def test_intersection_explorer_marks_invented(window, qtbot):
    _open(window, qtbot, DATA / "adult.csv")
    window.go_to(window.generator_page)
    generator = window.generator_page
    generator.select_generator("gaussian_copula")
    with qtbot.waitSignal(generator.generated, timeout=300_000):
        qtbot.mouseClick(generator.generate_button, LEFT)
    review = window.review_page
    qtbot.waitUntil(lambda: review.counts is not None, timeout=60_000)
    review.tabs.setCurrentIndex(2)
    review.select_groups(["relationship", "sex"])
    table = review.intersection
    husbands = table[(table["relationship"] == "Husband") & (table["sex"] == "Female")]
    assert len(husbands) == 1
    assert husbands["status"].iloc[0] == "invented"
    assert husbands["real"].iloc[0] == 1
    assert review.group_view.figure is not None
    rows = review.group_table.rowCount()
    cells = [
        [
            review.group_table.item(row, column).text()
            for column in range(review.group_table.columnCount())
        ]
        for row in range(rows)
    ]
    assert ["Husband", "Female", "1"] == cells[
        [c[:2] for c in cells].index(["Husband", "Female"])
    ][:3]
    assert "invented" in cells[[c[:2] for c in cells].index(["Husband", "Female"])]
    # "Forbid this combination" carries the warning to the next run.
    tree = review.warnings_tree
    target = None
    for top in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(top)
        for index in range(group.childCount()):
            finding = group.child(index).data(0, Qt.UserRole) or {}
            if finding.get("values") == {"relationship": "Husband", "sex": "Female"}:
                target = group.child(index)
    assert target is not None
    tree.setCurrentItem(target)
    assert review.forbid_button.isVisible()
    assert review.tabs.currentIndex() == 2
    qtbot.mouseClick(review.forbid_button, LEFT)
    assert window.stack.currentWidget() is generator
    forbidden = generator.control_panel.control()["forbid"]
    assert {"relationship": "Husband", "sex": "Female"} in forbidden
    with qtbot.waitSignal(generator.generated, timeout=300_000):
        qtbot.mouseClick(generator.generate_button, LEFT)
    synthetic = window.session.result.synthetic
    husbands = (synthetic["relationship"] == "Husband") & (synthetic["sex"] == "Female")
    assert int(husbands.sum()) == 0


def test_columns_page_missing_codes(window, qtbot):
    _open(window, qtbot, DATA / "AirQualityUCI.csv")
    window.go_to(window.columns_page)
    page = window.columns_page
    specs = window.session.table.specs
    row = [spec.name for spec in specs].index("CO(GT)")
    assert specs[row].missing_codes == []
    assert "-200" in page.codes_edit(row).placeholderText()
    assert page.accept_codes_button.isVisible()
    qtbot.mouseClick(page.accept_codes_button, LEFT)
    assert "-200" in specs[row].missing_codes
    assert "-200" in page.codes_edit(row).text()
    edit = page.codes_edit(row)
    edit.setText("-200; 9999")
    edit.editingFinished.emit()
    assert specs[row].missing_codes == ["-200", "9999"]
    assert specs[row].decimals == 1


@pytest.mark.slow
def test_estimate_and_time_budget(window, qtbot):
    _open(window, qtbot, ROOT / "resources" / "example" / "adult-sample.csv")
    window.go_to(window.generator_page)
    generator = window.generator_page
    generator.select_generator("cart")
    assert not generator.budget_box.isVisible()
    with qtbot.waitSignal(generator.estimate_task.succeeded, timeout=240_000):
        qtbot.mouseClick(generator.estimate_button, LEFT)
    assert generator.last_estimate["seconds"] > 0
    assert "About" in generator.estimate_label.text()

    generator.select_generator("ctgan")
    assert generator.budget_box.isVisibleTo(generator)
    generator.budget_box.setChecked(True)
    generator.minutes_spin.setValue(3)
    params = generator.current_params()
    assert params["minutes"] == 3
    assert "epochs" not in params
    assert not generator.parameter_spin("epochs").isEnabled()
