"""Shared fixtures: run the real CLI, locate the repository and shared/ folders."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DATA = REPO / "data"


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """coop keeps per-user caches (validation, query images) under
    ~/.cache/coop: the suite's thousands of small knowledge bases go to a
    folder of their own instead, which tests that need a cache of their own
    override."""
    os.environ["COOP_CACHE_DIR"] = str(tmp_path_factory.mktemp("coop-cache"))


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_coop(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> Run:
    """Run ``python -m coop ARGS`` as a user would, in ``cwd``."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None) if env is None or "GITHUB_ACTIONS" not in env else None
    proc = subprocess.run(
        [sys.executable, "-m", "coop", *args],
        cwd=cwd or REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def coop():
    return run_coop
