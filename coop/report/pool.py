"""Worker processes that lay out the pages they are sent.

A :class:`Pool` forks its workers when it is made: ``coop report all``
makes it before loading the knowledge base, so that each worker holds the
interpreter, the templates and the page at hand, not a copy of the
knowledge base (see ``coop.report.workers``). Each page travels as its
pickled context (``coop.report.transport``); the worker lays it out, writes
it into the site's staging folder and says so with an empty message; its
last message is its outcome: nothing, or the error that stopped it.

A thread per worker feeds its pipe from a queue: pages are queued as fast
as this process builds them, and a long page laid out here (the index takes
seconds) never leaves a worker idle for want of input.
"""

from __future__ import annotations

import contextlib
import gc

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Unix: no fork either
    fcntl = None  # type: ignore[assignment]
import multiprocessing
import queue
import threading
from collections import deque
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from coop.load.files import Entry
from coop.processes import hold_sigint, release_sigint, worker_ignores_sigint
from coop.report import transport
from coop.report.collector import paced
from coop.report.errors import ReportError
from coop.report.layout import Layout
from coop.report.site import Staging
from coop.report.stored import Read, read_file
from coop.writing import UnsafePath

# Most bytes of pages sent to a worker in one message.
_BATCH = 1 << 20
# Room asked for in each pipe (Linux lets any process have up to 1 MB).
_PIPE_SIZE = 1 << 20
# What a worker is asked: parse files, where the site goes, one page.
_PARSE, _SITE, _PAGE = "parse", "site", "page"
# The first byte of a worker's message carrying parsed files.
_SOURCES = b"S"


class Pool:
    """``count`` worker processes, forked now."""

    def __init__(self, count: int, template_dirs: Sequence[Path]) -> None:
        self.workers: list[Worker] = []
        context = multiprocessing.get_context("fork")
        held = hold_sigint()  # workers are born holding Ctrl-C back
        try:
            for _ in range(count):
                tasks_out, tasks_in = context.Pipe(duplex=False)
                results_out, results_in = context.Pipe(duplex=False)
                _widen(tasks_in)
                _widen(results_in)
                # The new process closes this process's ends of its pipes
                # and of earlier workers' pipes: then it sees the end of its
                # input when this process stops, and this process sees a
                # worker that dies.
                others = [tasks_in, results_out]
                for worker in self.workers:
                    others += [worker.tasks, worker.results]
                process = context.Process(
                    target=_serve,
                    args=(tasks_out, results_in, others, list(template_dirs)),
                    daemon=True,
                )
                process.start()
                tasks_out.close()
                results_in.close()
                self.workers.append(Worker(process, tasks_in, results_out))
            release_sigint(held)  # a Ctrl-C held meanwhile is raised here
        except BaseException:
            release_sigint(held)
            self.close()
            raise

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def start(self, staging: Staging, fmt: str) -> None:
        """Tell each worker where pages go and in which format."""
        for worker in self.workers:
            worker.start(staging.root, staging.previous, fmt)

    def least_busy(self) -> Worker:
        """The worker with the smallest backlog; raises a worker's error."""
        for worker in self.workers:
            worker.collect()
        return min(self.workers, key=lambda w: w.backlog)

    def finish(self) -> None:
        """Wait for every worker to write the pages it was sent; raise the
        first error one met."""
        for worker in self.workers:
            worker.end_input()
        errors = [worker.outcome() for worker in self.workers]
        for error in errors:
            if error is not None:
                raise error

    def close(self) -> None:
        """Stop the workers: at once if they are still busy (this process
        failed, or was interrupted); no worker writes anything afterwards."""
        for worker in self.workers:
            worker.end_input()
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.terminate()
            worker.process.join()
            worker.join_feeder()
            worker.tasks.close()
            worker.results.close()
        self.workers = []


class Worker:
    """This process's side of one worker: its pipes, its backlog (the
    pickled size of the pages sent and not yet written), its feeder."""

    def __init__(self, process: Any, tasks: Connection, results: Connection) -> None:
        self.process = process
        self.tasks = tasks
        self.results = results
        self.backlog = 0
        self._sizes: deque[int] = deque()
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._feeder: threading.Thread | None = None
        self._over = False  # its outcome has been received
        self._error: Exception | None = None

    def start(self, root: Path, previous: str | None, fmt: str) -> None:
        self._feeder = threading.Thread(target=self._feed, daemon=True)
        self._feeder.start()
        self._queue.put(transport.frame(transport.dumps((_SITE, str(root), previous, fmt))))

    def send(self, rel: str, template: str, context: dict[str, Any]) -> None:
        framed = transport.frame(transport.dumps((_PAGE, rel, template, context)))
        self._sizes.append(len(framed))
        self.backlog += len(framed)
        self._queue.put(framed)

    def parse(self, chunks: list[list[Entry]], max_size: int) -> None:
        """Ask the worker to parse these files, chunk by chunk (before :meth:`start`)."""
        self.tasks.send_bytes(transport.frame(transport.dumps((_PARSE, max_size, chunks))))

    def parsed(self) -> list[Read] | None:
        """The next chunk of files the worker parsed, each with the digest
        of its bytes; None if it failed
        (the caller parses them itself: a file that breaks the parser
        breaks it there too, as it would have without workers)."""
        if self._over:
            return None
        try:
            message = self.results.recv_bytes()
        except EOFError:
            self._over = True
            self.process.join()
            self._error = _died(self.process)
            return None
        if message[:1] == _SOURCES:
            return transport.loads(memoryview(message)[1:])  # type: ignore[no-any-return]
        self._over = True
        self._error = _error(transport.loads(message)) if message else None
        return None

    def collect(self) -> None:
        """Take note of the pages written since last asked; raise the error
        that stopped the worker, if one did."""
        while not self._over and self.results.poll():
            if not self._receive():
                self.backlog -= self._sizes.popleft()
        if self._error is not None:
            raise self._error

    def end_input(self) -> None:
        """No more pages: the worker ends once it has written those sent."""
        self._queue.put(None)

    def outcome(self) -> Exception | None:
        """Wait for the worker's last word: None, or its error."""
        while not self._over:
            self._receive()
        self.process.join()
        return self._error

    def join_feeder(self) -> None:
        if self._feeder is not None:
            self._feeder.join(timeout=10)
            self._feeder = None

    def _receive(self) -> bool:
        """Read one message; True if it was the outcome (or the worker died)."""
        try:
            message = self.results.recv_bytes()
        except EOFError:  # died without a word: killed, out of memory
            self.process.join()
            self._over = True
            self._error = _died(self.process)
            return True
        if not message:
            return False
        self._over = True
        self._error = _error(transport.loads(message))
        return True

    def _feed(self) -> None:
        """Thread: move the queued pages into the pipe, as many as are
        waiting, up to ``_BATCH`` bytes a message: the thread only runs when
        the main thread lets go of the interpreter (every few milliseconds
        while it lays out a page), and neither side should hold a big copy."""
        pending: deque[bytes] = deque()
        ended = False
        while True:
            item = self._queue.get() if not pending and not ended else b""
            while True:
                if item is None:
                    ended = True
                    break
                if item:
                    pending.append(item)
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            batch: list[bytes] = []
            size = 0
            while pending and size < _BATCH:
                batch.append(pending.popleft())
                size += len(batch[-1])
            try:
                if batch:
                    self.tasks.send_bytes(b"".join(batch))
                elif ended:
                    self.tasks.send_bytes(b"")  # end of input
                    return
            except OSError:  # the worker is gone; collect() or outcome() says why
                return


def _widen(connection: Connection) -> None:
    """Give a pipe room for a few messages (64 KB by default on Linux), so
    that its writer can run ahead of its reader: a worker parsing files, this
    process sending pages. Where the system refuses, the pipe stays as is."""
    resize = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if resize is None:
        return
    with contextlib.suppress(OSError):
        fcntl.fcntl(connection.fileno(), resize, _PIPE_SIZE)


def _died(process: Any) -> Exception:
    return RuntimeError(f"a worker process stopped unexpectedly (exit status {process.exitcode})")


def _error(outcome: tuple[str, str, Any] | None) -> Exception | None:
    """The worker's error as this process would have raised it."""
    if outcome is None:
        return None
    kind, text, detail = outcome
    if kind == "report":
        return ReportError(text, detail)
    if kind == "unsafe":
        return UnsafePath(text)
    if kind == "os":
        return OSError(int(detail or 0), text)
    return RuntimeError(text)


def _serve(
    tasks: Connection, results: Connection, others: list[Connection], template_dirs: list[Path]
) -> None:
    """A worker process: parse the files it is given, then lay out each
    page received until the end of input."""
    # Ctrl-C reaches the whole process group: the parent handles it and
    # stops the workers, which must not print tracebacks of their own.
    worker_ignores_sigint()
    for connection in others:
        connection.close()
    # What the fork inherited lives as long as this process: keep the
    # collector off it.
    gc.freeze()
    outcome: tuple[str, str, Any] | None = None
    pacing = contextlib.ExitStack()
    staging: Staging | None = None
    try:
        layout = Layout(template_dirs)
        fmt = ""
        page_done = _nothing
        while True:
            try:
                message = tasks.recv_bytes()
            except EOFError:
                return  # the parent is gone, and its staging folder with it
            if not message:
                break
            for data in transport.frames(message):
                task = transport.loads(data)
                if task[0] == _PAGE:
                    _, rel, template, context = task
                    assert staging is not None
                    staging.write(rel, layout.render(template, context, fmt))
                    results.send_bytes(b"")
                    page_done()
                elif task[0] == _SITE:
                    _, root, previous, fmt = task
                    staging = Staging(Path(root), previous)
                    # Pages from now on: the collector runs between them.
                    page_done = pacing.enter_context(paced())
                else:
                    _, max_size, chunks = task
                    for chunk in chunks:
                        results.send_bytes(_SOURCES + transport.dumps(_parse(chunk, max_size)))
    except ReportError as exc:
        outcome = ("report", str(exc), exc.hint)
    except UnsafePath as exc:
        outcome = ("unsafe", str(exc), None)
    except OSError as exc:
        outcome = ("os", exc.strerror or str(exc), exc.errno)
    except Exception as exc:  # a bug: the parent raises it as one
        outcome = ("internal", f"in a worker process: {type(exc).__name__}: {exc}", None)
    finally:
        pacing.close()
        if staging is not None:
            staging.close()
    with contextlib.suppress(OSError):
        results.send_bytes(transport.dumps(outcome))


def _nothing() -> None:
    pass


def _parse(entries: list[Entry], max_size: int) -> list[Read]:
    """The files read and parsed as ``coop.validate.engine.load_kb`` reads
    them (with their positions: building a record places its errors), each
    with the digest of its bytes (``coop.report.stored``)."""
    # Without the collector, as load_kb: a chunk's parsed files are
    # thousands of objects kept together, no cycles.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        sources = [read_file(entry, max_size) for entry in entries]
    finally:
        if was_enabled:
            gc.enable()
    # The parent has each path already: rebuilding a Path costs more than
    # unpickling the rest of a small file (see coop.report.loading).
    for source, _ in sources:
        source.path = None  # type: ignore[assignment]
    return sources
