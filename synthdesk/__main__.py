"""Start SynthDesk: the window, or the command line when given a sub-command."""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

COMMANDS = {"generate", "check", "reproduce"}


def _is_command(word: str) -> bool:
    """Whether ``word`` asks for the command line rather than the window.

    The window takes an optional file to open, so a word that is neither an
    option nor a file name (no extension, not on disk) is a command, and a
    mistyped one gets the command line's message instead of a window.
    """
    if word in COMMANDS:
        return True
    path = Path(word)
    return not word.startswith("-") and not path.suffix and not path.exists()


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()
    argv = sys.argv[1:] if argv is None else argv
    from synthdesk.logs import setup_logging

    if argv and _is_command(argv[0]):
        setup_logging(console=False)
        from synthdesk.cli import main as cli_main

        return cli_main(argv)
    if argv and argv[0] == "--self-test":
        setup_logging(console=False)
        from synthdesk.selftest import run_self_test

        return run_self_test(argv[1:])
    setup_logging(console=False)
    from synthdesk.gui.app import run_app

    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
