"""The few source documents the generated records cite by file name.

They say plainly that they are synthetic: the corpus is a load test, and no
fact in it should ever be mistaken for a real one.
"""

from __future__ import annotations

from kbgen.corpus import Corpus

_WARNING = (
    "Document synthétique produit par bench/generate.py (graine {seed}) pour le banc "
    "d'essai de coop. Il ne reproduit aucun document réel ; les accords, instances et "
    "personnes qui le citent sont fictifs."
)

_BODIES = {
    "cog-2026.txt": (
        "Code officiel géographique 2026",
        "Les noms, codes INSEE, numéros SIREN, natures et populations municipales des "
        "régions, départements, intercommunalités et communes sont ceux des fichiers du "
        "Code officiel géographique 2026 diffusés par @etalab/decoupage-administratif "
        "(licence MIT). Seuls les liens entre ces territoires et les accords sont inventés.",
    ),
    "annuaire-elus-2026.txt": (
        "Annuaire des élus",
        "Présidences, vice-présidences et mandats de maire tirés au hasard parmi des "
        "prénoms et noms de famille courants.",
    ),
    "rapports-activite-reseaux.txt": (
        "Rapports d'activité des réseaux de coopération",
        "Associations, assemblées, bureaux, conférences et clubs thématiques de réseaux "
        "d'intercommunalités voisines.",
    ),
}


def build(corpus: Corpus, seed: int, deliberation_documents: list[str]) -> dict[str, str]:
    """File name -> text of every document the corpus cites."""
    warning = _WARNING.format(seed=seed)
    out = {name: f"{title}\n\n{warning}\n\n{body}\n" for name, (title, body) in _BODIES.items()}
    for name in deliberation_documents:
        year = name.rsplit("-", 1)[1].split(".")[0]
        out[name] = (
            f"Registre des délibérations et conventions – {year}\n\n{warning}\n\n"
            "Délibérations des conseils communautaires et municipaux approuvant des "
            "conventions de coopération, classées par collectivité.\n"
        )
    return out
