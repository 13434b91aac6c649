"""Turn an unexpected error in the window into a message, a log entry and a report.

``install`` replaces ``sys.excepthook`` and ``threading.excepthook``. An
exception that escapes a slot, an event handler or a Python thread is then
written to the log and shown in a short message box that offers to save a
crash report. The window stays open, so a user with unsaved results can
still export them.

The log entry and the report hold the same redacted text: the exception
types of the chain, and for every frame the file, line number, function and
source line. They leave out the exception message, exception notes and local
variables, because those may contain values from the user's data (for
example ``ValueError: could not convert string to float: 'Jane Doe'``).
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from synthdesk import __version__

log = logging.getLogger(__name__)

MESSAGE_LEFT_OUT = "message left out: it may contain values from the data"
CAUSE_LINK = "The above exception was the direct cause of the following exception:"
CONTEXT_LINK = "During handling of the above exception, another exception occurred:"
# Path parts after which a source path is shown; the rest of the path (for
# example the user's home folder) is dropped from the report.
PATH_ANCHORS = ("site-packages", "_internal", "Contents/Frameworks")


def short_path(filename: str) -> str:
    """Return ``filename`` from its package folder on, without the user's folders."""
    parts = Path(filename).parts
    for anchor in PATH_ANCHORS:
        anchor_parts = tuple(Path(anchor).parts)
        for index in range(len(parts) - len(anchor_parts), -1, -1):
            if parts[index : index + len(anchor_parts)] == anchor_parts:
                return "/".join(parts[index + len(anchor_parts) :])
    for index in range(len(parts) - 1, -1, -1):
        if parts[index] in ("synthdesk", "tests", "packaging"):
            return "/".join(parts[index:])
    return Path(filename).name


def format_report(
    exc_type: type[BaseException],
    exc_value: BaseException | None,
    exc_traceback: TracebackType | None,
    thread_name: str | None = None,
) -> str:
    """Return the crash report: versions, exception types and code locations only."""
    lines = [
        "SynthDesk crash report",
        f"SynthDesk {__version__}, Python {platform.python_version()}, "
        f"{platform.platform()}",
        f"Time: {dt.datetime.now(dt.UTC).isoformat(timespec='seconds')}",
        f"Thread: {thread_name or threading.current_thread().name}",
        "",
    ]
    chain = _exception_chain(exc_type, exc_value, exc_traceback)
    for kind, tb, link in chain:
        lines.append("Traceback (most recent call last):")
        for frame in traceback.extract_tb(tb):
            lines.append(
                f'  File "{short_path(frame.filename)}", line {frame.lineno}, '
                f"in {frame.name}"
            )
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
        lines.append(f"{_qualified_name(kind)} ({MESSAGE_LEFT_OUT})")
        if link:
            lines += ["", link, ""]
    return "\n".join(lines) + "\n"


def _exception_chain(exc_type, exc_value, exc_traceback) -> list[tuple]:
    """Return (type, traceback, link) from the first cause to the raised error.

    ``link`` is the sentence Python prints between an exception and the one
    it led to; the raised error, which is last, has an empty link.
    """
    chain = [(exc_type, exc_traceback, "")]
    seen = {id(exc_value)}
    current = exc_value
    while current is not None:
        if current.__cause__ is not None:
            earlier, link = current.__cause__, CAUSE_LINK
        elif current.__context__ is not None and not current.__suppress_context__:
            earlier, link = current.__context__, CONTEXT_LINK
        else:
            break
        if id(earlier) in seen:
            break
        seen.add(id(earlier))
        chain.append((type(earlier), earlier.__traceback__, link))
        current = earlier
    chain.reverse()
    return chain


def _qualified_name(kind: type) -> str:
    module = getattr(kind, "__module__", "builtins")
    return (
        kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"
    )


def _error_place(exc_traceback: TracebackType | None) -> str:
    frames = traceback.extract_tb(exc_traceback)
    if not frames:
        return ""
    last = frames[-1]
    return f"{Path(last.filename).name}, line {last.lineno}, in {last.name}"


class CrashReporter(QObject):
    """Logs unexpected errors and shows them to the user in the GUI thread.

    Errors from other threads reach the GUI thread through the queued
    ``crashed`` signal. While a message is open, further errors are only
    logged, and an error raised again at the same place is logged with a
    count but not shown again.
    """

    crashed = Signal(str, str, str)  # exception type, place in the code, report

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.window: QWidget | None = None
        self.message_box: QMessageBox | None = None
        self.last_report: str | None = None
        self._counts: dict[tuple[str, str], int] = {}
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        self.crashed.connect(self._show)

    # --- Hooks ------------------------------------------------------------------

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous_hooks

    def excepthook(self, exc_type, exc_value, exc_traceback) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous_hooks[0](exc_type, exc_value, exc_traceback)
            return
        self.report(exc_type, exc_value, exc_traceback, None)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else None
        self.report(args.exc_type, args.exc_value, args.exc_traceback, name)

    def report(self, exc_type, exc_value, exc_traceback, thread_name) -> None:
        """Log the redacted report and ask the GUI thread to show the message."""
        report = format_report(exc_type, exc_value, exc_traceback, thread_name)
        place = _error_place(exc_traceback)
        signature = (exc_type.__qualname__, place)
        count = self._counts.get(signature, 0) + 1
        self._counts[signature] = count
        if count == 1:
            log.error("Unexpected error:\n%s", report)
        else:
            log.error(
                "Unexpected error %s at %s again (%d times so far)",
                exc_type.__qualname__,
                place,
                count,
            )
            return
        self.crashed.emit(exc_type.__qualname__, place, report)

    # --- Message ------------------------------------------------------------------

    def _show(self, kind: str, place: str, report: str) -> None:
        self.last_report = report
        if self.message_box is not None:
            log.info("Not showing %s: a crash message is already open", kind)
            return
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Critical)
        box.setWindowTitle(self.tr("SynthDesk: unexpected error"))
        box.setText(
            self.tr(
                "Something went wrong inside SynthDesk ({kind} in {place}). "
                "The window stays open; if something looks wrong, restart "
                "SynthDesk."
            ).format(kind=kind, place=place or self.tr("unknown place"))
        )
        informative = self.tr(
            "The details are in the log (Help > Open log folder). A crash "
            "report holds the error type and the places in the code, but no "
            "values from your data."
        )
        session = getattr(self.window, "session", None)
        if session is not None and session.has_unsaved_result:
            informative += " " + self.tr(
                "Your synthetic data has not been exported yet: export it "
                "before you restart."
            )
        box.setInformativeText(informative)
        box.setDetailedText(report)
        save_button = box.addButton(self.tr("Save Report…"), QMessageBox.ActionRole)
        box.addButton(QMessageBox.Close)
        box.setDefaultButton(QMessageBox.Close)
        self.message_box = box
        try:
            box.exec()
        finally:
            self.message_box = None
        if box.clickedButton() is save_button:
            self._ask_and_save(report)

    def _ask_and_save(self, report: str) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        suggested = str(Path(folder or Path.home()) / f"synthdesk-crash-{stamp}.txt")
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Save crash report"),
            suggested,
            self.tr("Text files (*.txt)"),
        )
        if not path:
            return
        try:
            save_report(report, Path(path))
        except OSError as error:
            log.warning("Could not save the crash report to %s: %s", path, error)
            QMessageBox.warning(
                self.window,
                self.tr("Crash report not saved"),
                self.tr("The report could not be saved to {path}: {error}").format(
                    path=path, error=error.strerror or error
                ),
            )


def save_report(report: str, path: Path) -> Path:
    path.write_text(report, encoding="utf-8")
    log.info("Saved a crash report to %s", path)
    return path


def install(app: QApplication) -> CrashReporter:
    """Create a ``CrashReporter`` owned by ``app`` and install its hooks."""
    reporter = CrashReporter(app)
    reporter.install()
    return reporter
