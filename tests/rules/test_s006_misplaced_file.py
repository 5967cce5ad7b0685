"""S006 misplaced-file: YAML outside the collection folders."""

from rules.helpers import check


def test_misplaced(tmp_path):
    files = {
        "data/agreement/a.yaml": "id: a\n",  # singular folder name
        "data/x.yml": "id: x\n",
        "data/vocabulary/other.yaml": "themes: []\n",
    }
    expected = [(path, 1, 1) for path in files]
    check(tmp_path, "S006", files, expected)


def test_not_yaml_or_hidden_or_outside_data_passes(tmp_path):
    files = {
        "data/territories/notes.txt": "x",
        "data/territories/.draft.yaml": "id: draft\n",
        "data/.git/config.yaml": "x: 1\n",
        "other/x.yaml": "id: x\n",
    }
    check(tmp_path, "S006", files, [])
