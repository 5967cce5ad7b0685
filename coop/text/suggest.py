"""Suggest the closest ids for a misspelt one, in bounded time.

``difflib.get_close_matches`` over every id of a national knowledge base
(~50,000) for every dangling reference is quadratic; candidates are first
narrowed to ids that share the first letter and have a similar length, and a
caller that may ask many times caps the number of searches.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable

# Candidates compared per search, at most.
MAX_POOL = 500


class Suggester:
    """Closest-match lookups over a fixed set of ids, memoized and capped."""

    def __init__(self, ids: Iterable[str], max_searches: int | None = None) -> None:
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for item in ids:
            self._by_initial[item[:1]].append(item)
        self._memo: dict[str, list[str]] = {}
        self._left = max_searches

    def closest(self, word: str, n: int = 3) -> list[str]:
        if word in self._memo:
            return self._memo[word]
        if self._left is not None:
            if self._left <= 0:
                return []
            self._left -= 1
        pool = [c for c in self._by_initial.get(word[:1], ()) if abs(len(c) - len(word)) <= 4]
        if len(pool) > MAX_POOL:  # many similar ids: narrow to the same first two letters
            pool = [c for c in pool if c[:2] == word[:2]][:MAX_POOL]
        found = difflib.get_close_matches(word, pool, n=n)
        self._memo[word] = found
        return found
