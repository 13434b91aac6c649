"""The Swedish catalogue loads and lists every string the window shows."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale

from tests.conftest import ROOT

CATALOGUE = ROOT / "resources" / "translations" / "synthdesk_sv.ts"


def _sources(path: Path) -> set[tuple[str, str]]:
    tree = ElementTree.parse(path)
    found = set()
    for context in tree.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in (
                "obsolete",
                "vanished",
            ):
                continue
            found.add((name, message.findtext("source")))
    return found


def test_catalogue_is_up_to_date(tmp_path):
    fresh = tmp_path / "fresh.ts"
    shutil.copy(CATALOGUE, fresh)
    sources = sorted(str(path) for path in (ROOT / "synthdesk" / "gui").rglob("*.py"))
    lupdate = str(Path(sys.executable).with_name("pyside6-lupdate"))
    subprocess.run(
        [lupdate, *sources, "-ts", str(fresh), "-no-obsolete"],
        check=True,
        capture_output=True,
    )
    missing = _sources(fresh) - _sources(CATALOGUE)
    assert not missing, (
        f"run tools/update_translations.py; new strings: {sorted(missing)[:5]}"
    )


def test_swedish_window_texts(qtbot):
    from synthdesk.gui.app import install_translation
    from synthdesk.gui.main_window import MainWindow

    app = QCoreApplication.instance()
    translator = install_translation(app, QLocale(QLocale.Swedish, QLocale.Sweden))
    assert translator is not None
    try:
        window = MainWindow()
        qtbot.addWidget(window)
        assert window.next_button.text() == "Nästa >"
        assert window.steps.item(0).text() == "1. Importera"
    finally:
        app.removeTranslator(translator)
