"""Load a knowledge base in-process, as ``coop query`` does, for fast unit tests.

A query is answered two ways: from the records in memory (``select``, the
path of a first query) and from the facts the store keeps (``answer``, the
path of every later one); tests run both and expect the same answer.
"""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path

from coop.kb.index import KnowledgeBase
from coop.query.answer import answer
from coop.query.facts import build_facts
from coop.query.filters import Filters
from coop.query.rows import Row, row_key
from coop.query.select import select
from coop.validate.engine import load_kb
from coop.validate.settings import load_settings

FIXTURE = Path(__file__).resolve().parent / "kb"
VIAS = ("records", "image")


@cache
def load(root: Path) -> KnowledgeBase:
    settings, _ = load_settings(root)
    kb, _ = load_kb(root, settings)
    return kb


@cache
def facts(root: Path) -> sqlite3.Connection:
    """The facts of the knowledge base at ``root``, as the store keeps them."""
    conn = sqlite3.connect(":memory:")
    build_facts(conn, load(root), {})
    return conn


def rows(root: Path, collection: str, via: str = "records", **filters: object) -> list[Row]:
    """The rows ``coop query COLLECTION`` answers, from the records or the image."""
    given = Filters(**filters)  # type: ignore[arg-type]
    if via == "image":
        return answer(facts(root), collection, given)
    return select(load(root), collection, given)


def ids(root: Path, collection: str, via: str = "records", **filters: object) -> list[str]:
    """The ids ``coop query COLLECTION --format ids`` would print."""
    return [row_key(collection)(row) for row in rows(root, collection, via, **filters)]
