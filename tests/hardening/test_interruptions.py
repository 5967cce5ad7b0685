"""A closed standard output ends a command quietly; Ctrl-C says `interrupted`.

Typer turns both into exit statuses of its own before coop's entry point
sees them: a reader gone (`coop query territories | head -1`) gave exit 1,
which means "findings", and Ctrl-C a silent exit 130. A closed pipe must end
the command with nothing on standard error (no traceback, no "Exception
ignored" at interpreter exit), and with exit 0, except `coop validate`: its
verdict stands whether or not its report was read (`coop validate | head -1`
under `set -o pipefail` must fail a CI step on findings), so it exits 1 on
findings as it does when its report is read. An interrupted command prints
one line `interrupted` and exits 130.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from hardening.corpus import BASELINE


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **extra}


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(BASELINE, root, ignore=shutil.ignore_patterns(".coop-cache"))
    return root


def _big_kb(root: Path, count: int, kind: str = "commune") -> Path:
    """The baseline and ``count`` more territories: a table far larger than a
    pipe's buffer (and as many errors, of a ``kind`` that is none)."""
    shutil.copytree(BASELINE, root, ignore=shutil.ignore_patterns(".coop-cache"))
    record = yaml.safe_load((BASELINE / "data/territories/sicoval.yaml").read_text())
    record.pop("identifiers", None)
    for i in range(count):
        data = {**record, "id": f"commune-{i:04d}", "name": f"Commune {i}", "kind": kind}
        (root / f"data/territories/commune-{i:04d}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        )
    return root


# -- a reader gone ----------------------------------------------------------------

CLOSED_PIPE = {
    "query-table": ("query", "territories"),
    "query-json": ("query", "territories", "--format", "json"),
    "query-sql": ("query", "--sql", "SELECT id FROM territories"),
    "validate": ("validate",),
    "validate-json": ("validate", "--format", "json"),
    "report": ("report", "overview"),
    "rules": ("rules",),
    "help": ("--help",),
}


def _with_output_closed(kb: Path, *args: str) -> tuple[int, str]:
    """Run coop with a standard output already closed: its exit status and
    standard error."""
    read, write = os.pipe()
    os.close(read)  # every write to the pipe fails with EPIPE
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "coop", *args],
            cwd=kb,
            env=_env(),
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    finally:
        os.close(write)
    return proc.returncode, proc.stderr.decode()


@pytest.mark.parametrize("command", sorted(CLOSED_PIPE))
def test_a_standard_output_already_closed_ends_quietly(kb: Path, command: str) -> None:
    # The baseline is clean: validate's verdict is 0 too.
    code, err = _with_output_closed(kb, *CLOSED_PIPE[command])
    assert code == 0, (code, err)
    assert err == "", err


def _with_findings(kb: Path, error: bool = True, warning: bool = True) -> Path:
    territories = kb / "data" / "territories"
    if error:  # S003, an error
        path = territories / "toulouse-metropole.yaml"
        path.write_text(path.read_text().replace("kind: metropole", "kind: bogus"))
    if warning:  # I004, a warning: the COG's name is CA du Sicoval
        path = territories / "sicoval.yaml"
        path.write_text(path.read_text().replace("name: CA du Sicoval", "name: Sicoval"))
    return kb


FORMATS = ["text", "json", "github", "junit", "sarif", "gitlab"]


@pytest.mark.parametrize("format", FORMATS)
def test_validate_with_its_output_closed_still_fails_on_findings(kb: Path, format: str) -> None:
    _with_findings(kb)
    code, err = _with_output_closed(kb, "validate", "--format", format)
    assert (code, err) == (1, "")


@pytest.mark.parametrize(
    ("findings", "args", "status"),
    [
        ({"error": False}, [], 0),  # warnings only
        ({"error": False}, ["--strict"], 1),
        ({"warning": False}, ["--ignore", "S003"], 0),  # the error ignored
        ({}, ["--output", "-"], 1),
    ],
    ids=["warnings", "warnings-strict", "ignored", "output-dash"],
)
def test_validate_with_its_output_closed_exits_as_when_read(
    kb: Path, findings: dict[str, bool], args: list[str], status: int
) -> None:
    _with_findings(kb, **findings)
    read = subprocess.run(
        [sys.executable, "-m", "coop", "validate", *args],
        cwd=kb,
        env=_env(),
        capture_output=True,
        timeout=120,
    )
    assert read.returncode == status, read.stdout
    assert _with_output_closed(kb, "validate", *args) == (status, "")


@pytest.mark.parametrize("command", ["query-table", "query-json", "rules", "help"])
def test_other_commands_with_their_output_closed_still_end_with_0(kb: Path, command: str) -> None:
    _with_findings(kb)
    code, err = _with_output_closed(kb, *CLOSED_PIPE[command])
    assert code == 0, (code, err)
    # A query says on standard error that the knowledge base has problems: that only.
    assert "Traceback" not in err and "Exception ignored" not in err, err


def _first_line_then_close(root: Path, *args: str) -> tuple[bytes, int, str]:
    """Run coop as `coop ARGS | head -1`: its first line, exit status and stderr."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "coop", *args],
        cwd=root,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    code = proc.wait(timeout=120)
    return first, code, proc.stderr.read().decode()


def test_a_reader_that_stops_after_one_line_ends_the_query_quietly(tmp_path: Path) -> None:
    root = _big_kb(tmp_path / "kb", 1500)
    # As `coop query territories | head -1`, on more rows than a pipe holds.
    first, code, err = _first_line_then_close(root, "query", "territories")
    assert first.strip(), "the query printed nothing"
    assert code == 0, (code, err)
    assert err == "", err


def test_a_reader_that_stops_after_one_line_still_gets_validate_s_verdict(tmp_path: Path) -> None:
    root = _big_kb(tmp_path / "kb", 600, kind="bogus")  # 600 errors: far more than a pipe holds
    # As `set -o pipefail; coop validate | head -1` in a CI step.
    first, code, err = _first_line_then_close(root, "validate", "--no-cache")
    assert first.strip(), "validate printed nothing"
    assert (code, err) == (1, "")


# -- Ctrl-C -----------------------------------------------------------------------

# coop's own entry point with one more command, which says when it runs and
# then waits: the signal is sure to land inside a command.
LAUNCHER = textwrap.dedent(
    """
    import sys, time
    from coop.cli import app
    from coop.cli.lazy import Lazy

    def wait() -> None:
        '''Wait.'''
        sys.stderr.write("ready\\n")
        sys.stderr.flush()
        time.sleep(120)

    app.Commands.table["wait"] = Lazy("__main__:wait", "Wait.")
    app.main()
    """
)


def _wait_for_line(proc: subprocess.Popen[bytes], line: bytes) -> None:
    assert proc.stderr is not None
    assert proc.stderr.readline() == line


@pytest.mark.parametrize("group", [False, True], ids=["process", "process-group"])
def test_ctrl_c_inside_a_command_says_interrupted(tmp_path: Path, group: bool) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, "wait"],
        cwd=REPO,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=group,
    )
    _wait_for_line(proc, b"ready\n")
    if group:  # what a terminal's Ctrl-C does
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (proc.returncode, err)
    assert err.decode() == "interrupted\n"
    assert out == b""


def _fake_git(folder: Path, marker: Path) -> Path:
    """A `git` that says it started, then hangs: coop diff waits on it."""
    folder.mkdir()
    git = folder / "git"
    git.write_text(f"#!/bin/sh\ntouch '{marker}'\nexec sleep 120\n")
    git.chmod(0o755)
    return folder


def test_ctrl_c_while_coop_diff_waits_for_git(kb: Path, tmp_path: Path) -> None:
    marker = tmp_path / "git-started"
    bin_folder = _fake_git(tmp_path / "bin", marker)
    proc = subprocess.Popen(
        [sys.executable, "-m", "coop", "diff", "HEAD", "--kb", str(kb)],
        cwd=kb,
        env=_env(PATH=f"{bin_folder}{os.pathsep}{os.environ['PATH']}"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert marker.exists(), "coop diff never ran git"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (proc.returncode, err)
    assert err.decode() == "interrupted\n"
    assert out == b""


# -- Ctrl-C at a terminal: coop and its worker processes -----------------------


@pytest.fixture(scope="module")
def many_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough files that `coop validate --no-cache --jobs 2` checks them in
    worker processes for a few seconds."""
    return _big_kb(tmp_path_factory.mktemp("many") / "kb", 5000)


def _children(pid: int) -> int:
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                count += 1
    return count


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("delay", [0.0, 0.2, 0.5, 1.0])
def test_ctrl_c_while_workers_check_says_interrupted_once(many_files: Path, delay: float) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "coop", "validate", "--no-cache", "--jobs", "2"],
        cwd=many_files,
        env=_env(COOP_NO_CACHE="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while _children(proc.pid) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "validate ended before its workers were seen"
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGINT)  # a terminal's Ctrl-C: coop and its workers
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        # Pool.terminate() could wait forever for its task feeder blocked on
        # a full pipe; the workers are now sent a slice's bounds, a few bytes.
        pytest.fail("validate hung after Ctrl-C")
    # Finished first: exit 0, or killed by the signal itself (-SIGINT) when it
    # came while the interpreter was shutting down, once Python has given
    # SIGINT back its default action (CPython's _PySignal_Fini).
    if proc.returncode in (0, -signal.SIGINT):
        pytest.skip(f"validate finished within {delay} s of its workers' start")
    # The workers print no traceback of their own: coop says it once.
    assert (proc.returncode, err.decode()) == (130, "interrupted\n")


def test_ctrl_c_while_coop_starts_says_interrupted(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before the command line is imported: the entry point's own handler.
    from coop.cli import entry
    from coop.load import prefetch

    def interrupted(*args: object, **kwargs: object) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(prefetch, "start", interrupted)
    monkeypatch.setattr(sys, "argv", ["coop", "validate"])
    monkeypatch.setattr(entry, "_said", False)
    handler = signal.getsignal(signal.SIGINT)
    with pytest.raises(SystemExit) as caught:
        entry.main()
    signal.signal(signal.SIGINT, handler)  # coop ignores Ctrl-C once it has said it
    assert caught.value.code == 130
    assert capsys.readouterr().err == "interrupted\n"
