"""Accent- and case-insensitive text matching: "reciprocite" finds "réciprocité"."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

# Letters that NFKD does not split into a base letter and a mark, and the
# apostrophes and dashes of French typography, folded to ASCII. (A chain of
# str.replace: str.translate with a mapping is ten times slower on long texts.)
_FOLDS = (
    ("œ", "oe"), ("æ", "ae"), ("ß", "ss"), ("ø", "o"), ("đ", "d"), ("ł", "l"),
    ("’", "'"), ("‘", "'"), ("–", "-"), ("—", "-"), ("‐", "-"), ("\u00a0", " "),
)  # fmt: skip


def normalise(text: str) -> str:
    """Lowercase, without accents, ligatures spelled out, spaces collapsed.

    NFKD splits "é" into "e" and a combining accent; encoding to ASCII then
    drops the accents (and any other non-Latin sign) at C speed, which
    matters when a search scans every commitment of a national knowledge base.
    """
    folded = text.casefold()
    if not folded.isascii():
        for special, plain in _FOLDS:
            if special in folded:
                folded = folded.replace(special, plain)
        folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    return " ".join(folded.split())


def words(query: str) -> list[str]:
    """The normalised words of a search: each must occur for a match."""
    return normalise(query).split()


def matches(query_words: list[str], haystack: Iterable[str | None]) -> bool:
    """True when every word occurs (as a substring) in one of the texts.

    Substrings, so that "reciproc" finds "réciprocité" and "metropol" finds
    "Toulouse Métropole". The texts are joined and normalised once per call.
    """
    text = normalise("\n".join(t for t in haystack if t))
    return all(word in text for word in query_words)
