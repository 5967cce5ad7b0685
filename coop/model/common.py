"""Pieces shared by every collection: ids, references, sources, notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

from coop.model.dates import PartialDate

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_HINT = "ids are lowercase ASCII words joined by hyphens, e.g. toulouse-metropole"


def many(description: str | None = None) -> Any:
    """An optional list, empty by default.

    Built by a factory: pydantic deep-copies a literal ``[]`` default every
    time a record lacks the key (``copy.deepcopy`` from Rust into Python, ~4%
    of loading a national knowledge base). The JSON schema still says
    ``"default": []``.
    """
    return Field(default_factory=_empty, description=description, json_schema_extra={"default": []})


def _empty() -> list[Any]:
    # Not ``list`` itself: pydantic reads each factory's signature when it
    # builds a model, and a builtin's is parsed from its text with tokenize
    # (~0.3 ms each, 24 fields: ~7 ms of a run that checks one file).
    return []


RecordId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=120)]


@dataclass(frozen=True)
class Ref:
    """Marks a field whose value is the id of a record in one of ``collections``.

    The knowledge-base index reads these markers to resolve every reference
    generically, so adding a reference field needs no change to the rules.
    """

    collections: tuple[str, ...]

    def __init__(self, *collections: str) -> None:
        object.__setattr__(self, "collections", collections)


TerritoryRef = Annotated[str, Ref("territories")]
AgreementRef = Annotated[str, Ref("agreements")]
BodyRef = Annotated[str, Ref("bodies")]
PersonRef = Annotated[str, Ref("people")]
ThemeRef = Annotated[str, Ref("themes")]


class Model(BaseModel):
    """Base of every model: unknown keys are errors, never silently dropped."""

    # defer_build: validators are built on first use (coop.model.build_schemas).
    model_config = ConfigDict(
        extra="forbid", use_enum_values=False, validate_default=False, defer_build=True
    )


class Source(Model):
    """Where a fact comes from: a document in the KB's documents folder, or a URL."""

    document: str | None = Field(None, description="Nom du fichier du document source")
    url: str | None = Field(None, description="Adresse web (http ou https)")
    title: str | None = None
    publisher: str | None = None
    date: PartialDate | None = None
    section: str | None = Field(None, description="Partie du document où lire le fait")
    page: int | str | None = None
    quote: str | None = Field(None, description="Courte citation qui appuie le fait")


class Note(Model):
    """A remark for readers: a discrepancy between sources, an unknown, a caveat."""

    text: str
    sources: list[Source] = many()


class Record(Model):
    """A top-level record: one file in ``data/<collection>/``."""

    collection: ClassVar[str]

    # Where the record was read from (a SourceFile and the path of the record
    # inside it), so that rules can point at any of its values.
    _source: Any = PrivateAttr(None)
    _prefix: tuple[str | int, ...] = PrivateAttr(())
    # Paths of invalid values dropped so the rest could be checked (already reported).
    _dropped: tuple[tuple[str | int, ...], ...] = PrivateAttr(())

    id: RecordId
    sources: list[Source] = many()
    notes: list[Note] = many()

    @property
    def display_name(self) -> str:
        return self.id

    # Reading a private attribute goes through pydantic's ``__getattr__``, which
    # raises and catches an AttributeError on the way (~5 us); validating a
    # national knowledge base reads these ~250,000 times. The properties read
    # pydantic's own store of private values directly.
    @property
    def source_file(self) -> Any:
        """The SourceFile the record was read from (``_source``)."""
        return self.__pydantic_private__["_source"]  # type: ignore[index]

    @property
    def path_in_file(self) -> tuple[str | int, ...]:
        """The record's path inside its file (``_prefix``): ``()`` but for themes."""
        return self.__pydantic_private__["_prefix"]  # type: ignore[index,no-any-return]

    @property
    def dropped_paths(self) -> tuple[tuple[str | int, ...], ...]:
        """Paths of invalid values dropped so the rest could be checked (``_dropped``)."""
        return self.__pydantic_private__["_dropped"]  # type: ignore[index,no-any-return]
