"""Knowledge-base settings, read from ``coop.yaml`` at the KB root (optional)."""

from __future__ import annotations

from pydantic import Field

from coop.diagnostics import Severity
from coop.layout import CONFIG_FILE, DATA_DIR, find_root
from coop.load.reading import DEFAULT_MAX_FILE_SIZE
from coop.model.common import Model

__all__ = ["CONFIG_FILE", "DATA_DIR", "Settings", "find_root"]


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
