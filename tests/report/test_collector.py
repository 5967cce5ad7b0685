"""The collector paced by pages (``coop.report.collector``): contexts leave
no cycles, the cycles layouts leave are collected, and the collector is as
it was after the block."""

from __future__ import annotations

import gc
from typing import Any

from coop.report import collector
from report.helpers import renderer


def test_building_contexts_leaves_no_cycles() -> None:
    rendered = renderer(linking=True)
    pages = list(rendered.site("html"))
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for page in pages:
            page.build()
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()


def test_cycles_are_collected_every_few_pages() -> None:
    gc.collect()
    with collector.paced() as page_done:
        assert not gc.isenabled()
        for _ in range(collector.EVERY):
            cycle: list[Any] = []
            cycle.append(cycle)
            del cycle
            page_done()
        # The EVERY-th page collected them: nothing is left to find.
        assert gc.collect() == 0


def test_the_collector_is_restored() -> None:
    assert gc.isenabled()
    with collector.paced():
        pass
    assert gc.isenabled()
    gc.disable()
    try:
        with collector.paced():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
