"""A write never replaces what is not a regular file.

coop writes by renaming a finished temporary file over its target: a named
pipe, a socket, a folder (or, as root, a device such as /dev/null) given as
an output would be replaced by a regular file. ``coop.writing`` refuses them
(``UnsafePath``), and every command that writes turns that into a usage
error (exit 2) with a hint. Devices are not created here: a FIFO and a socket
in a temporary folder stand for every special file.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import run_coop

from coop.writing import UnsafePath, atomic_replace, atomic_write_bytes, atomic_write_text
from hardening.corpus import BASELINE


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(BASELINE, root, ignore=shutil.ignore_patterns(".coop-cache"))
    return root


def _fifo(folder: Path) -> Path:
    path = folder / "pipe"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    try:
        yield path
    finally:
        server.close()


def _kind(path: Path) -> str:
    mode = path.lstat().st_mode
    for name, test in [
        ("fifo", stat.S_ISFIFO),
        ("socket", stat.S_ISSOCK),
        ("folder", stat.S_ISDIR),
    ]:
        if test(mode):
            return name
    return "regular" if stat.S_ISREG(mode) else "other"


# -- the primitives -------------------------------------------------------------

WRITERS: dict[str, Callable[[Path], None]] = {
    "bytes": lambda path: atomic_write_bytes(path, b"new\n"),
    "text": lambda path: atomic_write_text(path, "new\n"),
}


def _with_replace(path: Path) -> None:
    with atomic_replace(path) as tmp:
        tmp.write_bytes(b"new\n")


WRITERS["replace"] = _with_replace


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_fifo_is_refused_and_kept(tmp_path: Path, writer: str) -> None:
    pipe = _fifo(tmp_path)
    with pytest.raises(UnsafePath, match="not a regular file"):
        WRITERS[writer](pipe)
    assert _kind(pipe) == "fifo"
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"], "no temporary file left"


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_socket_is_refused_and_kept(tmp_path: Path, unix_socket: Path, writer: str) -> None:
    with pytest.raises(UnsafePath, match="not a regular file"):
        WRITERS[writer](unix_socket)
    assert _kind(unix_socket) == "socket"
    assert [p.name for p in tmp_path.iterdir()] == ["sock"]


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_folder_is_refused_and_kept(tmp_path: Path, writer: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "inside.txt").write_text("kept\n")
    with pytest.raises(UnsafePath, match="is a folder"):
        WRITERS[writer](folder)
    assert (folder / "inside.txt").read_text() == "kept\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_regular_file_and_a_new_one_are_still_written(tmp_path: Path, writer: str) -> None:
    existing = tmp_path / "existing"
    existing.write_bytes(b"old\n")
    WRITERS[writer](existing)
    WRITERS[writer](tmp_path / "new")
    assert existing.read_bytes() == b"new\n"
    assert (tmp_path / "new").read_bytes() == b"new\n"


def test_the_refusal_carries_a_hint(tmp_path: Path) -> None:
    with pytest.raises(UnsafePath) as caught:
        atomic_write_text(_fifo(tmp_path), "x")
    assert caught.value.hint and "regular file" in caught.value.hint


# -- the commands -----------------------------------------------------------------

COMMANDS = {
    "validate": ("validate", "--format", "json", "--output", "{out}"),
    "report-overview": ("report", "overview", "--out", "{out}"),
    "report-note-html": ("report", "sicoval", "--format", "html", "--out", "{out}"),
    "export": ("export", "--format", "json", "--out", "{out}"),
}


def _run(kb: Path, args: tuple[str, ...], out: Path | str) -> tuple[int, str, str]:
    argv = [a.replace("{out}", str(out)) for a in args]
    result = run_coop(*argv[:1], "--kb", str(kb), *argv[1:], cwd=kb)
    assert "Traceback" not in result.err, result.err
    return result.code, result.out, result.err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_command_refuses_a_fifo_output(kb: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / "outs"
    out.mkdir()
    pipe = _fifo(out)
    code, _, err = _run(kb, COMMANDS[command], pipe)
    assert code == 2, err
    assert "not a regular file" in err and "hint:" in err, err
    assert _kind(pipe) == "fifo"
    assert [p.name for p in out.iterdir()] == ["pipe"]


@pytest.mark.parametrize("command", ["validate", "report-overview"])
def test_a_command_refuses_a_socket_output(
    kb: Path, unix_socket: Path, tmp_path: Path, command: str
) -> None:
    code, _, err = _run(kb, COMMANDS[command], unix_socket)
    assert code == 2, err
    assert "not a regular file" in err and "hint:" in err, err
    assert _kind(unix_socket) == "socket"


@pytest.mark.parametrize("command", ["validate", "report-overview"])
def test_a_command_refuses_a_folder_output(kb: Path, tmp_path: Path, command: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    code, _, err = _run(kb, COMMANDS[command], folder)
    assert code == 2, err
    assert "folder" in err and "hint:" in err, err
    assert folder.is_dir() and not list(folder.iterdir())


def test_validate_to_standard_output_is_not_a_file_write(kb: Path) -> None:
    code, out, err = _run(kb, COMMANDS["validate"], "-")
    assert code == 0, err
    assert isinstance(json.loads(out), (dict, list))
    assert not (kb / "-").exists()


def test_report_to_standard_output_is_not_a_file_write(kb: Path) -> None:
    code, out, err = _run(kb, COMMANDS["report-overview"], "-")
    assert code == 0, err
    assert out.strip()
    assert not (kb / "-").exists()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_command_still_replaces_a_regular_file(kb: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / "out.file"
    out.write_text("old\n")
    code, _, err = _run(kb, COMMANDS[command], out)
    assert code == 0, err
    assert out.is_file() and out.read_text() != "old\n"
