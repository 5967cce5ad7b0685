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
]
