"""The core package must stay free of Qt so it runs without a display."""

import subprocess
import sys


def test_core_imports_no_qt():
    code = (
        "import sys, pkgutil, importlib, synthdesk.core as core\n"
        "for info in pkgutil.walk_packages(core.__path__, 'synthdesk.core.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(sorted(name for name in sys.modules if name.startswith('PySide6')))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
