"""The record's id differs from its file name.

What it checks: ``id`` equals the file's name without ``.yaml``.

Why: analysts find records by file name and references by id; if they differ,
one of the two lies, and a rename goes half-done.

Failing example: ``data/territories/sicoval.yaml`` holding ``id: ca-sicoval``.

Passing example: ``data/territories/sicoval.yaml`` holding ``id: sicoval``.
"""

from collections.abc import Iterator

from coop.model import COLLECTIONS
from coop.rules.base import Context, Finding

CODE = "S004"
NAME = "id-mismatch"


def check(ctx: Context) -> Iterator[Finding]:
    for record in ctx.kb.iter_records(COLLECTIONS):
        stem = record.source_file.stem
        if record.id != stem:
            yield Finding(
                record,
                ("id",),
                f"id {record.id!r} differs from the file name {stem!r}",
                f"rename the file to {record.id}.yaml, or use `coop rename {record.id} {stem}`",
            )
