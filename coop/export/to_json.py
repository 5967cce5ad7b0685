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

import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import BinaryIO

from coop import __version__
from coop.export import Records, Summary
from coop.export.paths import check_file_target
from coop.kb.index import ALL_COLLECTIONS
from coop.writing import atomic_replace

# The document's order: themes first, then the other collections.
ORDER = ("themes", *(c for c in ALL_COLLECTIONS if c != "themes"))
# A record's text is indented as json.dumps(document, indent=2) would:
# inside the document's object and its collection's list.
_NESTED = "    "


def export(records: Records, out: Path) -> Summary:
    check_file_target(out)
    with tempfile.TemporaryDirectory(prefix="coop-export-") as folder:
        conn = sqlite3.connect(os.path.join(folder, "records.sqlite"))
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("CREATE TABLE records (collection TEXT, id TEXT, text TEXT)")
            for part in records.file_by_file():
                conn.executemany(
                    "INSERT INTO records VALUES (?, ?, ?)",
                    [
                        (name, key, _text(record.model_dump(mode="json", exclude_none=True)))
                        for name, found in part.records.items()
                        for key, record in found.items()
                    ],
                )
            conn.execute("CREATE INDEX records_order ON records (collection, id)")
            with atomic_replace(out) as tmp, open(tmp, "wb") as handle:
                counts = _write(conn, handle)
        finally:
            conn.close()
    return Summary(", ".join(f"{counts[name]} {name}" for name in ALL_COLLECTIONS))


def _text(record: dict[str, object]) -> str:
    return "\n".join(
        _NESTED + line for line in json.dumps(record, ensure_ascii=False, indent=2).split("\n")
    )


def _write(conn: sqlite3.Connection, handle: BinaryIO) -> dict[str, int]:
    """Write the document into ``handle``; the records of each collection."""
    counts = dict.fromkeys(ORDER, 0)
    handle.write(b'{\n  "generator": ' + json.dumps(f"coop {__version__}").encode())
    for name in ORDER:
        handle.write(f',\n  "{name}": ['.encode())
        cursor = conn.execute("SELECT text FROM records WHERE collection = ? ORDER BY id", (name,))
        for (text,) in cursor:
            handle.write(b"," if counts[name] else b"")
            handle.write(b"\n" + text.encode("utf-8"))
            counts[name] += 1
        handle.write(b"\n  ]" if counts[name] else b"]")
    handle.write(b"\n}\n")
    return counts
