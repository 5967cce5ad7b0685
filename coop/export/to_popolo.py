"""Bodies, territories, posts, memberships and people in Popolo JSON.

Popolo (https://www.popoloproject.com) is the model the bodies follow:
territories and bodies are organizations; a body's posts are posts; who
holds a post, who sits in a body and each mandate a source states are
memberships; people are persons. Dates keep their precision (Popolo allows
YYYY, YYYY-MM and YYYY-MM-DD).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from coop.export import Records, Summary
from coop.export.paths import write_file
from coop.kb.index import KnowledgeBase
from coop.model import Record, Source
from coop.model.dates import Period


def document(kb: KnowledgeBase) -> dict[str, list[dict[str, Any]]]:
    organizations = [_territory(kb, key) for key in sorted(kb.territories)]
    organizations += [_body(kb, key) for key in sorted(kb.bodies)]
    known = {org["id"] for org in organizations}
    people = set(kb.people)
    posts: list[dict[str, Any]] = []
    memberships: list[dict[str, Any]] = []
    for key in sorted(kb.territories):
        for member_id in kb.territories[key].members:
            if member_id in known:
                memberships.append(
                    {
                        "member": {"@type": "Organization", "id": member_id},
                        "organization_id": key,
                        "role": "member",
                    }
                )
    for key in sorted(kb.bodies):
        body = kb.bodies[key]
        for member in body.members:
            ref = member.territory or member.body
            if ref in known:
                memberships.append(
                    _clean(
                        {
                            "member": {"@type": "Organization", "id": ref},
                            "organization_id": key,
                            "role": member.role.value,
                            "label": member.represented_by,
                        }
                    )
                )
        for index, post in enumerate(body.posts, 1):
            post_id = f"{key}/post-{index}"
            start, end = _period(post.period)
            posts.append(
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
                )
            )
            if post.person in people:
                memberships.append(
                    _clean(
                        {
                            "person_id": post.person,
                            "organization_id": key,
                            "post_id": post_id,
                            "role": post.role.value,
                            "on_behalf_of_id": post.on_behalf_of
                            if post.on_behalf_of in known
                            else None,
                            "start_date": start or _text(post.as_of),
                            "end_date": end,
                        }
                    )
                )
    for key in sorted(kb.people):
        for mandate in kb.people[key].mandates:
            where = mandate.body or mandate.territory
            if where in known:
                start, end = _period(mandate.period)
                memberships.append(
                    _clean(
                        {
                            "person_id": key,
                            "organization_id": where,
                            "role": mandate.role.value,
                            "label": mandate.title,
                            "start_date": start or _text(mandate.as_of),
                            "end_date": end,
                        }
                    )
                )
    for index, membership in enumerate(memberships, 1):
        membership["id"] = f"membership-{index}"
    persons = [_person(kb, key) for key in sorted(kb.people)]
    return {
        "organizations": organizations,
        "posts": posts,
        "memberships": memberships,
        "persons": persons,
    }


def export(records: Records, out: Path) -> Summary:
    data = document(records.whole())
    write_file(out, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return Summary(", ".join(f"{len(items)} {name}" for name, items in data.items()))


def _territory(kb: KnowledgeBase, key: str) -> dict[str, Any]:
    t = kb.territories[key]
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
            "parent_id": t.parent if t.parent in kb.territories else None,
            "sources": _record_sources(t),
        }
    )


def _body(kb: KnowledgeBase, key: str) -> dict[str, Any]:
    b = kb.bodies[key]
    start, end = _period(b.active)
    names = [b.short_name, *b.aliases]
    return _clean(
        {
            "id": b.id,
            "name": b.name,
            "classification": b.kind.value,
            "other_names": [{"name": name} for name in names if name],
            "parent_id": b.parent if b.parent in kb.bodies else None,
            "founding_date": start,
            "dissolution_date": end,
            "sources": _record_sources(b),
        }
    )


def _person(kb: KnowledgeBase, key: str) -> dict[str, Any]:
    p = kb.people[key]
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
