"""A re-run of ``coop report all`` links the old site's unchanged pages.

The new site must be the one a fresh run writes, byte for byte; a page is
shared with the old site only when it is a plain file of this user, with
the mode a new page gets, no other name, and exactly the new bytes.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from coop.report.api import ReportRequest, run
from coop.report.reuse import PreviousSite
from coop.report.site import MARKER, Staging, _umask, write_site
from report.helpers import AS_OF, KB, site_tree

PAGE = b"<p>Lorient</p>\n"


def _mode() -> int:
    return 0o666 & ~_umask()


def _old_site(tmp_path: Path, content: bytes = PAGE) -> Path:
    old = tmp_path / "old"
    (old / "territories").mkdir(parents=True)
    page = old / "territories" / "lorient.html"
    page.write_bytes(content)
    page.chmod(_mode())
    return old


def _take(old: Path, target: Path, data: bytes = PAGE) -> bool:
    previous = PreviousSite(str(old), _mode())
    try:
        return previous.link_same(["territories", "lorient.html"], data, str(target))
    finally:
        previous.close()


def _same_file(a: Path, b: Path) -> bool:
    return os.path.samestat(os.lstat(a), os.lstat(b))


def test_the_same_page_is_linked(tmp_path: Path) -> None:
    old = _old_site(tmp_path)
    target = tmp_path / "new.html"
    assert _take(old, target)
    assert _same_file(target, old / "territories" / "lorient.html")
    assert target.read_bytes() == PAGE


@pytest.mark.parametrize(
    "data",
    [PAGE + b"x", PAGE[:-1] + b"!", b""],
    ids=["longer", "same-size", "empty"],
)
def test_a_different_page_is_not_linked(tmp_path: Path, data: bytes) -> None:
    old = _old_site(tmp_path)
    target = tmp_path / "new.html"
    assert not _take(old, target, data)
    assert not target.exists()


def test_a_page_with_another_name_is_not_shared(tmp_path: Path) -> None:
    # A backup made with `cp -al` would change with the new site.
    old = _old_site(tmp_path)
    os.link(old / "territories" / "lorient.html", tmp_path / "backup.html")
    assert not _take(old, tmp_path / "new.html")


def test_a_page_with_other_permissions_is_not_linked(tmp_path: Path) -> None:
    old = _old_site(tmp_path)
    (old / "territories" / "lorient.html").chmod(0o600)
    assert _mode() != 0o600
    assert not _take(old, tmp_path / "new.html")


def test_a_symbolic_link_in_the_old_site_is_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_bytes(PAGE)
    elsewhere.chmod(_mode())
    old = tmp_path / "old"
    (old / "territories").mkdir(parents=True)
    (old / "territories" / "lorient.html").symlink_to(elsewhere)
    target = tmp_path / "new.html"
    assert not _take(old, target)
    assert not target.exists() and not target.is_symlink()
    assert os.stat(elsewhere).st_nlink == 1


def test_a_linked_folder_in_the_old_site_is_not_followed(tmp_path: Path) -> None:
    real = _old_site(tmp_path)
    old = tmp_path / "linked"
    old.mkdir()
    (old / "territories").symlink_to(real / "territories")
    assert not _take(old, tmp_path / "new.html")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_in_the_old_site_does_not_block(tmp_path: Path) -> None:
    old = tmp_path / "old"
    (old / "territories").mkdir(parents=True)
    os.mkfifo(old / "territories" / "lorient.html")
    assert not _take(old, tmp_path / "new.html")  # returns: nothing opened it for writing


def test_no_old_folder_means_nothing_linked(tmp_path: Path) -> None:
    assert not _take(tmp_path / "missing", tmp_path / "new.html")


def test_staging_links_what_is_unchanged_and_writes_the_rest(tmp_path: Path) -> None:
    old = _old_site(tmp_path)
    (old / "territories" / "vannes.html").write_bytes(b"<p>old Vannes</p>\n")
    (old / "territories" / "vannes.html").chmod(_mode())
    new = tmp_path / "new"
    new.mkdir()
    staging = Staging(new, str(old))
    staging.write("territories/lorient.html", PAGE.decode())
    staging.write("territories/vannes.html", "<p>new Vannes</p>\n")
    staging.write("territories/auray.html", "<p>Auray</p>\n")
    staging.close()
    assert _same_file(new / "territories" / "lorient.html", old / "territories" / "lorient.html")
    assert not _same_file(new / "territories" / "vannes.html", old / "territories" / "vannes.html")
    assert (new / "territories" / "vannes.html").read_text() == "<p>new Vannes</p>\n"
    assert (old / "territories" / "vannes.html").read_text() == "<p>old Vannes</p>\n"
    assert (new / "territories" / "auray.html").read_text() == "<p>Auray</p>\n"
    for page in (new / "territories").iterdir():
        assert stat.S_IMODE(page.stat().st_mode) == _mode()


def test_rewriting_a_site_keeps_unchanged_pages_and_drops_the_old_folder(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site(out, {"index.html": "<p>index</p>\n", "a/one.html": "1\n", "a/two.html": "2\n"})
    before = {name: os.stat(out / name).st_ino for name in ("index.html", "a/one.html")}
    write_site(out, {"index.html": "<p>index</p>\n", "a/one.html": "1 changed\n"})
    assert os.stat(out / "index.html").st_ino == before["index.html"]
    assert os.stat(out / "index.html").st_nlink == 1  # the old site's name is gone
    assert (out / "a" / "one.html").read_text() == "1 changed\n"
    assert not (out / "a" / "two.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no old or staging folder


def _inodes(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_ino
        for p in root.rglob("*")
        if p.is_file() and p.name != MARKER
    }


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_rerun_gives_a_fresh_runs_site_and_shares_unchanged_pages(
    tmp_path: Path, jobs: int
) -> None:
    copy_kb = tmp_path / "kb"
    shutil.copytree(KB, copy_kb)

    def report(out: Path) -> None:
        request = ReportRequest(
            root=copy_kb, target="all", fmt="html", as_of=AS_OF, out=out, jobs=jobs, min_parallel=1
        )
        assert run(request).written == out

    out = tmp_path / "site"
    report(out)
    first, first_pages = _inodes(out), site_tree(out)
    agreement = next(iter(sorted((copy_kb / "data" / "agreements").glob("*.yaml"))))
    text = agreement.read_text(encoding="utf-8")
    assert "title: " in text
    agreement.write_text(text.replace("title: ", "title: Nouveau ", 1), encoding="utf-8")
    report(out)
    report(tmp_path / "fresh")
    pages = site_tree(out)
    assert pages == site_tree(tmp_path / "fresh")
    second = _inodes(out)
    assert sorted(second) == sorted(first)
    rewritten = {name for name in first if second[name] != first[name]}
    edited = {name for name in first if pages[name] != first_pages[name]}
    # Exactly the record pages whose text changed were written again; every
    # other one is the old site's file. The index and the theme pages are
    # written in pieces as they are laid out (up to ~16 MB), never compared.
    assert edited <= rewritten
    assert all(name == "index.html" or name.startswith("themes/") for name in rewritten - edited)
    assert any(name.startswith("territories/") for name in first)
    assert not any(name.startswith("territories/") for name in rewritten - edited)
    assert f"agreements/{agreement.stem}.html" in edited
    assert len(edited) < len(first) / 2
