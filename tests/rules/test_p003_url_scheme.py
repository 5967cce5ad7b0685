"""P003 url-scheme: only http(s) URLs with a host."""

import pytest

from rules.helpers import check

FILE = "data/territories/x.yaml"


def territory(url: str) -> str:
    return f"id: x\nname: X\nkind: ca\nsources:\n  - url: '{url}'\n"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://",
        "ftp://x.fr/a",
        "www.x.fr",
        "http://[::1",
    ],
)
def test_not_a_web_address(tmp_path, url):
    (d,) = check(tmp_path, "P003", {FILE: territory(url)}, [(5, 10)])
    assert "not an http or https address" in d.message


@pytest.mark.parametrize(
    "url", ["https://www.toulouse-metropole.fr/", "http://example.org/a?b=c", "HTTPS://X.FR/"]
)
def test_web_address_passes(tmp_path, url):
    check(tmp_path, "P003", {FILE: territory(url)}, [])
