"""The file is larger than the configured limit (1 MiB by default).

What it checks: each file's size against ``max_file_size`` in ``coop.yaml``.
A larger file is not read.

Why: a record is a few kilobytes; a huge file is a mistake (a data dump, a
log) and reading it would slow every command for everyone.

Failing example: a 50 MB file in ``data/agreements/``.

Passing example: records of a few kilobytes; or ``max_file_size: 5000000``
in ``coop.yaml`` if a record truly needs it.
"""

CODE = "Y012"
NAME = "file-too-large"
