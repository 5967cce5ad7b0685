"""How many processors coop may use, and whether it may fork worker processes.

``os`` alone at import: validation imports this on its start-up path, and
``multiprocessing`` is imported only to fork workers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import multiprocessing.pool

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The processors this process may run on (its affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def can_fork_pool() -> bool:
    """Whether worker processes can be forked here (not on Windows)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


# Ctrl-C at a terminal reaches the whole process group: coop and its
# workers. Workers must ignore it (coop itself stops them and says
# "interrupted" once), and from their first instruction: a worker forked
# with SIGINT merely handled by Python could receive it before it gets to
# ignore it and print "Process ForkPoolWorker-1:" and a traceback. So the
# forking thread holds SIGINT back (a held signal waits; it is not lost),
# its children are born with it held, and each ignores it before letting
# it through.


def hold_sigint() -> set[int]:
    """Hold SIGINT back in this thread; returns the mask to restore."""
    import signal

    return {int(s) for s in signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})}


def release_sigint(mask: set[int]) -> None:
    """Restore the mask :func:`hold_sigint` returned: a Ctrl-C held
    meanwhile is raised now, as KeyboardInterrupt."""
    import signal

    signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def worker_ignores_sigint() -> None:
    """A forked worker's first step: ignore Ctrl-C, then stop holding it back."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def worker_pool(workers: int) -> Iterator[multiprocessing.pool.Pool]:
    """``workers`` forked processes that ignore Ctrl-C; ended on leaving.

    fork: workers inherit the imported modules instead of importing them again.
    """
    import multiprocessing

    held = hold_sigint()
    try:
        # The pool's own threads, made here, keep SIGINT held: the workers
        # they fork to replace dead ones are born holding it too.
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=worker_ignores_sigint)
    except BaseException:
        release_sigint(held)
        raise
    with pool:  # terminates the workers however the block ends
        release_sigint(held)
        yield pool


# What the workers of slices_in_workers() share with this process: set
# before they are forked, so that they inherit it rather than receive it.
_work: tuple[Callable[[Sequence[Any]], Any], Sequence[Any]] | None = None


def slices_in_workers(
    work: Callable[[Sequence[T]], R], items: Sequence[T], size: int, workers: int
) -> Iterator[R]:
    """``work`` of each slice of ``size`` items, in order, computed in
    ``workers`` forked processes.

    The workers inherit ``items`` with the fork and are sent only the bounds
    of a slice, a few bytes. Sent the items themselves (``Pool.imap`` of
    the slices), the pool's task feeder can block on a full pipe, and then
    ``Pool.terminate()`` after a Ctrl-C can wait for it forever (a CPython
    race in ``multiprocessing.pool``): with the bounds of every slice
    fitting in the pipe, the feeder never blocks.
    """
    global _work
    if _work is not None:
        raise RuntimeError("slices_in_workers is not reentrant")
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _work = (work, items)
    try:
        # Kept while the pool lives: a worker that dies is replaced by a
        # new fork, which needs the work too.
        with worker_pool(workers) as pool:
            yield from pool.imap(_slice, bounds)
    finally:
        _work = None


def _slice(bounds: tuple[int, int]) -> Any:
    """In a worker: the work of one slice."""
    assert _work is not None, "forked without the work"
    work, items = _work
    return work(items[bounds[0] : bounds[1]])
