"""Run a generator again from an export's run.json."""

from __future__ import annotations

from pathlib import Path

from synthdesk.core import pipeline
from synthdesk.core.columns import ColumnSpec
from synthdesk.core.errors import InputError
from synthdesk.core.io.readers import file_sha256

# Versions that change the synthetic values when they differ.
PINNED = (
    "sdv",
    "rdt",
    "copulas",
    "ctgan",
    "torch",
    "numpy",
    "pandas",
    "scikit-learn",
    "scipy",
)


def reproduce_table(manifest: dict, input_path: str | None = None):
    """Check the input and versions, then generate and evaluate as recorded."""
    recorded = manifest["input"]
    path = Path(input_path or recorded["path"])
    if not path.is_file():
        raise InputError(
            f"The original file {recorded['name']} was not found at {path}.",
            "Give its current place with --input FILE.",
        )
    digest = file_sha256(path)
    if digest != recorded["sha256"]:
        raise InputError(
            f"{path.name} is not the file this run was made from: its SHA-256 "
            f"fingerprint is {digest[:12]}..., the run expects {recorded['sha256'][:12]}....",
            "Use the original, unchanged file.",
        )
    current = pipeline.versions()
    differing = [
        f"{name} {manifest['versions'].get(name)} (installed: {current.get(name)})"
        for name in PINNED
        if manifest["versions"].get(name) != current.get(name)
    ]
    if differing:
        raise InputError(
            "This run needs other library versions: " + ", ".join(differing) + ".",
            "Install the versions listed in the export's README, then run again.",
        )
    table = pipeline.load(
        str(path), sheet=recorded.get("sheet"), header_row=recorded.get("header_row")
    )
    recorded_specs = {
        item["name"]: ColumnSpec.from_dict(item) for item in manifest["columns"]
    }
    for index, spec in enumerate(table.specs):
        chosen = recorded_specs.get(spec.name)
        if chosen is None:
            continue
        chosen.constant_value = spec.constant_value
        table.specs[index] = chosen
    settings = pipeline.Settings.from_dict(manifest["settings"])
    result = pipeline.generate(table, settings)
    result.evaluation = pipeline.evaluate_run(table, result.synthetic)
    return table, result
