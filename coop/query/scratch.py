"""A throw-away SQLite database on disk, for rows staged there rather than in memory."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator


@contextlib.contextmanager
def scratch_database(prefix: str) -> Iterator[sqlite3.Connection]:
    """A new database in a private temporary folder (``prefix`` names it);
    closed and deleted, folder and all, when the block ends."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        conn = sqlite3.connect(os.path.join(folder, "scratch.sqlite"))
        try:
            conn.execute("PRAGMA journal_mode = OFF")  # deleted whole, never recovered
            yield conn
        finally:
            conn.close()
