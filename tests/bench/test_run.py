"""The benchmark's measuring instrument: whole-process timings, peak memory,
timeouts, and the one-file edit it makes between runs."""

from __future__ import annotations

import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

from kbbench.measure import run_once, series
from run import _retitled

ALLOCATE = "import time; block = bytearray(80_000_000); block[::4096] = b'x' * len(block[::4096]); time.sleep(0.2)"


def test_run_once_measures_time_memory_and_exit_status() -> None:
    run = run_once([sys.executable, "-c", ALLOCATE + "; raise SystemExit(3)"])
    assert run.exit_code == 3
    assert run.wall >= 0.2
    assert run.cpu > 0
    assert run.max_rss >= 80_000_000
    assert run.tree_rss >= 80_000_000 or run.tree_rss == 0  # 0: no /proc
    assert not run.timed_out


def test_a_run_past_the_timeout_is_killed_and_ends_the_series() -> None:
    done = series([sys.executable, "-c", "import time; time.sleep(30)"], 3, timeout=0.5)
    assert len(done.runs) == 1
    assert done.timed_out
    assert done.runs[0].wall < 10


def test_before_hook_runs_before_each_run() -> None:
    calls: list[int] = []
    done = series([sys.executable, "-c", "pass"], 2, before=calls.append)
    assert calls == [0, 1]
    assert done.exit_codes == {0}


def test_retitled_changes_only_the_title_each_time() -> None:
    plain = b"id: a\ntitle: Accord-cadre entre A et B\nkind: accord_cadre\n"
    quoted = b'id: a\ntitle: "Accord : A et B"\nkind: accord_cadre\n'
    first, second = _retitled(plain, 0), _retitled(plain, 1)
    assert first != second != plain
    assert first.replace(" (révision 1)".encode(), b"") == plain
    assert (
        _retitled(quoted, 0)
        == 'id: a\ntitle: "Accord : A et B (révision 1)"\nkind: accord_cadre\n'.encode()
    )


def test_memory_is_sampled_in_the_first_run_of_a_series_only() -> None:
    done = series([sys.executable, "-c", ALLOCATE], 2)
    first, second = done.runs
    assert second.tree_rss == 0  # timed without the sampler
    assert first.tree_rss >= 80_000_000 or first.tree_rss == 0  # 0: no /proc
