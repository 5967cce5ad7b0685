"""How many processors coop may use, and whether it may fork worker processes.

``os`` alone at import: validation imports this on its start-up path, and
``multiprocessing`` is imported only to fork workers.
"""

from __future__ import annotations

import os


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
