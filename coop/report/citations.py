"""Sources as numbered notes: each distinct source of a page gets one number."""

from __future__ import annotations

from typing import Any

from coop.model import Source


class Citations:
    """Collects the sources cited on one page, in order of first citation."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[Any, ...], int] = {}
        self.notes: list[dict[str, Any]] = []

    def cite(self, sources: list[Source]) -> list[int]:
        """The note numbers of ``sources``, numbering new ones."""
        out: list[int] = []
        for source in sources:
            key = (
                source.document,
                source.url,
                source.title,
                source.publisher,
                str(source.date),
                source.section,
                source.page,
                source.quote,
            )
            number = self._numbers.get(key)
            if number is None:
                number = len(self.notes) + 1
                self._numbers[key] = number
                self.notes.append({"n": number, "source": source})
            if number not in out:
                out.append(number)
        return out
