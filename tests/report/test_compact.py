"""Records sharing their fields sets (``coop.report.compact``) are the same
records: same data, same fields given, same pages."""

from __future__ import annotations

from pydantic import BaseModel

from coop.kb.config import Settings
from coop.report.compact import Compactor, share_fields_sets
from coop.validate.engine import load_kb
from report.helpers import KB, renderer


def _models(value: object) -> list[BaseModel]:
    if isinstance(value, BaseModel):
        return [value, *(m for v in value.__dict__.values() for m in _models(v))]
    if isinstance(value, list):
        return [m for item in value for m in _models(item)]
    return []


def test_records_keep_their_data_and_fields_given() -> None:
    kb, _ = load_kb(KB, Settings())
    records = list(kb.iter_records())
    before = [(r.model_dump(), r.model_dump(exclude_unset=True)) for r in records]
    models = [m for r in records for m in _models(r)]
    distinct_before = len({id(m.__pydantic_fields_set__) for m in models})
    share_fields_sets(records)
    assert [(r.model_dump(), r.model_dump(exclude_unset=True)) for r in records] == before
    distinct_after = len({id(m.__pydantic_fields_set__) for m in models})
    assert distinct_after < distinct_before
    # One set for equal sets of fields given, whatever the class.
    assert distinct_after == len({frozenset(m.__pydantic_fields_set__) for m in models})


def test_a_copy_changed_leaves_the_others_alone() -> None:
    kb, _ = load_kb(KB, Settings())
    records = list(kb.iter_records())
    share_fields_sets(records)
    groups: dict[int, list[BaseModel]] = {}
    for record in records:
        groups.setdefault(id(record.model_fields_set), []).append(record)
    first, *alike = next(group for group in groups.values() if len(group) > 1)
    unset = next(name for name in type(first).model_fields if name not in first.model_fields_set)
    copy = first.model_copy()
    setattr(copy, unset, None)
    assert unset in copy.model_fields_set
    assert all(unset not in r.model_fields_set for r in alike)


def test_the_site_is_the_same() -> None:
    plain = renderer(linking=True)
    shared = renderer(linking=True)
    share_fields_sets(shared.kb.iter_records())
    assert shared.pages("html") == plain.pages("html")
    assert shared.pages("md") == plain.pages("md")


def _nested(record: BaseModel) -> list[BaseModel]:
    return _models(record)[1:]


def test_compacted_records_keep_their_data_and_fields_given() -> None:
    kb, _ = load_kb(KB, Settings())
    records = list(kb.iter_records())
    before = [(r.model_dump(), r.model_dump(exclude_unset=True)) for r in records]
    Compactor().compact(records)
    assert [(r.model_dump(), r.model_dump(exclude_unset=True)) for r in records] == before


def test_equal_values_become_one_object() -> None:
    kb, _ = load_kb(KB, Settings())
    records = list(kb.iter_records())
    nested = [m for r in records for m in _nested(r)]
    Compactor().compact(records)
    after = [m for r in records for m in _nested(r)]
    assert len(after) == len(nested)
    groups: dict[tuple[object, ...], set[int]] = {}
    for model in after:
        key = (type(model), repr(model.model_dump()), frozenset(model.model_fields_set))
        groups.setdefault(key, set()).add(id(model))
    # Equal nested models are one object (the fixture repeats some sources)...
    assert len({id(m) for m in after}) < len({id(m) for m in nested})
    assert all(len(ids) == 1 for ids in groups.values())
    # ... and so are equal strings, and empty lists.
    strings = [v for m in after for v in m.__dict__.values() if type(v) is str]
    assert len({id(s) for s in strings}) == len(set(strings))
    empty = [v for m in after for v in m.__dict__.values() if v == []]
    assert len({id(v) for v in empty}) == 1


def test_values_equal_only_across_types_stay_apart() -> None:
    class Leaf(BaseModel):
        value: object

    class Holder(BaseModel):
        leaves: list[Leaf]

    holder = Holder(leaves=[Leaf(value=1), Leaf(value=True), Leaf(value=1), Leaf(value=1.0)])
    Compactor().compact([holder])
    first, true, one, real = holder.leaves
    assert one is first
    assert true is not first and real is not first
    assert [leaf.value for leaf in holder.leaves] == [1, True, 1, 1.0]
    assert [type(leaf.value) for leaf in holder.leaves] == [int, bool, int, float]


def test_the_site_is_the_same_with_compacted_records() -> None:
    plain = renderer(linking=True)
    compact = renderer(linking=True)
    Compactor().compact(compact.kb.iter_records())
    assert compact.pages("html") == plain.pages("html")
    assert compact.pages("md") == plain.pages("md")
