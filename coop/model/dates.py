"""Dates as sources give them: a year, a month or a day.

Sources are often vague ("en janvier 2017", "depuis 2012"), so a date may be
partial. A partial date stands for an interval (``2017`` is 2017-01-01 to
2017-12-31); comparisons ask whether one date is *certainly* before another.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

DATE_FORMS_HINT = "write YYYY-MM-DD, YYYY-MM or YYYY (for example 2016-01-29, 2017-06 or 2012)"


class InvalidDate(ValueError):
    """A text that is not a valid full or partial ISO date."""


@dataclass(frozen=True, order=False)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise InvalidDate(f"expected a date, found {_kind(value)}")
        return _parse_text(str(value).strip())

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def certainly_before(self, other: PartialDate) -> bool:
        return self.latest < other.earliest

    def certainly_after(self, other: PartialDate) -> bool:
        return self.earliest > other.latest

    def __str__(self) -> str:
        if self.day is not None and self.month is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(value: object) -> PartialDate:
            try:
                return cls.parse(value)
            except InvalidDate as exc:
                raise PydanticCustomError(
                    "partial_date", "{reason}; " + DATE_FORMS_HINT, {"reason": str(exc)}
                ) from None

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
            json_schema_input_schema=core_schema.union_schema(
                [core_schema.str_schema(pattern=_PATTERN.pattern), core_schema.int_schema()]
            ),
        )


def _kind(value: object) -> str:
    """What the analyst wrote, in their words rather than Python's type names."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    return "nothing (null)" if value is None else "a number"


# Knowledge bases repeat dates (a signature, its entry into force, a period):
# parsed dates are immutable, so one parse serves every occurrence.
@lru_cache(maxsize=4096)
def _parse_text(text: str) -> PartialDate:
    match = _PATTERN.match(text)
    if not match:
        raise InvalidDate(f"{text!r} is not a date")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        raise InvalidDate(f"{text!r}: month {month} does not exist")
    if day is not None and month is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise InvalidDate(f"{text!r}: day {day} does not exist in {year}-{month:02d}")
    return PartialDate(year, month, day)


class Period(BaseModel):
    """A span of time; either end may be unknown."""

    model_config = ConfigDict(extra="forbid")

    start: PartialDate | None = None
    end: PartialDate | None = None

    def contains(self, day: dt.date) -> bool:
        """True when ``day`` may fall within the period (open ends are unbounded)."""
        if self.start is not None and self.start.earliest > day:
            return False
        return not (self.end is not None and self.end.latest < day)
