"""Step 5: save the synthetic data with its README, report and run.json."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from synthdesk.core import user_settings
from synthdesk.core.export import ExportOptions, default_folder_name, export_run
from synthdesk.core.export.readme import ABOUT_FIELDS
from synthdesk.core.session import Session
from synthdesk.gui.tasks import ThreadTask
from synthdesk.gui.widgets import MessageBar

LONG_FIELDS = {"description", "access", "intended_uses", "residual_risk"}
REMEMBERED_FIELDS = {"creator", "organisation", "contact", "licence"}


class ExportPage(QWidget):
    """Asks where to save and what only the user knows, then writes the folder."""

    completeChanged = Signal()
    exported = Signal(Path)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._task = ThreadTask(self)
        self._task.progressed.connect(
            lambda fraction, _text: self.progress.setValue(int(fraction * 1000))
        )
        self._task.succeeded.connect(self._on_exported)
        self._task.failed.connect(self._on_failed)
        self._task.cancelled.connect(self._on_cancelled)
        self.about_fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._build()

    def _build(self) -> None:
        title = QLabel(self.tr("<h2>5. Export</h2>"))
        intro = QLabel(
            self.tr(
                "SynthDesk writes a new folder with the synthetic data, a README that explains "
                "how it was made and what to beware of, a report with the pictures, and a file "
                "to make the same data again. Fill in what only you know; empty answers are "
                "marked as blanks in the README."
            )
        )
        intro.setWordWrap(True)
        self.parent_edit = QLineEdit(self._default_parent())
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._on_browse)
        parent_row = QHBoxLayout()
        parent_row.addWidget(self.parent_edit, 1)
        parent_row.addWidget(browse)
        self.name_edit = QLineEdit()
        self.format_combo = QComboBox()
        self.format_combo.addItem(self.tr("Same as the input"), "same")
        self.format_combo.addItem(self.tr("CSV (text)"), "csv")
        self.format_combo.addItem(self.tr("Excel workbook (.xlsx)"), "xlsx")
        where = QFormLayout()
        where.addRow(self.tr("Save in:"), parent_row)
        where.addRow(self.tr("New folder name:"), self.name_edit)
        where.addRow(self.tr("Data format:"), self.format_combo)

        # Only the answers about the person and the licence carry over to the
        # next export; the description of one data set must not reach another.
        saved = {
            key: value
            for key, value in user_settings.load_about().items()
            if key in REMEMBERED_FIELDS
        }
        about_form = QFormLayout()
        for key, (label, hint) in ABOUT_FIELDS.items():
            if key in LONG_FIELDS:
                field = QPlainTextEdit(saved.get(key, ""))
                field.setPlaceholderText(self.tr(hint))
                field.setFixedHeight(54)
            else:
                field = QLineEdit(saved.get(key, ""))
                field.setPlaceholderText(self.tr(hint))
            self.about_fields[key] = field
            about_form.addRow(self.tr(label) + ":", field)
        about_box = QGroupBox(self.tr("About the data (goes into the README)"))
        about_box.setLayout(about_form)

        self.export_button = QPushButton(self.tr("Export"))
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self._task.cancel)
        self.open_button = QPushButton(self.tr("Open the folder"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._on_open_folder)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.open_button)
        self.message = MessageBar()

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(where)
        layout.addWidget(about_box)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch()

    def _default_parent(self) -> str:
        documents = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
        return documents or str(Path.home())

    def is_complete(self) -> bool:
        return self.session.exported

    def enter(self) -> None:
        table = self.session.table
        if table is not None:
            self.name_edit.setText(default_folder_name(table.source.name))
        self.open_button.setEnabled(self.session.exported)

    def about(self) -> dict:
        values = {}
        for key, field in self.about_fields.items():
            text = (
                field.toPlainText()
                if isinstance(field, QPlainTextEdit)
                else field.text()
            )
            values[key] = text.strip()
        return values

    def target(self) -> Path:
        return (
            Path(self.parent_edit.text()).expanduser() / self.name_edit.text().strip()
        )

    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Save the export in"), self.parent_edit.text()
        )
        if folder:
            self.parent_edit.setText(folder)

    def start_export(self, overwrite: bool | None = None) -> None:
        """Write the export folder in a thread; ask before replacing a folder."""
        if self.session.result is None or self._task.is_running():
            return
        if not self.name_edit.text().strip():
            self.message.show_message(
                "error",
                self.tr("The folder needs a name."),
                self.tr("Type a name for the new folder."),
            )
            return
        target = self.target()
        if target.exists() and overwrite is None:
            answer = QMessageBox.question(
                self,
                self.tr("Replace the folder?"),
                self.tr(
                    "{path} already exists. Replace it and everything in it?"
                ).format(path=target),
            )
            if answer != QMessageBox.Yes:
                return
            overwrite = True
        about = self.about()
        user_settings.save_about(
            {key: about[key] for key in REMEMBERED_FIELDS if key in about}
        )
        options = ExportOptions(
            format=self.format_combo.currentData(),
            about=about,
            overwrite=bool(overwrite),
        )
        self.message.show_message("info", self.tr("Writing the export…"))
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._task.start(
            export_run, self.session.table, self.session.result, target, options
        )

    def _on_exported(self, folder: Path) -> None:
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.open_button.setEnabled(True)
        self.progress.setValue(1000)
        self.session.export_folder = folder
        self.session.exported = True
        self.message.show_message(
            "info",
            self.tr("Saved in {folder}").format(folder=folder),
            self.tr(
                "Share the whole folder: the README tells others what the data are and are not."
            ),
        )
        self.completeChanged.emit()
        self.exported.emit(folder)

    def _on_failed(self, headline: str, hint: str) -> None:
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setValue(0)
        self.message.show_message("error", headline, hint)

    def _on_cancelled(self) -> None:
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setValue(0)
        self.message.show_message(
            "info", self.tr("Export cancelled. Nothing was written.")
        )

    def _on_open_folder(self) -> None:
        if self.session.export_folder is not None:
            QDesktopServices.openUrl(
                QUrl.fromLocalFile(str(self.session.export_folder))
            )
