"""JUnit XML: one test case per file checked, a failure per diagnostic."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TextIO
from xml.etree import ElementTree as ET

from coop.diagnostics import Diagnostic, Severity
from coop.reporters.printable import printable
from coop.validate.outcome import Result

# Characters XML 1.0 cannot hold even escaped (ESC in a file's name): written
# as visible escapes, or no JUnit reader would parse the report.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", printable(text))


def report(result: Result, out: TextIO) -> None:
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in result.diagnostics:
        by_file[d.path].append(d)
    files = sorted(set(result.files) | set(by_file))
    failures = sum(1 for d in result.diagnostics if d.severity != Severity.info)
    suite = ET.Element(
        "testsuite",
        name="coop validate",
        tests=str(len(files)),
        failures=str(sum(1 for f in files if any(d.severity != Severity.info for d in by_file[f]))),
        errors="0",
    )
    suite.set("diagnostics", str(failures))
    for path in files:
        case = ET.SubElement(suite, "testcase", classname="coop.validate", name=_xml(path))
        for d in by_file[path]:
            if d.severity == Severity.info:
                continue
            failure = ET.SubElement(
                case, "failure", type=d.code, message=_xml(f"{d.path}:{d.line}:{d.col} {d.message}")
            )
            failure.text = _xml(
                f"{d.severity.value} {d.code}: {d.message}"
                + (f"\nhint: {d.hint}" if d.hint else "")
            )
    suites = ET.Element("testsuites")
    suites.append(suite)
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")
