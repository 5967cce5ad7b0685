"""The corpus of hostile inputs (tests/corpus): build a case's knowledge base,
read its expected diagnostics, run coop on it.

A case is a folder under ``tests/corpus/cases/`` laid over a copy of the clean
``tests/corpus/baseline/`` knowledge base; its ``expected.txt`` lists every
diagnostic the run must give, one ``path:line:col CODE`` per line (``#`` starts
a comment). Nothing else may be reported: the baseline itself is clean.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from conftest import run_coop

from coop.diagnostics import Severity
from coop.rules import RULES

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BASELINE = CORPUS / "baseline"
CASES = CORPUS / "cases"
EXPECTED = "expected.txt"

Found = tuple[str, int, int, str]  # path, line, col, code


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir())


def build(case: str | None, root: Path) -> Path:
    """The baseline with ``case`` laid over it, in ``root`` (a fresh folder)."""
    shutil.copytree(BASELINE, root, symlinks=True, ignore=shutil.ignore_patterns(".coop-cache"))
    if case is not None:
        shutil.copytree(
            CASES / case, root, symlinks=True, dirs_exist_ok=True, ignore=_skip_expected
        )
    return root


def _skip_expected(folder: str, names: list[str]) -> list[str]:
    skip = [".coop-cache"]  # a cache left by running coop on the case by hand
    return [*skip, EXPECTED] if Path(folder) == CASES / Path(folder).name else skip


def expected(case: str) -> set[Found]:
    return parse_expected((CASES / case / EXPECTED).read_text(encoding="utf-8"))


def parse_expected(text: str) -> set[Found]:
    out: set[Found] = set()
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where, code = line.rsplit(" ", 1)
        path, row, col = where.rsplit(":", 2)
        out.add((path, int(row), int(col), code))
    return out


def must_fail(found: set[Found]) -> bool:
    """Whether these diagnostics make ``coop validate`` exit 1 (errors, default severities)."""
    return any(RULES[code].severity == Severity.error for *_, code in found)


@dataclass
class CliResult:
    code: int
    found: set[Found]
    err: str
    out: str


def validate_cli(root: Path, *extra: str, fmt: str = "json", timeout: float = 120) -> CliResult:
    """``coop validate`` on ``root`` through the real CLI; diagnostics read from JSON."""
    run = run_coop("validate", "--kb", str(root), "--format", fmt, *extra, timeout=timeout)
    found: set[Found] = set()
    if fmt == "json" and run.out.strip():
        for d in json.loads(run.out)["diagnostics"]:
            found.add((d["path"], d["line"], d["column"], d["code"]))
    return CliResult(run.code, found, run.err, run.out)


def assert_clean_exit(result: CliResult, want: set[Found]) -> None:
    """No traceback, never exit 3, and 1 exactly when errors are expected."""
    assert "Traceback" not in result.err, result.err
    assert result.code == (1 if must_fail(want) else 0), (result.code, result.err)
