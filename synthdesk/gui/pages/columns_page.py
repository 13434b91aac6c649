"""Step 2: check what kind of data each column holds, and what to leave out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from synthdesk.core.columns import KIND_LABELS, Kind, refresh_numeric_format
from synthdesk.core.session import Session
from synthdesk.gui.widgets import MessageBar

KIND_ORDER = [
    Kind.NUMERIC,
    Kind.CATEGORICAL,
    Kind.BOOLEAN,
    Kind.DATETIME,
    Kind.IDENTIFIER,
    Kind.FREE_TEXT,
    Kind.DIRECT_IDENTIFIER,
]

# Codes are separated by semicolons because a code may hold a decimal comma.
CODE_SEPARATOR = "; "
COLUMN_NAME, COLUMN_KIND, COLUMN_USE, COLUMN_CODES, COLUMN_REASON = range(5)


class ColumnsPage(QWidget):
    """Lists every column with its proposed kind, the reason and a use switch."""

    completeChanged = Signal()
    columnsChanged = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._filling = False
        self._build()

    def _build(self) -> None:
        title = QLabel(self.tr("<h2>2. Check the columns</h2>"))
        intro = QLabel(
            self.tr(
                "SynthDesk looked at the content of every column and proposes what it holds. "
                "Change a kind if it is wrong, or untick a column to leave it out. "
                "Identifiers get fresh made-up values; names, e-mail addresses, phone numbers "
                "and personal identity numbers are left out by default so that no real person "
                "can be found in the copy."
            )
        )
        intro.setWordWrap(True)
        self.message = MessageBar()
        self.accept_codes_button = QPushButton(
            self.tr("Treat the suggested missing-value codes as empty cells")
        )
        self.accept_codes_button.clicked.connect(self.accept_suggested_codes)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Column"),
                self.tr("Kind"),
                self.tr("Use"),
                self.tr("Codes for a missing value"),
                self.tr("Why"),
            ]
        )
        self.table.horizontalHeaderItem(COLUMN_CODES).setToolTip(
            self.tr(
                "Values that mean 'no answer', such as -200, ? or NA, separated by semicolons. They are "
                "treated as empty cells when learning and written back in the same way."
            )
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COLUMN_REASON, QHeaderView.Stretch)
        header.setSectionResizeMode(COLUMN_NAME, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(COLUMN_KIND, QHeaderView.ResizeToContents)
        header.resizeSection(COLUMN_CODES, 230)
        self.table.verticalHeader().hide()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.message)
        layout.addWidget(self.accept_codes_button)
        layout.addWidget(self.table, 1)

    def is_complete(self) -> bool:
        table = self.session.table
        return table is not None and any(spec.learned for spec in table.specs)

    def enter(self) -> None:
        self._fill()

    def kind_combo(self, row: int) -> QComboBox:
        return self.table.cellWidget(row, COLUMN_KIND)

    def use_box(self, row: int) -> QCheckBox:
        return self.table.cellWidget(row, COLUMN_USE).findChild(QCheckBox)

    def _fill(self) -> None:
        table = self.session.table
        self._filling = True
        self.table.setRowCount(0)
        if table is None:
            self._filling = False
            return
        self.table.setRowCount(len(table.specs))
        self.accept_codes_button.setVisible(
            any(
                set(spec.proposed_missing_codes) - set(spec.missing_codes)
                for spec in table.specs
            )
        )
        for row, spec in enumerate(table.specs):
            name = QTableWidgetItem(spec.name)
            name.setFlags(name.flags() & ~Qt.ItemIsEditable)
            self.table.setItem(row, COLUMN_NAME, name)
            combo = QComboBox()
            for kind in KIND_ORDER:
                combo.addItem(self.tr(KIND_LABELS[kind]), str(kind))
            combo.setCurrentIndex(KIND_ORDER.index(spec.kind))
            combo.currentIndexChanged.connect(
                lambda _index, r=row: self._on_kind_changed(r)
            )
            self.table.setCellWidget(row, COLUMN_KIND, combo)
            box = QCheckBox()
            box.setChecked(spec.include)
            box.toggled.connect(lambda checked, r=row: self._on_use_toggled(r, checked))
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(8, 0, 0, 0)
            holder_layout.addWidget(box)
            self.table.setCellWidget(row, COLUMN_USE, holder)
            codes = QLineEdit(CODE_SEPARATOR.join(spec.missing_codes))
            proposed = [
                code
                for code in spec.proposed_missing_codes
                if code not in spec.missing_codes
            ]
            if proposed:
                codes.setPlaceholderText(
                    self.tr("suggested: {codes}").format(codes=", ".join(proposed))
                )
                codes.setToolTip(
                    "\n".join(
                        self.tr("{code}: {count} cells").format(code=code, count=count)
                        for code, count in spec.proposed_missing_codes.items()
                    )
                )
            codes.editingFinished.connect(lambda r=row: self._on_codes_edited(r))
            self.table.setCellWidget(row, COLUMN_CODES, codes)
            reason = QTableWidgetItem(self._reason_text(spec))
            reason.setFlags(reason.flags() & ~Qt.ItemIsEditable)
            self.table.setItem(row, COLUMN_REASON, reason)
        self._filling = False
        self._update_message()

    def _reason_text(self, spec) -> str:
        text = spec.reason
        if spec.is_constant:
            text = self.tr("same value on every row: copied unchanged")
        elif spec.kind == Kind.IDENTIFIER and spec.include:
            text += self.tr(" — replaced by fresh values")
        return text

    def _on_kind_changed(self, row: int) -> None:
        if self._filling:
            return
        table = self.session.table
        spec = table.specs[row]
        spec.kind = Kind(self.kind_combo(row).currentData())
        if spec.kind == Kind.NUMERIC:
            refresh_numeric_format(
                spec, table.raw[spec.name], table.source.decimal, table.source.thousands
            )
        if spec.kind in (Kind.DIRECT_IDENTIFIER, Kind.FREE_TEXT):
            spec.include = False
        elif spec.detected_kind in (Kind.DIRECT_IDENTIFIER, Kind.FREE_TEXT):
            spec.include = True
        if spec.kind == Kind.DATETIME and not spec.date_format:
            spec.date_format = None
        self._filling = True
        self.use_box(row).setChecked(spec.include)
        self.table.item(row, COLUMN_REASON).setText(self._reason_text(spec))
        self._filling = False
        self._changed()

    def accept_suggested_codes(self) -> None:
        """Confirm every proposed missing-value code in every column."""
        table = self.session.table
        if table is None:
            return
        table.accept_missing_codes()
        self._fill()
        self._changed()

    def codes_edit(self, row: int) -> QLineEdit:
        return self.table.cellWidget(row, COLUMN_CODES)

    def _on_codes_edited(self, row: int) -> None:
        if self._filling:
            return
        table = self.session.table
        spec = table.specs[row]
        codes = [
            code.strip()
            for code in self.codes_edit(row).text().split(CODE_SEPARATOR.strip())
            if code.strip()
        ]
        if codes == spec.missing_codes:
            return
        spec.missing_codes = codes
        if spec.kind == Kind.NUMERIC:
            refresh_numeric_format(
                spec, table.raw[spec.name], table.source.decimal, table.source.thousands
            )
        self._changed()

    def _on_use_toggled(self, row: int, checked: bool) -> None:
        if self._filling:
            return
        self.session.table.specs[row].include = checked
        self._changed()

    def _changed(self) -> None:
        self.session.set_result(None)
        self._update_message()
        self.columnsChanged.emit()
        self.completeChanged.emit()

    def _update_message(self) -> None:
        table = self.session.table
        if table is None:
            self.message.clear()
            return
        left_out = [spec.name for spec in table.specs if not spec.include]
        if not any(spec.learned for spec in table.specs):
            self.message.show_message(
                "error",
                self.tr("No column is left to learn from."),
                self.tr("Tick at least one column of numbers, categories or dates."),
            )
        elif left_out:
            self.message.show_message(
                "info",
                self.tr("{count} column(s) will be left out: {names}.").format(
                    count=len(left_out), names=", ".join(left_out)
                ),
                self.tr("They will not appear in the synthetic data."),
            )
        else:
            self.message.clear()
