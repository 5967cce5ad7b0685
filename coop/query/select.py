"""Answer ``coop query COLLECTION`` with filters, straight from the records.

No SQLite here: a filtered query on a national knowledge base must answer in
a fraction of a second, so each filter becomes a predicate over the records
of one collection, using the knowledge base's inverse relations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from coop.kb.index import KnowledgeBase
from coop.model import Agreement, Body, Person, Territory
from coop.model.agreement import Commitment
from coop.model.vocabulary import (
    AgreementKind,
    AgreementStatus,
    BodyKind,
    PartyRole,
    TerritoryKind,
)
from coop.query import rows
from coop.query.checks import check_applicable, check_collection, check_values
from coop.query.filters import Filters
from coop.query.ids import check_ids
from coop.query.periods import Span, in_force_during, parse_query_date, parse_query_period
from coop.query.text import matches, words

Predicate = Callable[[Any], bool]

KINDS: dict[str, type[StrEnum]] = {
    "agreements": AgreementKind,
    "commitments": AgreementKind,
    "territories": TerritoryKind,
    "bodies": BodyKind,
}
_PARTY_COLLECTIONS = ("territories", "bodies")
# Roles that bind a party; an observer or a coordinator is named but not bound.
BINDING_ROLES = frozenset({PartyRole.signatory, PartyRole.party, PartyRole.beneficiary})


def select(kb: KnowledgeBase, collection: str, filters: Filters) -> list[rows.Row]:
    """The rows of ``collection`` that pass every filter, sorted by id."""
    check_collection(collection)
    check_applicable(collection, filters)
    plan = _plan(kb, collection, filters)
    if collection == "commitments":
        return _commitments(kb, plan)
    records: dict[str, Any] = kb.records[collection]
    if plan.candidates is None:
        found = list(records.values())
    else:
        found = [records[key] for key in plan.candidates & records.keys()]
    for test in plan.tests:  # one pass per test: cheaper than all() per record
        found = [record for record in found if test(record)]
    found.sort(key=lambda record: str(record.id))
    if collection == "territories":
        return [rows.territory_row(t) for t in found]
    if collection == "agreements":
        return [rows.agreement_row(a) for a in found]
    if collection == "bodies":
        return [rows.body_row(b) for b in found]
    posts = kb.posts_by_person
    return [rows.person_row(p, [body.id for body, _ in posts.get(p.id, [])]) for p in found]


class _Records:
    """The records in memory, as the id checks read them."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def has(self, collection: str, record_id: str) -> bool:
        return record_id in self.kb.records[collection]

    def names(self, collection: str) -> Iterable[tuple[str, str]]:
        return ((r.id, r.display_name) for r in self.kb.records[collection].values())


def _commitments(kb: KnowledgeBase, plan: _Plan) -> list[rows.Row]:
    out = []
    agreements = kb.agreements
    keys = agreements if plan.candidates is None else plan.candidates & agreements.keys()
    for key in sorted(keys):
        agreement = agreements[key]
        for commitment in agreement.commitments:
            if all(test((agreement, commitment)) for test in plan.tests):
                out.append(rows.commitment_row(agreement, commitment))
    out.sort(key=lambda row: (str(row["agreement"]), str(row["id"])))
    return out


@dataclass
class _Plan:
    """How to answer: the ids worth looking at (None: all), then the tests.

    Filters that name records through the inverse relations (--party,
    --member-of, --partner-of) give candidate ids, so that a query on a
    national knowledge base looks at a handful of records, not every one;
    the other filters are tests, cheapest first. For commitments, the ids
    are those of their agreements.
    """

    candidates: set[str] | None = None
    tests: list[Predicate] = field(default_factory=list)

    def narrow(self, ids: set[str]) -> None:
        self.candidates = ids if self.candidates is None else self.candidates & ids


def _plan(kb: KnowledgeBase, collection: str, f: Filters) -> _Plan:
    """Candidates and one test per other filter; a test takes a record (or, for
    commitments, an (agreement, commitment) pair)."""
    on_agreement = collection == "commitments"
    directory = _Records(kb)
    plan = _Plan()
    tests = plan.tests

    def agreement_test(test: Callable[[Agreement], bool]) -> Predicate:
        return (lambda pair: test(pair[0])) if on_agreement else test

    if f.party:
        check_ids(directory, f.party, _PARTY_COLLECTIONS, "--party")
        bound: set[str] = set()
        for party in f.party:
            bound |= {a.id for a in _agreements_binding(kb, party)}
        plan.narrow(bound)
    if f.theme:
        check_ids(directory, f.theme, ("themes",), "--theme")
        themes = set(f.theme)
        if on_agreement:
            tests.append(lambda pair: pair[1].theme in themes)
        else:
            tests.append(lambda a: not themes.isdisjoint(rows.agreement_themes(a)))
    if f.kind:
        kinds = _check_values(f.kind, KINDS[collection], "--kind", collection)
        if on_agreement:
            tests.append(lambda pair: pair[0].kind in kinds)
        else:
            tests.append(lambda record: record.kind in kinds)
    if f.status:
        statuses = _check_values(f.status, AgreementStatus, "--status", collection)
        tests.append(agreement_test(lambda a: a.status in statuses))
    if f.in_force_on:
        spans = [parse_query_date(value, "--in-force-on") for value in f.in_force_on]
        tests.append(agreement_test(lambda a: any(in_force_during(a, s) for s in spans)))
    if f.between:
        period: Span = parse_query_period(*f.between)
        tests.append(agreement_test(lambda a: in_force_during(a, period)))
    if f.member_of:
        check_ids(directory, f.member_of, _PARTY_COLLECTIONS, "--member-of")
        members: set[str] = set()
        for group in f.member_of:
            members |= _members_of(kb, group, collection)
        plan.narrow(members)
    if f.partner_of:
        check_ids(directory, f.partner_of, _PARTY_COLLECTIONS, "--partner-of")
        plan.narrow(set().union(*(_partners(kb, ref) for ref in f.partner_of)))
    if f.without_agreement_with:
        others = f.without_agreement_with
        check_ids(directory, others, _PARTY_COLLECTIONS, "--without-agreement-with")
        # OR over the values, as for every filter: lacks an agreement with one of them.
        lacking = [(ref, _partners(kb, ref)) for ref in others]
        tests.append(
            lambda record: any(record.id != ref and record.id not in p for ref, p in lacking)
        )
    if f.text:
        searches = [words(value) for value in f.text]
        haystack = HAYSTACKS[collection]
        tests.append(lambda record: any(matches(w, haystack(record)) for w in searches))
    return plan


def _agreements_binding(kb: KnowledgeBase, ref: str) -> list[Agreement]:
    """Agreements that bind ``ref``: as a party, or as a member (at any depth)
    of a body that is a party."""
    seen = {ref}
    queue = [ref]
    while queue:
        for body in kb.bodies_by_member.get(queue.pop(), []):
            if body.id not in seen:
                seen.add(body.id)
                queue.append(body.id)
    by_party = kb.agreements_by_party
    found = {
        a.id: a for member in seen for a in by_party.get(member, []) if member in bound_parties(a)
    }
    return list(found.values())


def _partners(kb: KnowledgeBase, ref: str) -> set[str]:
    """Territories and bodies bound, beside ``ref``, by an agreement that binds ``ref``
    as a named party."""
    found: set[str] = set()
    for agreement in kb.agreements_by_party.get(ref, []):
        bound = bound_parties(agreement)
        if ref in bound:
            found |= bound
    found.discard(ref)
    return found


def bound_parties(agreement: Agreement) -> set[str]:
    """The parties ``agreement`` binds: named in a binding role."""
    return {p.ref for p in agreement.parties if p.ref and p.role in BINDING_ROLES}


def _members_of(kb: KnowledgeBase, group: str, collection: str) -> set[str]:
    """Ids of ``collection`` records that are members of ``group``."""
    body = kb.bodies.get(group)
    territory = kb.territories.get(group)
    if collection == "people":
        holders = {post.person for post in body.posts if post.person} if body else set()
        holders |= {
            person.id
            for person in kb.people.values()
            if any(group in (m.territory, m.body) for m in person.mandates)
        }
        return holders
    if collection == "territories":
        found = {m.territory for m in body.members if m.territory} if body else set()
        if territory is not None:
            found |= set(territory.members)
            found |= {t.id for t in kb.territories.values() if t.parent == group}
        return found
    return {m.body for m in body.members if m.body} if body else set()


def _check_values(
    values: list[str], enum: type[StrEnum], option: str, collection: str
) -> set[StrEnum]:
    checked = check_values(values, [member.value for member in enum], option, collection)
    return {enum(value) for value in checked}


def _territory_text(t: Territory) -> Iterator[str | None]:
    yield t.id
    yield t.name
    yield from t.aliases


def _agreement_text(a: Agreement) -> Iterator[str | None]:
    yield a.id
    yield a.title
    yield a.short_title
    for axis in a.axes:
        yield axis.title
    for commitment in a.commitments:
        yield from _commitment_text((a, commitment))


def _commitment_text(pair: tuple[Agreement, Commitment]) -> Iterator[str | None]:
    c = pair[1]
    yield from (c.title, c.text, c.observation, c.need, c.added_value)
    for action in c.actions:
        yield action.title
        yield action.description


def _body_text(b: Body) -> Iterator[str | None]:
    yield from (b.id, b.name, b.short_name, *b.aliases)


def _person_text(p: Person) -> Iterator[str | None]:
    yield from (p.id, p.name, *p.aliases)


HAYSTACKS: dict[str, Callable[[Any], Iterator[str | None]]] = {
    "territories": _territory_text,
    "agreements": _agreement_text,
    "commitments": _commitment_text,
    "bodies": _body_text,
    "people": _person_text,
}
