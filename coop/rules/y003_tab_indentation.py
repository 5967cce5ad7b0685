"""A tab character is used for indentation.

What it checks: lines are indented with spaces.

Why: YAML forbids tabs for indentation; editors display them at varying widths
so the structure the analyst sees is not the one the parser reads.

Failing example (→ is a tab)::

    population:
    →value: 80000

Passing example::

    population:
      value: 80000
"""

CODE = "Y003"
NAME = "tab-indentation"
