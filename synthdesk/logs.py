"""Logging to a rotating file in the user's log folder; never cell values."""

from __future__ import annotations

import logging
import logging.handlers
import os
import platform
from pathlib import Path

from synthdesk import __version__

APP_NAME = "SynthDesk"


def log_folder() -> Path:
    from platformdirs import user_log_dir

    override = os.environ.get("SYNTHDESK_LOG_DIR")
    return Path(override) if override else Path(user_log_dir(APP_NAME, appauthor=False))


def setup_logging(console: bool = False) -> Path | None:
    """Send log records to ``synthdesk.log`` in the user log folder."""
    root = logging.getLogger()
    if any(getattr(handler, "_synthdesk", False) for handler in root.handlers):
        return None
    root.setLevel(logging.INFO)
    folder = log_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / "synthdesk.log",
            maxBytes=1_000_000,
            backupCount=3,
            encoding="utf-8",
        )
    except OSError:
        handler = logging.StreamHandler()
    handler._synthdesk = True
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    if console:
        root.addHandler(logging.StreamHandler())
    logging.getLogger(__name__).info(
        "SynthDesk %s on Python %s, %s",
        __version__,
        platform.python_version(),
        platform.platform(),
    )
    return folder
