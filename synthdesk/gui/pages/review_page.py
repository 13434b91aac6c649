"""Step 4: compare real and synthetic data, column by column, with warnings."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from synthdesk.core import pipeline
from synthdesk.core.export.readme import KIND_TITLES
from synthdesk.core.plots import column_figure
from synthdesk.core.session import Session
from synthdesk.gui.tasks import ThreadTask
from synthdesk.gui.widgets import FigureView, MessageBar

MAX_SHOWN_PER_KIND = 200
SEVERITY_COLOURS = {"high": "#b00020", "medium": "#b35900", "low": "#555555"}
LIGHTS = [(0.9, "#009E73"), (0.8, "#E69F00"), (0.0, "#D55E00")]


def _typed_frames(table: pipeline.Table, synthetic, progress=None):
    learned = [spec.name for spec in table.specs if spec.learned]
    real = table.model_frame()
    return real, pipeline.synthetic_model_frame(synthetic, table.specs, learned)


class ReviewPage(QWidget):
    """Shows the score, the warnings and a picture of each column."""

    completeChanged = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._frames = None
        self._shown_result = None
        self._task = ThreadTask(self)
        self._task.succeeded.connect(self._on_frames_ready)
        self._task.failed.connect(
            lambda headline, hint: self.message.show_message("error", headline, hint)
        )
        self._build()

    def _build(self) -> None:
        title = QLabel(self.tr("<h2>4. Review the synthetic data</h2>"))
        self.score_label = QLabel()
        self.score_label.setWordWrap(True)
        self.message = MessageBar()

        self.warnings_tree = QTreeWidget()
        self.warnings_tree.setHeaderLabels([self.tr("What to beware of")])
        self.warnings_tree.setWordWrap(True)
        self.warnings_tree.itemClicked.connect(self._on_warning_clicked)

        self.column_list = QListWidget()
        self.column_list.currentRowChanged.connect(self._on_column_selected)
        self.log_box = QCheckBox(self.tr("Log scale for categories"))
        self.log_box.toggled.connect(
            lambda _checked: self._on_column_selected(self.column_list.currentRow())
        )
        self.figure_view = FigureView()
        plot_panel = QWidget()
        plot_layout = QHBoxLayout(plot_panel)
        column_side = QVBoxLayout()
        column_side.addWidget(QLabel(self.tr("Columns")))
        column_side.addWidget(self.column_list, 1)
        column_side.addWidget(self.log_box)
        plot_layout.addLayout(column_side)
        plot_layout.addWidget(self.figure_view, 1)

        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self.warnings_tree)
        splitter.addWidget(plot_panel)
        splitter.setSizes([220, 420])

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.score_label)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

    def is_complete(self) -> bool:
        return self.session.result is not None

    def enter(self) -> None:
        result = self.session.result
        if result is None or result is self._shown_result:
            return
        self._shown_result = result
        self._frames = None
        self._show_scores(result.evaluation or {})
        self._show_warnings((result.evaluation or {}).get("warnings", []))
        self.column_list.clear()
        for spec in self.session.table.specs:
            if spec.learned:
                self.column_list.addItem(spec.name)
        self.message.show_message("info", self.tr("Preparing the pictures…"))
        self._task.start(_typed_frames, self.session.table, result.synthetic)

    def _on_frames_ready(self, frames) -> None:
        self._frames = frames
        self.message.clear()
        if self.column_list.count():
            self.column_list.setCurrentRow(0)
            self._on_column_selected(0)

    # --- Scores and warnings -------------------------------------------------

    def _show_scores(self, evaluation: dict) -> None:
        score = (evaluation.get("scores") or {}).get("overall")
        if score is None:
            self.score_label.setText(self.tr("No quality score could be computed."))
            return
        colour = next(colour for limit, colour in LIGHTS if score >= limit)
        self.score_label.setText(
            "<span style='font-size:20pt; color:{colour}'>●</span> "
            "<span style='font-size:16pt'><b>{quality} {score:.0f} %</b></span><br>{sentence}".format(
                colour=colour,
                quality=self.tr("Quality"),
                score=score * 100,
                sentence=self.tr(evaluation.get("score_sentence", "")),
            )
        )

    def _show_warnings(self, findings: list[dict]) -> None:
        self.warnings_tree.clear()
        grouped: dict[str, list[dict]] = defaultdict(list)
        for finding in findings:
            grouped[finding["kind"]].append(finding)
        if not findings:
            QTreeWidgetItem(
                self.warnings_tree, [self.tr("The review found nothing to warn about.")]
            )
            return
        for kind, items in grouped.items():
            high = sum(1 for item in items if item["severity"] == "high")
            label = self.tr("{title}: {count} ({high} serious)").format(
                title=self.tr(KIND_TITLES.get(kind, kind)), count=len(items), high=high
            )
            parent = QTreeWidgetItem(self.warnings_tree, [label])
            parent.setData(0, Qt.UserRole, {"kind": kind})
            for item in items[:MAX_SHOWN_PER_KIND]:
                child = QTreeWidgetItem(parent, [item["message"]])
                child.setData(0, Qt.UserRole, item)
                child.setForeground(0, _brush(SEVERITY_COLOURS[item["severity"]]))
                child.setToolTip(0, item["message"])
            if len(items) > MAX_SHOWN_PER_KIND:
                QTreeWidgetItem(
                    parent,
                    [
                        self.tr(
                            "… and {count:,} more, listed in the exported report."
                        ).format(count=len(items) - MAX_SHOWN_PER_KIND)
                    ],
                )
        first = self.warnings_tree.topLevelItem(0)
        if first is not None:
            first.setExpanded(True)

    def _on_warning_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        finding = item.data(0, Qt.UserRole) or {}
        for name in finding.get("columns", [])[:1]:
            matches = self.column_list.findItems(name, Qt.MatchExactly)
            if matches:
                self.column_list.setCurrentItem(matches[0])

    # --- Pictures -------------------------------------------------------------

    def _on_column_selected(self, row: int) -> None:
        if self._frames is None or row < 0:
            return
        name = self.column_list.item(row).text()
        real, synthetic = self._frames
        spec = self.session.table.spec(name)
        self.figure_view.set_figure(
            column_figure(
                real[name], synthetic[name], spec, log_scale=self.log_box.isChecked()
            )
        )


def _brush(colour: str):
    from PySide6.QtGui import QBrush, QColor

    return QBrush(QColor(colour))
