"""The knowledge base: records by collection and id, and the relations between them.

Built once from parsed files. Records that failed validation are absent from
the collections but their ids stay *declared*, so a broken file yields its own
schema errors and not a cascade of "unknown id" errors elsewhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel

from coop.kb.config import Settings
from coop.kb.refs import Reference, iter_references
from coop.kb.walk import iter_instances
from coop.load.files import SourceFile
from coop.load.positions import Path as DataPath
from coop.load.records import build_record
from coop.load.yaml_reader import YamlProblem
from coop.model import COLLECTIONS, Agreement, Body, Person, Record, Territory, Theme
from coop.model.body import Post
from coop.model.theme import ThemeList

R = TypeVar("R", bound=Record)
M = TypeVar("M", bound=BaseModel)

ALL_COLLECTIONS = (*COLLECTIONS, "themes")


@dataclass(frozen=True)
class Declaration:
    """An id as written in a file, whether or not its record is valid."""

    id: str
    collection: str
    source: SourceFile
    prefix: DataPath


@dataclass
class KnowledgeBase:
    root: Path
    settings: Settings
    files: list[SourceFile] = field(default_factory=list)
    records: dict[str, dict[str, Record]] = field(
        default_factory=lambda: {name: {} for name in ALL_COLLECTIONS}
    )
    declarations: dict[str, list[Declaration]] = field(default_factory=lambda: defaultdict(list))
    # (id(record), model class) -> what iter_instances yields: several rules walk
    # every record for the same class (P002-P004 for sources), once is enough.
    _instances: dict[tuple[int, type[Any]], tuple[Record, list[tuple[DataPath, Any]]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    # -- building ---------------------------------------------------------

    @classmethod
    def build(
        cls, root: Path, settings: Settings, files: Iterable[SourceFile]
    ) -> tuple[KnowledgeBase, list[tuple[SourceFile, YamlProblem]]]:
        kb = cls(root, settings)
        problems: list[tuple[SourceFile, YamlProblem]] = []
        for source in files:
            problems.extend((source, p) for p in kb.add_file(source))
        return kb, problems

    def add_file(self, source: SourceFile) -> list[YamlProblem]:
        """Add one file (the next in :meth:`build`'s order) and its records;
        the problems its records have."""
        built, problems = build_file(source)
        self.index_file(source, built)
        return problems

    def index_file(self, source: SourceFile, built: Built) -> None:
        """Add one file (the next in :meth:`build`'s order) as ``build_file``
        built it, in this run or an earlier one (``coop.report.stored``):
        its records are then given ``source`` as theirs."""
        self.files.append(source)
        collection = source.collection or ""  # none: a misplaced file declares nothing
        for id_, prefix in built.declared:
            self._declare(id_, collection, source, prefix)
        if not built.records:
            return
        found = self.records[collection]
        themes = collection == "themes"
        for index, record in enumerate(built.records):
            # Straight into pydantic's store of private values: its
            # __setattr__ costs microseconds per record.
            private = record.__pydantic_private__
            assert private is not None  # a Record has private attributes
            private["_source"] = source
            if themes:
                private["_prefix"] = ("themes", index)
            found.setdefault(record.id, record)

    def _declare(self, id_: str, collection: str, source: SourceFile, prefix: DataPath) -> None:
        self.declarations[id_].append(Declaration(id_, collection, source, prefix))

    # -- lookups ----------------------------------------------------------

    @property
    def territories(self) -> dict[str, Territory]:
        return self.records["territories"]  # type: ignore[return-value]

    @property
    def agreements(self) -> dict[str, Agreement]:
        return self.records["agreements"]  # type: ignore[return-value]

    @property
    def bodies(self) -> dict[str, Body]:
        return self.records["bodies"]  # type: ignore[return-value]

    @property
    def people(self) -> dict[str, Person]:
        return self.records["people"]  # type: ignore[return-value]

    @property
    def themes(self) -> dict[str, Theme]:
        return self.records["themes"]  # type: ignore[return-value]

    def iter_records(self, collections: Iterable[str] = ALL_COLLECTIONS) -> Iterator[Record]:
        for name in collections:
            yield from self.records[name].values()

    def get(self, record_id: str) -> Record | None:
        """The record with this id, in whichever collection."""
        for name in ALL_COLLECTIONS:
            found = self.records[name].get(record_id)
            if found is not None:
                return found
        return None

    def collections_of(self, record_id: str) -> set[str]:
        """The collections in which ``record_id`` is declared (valid or not)."""
        return {d.collection for d in self.declarations.get(record_id, ())}

    def all_ids(self) -> list[str]:
        return sorted(self.declarations)

    def references(self, record: Record) -> list[Reference]:
        return list(iter_references(record))

    def instances(self, record: Record, cls: type[M]) -> list[tuple[DataPath, M]]:
        """Every instance of ``cls`` inside ``record``, with its path, walked once.

        The record is kept with its walk, so that its ``id()`` is never reused.
        """
        key = (id(record), cls)
        found = self._instances.get(key)
        if found is None or found[0] is not record:
            found = self._instances[key] = (record, list(iter_instances(record, cls)))
        return found[1]

    # -- inverse relations, computed once ----------------------------------

    @cached_property
    def agreements_by_party(self) -> dict[str, list[Agreement]]:
        """Territory or body id -> agreements it is a party to."""
        out: dict[str, list[Agreement]] = defaultdict(list)
        for agreement in self.agreements.values():
            for ref in dict.fromkeys(agreement.iter_party_refs()):
                out[ref].append(agreement)
        return out

    @cached_property
    def derived_agreements(self) -> dict[str, list[Agreement]]:
        """Agreement id -> agreements whose ``parent`` it is."""
        out: dict[str, list[Agreement]] = defaultdict(list)
        for agreement in self.agreements.values():
            if agreement.parent:
                out[agreement.parent].append(agreement)
        return out

    @cached_property
    def sub_bodies(self) -> dict[str, list[Body]]:
        out: dict[str, list[Body]] = defaultdict(list)
        for body in self.bodies.values():
            if body.parent:
                out[body.parent].append(body)
        return out

    @cached_property
    def bodies_by_member(self) -> dict[str, list[Body]]:
        """Territory or body id -> bodies it is a member of."""
        out: dict[str, list[Body]] = defaultdict(list)
        for body in self.bodies.values():
            for membership in body.members:
                ref = membership.territory or membership.body
                if ref:
                    out[ref].append(body)
        return out

    @cached_property
    def posts_by_person(self) -> dict[str, list[tuple[Body, Post]]]:
        out: dict[str, list[tuple[Body, Post]]] = defaultdict(list)
        for body in self.bodies.values():
            for post in body.posts:
                if post.person:
                    out[post.person].append((body, post))
        return out

    @cached_property
    def bodies_by_agreement(self) -> dict[str, list[Body]]:
        """Agreement id -> bodies it set up."""
        out: dict[str, list[Body]] = defaultdict(list)
        for body in self.bodies.values():
            if body.set_up_by:
                out[body.set_up_by].append(body)
        return out

    @cached_property
    def commitments_by_theme(self) -> dict[str, list[tuple[Agreement, Any]]]:
        out: dict[str, list[tuple[Agreement, Any]]] = defaultdict(list)
        for agreement in self.agreements.values():
            for commitment in agreement.commitments:
                if commitment.theme:
                    out[commitment.theme].append((agreement, commitment))
        return out


class Built(NamedTuple):
    """What a file adds to a knowledge base besides itself: the ids it
    declares, each with its path in the file, and its valid records (a
    record file's one, a themes file's themes)."""

    declared: tuple[tuple[str, DataPath], ...]
    records: tuple[Record, ...]


NOTHING = Built((), ())


def build_file(source: SourceFile) -> tuple[Built, list[YamlProblem]]:
    """The ids and records of one file, and the problems its records have."""
    if not source.readable:
        if source.collection in COLLECTIONS:
            return Built(((source.stem, ()),), ()), []
        return NOTHING, []
    if source.collection == "themes":
        return _build_themes(source)
    if source.collection in COLLECTIONS:
        record, problems = build_record(source, COLLECTIONS[source.collection], source.data)
        declared = source.data.get("id")
        return Built(
            ((declared if isinstance(declared, str) else source.stem, ()),),
            () if record is None else (record,),
        ), problems
    return NOTHING, [_misplaced(source)]


def _build_themes(source: SourceFile) -> tuple[Built, list[YamlProblem]]:
    record, problems = build_record(source, ThemeList, source.data)  # type: ignore[arg-type]
    declared: list[tuple[str, DataPath]] = []
    items = source.data.get("themes")
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                declared.append((item["id"], ("themes", index)))
    themes = tuple(record.themes) if isinstance(record, ThemeList) else ()
    return Built(tuple(declared), themes), problems


def origin(record: Record) -> tuple[SourceFile, DataPath]:
    """The file a record was read from and its path inside that file."""
    return record.source_file, record.path_in_file


def _misplaced(source: SourceFile) -> YamlProblem:
    folders = ", ".join(f"data/{name}/" for name in COLLECTIONS)
    return YamlProblem(
        "S006",
        1,
        1,
        "YAML file outside the collection folders",
        f"records live in {folders}; themes in data/vocabulary/themes.yaml",
    )
