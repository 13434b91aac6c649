"""Create the application, load the translation and show the main window."""

from __future__ import annotations

import argparse
import logging
import sys
import time

from PySide6.QtCore import QEvent, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from synthdesk.gui.resources import resources_folder

log = logging.getLogger(__name__)


def install_translation(
    app: QApplication, locale: QLocale | None = None
) -> QTranslator | None:
    """Load the catalogue for the user's language, if SynthDesk has one."""
    translator = QTranslator(app)
    folder = resources_folder() / "translations"
    if translator.load(locale or QLocale(), "synthdesk", "_", str(folder)):
        app.installTranslator(translator)
        return translator
    return None


class FirstPaintTimer(QObject):
    """An event filter that prints the Unix time of the first paint, then quits.

    A launcher that notes the time before starting the process gets the
    time from launch to the first window from the difference.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Paint:
            watched.removeEventFilter(self)
            print(f"First paint at {time.time():.3f}", flush=True)
            log.info("First paint")
            QTimer.singleShot(0, QApplication.quit)
        return False


def run_app(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="synthdesk", add_help=True)
    parser.add_argument(
        "--example", action="store_true", help="open the bundled example at start"
    )
    parser.add_argument(
        "--measure-startup",
        action="store_true",
        help="print the Unix time of the window's first paint, then quit",
    )
    parser.add_argument("file", nargs="?", help="a spreadsheet to open at start")
    args, qt_args = parser.parse_known_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("SynthDesk")
    # The desktop file name lets Wayland match the window to synthdesk.desktop.
    app.setDesktopFileName("synthdesk")
    app.setWindowIcon(QIcon(str(resources_folder() / "icons" / "synthdesk.png")))
    install_translation(app)
    from synthdesk.gui import crash
    from synthdesk.gui.main_window import MainWindow

    reporter = crash.install(app)
    window = MainWindow()
    reporter.window = window
    if args.measure_startup:
        window.installEventFilter(FirstPaintTimer(app))
    window.show()
    if args.file:
        window.import_page.open_file(args.file)
    elif args.example:
        window.import_page.open_example()
    log.info("Window shown")
    return app.exec()
