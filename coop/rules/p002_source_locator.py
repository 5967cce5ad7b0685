"""A source with neither a ``url`` nor a ``document``.

What it checks: every source entry, wherever it appears, says where to find
the evidence: a ``url`` or a ``document`` (a file name in the documents
folder).

Why: a source that cannot be found cannot be checked.

Failing example::

    sources:
      - quote: "signé le 29 janvier 2016"

Passing example::

    sources:
      - document: 000_e0eabf7a569b51ab.txt
        quote: "la signature, le 29 janvier 2016, de l'accord-cadre"
"""

from collections.abc import Iterator

from coop.model import Source
from coop.rules.base import Context, Finding

CODE = "P002"
NAME = "source-locator"


def check(ctx: Context) -> Iterator[Finding]:
    for record in ctx.kb.iter_records():
        for path, source in ctx.kb.instances(record, Source):
            if not source.url and not source.document:
                yield Finding(
                    record,
                    path,
                    "source gives neither a url nor a document",
                    "add `document: <file name>` or `url: https://…`",
                )
