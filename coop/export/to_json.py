"""The whole knowledge base as one JSON document; references are the ids the records use."""

from __future__ import annotations

import json
from pathlib import Path

from coop import __version__
from coop.export import Records, Summary
from coop.export.paths import write_file
from coop.kb.index import ALL_COLLECTIONS, KnowledgeBase


def document(kb: KnowledgeBase) -> dict[str, object]:
    """``{"generator": …, "themes": [...], "territories": [...], …}``, records sorted by id.

    Keys left out of a record (None) are left out here too; a reference is
    the id of its target, which has its own entry in its collection.
    """
    out: dict[str, object] = {"generator": f"coop {__version__}"}
    for name in ("themes", *(c for c in ALL_COLLECTIONS if c != "themes")):
        records = kb.records[name]
        out[name] = [
            records[key].model_dump(mode="json", exclude_none=True) for key in sorted(records)
        ]
    return out


def export(records: Records, out: Path) -> Summary:
    data = document(records.whole())
    write_file(out, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    counts = [f"{len(data[name])} {name}" for name in ALL_COLLECTIONS]  # type: ignore[arg-type]
    return Summary(", ".join(counts))
