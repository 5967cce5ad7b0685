"""Load a knowledge base in-process, as ``coop query`` does, for fast unit tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from coop.kb.index import KnowledgeBase
from coop.query.filters import Filters
from coop.query.rows import row_key
from coop.query.select import select
from coop.validate.engine import load_kb
from coop.validate.settings import load_settings

FIXTURE = Path(__file__).resolve().parent / "kb"


@cache
def load(root: Path) -> KnowledgeBase:
    settings, _ = load_settings(root)
    kb, _ = load_kb(root, settings)
    return kb


def ids(root: Path, collection: str, **filters: object) -> list[str]:
    """The ids ``coop query COLLECTION --format ids`` would print."""
    rows = select(load(root), collection, Filters(**filters))  # type: ignore[arg-type]
    return [row_key(collection)(row) for row in rows]
