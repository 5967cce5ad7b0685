"""The stored query image: used while nothing changed, never once something did.

Each test copies the query fixture into a temporary folder and gives coop a
cache of its own. ``loads`` counts the full loads of the knowledge base: a
query answered from the image loads nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

import coop
import coop.validate.cache
from coop.load import prefetch
from coop.load import state as scan
from coop.query import store, stream
from coop.query.errors import SqlError, UnknownId
from coop.query.filters import Filters
from coop.query.loading import load_for_reading
from coop.query.rows import Row
from coop.query.select import select
from query.helpers import FIXTURE

AGREEMENTS = Path("data/agreements")
T = TypeVar("T")


class Setup:
    def __init__(self, root: Path, cache: Path, prefetched: bool) -> None:
        self.root = root
        self.cache = cache
        self.loads = 0
        self.warned: list[int] = []
        # Whether each query starts as the entry point starts it: its files'
        # state taken beside (coop.load.prefetch), none left to scan here.
        self.prefetched = prefetched
        self.scans = 0

    def query(self, collection: str = "agreements", **filters: object) -> list[Row]:
        given = Filters(**filters)  # type: ignore[arg-type]
        self._start(collection)
        return self._scanned(store.filtered_rows(self.root, collection, given, self.warned.append))

    def sql(self, statement: str) -> tuple[list[str], list[Row]]:
        self._start("--sql", statement)
        return self._scanned(store.sql_rows(self.root, statement, self.warned.append))

    def _start(self, *args: str) -> None:
        if self.prefetched:
            prefetch.start([*args, "--kb", str(self.root)])

    def _scanned(self, answer: T) -> T:
        if self.prefetched:
            assert self.scans == 0, "the state taken beside was used"
        return answer

    def fresh(self, collection: str = "agreements", **filters: object) -> list[Row]:
        """The answer of a full load of the files as they are now."""
        kb, _ = load_for_reading(self.root)
        return select(kb, collection, Filters(**filters))  # type: ignore[arg-type]

    def images(self, kind: str = "facts") -> list[Path]:
        return sorted(self.cache.rglob(f"*.{kind}.sqlite"))

    def image(self, kind: str = "facts") -> Path:
        (found,) = self.images(kind)
        return found


@pytest.fixture(params=["scanned", "prefetched"])
def kb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Setup]:
    root = (tmp_path / "kb").resolve()
    shutil.copytree(FIXTURE, root)
    cache = tmp_path / "cache"
    monkeypatch.setenv("COOP_CACHE_DIR", str(cache))
    monkeypatch.delenv("COOP_NO_CACHE", raising=False)
    # The files were just copied: without this, the racy-edit margin would
    # rightly refuse to trust an image built within two seconds of them.
    monkeypatch.setattr(coop.validate.cache, "RACY_MARGIN_NS", 0)
    setup = Setup(root, cache, prefetched=request.param == "prefetched")
    monkeypatch.setattr(prefetch, "can_fork", lambda: True)
    monkeypatch.setattr(scan, "files_state", _counted(scan.files_state, setup, "scans"))
    # Either way of reading the files: as they come, into the facts or the
    # --sql image, or into the records (no cache, no temporary file).
    monkeypatch.setattr(store, "_load", _counted(store._load, setup))
    monkeypatch.setattr(stream.FileByFile, "__iter__", _counted(stream.FileByFile.__iter__, setup))
    yield setup
    prefetch._forget()


def _counted(read, setup: Setup, counter: str = "loads"):  # type: ignore[no-untyped-def]
    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        setattr(setup, counter, getattr(setup, counter) + 1)
        return read(*args, **kwargs)

    return counted


def test_a_second_query_reads_the_image(kb: Setup) -> None:
    first = kb.query(party=["gamma-agglo"])
    assert kb.loads == 1
    assert kb.images(), "the first query stores the image"
    assert kb.query(party=["gamma-agglo"]) == first == kb.fresh(party=["gamma-agglo"])
    assert kb.query("territories", partner_of=["alpha-metropole"]) == kb.fresh(
        "territories", partner_of=["alpha-metropole"]
    )
    assert kb.loads == 1


def test_the_image_lives_in_the_cache_not_in_the_knowledge_base(kb: Setup) -> None:
    before = sorted(p.relative_to(kb.root) for p in kb.root.rglob("*"))
    kb.query()
    assert sorted(p.relative_to(kb.root) for p in kb.root.rglob("*")) == before
    assert kb.image().is_relative_to(kb.cache / "query")


def _edit_party(root: Path) -> None:
    path = root / AGREEMENTS / "entente-gamma-beta.yaml"
    path.write_text(path.read_text("utf-8").replace("gamma-agglo", "alpha-metropole"), "utf-8")


def _delete(root: Path) -> None:
    (root / AGREEMENTS / "entente-gamma-beta.yaml").unlink()


def _rename(root: Path) -> None:
    folder = root / AGREEMENTS
    (folder / "entente-gamma-beta.yaml").rename(folder / "zz-entente.yaml")


def _move_out(root: Path) -> None:
    """Into another collection's folder: no longer an agreement."""
    (root / AGREEMENTS / "entente-gamma-beta.yaml").rename(
        root / "data/bodies/entente-gamma-beta.yaml"
    )


def _add(root: Path) -> None:
    (root / AGREEMENTS / "entente-new.yaml").write_text(
        textwrap.dedent("""\
            id: entente-new
            title: Entente nouvelle
            kind: entente
            status: signed
            parties:
              - territory: gamma-agglo
                role: signatory
            sources:
              - url: https://example.org/fixture
            """),
        "utf-8",
    )


def _touch_same_bytes(root: Path) -> None:
    path = root / AGREEMENTS / "entente-gamma-beta.yaml"
    path.write_bytes(path.read_bytes())


def _config(root: Path) -> None:
    (root / "coop.yaml").write_text("max_file_size: 100\n", "utf-8")  # every file too large


def _themes(root: Path) -> None:
    path = root / "data/vocabulary/themes.yaml"
    path.write_text(path.read_text("utf-8").replace("id: mobilites", "id: transports"), "utf-8")


def _version(root: Path) -> None:
    coop.__version__ = coop.__version__ + ".post1"


@pytest.mark.parametrize(
    "change",
    [_edit_party, _delete, _rename, _move_out, _add, _touch_same_bytes, _config, _themes, _version],
)
def test_any_change_is_seen(
    kb: Setup, change: Callable[[Path], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(coop, "__version__", coop.__version__)  # undone after _version
    kb.query()
    kb.query()
    assert kb.loads == 1
    change(kb.root)
    after = kb.query()
    assert kb.loads == 2, "the image of the files as they were is not used"
    assert after == kb.fresh()
    assert kb.query() == after
    assert kb.loads == 2, "the new image is used in turn"
    assert len(kb.images()) == 1, "the image of the old state is deleted"


def test_a_changed_answer_shows(kb: Setup) -> None:
    before = [row["id"] for row in kb.query(party=["gamma-agglo"])]
    _edit_party(kb.root)
    after = [row["id"] for row in kb.query(party=["gamma-agglo"])]
    assert "entente-gamma-beta" in before
    assert "entente-gamma-beta" not in after


def test_themes_vocabulary_change_reaches_the_checks(kb: Setup) -> None:
    assert kb.query(theme=["mobilites"])
    _themes(kb.root)
    with pytest.raises(UnknownId):
        kb.query(theme=["mobilites"])


def test_an_image_built_right_after_an_edit_is_not_trusted(
    kb: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The racy edit: a file as recent as the image might have changed in the
    same clock tick without changing its size or mtime."""
    monkeypatch.setattr(coop.validate.cache, "RACY_MARGIN_NS", 60 * 10**9)
    kb.query()
    kb.query()
    assert kb.loads == 2
    monkeypatch.setattr(coop.validate.cache, "RACY_MARGIN_NS", 0)
    kb.query()
    kb.query()
    assert kb.loads == 3


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a database at all" * 100)


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _foreign_database(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    conn.close()


def _bad_rows(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE records SET row = '{not json'")
    conn.execute("UPDATE commitments SET row = '[1, 2]'")
    conn.commit()
    conn.close()


def _no_vocabulary(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM meta WHERE name IN ('vocabularies', 'broken')")
    conn.commit()
    conn.close()


def _a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize(
    "damage",
    [_garbage, _truncated, _empty, _foreign_database, _bad_rows, _no_vocabulary, _a_folder],
)
def test_a_damaged_image_is_ignored_and_replaced(kb: Setup, damage: Callable[[Path], None]) -> None:
    expected = kb.query(party=["gamma-agglo"], kind=["entente"])
    commitments = kb.query("commitments")
    damage(kb.image())
    assert kb.query(party=["gamma-agglo"], kind=["entente"]) == expected
    assert kb.query("commitments") == commitments
    assert kb.loads >= 2
    if damage is not _a_folder:  # a folder in the way cannot be replaced: loads go on
        loads = kb.loads
        assert kb.query(party=["gamma-agglo"], kind=["entente"]) == expected
        assert kb.loads == loads, "the image was rebuilt"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_an_unreadable_image_is_ignored(kb: Setup) -> None:
    expected = kb.query()
    kb.image().chmod(0)
    assert kb.query() == expected


def test_an_unwritable_cache_is_no_error(kb: Setup) -> None:
    kb.cache.write_text("a file where the cache folder should be")
    assert kb.query() == kb.fresh()
    assert kb.query() == kb.fresh()
    assert kb.loads == 2


def test_a_link_in_the_cache_is_not_written_through(kb: Setup, tmp_path: Path) -> None:
    kb.query()
    image = kb.image()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"someone else's file")
    image.unlink()
    image.symlink_to(elsewhere)
    assert kb.query() == kb.fresh()
    assert elsewhere.read_bytes() == b"someone else's file"


def test_no_cache_when_asked(kb: Setup, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without a cache, each query writes the facts to a temporary file as
    the files are read (no full load), and leaves nothing behind."""
    monkeypatch.setenv("COOP_NO_CACHE", "1")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    whole: list[object] = []
    monkeypatch.setattr(store, "_load", lambda *args: whole.append(args))
    assert kb.query() == kb.fresh()
    assert kb.query(theme=["mobilites"]) == kb.fresh(theme=["mobilites"])
    assert kb.loads == 2, "the files read twice, into facts"
    assert whole == [], "no full load"
    assert not kb.cache.exists()
    assert not list(temporary.iterdir())


def test_no_cache_and_no_temporary_file_loads_the_records(
    kb: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COOP_NO_CACHE", "1")

    def refuse(*args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", refuse)
    assert kb.query() == kb.fresh()
    assert kb.loads == 1, "a full load"
    assert not kb.cache.exists()


def test_errors_are_the_same_from_the_image(kb: Setup) -> None:
    with pytest.raises(UnknownId) as cold:
        kb.query(party=["gama-agglo"])
    with pytest.raises(UnknownId) as warm:
        kb.query(party=["gama-agglo"])
    assert kb.loads == 1
    assert (str(warm.value), warm.value.hint) == (str(cold.value), cold.value.hint)


def test_the_broken_files_warning_comes_from_the_image_too(kb: Setup) -> None:
    (kb.root / AGREEMENTS / "broken.yaml").write_text("id: [unclosed\n", "utf-8")
    kb.query()
    kb.query()
    assert kb.loads == 1
    assert kb.warned == [1, 1]


def test_sql_reads_the_stored_image(kb: Setup) -> None:
    statement = "SELECT id, kind FROM agreements ORDER BY id"
    first = kb.sql(statement)
    assert kb.images("sql")
    assert kb.sql(statement) == first
    assert kb.loads == 1
    with pytest.raises(SqlError) as error:
        kb.sql("SELECT x FROM nowhere")
    assert "no such table: nowhere" in str(error.value), "the statement's error, not a rebuild"
    assert kb.loads == 1
    _delete(kb.root)
    assert kb.sql(statement) != first
    assert kb.loads == 2


def _table_dropped(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DROP TABLE agreements")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "damage", [_garbage, _truncated, _empty, _foreign_database, _table_dropped, _a_folder]
)
def test_a_damaged_sql_image_is_replaced(kb: Setup, damage: Callable[[Path], None]) -> None:
    statement = "SELECT id FROM agreements ORDER BY id"
    expected = kb.sql(statement)
    damage(kb.image("sql"))
    assert kb.sql(statement) == expected
    if damage is not _a_folder:  # a folder in the way cannot be replaced: loads go on
        loads = kb.loads
        assert kb.sql(statement) == expected
        assert kb.loads == loads


def test_a_filtered_query_leaves_a_stale_sql_image_behind(kb: Setup) -> None:
    """Rebuilding the facts (say, after a racy edit) drops the --sql image of
    the same key: only the facts vouch for the files' state."""
    kb.sql("SELECT 1")
    facts = kb.image()
    facts.unlink()
    kb.query()
    assert not kb.images("sql")


WARM_IMPORTS = """
import sys
from coop.cli.errors import find_kb_root
from coop.query.filters import Filters
from coop.query.store import filtered_rows

rows = filtered_rows(
    find_kb_root(None, None), "agreements",
    Filters(party=["gamma-agglo"], theme=["mobilites"], in_force_on=["2024-03-01"]),
    lambda broken: None,
)
assert [r["id"] for r in rows] == ["projet-reseau-alpha-2023"], rows
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "ruamel", "rich")
               or m.startswith(("coop.model", "coop.kb", "coop.validate.engine")))
print(" ".join(heavy))
"""


def test_the_warm_path_imports_neither_the_model_nor_pydantic(tmp_path: Path) -> None:
    env = {**os.environ, "COOP_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("COOP_NO_CACHE", None)

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", WARM_IMPORTS],
            cwd=FIXTURE / "data" / "agreements",  # the root is found upward
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert "pydantic" in run()  # the first run loads the files
    assert run() == ""


def test_the_cli_answers_from_the_image(tmp_path: Path) -> None:
    from conftest import run_coop

    env = {"COOP_CACHE_DIR": str(tmp_path / "cache")}
    args = ("query", "agreements", "--party", "gamma-agglo", "--kb", str(FIXTURE), "-f", "json")
    first = run_coop(*args, env=env)
    (image,) = (tmp_path / "cache").rglob("*.facts.sqlite")
    stamp = (image.stat().st_ino, image.stat().st_mtime_ns)
    second = run_coop(*args, env=env)
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    assert (image.stat().st_ino, image.stat().st_mtime_ns) == stamp, "not rebuilt"


def test_the_key_follows_the_code_that_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing coop's loading or query code gives another key (an edited
    checkout keeps the version); editing a report template does not."""
    package = tmp_path / "coop"
    for rel in ("__init__.py", "query/answer.py", "model/agreement.py", "report/render.py"):
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text("# code\n")
    monkeypatch.setattr(coop, "__file__", str(package / "__init__.py"))
    before = store._key("files")
    (package / "report/render.py").write_text("# other layout\n")
    assert store._key("files") == before
    (package / "query/answer.py").write_text("# other answers\n")
    assert store._key("files") != before
    assert store._key("other files") != store._key("files")


def test_old_half_built_images_are_cleared(kb: Setup) -> None:
    kb.query()
    folder = kb.image().parent
    killed = folder / ".0123.facts.sqlite.abc.tmp"  # a build killed long ago
    building = folder / ".4567.facts.sqlite.def.tmp"  # another process building now
    for path in (killed, building):
        path.write_bytes(b"half")
    os.utime(killed, (1, 1))
    _edit_party(kb.root)
    kb.query()
    assert not killed.exists()
    assert building.exists()
