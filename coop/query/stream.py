"""The records of a knowledge base handed on one file at a time, none kept.

``coop.validate.engine.load_kb`` builds the whole ``KnowledgeBase``: on the
56,000-file benchmark its records hold ~500 MB (pydantic keeps a dict and a
set of the fields given for every model instance). What a first query or an
export writes (facts, the SQLite image) needs each record only long enough
to write it, so here each file is read and made into records by
``KnowledgeBase.build`` on its own -- the same rules for themes, misplaced
and unreadable files -- and, as the whole knowledge base keeps them, only
the first record of each id is handed on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from coop.kb.index import ALL_COLLECTIONS, KnowledgeBase
from coop.load.files import read_source
from coop.load.positions import Positions
from coop.load.scan import discover
from coop.query.facts import FactsWriter
from coop.validate.settings import load_settings


class FileByFile:
    """Iterates over one small ``KnowledgeBase`` per file of the knowledge
    base at ``root``, holding the records it adds; ``broken`` then counts
    the files with problems (as ``load_for_reading`` counts them)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.broken = 0

    def __iter__(self) -> Iterator[KnowledgeBase]:
        settings, _ = load_settings(self.root)
        seen: dict[str, set[str]] = {name: set() for name in ALL_COLLECTIONS}
        empty = Positions()
        self.broken = 0
        for entry in discover(self.root, ALL_COLLECTIONS):
            source = read_source(entry, settings.max_file_size)
            one, problems = KnowledgeBase.build(self.root, settings, [source])
            # A record keeps its file, but not the file's parse (as load_kb).
            source.data = None
            source.positions = empty
            if problems or source.problems:
                self.broken += 1
            for collection, records in one.records.items():
                ids = seen[collection]
                for record_id in list(records):
                    if record_id in ids:
                        del records[record_id]  # an earlier file declared it
                    else:
                        ids.add(record_id)
            yield one


def write_facts(root: Path, writer: FactsWriter) -> int:
    """Hand every record of the knowledge base at ``root`` to ``writer``;
    the number of files with problems."""
    files = FileByFile(root)
    for one in files:
        hand_on(one, writer)
    return files.broken


def hand_on(part: KnowledgeBase, writer: FactsWriter) -> None:
    """Give ``writer`` the records of ``part``."""
    for collection, records in part.records.items():
        for record in records.values():
            writer.add(collection, record)
