"""The file cannot be read safely.

What it checks: every entry under ``data/`` that looks like a record is a
regular, readable file inside the knowledge base: not a symbolic link
pointing outside it, not a directory named ``*.yaml``, not a file without
read permission.

Why: a link out of the knowledge base would make coop read (and a rewrite
command write) files the analyst never meant to share.

Failing example: ``data/people/x.yaml -> /etc/passwd``.

Passing example: ``data/people/x.yaml``, a regular file.
"""

CODE = "Y013"
NAME = "unreadable-file"
