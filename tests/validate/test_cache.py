"""The cache and the worker processes never change what validation reports."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

import coop
from coop.validate import cache as cache_module
from coop.validate.cache import cache_folder
from coop.validate.engine import Options, validate

AS_OF = dt.date(2026, 11, 22)


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _make_kb(root: Path, territories: int = 60, agreements: int = 40) -> None:
    """A small KB with clean records and a sprinkling of every kind of problem."""
    _write(root, "coop.yaml", "documents: documents\n")
    _write(root, "documents/source.txt", "source\n")
    _write(root, "data/vocabulary/themes.yaml", "themes:\n  - id: mobilite\n    label: Mobilités\n")
    source = "sources:\n  - document: source.txt\n"
    for i in range(territories):
        _write(root, f"data/territories/t{i}.yaml", f"id: t{i}\nname: T {i}\nkind: other\n{source}")
    for i in range(agreements):
        a, b = f"t{i % territories}", f"t{(i * 7 + 1) % territories}"
        if i % 9 == 0:
            b = f"missing{i}"  # R002
        extra = "titel: typo\n" if i % 11 == 0 else ""  # S001
        date = "2016-02-30" if i % 13 == 0 else "2016-01-29"  # D001
        _write(
            root,
            f"data/agreements/a{i}.yaml",
            f"id: a{i}\ntitle: Accord {i}\nkind: accord_cadre\nstatus: signed\n"
            f"parties:\n  - territory: {a}\n  - territory: {b}\n"
            f"signature:\n  date: {date}\nthemes: [mobilite]\n{extra}{source}",
        )
    _write(root, "data/people/dup.yaml", f"id: t1\nname: Duplicate id\n{source}")  # R001, S004


def _rows(root: Path, **options: object) -> list[tuple[str, int, int, str, str]]:
    result = validate(root, Options(as_of=AS_OF, **options))  # type: ignore[arg-type]
    return [(d.path, d.line, d.col, d.code, d.message) for d in result.diagnostics]


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COOP_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "kb"
    _make_kb(root)
    return root


def _cache(kb: Path) -> Path:
    return cache_folder(kb)


def test_problems_are_found(kb: Path) -> None:
    codes = {row[3] for row in _rows(kb, use_cache=False)}
    assert {"R001", "R002", "S001", "S004", "D001"} <= codes


def test_same_results_with_and_without_cache_and_any_number_of_processes(kb: Path) -> None:
    reference = _rows(kb, use_cache=False, jobs=1)
    assert reference
    assert _rows(kb, use_cache=False, jobs=2, min_parallel=1) == reference
    assert _rows(kb, jobs=2, min_parallel=1) == reference  # fills the cache
    assert (_cache(kb) / "summary").is_file()
    assert not (kb / ".coop-cache").exists()  # never inside the knowledge base
    assert _rows(kb) == reference  # summary fast path
    assert _rows(kb, jobs=1) == reference


def _age_cache(root: Path) -> None:
    """Make every file look older than the racy margin, so stats are trusted."""
    old = 1_600_000_000_000_000_000
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(old, old))


def test_edited_file_is_checked_again(kb: Path) -> None:
    _age_cache(kb)
    before = _rows(kb)
    assert not any(r[0] == "data/agreements/a1.yaml" for r in before)
    path = kb / "data/agreements/a1.yaml"
    text = path.read_text().replace("territory: t1\n", "territory: nowhere\n", 1)
    stat = path.stat()
    path.write_text(text)
    # Same size is not enough to be trusted: restore the old mtime too.
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = _rows(kb)
    assert after == _rows(kb, use_cache=False)
    assert any(r[0] == "data/agreements/a1.yaml" and r[3] == "R002" for r in after)


def test_edit_within_the_racy_margin_is_not_trusted(kb: Path) -> None:
    _rows(kb)  # cache written now: every file is too recent to trust by stat
    path = kb / "data/agreements/a2.yaml"
    text = path.read_text().replace("kind: accord_cadre", "kind: accord_cadrX")
    stat = path.stat()
    path.write_text(text)  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same mtime
    assert _rows(kb) == _rows(kb, use_cache=False)
    assert any(r[0] == "data/agreements/a2.yaml" and r[3] == "S003" for r in _rows(kb))


def test_deleted_file_changes_references_elsewhere(kb: Path) -> None:
    _age_cache(kb)
    _rows(kb)
    (kb / "data/territories/t5.yaml").unlink()
    after = _rows(kb)
    assert after == _rows(kb, use_cache=False)
    assert any(r[3] == "R002" and "'t5'" in r[4] for r in after)


def test_renamed_file_is_not_served_from_its_old_name(kb: Path) -> None:
    _age_cache(kb)
    _rows(kb)
    (kb / "data/territories/t7.yaml").rename(kb / "data/territories/t7-bis.yaml")
    after = _rows(kb)
    assert after == _rows(kb, use_cache=False)
    assert any(r[0] == "data/territories/t7-bis.yaml" and r[3] == "S004" for r in after)


def test_new_tool_version_invalidates_the_cache(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _age_cache(kb)
    _rows(kb)
    # Corrupt a cached result on purpose: a new version must not read it.
    monkeypatch.setattr(cache_module, "__version__", coop.__version__ + ".dev1")
    (kb / "data/agreements/a3.yaml").write_text("id: a3\n")  # now missing keys
    _age_cache(kb)
    assert any(r[0] == "data/agreements/a3.yaml" and r[3] == "S002" for r in _rows(kb))


def test_other_evaluation_date_is_not_served_from_cache(kb: Path) -> None:
    _write(
        kb,
        "data/agreements/old.yaml",
        "id: old\ntitle: Old\nkind: accord_cadre\nstatus: in_force\n"
        "parties:\n  - territory: t1\n  - territory: t2\n"
        "signature:\n  date: 2016-01-29\nend: 2020-12-31\nsources:\n  - document: source.txt\n",
    )
    early = validate(kb, Options(as_of=dt.date(2019, 1, 1)))
    late = validate(kb, Options(as_of=dt.date(2021, 1, 1)))
    assert not any(d.code == "D004" and d.path.endswith("old.yaml") for d in early.diagnostics)
    assert any(d.code == "D004" and d.path.endswith("old.yaml") for d in late.diagnostics)


def test_corrupt_cache_is_ignored(kb: Path) -> None:
    reference = _rows(kb)
    stored = [
        _cache(kb) / "summary",
        *(_cache(kb) / "xref").iterdir(),
        *(_cache(kb) / "shards").iterdir(),
    ]
    assert len(stored) > 3
    for path in stored:
        path.write_bytes(b"\x00garbage")
    assert _rows(kb) == reference


def test_cli_no_cache_flag_writes_no_cache(kb: Path, coop) -> None:  # type: ignore[no-untyped-def]
    env = {"COOP_CACHE_DIR": os.environ["COOP_CACHE_DIR"]}
    run = coop("validate", "--no-cache", "--kb", str(kb), env=env)
    assert run.code == 1
    assert not _cache(kb).exists()
    assert coop("validate", "--kb", str(kb), "--jobs", "2", env=env).code == 1
    assert (_cache(kb) / "summary").is_file()


def test_cache_is_per_knowledge_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOP_CACHE_DIR", str(tmp_path / "cache"))
    assert cache_folder(tmp_path / "a") != cache_folder(tmp_path / "b")
    assert cache_folder(tmp_path / "a").is_relative_to(tmp_path / "cache")


# A run that changes nothing is answered from the summary alone (coop.validate.quick);
# each input it depends on besides the files must be noticed.


def _answered_quickly(kb: Path, **options: object) -> bool:
    from coop.validate import quick
    from coop.validate.engine import scan

    chosen = Options(**{"as_of": AS_OF, **options})  # type: ignore[arg-type]
    return quick.answer(kb, chosen, scan(kb)) is not None


def test_unchanged_run_is_answered_from_the_summary(kb: Path) -> None:
    first = _rows(kb)
    _age_cache(kb)
    _rows(kb)  # writes a summary that the racy margin no longer protects
    assert _answered_quickly(kb)
    assert _rows(kb) == first
    assert _rows(kb, select=["R"]) == [r for r in first if r[3].startswith("R")]


def test_settings_change_is_not_answered_from_the_summary(kb: Path) -> None:
    _age_cache(kb)
    before = _rows(kb)
    assert any(r[3] == "R002" for r in before)
    (kb / "coop.yaml").write_text("documents: documents\nseverity:\n  R002: off\n")
    assert not _answered_quickly(kb)
    after = _rows(kb)
    assert after == [r for r in before if r[3] != "R002"]
    _age_cache(kb)
    _rows(kb)
    assert _answered_quickly(kb)
    assert _rows(kb) == after


def test_documents_listing_change_is_not_answered_from_the_summary(kb: Path) -> None:
    _age_cache(kb)
    _rows(kb)
    assert _answered_quickly(kb)
    (kb / "documents/source.txt").rename(kb / "documents/other.txt")
    assert not _answered_quickly(kb)
    assert any(r[3] == "P004" for r in _rows(kb))


def test_new_evaluation_date_or_tool_is_not_answered_from_the_summary(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _age_cache(kb)
    _rows(kb)
    assert _answered_quickly(kb)
    assert not _answered_quickly(kb, as_of=AS_OF + dt.timedelta(days=1))

    monkeypatch.setattr(cache_module, "__version__", coop.__version__ + ".dev1")
    assert not _answered_quickly(kb)


def test_a_kb_local_reference_copy_is_not_answered_from_the_summary(kb: Path) -> None:
    _age_cache(kb)
    _rows(kb)
    assert _answered_quickly(kb)
    (kb / "reference").mkdir()
    (kb / "reference/cog-2026.json.gz").write_bytes(b"not really")
    assert not _answered_quickly(kb)


def test_answering_from_the_summary_imports_neither_the_model_nor_the_rules(kb: Path) -> None:
    import subprocess
    import sys

    _age_cache(kb)
    _rows(kb)
    probe = (
        "import sys, datetime as dt\n"
        "from pathlib import Path\n"
        "from coop.validate.engine import Options, scan\n"
        "from coop.validate import quick\n"
        f"root = Path({str(kb)!r})\n"
        "result = quick.answer(root, Options(as_of=dt.date(2026, 11, 22)), scan(root))\n"
        "assert result is not None and result.diagnostics\n"
        "print(sorted(m for m in ('pydantic', 'coop.model', 'coop.rules') "
        "if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=kb
    )
    assert out.stdout.strip() == "[]"
