"""The wizard's state, shared by the pages, without Qt."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from synthdesk.core.pipeline import RunResult, Settings, Table


@dataclass
class Session:
    """What the user has done so far: the table, the settings and the results."""

    table: Table | None = None
    settings: Settings = field(default_factory=Settings)
    result: RunResult | None = None
    export_folder: Path | None = None
    exported: bool = False

    def set_table(self, table: Table | None) -> None:
        """Start over with a new table: earlier results no longer apply."""
        self.table = table
        self.result = None
        self.export_folder = None
        self.exported = False
        if table is not None:
            self.settings.rows = None

    def set_result(self, result: RunResult | None) -> None:
        self.result = result
        self.export_folder = None
        self.exported = False

    @property
    def has_unsaved_result(self) -> bool:
        return self.result is not None and not self.exported
