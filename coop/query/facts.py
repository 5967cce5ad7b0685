"""The facts a filtered query reads, taken from the knowledge base into SQLite.

Built on the cold path, stored by ``coop.query.store`` and read by
``coop.query.answer`` without the model. Written one record at a time
(``FactsWriter``), as the files are read: a first query on a national
knowledge base never holds all its records at once (``coop.query.stream``).
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
from collections import defaultdict
from typing import Any

from coop.kb.index import ALL_COLLECTIONS, KnowledgeBase
from coop.model import Agreement, Body, Person, Record, Territory
from coop.model.theme import Theme
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

# Rows kept per table before they go to SQLite together (executemany).
_BATCH = 5000
_INSERTS = {
    "records": "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "bound": "INSERT OR IGNORE INTO bound VALUES (?, ?)",
    "memberships": "INSERT OR IGNORE INTO memberships VALUES (?, ?)",
    "members": "INSERT OR IGNORE INTO members VALUES (?, ?, ?, ?)",
    "themes_of": "INSERT OR IGNORE INTO themes_of VALUES (?, ?)",
    "commitments": "INSERT INTO commitments VALUES (?, ?, ?, ?, ?)",
}


def build_facts(conn: sqlite3.Connection, kb: KnowledgeBase, meta: dict[str, str]) -> None:
    """Fill ``conn``, a new empty database, with the facts of ``kb``; ``meta``
    (the store's key…) goes beside the vocabularies."""
    writer = FactsWriter(conn, meta)
    for collection in ALL_COLLECTIONS:
        for record in kb.records[collection].values():
            writer.add(collection, record)
    writer.finish()
    conn.commit()


class FactsWriter:
    """Writes the facts of records handed one at a time: each collection's
    records in the order of the knowledge base (its first record of each
    id), the collections in any order.

    A person's row names the bodies where they hold a post, which only the
    bodies tell: people's rows are written last (``finish``), the only
    records kept until then.
    """

    def __init__(self, conn: sqlite3.Connection, meta: dict[str, str]) -> None:
        self.conn = conn
        conn.executescript(SCHEMA)
        meta = {**meta, "vocabularies": json.dumps(_vocabularies(), sort_keys=True)}
        conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        self._positions = dict.fromkeys(ALL_COLLECTIONS, 0)
        self._pending: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _INSERTS}
        self._people: list[tuple[int, Person]] = []
        self._posts: dict[str, list[str]] = defaultdict(list)  # person -> bodies (in order)

    def add(self, collection: str, record: Record) -> None:
        position = self._positions[collection]
        self._positions[collection] = position + 1
        if isinstance(record, Territory):
            self._territory(position, record)
        elif isinstance(record, Agreement):
            self._agreement(position, record)
        elif isinstance(record, Body):
            self._body(position, record)
        elif isinstance(record, Person):
            self._person(record)
            self._people.append((position, record))
        elif isinstance(record, Theme):
            self._row("records", ("themes", record.id, position, record.display_name, *_NO_FACTS))
        if len(self._pending["records"]) >= _BATCH:
            self._flush()

    def finish(self) -> None:
        """Write the people's rows and whatever is pending."""
        for position, p in self._people:
            row = rows.person_row(p, self._posts.get(p.id, []))
            self._row(
                "records",
                ("people", p.id, position, p.name, None, None, None, None, _text("people", p),
                 _json(row)),
            )  # fmt: skip
        self._people = []
        self._flush()

    def _row(self, table: str, values: tuple[Any, ...]) -> None:
        self._pending[table].append(values)

    def _flush(self) -> None:
        for table, pending in self._pending.items():
            if pending:
                self.conn.executemany(_INSERTS[table], pending)
                pending.clear()

    def _territory(self, position: int, t: Territory) -> None:
        self._row(
            "records",
            ("territories", t.id, position, t.name, t.kind.value, None, None, None,
             _text("territories", t), _json(rows.territory_row(t))),
        )  # fmt: skip
        for member in t.members:
            self._row("members", (t.id, "territories", "listed", member))
        if t.parent:
            self._row("members", (t.parent, "territories", "parent", t.id))

    def _agreement(self, position: int, a: Agreement) -> None:
        span = force_span(a)
        self._row(
            "records",
            ("agreements", a.id, position, a.display_name, a.kind.value, a.status.value,
             span.first.isoformat() if span else None,
             span.last.isoformat() if span and span.last else None,
             _text("agreements", a), _json(rows.agreement_row(a))),
        )  # fmt: skip
        for party in bound_parties(a):
            self._row("bound", (party, a.id))
        for theme in rows.agreement_themes(a):
            self._row("themes_of", (a.id, theme))
        for i, c in enumerate(a.commitments):
            self._row(
                "commitments",
                (a.id, i, c.theme, _text("commitments", (a, c)), _json(rows.commitment_row(a, c))),
            )

    def _body(self, position: int, b: Body) -> None:
        self._row(
            "records",
            ("bodies", b.id, position, b.name, b.kind.value, None, None, None,
             _text("bodies", b), _json(rows.body_row(b))),
        )  # fmt: skip
        for membership in b.members:
            ref = membership.territory or membership.body
            if ref:  # what KnowledgeBase.bodies_by_member holds
                self._row("memberships", (ref, b.id))
        # What ``select._members_of`` finds, per group and collection.
        for m in b.members:
            if m.territory:
                self._row("members", (b.id, "territories", "listed", m.territory))
            if m.body:
                self._row("members", (b.id, "bodies", "listed", m.body))
        for post in b.posts:
            if post.person:
                self._row("members", (b.id, "people", "listed", post.person))
                self._posts[post.person].append(b.id)  # KnowledgeBase.posts_by_person

    def _person(self, p: Person) -> None:
        for mandate in p.mandates:
            for group in (mandate.territory, mandate.body):
                if group:
                    self._row("members", (group, "people", "listed", p.id))


# A record row's kind, status, force_first, force_last, text and row, for a theme.
_NO_FACTS = (None, None, None, None, "", None)


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
