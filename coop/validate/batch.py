"""Check a batch of files on their own: parse, validate records, run record rules.

The result of each file depends only on its content, its path and the
context (settings, evaluation date, reference data), which is what makes it
cacheable and lets batches run in parallel processes.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coop.kb.config import Settings
from coop.kb.index import KnowledgeBase
from coop.load.files import Found, SourceFile, parse_text
from coop.load.reading import read_at_most, too_large_problem
from coop.load.yaml_reader import YamlProblem
from coop.model import Territory
from coop.reference import cog as reference
from coop.reference.cog import COG_KINDS, Cog, entity_key
from coop.reference.match import identify
from coop.rules import RULES
from coop.rules.base import Context, Finding, follows_from_dropped
from coop.rules.i003_cog_unknown import territory_codes
from coop.validate.index import Site
from coop.validate.results import DeclarationRow, DiagnosticRow, FileResult, ReferenceRow

# A file to check, with what the scan learnt of it (path, size, mtime, problem).
Job = Found


@dataclass(frozen=True)
class Checked:
    rel: str
    size: int
    mtime_ns: int
    digest: str
    result: FileResult

    @property
    def entry(self) -> tuple[int, int, str, tuple[object, ...]]:
        """What the cache keeps of it (coop.validate.cache.FileEntry)."""
        return (self.size, self.mtime_ns, self.digest, self.result.to_builtin())


def digest_of(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def check_batch(
    jobs: Sequence[Job], root: Path, settings: Settings, as_of: dt.date
) -> list[Checked]:
    """Read and check every file of the batch."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # many long-lived small objects, no cycles worth collecting
    try:
        return _check(jobs, root, settings, as_of)
    finally:
        if gc_was_enabled:
            gc.enable()


def _check(jobs: Sequence[Job], root: Path, settings: Settings, as_of: dt.date) -> list[Checked]:
    sources: list[SourceFile] = []
    digests: dict[str, str] = {}
    for job in jobs:
        source, digest = _read(job, settings.max_file_size)
        sources.append(source)
        digests[source.rel] = digest
    rows: dict[str, list[DiagnosticRow]] = defaultdict(list)
    for source in sources:
        rows[source.rel].extend(_row(p) for p in (*source.problems, *source.suppression_problems))
    declarations: dict[str, list[DeclarationRow]] = defaultdict(list)
    references: dict[str, list[ReferenceRow]] = defaultdict(list)
    records: dict[str, int] = defaultdict(int)
    for group in _distinct_id_groups(sources):
        kb, record_problems = KnowledgeBase.build(root, settings, group)
        for source, problem in record_problems:
            rows[source.rel].append(_row(problem))
        context = Context(kb, as_of)
        for rule in RULES.values():
            if rule.check is None or rule.scope != "record":
                continue
            for finding in rule.check(context):
                if follows_from_dropped(finding):
                    continue
                rel, line, col = locate(finding)
                rows[rel].append((line, col, rule.code, finding.message, finding.hint))
        _declarations(kb, declarations)
        _references(kb, references)
        for record in kb.iter_records():
            records[record.source_file.rel] += 1

    out = []
    for job, source in zip(jobs, sources, strict=True):
        rel = source.rel
        result = FileResult(
            diagnostics=tuple(rows.get(rel, ())),
            declarations=tuple(declarations.get(rel, ())),
            references=tuple(references.get(rel, ())),
            suppressions=tuple(
                (line, tuple(sorted(codes)) if codes is not None else None)
                for line, codes in source.suppressions.items()
            ),
            records=records.get(rel, 0),
        )
        out.append(Checked(rel, job.size, job.mtime_ns, digests[rel], result))
    return out


def _distinct_id_groups(sources: list[SourceFile]) -> list[list[SourceFile]]:
    """Split a batch so that no group declares an id twice in a collection.

    The index keeps one record per id; a second record with the same id (an
    error R001 reports) must still be checked, and checked whether or not the
    first one happens to fall in the same batch: results must not depend on
    how files are split between processes.
    """
    seen: dict[tuple[str | None, str], int] = defaultdict(int)
    groups: list[list[SourceFile]] = [[]]
    for source in sources:
        declared = source.data.get("id") if isinstance(source.data, dict) else None
        key = (source.collection, declared if isinstance(declared, str) else source.stem)
        index = seen[key]
        seen[key] += 1
        if index == len(groups):
            groups.append([])
        groups[index].append(source)
    return groups


def _read(job: Job, max_size: int) -> tuple[SourceFile, str]:
    source = SourceFile(Path(job.path), job.rel, job.collection)
    if job.problem is not None:
        source.problems.append(job.problem)
        return source, ""
    if job.size > max_size:
        source.problems.append(too_large_problem(job.size, max_size))
        return source, f"size:{job.size}"
    try:
        raw = read_at_most(job.path, job.size, max_size)
    except OSError as exc:
        source.problems.append(
            YamlProblem(
                "Y013",
                1,
                1,
                f"cannot read the file: {exc.strerror or exc}",
                "check the file's permissions",
            )
        )
        return source, ""
    if len(raw) > max_size:  # grew since the scan
        source.problems.append(too_large_problem(len(raw), max_size))
        return source, digest_of(raw)
    parse_text(source, raw)
    return source, digest_of(raw)


def _row(problem: YamlProblem) -> DiagnosticRow:
    return (problem.line, problem.col, problem.code, problem.message, problem.hint)


def locate(finding: Finding) -> tuple[str, int, int]:
    """The file, line and column a finding points at."""
    target = finding.target
    if isinstance(target, Site):
        return target.rel, target.line, target.col
    if isinstance(target, SourceFile):
        source, path = target, finding.path
    else:
        source, path = target.source_file, (*target.path_in_file, *finding.path)
    positions = source.positions
    line, col = positions.key(path) if finding.at_key else positions.value(path)
    return source.rel, line, col


def _declarations(kb: KnowledgeBase, out: dict[str, list[DeclarationRow]]) -> None:
    entities = _CogEntities(kb)
    for record_id, found in kb.declarations.items():
        for declaration in found:
            source = declaration.source
            line, col = source.positions.value((*declaration.prefix, "id"))
            kind = siren = insee = entity = None
            record = (
                kb.records[declaration.collection].get(record_id)
                if declaration.collection in kb.records
                else None
            )
            if isinstance(record, Territory) and record.source_file is source:
                kind = record.kind.value
                siren = None if record.identifiers.siren is None else str(record.identifiers.siren)
                insee = None if record.identifiers.insee is None else str(record.identifiers.insee)
                entity = entities.key(kind, siren, insee)
            out[source.rel].append(
                (record_id, declaration.collection, line, col, kind, siren, insee, entity)
            )


class _CogEntities:
    """The COG entry each territory's codes designate, as I005 identifies it.

    I003 has identified these territories in this process already (identify
    is cached): the key costs a lookup here, where I005 would identify every
    territory of a national knowledge base again, alone, after the workers."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._cog: Cog | None = None

    def key(self, kind: str, siren: str | None, insee: str | None) -> str | None:
        if kind not in COG_KINDS:
            return None
        siren, insee = territory_codes(kind, siren, insee)
        if siren is None and insee is None:
            return None
        if self._cog is None:
            self._cog = reference.load(self._kb.settings, self._kb.root)
        found = identify(self._cog, kind, siren, insee).entity
        return None if found is None else entity_key(found)


def _references(kb: KnowledgeBase, out: dict[str, list[ReferenceRow]]) -> None:
    for record in kb.iter_records():
        source, prefix = record.source_file, record.path_in_file
        for ref in kb.references(record):
            line, col = source.positions.value((*prefix, *ref.path))
            field = _field_names.get(ref.path)
            if field is None:
                field = _field_names[ref.path] = ".".join(str(part) for part in ref.path)
            out[source.rel].append((ref.target, ref.collections, line, col, record.id, field))


# "members.17" for ("members", 17): a national knowledge base holds ~1,000,000
# references, over a few thousand distinct paths.
_field_names: dict[tuple[str | int, ...], str] = {}
