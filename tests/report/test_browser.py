"""The HTML site in a real browser: Debian's headless Chromium, driven
through its chromedriver by selenium.

Outside CI these tests skip, saying why, only when Chromium (or its driver)
is not installed; under CI (CI=true) a missing browser is a failure.
Screenshots go to build/screenshots/ for a human to look at.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, REPO, run_coop

from coop.kb.config import Settings
from coop.validate.engine import load_kb
from report.helpers import CONTRACT, KB
from report.test_safety import HOSTILE_AGREEMENT

SCREENSHOTS = REPO / "build" / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1800",
]


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        _missing("no Chromium installed (apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed (pip install -e '.[dev]')")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tempfile.mkdtemp(prefix="coop-chromium-")
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _kb_root() -> Path:
    """The real knowledge base once it holds agreements, else the fixture."""
    agreements = DATA / "agreements"
    return REPO if agreements.is_dir() and any(agreements.glob("*.yaml")) else KB


def _contract_id(root: Path) -> str:
    """The Toulouse Métropole – Portes de Gascogne reciprocity contract, found
    by what it is rather than by a guessed id."""
    kb, _ = load_kb(root, Settings())
    for agreement in kb.agreements.values():
        names = [kb.territories[r].name for r in agreement.iter_party_refs() if r in kb.territories]
        if (
            agreement.kind == "contrat_reciprocite"
            and "toulouse-metropole" in agreement.iter_party_refs()
            and any("Gascogne" in n for n in names)
        ):
            return agreement.id
    raise AssertionError("no Toulouse Métropole – Portes de Gascogne contract in the KB")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    root = _kb_root()
    started = time.perf_counter()
    result = run_coop("report", "all", "--format", "html", "--out", str(out), "--kb", str(root))
    print(f"site for {root}: {time.perf_counter() - started:.2f}s")
    assert result.code == 0, result.err
    return out


def _full_page_screenshot(driver: Any, path: Path) -> None:
    """The whole page (up to 8000 px tall), not just the window."""
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.set_window_size(1280, min(max(height, 800), 8000))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(path))
    finally:
        driver.set_window_size(1280, 1800)


def _errors(driver: Any) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def _text(driver: Any) -> str:
    return str(driver.execute_script("return document.body.innerText"))


def test_every_page_renders_without_console_errors(browser: Any, site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        browser.get(page.as_uri())
        assert _errors(browser) == [], page.relative_to(site)
        assert browser.find_element("tag name", "h1").text.strip(), page


def test_overview_screenshot_and_text(browser: Any, site: Path) -> None:
    browser.get((site / "index.html").as_uri())
    shot = SCREENSHOTS / "overview.png"
    _full_page_screenshot(browser, shot)
    assert shot.stat().st_size > 20_000
    text = _text(browser)
    for label in ("Rechercher", "En chiffres", "Chronologie", "Qui coopère avec qui"):
        assert label in text
    assert "Toulouse Métropole" in text
    drawings = browser.find_elements("css selector", "svg.drawing")
    assert len(drawings) == 2  # the timeline and the network
    assert _errors(browser) == []


def test_contract_page_screenshot_and_text(browser: Any, site: Path) -> None:
    contract = _contract_id(_kb_root())
    browser.get((site / "agreements" / f"{contract}.html").as_uri())
    shot = SCREENSHOTS / "contract-toulouse-portes-de-gascogne.png"
    _full_page_screenshot(browser, shot)
    assert shot.stat().st_size > 20_000
    title = browser.find_element("tag name", "h1").text
    assert "Toulouse" in title and "Gascogne" in title
    text = _text(browser)
    assert "contrat de réciprocité" in text
    assert "Pays des Portes de Gascogne" in text
    assert "Sources" in text
    # Cross-links: the parties' names lead to their pages.
    link = browser.find_element("link text", "Toulouse Métropole")
    assert link.get_attribute("href").endswith("/territories/toulouse-metropole.html")
    assert _errors(browser) == []


def test_search_box_finds_and_links(browser: Any, site: Path) -> None:
    browser.get((site / "index.html").as_uri())
    box = browser.find_element("id", "search-box")
    box.send_keys("gascogne")
    results = browser.find_elements("css selector", "#search-results a")
    assert results, "the search box found nothing for 'gascogne'"
    assert any("Gascogne" in r.text for r in results)
    results[0].click()
    assert "Gascogne" in browser.find_element("tag name", "h1").text
    assert _errors(browser) == []


def test_prints_to_a4(browser: Any, site: Path) -> None:
    browser.get((site / "index.html").as_uri())
    pdf = browser.execute_cdp_cmd(
        "Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True}
    )
    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF")
    # The print stylesheet's @page asks for A4: 595 x 842 points.
    assert re.search(rb"/MediaBox\s*\[0 0 59[45](\.\d+)? 841(\.\d+)?\]", data)


def test_hostile_record_runs_no_script(browser: Any, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(KB, kb)
    (kb / "data/agreements/hostile.yaml").write_text(HOSTILE_AGREEMENT, encoding="utf-8")
    out = tmp_path / "site"
    result = run_coop("report", "all", "--format", "html", "--out", str(out), "--kb", str(kb))
    assert result.code == 0, result.err
    for page in (out / "agreements" / "hostile.html", out / "index.html"):
        browser.get(page.as_uri())
        assert browser.execute_script("return window.pwned === undefined") is True, page
        scripts = "main script:not([type='application/json']), main img"
        assert browser.find_elements("css selector", scripts) == []
        assert "<script>window.pwned = 1</script>" in _text(browser) or page.name == "index.html"
    assert CONTRACT  # the fixture's own contract is still there
