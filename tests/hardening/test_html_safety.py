"""A record crafted to attack whoever opens the report runs nothing.

The hostile record's values try every usual way in: a ``<script>``, event
handlers (``onerror``, ``onload``, ``ontoggle``), ``javascript:`` URLs in
links and frames, Markdown links, attribute break-outs, a Jinja expression.
Each script payload would set the page title to ``XSS-RAN`` (a string that
appears nowhere in the source: it is built by concatenation). Headless
Chromium opens the pages, lets them run, and dumps the DOM: the title must be
untouched and no element may carry an injected handler or script. A control
page with a real script proves the browser does run scripts here.

Also: the report writes nothing outside its output folder, and a knowledge
base's own templates run sandboxed (they cannot reach Python internals).
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_coop

from hardening.corpus import BASELINE

RUN = "document.title='XSS'+'-RAN'"
MARKER = "'XSS'+'-RAN'"  # in any injected script or handler
HOSTILE = f"""\
id: hostile
name: "<script>{RUN}</script>Hostile"
kind: commune
aliases:
  - "<img src=x onerror=\\"{RUN}\\">"
  - "\\"><svg onload=\\"{RUN}\\">"
  - "{{{{ 7*7 }}}}"
  - "<details open ontoggle=\\"{RUN}\\">toggle</details>"
sources:
  - url: "javascript:{RUN}"
    title: "<a href=\\"javascript:{RUN}\\">click</a>"
    quote: "</textarea><script>{RUN}</script>"
  - url: "https://example.org/\\"><script>{RUN}</script>"
  - url: " JaVaScRiPt:{RUN}"
notes:
  - text: "{{{{ 7*7 }}}} [lien](javascript:{RUN}) <iframe src=\\"javascript:{RUN}\\"></iframe> <b onmouseover=\\"{RUN}\\">b</b>"
"""
HOSTILE_AGREEMENT = f"""\
id: accord-hostile
title: "<script>{RUN}</script>Accord"
kind: other
status: unknown
parties:
  - territory: hostile
  - territory: sicoval
sources:
  - url: "javascript:{RUN}"
    quote: "<img src=x onerror=\\"{RUN}\\">"
"""


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("no Chromium (apt-get install -y chromium)")
    return found


def _dump_dom(page: Path) -> str:
    """The page's DOM after its scripts ran, as headless Chromium serialises it."""
    proc = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            f"--user-data-dir={page.parent / '.chromium-profile'}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.attrs: list[tuple[str, str, str]] = []  # tag, attribute, value
        self.scripts: list[str] = []  # the text of every script the browser would run
        self.data_blocks: list[str] = []  # <script type="application/json">: data, never run
        self._in: str | None = None
        self._data_block = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag
        self.attrs += [(tag, name, value or "") for name, value in attrs]
        if tag == "script":
            kind = (dict(attrs).get("type") or "").lower()
            self._data_block = kind in {"application/json", "application/ld+json"}

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            (self.data_blocks if self._data_block else self.scripts).append(data)


def _parse(dom: str) -> _Elements:
    parser = _Elements()
    parser.feed(dom)
    return parser


def test_the_browser_check_can_fail(tmp_path: Path) -> None:
    """Control: the same harness on a page whose script does run."""
    page = tmp_path / "control.html"
    page.write_text(
        f"<html><head><title>t</title></head><body><script>{RUN}</script></body></html>"
    )
    assert _parse(_dump_dom(page)).title == "XSS-RAN"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, set[str]]:
    base = tmp_path_factory.mktemp("html")
    root = base / "kb"
    shutil.copytree(BASELINE, root, ignore=shutil.ignore_patterns(".coop-cache"))
    (root / "data/territories/hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    (root / "data/agreements/accord-hostile.yaml").write_text(HOSTILE_AGREEMENT, encoding="utf-8")
    # A crafted file name (it also fails S004: the id cannot hold these characters).
    crafted = root / "data/territories" / '"><img src=x onerror=alert(1)>.yaml'
    crafted.write_text("id: crafted\nname: Crafted\nkind: commune\n", encoding="utf-8")
    before = _tree(base)
    out = base / "site"
    result = run_coop("report", "all", "--format", "html", "--out", str(out), cwd=root)
    assert "Traceback" not in result.err, result.err
    assert result.code == 0, result.err
    return base, out, before


def _tree(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def test_report_writes_only_inside_its_output_folder(site: tuple[Path, Path, set[str]]) -> None:
    base, out, before = site
    after = _tree(base)
    new = {p for p in after - before if not p.startswith(("site/", ".chromium")) and p != "site"}
    assert {p for p in new if ".coop-cache" not in p} == set()
    for page in out.rglob("*"):
        assert page.resolve().is_relative_to(out.resolve())


@pytest.mark.parametrize(
    "page", ["territories/hostile.html", "agreements/accord-hostile.html", "index.html"]
)
def test_hostile_record_runs_no_script(site: tuple[Path, Path, set[str]], page: str) -> None:
    _, out, _ = site
    path = out / page
    assert path.is_file(), sorted(p.name for p in out.rglob("*.html"))
    dom = _dump_dom(path)
    found = _parse(dom)
    assert "XSS-RAN" not in found.title
    assert not any(MARKER in script for script in found.scripts)
    # Data embedded for the search box cannot close its <script> element.
    assert not any("</" in block.lower() or "<!--" in block for block in found.data_blocks)
    for tag, name, value in found.attrs:
        lowered = value.strip().lower()
        assert not (name.startswith("on") and "xss" in lowered), (tag, name, value)
        if name in {"href", "src", "action", "formaction", "data"}:
            assert not lowered.startswith("javascript:"), (tag, name, value)
            assert "xss" not in lowered or lowered.startswith(("http://", "https://")), (tag, value)
    if page.startswith("territories"):
        assert "{{ 7*7 }}" in dom  # shown as text, never evaluated


def test_kb_templates_run_sandboxed(tmp_path: Path) -> None:
    """A template shipped in a knowledge base cannot reach Python's internals."""
    root = tmp_path / "kb"
    shutil.copytree(BASELINE, root, ignore=shutil.ignore_patterns(".coop-cache"))
    canary = tmp_path / "pwned"
    (root / "templates").mkdir()
    (root / "templates/territory.md.j2").write_text(
        "{{ cycler.__init__.__globals__.os.system('touch " + str(canary) + "') }}"
        "{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
        encoding="utf-8",
    )
    result = run_coop("report", "sicoval", cwd=root)
    assert not canary.exists()
    assert "Traceback" not in result.err, result.err
    assert result.code != 0 and result.code != 3, (result.code, result.out, result.err)
