"""The user's answers on the export page, remembered between runs."""

from __future__ import annotations

import json
import os
from pathlib import Path

APP_NAME = "SynthDesk"


def config_folder() -> Path:
    from platformdirs import user_config_dir

    override = os.environ.get("SYNTHDESK_CONFIG_DIR")
    return (
        Path(override) if override else Path(user_config_dir(APP_NAME, appauthor=False))
    )


def _about_path() -> Path:
    return config_folder() / "about.json"


def load_about() -> dict:
    """Return the saved answers, or an empty dict when none are saved or readable."""
    try:
        data = json.loads(_about_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return (
        {str(key): str(value) for key, value in data.items()}
        if isinstance(data, dict)
        else {}
    )


def save_about(about: dict) -> None:
    """Save the answers atomically; a failure to save is not an error for the user."""
    path = _about_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".json.partial")
        temporary.write_text(
            json.dumps(about, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        os.replace(temporary, path)
    except OSError:
        pass
