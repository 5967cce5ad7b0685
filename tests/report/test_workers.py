"""Rendering a site in several processes gives the very same site as in one.

The knowledge base is a small one from the benchmark's generator (hundreds
of records, every kind of page); workers are forced on below the usual
threshold, and in some tests sent every record page (``local_share=False``)
so that it is known which process lays out what.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from conftest import run_coop

from coop.report import pool
from coop.report.api import ReportRequest, run
from coop.report.errors import ReportError
from coop.report.site import Staging, build_site
from coop.report.workers import fill_site
from report.helpers import AS_OF, generate_kb, renderer, site_tree


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_kb(tmp_path_factory.mktemp("workers") / "kb", seed=11)


@pytest.mark.parametrize("local_share", [True, False], ids=["shared", "all-sent"])
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_same_pages_with_one_and_several_workers(
    generated: Path, tmp_path: Path, fmt: str, local_share: bool
) -> None:
    notes = renderer(generated, linking=True)
    build_site(tmp_path / "one", lambda s: fill_site(s, notes, fmt, 1))
    build_site(
        tmp_path / "three",
        lambda s: fill_site(s, notes, fmt, 3, min_parallel=1, local_share=local_share),
    )
    one, three = site_tree(tmp_path / "one"), site_tree(tmp_path / "three")
    assert len(one) == notes.page_count() + 1  # and the marker file
    assert notes.page_count() > 300  # a real spread of pages over the workers
    assert sorted(one) == sorted(three)
    assert [name for name in one if one[name] != three[name]] == []
    # Every page of the generated KB, not just some.
    for collection in ("agreements", "territories", "bodies", "people", "themes"):
        assert sum(name.startswith(f"{collection}/") for name in one) == len(
            notes.kb.records[collection]
        )
    assert multiprocessing.active_children() == []


def test_pages_sent_one_message_each_give_the_same_site(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches of at most one page: the feeder's path for a long queue.
    monkeypatch.setattr(pool, "_BATCH", 1)
    notes = renderer(generated, linking=True)
    build_site(tmp_path / "one", lambda s: fill_site(s, notes, "html", 1))
    build_site(
        tmp_path / "two",
        lambda s: fill_site(s, notes, "html", 2, min_parallel=1, local_share=False),
    )
    assert site_tree(tmp_path / "one") == site_tree(tmp_path / "two")


def test_workers_forked_before_the_load_give_the_same_site(generated: Path, tmp_path: Path) -> None:
    # What `coop report all` does: the pool is forked before the knowledge
    # base is loaded, and the worker gets every record page's context pickled.
    sites = {}
    for jobs in (1, 2):
        out = tmp_path / f"site-{jobs}"
        result = run(
            ReportRequest(
                root=generated, target="all", fmt="html", as_of=AS_OF, out=out,
                jobs=jobs, min_parallel=1,
            )
        )  # fmt: skip
        assert result.written == out
        sites[jobs] = site_tree(out)
    assert len(sites[1]) > 300
    assert sites[1] == sites[2]
    assert multiprocessing.active_children() == []


def test_a_worker_error_stops_the_site_and_leaves_nothing(generated: Path, tmp_path: Path) -> None:
    # One person's page fails; every record page goes to the worker.
    plain = renderer(generated, linking=True)
    people = sorted(plain.kb.people)
    victim = people[len(people) // 2]
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "person.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block main %}'
        f'{{% if page.id == "{victim}" %}}{{{{ no_such_variable }}}}{{% endif %}}'
        "{% endblock %}",
        encoding="utf-8",
    )
    notes = renderer(generated, linking=True, templates=[templates])
    assert "no_such_variable" not in notes.render(people[0], "html")
    out = tmp_path / "sites" / "site"
    out.parent.mkdir()
    with pytest.raises(ReportError, match=r"person\.html\.j2"):
        build_site(out, lambda s: fill_site(s, notes, "html", 2, min_parallel=1, local_share=False))
    assert list(out.parent.iterdir()) == []  # no site, no staging folder
    assert multiprocessing.active_children() == []


def test_an_error_in_this_process_stops_the_workers_and_leaves_nothing(
    generated: Path, tmp_path: Path
) -> None:
    # The index is laid out by this process, the record pages by the worker.
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "overview.html.j2").write_text("{{ no_such_variable }}", encoding="utf-8")
    notes = renderer(generated, linking=True, templates=[templates])
    out = tmp_path / "sites" / "site"
    out.parent.mkdir()
    with pytest.raises(ReportError, match=r"overview\.html\.j2"):
        build_site(out, lambda s: fill_site(s, notes, "html", 2, min_parallel=1, local_share=False))
    assert list(out.parent.iterdir()) == []
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_stops_the_site(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only workers call Staging.write here (this process writes the index
    # with write_pieces): the first page kills the worker, as the kernel's
    # out-of-memory killer would.
    monkeypatch.setattr(Staging, "write", lambda *_: os._exit(9))
    notes = renderer(generated, linking=True)
    out = tmp_path / "sites" / "site"
    out.parent.mkdir()
    with pytest.raises(RuntimeError, match="stopped unexpectedly"):
        build_site(out, lambda s: fill_site(s, notes, "html", 2, min_parallel=1, local_share=False))
    assert list(out.parent.iterdir()) == []
    assert multiprocessing.active_children() == []


def test_cli_jobs_gives_the_same_site(generated: Path, tmp_path: Path) -> None:
    sites = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"site-{jobs}"
        result = run_coop(
            "report", "all", "--format", "html", "--out", str(out), "--kb", str(generated),
            "--as-of", AS_OF.isoformat(), "--jobs", jobs,
        )  # fmt: skip
        assert result.code == 0, result.err
        sites[jobs] = site_tree(out)
    assert sites["1"] == sites["2"]
