"""The data model: one pydantic model per collection, unknown keys forbidden."""

from coop.model.agreement import Agreement
from coop.model.body import Body
from coop.model.common import Record, Ref, Source
from coop.model.dates import PartialDate, Period
from coop.model.person import Person
from coop.model.territory import Territory
from coop.model.theme import Theme

# Folder name under data/ -> model. The order is the order of reports and listings.
COLLECTIONS: dict[str, type[Record]] = {
    "territories": Territory,
    "agreements": Agreement,
    "bodies": Body,
    "people": Person,
}


def build_schemas() -> None:
    """Build every model's validator now.

    Models are built when first used (``defer_build``): a run that checks one
    edited agreement need not build the territories' or bodies'. A process
    about to fork workers that will all validate records builds them once,
    before, so that the workers inherit them."""
    for model in (Agreement, Body, Person, Territory, Theme, Source, Period):
        model.model_rebuild()


__all__ = [
    "COLLECTIONS",
    "Agreement",
    "Body",
    "PartialDate",
    "Period",
    "Person",
    "Record",
    "Ref",
    "Source",
    "Territory",
    "Theme",
    "build_schemas",
]
