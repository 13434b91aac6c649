"""Step 4: compare real and synthetic data and read what the generator got wrong.

The score and warnings arrive with the run from the worker process. The
pictures are drawn lazily. A background thread types both tables and codes
them once for counting (``review_counts``), and each tab then draws only
when it is shown or its choice changes.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from synthdesk.core import pipeline
from synthdesk.core.evaluation.intersections import (
    association_matrices,
    intersection_table,
    review_counts,
)
from synthdesk.core.export.readme import KIND_TITLES
from synthdesk.core.plots import (
    association_figure,
    column_figure,
    intersection_figure,
    pair_figure,
)
from synthdesk.core.session import Session
from synthdesk.gui.tasks import ThreadTask
from synthdesk.gui.widgets import FigureView, MessageBar

MAX_SHOWN_PER_KIND = 200
SEVERITY_COLOURS = {"high": "#b00020", "medium": "#8a4500", "low": "#555555"}
LIGHTS = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00"}
# The order in which kinds of warning are listed: what misleads most first.
KIND_ORDER = [
    "combination_invented",
    "category_missing",
    "real_rows_copied",
    "imbalance_amplified",
    "category_underrepresented",
    "combination_missing",
    "relationship_weakened",
    "value_out_of_range",
    "missing_values_changed",
]
NO_CHOICE = "—"
TAB_COLUMNS, TAB_PAIRS, TAB_INTERSECTIONS, TAB_ASSOCIATIONS = range(4)


def _prepare(table: pipeline.Table, synthetic, progress=None):
    """Type both tables and code them for counting (runs in a thread)."""
    learned = [spec.name for spec in table.specs if spec.learned]
    real = table.model_frame()
    typed = pipeline.synthetic_model_frame(synthetic, table.specs, learned)
    return real, typed, review_counts(real, typed, table.specs)


class ReviewPage(QWidget):
    """Shows the score, the warnings and pictures of columns, pairs and groups."""

    completeChanged = Signal()
    forbidRequested = Signal(dict)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.real = None
        self.synthetic = None
        self.counts = None
        self.intersection = None
        self._shown_result = None
        self._drawn: set[int] = set()
        self._task = ThreadTask(self)
        self._task.succeeded.connect(self._on_prepared)
        self._task.failed.connect(
            lambda headline, hint: self.message.show_message("error", headline, hint)
        )
        self._build()

    # --- Layout -------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(self.tr("<h2>4. Review the synthetic data</h2>"))
        self.score_label = QLabel()
        self.score_label.setWordWrap(True)
        self.message = MessageBar()

        self.warnings_tree = QTreeWidget()
        self.warnings_tree.setHeaderLabels(
            [self.tr("What to beware of (click one to see it)")]
        )
        self.warnings_tree.currentItemChanged.connect(self._on_warning_selected)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.forbid_button = QPushButton(
            self.tr("Forbid this combination in the next run")
        )
        self.forbid_button.setVisible(False)
        self.forbid_button.clicked.connect(self._on_forbid_clicked)
        warnings_panel = QWidget()
        warnings_layout = QVBoxLayout(warnings_panel)
        warnings_layout.setContentsMargins(0, 0, 0, 0)
        warnings_layout.addWidget(self.warnings_tree, 1)
        detail_row = QHBoxLayout()
        detail_row.addWidget(self.detail, 1)
        detail_row.addWidget(self.forbid_button)
        warnings_layout.addLayout(detail_row)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_columns_tab(), self.tr("Columns"))
        self.tabs.addTab(self._build_pairs_tab(), self.tr("Pairs"))
        self.tabs.addTab(self._build_intersections_tab(), self.tr("Groups"))
        self.tabs.addTab(self._build_associations_tab(), self.tr("Associations"))
        self.tabs.currentChanged.connect(self._draw_current_tab)

        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(warnings_panel)
        splitter.addWidget(self.tabs)
        splitter.setSizes([230, 470])

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.score_label)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

    def _build_columns_tab(self) -> QWidget:
        self.column_list = QListWidget()
        self.column_list.setMaximumWidth(220)
        self.column_list.currentRowChanged.connect(lambda _row: self._draw_column())
        self.log_box = QCheckBox(self.tr("Log scale"))
        self.log_box.setToolTip(
            self.tr("Makes rare values visible beside common ones.")
        )
        self.log_box.toggled.connect(lambda _checked: self._draw_column())
        self.column_view = FigureView()
        side = QVBoxLayout()
        side.addWidget(self.column_list, 1)
        side.addWidget(self.log_box)
        tab = QWidget()
        layout = QHBoxLayout(tab)
        layout.addLayout(side)
        layout.addWidget(self.column_view, 1)
        return tab

    def _build_pairs_tab(self) -> QWidget:
        self.pair_first = QComboBox()
        self.pair_second = QComboBox()
        for combo in (self.pair_first, self.pair_second):
            combo.activated.connect(lambda _index: self._draw_pair())
        self.pair_view = FigureView()
        choices = QHBoxLayout()
        choices.addWidget(QLabel(self.tr("Compare")))
        choices.addWidget(self.pair_first)
        choices.addWidget(QLabel(self.tr("with")))
        choices.addWidget(self.pair_second)
        choices.addStretch()
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(choices)
        layout.addWidget(self.pair_view, 1)
        return tab

    def _build_intersections_tab(self) -> QWidget:
        self.group_combos = [QComboBox(), QComboBox(), QComboBox()]
        for combo in self.group_combos:
            combo.activated.connect(lambda _index: self._draw_intersection())
        self.group_log_box = QCheckBox(self.tr("Log scale"))
        self.group_log_box.toggled.connect(lambda _checked: self._draw_intersection())
        choices = QHBoxLayout()
        choices.addWidget(QLabel(self.tr("Groups formed by")))
        for index, combo in enumerate(self.group_combos):
            if index:
                choices.addWidget(QLabel(self.tr("and")))
            choices.addWidget(combo)
        choices.addWidget(self.group_log_box)
        choices.addStretch()
        explanation = QLabel(
            self.tr(
                "Every combination of the chosen columns, with the number of real rows (scaled "
                "to the size of the synthetic data) and synthetic rows. Invented groups hardly "
                "exist in the real data; vanished groups are missing from the synthetic data."
            )
        )
        explanation.setWordWrap(True)
        self.group_view = FigureView()
        self.group_table = QTableWidget(0, 0)
        self.group_table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.group_table.verticalHeader().hide()
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.group_view)
        splitter.addWidget(self.group_table)
        splitter.setSizes([600, 380])
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(choices)
        layout.addWidget(explanation)
        layout.addWidget(splitter, 1)
        return tab

    def _build_associations_tab(self) -> QWidget:
        self.association_view = FigureView()
        explanation = QLabel(
            self.tr(
                "How strongly each pair of columns goes together, from 0 (not at all) to 1 "
                "(completely), in the real and the synthetic data, and the difference."
            )
        )
        explanation.setWordWrap(True)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(explanation)
        layout.addWidget(self.association_view, 1)
        return tab

    # --- Entering the page ----------------------------------------------------

    def is_complete(self) -> bool:
        return self.session.result is not None

    def enter(self) -> None:
        result = self.session.result
        if result is None or result is self._shown_result:
            return
        self._shown_result = result
        self.real = self.synthetic = self.counts = None
        self._drawn.clear()
        evaluation = result.evaluation or {}
        self._show_scores(evaluation)
        self._show_warnings(
            evaluation.get("warnings", []), evaluation.get("intended_changes") or []
        )
        names = [spec.name for spec in self.session.table.specs if spec.learned]
        self.column_list.clear()
        self.column_list.addItems(names)
        for combo in (self.pair_first, self.pair_second):
            combo.clear()
            combo.addItems(names)
        if len(names) > 1:
            self.pair_second.setCurrentIndex(1)
        for index, combo in enumerate(self.group_combos):
            combo.clear()
            if index == 2:
                combo.addItem(NO_CHOICE)
            combo.addItems(names)
        if len(names) > 1:
            self.group_combos[1].setCurrentIndex(1)
        self.message.show_message("info", self.tr("Preparing the pictures…"))
        self._task.start(_prepare, self.session.table, result.synthetic)

    def _on_prepared(self, prepared) -> None:
        self.real, self.synthetic, self.counts = prepared
        self.message.clear()
        if self.column_list.currentRow() < 0 and self.column_list.count():
            self.column_list.setCurrentRow(0)
        self._draw_current_tab()

    # --- Scores and warnings ----------------------------------------------------

    def _show_scores(self, evaluation: dict) -> None:
        scores = evaluation.get("scores") or {}
        score = scores.get("overall")
        if score is None:
            self.score_label.setText(self.tr("No quality score could be computed."))
            return
        light = evaluation.get("traffic_light") or {}
        yardstick = (evaluation.get("yardstick") or {}).get("overall")
        text = (
            "<span style='font-size:20pt; color:{colour}'>●</span> "
            "<span style='font-size:16pt'><b>{quality} {score:.0f} %</b></span>"
        ).format(
            colour=LIGHTS.get(light.get("colour"), "#555555"),
            quality=self.tr("Quality"),
            score=score * 100,
        )
        if yardstick is not None:
            text += " &nbsp; " + self.tr(
                "(two halves of the real data score {score:.0f} %)"
            ).format(score=yardstick * 100)
        # The traffic light's sentence compares the score with the yardstick.
        # Without a yardstick, the plain score sentence is shown instead.
        text += "<br>" + (light.get("sentence") or evaluation.get("score_sentence", ""))
        self.score_label.setText(text)

    def _show_warnings(self, findings: list[dict], intended: list[dict]) -> None:
        self.warnings_tree.clear()
        self.detail.clear()
        self.forbid_button.setVisible(False)
        if intended:
            parent = QTreeWidgetItem(
                self.warnings_tree,
                [
                    self.tr("Deliberate changes you asked for: {count}").format(
                        count=len(intended)
                    )
                ],
            )
            for change in intended:
                child = QTreeWidgetItem(parent, [change.get("message", "")])
                child.setForeground(0, QBrush(QColor("#0072B2")))
                child.setToolTip(0, change.get("message", ""))
            parent.setExpanded(True)
        if not findings:
            QTreeWidgetItem(
                self.warnings_tree, [self.tr("The review found nothing to warn about.")]
            )
            return
        grouped: dict[str, list[dict]] = defaultdict(list)
        for finding in findings:
            grouped[finding["kind"]].append(finding)
        kinds = sorted(
            grouped,
            key=lambda kind: (
                KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
            ),
        )
        for kind in kinds:
            items = grouped[kind]
            high = sum(1 for item in items if item["severity"] == "high")
            label = self.tr("{title}: {count} ({high} serious)").format(
                title=KIND_TITLES.get(kind, kind), count=len(items), high=high
            )
            parent = QTreeWidgetItem(self.warnings_tree, [label])
            for item in items[:MAX_SHOWN_PER_KIND]:
                child = QTreeWidgetItem(parent, [item["message"]])
                child.setData(0, Qt.UserRole, item)
                child.setForeground(
                    0, QBrush(QColor(SEVERITY_COLOURS.get(item["severity"], "#555555")))
                )
                child.setToolTip(0, item["message"])
            if len(items) > MAX_SHOWN_PER_KIND:
                more = len(items) - MAX_SHOWN_PER_KIND
                QTreeWidgetItem(
                    parent,
                    [
                        self.tr(
                            "… and {count} more, listed in the exported report."
                        ).format(count=more)
                    ],
                )
        self.warnings_tree.topLevelItem(
            self.warnings_tree.topLevelItemCount() - len(grouped)
        ).setExpanded(True)

    def _on_warning_selected(
        self, item: QTreeWidgetItem | None, _previous=None
    ) -> None:
        finding = item.data(0, Qt.UserRole) if item is not None else None
        if not finding:
            self.detail.clear()
            self.forbid_button.setVisible(False)
            return
        self.detail.setText(finding["message"])
        self.forbid_button.setVisible(
            finding["kind"] == "combination_invented" and bool(finding.get("values"))
        )
        self.show_me(finding)

    def show_me(self, finding: dict) -> None:
        """Open the picture that shows ``finding``."""
        plot = finding.get("plot") or {}
        kind = plot.get("type")
        columns = [
            name
            for name in plot.get("columns") or finding.get("columns") or []
            if self.column_list.findItems(name, Qt.MatchExactly)
        ]
        if kind == "intersection" and 2 <= len(columns) <= 3:
            self.select_groups(columns)
            self.tabs.setCurrentIndex(TAB_INTERSECTIONS)
        elif kind in ("pair", "intersection") and len(columns) >= 2:
            self.pair_first.setCurrentText(columns[0])
            self.pair_second.setCurrentText(columns[1])
            self.tabs.setCurrentIndex(TAB_PAIRS)
            self._draw_pair()
        elif columns:
            self.column_list.setCurrentItem(
                self.column_list.findItems(columns[0], Qt.MatchExactly)[0]
            )
            self.tabs.setCurrentIndex(TAB_COLUMNS)

    def _on_forbid_clicked(self) -> None:
        item = self.warnings_tree.currentItem()
        finding = item.data(0, Qt.UserRole) if item is not None else None
        if finding and finding.get("values"):
            self.forbidRequested.emit(dict(finding["values"]))

    # --- Pictures ---------------------------------------------------------------

    def _draw_current_tab(self, *_args) -> None:
        if self.counts is None:
            return
        index = self.tabs.currentIndex()
        if index == TAB_COLUMNS:
            self._draw_column()
        elif index == TAB_PAIRS and index not in self._drawn:
            self._draw_pair()
        elif index == TAB_INTERSECTIONS and index not in self._drawn:
            self._draw_intersection()
        elif index == TAB_ASSOCIATIONS and index not in self._drawn:
            self._draw_associations()

    def _draw_column(self) -> None:
        item = self.column_list.currentItem()
        if self.real is None or item is None:
            return
        spec = self.session.table.spec(item.text())
        figure = column_figure(
            self.real[spec.name],
            self.synthetic[spec.name],
            spec,
            log_scale=self.log_box.isChecked(),
        )
        self.column_view.set_figure(figure)

    def _draw_pair(self) -> None:
        if self.real is None:
            return
        first, second = self.pair_first.currentText(), self.pair_second.currentText()
        if not first or not second or first == second:
            return
        table = self.session.table
        self.pair_view.set_figure(
            pair_figure(
                self.real, self.synthetic, table.spec(first), table.spec(second)
            )
        )
        self._drawn.add(TAB_PAIRS)

    def selected_groups(self) -> list[str]:
        names = [combo.currentText() for combo in self.group_combos]
        chosen = []
        for name in names:
            if name and name != NO_CHOICE and name not in chosen:
                chosen.append(name)
        return chosen

    def select_groups(self, columns: list[str]) -> None:
        for combo, name in zip(
            self.group_combos, [*columns, NO_CHOICE, NO_CHOICE], strict=False
        ):
            combo.setCurrentText(name)
        self._draw_intersection()

    def _draw_intersection(self) -> None:
        if self.counts is None:
            return
        columns = self.selected_groups()
        if len(columns) < 2:
            return
        try:
            table = intersection_table(None, None, None, columns, counts=self.counts)
        except (KeyError, ValueError) as error:
            self.message.show_message(
                "warning", str(error), self.tr("Choose other columns.")
            )
            return
        self.intersection = table
        self.group_view.set_figure(
            intersection_figure(
                table, columns, log_scale=self.group_log_box.isChecked()
            )
        )
        self._fill_group_table(table, columns)
        self._drawn.add(TAB_INTERSECTIONS)

    def _fill_group_table(self, table, columns: list[str]) -> None:
        headers = [
            *columns,
            self.tr("Real"),
            self.tr("Synthetic"),
            self.tr("Expected"),
            self.tr("Status"),
        ]
        statuses = {
            "invented": self.tr("invented"),
            "vanished": self.tr("vanished"),
            "ok": "",
        }
        self.group_table.clear()
        self.group_table.setColumnCount(len(headers))
        self.group_table.setHorizontalHeaderLabels(headers)
        self.group_table.setRowCount(len(table))
        for row, record in enumerate(table.itertuples(index=False)):
            values = [str(table.iat[row, index]) for index in range(len(columns))]
            values += [
                f"{record.real:,}",
                f"{record.synthetic:,}",
                f"{record.expected:,.1f}",
                statuses[record.status],
            ]
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                if record.status != "ok":
                    cell.setForeground(
                        QBrush(
                            QColor(
                                "#D55E00" if record.status == "invented" else "#007A5A"
                            )
                        )
                    )
                self.group_table.setItem(row, column, cell)
        self.group_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeToContents
        )

    def _draw_associations(self) -> None:
        if self.counts is None:
            return
        real_matrix, synthetic_matrix = association_matrices(
            None, None, None, counts=self.counts
        )
        self.association_view.set_figure(
            association_figure(real_matrix, synthetic_matrix)
        )
        self._drawn.add(TAB_ASSOCIATIONS)
