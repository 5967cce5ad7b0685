"""Golden files: the Markdown and HTML of each target type, from the fixture
knowledge base (after pdoc's ``test/test_snapshot.py``).

Regenerate after an intended change of output with ``make golden`` (which runs
``COOP_UPDATE_GOLDEN=1 pytest -k golden``), then review the diff.
"""

from __future__ import annotations

import os
import re

import pytest

from coop import __version__
from report.helpers import GOLDEN, TARGETS, renderer

UPDATE = os.environ.get("COOP_UPDATE_GOLDEN") == "1"


def _stable(text: str) -> str:
    """Replace what changes without the output changing: the version."""
    return re.sub(rf"coop {re.escape(__version__)}\b", "coop VERSION", text)


def _compare(name: str, text: str) -> None:
    path = GOLDEN / name
    text = _stable(text)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"{path.name} is missing: run `make golden` and review the diff"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{path.name} differs: run `make golden` and review the diff"


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_golden_note(kind: str, fmt: str) -> None:
    _compare(f"{kind}.{fmt}", renderer().render(TARGETS[kind], fmt))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_english_labels(fmt: str) -> None:
    _compare(f"agreement.en.{fmt}", renderer(lang="en").render(TARGETS["agreement"], fmt))


def test_golden_site_pages() -> None:
    """Site pages differ from notes: cross-links, the search box and index."""
    pages = renderer(linking=True).pages("html")
    _compare("site/index.html", pages["index.html"])
    _compare("site/agreement.html", pages[f"agreements/{TARGETS['agreement']}.html"])
    md_pages = renderer(linking=True).pages("md")
    _compare("site/territory.md", md_pages[f"territories/{TARGETS['territory']}.md"])
