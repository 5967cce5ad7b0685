"""Hostile records render inert: no markup, no script, no template
evaluation, no javascript: link, no write outside the output folder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from coop.report.site import SiteError, write_site
from report.helpers import KB, renderer

HOSTILE_AGREEMENT = """\
id: hostile
title: "<script>window.pwned = 1</script> {{ 7*7 }} <img src=x onerror=\\"window.pwned = 2\\">"
kind: entente
status: signed
parties:
  - territory: toulouse-metropole
  - territory: sicoval
signature:
  date: 2020-05-04
  place: "</td></tr></table><script>window.pwned = 3</script>"
commitments:
  - id: c1
    title: "[click](javascript:alert(1)) | # not a heading"
    text: "{% raw %}{{ 7*7 }}{% endraw %} ${7*7} <a href=\\"javascript:alert(1)\\">x</a>"
    sources:
      - url: "javascript:window.pwned=4"
        title: "Lien piégé"
sources:
  - url: "javascript:alert(document.domain)"
  - url: "https://example.org/\\"><script>window.pwned=5</script>"
    title: "Source légitime"
"""


@pytest.fixture(scope="module")
def hostile_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "kb"
    shutil.copytree(KB, root)
    (root / "data/agreements/hostile.yaml").write_text(HOSTILE_AGREEMENT, encoding="utf-8")
    return root


def test_html_is_inert(hostile_kb: Path) -> None:
    html = renderer(hostile_kb).render("hostile", "html")
    body = html.split("</head>", 1)[1]
    assert "<script>window" not in body and "<script" not in body.split("<footer>")[0]
    assert "<img" not in body
    assert "onerror=" not in body.replace("onerror=&#34;", "")  # only as escaped text
    assert 'href="javascript:' not in body.lower()
    assert "javascript:" in body  # shown as text, so a reader sees what was written
    assert "{{ 7*7 }}" in body and ">49<" not in body and " 49 " not in body
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in body
    assert 'href="https://example.org/&#34;&gt;&lt;script&gt;' in body


def test_markdown_is_inert(hostile_kb: Path) -> None:
    md = renderer(hostile_kb).render("hostile", "md")
    # Every "<" from the record is backslash-escaped: no raw HTML reaches a
    # Markdown renderer.
    assert re.findall(r"(?<!\\)<", md) == []
    assert re.findall(r"(?<!\\)\]\(javascript:", md) == []  # only "\](…", which is text
    assert "\\<script\\>" in md
    assert "\\{\\{ 7\\*7 \\}\\}" in md and "49" not in md
    # A pipe or a hash in a value cannot open a table cell or a heading.
    assert "\\| \\# not a heading" in md


def test_site_pages_are_inert(hostile_kb: Path) -> None:
    pages = renderer(hostile_kb, linking=True).pages("html")
    for name, text in pages.items():
        assert "<script>window" not in text, name
        assert 'href="javascript:' not in text.lower(), name


def test_site_writer_refuses_paths_outside_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with pytest.raises(SiteError):
        write_site(out, {"index.html": "ok", "../escaped.html": "no"})
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_site_writer_refuses_a_symlink_target(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(SiteError):
        write_site(tmp_path / "link", {"index.html": "ok"})
    assert list(real.iterdir()) == []


def test_ctrl_c_while_a_site_is_swapped_in_leaves_a_site_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal

    from coop.report import site

    out = tmp_path / "site"
    write_site(out, {"index.html": "old"})
    real_rename = os.rename
    calls = []

    def rename_then_ctrl_c(src: str, dst: str) -> None:
        # Ctrl-C lands just after the old site was moved aside, before the
        # new one took its place.
        real_rename(src, dst)
        calls.append(dst)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(site.os, "rename", rename_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        write_site(out, {"index.html": "new"})
    assert (out / "index.html").read_text() == "new"  # the swap was finished first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
