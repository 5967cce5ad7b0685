"""Y013 unreadable-file: links out of the KB, directories named *.yaml, FIFOs."""

import os

import pytest

from rules.helpers import check, write_kb


def test_symlink_pointing_outside_the_kb(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("id: x\nname: Secret\n")
    root = write_kb(tmp_path / "kb")
    os.symlink(outside / "secret.yaml", root / "data/people/x.yaml")
    (d,) = check(root, "Y013", {}, [("data/people/x.yaml", 1, 1)])
    assert "outside" in d.message


def test_dangling_symlink(tmp_path):
    root = write_kb(tmp_path)
    os.symlink(root / "nowhere.yaml", root / "data/people/x.yaml")
    check(root, "Y013", {}, [("data/people/x.yaml", 1, 1)])


def test_directory_named_like_a_record(tmp_path):
    root = write_kb(tmp_path)
    (root / "data/agreements/accord.yaml").mkdir(parents=True)
    (d,) = check(root, "Y013", {}, [("data/agreements/accord.yaml", 1, 1)])
    assert "directory" in d.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_is_refused_without_blocking(tmp_path):
    root = write_kb(tmp_path)
    os.mkfifo(root / "data/people/pipe.yaml")
    check(root, "Y013", {}, [("data/people/pipe.yaml", 1, 1)])


def test_symlink_inside_the_kb_is_followed(tmp_path):
    root = write_kb(tmp_path)
    (root / "elsewhere").mkdir()
    (root / "elsewhere/x.yaml").write_text(
        "id: x\nname: X\nsources: [{document: deliberation.txt}]\n"
    )
    os.symlink(root / "elsewhere/x.yaml", root / "data/people/x.yaml")
    check(root, "Y013", {}, [])
