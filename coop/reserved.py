"""The words ``coop report TARGET`` reads as keywords, never as record ids.

A record with one of these ids could never have its own note. One definition
for everything that must agree on them: ``coop report``, rule S007
(reserved-id), ``coop new`` and ``coop rename``. Standard library only, so
that the rules and the CLI read it without importing the report.
"""

from __future__ import annotations

ALL = "all"
OVERVIEW = "overview"

# Each keyword and what `coop report KEYWORD` does instead of showing a record.
REPORT_KEYWORDS: dict[str, str] = {
    ALL: "renders every note",
    OVERVIEW: "renders the overview note",
}

# A suggestion names the kind of record, as a reference key does.
_SINGULAR = {
    "territories": "territory",
    "agreements": "agreement",
    "bodies": "body",
    "people": "person",
    "themes": "theme",
}


def reserved_why(record_id: str) -> str | None:
    """Why ``record_id`` cannot be a record's id, or None if it is not reserved."""
    does = REPORT_KEYWORDS.get(record_id)
    if does is None:
        return None
    return (
        f"{record_id!r} is reserved: `coop report {record_id}` {does}, "
        "so a record with this id could never have its own note"
    )


def longer_id(record_id: str, collection: str) -> str:
    """A longer id to suggest instead of a reserved one (``all-agreement``)."""
    return f"{record_id}-{_SINGULAR.get(collection, 'record')}"
