"""Files saved in another encoding than UTF-8 are named by their encoding,
through the real CLI: UTF-32's little-endian BOM starts with UTF-16's, and
was reported as UTF-16."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_coop

from hardening.corpus import build

TEXT = "id: {name}\nname: Hélène\nsources:\n  - url: https://example.org/x\n"
ENCODINGS = {
    "utf32-bom": ("utf-32", "UTF-32"),
    "utf32-le": ("utf-32-le", "UTF-32"),
    "utf32-be": ("utf-32-be", "UTF-32"),
    "utf16-bom": ("utf-16", "UTF-16"),
    "utf16-be": ("utf-16-be", "UTF-16"),
}


def test_wide_encodings_are_named(tmp_path: Path) -> None:
    root = build(None, tmp_path / "kb")
    for name, (codec, _) in ENCODINGS.items():
        (root / f"data/people/{name}.yaml").write_bytes(TEXT.format(name=name).encode(codec))
    run = run_coop("validate", "--kb", str(root), "--format", "json", "--no-cache")
    assert run.code == 1, run.err
    found = {
        d["path"].rsplit("/", 1)[-1].removesuffix(".yaml"): (
            d["line"],
            d["column"],
            d["code"],
            d["message"],
        )
        for d in json.loads(run.out)["diagnostics"]
    }
    assert found == {
        name: (1, 1, "Y004", f"the file is encoded in {shown}, not UTF-8")
        for name, (_, shown) in ENCODINGS.items()
    }
