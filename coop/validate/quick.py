"""Answer a validation from the last run's summary when nothing it depends on changed.

On a national knowledge base most runs change nothing (CI on an unrelated
commit, an analyst re-running after reading the report). Such a run only has
to stat every file and compare; importing the data model and the rules
(pydantic builds ~0.3 s of schemas) would cost more than everything else, so
this module and what it imports stay free of them.

The summary records the inputs a run depended on besides the files (see
``Summary``): the tool's own files, the evaluation date, coop.yaml's bytes,
the documents folder's listing, the reference data. Any difference, and the
caller runs the engine as usual.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from coop.diagnostics import Diagnostic, Severity
from coop.load.scan import Found
from coop.load.state import FilesState
from coop.validate.cache import Summary, ValidationCache, stat_fingerprint, tool_fingerprint
from coop.validate.finish import finish, lines_for
from coop.validate.outcome import Options, Result

# Kinds of watched inputs and how their signature is taken.
BYTES = "bytes"  # a small file's content digest (coop.yaml, the COG copy)
LISTING = "listing"  # the names of the regular files of a folder (documents)


def signature(kind: str, path: str) -> str:
    """What is compared between runs for one watched input; "absent" if missing."""
    try:
        if kind == BYTES:
            with open(path, "rb") as handle:
                return hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
        if kind == LISTING:
            with os.scandir(path) as it:
                names = sorted(e.name for e in it if e.is_file())
            text = "\x1f".join(names).encode("utf-8", "surrogateescape")
            return hashlib.blake2b(text, digest_size=16).hexdigest()
    except OSError:
        return "absent"
    raise ValueError(f"unknown kind of watched input: {kind}")


def watch(kind: str, path: Path | str) -> tuple[str, str, str]:
    return (kind, str(path), signature(kind, str(path)))


def last_summary(root: Path) -> Summary | None:
    """The last run's summary, as the answers below read it (its inputs are
    checked against the summary's own record of them, not the cache key)."""
    return ValidationCache(root, key="", enabled=True).load_summary(keyed=False)


def answer_from_state(
    root: Path, options: Options, state: FilesState, summary: Summary | None = None
) -> Result | None:
    """The last run's result if the files' state is the one it recorded (and
    nothing else it depends on changed), else None.

    Cheaper than :func:`answer`: the state takes one ``stat`` per file and no
    sorting nor per-file objects. It was recorded before the last run read any
    file, so a file edited during that run shows as a change; a file edited
    within the racy margin of that run is never trusted (as in :func:`answer`).
    """
    summary = summary or last_summary(root)
    if (
        summary is None
        or summary.files_state is None
        or summary.files_state != state.digest
        or state.newest_ns >= summary.trusted_before_ns
        or not inputs_unchanged(summary, options)
    ):
        return None
    return _result(root, options, summary)


def answer(
    root: Path, options: Options, jobs: list[Found], summary: Summary | None = None
) -> Result | None:
    """The last run's result if it still holds for these files and options, else None.

    ``summary``: the last run's, when the caller read it already."""
    summary = summary or last_summary(root)
    if summary is None or not _still_valid(summary, options, jobs):
        return None
    return _result(root, options, summary)


def _result(root: Path, options: Options, summary: Summary) -> Result:
    rows = [*summary.rows, *summary.config_rows]
    severities = {code: Severity(value) for code, value in summary.severities.items()}
    diagnostics = finish(
        (Diagnostic(*row) for row in rows), severities, options, summary.suppressions, root
    )
    return Result(
        root,
        diagnostics,
        len(summary.files),
        summary.records,
        files=summary.files,
        lines=lines_for(diagnostics, root),
        reference=summary.reference,
    )


def inputs_unchanged(summary: Summary, options: Options) -> bool:
    """Whether every input of the last run besides the record files is the same."""
    if not summary.tool or summary.tool != tool_fingerprint():
        return False
    if summary.as_of != options.as_of.isoformat():
        return False
    return all(signature(kind, path) == sig for kind, path, sig in summary.watched)


def _still_valid(summary: Summary, options: Options, jobs: list[Found]) -> bool:
    if not inputs_unchanged(summary, options):
        return False
    newest = max((job.mtime_ns for job in jobs), default=0)
    if newest >= summary.trusted_before_ns:  # edited within the racy margin: check contents
        return False
    return summary.stat_fingerprint == stat_fingerprint(jobs)
