"""Start SynthDesk: the window, or the command line when given a sub-command."""

from __future__ import annotations

import multiprocessing
import sys

COMMANDS = {"generate", "check", "reproduce"}


def main(argv: list[str] | None = None) -> int:
    multiprocessing.freeze_support()
    argv = sys.argv[1:] if argv is None else argv
    from synthdesk.logs import setup_logging

    if argv and argv[0] in COMMANDS:
        setup_logging(console=False)
        from synthdesk.cli import main as cli_main

        return cli_main(argv)
    setup_logging(console=False)
    from synthdesk.gui.app import run_app

    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
