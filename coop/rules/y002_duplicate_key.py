"""A key appears twice in the same mapping.

What it checks: no mapping repeats a key. The first occurrence is kept, the
repeat is reported (most YAML tools silently keep the last one).

Why: a repeated key almost always hides an edit that was meant to replace the
first value or to add a second item to a list; either way data is lost.

Failing example::

    id: sicoval
    name: Sicoval
    name: Communauté d'agglomération du Sicoval

Passing example::

    id: sicoval
    name: Sicoval
    aliases: [Communauté d'agglomération du Sicoval]
"""

CODE = "Y002"
NAME = "duplicate-key"
