"""Bodies, territories, posts, memberships and people in Popolo JSON.

Popolo (https://www.popoloproject.com) is the model the bodies follow:
territories and bodies are organizations; a body's posts are posts; who
holds a post, who sits in a body and each mandate a source states are
memberships; people are persons. Dates keep their precision (Popolo allows
YYYY, YYYY-MM and YYYY-MM-DD).

The records come a file at a time (``Records.file_by_file``); each item is
staged in a temporary SQLite table with what it needs from the rest of the
knowledge base, and the document written in order once all are known. On
the 56,000-file benchmark the records loaded whole and the document built
in memory took the export to 851 MB.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coop.export import Records, Summary
from coop.export.jsondoc import item_text, write_document
from coop.export.paths import check_file_target
from coop.kb.index import KnowledgeBase
from coop.model import Body, Person, Record, Source, Territory
from coop.model.dates import Period
from coop.query.scratch import scratch_database
from coop.writing import atomic_replace

# The order of the document's organizations and memberships: each
# territory's, then each body's, then each person's (by id within each).
_TERRITORIES, _BODIES, _PEOPLE = 0, 1, 2
_BATCH = 5000


def export(records: Records, out: Path) -> Summary:
    check_file_target(out)
    with scratch_database("coop-export-") as conn:
        staging = _Staging(conn)
        for part in records.file_by_file():
            _stage(staging, part)
        staging.flush()
        conn.execute("CREATE INDEX items_order ON items (list, rank, record, n)")
        lists = {
            "organizations": staging.items("organizations"),
            "posts": staging.items("posts"),
            "memberships": _numbered(staging.items("memberships")),
            "persons": staging.items("persons"),
        }
        with atomic_replace(out) as tmp, open(tmp, "wb") as handle:
            counts = write_document(
                handle, [], [(name, map(item_text, items)) for name, items in lists.items()]
            )
    return Summary(", ".join(f"{count} {name}" for name, count in counts.items()))


class _Staging:
    """The document's items as the files are read, each with what it needs
    from the rest of the knowledge base: an item whose member or person
    turns out missing is left out, a link (``parent_id``,
    ``on_behalf_of_id``) to a missing record removed."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.execute(
            "CREATE TABLE items (list TEXT, rank INTEGER, record TEXT, n INTEGER, "
            "item TEXT, kept_if TEXT, links TEXT)"
        )
        self.ids: dict[str, set[str]] = {"territories": set(), "bodies": set(), "people": set()}
        self._pending: list[tuple[Any, ...]] = []
        self._arrived = 0

    def add(
        self,
        list_name: str,
        rank: int,
        record: str,
        item: dict[str, Any],
        kept_if: tuple[str, str | None] | None = None,
        links: dict[str, str] | None = None,
    ) -> None:
        """``kept_if``: the (collection, id) the item needs; ``links``: key ->
        the collection its value must be an id of, else the key is removed
        ("organizations": territories and bodies)."""
        self._arrived += 1
        self._pending.append(
            (
                list_name,
                rank,
                record,
                self._arrived,
                json.dumps(item, ensure_ascii=False),
                json.dumps(kept_if) if kept_if else None,
                json.dumps(links) if links else None,
            )
        )
        if len(self._pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        self.conn.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?)", self._pending)
        self._pending.clear()

    def items(self, list_name: str) -> Iterator[dict[str, Any]]:
        """The items of ``list_name`` in the document's order, resolved."""
        cursor = self.conn.execute(
            "SELECT item, kept_if, links FROM items WHERE list = ? ORDER BY rank, record, n",
            (list_name,),
        )
        for text, kept_if, links in cursor:
            if kept_if is not None:
                collection, needed = json.loads(kept_if)
                if not self._known(collection, needed):
                    continue
            item = json.loads(text)
            for key, collection in (json.loads(links) if links else {}).items():
                if key in item and not self._known(collection, item[key]):
                    del item[key]
            yield item

    def _known(self, collection: str, record_id: str | None) -> bool:
        if collection == "organizations":
            return record_id in self.ids["territories"] or record_id in self.ids["bodies"]
        return record_id in self.ids[collection]


def _stage(staging: _Staging, kb: KnowledgeBase) -> None:
    """Stage the items of ``kb``'s territories, bodies and people."""
    for key, t in kb.territories.items():
        staging.ids["territories"].add(key)
        staging.add(
            "organizations", _TERRITORIES, key, _territory(t), links={"parent_id": "territories"}
        )
        for member_id in t.members:
            staging.add(
                "memberships",
                _TERRITORIES,
                key,
                {
                    "member": {"@type": "Organization", "id": member_id},
                    "organization_id": key,
                    "role": "member",
                },
                kept_if=("organizations", member_id),
            )
    for key, body in kb.bodies.items():
        staging.ids["bodies"].add(key)
        staging.add("organizations", _BODIES, key, _body(body), links={"parent_id": "bodies"})
        _stage_body(staging, key, body)
    for key, person in kb.people.items():
        staging.ids["people"].add(key)
        staging.add("persons", _PEOPLE, key, _person(person))
        for mandate in person.mandates:
            where = mandate.body or mandate.territory
            start, end = _period(mandate.period)
            staging.add(
                "memberships",
                _PEOPLE,
                key,
                _clean(
                    {
                        "person_id": key,
                        "organization_id": where,
                        "role": mandate.role.value,
                        "label": mandate.title,
                        "start_date": start or _text(mandate.as_of),
                        "end_date": end,
                    }
                ),
                kept_if=("organizations", where),
            )


def _stage_body(staging: _Staging, key: str, body: Body) -> None:
    """A body's members, then each post and who holds it."""
    for member in body.members:
        ref = member.territory or member.body
        staging.add(
            "memberships",
            _BODIES,
            key,
            _clean(
                {
                    "member": {"@type": "Organization", "id": ref},
                    "organization_id": key,
                    "role": member.role.value,
                    "label": member.represented_by,
                }
            ),
            kept_if=("organizations", ref),
        )
    for index, post in enumerate(body.posts, 1):
        post_id = f"{key}/post-{index}"
        start, end = _period(post.period)
        staging.add(
            "posts",
            _BODIES,
            key,
            _clean(
                {
                    "id": post_id,
                    "organization_id": key,
                    "role": post.role.value,
                    "label": post.label or post.role.value,
                    "start_date": start,
                    "end_date": end,
                    "sources": _sources(post.sources),
                }
            ),
        )
        staging.add(
            "memberships",
            _BODIES,
            key,
            _clean(
                {
                    "person_id": post.person,
                    "organization_id": key,
                    "post_id": post_id,
                    "role": post.role.value,
                    "on_behalf_of_id": post.on_behalf_of,
                    "start_date": start or _text(post.as_of),
                    "end_date": end,
                }
            ),
            kept_if=("people", post.person),
            links={"on_behalf_of_id": "organizations"},
        )


def _numbered(memberships: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for index, membership in enumerate(memberships, 1):
        membership["id"] = f"membership-{index}"
        yield membership


def _territory(t: Territory) -> dict[str, Any]:
    identifiers = [
        {"scheme": scheme, "identifier": str(value)}
        for scheme, value in (("siren", t.identifiers.siren), ("insee", t.identifiers.insee))
        if value is not None
    ]
    return _clean(
        {
            "id": t.id,
            "name": t.name,
            "classification": t.kind.value,
            "other_names": [{"name": alias} for alias in t.aliases],
            "identifiers": identifiers,
            "parent_id": t.parent,
            "sources": _record_sources(t),
        }
    )


def _body(b: Body) -> dict[str, Any]:
    start, end = _period(b.active)
    names = [b.short_name, *b.aliases]
    return _clean(
        {
            "id": b.id,
            "name": b.name,
            "classification": b.kind.value,
            "other_names": [{"name": name} for name in names if name],
            "parent_id": b.parent,
            "founding_date": start,
            "dissolution_date": end,
            "sources": _record_sources(b),
        }
    )


def _person(p: Person) -> dict[str, Any]:
    return _clean(
        {
            "id": p.id,
            "name": p.name,
            "other_names": [{"name": alias} for alias in p.aliases],
            "sources": _record_sources(p),
        }
    )


def _record_sources(record: Record) -> list[dict[str, str]]:
    return _sources(record.sources)


def _sources(sources: list[Source]) -> list[dict[str, str]]:
    """Popolo's sources are links: those with a URL, or a document named in the note."""
    out = []
    for source in sources:
        note = "; ".join(x for x in (source.title, source.document, source.quote) if x)
        link = {"url": source.url, "note": note} if source.url else {"note": note}
        out.append({k: v for k, v in link.items() if v})
    return [link for link in out if link]


def _period(period: Period | None) -> tuple[str | None, str | None]:
    if period is None:
        return None, None
    return _text(period.start), _text(period.end)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty values: Popolo readers treat absent and empty alike."""
    return {k: v for k, v in item.items() if v not in (None, [], "")}
