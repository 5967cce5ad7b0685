"""The knowledge base's image as an SQLite file, keys declared: ready for Datasette."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coop.export import Records, Summary
from coop.export.paths import check_file_target
from coop.query.image import write_image
from coop.query.tables import TABLES
from coop.writing import atomic_replace


def export(records: Records, out: Path) -> Summary:
    check_file_target(out)
    # Written as the files are read, into a new file beside ``out`` that
    # replaces it once whole (coop.query.image).
    with atomic_replace(out) as tmp:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")  # a new file, renamed when whole
            dropped = write_image(conn, records.file_by_file())
            rows = sum(
                conn.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
                for table in TABLES
            )
        finally:
            conn.close()
    return Summary(f"{len(TABLES)} tables, {rows} rows", sum(dropped.values()))
