"""Where each key and value of a parsed document sits in its file.

A path is the tuple of mapping keys and sequence indexes leading to a node,
``("parties", 1, "territory")``. Positions are 1-based (line, column).
"""

from __future__ import annotations

from dataclasses import dataclass, field

Path = tuple[str | int, ...]
Position = tuple[int, int]


@dataclass
class Positions:
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def value(self, path: Path) -> Position:
        """Position of the value at ``path``, or of its nearest existing ancestor.

        A missing key thus points at the mapping that lacks it.
        """
        while True:
            pos = self.values.get(path)
            if pos is not None:
                return pos
            if not path:
                return (1, 1)
            path = path[:-1]

    def key(self, path: Path) -> Position:
        """Position of the key that introduces ``path`` (falls back to the value)."""
        pos = self.keys.get(path)
        return pos if pos is not None else self.value(path)
