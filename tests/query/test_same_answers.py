"""The stored image answers every question exactly as the records in memory do.

On several knowledge bases (the query fixture, data/, the example valid and
invalid ones, a generated national-style one), hundreds of questions built
from each knowledge base's own ids, themes, kinds, dates and words, alone
and combined, plus wrong ones: the same rows in the same order, or the same
error with the same message and hint.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coop.query.errors import QueryError
from coop.query.filters import FILTERS, QUERY_COLLECTIONS
from query.helpers import FIXTURE, load, rows

REPO = Path(__file__).resolve().parents[2]
KBS = {
    "fixture": FIXTURE,
    "data": REPO,
    "valid": REPO / "tests" / "kbs" / "valid",
    "invalid": REPO / "tests" / "kbs" / "invalid",
}
DATES = ["2010", "2013-06", "2016-03-01", "2017-01", "2020-06-15", "2024-03-01", "2027", "2040"]
BAD_DATES = ["2024-13-01", "2024-02-30", "1 mars 2024", "0000", "0000-02-29", ""]
WORDS = ["reciprocite", "RÉCIPROCITÉ ville", "metropole", "coeur", "Œ", "—", "agglo gamma", "zzz"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "kb"
    done = subprocess.run(
        [
            sys.executable, str(REPO / "bench" / "generate.py"), "--scale", "0.02",
            "--cog", str(REPO / "coop" / "data" / "cog"), "--out", str(out), "--seed", "11",
        ],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def outcome(root: Path, collection: str, via: str, filters: dict[str, Any]) -> tuple[Any, ...]:
    try:
        return ("rows", rows(root, collection, via, **filters))
    except QueryError as exc:
        return ("error", type(exc).__name__, str(exc), exc.hint)


def questions(root: Path, seed: int, count: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every filter alone on every collection, with values from the knowledge
    base (and a few wrong ones), then ``count`` random combinations."""
    kb = load(root)
    parties = sorted({*kb.territories, *kb.bodies})
    groups = sorted(kb.bodies_by_member) + sorted(kb.bodies)
    named = sorted(kb.agreements_by_party)
    rng = random.Random(seed)

    def some(values: list[str], n: int) -> list[str]:
        return rng.sample(values, min(n, len(values)))

    themes = sorted(kb.themes)
    values: dict[str, list[Any]] = {
        "party": [[p] for p in some(named, 15) + some(groups, 10) + some(parties, 5)]
        + [["nope"], ["Gamma"]],
        "theme": [[t] for t in themes] + [themes[:2], ["mobilite"]],
        "kind": [["metropole"], ["ca"], ["accord_cadre"], ["club"], ["metropol"], ["mayor"]],
        "status": [["signed"], ["in_force", "adopted"], ["active"]],
        "in_force_on": [[d] for d in DATES + BAD_DATES] + [DATES[:3]],
        "between": [("2015-01-01", "2016-01-28"), ("2014-12-31", "2016-01-29"),
                    ("2020-08", "2020-09"), ("2024", "2023"), ("2024-02-30", "2025")],
        "member_of": [[g] for g in some(groups, 15)] + [["nowhere"]],
        "partner_of": [[p] for p in some(named, 15)] + [some(named, 2), ["toulouse"]],
        "without_agreement_with": [[p] for p in some(named, 10)] + [some(named, 2)],
        "text": [[w] for w in WORDS] + [WORDS[:2]],
    }  # fmt: skip
    for name, options in values.items():
        for collection in QUERY_COLLECTIONS:
            for value in options:
                yield collection, {name: value}
    for _ in range(count):
        collection = rng.choice(QUERY_COLLECTIONS)
        applicable = [n for n, spec in FILTERS.items() if collection in spec.applies_to]
        chosen = rng.sample(applicable, rng.randint(2, min(4, len(applicable))))
        yield collection, {name: rng.choice(values[name]) for name in chosen}
    for collection in QUERY_COLLECTIONS:
        yield collection, {}


@pytest.mark.parametrize("name", sorted(KBS))
def test_same_answers(name: str) -> None:
    root = KBS[name]
    _check(root, seed=len(name))


def test_same_answers_on_a_generated_knowledge_base(generated: Path) -> None:
    _check(generated, seed=5, count=600)


def _check(root: Path, seed: int, count: int = 300) -> None:
    answered = 0
    for collection, filters in questions(root, seed, count):
        expected = outcome(root, collection, "records", filters)
        assert outcome(root, collection, "image", filters) == expected, (collection, filters)
        answered += expected[0] == "rows" and bool(expected[1])
    assert answered > 20, "the questions find something"
