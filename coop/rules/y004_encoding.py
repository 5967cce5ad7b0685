"""The file is not UTF-8 text.

What it checks: the file's bytes are valid UTF-8: not Latin-1 or
Windows-1252 (as older Windows editors save), not UTF-16, not binary data,
and free of control characters. The message gives the offending byte and its
offset.

Why: French content is full of accents; a file in another encoding shows
"MÃ©tropole" in reports or cannot be read at all.

Failing example: a file saved as Latin-1 where ``Métropole`` is the bytes
``4D E9 74 72 6F 70 6F 6C 65``.

Passing example: the same text saved as UTF-8 (``4D C3 A9 74 …``).
"""

CODE = "Y004"
NAME = "encoding"
