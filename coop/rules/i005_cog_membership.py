"""A territory listed as a member of another that the COG does not place in it.

What it checks: for each territory listed in another's ``members`` (and for
each territory's ``parent``), when both have a COG entry (see I003), the
COG agrees: a commune member of an intercommunality is among its member
communes; a commune member of a département lies in it; a département or a
commune member of a région lies in it. Pairs the COG says nothing about (an
intercommunality in a département, a pays and its members) are not checked.
Members the record does not name are not missing: sources often name only
some of them (see ``member_count``).

Why: a wrong member puts a commune in the wrong intercommunality in every
report and query; it is usually a homonym (two communes of the same name)
or a commune that changed intercommunality.

Failing example (``toulouse`` is the commune 31555)::

    id: sicoval
    kind: ca
    identifiers:
      siren: "243100633"
    members:
      - toulouse

Passing example::

    id: toulouse-metropole
    kind: metropole
    identifiers:
      siren: "243100518"
    members:
      - toulouse
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from coop.diagnostics import Severity
from coop.rules.base import Context, Finding
from coop.validate.index import Declaration, GlobalIndex

if TYPE_CHECKING:
    from coop.reference.cog import Cog, Entity

CODE = "I005"
NAME = "cog-membership"
SEVERITY = Severity.warning
SCOPE = "kb"


def check(ctx: Context) -> Iterator[Finding]:
    from coop.reference import cog as reference
    from coop.reference.cog import COG_KINDS

    index = ctx.index
    assert index is not None
    pairs = []
    territories: dict[str, Declaration | None] = {}  # each id looked up once

    def territory(record_id: str) -> Declaration | None:
        if record_id not in territories:
            territories[record_id] = _territory(index, record_id)
        return territories[record_id]

    for ref in index.references:
        if "territories" not in ref.collections:
            continue
        field = ref.field
        # "members.<n>": a national knowledge base lists ~900,000 members.
        if field.startswith("members.") and field[8:].isdigit():
            container_id, member_id = ref.owner, ref.target
        elif field == "parent":
            container_id, member_id = ref.target, ref.owner
        else:
            continue
        container, member = territory(container_id), territory(member_id)
        if container is None or member is None:
            continue
        if container.kind in COG_KINDS and member.kind in COG_KINDS:
            pairs.append((ref, container, member))
    if not pairs:
        return
    cog = reference.load(ctx.kb.settings, ctx.kb.root)
    # Workers identified each territory (for I003) and sent the key of its COG
    # entry with its declaration (coop.validate.batch); an entry is built once.
    known: dict[str, Entity | None] = {}

    def entity(declaration: Declaration) -> Entity | None:
        key = declaration.entity
        if key is None:
            return None
        if key not in known:
            known[key] = cog.by_key(key)
        return known[key]

    for ref, container, member in pairs:
        outer = entity(container)
        inner = entity(member)
        if outer is None or inner is None or cog.contains(outer, inner) is not False:
            continue
        yield Finding(
            ref.site,
            (),
            f"{member.id} ({inner.describe()}) is not in {container.id} "
            f"({outer.describe()}) according to the COG {cog.vintage}",
            _hint(cog, inner),
        )


def _territory(index: GlobalIndex, record_id: str) -> Declaration | None:
    found = [d for d in index.declarations.get(record_id, ()) if d.collection == "territories"]
    return found[0] if len(found) == 1 and found[0].kind is not None else None


def _hint(cog: Cog, member: Entity) -> str:
    if member.kind == "commune" and member.insee:
        groups = cog.intercommunalities_of(member.insee)
        if groups:
            where = " and ".join(g.describe() for g in groups)
            return f"the COG places {member.name} in {where}; is it a homonym?"
    return "check the member's codes, or remove it from the list"
