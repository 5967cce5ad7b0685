"""Y009 custom-tag: tags other than the core schema's."""

import pytest

from rules.helpers import check

FILE = "data/territories/x.yaml"
HEAD = "id: x\nkind: ca\nsources: [{document: deliberation.txt}]\n"


@pytest.mark.parametrize(
    ("line", "position", "shown"),
    [
        (
            'name: !!python/object/apply:os.system ["ls"]\n',
            (4, 7),
            "!!python/object/apply:os.system",
        ),
        ("name: !foo X\n", (4, 7), "!foo"),
        ("name: !<tag:example.com,2000:x> X\n", (4, 7), "tag:example.com,2000:x"),
        ("name: X\naliases: !!set {a, b}\n", (5, 10), "!!set"),
        ("name: X\nidentifiers: !!omap [siren: '243100633']\n", (5, 14), "!!omap"),
    ],
)
def test_tag_is_reported(tmp_path, line, position, shown):
    (d,) = check(tmp_path, "Y009", {FILE: HEAD + line}, [position])
    assert shown in d.message


@pytest.mark.parametrize(
    "line",
    [
        "name: !!str 12\n",
        "name: X\nmember_count: !!int '12'\n",
        "name: X\nidentifiers: !!map {siren: !!str 243100633}\n",
        "name: ! 12\n",
    ],
)
def test_core_tags_pass(tmp_path, line):
    check(tmp_path, "Y009", {FILE: HEAD + line}, [])
