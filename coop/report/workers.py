"""Render a site's pages in several processes, without a copy of the
knowledge base in each.

The worker processes (``coop.report.pool``) are forked *before* the
knowledge base is loaded (``coop.report.api``), so each holds a few
megabytes. This process loads the knowledge base, builds every page's
context, and either sends it to a worker or lays the page out itself.
Forking after the load would share the knowledge base copy-on-write, but
every process then counts it in its resident memory: a national site cost
its ~550 MB once per core (1.2 GB on two).

Balance: a page goes to the worker with the smallest backlog (the pickled
size of the contexts it was sent and has not written yet: a fair measure of
their cost) if that backlog is below ``BACKLOG``; otherwise this process
lays it out. The index and the theme pages (``render.WHOLE``), which this
process builds from the whole knowledge base and lays out itself (seconds
on a national site), wait until every worker has ``BACKLOG_BEFORE_INDEX``
to do meanwhile, and are laid out one at a time.

A page's text does not depend on which process laid it out: tests compare
whole sites made with one and with several processes.

Where fork is unavailable, or the site is small (starting workers would cost
more than they save), everything runs in this process.
"""

from __future__ import annotations

from collections.abc import Callable

from coop.processes import can_fork_pool
from coop.report.collector import paced
from coop.report.pool import Pool
from coop.report.render import Page, Renderer
from coop.report.site import Staging

# Below this many pages, one process: a fork and its warm-up cost more.
PARALLEL_THRESHOLD = 2000
# Bytes of pickled contexts a worker may have waiting (about 0.5 s of work)...
BACKLOG = 2_000_000
# ... and before this process spends seconds on the index (about 2.5 s).
BACKLOG_BEFORE_INDEX = 10_000_000


def fill_site(
    staging: Staging,
    renderer: Renderer,
    fmt: str,
    jobs: int,
    min_parallel: int = PARALLEL_THRESHOLD,
    pool: Pool | None = None,
    local_share: bool = True,
) -> None:
    """Write every page of ``renderer`` into ``staging``, in ``jobs`` processes.

    ``pool``: the workers, forked earlier (before the knowledge base was
    loaded); without one they are forked here. ``local_share``: whether this
    process lays out record pages too (tests turn it off to know which
    process lays out what).
    """
    if jobs <= 1 or renderer.page_count() < min_parallel or not can_fork_pool():
        with paced() as page_done:
            for page in renderer.site(fmt):
                _write(staging, renderer, page, fmt)
                page_done()
        return
    if pool is None:
        with Pool(jobs - 1, renderer.template_dirs) as own:
            _share(staging, renderer, fmt, own, local_share)
        return
    try:
        _share(staging, renderer, fmt, pool, local_share)
    except BaseException:
        # Before the staging folder is deleted: no worker may write into it.
        pool.close()
        raise


def _share(staging: Staging, renderer: Renderer, fmt: str, pool: Pool, local_share: bool) -> None:
    pool.start(staging, fmt)
    with paced() as page_done:
        _send(staging, renderer, fmt, pool, local_share, page_done)
        pool.finish()


def _send(
    staging: Staging,
    renderer: Renderer,
    fmt: str,
    pool: Pool,
    local_share: bool,
    page_done: Callable[[], None],
) -> None:
    """Every page, sent to a worker or laid out here."""
    postponed: list[Page] = []
    for page in renderer.site(fmt):
        page_done()
        if page.whole:
            postponed.append(page)
            continue
        worker = pool.least_busy()
        limit = BACKLOG_BEFORE_INDEX if postponed else BACKLOG
        if worker.backlog < limit or not local_share:
            worker.send(page.rel, page.template, page.build())
        else:
            _write(staging, renderer, page, fmt)
        # One postponed page at a time, so that the workers' backlogs are
        # topped up between two.
        if postponed and all(w.backlog >= BACKLOG_BEFORE_INDEX for w in pool.workers):
            _write(staging, renderer, postponed.pop(0), fmt)
    for whole in postponed:
        _write(staging, renderer, whole, fmt)


def _write(staging: Staging, renderer: Renderer, page: Page, fmt: str) -> None:
    context = page.build()
    if page.whole:  # the index: ~16 MB of text on a national site, written as it comes
        staging.write_pieces(page.rel, renderer.layout.pieces(page.template, context, fmt))
    else:
        staging.write(page.rel, renderer.layout.render(page.template, context, fmt))
