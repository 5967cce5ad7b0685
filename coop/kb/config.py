"""Knowledge-base settings, read from ``coop.yaml`` at the KB root (optional)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from coop.diagnostics import Severity
from coop.load.reading import DEFAULT_MAX_FILE_SIZE
from coop.model.common import Model

CONFIG_FILE = "coop.yaml"
DATA_DIR = "data"


class Settings(Model):
    """Contents of ``coop.yaml``. Unknown keys are errors."""

    language: str = Field("fr", pattern=r"^(fr|en)$", description="Langue des notes")
    documents: str | None = Field(
        None, description="Dossier des documents sources cités (relatif à la racine)"
    )
    severity: dict[str, Severity] = Field(
        {}, description="Sévérité par code de règle: error, warning, info ou off"
    )
    max_file_size: int = Field(
        DEFAULT_MAX_FILE_SIZE, gt=0, description="Taille maximale d'un fichier (octets)"
    )
    cog_vintage: str | None = Field(None, description="Millésime du COG attendu")


def find_root(start: Path) -> Path | None:
    """The knowledge base holding ``start``: the nearest folder upward with
    ``coop.yaml`` or a ``data/`` folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file() or (folder / DATA_DIR).is_dir():
            return folder
    return None
