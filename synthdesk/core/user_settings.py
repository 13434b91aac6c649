"""The user's answers for the export README, remembered between runs.

The answers (creator, organisation, contact, licence and the other fields of
``synthdesk.core.export.readme.ABOUT_FIELDS``) are stored as one JSON object
in ``about.json`` in the platform's user configuration folder, or in the
folder named by the environment variable ``SYNTHDESK_CONFIG_DIR`` when it is
set. The file is replaced atomically, so a crash while saving leaves the
previous answers intact.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

CONFIG_DIR_VARIABLE = "SYNTHDESK_CONFIG_DIR"
ABOUT_FILE = "about.json"


def config_dir() -> Path:
    """Return the folder for SynthDesk's user settings; it may not exist yet."""
    override = os.environ.get(CONFIG_DIR_VARIABLE)
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("SynthDesk", appauthor=False))


def load_about() -> dict[str, str]:
    """Return the saved answers, or an empty dict when none are saved.

    A missing, unreadable or malformed file gives an empty dict; only string
    values are returned.
    """
    path = config_dir() / ABOUT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        log.warning("Ignoring unreadable saved answers in %s: %s", path, error)
        return {}
    if not isinstance(data, dict):
        log.warning("Ignoring saved answers in %s: not a JSON object", path)
        return {}
    return {str(key): value for key, value in data.items() if isinstance(value, str)}


def save_about(about: dict) -> bool:
    """Store ``about`` (field name to text) as the answers to offer next time.

    Returns whether the answers were saved. A folder that cannot be created
    or written is logged and not raised, because losing the remembered
    answers must not stop an export.
    """
    folder = config_dir()
    text = json.dumps(
        {str(key): str(value) for key, value in about.items() if value is not None},
        indent=2,
        ensure_ascii=False,
        sort_keys=True,
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{ABOUT_FILE}.", suffix=".partial", dir=folder
        )
    except OSError as error:
        log.warning("Could not save the answers in %s: %s", folder, error)
        return False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text + "\n")
        os.replace(temporary, folder / ABOUT_FILE)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        log.warning("Could not save the answers in %s: %s", folder, error)
        return False
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
