"""Themes: a controlled list kept as data, extendable by analysts."""

from __future__ import annotations

from typing import ClassVar

from coop.model.common import Model, Record


class Theme(Record):
    collection: ClassVar[str] = "themes"

    label: str  # French label shown in reports
    description: str | None = None

    @property
    def display_name(self) -> str:
        return self.label


class ThemeList(Model):
    """``data/vocabulary/themes.yaml``: ``themes: [{id, label, description}]``."""

    themes: list[Theme]
