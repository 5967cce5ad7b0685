"""One computation run in a forked child, beside this process's own work.

Used where a single process is bound by system calls it cannot make cheaper
(``coop.load.state``'s one ``stat`` per file): the child works on the other
processor meanwhile. Threads would not do: each ``stat`` hands the GIL
over and waits to take it back, so two threads ran slower than one.

The child sends back a few bytes; it never runs the parent's code after its
work (``os._exit``: no ``atexit``, no buffered output flushed twice). Any
failure of the child -- an exception, a signal, a missing or short answer --
is ``None`` for the parent, which then does the work itself: the child can
only make a run faster, never change its answer.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

TYPE_CHECKING = False  # not from typing: imported before coop forks (coop.load.prefetch)
if TYPE_CHECKING:
    from collections.abc import Callable

_CHILD_FAILED = 70  # the child's exit status when its work raised


def can_fork() -> bool:
    """Whether a child can work beside this process: ``fork`` exists, this
    process runs no other thread (a forked copy of a thread holding a lock
    could wait forever) and it may use more than one processor."""
    if not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


class Beside:
    """A child process computing ``work()``, its bytes read by :meth:`result`."""

    def __init__(self, work: Callable[[], bytes]) -> None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            raise
        if pid == 0:  # the child: work, answer, leave
            status = _CHILD_FAILED
            try:
                os.close(read)
                _detach()
                _write_all(write, work())
                status = 0
            except BaseException:  # the parent does the work again
                pass
            finally:
                os._exit(status)
        os.close(write)
        self._pid: int | None = pid
        self._read = read

    def result(self) -> bytes | None:
        """The child's answer, once it has ended; None if it failed."""
        if self._pid is None:
            return None
        chunks = []
        try:
            while chunk := os.read(self._read, 65536):
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            status = self._reap(stop=False)
        return b"".join(chunks) if status == 0 and chunks else None

    def stop(self) -> None:
        """End the child if it still runs (the parent gave up waiting for it)."""
        if self._pid is not None:
            self._reap(stop=True)

    def _reap(self, stop: bool) -> int:
        pid, self._pid = self._pid, None
        os.close(self._read)
        assert pid is not None
        if stop:
            with contextlib.suppress(OSError):  # it has just ended
                os.kill(pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:  # reaped by someone else: its answer is lost
            return -1
        return os.waitstatus_to_exitcode(status)


def _detach() -> None:
    """The child lets go of the parent's standard streams: it writes nothing
    there, and must not keep a pipe the parent's reader waits on open."""
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
