"""Answer ``coop query COLLECTION`` with filters from the stored facts (``facts``).

The same question as ``coop.query.select`` asks of the records in memory,
asked of SQLite: the same checks in the same order (so the same errors),
the same candidates from the same relations, the same tests as SQL
conditions, the rows as ``select`` rendered them. Nothing here imports the
model: this is the path of a query on a knowledge base loaded before.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from coop.query.checks import check_applicable, check_collection, check_values
from coop.query.filters import Filters
from coop.query.ids import check_ids
from coop.query.rows import Row
from coop.query.spans import Days, query_days, query_period
from coop.query.text import words

_PARTY_COLLECTIONS = ("territories", "bodies")
# Ids per statement when candidates are looked up by id: well under SQLite's
# limit on parameters.
_CHUNK = 500


class BrokenFacts(Exception):
    """The stored facts do not read as ``facts`` wrote them (a damaged file)."""


def answer(conn: sqlite3.Connection, collection: str, filters: Filters) -> list[Row]:
    """The rows of ``collection`` that pass every filter, sorted as ``select`` sorts them."""
    check_collection(collection)
    check_applicable(collection, filters)
    facts = Facts(conn)
    plan = _plan(facts, collection, filters)
    if collection == "commitments":
        return _commitments(facts, plan)
    found = [
        (record_id, row)
        for record_id, row in facts.matching(collection, plan)
        if all(test(record_id) for test in plan.tests)
    ]
    found.sort(key=lambda pair: pair[0])
    return [_row(row) for _, row in found]


class Facts:
    """Reads of the stored facts; also the id checks' ``Directory``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._vocabularies: dict[str, object] | None = None

    def has(self, collection: str, record_id: str) -> bool:
        found = self.conn.execute(
            "SELECT 1 FROM records WHERE collection = ? AND id = ?", (collection, record_id)
        ).fetchone()
        return found is not None

    def names(self, collection: str) -> Iterable[tuple[str, str]]:
        return self.conn.execute(
            "SELECT id, name FROM records WHERE collection = ? ORDER BY position", (collection,)
        ).fetchall()

    def choices(self, name: str, collection: str | None = None) -> list[str]:
        """The values --kind (per collection) or --status accept."""
        if self._vocabularies is None:
            self._vocabularies = json.loads(_meta(self.conn, "vocabularies"))
        found = self._vocabularies.get(name)
        if collection is not None and isinstance(found, dict):
            found = found.get(collection)
        if not isinstance(found, list):
            raise BrokenFacts(f"no vocabulary {name}")
        return [str(value) for value in found]

    def agreements_binding(self, ref: str) -> set[str]:
        """Agreements that bind ``ref``: as a party, or as a member (at any depth)
        of a body that is a party (``select._agreements_binding``)."""
        seen = {ref}
        queue = [ref]
        while queue:
            for (body,) in self.conn.execute(
                "SELECT body FROM memberships WHERE member = ?", (queue.pop(),)
            ):
                if body not in seen:
                    seen.add(body)
                    queue.append(body)
        found: set[str] = set()
        for member in seen:
            found.update(
                agreement
                for (agreement,) in self.conn.execute(
                    "SELECT agreement FROM bound WHERE party = ?", (member,)
                )
            )
        return found

    def partners(self, ref: str) -> set[str]:
        """Parties bound, beside ``ref``, by an agreement that binds ``ref``."""
        found = {
            party
            for (party,) in self.conn.execute(
                "SELECT DISTINCT other.party FROM bound AS one"
                " JOIN bound AS other ON other.agreement = one.agreement WHERE one.party = ?",
                (ref,),
            )
        }
        found.discard(ref)
        return found

    def members_of(self, group: str, collection: str) -> set[str]:
        vias = ("listed", "parent") if self.has("territories", group) else ("listed",)
        return {
            member
            for (member,) in self.conn.execute(
                f"SELECT member FROM members WHERE grp = ? AND collection = ?"
                f" AND via IN ({_marks(vias)})",
                (group, collection, *vias),
            )
        }

    def matching(self, collection: str, plan: _Plan) -> Iterator[tuple[str, str]]:
        """(id, row) of the records of ``collection`` among the candidates that
        pass the plan's SQL conditions."""
        where = " AND ".join(["r.collection = ?", *(sql for sql, _ in plan.where)])
        params = [collection, *(p for _, values in plan.where for p in values)]
        for extra, ids in _by_chunks(plan.candidates, "r.id"):
            yield from self.conn.execute(
                f"SELECT r.id, r.row FROM records AS r WHERE {where}{extra}", [*params, *ids]
            )


@dataclass
class _Plan:
    """Candidate ids (None: all), SQL conditions on the record (``r``; for
    commitments, ``r`` is the agreement and ``c`` the commitment), and tests
    on the id that SQL does not make."""

    candidates: set[str] | None = None
    where: list[tuple[str, list[str]]] = field(default_factory=list)
    tests: list[_IdTest] = field(default_factory=list)

    def narrow(self, ids: set[str]) -> None:
        self.candidates = ids if self.candidates is None else self.candidates & ids


class _IdTest:
    """--without-agreement-with: lacks an agreement with one of the ids."""

    def __init__(self, lacking: list[tuple[str, set[str]]]) -> None:
        self.lacking = lacking

    def __call__(self, record_id: str) -> bool:
        return any(record_id != ref and record_id not in p for ref, p in self.lacking)


def _plan(facts: Facts, collection: str, f: Filters) -> _Plan:
    """``select._plan``, check for check, on the stored facts."""
    on_agreement = collection == "commitments"
    plan = _Plan()
    if f.party:
        check_ids(facts, f.party, _PARTY_COLLECTIONS, "--party")
        bound: set[str] = set()
        for party in f.party:
            bound |= facts.agreements_binding(party)
        plan.narrow(bound)
    if f.theme:
        check_ids(facts, f.theme, ("themes",), "--theme")
        themes = sorted(set(f.theme))
        if on_agreement:
            plan.where.append((f"c.theme IN ({_marks(themes)})", themes))
        else:
            plan.where.append(
                (
                    "EXISTS (SELECT 1 FROM themes_of AS t WHERE t.agreement = r.id"
                    f" AND t.theme IN ({_marks(themes)}))",
                    themes,
                )
            )
    if f.kind:
        choices = facts.choices("kind", collection)
        kinds = sorted(check_values(f.kind, choices, "--kind", collection))
        plan.where.append((f"r.kind IN ({_marks(kinds)})", kinds))
    if f.status:
        choices = facts.choices("status")
        statuses = sorted(check_values(f.status, choices, "--status", collection))
        plan.where.append((f"r.status IN ({_marks(statuses)})", statuses))
    if f.in_force_on:
        spans = [query_days(value, "--in-force-on") for value in f.in_force_on]
        plan.where.append(_in_force(spans))
    if f.between:
        plan.where.append(_in_force([query_period(*f.between)]))
    if f.member_of:
        check_ids(facts, f.member_of, _PARTY_COLLECTIONS, "--member-of")
        members: set[str] = set()
        for group in f.member_of:
            members |= facts.members_of(group, collection)
        plan.narrow(members)
    if f.partner_of:
        check_ids(facts, f.partner_of, _PARTY_COLLECTIONS, "--partner-of")
        plan.narrow(set().union(*(facts.partners(ref) for ref in f.partner_of)))
    if f.without_agreement_with:
        others = f.without_agreement_with
        check_ids(facts, others, _PARTY_COLLECTIONS, "--without-agreement-with")
        plan.tests.append(_IdTest([(ref, facts.partners(ref)) for ref in others]))
    if f.text:
        column = "c.text" if on_agreement else "r.text"
        searches = [words(value) for value in f.text]
        # Every word of one search (AND), any search (OR); a search with no
        # word left (only signs) matches everything, as in ``text.matches``.
        ors = [" AND ".join([f"instr({column}, ?) > 0"] * len(w)) or "1" for w in searches]
        params = [word for search in searches for word in search]
        plan.where.append(("(" + " OR ".join(f"({o})" for o in ors) + ")", params))
    return plan


def _in_force(spans: Sequence[Days]) -> tuple[str, list[str]]:
    """In force on some day of one of ``spans`` (``Span.overlaps``, on ISO dates)."""
    ors = []
    params: list[str] = []
    for first, last in spans:
        condition = "r.force_first IS NOT NULL AND (r.force_last IS NULL OR ? <= r.force_last)"
        params.append(first.isoformat())
        if last is not None:
            condition += " AND r.force_first <= ?"
            params.append(last.isoformat())
        ors.append(f"({condition})")
    return "(" + " OR ".join(ors) + ")", params


def _commitments(facts: Facts, plan: _Plan) -> list[Row]:
    where = " AND ".join(["r.collection = 'agreements'", *(sql for sql, _ in plan.where)])
    params = [p for _, values in plan.where for p in values]
    found: list[tuple[str, int, str]] = []
    for extra, ids in _by_chunks(plan.candidates, "c.agreement"):
        found += facts.conn.execute(
            "SELECT c.agreement, c.position, c.row FROM commitments AS c"
            f" JOIN records AS r ON r.id = c.agreement WHERE {where}{extra}",
            [*params, *ids],
        ).fetchall()
    found.sort(key=lambda item: (item[0], item[1]))  # select: by agreement, in file order
    out = [_row(row) for _, _, row in found]
    out.sort(key=lambda row: (str(row["agreement"]), str(row["id"])))
    return out


def _by_chunks(candidates: set[str] | None, column: str) -> Iterator[tuple[str, list[str]]]:
    """The SQL to add for ``column IN candidates``, and its parameters, by chunks;
    once with nothing to add when there are no candidates to respect."""
    if candidates is None:
        yield "", []
        return
    ordered = sorted(candidates)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        yield f" AND {column} IN ({_marks(chunk)})", chunk


def _marks(values: Iterable[object]) -> str:
    return ", ".join("?" for _ in values)


def _row(text: str) -> Row:
    try:
        row = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise BrokenFacts(f"a row does not read back: {exc}") from None
    if not isinstance(row, dict):
        raise BrokenFacts("a row does not read back as a mapping")
    return row


def _meta(conn: sqlite3.Connection, name: str) -> str:
    found = conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    if found is None:
        raise BrokenFacts(f"no {name} in the stored facts")
    return str(found[0])
