"""Ctrl-C that reaches coop wrapped in another error, or twice, says `interrupted` once.

Python 3.11 wraps an exception raised in a descriptor's ``__set_name__``
while it creates a class in ``RuntimeError: Error calling __set_name__ …``,
KeyboardInterrupt included. Commands import their modules (and so create
classes: dataclasses with ``field()``) once they run, so a Ctrl-C landing
there ended with an "internal error" and exit 3: found by raising
KeyboardInterrupt at each function entry of `coop report all` in turn.
Typer, for its part, turns a KeyboardInterrupt raised around coop's own
wrappers into a silent exit 130. Each moment is reproduced here exactly,
by raising KeyboardInterrupt where the signal would land. An impatient
user's second Ctrl-C, as coop says `interrupted`, printed it twice (or
killed the interpreter as it shut down).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest
from conftest import REPO


@pytest.fixture(autouse=True)
def _sigint_kept(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """In-process runs leave this process's Ctrl-C as it was, and coop free
    to say `interrupted` again."""
    from coop.cli import entry

    monkeypatch.setattr(entry, "_said", False)
    handler = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, handler)


# A command whose class creation meets Ctrl-C (or a real bug) in __set_name__.
LAUNCHER = textwrap.dedent(
    """
    import sys
    from coop.cli import app
    from coop.cli.lazy import Lazy

    class Landing:
        def __init__(self, error: type[BaseException]) -> None:
            self.error = error

        def __set_name__(self, owner: type, name: str) -> None:
            raise self.error  # where Ctrl-C lands, or a descriptor's bug

    def interrupted() -> None:
        '''Create a class, interrupted.'''
        class Created:
            field = Landing(KeyboardInterrupt)

    def broken() -> None:
        '''Create a class, with a bug.'''
        class Created:
            field = Landing(ValueError)

    def outside() -> None:
        '''Never run.'''

    def landing_outside(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt  # typer catches it: not in coop's wrapper yet

    app.Commands.table["interrupted"] = Lazy("__main__:interrupted", "Interrupted.")
    app.Commands.table["broken"] = Lazy("__main__:broken", "Broken.")
    app.Commands.table["outside"] = Lazy("__main__:outside", "Outside.")
    if sys.argv[1] == "outside":
        app._carried_past_typer = landing_outside
    app.main()
    """
)


def _coop(command: str) -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, "-c", LAUNCHER, command],
        cwd=REPO,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
        capture_output=True,
        timeout=60,
    )
    return proc.returncode, proc.stderr.decode()


def test_ctrl_c_while_a_command_creates_a_class_says_interrupted() -> None:
    assert _coop("interrupted") == (130, "interrupted\n")


def test_a_bug_while_a_command_creates_a_class_stays_an_internal_error() -> None:
    code, err = _coop("broken")
    assert code == 3, err
    assert "internal error" in err
    assert "ValueError" in err


def test_ctrl_c_that_typer_catches_says_interrupted() -> None:
    assert _coop("outside") == (130, "interrupted\n")


def test_ctrl_c_wrapped_while_coop_starts_says_interrupted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coop.cli import entry
    from coop.load import prefetch

    def wrapped(*args: object, **kwargs: object) -> bool:
        raise RuntimeError("Error calling __set_name__") from KeyboardInterrupt()

    monkeypatch.setattr(prefetch, "start", wrapped)
    monkeypatch.setattr(sys, "argv", ["coop", "validate"])
    with pytest.raises(SystemExit) as caught:
        entry.main()
    assert caught.value.code == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_an_error_while_coop_starts_is_not_taken_for_ctrl_c(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from coop.cli import entry
    from coop.load import prefetch

    def failing(*args: object, **kwargs: object) -> bool:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:  # a clean-up that fails while handling Ctrl-C: a bug
            raise RuntimeError("clean-up failed")  # noqa: B904 - the __context__ case

    monkeypatch.setattr(prefetch, "start", failing)
    monkeypatch.setattr(sys, "argv", ["coop", "validate"])
    with pytest.raises(RuntimeError, match="clean-up failed"):
        entry.main()


# A second Ctrl-C delivered to coop just as it writes `interrupted`.
TWICE = textwrap.dedent(
    """
    import os, signal, sys
    from coop.cli import app, entry
    from coop.cli.lazy import Lazy

    class Impatient:
        def __init__(self, stream):
            self.stream = stream

        def write(self, text):
            if text == "interrupted\\n":
                os.kill(os.getpid(), signal.SIGINT)
            return self.stream.write(text)

        def __getattr__(self, name):
            return getattr(self.stream, name)

    def interrupted() -> None:
        '''Interrupted.'''
        raise KeyboardInterrupt

    app.Commands.table["interrupted"] = Lazy("__main__:interrupted", "Interrupted.")
    sys.stderr = Impatient(sys.stderr)
    sys.argv = ["coop", "interrupted"]
    entry.main()
    """
)


def test_a_second_ctrl_c_as_coop_says_interrupted_changes_nothing() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", TWICE],
        cwd=REPO,
        env={**os.environ, "NO_COLOR": "1"},
        capture_output=True,
        timeout=60,
    )
    assert (proc.returncode, proc.stderr.decode()) == (130, "interrupted\n")
