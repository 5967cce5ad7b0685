"""Shared pieces of the report tests: the fixture knowledge base, a fixed
evaluation date, an in-process renderer."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from coop.kb.config import Settings
from coop.report.context import Options
from coop.report.render import Renderer
from coop.validate.engine import load_kb

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GENERATE = REPO / "bench" / "generate.py"
COG = REPO / "coop" / "data" / "cog"
KB = HERE / "kb"
GOLDEN = HERE / "golden"
# Fixed, so that "in force" verdicts do not move with the calendar.
AS_OF = dt.date(2024, 3, 1)

CONTRACT = "contrat-reciprocite-toulouse-metropole-portes-de-gascogne"

# One record of each target type in the fixture KB, plus the overview.
TARGETS = {
    "agreement": CONTRACT,
    "territory": "toulouse-metropole",
    "body": "dialogue-metropolitain-toulouse",
    "person": "jean-luc-moudenc",
    "theme": "developpement-economique",
    "overview": "overview",
}


def renderer(
    root: Path = KB, lang: str = "fr", linking: bool = False, templates: list[Path] | None = None
) -> Renderer:
    kb, _problems = load_kb(root, Settings())
    return Renderer(kb, Options(as_of=AS_OF, lang=lang, linking=linking), templates or [])


def generate_kb(out: Path, seed: int) -> Path:
    """A small knowledge base from the benchmark's generator (hundreds of
    records, every kind of page) at ``out``."""
    done = subprocess.run(
        [
            sys.executable,
            str(GENERATE),
            *("--scale", "0.01", "--seed", str(seed), "--cog", str(COG), "--out", str(out)),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return out


def site_tree(root: Path) -> dict[str, bytes]:
    """Every file of a written site, by its path from ``root``."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
