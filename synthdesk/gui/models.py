"""Qt item models over the Qt-free table."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from synthdesk.core.columns import KIND_LABELS, ColumnSpec

PREVIEW_ROWS = 200


class PreviewModel(QAbstractTableModel):
    """The first rows of a table, with each column's kind in its header."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._frame = pd.DataFrame()
        self._specs: list[ColumnSpec] = []

    def set_table(self, frame: pd.DataFrame, specs: list[ColumnSpec]) -> None:
        self.beginResetModel()
        self._frame = frame.head(PREVIEW_ROWS)
        self._specs = specs
        self.endResetModel()

    def refresh_headers(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Horizontal, 0, self.columnCount() - 1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._frame)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._frame.columns)

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            value = self._frame.iat[index.row(), index.column()]
            return (
                ""
                if value is None or (isinstance(value, float) and pd.isna(value))
                else str(value)
            )
        if role == Qt.ForegroundRole and self._specs:
            spec = self._specs[index.column()]
            if not spec.include:
                from PySide6.QtGui import QColor

                return QColor("#999999")
        return None

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Vertical:
            return str(section + 1)
        name = str(self._frame.columns[section])
        if section < len(self._specs):
            spec = self._specs[section]
            kind = KIND_LABELS[spec.kind]
            suffix = "" if spec.include else ", left out"
            return f"{name}\n({kind}{suffix})"
        return name
