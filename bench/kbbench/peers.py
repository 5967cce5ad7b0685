"""The peers coop is measured against, in a virtualenv of their own
(``bench/.venv-peers``) so that they never mix with the project's dependencies:
yamllint (syntax and style, default configuration) and check-jsonschema
(against the JSON Schema of the agreement model)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGES = ["yamllint", "check-jsonschema"]


class PeerError(Exception):
    """The peers' virtualenv could not be made."""


def ensure_venv(folder: Path) -> Path:
    """The ``bin`` folder of a virtualenv holding the peers (made on first use)."""
    bin_dir = folder / "bin"
    if all((bin_dir / name).exists() for name in ("yamllint", "check-jsonschema")):
        return bin_dir
    steps = [
        [sys.executable, "-m", "venv", str(folder)],
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", *PACKAGES],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            raise PeerError(f"{' '.join(step[:4])}… failed: {done.stderr.strip()[-500:]}")
    return bin_dir


def versions(bin_dir: Path) -> dict[str, str]:
    out = {}
    for name in PACKAGES:
        done = subprocess.run(
            [str(bin_dir / "python"), "-m", "pip", "show", name], capture_output=True, text=True
        )
        version = next(
            (
                line.split(":", 1)[1].strip()
                for line in done.stdout.splitlines()
                if line.startswith("Version:")
            ),
            "?",
        )
        out[name] = version
    return out


def agreement_schema(coop: Path, kb: Path, folder: Path) -> Path:
    """The agreement model's JSON Schema: from ``coop schema`` when the command
    exists, else straight from the pydantic model."""
    done = subprocess.run(
        [str(coop), "schema", "--kb", str(kb), "--out", str(folder)], capture_output=True, text=True
    )
    path = folder / "agreements.schema.json"
    if done.returncode == 0 and path.is_file():
        return path
    import json

    from coop.model import Agreement
    from coop.writing import atomic_write_text

    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(Agreement.model_json_schema(), indent=2))
    return path
