"""The tables of the knowledge base's image, each with the rows it takes from the records.

Nested lists become child tables keyed by their parent and a ``position``
(1-based order in the YAML file). Dates are text as the records write them:
``2016-01-29``, ``2017-01`` or ``2012``.
"""

from __future__ import annotations

from collections.abc import Iterator

from coop.kb.index import KnowledgeBase
from coop.kb.walk import iter_instances
from coop.model import Record, Source
from coop.model.dates import Period
from coop.query.periods import force_span
from coop.query.schema import Column, ForeignKey, RowTuple, Table
from coop.query.schema import as_cell as c

_DATE = "date as written: YYYY-MM-DD, YYYY-MM or YYYY"


def _pos(doc: str = "1-based order in the record") -> Column:
    return Column("position", "integer", doc)


def _start(period: Period | None) -> str | None:
    return str(period.start) if period and period.start else None


def _end(period: Period | None) -> str | None:
    return str(period.end) if period and period.end else None


def _sorted(records: dict[str, Record]) -> list[Record]:
    return [records[key] for key in sorted(records)]


# -- rows -----------------------------------------------------------------


def _themes(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for t in _sorted(kb.records["themes"]):
        yield t.id, t.label, t.description  # type: ignore[attr-defined]


def _territories(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for t in (kb.territories[k] for k in sorted(kb.territories)):
        pop = t.population
        yield (
            t.id,
            t.name,
            c(t.kind),
            c(t.identifiers.siren),
            c(t.identifiers.insee),
            pop.value if pop else None,
            pop.year if pop else None,
            t.parent,
            t.member_count,
        )


def _territory_members(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for t in (kb.territories[k] for k in sorted(kb.territories)):
        for member in t.members:
            yield t.id, member


def _people(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for p in (kb.people[k] for k in sorted(kb.people)):
        yield p.id, p.name


def _mandates(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for p in (kb.people[k] for k in sorted(kb.people)):
        for i, m in enumerate(p.mandates, 1):
            yield (
                p.id, i, m.title, c(m.role), m.territory, m.body, c(m.as_of),
                _start(m.period), _end(m.period),
            )  # fmt: skip


def _bodies(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for b in (kb.bodies[k] for k in sorted(kb.bodies)):
        yield (
            b.id, b.name, b.short_name, c(b.kind), c(b.level), b.parent, b.set_up_by,
            _start(b.active), _end(b.active), b.member_count, b.composition, b.address,
        )  # fmt: skip


def _body_members(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for b in (kb.bodies[k] for k in sorted(kb.bodies)):
        for i, m in enumerate(b.members, 1):
            yield b.id, i, m.territory, m.body, c(m.role), m.represented_by


def _posts(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for b in (kb.bodies[k] for k in sorted(kb.bodies)):
        for i, p in enumerate(b.posts, 1):
            yield (
                b.id, i, c(p.role), p.label, p.person, p.on_behalf_of, c(p.as_of),
                _start(p.period), _end(p.period),
            )  # fmt: skip


def _body_meetings(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for b in (kb.bodies[k] for k in sorted(kb.bodies)):
        for i, m in enumerate(b.meets, 1):
            yield b.id, i, m.per_year, m.at_least, m.text


def _body_animators(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for b in (kb.bodies[k] for k in sorted(kb.bodies)):
        for i, a in enumerate(b.animated_by, 1):
            yield b.id, i, a.body, a.detail


def _body_milestones(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for b in (kb.bodies[k] for k in sorted(kb.bodies)):
        for i, m in enumerate(b.milestones, 1):
            yield b.id, i, c(m.date), c(m.until), m.date_text, m.event


def _agreements(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for a in (kb.agreements[k] for k in sorted(kb.agreements)):
        span = force_span(a)
        sig = a.signature
        yield (
            a.id, a.title, a.short_title, c(a.kind), c(a.status), a.parent,
            c(sig.date) if sig else None, sig.place if sig else None,
            c(a.entry_into_force), c(a.end), a.duration, a.party_count,
            span.first.isoformat() if span else None,
            span.last.isoformat() if span and span.last else None,
        )  # fmt: skip


def _parties(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for a in (kb.agreements[k] for k in sorted(kb.agreements)):
        for i, p in enumerate(a.parties, 1):
            yield a.id, i, p.territory, p.body, c(p.role)


def _party_signatories(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for a in (kb.agreements[k] for k in sorted(kb.agreements)):
        for i, p in enumerate(a.parties, 1):
            for person in p.signed_by:
                yield a.id, i, person


def _agreement_themes(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for a in (kb.agreements[k] for k in sorted(kb.agreements)):
        for theme in a.themes:
            yield a.id, theme


def _deliberations(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for a in (kb.agreements[k] for k in sorted(kb.agreements)):
        for i, d in enumerate(a.deliberations, 1):
            yield a.id, i, d.territory, d.body, d.assembly, c(d.date), d.date_text, d.scheduled


def _agreement_milestones(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for a in (kb.agreements[k] for k in sorted(kb.agreements)):
        for i, m in enumerate(a.milestones, 1):
            yield a.id, i, c(m.date), c(m.until), m.date_text, m.event


def _axes(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for a in (kb.agreements[k] for k in sorted(kb.agreements)):
        for i, x in enumerate(a.axes, 1):
            yield a.id, x.id, i, x.title, x.summary


def _commitments(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for a in (kb.agreements[k] for k in sorted(kb.agreements)):
        for i, m in enumerate(a.commitments, 1):
            yield (
                a.id, m.id, i, m.title, m.theme, m.axis, m.text, m.observation, m.need,
                m.added_value, m.mandatory, m.body,
            )  # fmt: skip


def _commitment_leads(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for a in (kb.agreements[k] for k in sorted(kb.agreements)):
        for m in a.commitments:
            for territory in m.lead:
                yield a.id, m.id, territory


def _commitment_pilots(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for a in (kb.agreements[k] for k in sorted(kb.agreements)):
        for m in a.commitments:
            for i, p in enumerate(m.pilots, 1):
                yield a.id, m.id, i, p.person, p.on_behalf_of


def _actions(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for a in (kb.agreements[k] for k in sorted(kb.agreements)):
        for m in a.commitments:
            for i, x in enumerate(m.actions, 1):
                yield (
                    a.id, m.id, i, x.title, x.description, c(x.status), c(x.date),
                    x.date_text, x.place,
                )  # fmt: skip


_WITH_ALIASES = ("territories", "bodies", "people")
_WITH_SOURCES = ("territories", "agreements", "bodies", "people", "themes")


def _aliases(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for name in _WITH_ALIASES:
        for record in _sorted(kb.records[name]):
            for alias in getattr(record, "aliases", []):
                yield name, record.id, alias


def _sources(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for name in _WITH_SOURCES:
        for record in _sorted(kb.records[name]):
            for path, s in iter_instances(record, Source):
                yield (
                    name, record.id, "/".join(map(str, path)), s.document, s.url, s.title,
                    s.publisher, c(s.date), s.section, c(s.page), s.quote,
                )  # fmt: skip


def _notes(kb: KnowledgeBase) -> Iterator[RowTuple]:
    for name in _WITH_SOURCES:
        for record in _sorted(kb.records[name]):
            for i, note in enumerate(record.notes, 1):
                yield name, record.id, i, note.text


# -- declarations ---------------------------------------------------------

_AGREEMENT = Column("agreement", "text", "the agreement", "agreements", required=True)
_COMMITMENT = Column(
    "commitment", "text", "the commitment's id within its agreement", required=True
)
_OF_COMMITMENT = (ForeignKey(("agreement", "commitment"), "commitments", ("agreement", "id")),)
_BODY = Column("body", "text", "the body", "bodies", required=True)
_COLLECTION = Column(
    "collection", "text", "territories, agreements, bodies, people or themes", required=True
)
_RECORD = Column("record", "text", "the record's id in that collection", required=True)

TABLES: tuple[Table, ...] = (
    Table(
        "themes",
        "themes of agreements and commitments (data/vocabulary/themes.yaml)",
        (
            Column("id", "text", "theme id"),
            Column("label", "text", "French label", required=True),
            Column("description", "text", "what the theme covers"),
        ),
        ("id",),
        _themes,
    ),
    Table(
        "territories",
        "communes, intercommunalities, pays, départements, régions, the State",
        (
            Column("id", "text", "territory id"),
            Column("name", "text", "official name", required=True),
            Column("kind", "text", "commune, metropole, ca, cc, pays, etat…", required=True),
            Column("siren", "text", "SIREN number"),
            Column("insee", "text", "INSEE code (Code officiel géographique)"),
            Column("population", "integer", "population"),
            Column("population_year", "integer", "year of that population"),
            Column("parent", "text", "the territory it belongs to", "territories"),
            Column("member_count", "integer", "members according to the source, named or not"),
        ),
        ("id",),
        _territories,
    ),
    Table(
        "territory_members",
        "named members of a territory (communes of an EPCI…)",
        (
            Column("territory", "text", "the group", "territories", required=True),
            Column("member", "text", "its member", "territories", required=True),
        ),
        ("territory", "member"),
        _territory_members,
    ),
    Table(
        "people",
        "people named by the sources",
        (Column("id", "text", "person id"), Column("name", "text", "name", required=True)),
        ("id",),
        _people,
    ),
    Table(
        "mandates",
        "mandates of people, as their sources state them",
        (
            Column("person", "text", "the person", "people", required=True),
            _pos(),
            Column("title", "text", "title as the source writes it", required=True),
            Column("role", "text", "president, mayor, councillor, minister…", required=True),
            Column("territory", "text", "territory of the mandate", "territories"),
            Column("body", "text", "body of the mandate", "bodies"),
            Column("as_of", "text", f"date the source attests it; {_DATE}"),
            Column("start", "text", f"start; {_DATE}"),
            Column("end", "text", f"end; {_DATE}"),
        ),
        ("person", "position"),
        _mandates,
    ),
    Table(
        "bodies",
        "organisations and their instances: associations, assemblies, clubs, agencies",
        (
            Column("id", "text", "body id"),
            Column("name", "text", "name", required=True),
            Column("short_name", "text", "short name"),
            Column("kind", "text", "association, general_assembly, bureau, club…", required=True),
            Column("level", "text", "political or technical"),
            Column("parent", "text", "the body it is an instance of", "bodies"),
            Column("set_up_by", "text", "the agreement that set it up", "agreements"),
            Column("active_start", "text", f"active since; {_DATE}"),
            Column("active_end", "text", f"active until; {_DATE}"),
            Column("member_count", "integer", "members according to the source"),
            Column("composition", "text", "who sits in it, as the source says"),
            Column("address", "text", "address"),
        ),
        ("id",),
        _bodies,
    ),
    Table(
        "body_members",
        "members of a body: territories or other bodies",
        (
            _BODY,
            _pos(),
            Column("territory", "text", "member territory", "territories"),
            Column("member_body", "text", "member body", "bodies"),
            Column("role", "text", "full_member, associate_member or member", required=True),
            Column("represented_by", "text", "who sits for the member"),
        ),
        ("body", "position"),
        _body_members,
    ),
    Table(
        "posts",
        "posts in a body and who holds them (Popolo Post)",
        (
            _BODY,
            _pos(),
            Column("role", "text", "president, vice_president, referent_official…", required=True),
            Column("label", "text", "title as the source writes it"),
            Column("person", "text", "who holds it", "people"),
            Column("on_behalf_of", "text", "territory represented", "territories"),
            Column("as_of", "text", f"date the source attests it; {_DATE}"),
            Column("start", "text", f"start; {_DATE}"),
            Column("end", "text", f"end; {_DATE}"),
        ),
        ("body", "position"),
        _posts,
    ),
    Table(
        "body_meetings",
        "how often a body meets, as each source says",
        (
            _BODY,
            _pos(),
            Column("per_year", "integer", "meetings a year", required=True),
            Column(
                "at_least", "boolean", "true when the source says « au minimum »", required=True
            ),
            Column("text", "text", "the source's words"),
        ),
        ("body", "position"),
        _body_meetings,
    ),
    Table(
        "body_animators",
        "bodies that run (animate) another body",
        (
            _BODY,
            _pos(),
            Column("animator", "text", "the body that animates it", "bodies", required=True),
            Column("detail", "text", "what it does"),
        ),
        ("body", "position"),
        _body_animators,
    ),
    Table(
        "body_milestones",
        "dated events in the life of a body",
        (
            _BODY,
            _pos(),
            Column("date", "text", _DATE),
            Column("until", "text", f"end of the event; {_DATE}"),
            Column("date_text", "text", "the date as the source writes it"),
            Column("event", "text", "what happened", required=True),
        ),
        ("body", "position"),
        _body_milestones,
    ),
    Table(
        "agreements",
        "agreements: accords-cadres, contrats de réciprocité, pactes, projects",
        (
            Column("id", "text", "agreement id"),
            Column("title", "text", "title", required=True),
            Column("short_title", "text", "short title"),
            Column(
                "kind",
                "text",
                "accord_cadre, contrat_reciprocite, pacte_etat_metropoles…",
                required=True,
            ),
            Column(
                "status",
                "text",
                "announced, in_preparation, adopted, signed, in_force…",
                required=True,
            ),
            Column("parent", "text", "the agreement it derives from", "agreements"),
            Column("signed_on", "text", f"signature date; {_DATE}"),
            Column("signed_at", "text", "signature place"),
            Column("entry_into_force", "text", _DATE),
            Column("end", "text", _DATE),
            Column("duration", "text", "duration as the source writes it"),
            Column("party_count", "integer", "parties according to the source, named or not"),
            Column(
                "in_force_from",
                "text",
                "first day it may be in force (coop query's rule); NULL when unknown",
            ),
            Column(
                "in_force_until",
                "text",
                "last day it may be in force; NULL when open-ended or unknown",
            ),
        ),
        ("id",),
        _agreements,
    ),
    Table(
        "agreement_parties",
        "parties to an agreement: a territory or a body",
        (
            _AGREEMENT,
            _pos(),
            Column("territory", "text", "party territory", "territories"),
            Column("body", "text", "party body", "bodies"),
            Column(
                "role",
                "text",
                "signatory, party, beneficiary, observer, coordinator",
                required=True,
            ),
        ),
        ("agreement", "position"),
        _parties,
    ),
    Table(
        "party_signatories",
        "people who signed for a party",
        (
            _AGREEMENT,
            Column(
                "party_position", "integer", "the party's position in the agreement", required=True
            ),
            Column("person", "text", "who signed", "people", required=True),
        ),
        ("agreement", "party_position", "person"),
        _party_signatories,
        (
            ForeignKey(
                ("agreement", "party_position"), "agreement_parties", ("agreement", "position")
            ),
        ),
    ),
    Table(
        "agreement_themes",
        "themes of an agreement (its own list; commitments carry theirs)",
        (_AGREEMENT, Column("theme", "text", "the theme", "themes", required=True)),
        ("agreement", "theme"),
        _agreement_themes,
    ),
    Table(
        "deliberations",
        "votes of assemblies on an agreement, done or scheduled",
        (
            _AGREEMENT,
            _pos(),
            Column("territory", "text", "territory whose assembly votes", "territories"),
            Column("body", "text", "body whose assembly votes", "bodies"),
            Column("assembly", "text", "the assembly, in words"),
            Column("date", "text", _DATE),
            Column("date_text", "text", "the date as the source writes it"),
            Column("scheduled", "boolean", "true when announced, not yet attested", required=True),
        ),
        ("agreement", "position"),
        _deliberations,
    ),
    Table(
        "agreement_milestones",
        "dated events in the life of an agreement",
        (
            _AGREEMENT,
            _pos(),
            Column("date", "text", _DATE),
            Column("until", "text", f"end of the event; {_DATE}"),
            Column("date_text", "text", "the date as the source writes it"),
            Column("event", "text", "what happened", required=True),
        ),
        ("agreement", "position"),
        _agreement_milestones,
    ),
    Table(
        "axes",
        "axes (strategic lines) of an agreement",
        (
            _AGREEMENT,
            Column("id", "text", "the axis id within its agreement"),
            _pos(),
            Column("title", "text", "title", required=True),
            Column("summary", "text", "summary"),
        ),
        ("agreement", "id"),
        _axes,
    ),
    Table(
        "commitments",
        "commitments of an agreement: fields or strands of cooperation",
        (
            _AGREEMENT,
            Column("id", "text", "the commitment id within its agreement"),
            _pos(),
            Column("title", "text", "title", required=True),
            Column("theme", "text", "its theme", "themes"),
            Column("axis", "text", "its axis: axes.id within the same agreement"),
            Column("text", "text", "what the parties commit to"),
            Column("observation", "text", "the observation (« le constat »)"),
            Column("need", "text", "the need (« le besoin »)"),
            Column("added_value", "text", "the cooperation's added value"),
            Column(
                "mandatory", "boolean", "true when the agreement makes it mandatory", required=True
            ),
            Column("body", "text", "the body that carries it", "bodies"),
        ),
        ("agreement", "id"),
        # No foreign key on (agreement, axis): axis is optional, and a key with
        # one empty part is a violation for Frictionless, not for SQLite.
        _commitments,
    ),
    Table(
        "commitment_leads",
        "territories that lead a commitment",
        (
            _AGREEMENT,
            _COMMITMENT,
            Column("territory", "text", "lead territory", "territories", required=True),
        ),
        ("agreement", "commitment", "territory"),
        _commitment_leads,
        _OF_COMMITMENT,
    ),
    Table(
        "commitment_pilots",
        "people who pilot a commitment",
        (
            _AGREEMENT,
            _COMMITMENT,
            _pos("1-based order in the commitment"),
            Column("person", "text", "the pilot", "people", required=True),
            Column("on_behalf_of", "text", "territory they represent", "territories"),
        ),
        ("agreement", "commitment", "position"),
        _commitment_pilots,
        _OF_COMMITMENT,
    ),
    Table(
        "actions",
        "actions of a commitment, planned or done",
        (
            _AGREEMENT,
            _COMMITMENT,
            _pos("1-based order in the commitment"),
            Column("title", "text", "title", required=True),
            Column("description", "text", "description"),
            Column("status", "text", "planned, ongoing, done, stopped or unknown", required=True),
            Column("date", "text", _DATE),
            Column("date_text", "text", "the date as the source writes it"),
            Column("place", "text", "place"),
        ),
        ("agreement", "commitment", "position"),
        _actions,
        _OF_COMMITMENT,
    ),
    Table(
        "aliases",
        "other spellings of names met in the sources",
        (_COLLECTION, _RECORD, Column("alias", "text", "the other spelling", required=True)),
        ("collection", "record", "alias"),
        _aliases,
    ),
    Table(
        "sources",
        "every source cited, wherever it is cited in a record",
        (
            _COLLECTION,
            _RECORD,
            Column(
                "path", "text", "where in the record, e.g. sources/0 or commitments/2/sources/0"
            ),
            Column("document", "text", "cited document's file name"),
            Column("url", "text", "cited web address"),
            Column("title", "text", "title"),
            Column("publisher", "text", "publisher"),
            Column("date", "text", _DATE),
            Column("section", "text", "part of the document"),
            Column("page", "text", "page"),
            Column("quote", "text", "short quote that supports the fact"),
        ),
        ("collection", "record", "path"),
        _sources,
    ),
    Table(
        "notes",
        "notes on records: discrepancies between sources, unknowns, caveats",
        (_COLLECTION, _RECORD, _pos(), Column("text", "text", "the note", required=True)),
        ("collection", "record", "position"),
        _notes,
    ),
)

TABLES_BY_NAME = {table.name: table for table in TABLES}


def key_of(table: str) -> tuple[str, ...]:
    """The primary key of ``table``."""
    return TABLES_BY_NAME[table].primary_key
