"""Every committed corpus case, through the real CLI: exactly its documented
diagnostics, exit 1 (0 when only warnings or nothing are expected), never a
traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from hardening.corpus import assert_clean_exit, build, case_names, expected, validate_cli


def test_baseline_is_clean(tmp_path: Path) -> None:
    result = validate_cli(build(None, tmp_path / "kb"))
    assert result.found == set()
    assert_clean_exit(result, set())


@pytest.mark.parametrize("case", case_names())
def test_corpus_case(case: str, tmp_path: Path) -> None:
    want = expected(case)
    result = validate_cli(build(case, tmp_path / "kb"))
    assert result.found == want, result.out
    assert_clean_exit(result, want)
