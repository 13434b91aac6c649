"""Step 3: choose a generator in plain words, then generate with progress and Cancel."""

from __future__ import annotations

import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from synthdesk.core import pipeline
from synthdesk.core.errors import InputError
from synthdesk.core.generators import GENERATORS
from synthdesk.core.session import Session
from synthdesk.gui.control_panel import ControlPanel
from synthdesk.gui.tasks import ProcessTask
from synthdesk.gui.widgets import MessageBar

MAX_ROWS = 10_000_000
DEFAULT_GENERATOR = "cart"


class GeneratorPage(QWidget):
    """Starts fitting and sampling in a child process and follows its progress."""

    completeChanged = Signal()
    generated = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.task = ProcessTask(self)
        self.task.progressed.connect(self._on_progressed)
        self.task.succeeded.connect(self._on_succeeded)
        self.task.failed.connect(self._on_failed)
        self.task.cancelled.connect(self._on_cancelled)
        self._budget_row_shown = False
        self.last_estimate: dict | None = None
        self.estimate_task = ProcessTask(self)
        self.estimate_task.progressed.connect(self._on_estimate_progressed)
        self.estimate_task.succeeded.connect(self._on_estimated)
        self.estimate_task.failed.connect(self._on_estimate_failed)
        self.estimate_task.cancelled.connect(self._on_estimate_cancelled)
        self._parameter_spins: dict[str, QSpinBox] = {}
        self._started = 0.0
        self._build()

    def _build(self) -> None:
        title = QLabel(self.tr("<h2>3. Choose a generator</h2>"))
        intro = QLabel(
            self.tr(
                "A generator learns the patterns of the real data and makes new rows that follow "
                "them. Pick one below; you can try several and compare them in the review."
            )
        )
        intro.setWordWrap(True)
        self.generator_list = QListWidget()
        for info in GENERATORS.values():
            item = QListWidgetItem(self.tr(info.label))
            item.setData(256, info.name)
            self.generator_list.addItem(item)
        self.generator_list.setMinimumWidth(330)
        self.generator_list.setMaximumWidth(400)
        self.generator_list.currentRowChanged.connect(self._on_generator_changed)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setMinimumWidth(300)

        self.rows_spin = QSpinBox()
        self.rows_spin.setRange(1, MAX_ROWS)
        self.rows_spin.setGroupSeparatorShown(True)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2_147_483_647)
        self.seed_spin.setValue(self.session.settings.seed)
        self.seed_spin.setToolTip(
            self.tr(
                "The same seed with the same data and settings gives exactly the same rows again."
            )
        )
        self.budget_box = QCheckBox(
            self.tr("Stop after a time budget instead (minutes):")
        )
        self.budget_box.setToolTip(
            self.tr(
                "SynthDesk measures how long one training pass takes and fits as many passes as the budget allows."
            )
        )
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setRange(1, 600)
        self.minutes_spin.setValue(5)
        self.minutes_spin.setEnabled(False)
        self.budget_box.toggled.connect(self._on_budget_toggled)
        self.estimate_button = QPushButton(self.tr("Estimate the time"))
        self.estimate_button.clicked.connect(self.start_estimate)
        self.estimate_label = QLabel(
            self.tr("Press the button for an estimate measured on this computer.")
        )
        self.estimate_label.setWordWrap(True)
        self.settings_form = QFormLayout()
        self.settings_form.addRow(self.tr("Rows to make:"), self.rows_spin)
        self.settings_form.addRow(self.tr("Random seed:"), self.seed_spin)
        settings_box = QGroupBox(self.tr("Settings"))
        settings_box.setLayout(self.settings_form)

        self.control_panel = ControlPanel()
        self._control_table = None
        about = QWidget()
        about_layout = QVBoxLayout(about)
        about_layout.addWidget(self.description)
        about_layout.addWidget(settings_box)
        estimate_row = QHBoxLayout()
        estimate_row.addWidget(self.estimate_button)
        estimate_row.addWidget(self.estimate_label, 1)
        about_layout.addLayout(estimate_row)
        about_layout.addStretch()
        self.right_tabs = QTabWidget()
        self.right_tabs.addTab(about, self.tr("Generator and settings"))
        self.right_tabs.addTab(
            _scrolled(self.control_panel), self.tr("Balance and rules")
        )
        choice = QHBoxLayout()
        choice.addWidget(self.generator_list)
        choice.addWidget(self.right_tabs, 1)

        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status = QLabel()
        self.status.setWordWrap(True)
        run_row = QHBoxLayout()
        run_row.addWidget(self.generate_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress, 1)
        self.message = MessageBar()

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(choice, 1)
        layout.addLayout(run_row)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        # Decision trees are the first choice offered: on census-like tables
        # they keep combinations of categories and run in seconds.
        self.select_generator(DEFAULT_GENERATOR)

    # --- Choice -------------------------------------------------------------

    def selected_generator(self) -> str:
        item = self.generator_list.currentItem()
        return item.data(256) if item else "gaussian_copula"

    def select_generator(self, name: str) -> None:
        self.generator_list.setCurrentRow(list(GENERATORS).index(name))

    def parameter_spin(self, name: str) -> QSpinBox:
        return self._parameter_spins[name]

    def _on_generator_changed(self, _row: int) -> None:
        info = GENERATORS[self.selected_generator()]
        self.description.setText(
            "<p><b>{label}</b></p><p>{summary}</p><p><b>{good}</b> {good_at}</p>"
            "<p><b>{wrong}</b> {gets_wrong}</p><p><b>{time}</b> {speed}</p>".format(
                label=self.tr(info.label),
                summary=self.tr(info.summary),
                good=self.tr("Good at:"),
                good_at=self.tr(info.good_at),
                wrong=self.tr("Gets wrong:"),
                gets_wrong=self.tr(info.gets_wrong),
                time=self.tr("Time:"),
                speed=self.tr(info.speed),
            )
        )
        for name, spin in list(self._parameter_spins.items()):
            self.settings_form.removeRow(spin)
            del self._parameter_spins[name]
        for parameter in info.parameters:
            spin = QSpinBox()
            spin.setRange(parameter.minimum, parameter.maximum)
            spin.setValue(parameter.default)
            spin.setToolTip(self.tr(parameter.help))
            self.settings_form.addRow(self.tr(parameter.label) + ":", spin)
            self._parameter_spins[parameter.name] = spin
        if self._budget_row_shown:
            self.settings_form.takeRow(self.budget_box)
            self._budget_row_shown = False
        self.last_estimate: dict | None = None
        if info.supports_minutes:
            self.settings_form.addRow(self.budget_box, self.minutes_spin)
            self._budget_row_shown = True
        self.budget_box.setVisible(info.supports_minutes)
        self.minutes_spin.setVisible(info.supports_minutes)
        self._on_budget_toggled(self.budget_box.isChecked())
        self.estimate_label.setText(
            self.tr("Press the button for an estimate measured on this computer.")
        )

    def is_complete(self) -> bool:
        return self.session.result is not None and not self.task.is_running()

    def enter(self) -> None:
        table = self.session.table
        if table is not None and not self.task.is_running():
            self.rows_spin.setValue(self.session.settings.rows or table.rows)
            if self._control_table is not table:
                self.control_panel.set_table(table)
                self._control_table = table

    # --- Running ------------------------------------------------------------

    def current_settings(self) -> pipeline.Settings:
        return pipeline.Settings(
            generator=self.selected_generator(),
            rows=self.rows_spin.value(),
            seed=self.seed_spin.value(),
            params=self.current_params(),
            control=self.control_panel.control(),
        )

    def current_params(self) -> dict:
        params = {name: spin.value() for name, spin in self._parameter_spins.items()}
        if (
            GENERATORS[self.selected_generator()].supports_minutes
            and self.budget_box.isChecked()
        ):
            params.pop("epochs", None)
            params["minutes"] = self.minutes_spin.value()
        return params

    def _on_budget_toggled(self, checked: bool) -> None:
        self.minutes_spin.setEnabled(checked)
        epochs = self._parameter_spins.get("epochs")
        if epochs is not None:
            epochs.setEnabled(not checked)

    # --- Estimate -----------------------------------------------------------

    def start_estimate(self) -> None:
        """Measure a few short fits in a child process and show the expected time."""
        table = self.session.table
        if table is None or self.estimate_task.is_running() or self.task.is_running():
            return
        settings = self.current_settings()
        try:
            pipeline.validate(table, settings)
        except InputError as error:
            self.message.show_message("error", error.headline, error.hint)
            return
        self.estimate_button.setEnabled(False)
        self.estimate_label.setText(self.tr("Measuring on a sample of the data…"))
        self.estimate_task.start("estimate", {"table": table, "settings": settings})

    def _on_estimate_progressed(self, _fraction: float, text: str) -> None:
        self.estimate_label.setText(self.tr("Measuring: {step}").format(step=text))

    def _on_estimated(self, estimate: dict) -> None:
        self.estimate_button.setEnabled(True)
        text = self.tr("About {duration} on this computer.").format(
            duration=_duration(estimate["seconds"])
        )
        if estimate.get("epochs"):
            text += " " + self.tr("{epochs} training passes fit the budget.").format(
                epochs=estimate["epochs"]
            )
        if estimate.get("explanation"):
            text += " " + estimate["explanation"]
        self.estimate_label.setText(text)
        self.last_estimate = estimate

    def _on_estimate_cancelled(self) -> None:
        self.estimate_button.setEnabled(not self.task.is_running())
        self.estimate_label.setText(self.tr("The estimate was stopped."))

    def _on_estimate_failed(self, headline: str, hint: str) -> None:
        self.estimate_button.setEnabled(True)
        self.estimate_label.setText(
            self.tr("No estimate: {reason}").format(reason=headline)
        )

    def start(self) -> None:
        """Check the settings, then fit and sample in a child process."""
        table = self.session.table
        if table is None or self.task.is_running():
            return
        self.estimate_task.cancel()
        settings = self.current_settings()
        try:
            pipeline.validate(table, settings)
        except InputError as error:
            self.message.show_message("error", error.headline, error.hint)
            return
        self.session.settings = settings
        self.session.set_result(None)
        self.message.clear()
        self._set_running(True)
        self.status.setText(self.tr("Starting the generator…"))
        self._started = time.monotonic()
        self.task.start("generate", {"table": table, "settings": settings})
        self.completeChanged.emit()

    def cancel(self) -> None:
        self.task.cancel()

    def _set_running(self, running: bool) -> None:
        self.generate_button.setEnabled(not running)
        self.estimate_button.setEnabled(not running)
        self.budget_box.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.generator_list.setEnabled(not running)
        self.rows_spin.setEnabled(not running)
        self.seed_spin.setEnabled(not running)
        for spin in self._parameter_spins.values():
            spin.setEnabled(not running)
        if running:
            self.progress.setValue(0)

    def _on_progressed(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        elapsed = time.monotonic() - self._started
        self.status.setText(
            self.tr("{step} ({elapsed} elapsed)").format(
                step=text, elapsed=_duration(elapsed)
            )
        )

    def _on_succeeded(self, result: pipeline.RunResult) -> None:
        self._set_running(False)
        self.progress.setValue(1000)
        self.session.set_result(result)
        elapsed = time.monotonic() - self._started
        self.status.setText(
            self.tr("Made {rows:,} synthetic rows in {elapsed}.").format(
                rows=len(result.synthetic), elapsed=_duration(elapsed)
            )
        )
        self.completeChanged.emit()
        self.generated.emit()

    def _on_failed(self, headline: str, hint: str) -> None:
        self._set_running(False)
        self.status.clear()
        self.message.show_message("error", headline, hint)
        self.completeChanged.emit()

    def _on_cancelled(self) -> None:
        self._set_running(False)
        self.progress.setValue(0)
        self.status.setText(self.tr("Cancelled. Nothing was made."))
        self.completeChanged.emit()


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"
