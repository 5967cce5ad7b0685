"""Structure that screen readers rely on, checked on every golden HTML page:
one h1, headings that never skip a level, tables with header cells, a
language, and no resource fetched from elsewhere."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from report.helpers import GOLDEN


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tables = 0
        self.tables_with_th = 0
        self._in_table_has_th: list[bool] = []
        self.lang: str | None = None
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables += 1
            self._in_table_has_th.append(False)
        if tag == "th" and self._in_table_has_th:
            self._in_table_has_th[-1] = True
        for name in ("src", "srcset"):
            if values.get(name):
                self.external.append(f"{tag} {name}={values[name]}")
        if tag == "link":
            self.external.append(f"link {values.get('href')}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._in_table_has_th:
            self.tables_with_th += self._in_table_has_th.pop()


PAGES = sorted(p for p in GOLDEN.rglob("*.html"))


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(GOLDEN).as_posix() for p in PAGES])
def test_outline(page) -> None:
    outline = _Outline()
    outline.feed(page.read_text(encoding="utf-8"))
    assert outline.lang in {"fr", "en"}
    assert outline.headings.count(1) == 1 and outline.headings[0] == 1
    for before, after in zip(outline.headings, outline.headings[1:], strict=False):
        assert after <= before + 1, f"h{before} is followed by h{after}"
    assert outline.tables == outline.tables_with_th
    assert outline.external == []


def test_every_target_type_has_a_golden_page() -> None:
    names = {p.name for p in PAGES}
    for kind in ("agreement", "territory", "body", "person", "theme", "overview"):
        assert f"{kind}.html" in names
