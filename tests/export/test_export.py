"""Exports: keys that hold, a data package Frictionless accepts, Popolo links that
resolve, and never a half-written output."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from query.helpers import FIXTURE, load

from coop import __version__
from coop.export import ExportError, Records, get
from coop.query.image import build_image
from coop.query.tables import TABLES

REPO = Path(__file__).resolve().parents[2]
FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def _check_sqlite(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    return conn


@pytest.mark.parametrize("root", [FIXTURE, REPO], ids=["fixture", "data"])
def test_sqlite_keys_hold(coop, root: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "coop.db"
    run = coop("export", "--format", "sqlite", "--out", str(out), "--kb", str(root))
    assert run.code == 0, run.err
    conn = _check_sqlite(out)
    image = build_image(load(root))
    for table in TABLES:
        count = conn.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
        assert count == len(image.rows[table.name])
        declared = {row[3] for row in conn.execute(f'PRAGMA foreign_key_list("{table.name}")')}
        assert declared == {c.name for c in table.columns if c.references} | {
            name for fk in table.composite_keys for name in fk.columns
        }
        pk = [
            row[1]
            for row in sorted(
                conn.execute(f'PRAGMA table_info("{table.name}")'), key=lambda r: r[5]
            )
            if row[5]
        ]
        assert tuple(pk) == table.primary_key
    assert conn.execute("SELECT count(*) FROM agreements").fetchone()[0] == len(
        load(root).agreements
    )


def test_csv_package_validates_with_frictionless(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "csv"
    run = coop("export", "--format", "csv", "--out", str(out))
    assert run.code == 0, run.err
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["datapackage.json", *(f"{t.name}.csv" for t in TABLES)]
    )
    check = subprocess.run(
        [str(FRICTIONLESS), "validate", str(out / "datapackage.json")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout[-3000:]
    # The same rows as the SQLite image, in the same order.
    image = build_image(load(REPO))
    with (out / "agreement_parties.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        c.name for c in TABLES[[t.name for t in TABLES].index("agreement_parties")].columns
    ]
    assert len(rows) - 1 == len(image.rows["agreement_parties"])
    # Booleans are written true and false (SQLite would give 1 and 0).
    with (out / "commitments.csv").open(encoding="utf-8", newline="") as handle:
        mandatory = {row["mandatory"] for row in csv.DictReader(handle)}
    assert mandatory == {"true", "false"}


def test_frictionless_catches_a_broken_reference(tmp_path: Path) -> None:
    """The descriptor's foreign keys are really checked: break one, validation fails."""
    from frictionless import validate

    out = tmp_path / "csv"
    get("csv")(Records(FIXTURE), out)
    assert validate(str(out / "datapackage.json")).valid
    parties = out / "agreement_parties.csv"
    parties.write_text(parties.read_text().replace("beta-metropole", "nowhere", 1))
    report = validate(str(out / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


def test_json_is_the_whole_knowledge_base(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "coop.json"
    assert coop("export", "-f", "json", "-o", str(out), "--kb", str(FIXTURE)).code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    kb = load(FIXTURE)
    for name in ("territories", "agreements", "bodies", "people", "themes"):
        assert [r["id"] for r in data[name]] == sorted(kb.records[name])
    accord = next(a for a in data["agreements"] if a["id"] == "accord-alpha-beta")
    assert accord["signature"]["date"] == "2016-01-29"
    assert [p["territory"] for p in accord["parties"]] == ["alpha-metropole", "beta-metropole"]
    assert {t["id"] for t in data["territories"]} >= {p["territory"] for p in accord["parties"]}


@pytest.mark.parametrize("root", [FIXTURE, REPO], ids=["fixture", "data"])
def test_json_written_record_by_record_is_the_document_of_the_whole(  # type: ignore[no-untyped-def]
    coop, root: Path, tmp_path: Path
) -> None:
    """Byte for byte what one json.dumps of the whole knowledge base gives."""
    out = tmp_path / "coop.json"
    assert coop("export", "-f", "json", "-o", str(out), "--kb", str(root)).code == 0
    kb = load(root)
    whole: dict[str, object] = {"generator": f"coop {__version__}"}
    for name in ("themes", "territories", "agreements", "bodies", "people"):
        records = kb.records[name]
        whole[name] = [
            records[key].model_dump(mode="json", exclude_none=True) for key in sorted(records)
        ]
    assert out.read_text("utf-8") == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"


def test_popolo_links_resolve(tmp_path: Path) -> None:
    out = tmp_path / "popolo.json"
    get("popolo")(Records(FIXTURE), out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"organizations", "posts", "memberships", "persons"}
    orgs = {o["id"] for o in data["organizations"]}
    persons = {p["id"] for p in data["persons"]}
    posts = {p["id"]: p for p in data["posts"]}
    for post in posts.values():
        assert post["organization_id"] in orgs
    for m in data["memberships"]:
        assert m["organization_id"] in orgs
        assert ("person_id" in m) != ("member" in m)
        assert m.get("person_id", "x") == "x" or m["person_id"] in persons
        assert m.get("member", {}).get("id", next(iter(orgs))) in orgs
        assert "post_id" not in m or posts[m["post_id"]]["organization_id"] == m["organization_id"]
    president = next(
        m
        for m in data["memberships"]
        if m.get("post_id") and posts[m["post_id"]]["role"] == "president"
    )
    assert (president["person_id"], president["organization_id"], president["on_behalf_of_id"]) == (
        "jeanne-martin", "reseau-alpha", "alpha-metropole",
    )  # fmt: skip
    members = sorted(
        m["member"]["id"]
        for m in data["memberships"]
        if m["organization_id"] == "reseau-alpha" and "member" in m
    )
    assert members == ["alpha-metropole", "delta-communes", "gamma-agglo"]


def test_dangling_references_are_left_out_and_counted(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    agreement = root / "data/agreements/accord-alpha-beta.yaml"
    agreement.write_text(
        agreement.read_text().replace("territory: beta-metropole", "territory: nowhere")
    )
    out = tmp_path / "coop.db"
    run = coop("export", "-f", "sqlite", "-o", str(out), "--kb", str(root))
    assert run.code == 0, run.err
    assert "1 references to missing records" in run.err
    conn = _check_sqlite(out)
    assert conn.execute(
        "SELECT territory FROM agreement_parties WHERE agreement = 'accord-alpha-beta' ORDER BY position"
    ).fetchall() == [("alpha-metropole",), (None,)]


def test_csv_replaces_only_its_own_folder(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "important.txt").write_text("keep me")
    run = coop("export", "-f", "csv", "-o", str(mine), "--kb", str(FIXTURE))
    assert run.code == 2
    assert "not an earlier export" in run.err
    assert (mine / "important.txt").read_text() == "keep me"
    out = tmp_path / "csv"
    assert coop("export", "-f", "csv", "-o", str(out), "--kb", str(FIXTURE)).code == 0
    (out / "stale.csv").write_text("old")
    assert coop("export", "-f", "csv", "-o", str(out), "--kb", str(FIXTURE)).code == 0
    assert not (out / "stale.csv").exists()  # replaced whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv", "notes"]  # no staging left


def test_a_failed_export_leaves_the_previous_one_whole(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import coop.export.paths as paths

    out = tmp_path / "csv"
    get("csv")(Records(FIXTURE), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []
    join = paths.safe_join

    def failing(base: Path, *parts: str) -> Path:
        """The third file cannot be written."""
        calls.append(parts)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return join(base, *parts)

    monkeypatch.setattr(paths, "safe_join", failing)
    with pytest.raises(OSError):
        get("csv")(Records(FIXTURE), out)
    assert len(calls) == 3
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv"]


def test_bad_out_paths(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = coop(
        "export", "-f", "sqlite", "-o", str(tmp_path / "missing" / "x.db"), "--kb", str(FIXTURE)
    )
    assert run.code == 2 and "no folder" in run.err
    run = coop("export", "-f", "json", "-o", str(tmp_path), "--kb", str(FIXTURE))
    assert run.code == 2 and "is a folder" in run.err
    run = coop("export", "-f", "xls", "-o", str(tmp_path / "x"), "--kb", str(FIXTURE))
    assert run.code == 2 and "choose one of json, csv, sqlite, popolo" in run.err
    with pytest.raises(ExportError):
        get("popolo")(Records(FIXTURE), tmp_path)


@pytest.mark.parametrize(
    ("fmt", "target"),
    [
        ("json", "data/vocabulary/themes.yaml"),  # would replace the themes
        ("popolo", "data/agreements/export.yaml"),  # would be read as a broken record
        ("sqlite", "coop.yaml"),  # would replace the settings
        ("csv", "data/csv"),
        ("json", "link/territories/x.json"),  # data/ through a symbolic link
    ],
)
def test_an_export_never_writes_into_the_knowledge_base(
    coop, tmp_path: Path, fmt: str, target: str
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    (root / "coop.yaml").write_text("documents: documents\n")
    (root / "link").symlink_to(root / "data")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    run = coop("export", "-f", fmt, "-o", target, cwd=root)
    assert run.code == 2, run.err
    assert "inside the knowledge base" in run.err and "Traceback" not in run.err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("fmt", ["sqlite", "json"])
def test_a_symbolic_link_is_not_written_through(coop, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "real.db"
    target.write_bytes(b"keep")
    link = tmp_path / "link.db"
    link.symlink_to(target)
    run = coop("export", "-f", fmt, "-o", str(link), "--kb", str(FIXTURE))
    assert run.code == 2, run.err
    assert "symbolic link" in run.err and "hint:" in run.err
    assert target.read_bytes() == b"keep" and link.is_symlink()


def test_popolo_leaves_out_what_points_to_missing_records(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A membership of a missing organization or person is left out, a link
    to a missing organization removed, and the memberships numbered after."""
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    club = root / "data/bodies/club-mobilite.yaml"
    club.write_text(
        club.read_text("utf-8")
        .replace("  - territory: gamma-agglo", "  - territory: ghost-town", 1)
        .replace("person: paul-durand", "person: ghost-person", 1),
        "utf-8",
    )
    reseau = root / "data/bodies/reseau-alpha.yaml"
    reseau.write_text(
        reseau.read_text("utf-8").replace("on_behalf_of: alpha-metropole", "on_behalf_of: nowhere"),
        "utf-8",
    )
    out = tmp_path / "popolo.json"
    assert coop("export", "-f", "popolo", "-o", str(out), "--kb", str(root)).code == 0
    memberships = json.loads(out.read_text("utf-8"))["memberships"]
    assert [m["id"] for m in memberships] == [
        f"membership-{i}" for i in range(1, len(memberships) + 1)
    ]
    assert not any(m.get("member", {}).get("id") == "ghost-town" for m in memberships)
    assert not any(m.get("person_id") == "ghost-person" for m in memberships)
    held = [m for m in memberships if m.get("post_id") == "reseau-alpha/post-1"]
    assert held and "on_behalf_of_id" not in held[0]
    assert any(m.get("person_id") == "jeanne-martin" for m in held)
