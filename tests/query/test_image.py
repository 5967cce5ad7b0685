"""The image written file by file, as ``coop query --sql`` and the exports write
it, is the image of the whole knowledge base: the same rows in the same order,
the same keys made to hold, the same values and rows dropped."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import REPO

from coop.query.image import build_image, write_image
from coop.query.loading import load_for_reading
from coop.query.stream import FileByFile
from coop.query.tables import TABLES
from query.helpers import FIXTURE

Tables = dict[str, list[tuple[object, ...]]]


def _both(root: Path) -> tuple[tuple[Tables, dict[str, int], int], ...]:
    kb, broken = load_for_reading(root)
    whole = build_image(kb)
    conn = sqlite3.connect(":memory:")
    files = FileByFile(root)
    dropped = write_image(conn, files)
    streamed = {t.name: conn.execute(f'SELECT * FROM "{t.name}"').fetchall() for t in TABLES}
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], "the keys hold"
    return (
        ({t.name: whole.rows[t.name] for t in TABLES}, dict(whole.dropped), broken),
        (streamed, dict(dropped), files.broken),
    )


@pytest.mark.parametrize("root", [FIXTURE, REPO, REPO / "tests/kbs/invalid"], ids=lambda p: p.name)
def test_the_same_image_as_the_whole_knowledge_base(root: Path) -> None:
    whole, streamed = _both(root)
    assert streamed == whole
    assert whole[0]["agreements"], "the knowledge base has records"


def test_the_same_image_from_a_knowledge_base_with_problems(tmp_path: Path) -> None:
    """Files met in another order than their ids, an id declared twice (the
    first file's record kept), a reference to a missing record (emptied), a
    required one (its row left out), a primary key repeated in a record."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    agreements = root / "data/agreements"
    first, second, *_ = sorted(agreements.glob("*.yaml"))
    text = first.read_text("utf-8")
    (agreements / "zz-late.yaml").write_text(text.replace("title:", "title: Copie -", 1))
    (agreements / "00-early.yaml").write_text(
        text.replace(f"id: {first.stem}", "id: zzz-last-id", 1), "utf-8"
    )
    twice = second.read_text("utf-8")
    assert "territory: " in twice and "theme: " in twice
    twice = twice.replace("territory: ", "territory: nowhere-", 1)
    twice = twice.replace("theme: ", "theme: no-such-", 1)
    second.write_text(twice, "utf-8")
    (root / "data/bodies/aa-broken.yaml").write_text("id: [unclosed\n", "utf-8")
    whole, streamed = _both(root)
    assert streamed == whole
    rows, dropped, broken = whole
    assert broken == 1
    assert dropped, "references were dropped"
    ids = [row[0] for row in rows["agreements"]]
    assert ids == sorted(ids) and "zzz-last-id" in ids
    assert not any(str(row[1]).startswith("Copie") for row in rows["agreements"])
