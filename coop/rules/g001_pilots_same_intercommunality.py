"""The referent officials piloting a club or strand come from the same intercommunality.

What it checks: the ``referent_official`` posts of a club, and the ``pilots``
of a commitment, represent different territories (``on_behalf_of``); each
must say which territory it represents.

Why: the Dialogue métropolitain's cooperation project requires clubs and
strands to be "pilotés par des binômes d'élus référents de collectivités
différentes": the pairing is what makes the club a cooperation rather than
one member's project.

Failing example::

    posts:
      - {role: referent_official, person: a, on_behalf_of: sicoval}
      - {role: referent_official, person: b, on_behalf_of: sicoval}

Passing example::

    posts:
      - {role: referent_official, person: a, on_behalf_of: sicoval}
      - {role: referent_official, person: b, on_behalf_of: toulouse-metropole}
"""

from collections.abc import Iterator, Sequence

from coop.load.positions import Path
from coop.model import Record
from coop.model.vocabulary import BodyKind, PostRole
from coop.rules.base import Context, Finding

CODE = "G001"
NAME = "pilots-same-intercommunality"


def check(ctx: Context) -> Iterator[Finding]:
    for body in ctx.kb.bodies.values():
        if body.kind != BodyKind.club:
            continue
        pilots: list[tuple[Path, str | None]] = [
            (("posts", index), post.on_behalf_of)
            for index, post in enumerate(body.posts)
            if post.role == PostRole.referent_official
        ]
        yield from _check_pair(body, pilots, "club")
    for agreement in ctx.kb.agreements.values():
        for c_index, commitment in enumerate(agreement.commitments):
            pilots = [
                (("commitments", c_index, "pilots", index), pilot.on_behalf_of)
                for index, pilot in enumerate(commitment.pilots)
            ]
            yield from _check_pair(agreement, pilots, f"commitment {commitment.id!r}")


def _check_pair(
    record: Record, pilots: Sequence[tuple[Path, str | None]], what: str
) -> Iterator[Finding]:
    seen: dict[str, Path] = {}
    for path, territory in pilots:
        if territory is None:
            yield Finding(
                record,
                path,
                f"a referent official of this {what} does not say whom they represent",
                "add `on_behalf_of: <territory id>`",
            )
            continue
        if territory in seen:
            yield Finding(
                record,
                (*path, "on_behalf_of"),
                f"two referent officials of this {what} both represent {territory!r}",
                "the pair must come from different intercommunalities",
            )
        else:
            seen[territory] = path
