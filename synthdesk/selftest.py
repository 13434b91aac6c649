"""Check an installed SynthDesk end to end on the bundled example.

``synthdesk --self-test`` runs every step a user takes, with the window
offscreen: it shows the main window, imports the example, generates with
every registered generator in a worker process (as the window does), shows
the review with its plots and exports each result into a temporary folder.
It prints one line per step and returns 0 only if every step passed. The
point is to prove that a frozen bundle contains everything the app imports
at run time, so each step uses the same code paths as the window.

Neural generators train for one epoch, and every generator learns only the
first ``ROWS`` rows of the example, so the whole check takes about a minute
on two cores.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

ROWS = 300
SEED = 7
JOB_TIMEOUT_SECONDS = 600.0
REVIEW_TIMEOUT_SECONDS = 60.0
EXPECTED_EXPORT_FILES = {"README.md", "report.html", "run.json"}


class StepFailed(Exception):
    """A step ran but its outcome was wrong, as the message describes."""


@dataclasses.dataclass
class StepOutcome:
    name: str
    passed: bool
    seconds: float
    detail: str


class SelfTest:
    """The steps of the self-test, sharing the window, the table and the results."""

    def __init__(self, folder: Path, generators: list[str]):
        self.folder = folder
        self.generators = generators
        self.outcomes: list[StepOutcome] = []
        self.app = None
        self.window = None
        self.table = None
        self.results: dict = {}

    def run(self) -> bool:
        self.step("window", self.show_window)
        self.step("import", self.import_example)
        for name in self.generators:
            self.step(f"generate {name}", lambda name=name: self.generate(name))
            self.step(f"review {name}", lambda name=name: self.review(name))
            self.step(f"export {name}", lambda name=name: self.export(name))
        if self.window is not None:
            self.close_window()
        return all(outcome.passed for outcome in self.outcomes)

    def close_window(self) -> None:
        """Close and delete the window while the application still exists.

        A window left to the interpreter's shutdown, or a background task of
        the review page still running then, crashes Qt at exit.
        """
        from PySide6.QtCore import QEvent, QThreadPool
        from PySide6.QtWidgets import QApplication

        self.window.session.exported = True  # no question when closing
        self.window.close()
        QThreadPool.globalInstance().waitForDone(30_000)
        self.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        self.window = None

    def step(self, name: str, action: Callable[[], str]) -> None:
        """Run ``action`` and print one line with its outcome and duration."""
        started = time.perf_counter()
        try:
            detail = action()
            passed = True
        except Exception as error:
            passed = False
            detail = f"{type(error).__name__}: {error}"
            log.exception("Self-test step %s failed", name)
        seconds = time.perf_counter() - started
        outcome = StepOutcome(name, passed, seconds, detail)
        self.outcomes.append(outcome)
        label = "ok  " if passed else "FAIL"
        print(f"{label} {name:<28} {seconds:6.1f} s  {detail}", flush=True)

    # --- Steps ----------------------------------------------------------------

    def show_window(self) -> str:
        from PySide6.QtWidgets import QApplication

        from synthdesk.gui.app import install_translation
        from synthdesk.gui.main_window import MainWindow

        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        install_translation(self.app)
        self.window = MainWindow()
        self.window.show()
        self.app.processEvents()
        if not self.window.isVisible():
            raise StepFailed("the main window is not visible after show()")
        return f"main window shown on the {self.app.platformName()} platform"

    def import_example(self) -> str:
        from synthdesk.core import pipeline
        from synthdesk.gui.resources import example_path

        path = example_path()
        table = pipeline.load(str(path))
        if table.rows < ROWS:
            raise StepFailed(f"the example has only {table.rows} rows")
        raw = table.raw.head(ROWS).reset_index(drop=True)
        self.table = dataclasses.replace(table, raw=raw)
        learned = sum(spec.learned for spec in table.specs)
        return (
            f"{path.name}: {table.rows} rows, {len(table.specs)} columns "
            f"({learned} learned); using the first {ROWS} rows"
        )

    def generate(self, name: str) -> str:
        from synthdesk.core import pipeline
        from synthdesk.core.generators import generator_info
        from synthdesk.core.worker import Job

        if self.table is None:
            raise StepFailed("no table, because the import step failed")
        info = generator_info(name)
        params = {"epochs": 1} if info.neural else {}
        settings = pipeline.Settings(
            generator=name, rows=ROWS, seed=SEED, params=params
        )
        job = Job("generate", {"table": self.table, "settings": settings})
        try:
            result = _wait_for_result(job, JOB_TIMEOUT_SECONDS)
        finally:
            job.cancel()
        if len(result.synthetic) != ROWS:
            raise StepFailed(f"{len(result.synthetic)} rows made, expected {ROWS}")
        self.results[name] = result
        return f"{ROWS} rows in a worker process, fit {result.seconds['fit']} s"

    def review(self, name: str) -> str:
        from synthdesk.gui.widgets import FigureView

        result = self.results.get(name)
        if result is None:
            raise StepFailed("no result, because the generate step failed")
        score = ((result.evaluation or {}).get("scores") or {}).get("overall")
        if score is None:
            raise StepFailed("the evaluation has no overall quality score")
        session = self.window.session
        session.set_table(self.table)
        session.set_result(result)
        page = self.window.review_page
        views = page.findChildren(FigureView)
        # The page keeps the previous result's plots until it draws new ones.
        previous = {id(view.figure) for view in views if view.figure is not None}

        def drawn() -> list:
            figures = [view.figure for view in views if view.figure is not None]
            return [figure for figure in figures if id(figure) not in previous]

        page.enter()
        _process_events_until(lambda: bool(drawn()), REVIEW_TIMEOUT_SECONDS)
        if not drawn():
            raise StepFailed(
                f"the review page drew no plot within {REVIEW_TIMEOUT_SECONDS:.0f} s"
            )
        warnings = len(result.evaluation.get("warnings", []))
        return (
            f"quality {score * 100:.0f} %, {warnings} warning(s), "
            f"{len(drawn())} plot(s) drawn"
        )

    def export(self, name: str) -> str:
        from synthdesk.core.export import ExportOptions, export_run

        result = self.results.get(name)
        if result is None:
            raise StepFailed("no result, because the generate step failed")
        options = ExportOptions(format="csv", about={"creator": "SynthDesk self-test"})
        folder = export_run(self.table, result, self.folder / name, options)
        names = {path.name for path in folder.iterdir()}
        missing = EXPECTED_EXPORT_FILES - names
        if missing:
            raise StepFailed(f"the export lacks {', '.join(sorted(missing))}")
        data = [path for path in folder.iterdir() if path.suffix == ".csv"]
        if len(data) != 1:
            raise StepFailed(f"expected one CSV data file, found {len(data)}")
        lines = data[0].read_text(encoding="utf-8").count("\n")
        if lines != ROWS + 1:
            raise StepFailed(f"{data[0].name} has {lines} lines, expected {ROWS + 1}")
        self.window.session.exported = True
        return f"{len(names)} files written"


def _wait_for_result(job, timeout: float):
    """Poll ``job`` until it sends its result; raise on an error or a timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in job.poll():
            if message[0] == "result":
                return message[1]
            if message[0] == "error":
                raise StepFailed(f"{message[1]} {message[2]}".strip())
        if not job.is_alive():
            for message in job.poll():
                if message[0] == "result":
                    return message[1]
            raise StepFailed(
                f"the worker process exited with code {job.process.exitcode} "
                "without a result"
            )
        time.sleep(0.1)
    raise StepFailed(f"the worker process sent no result within {timeout:.0f} s")


def _process_events_until(condition: Callable[[], bool], timeout: float) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)


def run_self_test(argv: list[str]) -> int:
    """Run the self-test; return 0 if every step passed, 1 otherwise."""
    from synthdesk.core.generators import GENERATORS

    parser = argparse.ArgumentParser(
        prog="synthdesk --self-test",
        description="Check this installation end to end on the bundled example.",
    )
    parser.add_argument(
        "--generator",
        action="append",
        choices=sorted(GENERATORS),
        help="check only this generator (repeatable; default: every generator)",
    )
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="export into this folder and keep it (default: a temporary folder)",
    )
    args = parser.parse_args(argv)
    # The check must run on a computer without a display and must not
    # flash a window on one that has a display.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("MPLBACKEND", "Agg")
    generators = args.generator or list(GENERATORS)
    started = time.perf_counter()
    print(f"SynthDesk self-test: {len(generators)} generator(s)", flush=True)
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
        passed = SelfTest(folder, generators).run()
    else:
        with tempfile.TemporaryDirectory(prefix="synthdesk-self-test-") as temporary:
            passed = SelfTest(Path(temporary), generators).run()
    seconds = time.perf_counter() - started
    verdict = "passed" if passed else "FAILED"
    print(f"Self-test {verdict} in {seconds:.1f} s", flush=True)
    log.info("Self-test %s in %.1f s", verdict, seconds)
    return 0 if passed else 1
