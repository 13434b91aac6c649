"""Logging to a rotating file in the user's log folder; never cell values."""

from __future__ import annotations

import logging
import logging.handlers
import os
import platform
import traceback
from pathlib import Path

from synthdesk import __version__

APP_NAME = "SynthDesk"

# SDV 2.0 sends a usage record (event, synthesizer class, row and column
# counts) to these loggers, and writes them to sdv_logs.csv in its own data
# folder when its sdv_logger_config.yml sets "log_registry: local". Disabled
# loggers drop every record, so neither SynthDesk's log nor that file gets them.
SDV_USAGE_LOGGERS = (
    "SingleTableSynthesizer",
    "MultiTableSynthesizer",
    "Metadata",
    "SingleTableMetadata",
)


class RedactingFormatter(logging.Formatter):
    """Writes a logged exception's types and code locations but not its messages.

    An exception message may quote a cell value (for example pandas'
    "could not convert string to float: 'Jane Doe'"), so ``log.exception``
    records keep the frames and exception types of the whole chain only.
    NOTE: a traceback that the caller formats into the message text itself
    (``traceback.format_exc()`` as an argument) is written unchanged.
    """

    def formatException(self, ei) -> str:
        exception = traceback.TracebackException(*ei)
        chain = []
        while exception is not None and len(chain) < 20:
            chain.append(exception)
            if exception.__cause__ is not None:
                exception = exception.__cause__
            elif not exception.__suppress_context__:
                exception = exception.__context__
            else:
                exception = None
        lines = []
        for exception in reversed(chain):
            lines.append("Traceback (most recent call last):\n")
            lines.extend(exception.stack.format())
            lines.append(f"{exception.exc_type.__qualname__} (message left out)\n")
        return "".join(lines).rstrip("\n")


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
    for name in SDV_USAGE_LOGGERS:
        logging.getLogger(name).disabled = True
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
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
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
