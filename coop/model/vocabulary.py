"""Structural vocabularies: the closed lists the code itself reasons about.

Themes are not here: they are data (``data/vocabulary/themes.yaml``) so that
analysts can extend them without a release.
"""

from enum import StrEnum


class TerritoryKind(StrEnum):
    commune = "commune"
    metropole = "metropole"
    cu = "cu"  # communauté urbaine
    ca = "ca"  # communauté d'agglomération
    cc = "cc"  # communauté de communes
    ept = "ept"  # établissement public territorial (Grand Paris)
    petr = "petr"  # pôle d'équilibre territorial et rural
    pays = "pays"
    pole_metropolitain = "pole_metropolitain"
    syndicat_mixte = "syndicat_mixte"
    departement = "departement"
    region = "region"
    etat = "etat"
    other = "other"


# EPCI kinds, in the sense of the Code officiel géographique.
EPCI_KINDS = frozenset(
    {TerritoryKind.metropole, TerritoryKind.cu, TerritoryKind.ca, TerritoryKind.cc}
)
INTERCOMMUNAL_KINDS = EPCI_KINDS | {TerritoryKind.ept}


class AgreementKind(StrEnum):
    accord_cadre = "accord_cadre"
    contrat_reciprocite = "contrat_reciprocite"
    pacte_etat_metropoles = "pacte_etat_metropoles"
    pacte_metropolitain_innovation = "pacte_metropolitain_innovation"
    projet_cooperation = "projet_cooperation"
    convention_partenariat = "convention_partenariat"
    contrat_partenariat = "contrat_partenariat"
    entente = "entente"
    other = "other"


# Kinds that by definition bind (at least) two parties.
BILATERAL_KINDS = frozenset({AgreementKind.accord_cadre, AgreementKind.contrat_reciprocite})


class AgreementStatus(StrEnum):
    announced = "announced"  # publicly announced as a project
    in_preparation = "in_preparation"  # being drafted or put to the vote
    adopted = "adopted"  # adopted by deliberation, not (or not yet) signed
    signed = "signed"
    in_force = "in_force"
    expired = "expired"
    terminated = "terminated"
    abandoned = "abandoned"
    unknown = "unknown"


# Statuses that assert a signature took place.
SIGNED_STATUSES = frozenset(
    {
        AgreementStatus.signed,
        AgreementStatus.in_force,
        AgreementStatus.expired,
        AgreementStatus.terminated,
    }
)


class PartyRole(StrEnum):
    signatory = "signatory"
    party = "party"  # bound by the agreement; signature not documented
    beneficiary = "beneficiary"
    observer = "observer"
    coordinator = "coordinator"


class ActionStatus(StrEnum):
    planned = "planned"
    ongoing = "ongoing"
    done = "done"
    stopped = "stopped"
    unknown = "unknown"


class BodyKind(StrEnum):
    association = "association"
    general_assembly = "general_assembly"
    bureau = "bureau"
    conference = "conference"
    club = "club"
    council = "council"
    urban_planning_agency = "urban_planning_agency"
    syndicat_mixte = "syndicat_mixte"
    transport_authority = "transport_authority"
    state_service = "state_service"
    network = "network"
    other = "other"


class BodyLevel(StrEnum):
    political = "political"
    technical = "technical"


class MemberRole(StrEnum):
    full_member = "full_member"  # membre de plein droit
    associate_member = "associate_member"  # membre associé
    member = "member"


class PostRole(StrEnum):
    president = "president"
    vice_president = "vice_president"
    secretary = "secretary"
    treasurer = "treasurer"
    referent_official = "referent_official"  # élu référent
    member = "member"
    director = "director"
    other = "other"


class MandateRole(StrEnum):
    president = "president"
    vice_president = "vice_president"
    mayor = "mayor"
    councillor = "councillor"
    prime_minister = "prime_minister"
    minister = "minister"
    official = "official"  # agent, chargé de mission…
    other = "other"
