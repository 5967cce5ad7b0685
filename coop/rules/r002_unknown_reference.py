"""A reference to an id that no record has.

What it checks: every reference (an agreement's parties and parent, a body's
members, parent and posts, a commitment's body, lead and pilots, themes…)
names an existing record. The hint offers the closest ids.

Why: a dangling reference silently drops a partner, a signatory or a theme
from every report and query.

Failing example::

    parties:
      - territory: toulouse-metropol

Passing example::

    parties:
      - territory: toulouse-metropole
"""

from collections.abc import Iterator

from coop.rules.base import Context, Finding
from coop.text.suggest import Suggester

CODE = "R002"
NAME = "unknown-reference"
SCOPE = "kb"

# Closest-id searches per collection and run; later references get a plain hint.
MAX_SUGGESTIONS = 100


def check(ctx: Context) -> Iterator[Finding]:
    index = ctx.index
    assert index is not None
    suggesters: dict[tuple[str, ...], Suggester] = {}
    for ref in index.references:
        if ref.target in index.declarations:
            continue
        if ref.collections not in suggesters:
            # Bounded: a broken import can leave thousands of dangling references.
            suggesters[ref.collections] = Suggester(
                index.ids_in(ref.collections), max_searches=MAX_SUGGESTIONS
            )
        close = suggesters[ref.collections].closest(ref.target)
        if close:
            hint = f"did you mean {', '.join(close)}?"
        elif ref.collections == ("themes",):
            hint = "add the theme to data/vocabulary/themes.yaml, or use an existing one"
        else:
            hint = (
                f"create it (`coop new`) or correct the id; "
                f"ids are file names in data/{ref.collections[0]}/"
            )
        kinds = " or ".join(ref.collections)
        yield Finding(ref.site, (), f"no record in {kinds} has id {ref.target!r}", hint)
