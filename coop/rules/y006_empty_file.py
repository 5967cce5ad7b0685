"""The file is empty or holds only comments.

What it checks: a record file holds a record.

Why: an empty file is usually an aborted edit or a scaffold never filled; it
declares nothing and is easy to miss.

Failing example::

    # TODO

Passing example::

    id: sicoval
    name: Sicoval
    kind: ca
"""

CODE = "Y006"
NAME = "empty-file"
