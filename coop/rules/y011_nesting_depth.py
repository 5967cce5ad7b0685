"""Nesting is deeper than 64 levels.

What it checks: mappings and lists nest at most 64 levels deep. Reading stops
at the limit.

Why: no record needs more than a handful of levels; extreme depth comes from
generated or hostile files and makes YAML parsers slow (quadratically) or
crash.

Failing example::

    a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]…

Passing example::

    parties:
      - territory: toulouse-metropole
"""

CODE = "Y011"
NAME = "nesting-depth"
