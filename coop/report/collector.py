"""Python's cyclic garbage collector paced by pages while a site is laid out.

Laying out a page leaves a few reference cycles (Jinja's contexts and
frames), so the collector must run; but left to its own thresholds it runs
several times per page, each time walking the page's context being unpickled
or laid out, and now and then everything the process holds: measured on a
national site, a fifth of the layout time. Run by hand between pages, over
the young generations, it only meets the cycles left by the last pages.
Building a context leaves no cycles (``tests/report/test_workers.py``).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator

# Pages between two collections: their cycles are a few thousand objects.
EVERY = 50


@contextlib.contextmanager
def paced() -> Iterator[Callable[[], None]]:
    """Within the block the collector runs only when the function given is
    called (once per page) for the ``EVERY``-th time."""
    was_enabled = gc.isenabled()
    gc.disable()
    count = 0

    def page_done() -> None:
        nonlocal count
        count += 1
        if count % EVERY == 0:
            gc.collect(1)

    try:
        yield page_done
    finally:
        if was_enabled:
            gc.enable()
