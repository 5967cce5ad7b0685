"""The file starts with a UTF-8 byte-order mark.

What it checks: no BOM (bytes ``EF BB BF``) at the start of the file. The file
is still read.

Why: the BOM is invisible in editors but breaks tools that compare or
concatenate files, and shows up as a stray character in diffs.

Failing example: a file saved by Notepad as "UTF-8 with BOM".

Passing example: the same file saved as "UTF-8".
"""

from coop.diagnostics import Severity

CODE = "Y005"
NAME = "byte-order-mark"
SEVERITY = Severity.warning
