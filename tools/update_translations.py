"""Refresh the Swedish catalogue from the source and compile it.

Runs pyside6-lupdate over the window's modules, then pyside6-lrelease.
Strings without a Swedish text stay unfinished and show in English.

    python tools/update_translations.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "resources" / "translations" / "synthdesk_sv.ts"


def gui_sources() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "synthdesk" / "gui").rglob("*.py")
    )


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def main() -> int:
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *gui_sources(),
            "-ts",
            str(CATALOGUE),
            "-no-obsolete",
        ],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [
            tool("pyside6-lrelease"),
            str(CATALOGUE),
            "-qm",
            str(CATALOGUE.with_suffix(".qm")),
        ],
        cwd=ROOT,
        check=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
