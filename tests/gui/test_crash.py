"""An unexpected error in the window: message, log entry and crash report."""

from __future__ import annotations

import logging
import sys
import threading

import pandas as pd
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from synthdesk.core.pipeline import RunResult, Settings
from synthdesk.gui import crash

SECRET = "Jane Doe, 1970-01-01, 4711"


def _fail_with_data_value():
    float(SECRET)  # ValueError whose message contains the value


class ModalDriver:
    """Clicks through modal dialogs as a user would, from a timer in the GUI thread."""

    def __init__(self, report_folder=None):
        self.report_folder = report_folder
        self.boxes: list[dict] = []
        self.file_dialogs = 0
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._answer)
        self.timer.start()

    def _answer(self) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QMessageBox):
            self.boxes.append(
                {
                    "title": widget.windowTitle(),
                    "text": widget.text(),
                    "informative": widget.informativeText(),
                    "details": widget.detailedText(),
                    "buttons": [button.text() for button in widget.buttons()],
                }
            )
            label = "Save Report…" if self.report_folder else "Close"
            button = next(b for b in widget.buttons() if b.text() == label)
            button.click()
        elif isinstance(widget, QFileDialog):
            self.file_dialogs += 1
            # Keep the suggested file name, in a folder of the test's own.
            widget.setDirectory(str(self.report_folder))
            widget.accept()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def reporter(window):
    reporter = crash.install(QApplication.instance())
    reporter.window = window
    yield reporter
    reporter.uninstall()


def _unsaved_result() -> RunResult:
    return RunResult(
        synthetic=pd.DataFrame({"age": [30, 41]}),
        settings=Settings(),
        started="2026-01-01T00:00:00+00:00",
        seconds={},
        versions={},
    )


@pytest.mark.qt_no_exception_capture
def test_slot_error_shows_message_and_saves_report(
    window, reporter, qtbot, tmp_path, caplog
):
    window.session.set_result(_unsaved_result())
    button = QPushButton("Fail", window)
    button.clicked.connect(_fail_with_data_value)
    driver = ModalDriver(tmp_path)
    caplog.set_level(logging.INFO, logger="synthdesk.gui.crash")
    try:
        qtbot.mouseClick(button, Qt.LeftButton)
        qtbot.waitUntil(lambda: any(tmp_path.glob("*.txt")), timeout=10_000)
    finally:
        driver.stop()

    assert len(driver.boxes) == 1
    box = driver.boxes[0]
    assert "ValueError" in box["text"]
    assert "_fail_with_data_value" in box["text"]
    assert "not been exported" in box["informative"]
    assert "Save Report…" in box["buttons"]
    assert SECRET not in box["text"] + box["informative"] + box["details"]
    assert driver.file_dialogs == 1

    [report_path] = tmp_path.glob("*.txt")
    assert report_path.name.startswith("synthdesk-crash-")
    report = report_path.read_text(encoding="utf-8")
    assert report.startswith("SynthDesk crash report")
    assert "ValueError (message left out" in report
    assert 'File "tests/gui/test_crash.py"' in report
    assert "in _fail_with_data_value" in report
    assert SECRET not in report
    assert "Jane" not in report

    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "in _fail_with_data_value" in errors[0]
    assert SECRET not in caplog.text

    # The window is still open with its unsaved result.
    assert window.isVisible()
    assert window.session.has_unsaved_result


@pytest.mark.qt_no_exception_capture
def test_thread_error_shown_in_gui_thread(window, reporter, qtbot, caplog):
    driver = ModalDriver()
    caplog.set_level(logging.ERROR, logger="synthdesk.gui.crash")
    thread = threading.Thread(target=_fail_with_data_value, name="loader")
    try:
        thread.start()
        thread.join(10)
        qtbot.waitUntil(lambda: len(driver.boxes) == 1, timeout=10_000)
    finally:
        driver.stop()
    assert "ValueError" in driver.boxes[0]["text"]
    assert "Thread: loader" in driver.boxes[0]["details"]
    assert "Thread: loader" in caplog.text
    assert window.isVisible()


@pytest.mark.qt_no_exception_capture
def test_repeated_error_shown_once(window, reporter, qtbot, caplog):
    button = QPushButton("Fail", window)
    button.clicked.connect(_fail_with_data_value)
    driver = ModalDriver()
    caplog.set_level(logging.ERROR, logger="synthdesk.gui.crash")
    try:
        qtbot.mouseClick(button, Qt.LeftButton)
        qtbot.waitUntil(lambda: len(driver.boxes) == 1, timeout=10_000)
        qtbot.mouseClick(button, Qt.LeftButton)
        qtbot.wait(300)
    finally:
        driver.stop()
    assert len(driver.boxes) == 1
    assert "(2 times so far)" in caplog.records[-1].getMessage()


def test_report_keeps_chain_without_messages():
    try:
        try:
            _fail_with_data_value()
        except ValueError as error:
            raise KeyError(SECRET) from error
    except KeyError as error:
        report = crash.format_report(type(error), error, error.__traceback__)
    assert report.index("ValueError (message") < report.index("KeyError (message")
    assert "direct cause of the following exception" in report
    assert SECRET not in report


def test_short_path_drops_user_folders():
    assert (
        crash.short_path("/home/ana/.venv/lib/python3.11/site-packages/pandas/io.py")
        == "pandas/io.py"
    )
    assert (
        crash.short_path("/home/ana/SynthDesk/_internal/synthdesk/gui/app.py")
        == "synthdesk/gui/app.py"
    )
    assert crash.short_path("/home/ana/src/synthdesk/synthdesk/cli.py") == (
        "synthdesk/cli.py"
    )
    assert crash.short_path("/home/ana/notes/script.py") == "script.py"


def test_log_formatter_leaves_out_messages():
    from synthdesk.logs import RedactingFormatter

    formatter = RedactingFormatter("%(levelname)s %(message)s")
    try:
        _fail_with_data_value()
    except ValueError:
        record = logging.LogRecord(
            "synthdesk.test", logging.ERROR, __file__, 1, "Reading failed", (), None
        )
        record.exc_info = sys.exc_info()
    text = formatter.format(record)
    assert "in _fail_with_data_value" in text
    assert "ValueError (message left out)" in text
    assert SECRET not in text
