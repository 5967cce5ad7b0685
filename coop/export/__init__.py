"""Hand the knowledge base to other tools: JSON, CSV + Frictionless, SQLite, Popolo.

Each format is one module with ``export(records, out) -> Summary``; every file is
written through ``coop.writing``, so a failed export leaves the previous
output whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coop.kb.index import KnowledgeBase


class ExportError(Exception):
    """An output path that cannot be written as asked: a message and a hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass
class Summary:
    """What an export wrote, for the one line the CLI prints."""

    what: str  # "7 tables, 310 rows"
    dropped: int = 0  # dangling references left empty, duplicate keys left out
    notes: list[str] = field(default_factory=list)


class Records:
    """What an export reads: the knowledge base at ``root``, handed on a file
    at a time (on a national knowledge base, the records loaded whole hold
    ~550 MB). ``broken`` then counts the files with problems, which may be
    missing from the export."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.broken = 0

    def file_by_file(self) -> Iterator[KnowledgeBase]:
        from coop.query.stream import FileByFile

        files = FileByFile(self.root)
        yield from files
        self.broken = files.broken


Exporter = Callable[[Records, Path], Summary]


def get(name: str) -> Exporter:
    """The exporter of format ``name`` (json, csv, sqlite or popolo)."""
    if name == "json":
        from coop.export.to_json import export
    elif name == "csv":
        from coop.export.to_csv import export
    elif name == "sqlite":
        from coop.export.to_sqlite import export
    elif name == "popolo":
        from coop.export.to_popolo import export
    else:
        raise KeyError(name)
    return export


FORMATS = ("json", "csv", "sqlite", "popolo")
