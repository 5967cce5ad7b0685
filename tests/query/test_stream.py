"""Facts written as the files are read (a first query) are the facts of the
whole knowledge base loaded (``build_facts``), and count the same broken files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import REPO

from coop.query.facts import FactsWriter, build_facts
from coop.query.loading import load_for_reading
from coop.query.stream import write_facts
from query.helpers import FIXTURE

TABLES = ("meta", "records", "bound", "memberships", "members", "themes_of", "commitments")


def _tables(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        for table in TABLES
    }


def _both(root: Path) -> tuple[tuple[dict[str, list[tuple[object, ...]]], int], ...]:
    kb, broken = load_for_reading(root)
    whole = sqlite3.connect(":memory:")
    build_facts(whole, kb, {})
    streamed = sqlite3.connect(":memory:")
    writer = FactsWriter(streamed, {})
    streamed_broken = write_facts(root, writer)
    writer.finish()
    return (_tables(whole), broken), (_tables(streamed), streamed_broken)


@pytest.mark.parametrize(
    "root", [FIXTURE, REPO / "tests/kbs/valid", REPO / "tests/kbs/invalid"], ids=lambda p: p.name
)
def test_the_same_facts_as_the_whole_knowledge_base(root: Path) -> None:
    whole, streamed = _both(root)
    assert streamed == whole
    assert whole[0]["records"], "the knowledge base has records"


def test_the_same_facts_from_a_knowledge_base_with_problems(tmp_path: Path) -> None:
    """Duplicate ids (the first file's record is kept), records that fail the
    model, YAML that does not parse, files outside the collections."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    agreements = root / "data/agreements"
    first = sorted(agreements.glob("*.yaml"))[0]
    (agreements / "zz-duplicate.yaml").write_text(
        first.read_text("utf-8").replace("title:", "title: Copie -", 1), "utf-8"
    )
    (root / "data/bodies/aa-broken.yaml").write_text("id: [unclosed\n", "utf-8")
    (root / "data/people/aa-no-name.yaml").write_text("id: aa-no-name\n", "utf-8")
    (root / "data/misplaced.yaml").write_text("id: misplaced\n", "utf-8")
    whole, streamed = _both(root)
    assert streamed == whole
    assert whole[1] >= 3, "the broken files are counted"
