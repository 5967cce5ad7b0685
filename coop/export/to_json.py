"""The whole knowledge base as one JSON document; references are the ids the records use.

``{"generator": …, "themes": [...], "territories": [...], …}``, each
collection's records sorted by id. Keys left out of a record (None) are left
out here too; a reference is the id of its target, which has its own entry
in its collection.

The records come a file at a time (``Records.file_by_file``): each is
turned into its JSON text at once and kept, with its id, in a temporary
SQLite table, from which the document is written in order. On the 56,000-file
benchmark the records loaded whole and the document built from them in
memory took the export past 1.2 GB.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from coop import __version__
from coop.export import Records, Summary
from coop.export.jsondoc import item_text, write_document
from coop.export.paths import check_file_target
from coop.kb.index import ALL_COLLECTIONS
from coop.query.scratch import scratch_database
from coop.writing import atomic_replace

# The document's order: themes first, then the other collections.
ORDER = ("themes", *(c for c in ALL_COLLECTIONS if c != "themes"))


def export(records: Records, out: Path) -> Summary:
    check_file_target(out)
    with scratch_database("coop-export-") as conn:
        conn.execute("CREATE TABLE records (collection TEXT, id TEXT, text TEXT)")
        for part in records.file_by_file():
            conn.executemany(
                "INSERT INTO records VALUES (?, ?, ?)",
                [
                    (name, key, item_text(record.model_dump(mode="json", exclude_none=True)))
                    for name, found in part.records.items()
                    for key, record in found.items()
                ],
            )
        conn.execute("CREATE INDEX records_order ON records (collection, id)")
        with atomic_replace(out) as tmp, open(tmp, "wb") as handle:
            counts = write_document(
                handle,
                [("generator", f"coop {__version__}")],
                [(name, _texts(conn, name)) for name in ORDER],
            )
    return Summary(", ".join(f"{counts[name]} {name}" for name in ALL_COLLECTIONS))


def _texts(conn: sqlite3.Connection, collection: str) -> Iterator[str]:
    cursor = conn.execute(
        "SELECT text FROM records WHERE collection = ? ORDER BY id", (collection,)
    )
    for (text,) in cursor:
        yield text
