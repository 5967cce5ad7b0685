"""Worker processes ignore Ctrl-C from their very first instruction.

At a terminal, Ctrl-C reaches coop and all its workers. A worker that gets
it before it has set SIGINT aside used to die printing "Process
ForkPoolWorker-1:" and a traceback (seen once in CI). These tests send the
signal at that exact moment instead of hoping to hit it.
"""

from __future__ import annotations

import multiprocessing.pool
import os
import pickle
import signal
from collections.abc import Sequence
from pathlib import Path

import pytest

from coop import processes
from coop.report import pool as report_pool

pytestmark = pytest.mark.skipif(not processes.can_fork_pool(), reason="needs fork")

_ignore = processes.worker_ignores_sigint


def _ctrl_c_then_ignore() -> None:
    """A worker's start, with Ctrl-C arriving before it ignores SIGINT."""
    os.kill(os.getpid(), signal.SIGINT)
    _ignore()


def _sigint_state(_: object) -> tuple[bool, bool]:
    """In a worker: (SIGINT ignored, SIGINT still held back)."""
    held = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set())
    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN, held


def test_pool_workers_survive_a_ctrl_c_before_they_ignore_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(processes, "worker_ignores_sigint", _ctrl_c_then_ignore)
    with processes.worker_pool(2) as pool:
        # Without the fix the workers die and are replaced forever: no answer.
        states = pool.map_async(_sigint_state, range(8), chunksize=1).get(timeout=30)
        # Same workers all along: none died and was replaced.
        assert all(p.exitcode is None for p in pool._pool)  # type: ignore[attr-defined]
    assert set(states) == {(True, False)}


def test_this_process_lets_ctrl_c_through_again_after_forking() -> None:
    with processes.worker_pool(2) as pool:
        assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())
        assert pool.map(abs, [-1]) == [1]
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def test_a_ctrl_c_while_forking_is_raised_here_not_lost() -> None:
    held = processes.hold_sigint()
    os.kill(os.getpid(), signal.SIGINT)  # held: nothing happens yet
    with pytest.raises(KeyboardInterrupt):
        processes.release_sigint(held)


def test_report_workers_survive_a_ctrl_c_before_they_ignore_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(report_pool, "worker_ignores_sigint", _ctrl_c_then_ignore)
    with report_pool.Pool(2, [Path("templates")]) as workers:
        for worker in workers.workers:
            worker.process.join(timeout=1.0)  # a worker that got the signal ends
            assert worker.process.exitcode is None


def _lengths_and_pids(items: Sequence[str]) -> list[tuple[int, int]]:
    return [(len(item), os.getpid()) for item in items]


def test_slices_in_workers_gives_each_slice_in_order_from_other_processes() -> None:
    items = [f"item {'x' * n}" for n in range(103)]
    out = [
        pair
        for part in processes.slices_in_workers(_lengths_and_pids, items, 10, 2)
        for pair in part
    ]
    assert [length for length, _ in out] == [len(item) for item in items]
    assert os.getpid() not in {pid for _, pid in out}


def test_slices_in_workers_sends_the_workers_bounds_not_items(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Tasks are what the pool's feeder writes into the workers' pipe: tiny,
    # it never blocks there, and Pool.terminate() cannot hang on it.
    sent: list[bytes] = []
    original_imap = multiprocessing.pool.Pool.imap

    def imap(self: multiprocessing.pool.Pool, func: object, iterable: object, *a: object) -> object:
        tasks = list(iterable)  # type: ignore[call-overload]
        sent.extend(pickle.dumps(task) for task in tasks)
        return original_imap(self, func, tasks, *a)  # type: ignore[arg-type]

    monkeypatch.setattr(multiprocessing.pool.Pool, "imap", imap)
    big = ["y" * 100_000] * 20
    assert sum(processes.slices_in_workers(lambda part: len(part), big, 5, 2)) == 20
    assert len(sent) == 4 and max(map(len, sent)) < 100
