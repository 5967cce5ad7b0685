"""Shared pieces of the report tests: the fixture knowledge base, a fixed
evaluation date, an in-process renderer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coop.kb.config import Settings
from coop.report.context import Options
from coop.report.render import Renderer
from coop.validate.engine import load_kb

HERE = Path(__file__).resolve().parent
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
