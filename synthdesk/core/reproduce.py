"""Run a generator again from an export's run.json.

A run is reproduced only from the same input file, checked by its SHA-256
fingerprint, and with the same versions of SynthDesk, Python (major and
minor) and the libraries in ``PINNED``. With those the synthetic data file is
identical byte for byte on the same operating system and processor type.
"""

from __future__ import annotations

from pathlib import Path

from synthdesk.core import pipeline
from synthdesk.core.columns import ColumnSpec
from synthdesk.core.errors import InputError
from synthdesk.core.io.readers import file_sha256, read_table

# Libraries whose version changes the synthetic values when it differs.
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


def required_versions(versions: dict) -> dict[str, str | None]:
    """Return the versions a reproduction must match, from a run's ``versions``."""
    needed = {"synthdesk": versions.get("synthdesk")}
    needed["python"] = _minor(versions.get("python"))
    needed.update({name: versions.get(name) for name in PINNED})
    return needed


def _minor(version: str | None) -> str | None:
    return ".".join(version.split(".")[:2]) if version else None


def check_versions(manifest: dict) -> None:
    """Raise ``InputError`` naming every required version that is not installed."""
    current = pipeline.versions()
    recorded = required_versions(manifest["versions"])
    installed = required_versions(current)
    differing = [
        f"{name} {recorded[name]} (installed: {installed[name]})"
        for name in recorded
        if recorded[name] != installed[name]
    ]
    if differing:
        raise InputError(
            "This run needs other versions: " + ", ".join(differing) + ".",
            "Install the versions listed in the export's README, then run again.",
        )


def find_input(manifest: dict, input_path: str | None = None) -> Path:
    """Return the input file, or raise ``InputError`` when it is missing or changed."""
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
            f"fingerprint is {digest[:12]}..., the run expects "
            f"{recorded['sha256'][:12]}....",
            "Use the original, unchanged file.",
        )
    return path


def reproduce_table(manifest: dict, input_path: str | None = None):
    """Check the input and versions, then generate and evaluate as recorded.

    Returns the table, read as recorded with the recorded column decisions,
    and the run's result. Raises ``InputError`` when the input file or a
    required version differs.
    """
    path = find_input(manifest, input_path)
    check_versions(manifest)
    recorded = manifest["input"]
    raw = read_table(
        path,
        sheet=recorded.get("sheet"),
        header_row=recorded.get("header_row"),
        encoding=recorded.get("encoding") if recorded.get("format") == "csv" else None,
        delimiter=recorded.get("delimiter")
        if recorded.get("format") == "csv"
        else None,
    )
    table = pipeline.table_from_raw(raw)
    if table.rows != recorded["rows"]:
        raise InputError(
            f"{path.name} was read as {table.rows:,} rows; the run had "
            f"{recorded['rows']:,}.",
            "Use the same SynthDesk version as the run.",
        )
    recorded_specs = {
        item["name"]: ColumnSpec.from_dict(item) for item in manifest["columns"]
    }
    for index, spec in enumerate(table.specs):
        chosen = recorded_specs.get(spec.name)
        if chosen is None:
            continue
        # run.json does not store constant values, so take them from the file.
        chosen.constant_value = spec.constant_value
        table.specs[index] = chosen
    settings = pipeline.Settings.from_dict(manifest["settings"])
    result = pipeline.generate(table, settings)
    result.evaluation = pipeline.evaluate_run(
        table, result.synthetic, control=settings.control
    )
    return table, result
