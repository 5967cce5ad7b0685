"""Corpus cases that cannot be committed as files: built in ``tmp_path``.

A 50 MB file, links and FIFOs (what git stores of them depends on the
platform), an unreadable file, a syntax error at every nesting level, and a
value of the wrong type in every field of every collection (generated from
the models). Each goes through the real CLI; the large generated sets also
run in-process.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from coop.validate.engine import Options, validate
from hardening import wrong_types
from hardening.corpus import Found, assert_clean_exit, build, validate_cli

TERRITORY = "id: {id}\nname: Test\nkind: commune\nsources:\n  - url: https://example.org/x\n"


def _kb(tmp_path: Path) -> Path:
    return build(None, tmp_path / "kb")


def _check(root: Path, want: set[Found]) -> None:
    result = validate_cli(root)
    assert result.found == want, result.out
    assert_clean_exit(result, want)


def test_file_of_50_mb_is_refused_without_reading_it(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    big = root / "data/territories/big.yaml"
    with big.open("wb") as handle:
        handle.write(TERRITORY.format(id="big").encode())
        handle.write(b"# " + b"x" * 1022 + b"\n")
        handle.truncate(50 * 1024 * 1024)  # sparse: the test writes 1 KB, not 50 MB
    started = time.monotonic()
    _check(root, {("data/territories/big.yaml", 1, 1, "Y012")})
    assert time.monotonic() - started < 60


def test_symlink_out_of_the_kb_is_not_followed(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret\nname: SECRET-VALUE\n", encoding="utf-8")
    (root / "data/territories/secret.yaml").symlink_to(secret)
    result = validate_cli(root, fmt="text")
    assert "SECRET-VALUE" not in result.out  # the refused file's text is not shown either
    _check(root, {("data/territories/secret.yaml", 1, 1, "Y013")})


def test_symlink_inside_the_kb_is_read(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    (root / "data/territories/alias.yaml").symlink_to("sicoval.yaml")
    # Read as its own record: same id as sicoval.yaml, and an id that is not its name.
    _check(
        root,
        {
            ("data/territories/alias.yaml", 1, 5, "S004"),
            ("data/territories/sicoval.yaml", 1, 5, "R001"),
        },
    )


def test_dangling_symlink(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    (root / "data/territories/gone.yaml").symlink_to("nowhere.yaml")
    _check(root, {("data/territories/gone.yaml", 1, 1, "Y013")})


def test_fifo_named_like_a_record_does_not_block(tmp_path: Path) -> None:
    # The honest "unreadable file" for root, who reads through chmod 000:
    # opening a FIFO for reading would block forever.
    root = _kb(tmp_path)
    os.mkfifo(root / "data/territories/pipe.yaml")
    result = validate_cli(root, timeout=60)
    want = {("data/territories/pipe.yaml", 1, 1, "Y013")}
    assert result.found == want
    assert_clean_exit(result, want)
    result = validate_cli(root, fmt="text", timeout=60)  # shows source lines
    assert result.code == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    path = root / "data/territories/locked.yaml"
    path.write_text(TERRITORY.format(id="locked"), encoding="utf-8")
    path.chmod(0)
    try:
        _check(root, {("data/territories/locked.yaml", 1, 1, "Y013")})
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("style", ["block", "flow"])
def test_syntax_error_at_every_nesting_level(tmp_path: Path, style: str) -> None:
    """A broken line at depth 1..63 is reported on that line, never as a crash."""
    root = _kb(tmp_path)
    want: set[Found] = set()
    for depth in range(1, 64):
        name = f"depth-{style}-{depth}"
        lines = TERRITORY.format(id=name).splitlines()
        if style == "block":
            # notes: a: a: a: ... then "k: v: w" (a mapping value where none is allowed)
            lines.append("notes:")
            for level in range(1, depth):
                lines.append("  " * level + "a:")
            bad = "  " * depth + "k: v: w"
            lines.append(bad)
            want.add((f"data/territories/{name}.yaml", len(lines), bad.index(": w") + 1, "Y001"))
        else:
            # notes: [[[ ... ]] with one bracket missing: the outermost one is never
            # closed, and Y001 points at it
            line = "notes: " + "[" * depth + "x" + "]" * (depth - 1)
            lines.append(line)
            lines.append("other: 1")
            want.add((f"data/territories/{name}.yaml", len(lines) - 1, len("notes: ") + 1, "Y001"))
        (root / f"data/territories/{name}.yaml").write_text("\n".join(lines) + "\n")
    _check(root, want)


def _wrong_type_kb(root: Path) -> set[Found]:
    want: set[Found] = set()
    for case in wrong_types.cases():
        text, (line, col) = wrong_types.emit(wrong_types.record_for(case), case.path)
        (root / case.rel).write_text(text, encoding="utf-8")
        want.add((case.rel, line, col, case.expected_code))
    return want


def test_wrong_type_in_every_field(tmp_path: Path) -> None:
    root = _kb(tmp_path)
    want = _wrong_type_kb(root)
    assert len(want) > 300  # every field of every collection, nested ones included
    result = validate(root, Options())
    found = {(d.path, d.line, d.col, d.code) for d in result.diagnostics}
    assert want - found == set(), sorted(want - found)[:10]
    # Nothing else: a dropped wrong value is not reported again as missing.
    assert found - want == set(), sorted(found - want)[:10]
    cli = validate_cli(root)
    assert cli.found == found
    assert_clean_exit(cli, want)


def test_pathological_kb_finishes_in_bounded_time(tmp_path: Path) -> None:
    """Bombs, deep nesting and files just under the size limit, all at once."""
    root = _kb(tmp_path)
    folder = root / "data/territories"
    limit = 1024 * 1024
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{b}: &{b} [" + ", ".join([f"*{a}"] * 10) + "]\n"
        for a, b in zip("abcdefghi", "bcdefghij", strict=False)
    )
    deep_list = "[" * 63 + "x" + "]" * 63
    for i in range(20):
        (folder / f"bomb-{i}.yaml").write_text(TERRITORY.format(id=f"bomb-{i}") + bomb)
        (folder / f"deep-{i}.yaml").write_text("id: x\nname: " + "[" * 10_000 + "\n")
    for i in range(2):
        many_deep = "notes:\n" + f"  - {deep_list}\n" * ((limit - 200) // (len(deep_list) + 5))
        (folder / f"wide-{i}.yaml").write_text(TERRITORY.format(id=f"wide-{i}") + many_deep)
        keys = "".join(f"k{j}: {j}\n" for j in range(80_000))[: limit - 200]
        (folder / f"keys-{i}.yaml").write_text(
            TERRITORY.format(id=f"keys-{i}") + keys.rsplit("\n", 1)[0] + "\n"
        )
        (folder / f"line-{i}.yaml").write_text(
            TERRITORY.format(id=f"line-{i}") + "aliases: [" + "a" * (limit - 200) + "]\n"
        )
    started = time.monotonic()
    result = validate_cli(root, timeout=300)
    elapsed = time.monotonic() - started
    assert "Traceback" not in result.err, result.err
    assert result.code == 1
    codes = {code for *_, code in result.found}
    assert {"Y010", "Y011", "S001"} <= codes
    assert elapsed < 120, f"{elapsed:.1f} s"
