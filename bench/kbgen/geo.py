"""Plausible partners: territories of the same département, or else of the
same région (the COG files carry no adjacency, so the région stands in for
"neighbouring départements")."""

from __future__ import annotations

import random
from collections import defaultdict

from kbgen.corpus import Place

SAME_DEPARTEMENT = 0.7  # share of partners drawn from the anchor's own département


class Neighbourhood:
    """An index of ``places`` by département and région."""

    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self.by_dep: dict[str, list[Place]] = defaultdict(list)
        self.by_region: dict[str, list[Place]] = defaultdict(list)
        for place in places:
            self.by_dep[place.departement or ""].append(place)
            self.by_region[place.region or ""].append(place)

    def pick(self, rng: random.Random, anchor: Place, count: int) -> list[Place]:
        """Up to ``count`` distinct places near ``anchor`` (never ``anchor``)."""
        dep = self.by_dep.get(anchor.departement or "", [])
        region = self.by_region.get(anchor.region or "", [])
        chosen: dict[str, Place] = {}
        tries = 0
        # Bounded: a small région may hold fewer than ``count`` candidates.
        while len(chosen) < count and tries < 20 * count + 20:
            tries += 1
            ring = dep if dep and rng.random() < SAME_DEPARTEMENT else region or dep
            if not ring:
                break
            place = ring[rng.randrange(len(ring))]
            if place.id != anchor.id and place.id not in chosen:
                chosen[place.id] = place
        return list(chosen.values())
