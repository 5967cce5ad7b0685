"""S004 id-mismatch: the id differs from the file's stem."""

from rules.helpers import check

RECORD = "id: {id}\nname: X\nkind: ca\nsources: [{{document: deliberation.txt}}]\n"


def test_id_differs_from_file_name(tmp_path):
    file = "data/territories/ca-sicoval.yaml"
    (d,) = check(tmp_path, "S004", {file: RECORD.format(id="ca-x")}, [(1, 5)])
    assert "'ca-x'" in d.message
    assert "'ca-sicoval'" in d.message


def test_subfolders_and_yml_are_fine(tmp_path):
    files = {
        "data/territories/occitanie/x.yaml": RECORD.format(id="x"),
        "data/territories/y.yml": RECORD.format(id="y"),
    }
    check(tmp_path, "S004", files, [])
