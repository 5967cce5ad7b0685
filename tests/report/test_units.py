"""Units of the report layer: dates, in-force verdicts, the catalog, escaping."""

from __future__ import annotations

import datetime as dt

import pytest

from coop.model import Agreement, PartialDate
from coop.model import vocabulary as voc
from coop.report.facts import in_force_on
from coop.report.filters import format_partial, md_escape
from coop.report.messages import LANGUAGES, UnknownMessage, enum_keys, translate


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2016-01-29", "fr", "29 janvier 2016"),
        ("2017-01", "fr", "janvier 2017"),
        ("2016", "fr", "2016"),
        ("2016-01-29", "en", "January 29, 2016"),
        ("2017-01", "en", "January 2017"),
    ],
)
def test_dates_as_readers_write_them(value: str, lang: str, expected: str) -> None:
    assert format_partial(PartialDate.parse(value), lang) == expected


def _agreement(status: str, **fields: object) -> Agreement:
    return Agreement.model_validate(
        {"id": "a", "title": "A", "kind": "accord_cadre", "status": status, **fields}
    )


@pytest.mark.parametrize(
    ("status", "fields", "day", "expected"),
    [
        ("signed", {"signature": {"date": "2016-01-29"}}, "2024-03-01", True),
        ("signed", {"signature": {"date": "2016-01-29"}}, "2015-12-31", False),
        ("signed", {"signature": {"date": "2017"}}, "2017-06-01", None),  # within 2017
        ("in_force", {"entry_into_force": "2016-02", "end": "2020-12-31"}, "2021-01-01", False),
        ("in_force", {"entry_into_force": "2016-02", "end": "2020"}, "2020-06-01", None),
        ("in_preparation", {}, "2024-03-01", False),
        ("adopted", {}, "2024-03-01", None),  # took effect, but when is not known
        (
            "adopted",  # a programme adopted by its general assembly, as coop query reads it
            {"deliberations": [{"date": "2023-06-01"}], "duration": "2023-2026"},
            "2024-03-01",
            True,
        ),
        ("expired", {"signature": {"date": "2016"}}, "2024-03-01", None),  # end unknown
        ("unknown", {}, "2024-03-01", None),
        ("in_force", {}, "2024-03-01", None),  # no date: in force since when?
    ],
)
def test_in_force_on(status: str, fields: dict[str, object], day: str, expected: bool) -> None:
    assert in_force_on(_agreement(status, **fields), dt.date.fromisoformat(day)) is expected


def test_every_vocabulary_value_has_labels() -> None:
    enums = [
        voc.TerritoryKind,
        voc.AgreementKind,
        voc.AgreementStatus,
        voc.PartyRole,
        voc.ActionStatus,
        voc.BodyKind,
        voc.BodyLevel,
        voc.MemberRole,
        voc.PostRole,
        voc.MandateRole,
    ]
    wanted = {f"{e.__name__}.{member.value}" for e in enums for member in e}
    assert wanted - enum_keys() == set()
    for lang in LANGUAGES:
        assert translate(voc.AgreementKind.contrat_reciprocite, lang)


def test_unknown_label_is_an_error() -> None:
    with pytest.raises(UnknownMessage):
        translate("no_such_label", "fr")


def test_md_escape_neutralises_syntax() -> None:
    assert md_escape("<b>*x*</b>\n# h | [a](b)") == "\\<b\\>\\*x\\*\\</b\\> \\# h \\| \\[a\\](b)"
