"""A record's id is a word that ``coop report`` reserves.

What it checks: no record (territory, agreement, body, person, or theme in
the themes file) has as its id a keyword of ``coop report TARGET``: ``all``
(every note) or ``overview`` (the overview note). ``coop new`` and
``coop rename`` refuse such an id.

Why: ``coop report all`` renders every note and ``coop report overview`` the
overview, so a record with that id could never have a note of its own.

Failing example: ``data/agreements/all.yaml`` holding ``id: all``.

Passing example: ``data/agreements/all-agreement.yaml`` holding
``id: all-agreement``.
"""

from collections.abc import Iterator
from typing import Any

from coop.load.positions import Path
from coop.reserved import REPORT_KEYWORDS, longer_id, reserved_why
from coop.rules.base import Context, Finding

CODE = "S007"
NAME = "reserved-id"


def check(ctx: Context) -> Iterator[Finding]:
    # Declarations, not records: an id is reserved whether or not the rest of
    # its record is valid yet.
    for record_id in REPORT_KEYWORDS:
        for declared in ctx.kb.declarations.get(record_id, ()):
            if _written_id(declared.source.data, declared.prefix) != record_id:
                continue  # declared by its file's name alone: its id is missing or not text
            why = reserved_why(record_id)
            assert why is not None
            longer = longer_id(record_id, declared.collection)
            yield Finding(
                declared.source,
                (*declared.prefix, "id"),
                why,
                f"choose a longer id, e.g. {longer}: `coop rename {record_id} {longer}` "
                "renames it everywhere",
            )


def _written_id(data: Any, prefix: Path) -> Any:
    """The ``id`` written at ``prefix`` in a file's data (None if there is none)."""
    for step in prefix:
        try:
            data = data[step]
        except (LookupError, TypeError):
            return None
    return data.get("id") if isinstance(data, dict) else None
