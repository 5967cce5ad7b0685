"""The site for the real knowledge base in data/, once it holds agreements."""

from __future__ import annotations

import time

import pytest
from conftest import DATA, REPO

from report.helpers import renderer

pytestmark = pytest.mark.skipif(
    not any((DATA / "agreements").glob("*.yaml")), reason="data/ holds no agreements yet"
)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_real_site_renders_every_record(fmt: str) -> None:
    report = renderer(REPO, linking=True)
    started = time.perf_counter()
    pages = report.pages(fmt)
    elapsed = time.perf_counter() - started
    records = sum(len(report.kb.records[c]) for c in report.kb.records)
    assert len(pages) == records + 1  # one page per record and the index
    assert all(text.strip() for text in pages.values())
    assert elapsed < 30, f"rendering {len(pages)} pages took {elapsed:.1f}s"
