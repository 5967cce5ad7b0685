"""P002 source-locator: a source with neither url nor document."""

import textwrap

from rules.helpers import AGREEMENT, check

AG = textwrap.dedent(AGREEMENT)


def test_source_without_locator_anywhere(tmp_path):
    text = (
        AG.replace(
            "  date: 2016-01-29\n", "  date: 2016-01-29\n  sources:\n    - title: Communiqué\n"
        )
        + "notes:\n  - text: x\n    sources: [{quote: signé}]\n"
    )
    check(tmp_path, "P002", {"data/agreements/accord.yaml": text}, [(11, 7), (16, 15)])


def test_url_or_document_passes(tmp_path):
    text = AG + "notes:\n  - text: x\n    sources: [{url: 'https://example.org/'}]\n"
    check(tmp_path, "P002", {"data/agreements/accord.yaml": text}, [])
