"""The main window: a list of steps, the pages, Back and Next."""

from __future__ import annotations

import logging
import platform

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from synthdesk import __version__
from synthdesk.core.session import Session
from synthdesk.gui.pages.columns_page import ColumnsPage
from synthdesk.gui.pages.export_page import ExportPage
from synthdesk.gui.pages.generator_page import GeneratorPage
from synthdesk.gui.pages.import_page import ImportPage
from synthdesk.gui.pages.review_page import ReviewPage
from synthdesk.logs import log_folder

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Walks the user through import, columns, generator, review and export."""

    def __init__(self, session: Session | None = None):
        super().__init__()
        self.session = session or Session()
        self.setWindowTitle(self.tr("SynthDesk: synthetic copies of spreadsheets"))
        self.resize(1150, 780)
        self.import_page = ImportPage(self.session)
        self.columns_page = ColumnsPage(self.session)
        self.generator_page = GeneratorPage(self.session)
        self.review_page = ReviewPage(self.session)
        self.export_page = ExportPage(self.session)
        self.pages = [
            self.import_page,
            self.columns_page,
            self.generator_page,
            self.review_page,
            self.export_page,
        ]
        self._build()
        self._build_menu()
        for page in self.pages:
            page.completeChanged.connect(self._update_buttons)
        self.import_page.tableLoaded.connect(self._update_buttons)
        self.generator_page.generated.connect(lambda: self.go_to(self.review_page))
        self.review_page.forbidRequested.connect(self._on_forbid_requested)
        self.go_to(self.import_page)

    def _build(self) -> None:
        self.steps = QListWidget()
        for label in (
            self.tr("1. Import"),
            self.tr("2. Columns"),
            self.tr("3. Generator"),
            self.tr("4. Review"),
            self.tr("5. Export"),
        ):
            self.steps.addItem(label)
        self.steps.setFixedWidth(150)
        self.steps.currentRowChanged.connect(self._on_step_clicked)
        self.stack = QStackedWidget()
        for page in self.pages:
            self.stack.addWidget(page)
        self.back_button = QPushButton(self.tr("< Back"))
        self.back_button.clicked.connect(
            lambda: self.go_to_index(self.stack.currentIndex() - 1)
        )
        self.next_button = QPushButton(self.tr("Next >"))
        self.next_button.clicked.connect(
            lambda: self.go_to_index(self.stack.currentIndex() + 1)
        )
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addWidget(self.stack, 1)
        right.addLayout(buttons)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.steps)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        open_action = QAction(self.tr("&Open a spreadsheet…"), self)
        open_action.triggered.connect(self._on_open)
        example_action = QAction(self.tr("Open the &example"), self)
        example_action.triggered.connect(self._on_example)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.triggered.connect(self.close)
        file_menu.addActions([open_action, example_action])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        logs_action = QAction(self.tr("Open &log folder"), self)
        logs_action.triggered.connect(self._on_open_logs)
        about_action = QAction(self.tr("&About SynthDesk"), self)
        about_action.triggered.connect(self._on_about)
        help_menu.addActions([logs_action, about_action])

    # --- Navigation -----------------------------------------------------------

    def go_to(self, page: QWidget) -> None:
        self.go_to_index(self.pages.index(page))

    def go_to_index(self, index: int) -> None:
        if not 0 <= index < len(self.pages) or not self._reachable(index):
            self.steps.setCurrentRow(self.stack.currentIndex())
            return
        self.stack.setCurrentIndex(index)
        self.steps.blockSignals(True)
        self.steps.setCurrentRow(index)
        self.steps.blockSignals(False)
        self.pages[index].enter()
        self._update_buttons()

    def _reachable(self, index: int) -> bool:
        return all(page.is_complete() for page in self.pages[:index])

    def _on_step_clicked(self, row: int) -> None:
        if row != self.stack.currentIndex():
            self.go_to_index(row)

    def _update_buttons(self) -> None:
        index = self.stack.currentIndex()
        self.back_button.setEnabled(index > 0)
        last = index == len(self.pages) - 1
        self.next_button.setEnabled(not last and self.pages[index].is_complete())
        for row in range(self.steps.count()):
            item = self.steps.item(row)
            enabled = self._reachable(row)
            flags = item.flags()
            item.setFlags(
                flags | item.flags().ItemIsEnabled
                if enabled
                else flags & ~item.flags().ItemIsEnabled
            )

    def _on_forbid_requested(self, values: dict) -> None:
        self.generator_page.control_panel.add_forbidden(values)
        self.go_to(self.generator_page)
        self.generator_page.right_tabs.setCurrentIndex(1)

    # --- Menu actions -----------------------------------------------------------

    def _on_open(self) -> None:
        self.go_to(self.import_page)
        self.import_page._on_open_clicked()

    def _on_example(self) -> None:
        self.go_to(self.import_page)
        self.import_page.open_example()

    def _on_open_logs(self) -> None:
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _on_about(self) -> None:
        from importlib.metadata import PackageNotFoundError, version

        def installed(name: str) -> str:
            try:
                return version(name)
            except PackageNotFoundError:
                return self.tr("not installed")

        QMessageBox.about(
            self,
            self.tr("About SynthDesk"),
            self.tr(
                "<h3>SynthDesk {version}</h3>"
                "<p>Synthetic copies of spreadsheets with sensitive records, made offline.</p>"
                "<p>SynthDesk is MIT-licensed. It uses SDV {sdv} and its parts RDT, CTGAN, "
                "Copulas and DeepEcho (Business Source License 1.1: free for use inside an "
                "organisation, not for selling synthetic-data generation as a service), "
                "PySide6 {pyside} (LGPL 3), pandas {pandas} (BSD), "
                "PyTorch {torch} (BSD), scikit-learn {sklearn} (BSD) and matplotlib {mpl} "
                "(matplotlib licence, BSD-style).</p><p>Python {python}</p>"
            ).format(
                version=__version__,
                sdv=installed("sdv"),
                pyside=installed("PySide6-Essentials"),
                pandas=installed("pandas"),
                torch=installed("torch"),
                sklearn=installed("scikit-learn"),
                mpl=installed("matplotlib"),
                python=platform.python_version(),
            ),
        )

    # --- Closing ----------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session.has_unsaved_result or self.generator_page.task.is_running():
            answer = QMessageBox.question(
                self,
                self.tr("Quit without saving?"),
                self.tr(
                    "The synthetic data has not been exported and will be lost. Quit anyway?"
                ),
            )
            if answer != QMessageBox.Yes:
                event.ignore()
                return
        self.generator_page.task.cancel()
        self.generator_page.estimate_task.cancel()
        event.accept()
