"""The facts a filtered query reads, taken from the knowledge base into SQLite.

Built on the cold path (the knowledge base loaded), stored by
``coop.query.store`` and read by ``coop.query.answer`` without the model.
Each fact is what ``coop.query.select`` computes from the records, computed
once here by the same functions: every row as ``select`` renders it (JSON),
the normalised text ``--text`` searches, when each agreement is in force,
and the relations behind --party, --member-of and --partner-of. These are
not the tables of ``coop query --sql`` (``coop.query.image``): that image
drops duplicate keys and dangling references, which a query on a knowledge
base with errors must still show as the records hold them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from coop.kb.index import KnowledgeBase
from coop.model.vocabulary import AgreementStatus
from coop.query import rows
from coop.query.periods import force_span
from coop.query.select import HAYSTACKS, KINDS, bound_parties
from coop.query.text import normalise

# Bump when a table or the meaning of a column changes.
FORMAT = 1

SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
-- One row per record of territories, agreements, bodies, people and themes.
-- position: its order in the knowledge base (the suggestions keep it);
-- force_first / force_last: the days an agreement may be in force
-- (force_first NULL: no day can be named; force_last NULL: no end).
CREATE TABLE records (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT,
    status TEXT,
    force_first TEXT,
    force_last TEXT,
    text TEXT NOT NULL,
    row TEXT
);
CREATE UNIQUE INDEX records_by_id ON records (collection, id);
-- Agreements bind these parties (named in a binding role).
CREATE TABLE bound (party TEXT, agreement TEXT, PRIMARY KEY (party, agreement)) WITHOUT ROWID;
CREATE INDEX bound_by_agreement ON bound (agreement, party);
-- A territory or body (member) is a member of this body.
CREATE TABLE memberships (member TEXT, body TEXT, PRIMARY KEY (member, body)) WITHOUT ROWID;
-- --member-of: records of a collection that are members of a group;
-- via 'parent' counts only when the group is a territory.
CREATE TABLE members (
    grp TEXT, collection TEXT, via TEXT, member TEXT,
    PRIMARY KEY (grp, collection, via, member)
) WITHOUT ROWID;
-- An agreement's themes: its own, then its commitments'.
CREATE TABLE themes_of (agreement TEXT, theme TEXT, PRIMARY KEY (agreement, theme)) WITHOUT ROWID;
CREATE TABLE commitments (
    agreement TEXT NOT NULL,
    position INTEGER NOT NULL,
    theme TEXT,
    text TEXT NOT NULL,
    row TEXT NOT NULL,
    PRIMARY KEY (agreement, position)
);
"""

RecordRow = tuple[str, str, int, str, Any, Any, Any, Any, str, Any]


def build_facts(conn: sqlite3.Connection, kb: KnowledgeBase, meta: dict[str, str]) -> None:
    """Fill ``conn``, a new empty database, with the facts of ``kb``; ``meta``
    (the store's key…) goes beside the vocabularies."""
    conn.executescript(SCHEMA)
    meta = {**meta, "vocabularies": json.dumps(_vocabularies(), sort_keys=True)}
    conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", _records(kb))
    conn.executemany("INSERT OR IGNORE INTO bound VALUES (?, ?)", _bound(kb))
    conn.executemany("INSERT OR IGNORE INTO memberships VALUES (?, ?)", _memberships(kb))
    conn.executemany("INSERT OR IGNORE INTO members VALUES (?, ?, ?, ?)", _members(kb))
    conn.executemany("INSERT OR IGNORE INTO themes_of VALUES (?, ?)", _themes_of(kb))
    conn.executemany("INSERT INTO commitments VALUES (?, ?, ?, ?, ?)", _commitments(kb))
    conn.commit()


def _vocabularies() -> dict[str, Any]:
    """The values --kind and --status accept, per collection (the model's enums)."""
    return {
        "kind": {name: [m.value for m in enum] for name, enum in KINDS.items()},
        "status": [m.value for m in AgreementStatus],
    }


def _json(row: rows.Row) -> str:
    # ASCII: a lone surrogate in a text would not go into SQLite as UTF-8.
    return json.dumps(row, separators=(",", ":"))


def _text(collection: str, record: Any) -> str:
    return normalise("\n".join(t for t in HAYSTACKS[collection](record) if t))


def _records(kb: KnowledgeBase) -> Iterator[RecordRow]:
    for i, t in enumerate(kb.territories.values()):
        yield (
            "territories", t.id, i, t.name, t.kind.value, None, None, None,
            _text("territories", t), _json(rows.territory_row(t)),
        )  # fmt: skip
    for i, a in enumerate(kb.agreements.values()):
        span = force_span(a)
        yield (
            "agreements", a.id, i, a.display_name, a.kind.value, a.status.value,
            span.first.isoformat() if span else None,
            span.last.isoformat() if span and span.last else None,
            _text("agreements", a), _json(rows.agreement_row(a)),
        )  # fmt: skip
    for i, b in enumerate(kb.bodies.values()):
        yield (
            "bodies", b.id, i, b.name, b.kind.value, None, None, None,
            _text("bodies", b), _json(rows.body_row(b)),
        )  # fmt: skip
    posts = kb.posts_by_person
    for i, p in enumerate(kb.people.values()):
        row = rows.person_row(p, [body.id for body, _ in posts.get(p.id, [])])
        yield ("people", p.id, i, p.name, None, None, None, None, _text("people", p), _json(row))
    for i, theme in enumerate(kb.themes.values()):
        yield ("themes", theme.id, i, theme.display_name, None, None, None, None, "", None)


def _bound(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    for a in kb.agreements.values():
        for party in bound_parties(a):
            yield party, a.id


def _memberships(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    for member, bodies in kb.bodies_by_member.items():
        for body in bodies:
            yield member, body.id


def _members(kb: KnowledgeBase) -> Iterator[tuple[str, str, str, str]]:
    """What ``select._members_of`` finds, per group and collection."""
    for b in kb.bodies.values():
        for m in b.members:
            if m.territory:
                yield b.id, "territories", "listed", m.territory
            if m.body:
                yield b.id, "bodies", "listed", m.body
        for post in b.posts:
            if post.person:
                yield b.id, "people", "listed", post.person
    for t in kb.territories.values():
        for member in t.members:
            yield t.id, "territories", "listed", member
        if t.parent:
            yield t.parent, "territories", "parent", t.id
    for p in kb.people.values():
        for mandate in p.mandates:
            for group in (mandate.territory, mandate.body):
                if group:
                    yield group, "people", "listed", p.id


def _themes_of(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    for a in kb.agreements.values():
        for theme in rows.agreement_themes(a):
            yield a.id, theme


def _commitments(kb: KnowledgeBase) -> Iterator[tuple[str, int, str | None, str, str]]:
    for a in kb.agreements.values():
        for i, c in enumerate(a.commitments):
            yield (
                a.id, i, c.theme, _text("commitments", (a, c)),
                _json(rows.commitment_row(a, c)),
            )  # fmt: skip
