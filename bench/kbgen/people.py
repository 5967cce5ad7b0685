"""Synthetic elected officials: a president for each EPCI, vice-presidents for
the largest ones, mayors for the largest communes. Names are drawn from common
French first names and surnames; none stands for a real person."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kbgen import words
from kbgen.corpus import Corpus, Place, random_date
from kbgen.ids import Ids, slugify

PEOPLE_DOCUMENT = "annuaire-elus-2026.txt"

# Municipal elections of March 2026, then the installation of the EPCI councils.
MAYORS_FROM = (dt.date(2026, 3, 27), dt.date(2026, 4, 4))
PRESIDENTS_FROM = (dt.date(2026, 4, 6), dt.date(2026, 4, 30))
PREVIOUS_TERM = (dt.date(2020, 7, 2), dt.date(2020, 7, 17))


def build(corpus: Corpus, ids: Ids, count: int) -> None:
    rng = corpus.rng
    epcis = sorted(corpus.epcis, key=lambda p: (-p.population, p.id))
    presidents = epcis[:count]
    rest = count - len(presidents)
    vice_count = rest // 3
    mayor_count = rest - vice_count
    plans: list[tuple[Place, str, int]] = [(epci, "president", 0) for epci in presidents]
    vp_epcis = epcis[: max(1, -(-vice_count // 3))]
    for index in range(vice_count):
        plans.append(
            (vp_epcis[index % len(vp_epcis)], "vice_president", index // len(vp_epcis) + 1)
        )
    communes = sorted(corpus.communes, key=lambda p: (-p.population, p.id))
    plans += [(commune, "mayor", 0) for commune in communes[:mayor_count]]
    # A fifth of the presidents are also mayor of their EPCI's largest commune.
    dual: dict[str, Place] = {}
    mayors = {c.id for c in communes[:mayor_count]}
    for epci in presidents:
        members = corpus.epci_members.get(epci.id) or []
        if members and rng.random() < 0.2:
            largest = max(members, key=lambda p: (p.population, p.id))
            if largest.id not in mayors:
                mayors.add(largest.id)
                dual[epci.id] = largest
    for place, role, rank in plans:
        feminine = rng.random() < 0.4
        first = rng.choice(words.FIRST_NAMES_F if feminine else words.FIRST_NAMES_M)
        last = rng.choice(words.SURNAMES)
        person_id = ids.take(slugify(f"{first} {last}"))
        mandates = _mandates(corpus, place, role, rank, feminine)
        if role == "president" and place.id in dual:
            mandates += _mandates(corpus, dual[place.id], "mayor", 0, feminine)
            dual[place.id].leaders.insert(0, person_id)
        place.leaders.append(person_id)
        record = {
            "id": person_id,
            "name": f"{first} {last}",
            "mandates": mandates,
            "sources": [{"document": PEOPLE_DOCUMENT, "section": place.name}],
        }
        corpus.add(f"data/people/{slugify(last)[0]}/{person_id}.yaml", record)


def _mandates(
    corpus: Corpus, place: Place, role: str, rank: int, feminine: bool
) -> list[dict[str, Any]]:
    """The current mandate, after the previous term for re-elected officials."""
    rng = corpus.rng
    e = "e" if feminine else ""
    if role == "president":
        title = f"Président{e} de {place.name}"
        window = PRESIDENTS_FROM
    elif role == "vice_president":
        theme = rng.choice(list(words.THEMES.values()))[0].lower()
        ordinal = "1er" if rank == 1 and not feminine else f"{rank}e"
        title = f"{ordinal} vice-président{e} de {place.name}, chargé{e} de : {theme}"
        window = PRESIDENTS_FROM
    else:
        title = f"Maire de {place.name}"
        window = MAYORS_FROM
    mandate: dict[str, Any] = {
        "title": title,
        "role": role,
        "territory": place.id,
        "period": {"start": random_date(rng, *window)},
    }
    if rng.random() < 0.5:
        mandate["sources"] = [{"document": PEOPLE_DOCUMENT, "section": place.name}]
    if rng.random() < 0.3:
        # Re-elected: the previous term, closed by the 2026 elections.
        previous = dict(mandate)
        previous["period"] = {
            "start": random_date(rng, *PREVIOUS_TERM),
            "end": mandate["period"]["start"] - dt.timedelta(days=1),
        }
        return [previous, mandate]
    return [mandate]
