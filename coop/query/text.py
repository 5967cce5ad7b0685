"""Accent- and case-insensitive text matching: "reciprocite" finds "réciprocité"."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Letters that NFKD does not split into a base letter and a mark.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})
# Apostrophes and dashes as French typography writes them, folded to ASCII.
_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "‐": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """Lowercase, without accents, ligatures spelled out, spaces collapsed."""
    folded = text.casefold().translate(_LIGATURES).translate(_PUNCTUATION)
    decomposed = unicodedata.normalize("NFKD", folded)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


def words(query: str) -> list[str]:
    """The normalised words of a search: each must occur for a match."""
    return normalise(query).split()


def matches(query_words: list[str], haystack: Iterable[str | None]) -> bool:
    """True when every word occurs (as a substring) in one of the texts.

    Substrings, so that "reciproc" finds "réciprocité" and "metropol" finds
    "Toulouse Métropole"; the texts are normalised here, once per call.
    """
    text = "\n".join(normalise(t) for t in haystack if t)
    return all(word in text for word in query_words)
