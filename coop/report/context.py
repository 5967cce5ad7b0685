"""What each note shows, computed from the knowledge base: the templates'
context.

Templates only lay out: every lookup, inverse relation, sort and in-force
verdict is done here. Records are passed as they are for their plain fields;
anything that names another record is passed as a *ref*
(``{"id", "label", "collection", "href"}``) so templates can link it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from coop import __version__
from coop.kb.index import ALL_COLLECTIONS, KnowledgeBase
from coop.model import Agreement, Body, PartialDate, Person, Record, Territory, Theme
from coop.model.agreement import Milestone
from coop.report import drawings
from coop.report.citations import Citations
from coop.report.facts import first_date, in_force_on, start_of
from coop.report.messages import translate
from coop.report.relations import Relations

Ctx = dict[str, Any]

# Target type -> (collection folder in a site, template base name).
TARGETS = {
    "agreements": "agreement",
    "territories": "territory",
    "bodies": "body",
    "people": "person",
    "themes": "theme",
}


# The overview's drawings stay readable, and the page light, on a national
# knowledge base (10,000 agreements, 39,000 territories): past these sizes
# each shows a documented selection, and says so; below them, everything.
# - timeline: the TIMELINE_LIMIT agreements that started last (the table
#   under it lists every agreement);
# - network: the NETWORK_LIMIT parties taking part in the most agreements,
#   and the agreements binding at least two of them, at most NETWORK_TIES,
#   those binding the most of them first, then the most recent;
# - matrix: the MATRIX_LIMIT territories with the most distinct territory
#   partners (each territory's page lists all its partners).
# Ties in a ranking are broken by name, so the selection is deterministic.
TIMELINE_LIMIT = 100
NETWORK_LIMIT = 60
NETWORK_TIES = 150
MATRIX_LIMIT = 40


@dataclass(frozen=True)
class Options:
    as_of: dt.date
    lang: str = "fr"
    linking: bool = False  # the page is part of a site: cross-links work


def _key(date: PartialDate | None) -> tuple[int, int, int, int]:
    return (0, *date.sort_key()) if date else (1, 0, 0, 0)


class Builder:
    """Builds the context of one page at a time (citations are per page)."""

    def __init__(self, kb: KnowledgeBase, options: Options) -> None:
        self.kb = kb
        self.options = options
        self.as_of = PartialDate(options.as_of.year, options.as_of.month, options.as_of.day)
        self.relations = Relations(kb)
        # Every id to its record, as KnowledgeBase.get finds it (the first
        # collection holding it), in one lookup instead of one per collection:
        # a national site asks it some million times.
        self._records: dict[str, Record] = {}
        for name in ALL_COLLECTIONS:
            for record_id, record in kb.records[name].items():
                self._records.setdefault(record_id, record)
        self.get = self._records.get

    # -- shared pieces ----------------------------------------------------

    def ref(self, record_id: str | None) -> Ctx | None:
        if record_id is None:
            return None
        record = self.get(record_id)
        if record is None:  # a dangling reference: shown, never linked
            return {"id": record_id, "label": record_id, "collection": None, "href": None}
        return {
            "id": record_id,
            "label": record.display_name,
            "collection": record.collection,
            "href": f"{record.collection}/{record_id}",
        }

    def refs(self, ids: list[str]) -> list[Ctx]:
        return [r for r in (self.ref(i) for i in ids) if r is not None]

    def _href(self, ref: Ctx | None, root: str) -> str | None:
        if not self.options.linking or ref is None or not ref["href"]:
            return None
        return f"{root}{ref['href']}.html"

    def _page(self, kind: str, record: Record | None, root: str, cites: Citations) -> Ctx:
        return {
            "page": {
                "kind": kind,
                "id": record.id if record else None,
                "root": root,
                "linking": self.options.linking,
            },
            "lang": self.options.lang,
            "as_of": self.options.as_of,
            "version": __version__,
            "sources": cites.notes,
        }

    def _t(self, key: object) -> str:
        return translate(key, self.options.lang)

    def _remarks(self, record: Record, cites: Citations) -> list[Ctx]:
        return [{"text": note.text, "cites": cites.cite(note.sources)} for note in record.notes]

    def _milestones(self, milestones: list[Milestone], cites: Citations) -> list[Ctx]:
        return [
            {
                "date": m.date,
                "until": m.until,
                "date_text": m.date_text,
                "key": None,
                "text": m.event,
                "ref": None,
                "cites": cites.cite(m.sources),
            }
            for m in milestones
        ]

    def _agreement_row(self, agreement: Agreement) -> Ctx:
        return {
            "ref": self.ref(agreement.id),
            "kind": agreement.kind,
            "status": agreement.status,
            "in_force": in_force_on(agreement, self.options.as_of),
            "date": first_date(agreement),
        }

    # -- agreement --------------------------------------------------------

    def agreement(self, agreement: Agreement, root: str = "") -> Ctx:
        cites = Citations()
        ctx = self._page("agreement", agreement, root, cites)
        record_cites = cites.cite(agreement.sources)
        parties = []
        for party in agreement.parties:
            target = self.get(party.ref) if party.ref else None
            population = target.population if isinstance(target, Territory) else None
            parties.append(
                {
                    "ref": self.ref(party.ref),
                    "kind": target.kind if isinstance(target, Territory | Body) else None,
                    "population": population,
                    "role": party.role,
                    "signed_by": self.refs(party.signed_by),
                    "cites": cites.cite(party.sources)
                    + (cites.cite(population.sources) if population else []),
                }
            )
        events = self._agreement_events(agreement, cites)
        groups: dict[str | None, list[Ctx]] = defaultdict(list)
        axes = {axis.id: axis.title for axis in agreement.axes}
        for commitment in agreement.commitments:
            groups[commitment.theme].append(
                {
                    "id": commitment.id,
                    "title": commitment.title,
                    "axis": axes.get(commitment.axis or "", commitment.axis),
                    "text": commitment.text,
                    "observation": commitment.observation,
                    "need": commitment.need,
                    "added_value": commitment.added_value,
                    "mandatory": commitment.mandatory,
                    "actions": [
                        {
                            "title": a.title,
                            "description": a.description,
                            "status": a.status,
                            "date": a.date,
                            "date_text": a.date_text,
                            "place": a.place,
                            "cites": cites.cite(a.sources),
                        }
                        for a in commitment.actions
                    ],
                    "lead": self.refs(commitment.lead),
                    "pilots": [
                        {
                            "person": self.ref(p.person),
                            "on_behalf_of": self.ref(p.on_behalf_of),
                            "cites": cites.cite(p.sources),
                        }
                        for p in commitment.pilots
                    ],
                    "body": self.ref(commitment.body),
                    "remarks": commitment.notes,
                    "cites": cites.cite(commitment.sources),
                }
            )
        # Themed groups in the order of the theme list, then the unthemed.
        order = list(self.kb.themes)
        themed = sorted(
            (k for k in groups if k is not None),
            key=lambda k: (order.index(k) if k in order else len(order), k),
        )
        commitment_groups = [{"theme": self.ref(k), "commitments": groups[k]} for k in themed]
        if None in groups:
            commitment_groups.append({"theme": None, "commitments": groups[None]})
        review = agreement.review
        spans = [
            drawings.Span(
                label=e["text"] if e["key"] is None else self._t(e["key"]),
                start=e["date"],
                end=e["until"],
                caption=self._date_caption(e["date"]),
                state=True,
            )
            for e in events
        ]
        in_force = in_force_on(agreement, self.options.as_of)
        ctx.update(
            agreement=agreement,
            cites=record_cites,
            in_force=in_force,
            parties=parties,
            events=events,
            timeline=drawings.timeline(
                spans,
                self.as_of,
                self._t("timeline"),
                agreement.display_name,
                "timeline",
            ),
            parent=self.ref(agreement.parent),
            derived=[
                self._agreement_row(a) for a in self.kb.derived_agreements.get(agreement.id, [])
            ],
            axes=[
                {"id": a.id, "title": a.title, "summary": a.summary, "cites": cites.cite(a.sources)}
                for a in agreement.axes
            ],
            commitment_groups=commitment_groups,
            themes=self.refs(agreement.themes),
            bodies=[self.ref(b.id) for b in self.kb.bodies_by_agreement.get(agreement.id, [])],
            review=None
            if review is None
            else {
                "period": review.period,
                "summary": review.summary,
                "milestones": self._milestones(review.milestones, cites),
                "cites": cites.cite(review.sources),
            },
            remarks=self._remarks(agreement, cites),
        )
        return ctx

    def _date_caption(self, date: PartialDate | None) -> str:
        from coop.report.filters import format_partial

        return format_partial(date, self.options.lang) if date else ""

    def _agreement_events(self, agreement: Agreement, cites: Citations) -> list[Ctx]:
        events: list[Ctx] = []
        for d in agreement.deliberations:
            events.append(
                {
                    "date": d.date,
                    "until": None,
                    "date_text": d.date_text,
                    "key": "deliberation_scheduled" if d.scheduled else "deliberation",
                    "text": d.assembly,
                    "ref": self.ref(d.territory or d.body),
                    "cites": cites.cite(d.sources),
                }
            )
        if agreement.signature is not None:
            events.append(
                {
                    "date": agreement.signature.date,
                    "until": None,
                    "date_text": None,
                    "key": "signature",
                    "text": agreement.signature.place,
                    "ref": None,
                    "cites": cites.cite(agreement.signature.sources),
                }
            )
        for key, date in (("entry_into_force", agreement.entry_into_force), ("end", agreement.end)):
            if date is not None:
                events.append(
                    {
                        "date": date,
                        "until": None,
                        "date_text": None,
                        "key": key,
                        "text": None,
                        "ref": None,
                        "cites": [],
                    }
                )
        events += self._milestones(agreement.milestones, cites)
        return sorted(events, key=lambda e: _key(e["date"]))

    # -- territory --------------------------------------------------------

    def territory(self, territory: Territory, root: str = "") -> Ctx:
        cites = Citations()
        ctx = self._page("territory", territory, root, cites)
        record_cites = cites.cite(territory.sources)
        agreements = sorted(
            self.kb.agreements_by_party.get(territory.id, []),
            key=lambda a: (_key(first_date(a)), a.id),
        )
        cooperations = []
        partners: dict[str, list[Ctx]] = defaultdict(list)
        for agreement in agreements:
            others = [r for r in dict.fromkeys(agreement.iter_party_refs()) if r != territory.id]
            for other in others:
                partners[other].append(self.ref(agreement.id) or {})
            roles = [p.role for p in agreement.parties if p.ref == territory.id]
            cooperations.append(
                {
                    **self._agreement_row(agreement),
                    "role": roles[0] if roles else None,
                    "partners": self.refs(others),
                }
            )
        memberships = []
        for body in self.kb.bodies_by_member.get(territory.id, []):
            for membership in body.members:
                if (membership.territory or membership.body) == territory.id:
                    memberships.append(
                        {
                            "ref": self.ref(body.id),
                            "role": membership.role,
                            "represented_by": membership.represented_by,
                            "cites": cites.cite(membership.sources),
                        }
                    )
        ctx.update(
            territory=territory,
            cites=record_cites,
            population=territory.population,
            population_cites=cites.cite(territory.population.sources)
            if territory.population
            else [],
            parent=self.ref(territory.parent),
            members=self.refs(territory.members),
            member_of_territories=[
                self.ref(i) for i in self.relations.member_of.get(territory.id, [])
            ],
            cooperations=cooperations,
            partners=[
                {"ref": ref, "agreements": partners[ref["id"]]}
                for ref in sorted(self.refs(list(partners)), key=_by_label)
            ],
            memberships=memberships,
            posts=self._posts_for_territory(territory, cites),
            network=self._network(agreements, root, focus=territory.id, ident="network"),
            remarks=self._remarks(territory, cites),
        )
        return ctx

    def _posts_for_territory(self, territory: Territory, cites: Citations) -> list[Ctx]:
        """Posts held on behalf of the territory, or by people holding a
        mandate in it."""
        return [
            self._post_row(body, post, cites)
            for body, post in self.relations.posts_for_territory.get(territory.id, [])
        ]

    def _post_row(self, body: Body, post: Any, cites: Citations) -> Ctx:
        return {
            "body": self.ref(body.id),
            "role": post.role,
            "label": post.label,
            "person": self.ref(post.person),
            "on_behalf_of": self.ref(post.on_behalf_of),
            "as_of": post.as_of,
            "period": post.period,
            "cites": cites.cite(post.sources),
        }

    def _network(
        self,
        agreements: list[Agreement],
        root: str,
        focus: str | None,
        ident: str,
        only: set[str] | None = None,
    ) -> Any:
        """The drawing of ``agreements`` and their parties (only those in
        ``only``, if given)."""
        ids: dict[str, None] = {}
        for agreement in agreements:
            for ref in agreement.iter_party_refs():
                if only is None or ref in only:
                    ids.setdefault(ref)
        refs = [self.ref(i) for i in ids]
        kinds = {i: getattr(self.get(i), "kind", "") for i in ids}
        nodes = [
            drawings.Node(r["id"], r["label"], self._href(r, root), focus=r["id"] == focus)
            for r in sorted(
                (r for r in refs if r is not None),
                key=lambda r: (str(kinds[r["id"]]), str(r["label"]).casefold()),
            )
        ]
        ties = [
            drawings.Tie(
                a.id,
                a.display_name,
                list(dict.fromkeys(a.iter_party_refs())),
                self._href(self.ref(a.id), root),
                in_force_on(a, self.options.as_of),
            )
            for a in agreements
        ]
        return drawings.network(nodes, ties, self._t("network"), self._t("network_desc"), ident)

    # -- body -------------------------------------------------------------

    def body(self, body: Body, root: str = "") -> Ctx:
        cites = Citations()
        ctx = self._page("body", body, root, cites)
        record_cites = cites.cite(body.sources)
        ctx.update(
            body=body,
            cites=record_cites,
            parent=self.ref(body.parent),
            set_up_by=self.ref(body.set_up_by),
            members=[
                {
                    "ref": self.ref(m.territory or m.body),
                    "role": m.role,
                    "represented_by": m.represented_by,
                    "cites": cites.cite(m.sources),
                }
                for m in body.members
            ],
            meets=[
                {
                    "per_year": m.per_year,
                    "at_least": m.at_least,
                    "text": m.text,
                    "cites": cites.cite(m.sources),
                }
                for m in body.meets
            ],
            posts=[self._post_row(body, post, cites) for post in body.posts],
            sub_bodies=[self.ref(b.id) for b in self.kb.sub_bodies.get(body.id, [])],
            animated_by=[
                {"ref": self.ref(a.body), "detail": a.detail, "cites": cites.cite(a.sources)}
                for a in body.animated_by
            ],
            agreements=[
                self._agreement_row(a) for a in self.kb.agreements_by_party.get(body.id, [])
            ],
            events=sorted(self._milestones(body.milestones, cites), key=lambda e: _key(e["date"])),
            remarks=self._remarks(body, cites),
        )
        return ctx

    # -- person -----------------------------------------------------------

    def person(self, person: Person, root: str = "") -> Ctx:
        cites = Citations()
        ctx = self._page("person", person, root, cites)
        record_cites = cites.cite(person.sources)
        signed = [self._agreement_row(a) for a in self.relations.signed_by.get(person.id, [])]
        pilots = [
            {"agreement": self.ref(a.id), "commitment": c.title}
            for a, c in self.relations.pilots.get(person.id, [])
        ]
        ctx.update(
            person=person,
            cites=record_cites,
            mandates=[
                {
                    "title": m.title,
                    "role": m.role,
                    "territory": self.ref(m.territory),
                    "body": self.ref(m.body),
                    "as_of": m.as_of,
                    "period": m.period,
                    "cites": cites.cite(m.sources),
                }
                for m in person.mandates
            ],
            posts=[
                self._post_row(body, post, cites)
                for body, post in self.kb.posts_by_person.get(person.id, [])
            ],
            signed=signed,
            pilots=pilots,
            remarks=self._remarks(person, cites),
        )
        return ctx

    # -- theme ------------------------------------------------------------

    def theme(self, theme: Theme, root: str = "") -> Ctx:
        cites = Citations()
        ctx = self._page("theme", theme, root, cites)
        record_cites = cites.cite(theme.sources)
        commitments = [
            {
                "agreement": self.ref(a.id),
                "id": c.id,
                "title": c.title,
                "text": c.text,
                "actions": [x.title for x in c.actions],
                "lead": self.refs(c.lead),
                "cites": cites.cite(c.sources),
            }
            for a, c in self.kb.commitments_by_theme.get(theme.id, [])
        ]
        ctx.update(
            theme=theme,
            cites=record_cites,
            commitments=commitments,
            agreements=[
                self._agreement_row(a) for a in self.relations.agreements_by_theme.get(theme.id, [])
            ],
            remarks=self._remarks(theme, cites),
        )
        return ctx

    # -- overview ---------------------------------------------------------

    def overview(self, root: str = "") -> Ctx:
        cites = Citations()
        ctx = self._page("overview", None, root, cites)
        agreements = sorted(self.kb.agreements.values(), key=lambda a: (_key(first_date(a)), a.id))
        kinds = Counter(a.kind for a in agreements)
        statuses = Counter(a.status for a in agreements)
        # Agreements are by first date, the undated last (and not drawn).
        dated = [a for a in agreements if first_date(a) is not None]
        drawn = dated[-TIMELINE_LIMIT:] if len(dated) > TIMELINE_LIMIT else agreements
        spans = []
        for agreement in drawn:
            start = start_of(agreement) or first_date(agreement)
            state = in_force_on(agreement, self.options.as_of)
            spans.append(
                drawings.Span(
                    label=agreement.display_name,
                    start=start,
                    end=agreement.end,
                    caption=self._date_caption(start),
                    state=state,
                    href=self._href(self.ref(agreement.id), root),
                    open_ended=bool(state) and start_of(agreement) is not None,
                )
            )
        ctx.update(
            counts=[
                {"key": name, "count": len(self.kb.records[name])}
                for name in ("agreements", "territories", "bodies", "people", "themes")
            ],
            by_kind=[{"value": k, "count": n} for k, n in sorted(kinds.items(), key=_by_count)],
            by_status=[
                {"value": k, "count": n} for k, n in sorted(statuses.items(), key=_by_count)
            ],
            agreements=[self._agreement_row(a) for a in agreements],
            timeline=drawings.timeline(
                spans, self.as_of, self._t("timeline"), self._t("timeline_desc"), "timeline"
            ),
            timeline_capped={"shown": TIMELINE_LIMIT, "total": len(dated)}
            if len(dated) > TIMELINE_LIMIT
            else None,
            **self._overview_network(agreements, root),
            matrix=self._matrix(agreements),
            listing={
                name: sorted(self.refs(list(self.kb.records[name])), key=_by_label)
                for name in ("territories", "bodies", "people", "themes")
            },
        )
        return ctx

    def _overview_network(self, agreements: list[Agreement], root: str) -> Ctx:
        """The network of every party, or past ``NETWORK_LIMIT`` parties the
        selection documented at the top of this module."""
        count: Counter[str] = Counter()
        for agreement in agreements:
            count.update(set(agreement.iter_party_refs()))
        if len(count) <= NETWORK_LIMIT:
            return {
                "network": self._network(agreements, root, focus=None, ident="network"),
                "network_capped": None,
            }
        kept = set(self._top(count, NETWORK_LIMIT))
        binding = [
            (len(kept.intersection(a.iter_party_refs())), index, a)
            for index, a in enumerate(agreements)
        ]
        # Most kept parties first, then the most recent (agreements are by date).
        chosen = sorted((b for b in binding if b[0] >= 2), key=lambda b: (-b[0], -b[1]))[
            :NETWORK_TIES
        ]
        ties = [a for _, _, a in sorted(chosen, key=lambda b: b[1])]
        return {
            "network": self._network(ties, root, focus=None, ident="network", only=kept),
            "network_capped": {"shown": len(kept), "total": len(count)},
        }

    def _top(self, count: Counter[str], limit: int) -> list[str]:
        """The ``limit`` ids with the highest count, ties broken by name then id."""

        def key(record_id: str) -> tuple[int, str, str]:
            record = self.get(record_id)
            name = record.display_name if record is not None else record_id
            return (-count[record_id], name.casefold(), record_id)

        return sorted(count, key=key)[:limit]

    def _matrix(self, agreements: list[Agreement]) -> Ctx:
        """Territory × territory: how many agreements each pair shares; past
        ``MATRIX_LIMIT`` territories, those with the most partners."""
        pairs: Counter[tuple[str, str]] = Counter()
        involved: dict[str, None] = {}
        for agreement in agreements:
            parties = [
                r for r in dict.fromkeys(agreement.iter_party_refs()) if r in self.kb.territories
            ]
            for a in parties:
                for b in parties:
                    if a != b:
                        pairs[(a, b)] += 1
                        involved.setdefault(a)
        capped = None
        if len(involved) > MATRIX_LIMIT:
            partners: Counter[str] = Counter(a for a, _ in pairs)
            capped = {"shown": MATRIX_LIMIT, "total": len(involved)}
            involved = dict.fromkeys(self._top(partners, MATRIX_LIMIT))
        ids = sorted(involved, key=lambda i: self.kb.territories[i].name.casefold())
        return {
            "columns": self.refs(ids),
            "rows": [
                {"ref": self.ref(a), "cells": [pairs.get((a, b), 0) for b in ids]} for a in ids
            ],
            "capped": capped,
        }


def _by_label(ref: Ctx) -> str:
    return str(ref["label"]).casefold()


def _by_count(item: tuple[Any, int]) -> tuple[int, str]:
    return (-item[1], str(item[0]))
