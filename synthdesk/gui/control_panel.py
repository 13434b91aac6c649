"""A panel for the generator page: rebalance a column, forbid combinations, keep rules.

``ControlPanel.control()`` returns the dict for ``Settings.control`` (see
``synthdesk.core.control``); ``pipeline.validate`` checks it and explains
what cannot be met before a run starts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from synthdesk.core import control as controls

PRESETS = ("real", "equal", "custom")
# Item data role that holds a forbidden combination or a rule dict.
VALUE_ROLE = Qt.ItemDataRole.UserRole


class ControlPanel(QWidget):
    """Rebalancing, forbidden combinations, only-seen columns and proposed rules."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._table = None
        self._real_shares: dict[str, float] = {}
        self._build()

    # --- Layout -------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_balance())
        layout.addWidget(self._build_forbidden())
        layout.addWidget(self._build_only_seen())
        layout.addWidget(self._build_rules())

    def _build_balance(self) -> QGroupBox:
        box = QGroupBox(self.tr("Rebalance a group"))
        form = QFormLayout(box)
        self.balance_column = QComboBox()
        self.balance_column.currentIndexChanged.connect(self._on_balance_column)
        self.balance_preset = QComboBox()
        self.balance_preset.addItem(self.tr("As in the real data"), "real")
        self.balance_preset.addItem(self.tr("Equal shares"), "equal")
        self.balance_preset.addItem(self.tr("Custom shares"), "custom")
        self.balance_preset.currentIndexChanged.connect(self._on_preset)
        self.shares_table = QTableWidget(0, 3)
        self.shares_table.setHorizontalHeaderLabels(
            [self.tr("Value"), self.tr("Real share"), self.tr("Share in output (%)")]
        )
        self.shares_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch
        )
        self.shares_table.verticalHeader().hide()
        form.addRow(self.tr("Column:"), self.balance_column)
        form.addRow(self.tr("Shares:"), self.balance_preset)
        form.addRow(self.shares_table)
        self._on_balance_column()
        return box

    def _build_forbidden(self) -> QGroupBox:
        box = QGroupBox(self.tr("Forbidden combinations"))
        layout = QVBoxLayout(box)
        hint = QLabel(
            self.tr(
                "No synthetic row will hold all values of a combination listed here. "
                "Add one from the review with 'Forbid this combination'."
            )
        )
        hint.setWordWrap(True)
        self.forbidden_list = QListWidget()
        self.forbidden_list.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection
        )
        self.remove_forbidden_button = QPushButton(self.tr("Remove"))
        self.remove_forbidden_button.clicked.connect(self.remove_selected_forbidden)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_forbidden_button)
        layout.addWidget(hint)
        layout.addWidget(self.forbidden_list)
        layout.addLayout(row)
        return box

    def _build_only_seen(self) -> QGroupBox:
        box = QGroupBox(self.tr("Only combinations seen in the real data"))
        layout = QVBoxLayout(box)
        hint = QLabel(
            self.tr(
                "For the ticked category columns, every synthetic row holds a "
                "combination of values that occurs in the real data."
            )
        )
        hint.setWordWrap(True)
        self.only_seen_list = QListWidget()
        self.only_seen_list.itemChanged.connect(lambda _item: self.changed.emit())
        layout.addWidget(hint)
        layout.addWidget(self.only_seen_list)
        return box

    def _build_rules(self) -> QGroupBox:
        box = QGroupBox(self.tr("Rules"))
        layout = QVBoxLayout(box)
        hint = QLabel(
            self.tr(
                "Every real row obeys these rules. Tick the ones the synthetic "
                "rows must obey too."
            )
        )
        hint.setWordWrap(True)
        self.rules_list = QListWidget()
        self.rules_list.itemChanged.connect(lambda _item: self.changed.emit())
        layout.addWidget(hint)
        layout.addWidget(self.rules_list)
        return box

    # --- Table --------------------------------------------------------------

    def set_table(self, table) -> None:
        """Offer the columns and proposed rules of ``table``; clears earlier choices."""
        self._table = table
        categories = [
            spec.name
            for spec in table.specs
            if spec.learned and spec.kind in controls.BALANCE_KINDS
        ]
        self.balance_column.blockSignals(True)
        self.balance_column.clear()
        self.balance_column.addItem(self.tr("(none)"), None)
        for name in categories:
            self.balance_column.addItem(name, name)
        self.balance_column.blockSignals(False)
        self.forbidden_list.clear()
        self.only_seen_list.blockSignals(True)
        self.only_seen_list.clear()
        for name in categories:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.only_seen_list.addItem(item)
        self.only_seen_list.blockSignals(False)
        self.rules_list.blockSignals(True)
        self.rules_list.clear()
        for rule in controls.propose_rules(table):
            item = QListWidgetItem(self._rule_text(rule))
            item.setData(VALUE_ROLE, rule)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.rules_list.addItem(item)
        self.rules_list.blockSignals(False)
        self._on_balance_column()

    def _rule_text(self, rule: dict) -> str:
        kind = rule["kind"]
        if kind == "order":
            return self.tr("'{0}' is never greater than '{1}'").format(*rule["columns"])
        if kind == "step":
            return self.tr("'{0}' moves in whole steps of {1}").format(
                rule["column"], controls.format_number(rule["step"])
            )
        return self.tr("'{0}' lies between {1} and {2}").format(
            rule["column"],
            controls.format_number(rule["min"]),
            controls.format_number(rule["max"]),
        )

    # --- Rebalancing ----------------------------------------------------------

    def _on_balance_column(self) -> None:
        name = self.balance_column.currentData()
        active = name is not None
        self.balance_preset.setEnabled(active)
        self.shares_table.setEnabled(active)
        self.shares_table.setRowCount(0)
        self._real_shares = {}
        if active and self._table is not None:
            values = self._table.model_frame()[name].map(controls.label)
            shares = values.dropna().value_counts(normalize=True, sort=False)
            self._real_shares = {
                str(value): float(shares[value]) for value in sorted(shares.index)
            }
        self.shares_table.setRowCount(len(self._real_shares))
        for row, (value, share) in enumerate(self._real_shares.items()):
            value_item = QTableWidgetItem(value)
            value_item.setFlags(value_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            real_item = QTableWidgetItem(f"{share * 100:.1f} %")
            real_item.setFlags(real_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            spin = QDoubleSpinBox()
            spin.setRange(0.0, 100.0)
            spin.setDecimals(1)
            spin.setSuffix(" %")
            spin.valueChanged.connect(lambda _value: self.changed.emit())
            self.shares_table.setItem(row, 0, value_item)
            self.shares_table.setItem(row, 1, real_item)
            self.shares_table.setCellWidget(row, 2, spin)
        self._on_preset()

    def _on_preset(self) -> None:
        preset = self.balance_preset.currentData()
        count = len(self._real_shares)
        for row, share in enumerate(self._real_shares.values()):
            spin = self.shares_table.cellWidget(row, 2)
            spin.blockSignals(True)
            if preset == "equal":
                spin.setValue(100.0 / count)
            elif preset == "real":
                spin.setValue(share * 100)
            spin.setEnabled(preset == "custom")
            spin.blockSignals(False)
        self.changed.emit()

    def set_share(self, value: str, percent: float) -> None:
        """Set a custom share in percent for ``value`` of the rebalanced column."""
        self.balance_preset.setCurrentIndex(PRESETS.index("custom"))
        row = list(self._real_shares).index(value)
        self.shares_table.cellWidget(row, 2).setValue(percent)

    # --- Forbidden combinations -------------------------------------------------

    def add_forbidden(self, values: dict) -> None:
        """Add a forbidden combination such as ``{"relationship": "Husband", "sex": "Female"}``."""
        combination = {str(name): value for name, value in values.items()}
        for row in range(self.forbidden_list.count()):
            if self.forbidden_list.item(row).data(VALUE_ROLE) == combination:
                return
        text = self.tr(" and ").join(
            self.tr("{0} = {1}").format(name, value)
            for name, value in combination.items()
        )
        item = QListWidgetItem(text)
        item.setData(VALUE_ROLE, combination)
        self.forbidden_list.addItem(item)
        self.changed.emit()

    def remove_selected_forbidden(self) -> None:
        for item in self.forbidden_list.selectedItems():
            self.forbidden_list.takeItem(self.forbidden_list.row(item))
        self.changed.emit()

    # --- Result -------------------------------------------------------------

    def control(self) -> dict:
        """Return the choices as ``Settings.control``; empty when nothing is chosen."""
        result: dict = {}
        name = self.balance_column.currentData()
        if name is not None:
            preset = self.balance_preset.currentData()
            balance = {"columns": [name], "preset": preset}
            if preset == "custom":
                balance["shares"] = [
                    {
                        "values": {name: value},
                        "share": round(
                            self.shares_table.cellWidget(row, 2).value() / 100, 6
                        ),
                    }
                    for row, value in enumerate(self._real_shares)
                ]
            result["balance"] = balance
        forbidden = [
            self.forbidden_list.item(row).data(VALUE_ROLE)
            for row in range(self.forbidden_list.count())
        ]
        if forbidden:
            result["forbid"] = forbidden
        seen = [
            self.only_seen_list.item(row).text()
            for row in range(self.only_seen_list.count())
            if self.only_seen_list.item(row).checkState() == Qt.CheckState.Checked
        ]
        if seen:
            result["only_seen"] = [seen]
        rules = [
            self.rules_list.item(row).data(VALUE_ROLE)
            for row in range(self.rules_list.count())
            if self.rules_list.item(row).checkState() == Qt.CheckState.Checked
        ]
        if rules:
            result["rules"] = rules
        return result
