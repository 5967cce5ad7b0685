"""What travels to a worker process, and where a worker writes.

A page's context is pickled with records reduced to their fields
(``coop.report.transport``); the worker writes into the staging folder
through ``Staging``, which checks paths by their names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup

from coop.report import transport
from coop.report.site import Staging
from coop.writing import UnsafePath
from report.helpers import CONTRACT, TARGETS, renderer


def test_a_record_travels_with_its_fields_and_without_its_source() -> None:
    kb = renderer().kb
    agreement = kb.agreements[CONTRACT]
    assert agreement._source is not None
    copy = transport.loads(transport.dumps(agreement))
    assert type(copy) is type(agreement)
    assert copy.model_dump() == agreement.model_dump()
    assert copy.model_fields_set == agreement.model_fields_set
    assert copy._source is None  # the parsed file stays behind
    assert copy._prefix == agreement._prefix
    # Nested models and enums are rebuilt as themselves, not as dicts or strings.
    assert type(copy.parties[0]) is type(agreement.parties[0])
    assert copy.kind is agreement.kind


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_every_page_lays_out_the_same_after_travelling(target: str) -> None:
    notes = renderer(linking=True)
    name, record = notes.resolve(TARGETS[target])
    build = notes.builder.overview if record is None else getattr(notes.builder, name)
    for fmt in ("html", "md"):
        context = build("") if record is None else build(record, "../")
        context["search"] = Markup("[]") if record is None else None
        expected = notes.layout.render(f"{name}.{fmt}.j2", dict(context), fmt)
        travelled = transport.loads(transport.dumps(context))
        assert notes.layout.render(f"{name}.{fmt}.j2", travelled, fmt) == expected


def test_frames_split_back_into_their_messages() -> None:
    messages = [b"", b"a", bytes(range(256)) * 300]
    joined = b"".join(transport.frame(m) for m in messages)
    assert [bytes(view) for view in transport.frames(joined)] == messages


def test_staging_writes_pages_inside_its_folder(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    staging = Staging(root)
    staging.write("territories/x.html", "é")
    staging.write_pieces("index.html", iter(["a", "", "b"]))
    staging.write("a/./b.html", "dot")  # not a plain name: resolved, still inside
    assert (root / "territories" / "x.html").read_bytes() == "é".encode()
    assert (root / "index.html").read_text() == "ab"
    assert (root / "a" / "b.html").read_text() == "dot"


@pytest.mark.parametrize("rel", ["../out.html", "territories/../../out.html", "..//out.html"])
def test_staging_refuses_a_path_leaving_its_folder(tmp_path: Path, rel: str) -> None:
    root = tmp_path / "site"
    root.mkdir()
    with pytest.raises(UnsafePath):
        Staging(root).write(rel, "x")
    assert not (tmp_path / "out.html").exists()


def test_staging_never_overwrites_a_page(tmp_path: Path) -> None:
    staging = Staging(tmp_path)
    staging.write("p.html", "one")
    with pytest.raises(FileExistsError):
        staging.write("p.html", "two")
    assert (tmp_path / "p.html").read_text() == "one"
