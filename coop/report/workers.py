"""Render a site's pages in several processes.

The knowledge base and the renderer are built once; then the process forks
and each worker renders its share of the pages (``Renderer.iter_pages``) and
writes them into the same staging folder. Workers share the parent's memory
(copy-on-write; the collector was frozen first, so it does not touch every
object), and nothing has to be sent back but an error. A page's text does not
depend on which process rendered it: a test compares whole sites made with
one and with several workers.

Where fork is unavailable, or the site is small (starting workers would cost
more than they save), everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from multiprocessing.connection import Connection
from typing import Any

from coop.report.errors import ReportError
from coop.report.render import Renderer
from coop.report.site import Staging
from coop.writing import UnsafePath

# Below this many pages, one process: a fork and its warm-up cost more.
PARALLEL_THRESHOLD = 2000
# A worker checks that its parent is alive every this many pages.
_CHECK_EVERY = 200


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def fill_site(
    staging: Staging,
    renderer: Renderer,
    fmt: str,
    jobs: int,
    min_parallel: int = PARALLEL_THRESHOLD,
) -> None:
    """Write every page of ``renderer`` into ``staging``, in ``jobs`` processes."""
    if jobs <= 1 or renderer.page_count() < min_parallel or not can_fork():
        _write_share(staging, renderer, fmt, 0, 1)
        return
    context = multiprocessing.get_context("fork")
    workers: list[tuple[Any, Connection]] = []
    try:
        for part in range(1, jobs):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(
                target=_worker,
                args=(staging, renderer, fmt, part, jobs, sender, os.getpid()),
                daemon=True,
            )
            process.start()
            sender.close()
            workers.append((process, receiver))
        _write_share(staging, renderer, fmt, 0, jobs)
        failures = [_outcome(process, receiver) for process, receiver in workers]
    finally:
        for process, receiver in workers:
            if process.is_alive():  # this process failed or was interrupted
                process.terminate()
            process.join()
            receiver.close()
    for failure in failures:
        if failure is not None:
            raise failure


def _write_share(staging: Staging, renderer: Renderer, fmt: str, part: int, parts: int) -> None:
    for rel, text in renderer.iter_pages(fmt, part, parts):
        staging.write(rel, text)


def _outcome(process: Any, receiver: Connection) -> Exception | None:
    """The worker's error, if any, as this process would have raised it."""
    try:
        message = receiver.recv()
    except EOFError:  # died without a word: killed, out of memory
        process.join()
        return RuntimeError(
            f"a worker process stopped unexpectedly (exit status {process.exitcode})"
        )
    if message is None:
        return None
    kind, text, detail = message
    if kind == "report":
        return ReportError(text, detail)
    if kind == "unsafe":
        return UnsafePath(text)
    if kind == "os":
        return OSError(int(detail or 0), text)
    return RuntimeError(text)


def _worker(
    staging: Staging,
    renderer: Renderer,
    fmt: str,
    part: int,
    parts: int,
    sender: Connection,
    parent: int,
) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it and
    # stops the workers, which must not print tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    outcome: tuple[str, str, Any] | None = None
    try:
        for count, (rel, text) in enumerate(renderer.iter_pages(fmt, part, parts)):
            if count % _CHECK_EVERY == 0 and os.getppid() != parent:
                return  # the parent is gone: its staging folder too
            staging.write(rel, text)
    except ReportError as exc:
        outcome = ("report", str(exc), exc.hint)
    except UnsafePath as exc:
        outcome = ("unsafe", str(exc), None)
    except OSError as exc:
        outcome = ("os", exc.strerror or str(exc), exc.errno)
    except Exception as exc:  # a bug: the parent raises it as one
        outcome = ("internal", f"in a worker process: {type(exc).__name__}: {exc}", None)
    sender.send(outcome)
    sender.close()
