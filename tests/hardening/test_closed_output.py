"""A reader gone, in process: ``coop validate`` hands its verdict to the entry
point, which ends with it; every other closed pipe ends with 0.

The whole command with a real closed pipe is in test_interruptions.py.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable

import pytest

from coop.cli import app
from coop.cli.app import OutputClosed
from coop.cli.validate import _report_to_stdout


class _ClosedAtFlush(io.StringIO):
    """A standard output whose reader is gone by the time it is flushed."""

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def _broken_pipe() -> None:
    raise BrokenPipeError(32, "Broken pipe")


def _rich_on_broken_pipe() -> None:
    # rich's Console.on_broken_pipe: SystemExit(1) raised while handling the error.
    try:
        raise BrokenPipeError(32, "Broken pipe")
    except BrokenPipeError:
        raise SystemExit(1) from None


@pytest.mark.parametrize("status", [0, 1])
@pytest.mark.parametrize("write", [_broken_pipe, _rich_on_broken_pipe], ids=["write", "rich"])
def test_a_report_cut_short_carries_the_verdict(
    write: Callable[[], None], status: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    with pytest.raises(OutputClosed) as caught:
        _report_to_stdout(write, status)
    assert caught.value.status == status


def test_a_reader_gone_by_the_flush_carries_the_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedAtFlush())
    with pytest.raises(OutputClosed) as caught:
        _report_to_stdout(lambda: sys.stdout.write("data/x.yaml\n"), 1)
    assert caught.value.status == 1


def test_a_report_read_whole_raises_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    _report_to_stdout(lambda: sys.stdout.write("report\n"), 1)
    assert out.getvalue() == "report\n"


def test_another_exit_is_not_taken_for_a_closed_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", io.StringIO())

    def exits() -> None:
        raise SystemExit(3)

    with pytest.raises(SystemExit) as caught:
        _report_to_stdout(exits, 0)
    assert caught.value.code == 3


@pytest.mark.parametrize(
    ("raised", "status"),
    [
        (OutputClosed(1), 1),  # coop validate with findings
        (OutputClosed(0), 0),  # coop validate, clean
        (OutputClosed(), 0),  # any other command
        (BrokenPipeError(32, "Broken pipe"), 0),
    ],
    ids=["validate-findings", "validate-clean", "other", "bare"],
)
def test_the_entry_point_ends_with_the_status_carried(
    raised: BaseException, status: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    discarded = []

    def run() -> int:
        raise raised

    monkeypatch.setattr(app, "_run", run)
    # Pointing the real standard output at the null device would take pytest's capture.
    monkeypatch.setattr(app, "_discard_output", lambda: discarded.append(True))
    with pytest.raises(SystemExit) as caught:
        app.main()
    assert caught.value.code == status
    assert discarded == [True]
