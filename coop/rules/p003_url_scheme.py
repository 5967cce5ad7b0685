"""A source URL that is not an http or https address.

What it checks: ``url`` values start with ``http://`` or ``https://`` and name
a host.

Why: reports turn URLs into links; a ``javascript:`` or ``file:`` URL would be
an attack on the reader, a malformed one a dead link.

Failing example::

    url: javascript:alert(1)

Passing example::

    url: https://www.toulouse-metropole.fr/
"""

from collections.abc import Iterator
from urllib.parse import urlsplit

from coop.model import Source
from coop.rules.base import Context, Finding

CODE = "P003"
NAME = "url-scheme"


def is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def check(ctx: Context) -> Iterator[Finding]:
    for record in ctx.kb.iter_records():
        for path, source in ctx.kb.instances(record, Source):
            if source.url is not None and not is_web_url(source.url):
                yield Finding(
                    record,
                    (*path, "url"),
                    f"{source.url[:60]!r} is not an http or https address",
                    "only http:// and https:// addresses are accepted",
                )
