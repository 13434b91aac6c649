"""Step 1: open a spreadsheet, choose the sheet and header row, see a preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from synthdesk.core import pipeline
from synthdesk.core.session import Session
from synthdesk.gui.models import PreviewModel
from synthdesk.gui.resources import example_path
from synthdesk.gui.tasks import ThreadTask
from synthdesk.gui.widgets import MessageBar

FILE_FILTER = (
    "Spreadsheets (*.csv *.txt *.tsv *.xlsx *.xlsm *.xls *.ods);;All files (*)"
)


def _load(path: str, sheet: str | None, header_row: int | None, progress=None):
    return pipeline.load(path, sheet=sheet, header_row=header_row)


class ImportPage(QWidget):
    """Opens a file in a background thread and shows its first rows."""

    completeChanged = Signal()
    tableLoaded = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._path: str | None = None
        self._task = ThreadTask(self)
        self._task.succeeded.connect(self._on_loaded)
        self._task.failed.connect(self._on_failed)
        self._build()

    def _build(self) -> None:
        self.title = QLabel(self.tr("<h2>1. Import a spreadsheet</h2>"))
        intro = QLabel(
            self.tr(
                "Open the file with the real records. SynthDesk reads it without changing it. "
                "CSV files in any common encoding and delimiter, and Excel or OpenDocument "
                "workbooks, can be opened."
            )
        )
        intro.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open a spreadsheet…"))
        self.open_button.clicked.connect(self._on_open_clicked)
        self.example_button = QPushButton(self.tr("Try the example"))
        self.example_button.setToolTip(
            self.tr("5,000 rows of the UCI Adult census data (1994), licence CC BY 4.0")
        )
        self.example_button.clicked.connect(self.open_example)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.example_button)
        buttons.addStretch()

        self.sheet_label = QLabel(self.tr("Sheet:"))
        self.sheet_combo = QComboBox()
        self.sheet_combo.activated.connect(self._on_options_changed)
        self.header_label = QLabel(self.tr("Column names are on row:"))
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 1000)
        self.header_spin.editingFinished.connect(self._on_options_changed)
        options = QHBoxLayout()
        for widget in (
            self.sheet_label,
            self.sheet_combo,
            self.header_label,
            self.header_spin,
        ):
            options.addWidget(widget)
        options.addStretch()
        self._set_options_visible(False)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.message = MessageBar()
        self.preview = QTableView()
        self.model = PreviewModel(self)
        self.preview.setModel(self.model)
        self.preview.horizontalHeader().setDefaultSectionSize(120)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addLayout(options)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.preview, 1)

    def _set_options_visible(self, visible: bool, workbook: bool = False) -> None:
        self.sheet_label.setVisible(visible and workbook)
        self.sheet_combo.setVisible(visible and workbook)
        self.header_label.setVisible(visible)
        self.header_spin.setVisible(visible)

    def is_complete(self) -> bool:
        return self.session.table is not None and not self._task.is_running()

    def enter(self) -> None:
        self.model.refresh_headers()

    # --- Loading ------------------------------------------------------------

    def _on_open_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a spreadsheet"), "", self.tr(FILE_FILTER)
        )
        if path:
            self.open_file(path)

    def open_example(self) -> None:
        self.open_file(str(example_path()))

    def open_file(
        self, path: str, sheet: str | None = None, header_row: int | None = None
    ) -> None:
        """Read ``path`` in the background; the page updates when it is read."""
        if self._task.is_running():
            return
        self._path = path
        self.message.show_message(
            "info", self.tr("Reading {name}…").format(name=Path(path).name)
        )
        self.open_button.setEnabled(False)
        self.example_button.setEnabled(False)
        self._task.start(_load, path, sheet, header_row)
        self.completeChanged.emit()

    def _on_options_changed(self, *_args) -> None:
        if self._path is None or self.session.table is None:
            return
        sheet = self.sheet_combo.currentText() or None
        header = self.header_spin.value() - 1
        source = self.session.table.source
        if sheet == source.sheet and header == source.header_row:
            return
        self.open_file(self._path, sheet, header)

    def _on_loaded(self, table: pipeline.Table) -> None:
        self.open_button.setEnabled(True)
        self.example_button.setEnabled(True)
        self.session.set_table(table)
        self._show_table(table)
        self.tableLoaded.emit()
        self.completeChanged.emit()

    def _on_failed(self, headline: str, hint: str) -> None:
        self.open_button.setEnabled(True)
        self.example_button.setEnabled(True)
        self.message.show_message("error", headline, hint)
        self.completeChanged.emit()

    def _show_table(self, table: pipeline.Table) -> None:
        source = table.source
        workbook = source.format != "csv"
        self._set_options_visible(True, workbook)
        self.sheet_combo.clear()
        if workbook:
            for name in source.sheets:
                label = name + (
                    self.tr(" (hidden)") if name in source.hidden_sheets else ""
                )
                self.sheet_combo.addItem(name)
                self.sheet_combo.setItemData(self.sheet_combo.count() - 1, label)
            self.sheet_combo.setCurrentText(source.sheet or "")
        self.header_spin.setValue(source.header_row + 1)
        self.summary.setText(self._summary_text(table))
        self.model.set_table(table.raw, table.specs)
        notes = list(table.notes)
        if workbook and source.hidden_sheets:
            notes.append(
                self.tr("Hidden sheets: {names}.").format(
                    names=", ".join(source.hidden_sheets)
                )
            )
        if notes:
            self.message.show_message(
                "info", self.tr("Read with notes"), " ".join(notes)
            )
        else:
            self.message.clear()

    def _summary_text(self, table: pipeline.Table) -> str:
        source = table.source
        text = self.tr("<b>{name}</b>: {rows:,} rows, {columns} columns.").format(
            name=source.name, rows=table.rows, columns=len(table.specs)
        )
        if source.format == "csv":
            delimiters = {
                ",": self.tr("comma"),
                ";": self.tr("semicolon"),
                "\t": self.tr("tab"),
                "|": self.tr("vertical bar"),
            }
            text += " " + self.tr(
                "Read as text in {encoding}, separated by {delimiter}, decimal mark '{decimal}'."
            ).format(
                encoding=source.encoding,
                delimiter=delimiters.get(source.delimiter, source.delimiter),
                decimal=source.decimal,
            )
        else:
            text += " " + self.tr("Sheet '{sheet}'.").format(sheet=source.sheet)
        if source.name == example_path().name:
            text += " " + self.tr(
                "Example: 5,000 rows of the UCI Adult census data (1994 US Current Population Survey), "
                "licence CC BY 4.0, DOI 10.24432/C5XW20."
            )
        return text
