"""A cited document that is not in the documents folder.

What it checks: when ``coop.yaml`` sets ``documents:`` (a folder of source
documents), each ``document`` cited is a plain file name found in it.

Why: a reader checks a fact by opening the cited document; a misspelt or
missing file breaks that chain.

Failing example (with ``documents: documents`` in coop.yaml)::

    sources:
      - document: 002_224ff159bc164a5.txt

Passing example::

    sources:
      - document: 002_224ff159bc164a52.txt
"""

import difflib
from collections.abc import Iterator

from coop.model import Source
from coop.rules.base import Context, Finding

CODE = "P004"
NAME = "document-not-found"


def check(ctx: Context) -> Iterator[Finding]:
    folder_name = ctx.kb.settings.documents
    if not folder_name:
        return
    folder = ctx.kb.root / folder_name
    if not folder.is_dir():
        return  # one C001 on coop.yaml says so, not one P004 per citation
    available = sorted(p.name for p in folder.iterdir() if p.is_file())
    names = set(available)
    for record in ctx.kb.iter_records():
        for path, source in ctx.kb.instances(record, Source):
            document = source.document
            if document is None or document in names:
                continue
            if "/" in document or "\\" in document or document in {".", ".."}:
                message = f"document {document!r} must be a file name, not a path"
            else:
                message = f"document {document!r} is not in {folder_name}/"
            close = difflib.get_close_matches(document, available, n=1)
            yield Finding(
                record,
                (*path, "document"),
                message,
                f"did you mean {close[0]!r}?" if close else f"add the file to {folder_name}/",
            )
