"""PyInstaller entry point; the source tree starts through ``python -m synthdesk``."""

import sys

from synthdesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
