"""Small widgets shared by the pages."""

from __future__ import annotations

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

_LEVEL_STYLES = {
    "error": "background:#fde8e8; border-left:4px solid #b00020;",
    "warning": "background:#fff4e0; border-left:4px solid #E69F00;",
    "info": "background:#e8f1fb; border-left:4px solid #0072B2;",
}


class MessageBar(QFrame):
    """An inline message in three levels: a bold headline and what to do next."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self._label)
        self.level = ""
        self.hide()

    def show_message(self, level: str, headline: str, hint: str = "") -> None:
        self.level = level
        self.setStyleSheet(f"MessageBar {{{_LEVEL_STYLES[level]} border-radius:3px;}}")
        text = f"<b>{_escape(headline)}</b>"
        if hint:
            text += f"<br>{_escape(hint)}"
        self._label.setText(text)
        self.show()

    def clear(self) -> None:
        self.level = ""
        self._label.clear()
        self.hide()

    def text(self) -> str:
        return self._label.text()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FigureView(QWidget):
    """Shows one matplotlib ``Figure``; replacing it discards the old canvas."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.canvas: FigureCanvasQTAgg | None = None
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def set_figure(self, figure: Figure) -> None:
        if self.canvas is not None:
            self._layout.removeWidget(self.canvas)
            self.canvas.deleteLater()
        self.canvas = FigureCanvasQTAgg(figure)
        self._layout.addWidget(self.canvas)
        self.canvas.draw_idle()

    @property
    def figure(self) -> Figure | None:
        return self.canvas.figure if self.canvas is not None else None
