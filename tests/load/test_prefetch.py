"""The files' state taken beside while coop starts (``coop.load.prefetch``):
the same state as a scan, handed over only for the root the query names."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from query.helpers import FIXTURE

from coop.load import beside, prefetch
from coop.load import state as scan
from coop.load.state import files_state


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "kb")
    # A child works beside even where one processor would make it pointless.
    monkeypatch.setattr(prefetch, "can_fork", lambda: True)
    yield (tmp_path / "kb").resolve()
    prefetch._forget()


def test_the_state_taken_beside_is_the_state(root: Path) -> None:
    before = time.time_ns()
    prefetch.start(["agreements", "--party", "gamma-agglo", "--kb", str(root)])
    taken = prefetch.take(str(root))
    assert taken is not None
    state, started = taken
    assert state == files_state(str(root))
    assert state.folders == files_state(str(root)).folders and state.folders
    assert before <= started <= time.time_ns()
    assert prefetch.take(str(root)) is None, "handed over once"


def test_the_root_is_found_upward_without_kb(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root / "data" / "agreements")
    prefetch.start(["agreements"])
    taken = prefetch.take(str(root))
    assert taken is not None and taken[0] == files_state(str(root))


def test_another_root_gets_nothing(root: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(root, other)
    prefetch.start(["agreements", "--kb", str(root)])
    assert prefetch.take(str(other)) is None


def test_a_later_start_replaces_an_earlier_one(root: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(root, other)
    prefetch.start(["agreements", "--kb", str(root)])
    prefetch.start(["agreements", "--kb", str(other)])
    assert prefetch.take(str(root)) is None


@pytest.mark.parametrize("args", [[], ["--help"], ["agreements", "-h"], ["--schema"]])
def test_no_child_where_no_files_are_read(root: Path, args: list[str]) -> None:
    prefetch.start([*args, "--kb", str(root)] if args else args)
    assert prefetch._pending is None


def test_a_failed_child_gives_nothing(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(root: str) -> scan.FilesState:
        raise OSError("no")

    monkeypatch.setattr(scan, "files_state", broken)  # in the child too: forked after
    prefetch.start(["agreements", "--kb", str(root)])
    assert prefetch.take(str(root)) is None


def test_no_root_to_guess_gives_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefetch, "can_fork", lambda: True)
    monkeypatch.chdir(tmp_path)
    prefetch.start(["agreements"])
    assert prefetch.take(str(tmp_path)) is None


@pytest.mark.parametrize(
    ("args", "kb"),
    [
        (["agreements"], None),
        (["agreements", "--kb", "a"], "a"),
        (["agreements", "--kb=a"], "a"),
        (["--kb", "a", "agreements", "--kb", "b"], "b"),
        (["agreements", "--kb"], None),
    ],
)
def test_the_kb_option_is_read_as_click_reads_it(args: list[str], kb: str | None) -> None:
    assert prefetch._kb_option(args) == kb


def test_the_child_leaves_no_process_behind(root: Path) -> None:
    prefetch.start(["agreements", "--kb", str(root)])
    assert prefetch._pending is not None
    pid = prefetch._pending[0]._pid
    assert pid is not None
    prefetch._forget()  # what happens at exit when the query never asked
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_child_that_fails_or_dies_is_no_answer() -> None:
    assert beside.Beside(lambda: b"done").result() == b"done"
    assert beside.Beside(lambda: b"").result() is None

    def fails() -> bytes:
        raise ValueError("no")

    assert beside.Beside(fails).result() is None

    def dies() -> bytes:
        os.kill(os.getpid(), 9)
        return b"never"

    assert beside.Beside(dies).result() is None
