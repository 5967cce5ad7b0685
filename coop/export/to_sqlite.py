"""The knowledge base's image as an SQLite file, keys declared: ready for Datasette."""

from __future__ import annotations

from pathlib import Path

from coop.export import Summary
from coop.export.paths import check_file_target, write_file
from coop.kb.index import KnowledgeBase
from coop.query.image import build_image


def export(kb: KnowledgeBase, out: Path) -> Summary:
    check_file_target(out)
    image = build_image(kb)
    try:
        rows = sum(len(r) for r in image.rows.values())
        # serialize() gives the database file's bytes: written at once,
        # atomically, where a file database would be built in place.
        data = image.conn.serialize()
    finally:
        image.conn.close()
    write_file(out, data)
    return Summary(f"{len(image.rows)} tables, {rows} rows", image.problems)
