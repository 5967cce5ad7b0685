"""Every query test runs on both answering paths: the records in memory (a
first query) and the stored image (every later one)."""

from __future__ import annotations

import pytest
from conftest import Run, run_coop

from query.helpers import VIAS


@pytest.fixture(params=VIAS)
def via(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def coop(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Run the CLI twice with a cache of its own: the first run loads the files
    (and stores the image), the second answers from the image; both must
    print the same, byte for byte."""
    cache = tmp_path_factory.mktemp("cache")

    def run(*args: str, **kwargs) -> Run:  # type: ignore[no-untyped-def]
        env = {**(kwargs.pop("env", None) or {}), "COOP_CACHE_DIR": str(cache)}
        first = run_coop(*args, env=env, **kwargs)
        second = run_coop(*args, env=env, **kwargs)
        assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
        return second

    return run
