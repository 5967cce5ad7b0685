"""Time a whole process: wall clock, CPU time and peak memory.

Peak memory is measured two ways, because coop may parse in worker processes:

- ``max_rss``: the largest resident set of the process or any descendant it
  waited for, as the kernel reports it to ``wait4`` (exact, per process);
- ``tree_rss``: the largest *sum* of the proportional set sizes (PSS) of the
  process and its descendants, sampled every 10 ms from /proc (what the
  machine must hold at once; Linux only, may miss a very short peak). PSS,
  not RSS: forked workers share their parent's pages until they write them,
  and a sum of RSS would count each shared page once per process.
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_EVERY = 0.01  # seconds


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and its waited-for children
    max_rss: int  # bytes
    tree_rss: int  # bytes (0 where /proc is unavailable)
    exit_code: int
    timed_out: bool = False


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    def _values(self, name: str) -> list[float]:
        return [float(getattr(run, name)) for run in self.runs]

    def median(self, name: str = "wall") -> float:
        return statistics.median(self._values(name))

    def min(self, name: str = "wall") -> float:
        return min(self._values(name))

    def max(self, name: str = "wall") -> float:
        return max(self._values(name))

    @property
    def timed_out(self) -> bool:
        return any(run.timed_out for run in self.runs)

    @property
    def exit_codes(self) -> set[int]:
        return {run.exit_code for run in self.runs}


def run_once(
    command: Sequence[str],
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float | None = None,
    sample_memory: bool = True,
) -> Run:
    """Run ``command`` to completion (or kill it after ``timeout`` seconds),
    its output discarded. ``sample_memory`` reads the process tree's PSS every
    10 ms (``tree_rss``; 0 without it)."""
    sampler = _TreeSampler()
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so that a timeout ends its workers too
    )
    if sample_memory:
        sampler.start(process.pid)
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    timer = threading.Timer(timeout, kill) if timeout else None
    if timer is not None:
        timer.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if timer is not None:
        timer.cancel()
    sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss=usage.ru_maxrss * 1024,  # kilobytes on Linux
        tree_rss=sampler.peak,
        exit_code=process.returncode,
        timed_out=killed.is_set(),
    )


def series(
    command: Sequence[str],
    runs: int,
    before: Callable[[int], None] | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float | None = None,
) -> Series:
    """``runs`` timed runs; ``before(i)`` prepares each one (untimed). Stops
    after a run that timed out: the next ones would too.

    The process tree's memory is sampled during the first run only: reading
    ``/proc/*/smaps_rollup`` every 10 ms competes with the command for the
    machine's two processors and locks its memory map, which made an unchanged
    ``coop validate`` (~0.5 s) a median 0.09 s slower over 7 runs. Memory barely
    varies between runs; time does."""
    out = Series()
    for index in range(runs):
        if before is not None:
            before(index)
        run = run_once(command, env, cwd, timeout, sample_memory=index == 0)
        out.runs.append(run)
        if run.timed_out:
            break
    return out


class _TreeSampler:
    def __init__(self) -> None:
        self.peak = 0
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, pid: int) -> None:
        if not Path(f"/proc/{pid}").exists():
            return
        self._thread = threading.Thread(target=self._loop, args=(pid,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()

    def _loop(self, pid: int) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, _tree_rss(pid))
            self._done.wait(SAMPLE_EVERY)


def _tree_rss(pid: int) -> int:
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            total += _pss(current)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", "rb") as handle:
                    pending.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError, IndexError):
            continue  # the process ended between two reads
    return total


def _pss(pid: int) -> int:
    """The process's proportional set size in bytes (its RSS where PSS is unavailable)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024  # kB
    except OSError:
        pass
    with open(f"/proc/{pid}/statm", "rb") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
