"""The engine's own list of scanned collections is the index's."""

from coop.kb.index import ALL_COLLECTIONS
from coop.validate import engine


def test_engine_scans_every_collection_of_the_index() -> None:
    assert engine.COLLECTIONS == ALL_COLLECTIONS
