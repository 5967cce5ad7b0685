"""Authoring in git: editor schemas, formatter, skeletons, renames, record diffs, new KBs."""
