"""The records of a knowledge base handed on one file at a time, none kept.

``coop.validate.engine.load_kb`` builds the whole ``KnowledgeBase``: on the
56,000-file benchmark its records hold ~500 MB (pydantic keeps a dict and a
set of the fields given for every model instance). A first query needs
each record only long enough to write its facts (``FactsWriter``), so here
each file is read and made into records by ``KnowledgeBase.build`` on its
own -- the same rules for themes, misplaced and unreadable files -- and, as
the whole knowledge base keeps them, only the first record of each id is
handed on.
"""

from __future__ import annotations

from pathlib import Path

from coop.kb.index import ALL_COLLECTIONS, KnowledgeBase
from coop.load.files import read_source
from coop.load.positions import Positions
from coop.load.scan import discover
from coop.query.facts import FactsWriter
from coop.validate.settings import load_settings


def write_facts(root: Path, writer: FactsWriter) -> int:
    """Hand every record of the knowledge base at ``root`` to ``writer``;
    the number of files with problems (as ``load_for_reading`` counts them)."""
    settings, _ = load_settings(root)
    seen: dict[str, set[str]] = {name: set() for name in ALL_COLLECTIONS}
    empty = Positions()
    broken = 0
    for entry in discover(root, ALL_COLLECTIONS):
        source = read_source(entry, settings.max_file_size)
        one, problems = KnowledgeBase.build(root, settings, [source])
        # A record keeps its file, but not the file's parse (as load_kb).
        source.data = None
        source.positions = empty
        if problems or source.problems:
            broken += 1
        for collection, records in one.records.items():
            ids = seen[collection]
            for record_id, record in records.items():
                if record_id not in ids:
                    ids.add(record_id)
                    writer.add(collection, record)
    return broken
