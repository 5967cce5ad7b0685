"""``coop.yaml`` holds an unknown key or an invalid value.

What it checks: the knowledge base's settings file against its model
(``language``, ``documents``, ``severity``, ``max_file_size``, ``cog_vintage``),
and that severity overrides name existing rule codes.

Why: a misspelt setting would otherwise be silently ignored, and the analyst
would believe a rule was switched off (or on) when it is not.

Failing example::

    severity:
      P099: off

Passing example::

    severity:
      P004: warning
"""

CODE = "C001"
NAME = "invalid-settings"
