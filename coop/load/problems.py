"""A problem found while reading a file, before any model sees it.

Its own module, free of the YAML parser, so that scanning the tree (which
only stats files) imports nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class YamlProblem:
    """A problem in the YAML layer; ``code`` is one of the Y rules."""

    code: str
    line: int
    col: int
    message: str
    hint: str | None = None
