"""The base knowledge base of the rule tests is clean, and every rule has its module."""

from pathlib import Path

from coop.rules import RULES
from rules.helpers import run


def test_base_kb_is_clean(tmp_path):
    # Every rule test adds a snippet to this KB: any diagnostic must come from it.
    assert run(tmp_path) == []


def test_every_rule_has_a_test_module():
    here = Path(__file__).parent
    for rule in RULES.values():
        name = f"test_{rule.code.lower()}_{rule.name.replace('-', '_')}.py"
        assert (here / name).is_file(), f"{rule.code} has no tests/rules/{name}"
