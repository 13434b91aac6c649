"""Run work off the GUI thread: child processes for models, threads for files.

Results, errors and progress reach widgets only through queued signals, and
no task ever touches a widget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from synthdesk.core.errors import Cancelled, SynthDeskError
from synthdesk.core.progress import Progress
from synthdesk.core.worker import Job

log = logging.getLogger(__name__)

POLL_MILLISECONDS = 100


class ProcessTask(QObject):
    """Owns one child-process job at a time and reports on it with signals."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._job: Job | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MILLISECONDS)
        self._timer.timeout.connect(self._poll)

    @property
    def job(self) -> Job | None:
        return self._job

    def is_running(self) -> bool:
        return self._job is not None

    def start(self, job: str, payload: dict) -> None:
        if self._job is not None:
            raise RuntimeError("A job is already running.")
        self._job = Job(job, payload)
        self._timer.start()

    def cancel(self) -> None:
        if self._job is None:
            return
        self._timer.stop()
        self._job.cancel()
        self._job = None
        self.cancelled.emit()

    def _poll(self) -> None:
        job = self._job
        if job is None:
            return
        for message in job.poll():
            kind = message[0]
            if kind == "progress":
                self.progressed.emit(message[1], message[2])
            elif kind == "result":
                self._finish()
                self.succeeded.emit(message[1])
                return
            elif kind == "error":
                self._finish()
                self.failed.emit(message[1], message[2])
                return
        if not job.is_alive():
            # The child may have put its last message just before exiting.
            remaining = job.poll()
            if remaining:
                self._requeue(remaining)
                return
            self._finish()
            log.error(
                "Worker process %s ended with code %s",
                job.process.pid,
                job.process.exitcode,
            )
            self.failed.emit(
                self.tr("The generator stopped unexpectedly."),
                self.tr(
                    "It may have run out of memory. Try fewer rows or the fast statistical model; details are in the log."
                ),
            )

    def _requeue(self, messages: list[tuple]) -> None:
        for message in messages:
            if message[0] == "result":
                self._finish()
                self.succeeded.emit(message[1])
                return
            if message[0] == "error":
                self._finish()
                self.failed.emit(message[1], message[2])
                return

    def _finish(self) -> None:
        self._timer.stop()
        if self._job is not None:
            self._job.process.join(2)
            self._job.close()
        self._job = None


class _ThreadSignals(QObject):
    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(
        self,
        function: Callable,
        args: tuple,
        signals: _ThreadSignals,
        cancel_flag: list,
    ):
        super().__init__()
        self._function = function
        self._args = args
        self._signals = signals
        self._cancel_flag = cancel_flag

    def run(self) -> None:
        progress = Progress(self._signals.progressed.emit, lambda: self._cancel_flag[0])
        try:
            value = self._function(*self._args, progress=progress)
        except Cancelled:
            self._signals.cancelled.emit()
        except SynthDeskError as error:
            self._signals.failed.emit(error.headline, error.hint)
        except FileExistsError as error:
            self._signals.failed.emit(
                f"{error} already exists.", "Choose another folder."
            )
        except PermissionError as error:
            self._signals.failed.emit(
                f"SynthDesk may not write to {error.filename}.",
                "Choose a folder you can write to, or close the file if another program has it open.",
            )
        except OSError as error:
            self._signals.failed.emit(
                f"Writing failed: {error.strerror or error}.",
                "Check the disk and the folder, then try again.",
            )
        except Exception as error:
            log.exception("Background task failed")
            self._signals.failed.emit(
                f"Something went wrong: {type(error).__name__}.",
                "Details are in the log (Help > Open log folder).",
            )
        else:
            self._signals.succeeded.emit(value)


class ThreadTask(QObject):
    """Runs a light function (reading a file, writing an export) in a thread.

    The function is called as ``function(*args, progress=Progress)``; it may
    raise ``Cancelled`` after ``cancel()``.
    """

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._running = False
        self._cancel_flag = [False]
        self._signals: _ThreadSignals | None = None

    def is_running(self) -> bool:
        return self._running

    def start(self, function: Callable, *args) -> None:
        if self._running:
            raise RuntimeError("A task is already running.")
        self._running = True
        self._cancel_flag = [False]
        signals = _ThreadSignals()
        signals.progressed.connect(self.progressed)
        signals.succeeded.connect(self._on_succeeded)
        signals.failed.connect(self._on_failed)
        signals.cancelled.connect(self._on_cancelled)
        self._signals = signals
        QThreadPool.globalInstance().start(
            _Runnable(function, args, signals, self._cancel_flag)
        )

    def cancel(self) -> None:
        self._cancel_flag[0] = True

    def _on_succeeded(self, value) -> None:
        self._running = False
        self.succeeded.emit(value)

    def _on_failed(self, headline: str, hint: str) -> None:
        self._running = False
        self.failed.emit(headline, hint)

    def _on_cancelled(self) -> None:
        self._running = False
        self.cancelled.emit()
