"""French explanations of every key and every vocabulary value.

Editors show them (JSON Schema descriptions) and ``coop new`` writes them as
comments beside each key. A description written on the model field itself
(``Field(description=…)``) wins; this catalogue fills in the rest, first by
``Model.field`` then by field name alone (``sources`` means the same everywhere).
A test fails when a field of any model has no explanation.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel

FIELDS: dict[str, str] = {
    # Shared meanings, by field name.
    "id": "Identifiant : mots en minuscules ASCII reliés par des tirets, égal au nom du fichier",
    "sources": "D'où vient l'information : au moins une source (document ou url)",
    "notes": "Remarques pour le lecteur : écart entre sources, inconnue, réserve",
    "name": "Nom officiel, en toutes lettres",
    "short_name": "Nom court ou sigle",
    "aliases": "Autres graphies rencontrées dans les sources",
    "title": "Intitulé tel que la source l'écrit",
    "short_title": "Intitulé court, pour les listes",
    "kind": "Nature (valeur de la liste ci-dessous)",
    "status": "État (valeur de la liste ci-dessous)",
    "territory": "Id d'un territoire (data/territories/<id>.yaml)",
    "body": "Id d'une instance (data/bodies/<id>.yaml)",
    "person": "Id d'une personne (data/people/<id>.yaml)",
    "parent": "Id de l'enregistrement parent, dans la même collection",
    "members": "Membres",
    "member_count": "Nombre de membres indiqué par la source, nommés ou non",
    "date": "Date : AAAA-MM-JJ, AAAA-MM ou AAAA",
    "date_text": "Date telle que la source l'écrit si elle est incomplète",
    "until": "Fin, si l'événement s'étale",
    "period": "Période : début (start) et fin (end), chacune facultative",
    "start": "Début : AAAA-MM-JJ, AAAA-MM ou AAAA",
    "end": "Fin : AAAA-MM-JJ, AAAA-MM ou AAAA",
    "as_of": "Date à laquelle la source l'atteste",
    "milestones": "Étapes datées",
    "place": "Lieu",
    "summary": "Résumé en quelques phrases",
    "description": "Description",
    "role": "Rôle (valeur de la liste ci-dessous)",
    "on_behalf_of": "Id du territoire représenté",
    "text": "Texte, tel que la source l'écrit",
    "label": "Libellé",
    # Source
    "Source.title": "Titre du document",
    "Source.publisher": "Éditeur ou auteur du document",
    "Source.date": "Date du document : AAAA-MM-JJ, AAAA-MM ou AAAA",
    "Source.page": "Page où lire le fait",
    "Note.text": "La remarque, en français",
    # Territory
    "Territory.name": "Nom officiel du territoire (celui du COG si possible)",
    "Territory.kind": "Nature du territoire",
    "Territory.identifiers": "Identifiants officiels : siren et/ou insee",
    "Territory.population": "Population (valeur et année)",
    "Territory.parent": "Id du territoire dont il fait partie",
    "Population.value": "Nombre d'habitants",
    "Population.year": "Année du recensement",
    # Agreement
    "Agreement.title": "Intitulé de l'accord tel que la source l'écrit",
    "Agreement.kind": "Nature de l'accord",
    "Agreement.status": "Où en est l'accord",
    "Agreement.parties": "Parties liées par l'accord : un territoire ou une instance chacune",
    "Agreement.parent": "Id de l'accord dont celui-ci découle (un pacte qui prévoit un contrat)",
    "Agreement.deliberations": "Délibérations des assemblées sur l'accord (faites ou annoncées)",
    "Agreement.signature": "Signature : date, lieu, sources",
    "Agreement.entry_into_force": "Entrée en vigueur : AAAA-MM-JJ, AAAA-MM ou AAAA",
    "Agreement.end": "Fin de l'accord : AAAA-MM-JJ, AAAA-MM ou AAAA",
    "Agreement.duration": "Durée telle que la source l'écrit (« trois ans »)",
    "Agreement.milestones": "Étapes datées de la vie de l'accord",
    "Agreement.themes": "Thèmes de l'accord (ids de data/vocabulary/themes.yaml)",
    "Agreement.axes": "Axes de l'accord",
    "Agreement.commitments": "Engagements, chacun avec son id, son thème et ses sources",
    "Agreement.review": "Bilan d'une période de coopération antérieure",
    "Party.territory": "Id du territoire partie à l'accord",
    "Party.body": "Id de l'instance partie à l'accord",
    "Party.role": "Rôle de la partie",
    "Deliberation.territory": "Id du territoire dont l'assemblée délibère",
    "Deliberation.body": "Id de l'instance qui délibère",
    "Milestone.event": "Ce qui s'est passé, en une phrase",
    "Action.title": "Intitulé de l'action",
    "Action.status": "Avancement de l'action",
    "Pilot.person": "Id de la personne qui pilote",
    "Axis.id": "Identifiant de l'axe, unique dans l'accord",
    "Axis.title": "Intitulé de l'axe",
    "Commitment.id": "Identifiant de l'engagement, unique dans l'accord",
    "Commitment.title": "Intitulé de l'engagement",
    "Commitment.theme": "Thème (id de data/vocabulary/themes.yaml)",
    "Commitment.text": "Texte de l'engagement",
    "Commitment.mandatory": "Engagement obligatoire (true) ou facultatif",
    "Commitment.actions": "Actions prévues ou menées",
    "Commitment.lead": "Ids des territoires chefs de file",
    "Commitment.pilots": "Pilotes : personnes et territoires qu'elles représentent",
    "Commitment.body": "Id de l'instance liée à l'engagement",
    "Commitment.notes": "Remarques, en texte libre",
    "Review.period": "Période évaluée",
    # Body
    "Body.name": "Nom de l'instance, en toutes lettres",
    "Body.kind": "Nature de l'instance",
    "Body.level": "Niveau : politique ou technique",
    "Body.parent": "Id de l'instance dont elle dépend (l'association pour son bureau)",
    "Body.set_up_by": "Id de l'accord qui l'a créée",
    "Body.active": "Période d'activité",
    "Body.members": "Membres : territoires ou instances",
    "Body.meets": "Rythme des réunions, selon chaque source",
    "Body.posts": "Postes : rôle, personne, territoire représenté, période",
    "Body.animated_by": "Instances qui l'animent",
    "Body.milestones": "Étapes datées de la vie de l'instance",
    "Body.address": "Adresse postale",
    "Membership.territory": "Id du territoire membre",
    "Membership.body": "Id de l'instance membre",
    "Membership.role": "Qualité du membre",
    "Post.role": "Rôle du poste",
    "Post.person": "Id de la personne qui occupe le poste",
    "MeetingRhythm.per_year": "Nombre de réunions par an",
    "MeetingRhythm.text": "Le rythme tel que la source l'écrit",
    "Animation.body": "Id de l'instance qui anime",
    "Animation.detail": "Comment elle anime",
    # Person
    "Person.name": "Prénom et nom",
    "Person.mandates": "Mandats, tels que les sources les attestent",
    "Mandate.role": "Nature du mandat",
    "Mandate.territory": "Id du territoire du mandat",
    "Mandate.body": "Id de l'instance du mandat",
    # Themes
    "Theme.id": "Identifiant du thème, cité par les accords et engagements",
    "Theme.label": "Libellé affiché dans les notes",
    "Theme.description": "Ce que le thème couvre",
    "ThemeList.themes": "Les thèmes : id, label, description",
    # coop.yaml
    "Settings.language": "Langue des notes",
}

# French labels of the vocabulary values, shown beside each allowed value.
VALUES: dict[str, str] = {
    # TerritoryKind
    "TerritoryKind.commune": "commune",
    "TerritoryKind.metropole": "métropole",
    "TerritoryKind.cu": "communauté urbaine",
    "TerritoryKind.ca": "communauté d'agglomération",
    "TerritoryKind.cc": "communauté de communes",
    "TerritoryKind.ept": "établissement public territorial (Grand Paris)",
    "TerritoryKind.petr": "pôle d'équilibre territorial et rural",
    "TerritoryKind.pays": "pays",
    "TerritoryKind.pole_metropolitain": "pôle métropolitain",
    "TerritoryKind.syndicat_mixte": "syndicat mixte",
    "TerritoryKind.departement": "département",
    "TerritoryKind.region": "région",
    "TerritoryKind.etat": "l'État",
    "TerritoryKind.other": "autre",
    # AgreementKind
    "AgreementKind.accord_cadre": "accord-cadre",
    "AgreementKind.contrat_reciprocite": "contrat de réciprocité",
    "AgreementKind.pacte_etat_metropoles": "pacte État-métropoles",
    "AgreementKind.pacte_metropolitain_innovation": "pacte métropolitain d'innovation",
    "AgreementKind.projet_cooperation": "projet de coopération",
    "AgreementKind.convention_partenariat": "convention de partenariat",
    "AgreementKind.contrat_partenariat": "contrat de partenariat",
    "AgreementKind.entente": "entente",
    "AgreementKind.other": "autre",
    # AgreementStatus
    "AgreementStatus.announced": "annoncé",
    "AgreementStatus.in_preparation": "en préparation",
    "AgreementStatus.adopted": "adopté par délibération, pas encore signé",
    "AgreementStatus.signed": "signé",
    "AgreementStatus.in_force": "en vigueur",
    "AgreementStatus.expired": "échu",
    "AgreementStatus.terminated": "résilié",
    "AgreementStatus.abandoned": "abandonné",
    "AgreementStatus.unknown": "inconnu",
    # PartyRole
    "PartyRole.signatory": "signataire",
    "PartyRole.party": "partie (signature non documentée)",
    "PartyRole.beneficiary": "bénéficiaire",
    "PartyRole.observer": "observateur",
    "PartyRole.coordinator": "coordinateur",
    # ActionStatus
    "ActionStatus.planned": "prévue",
    "ActionStatus.ongoing": "en cours",
    "ActionStatus.done": "réalisée",
    "ActionStatus.stopped": "arrêtée",
    "ActionStatus.unknown": "inconnu",
    # BodyKind
    "BodyKind.association": "association",
    "BodyKind.general_assembly": "assemblée générale",
    "BodyKind.bureau": "bureau",
    "BodyKind.conference": "conférence",
    "BodyKind.club": "club",
    "BodyKind.council": "conseil",
    "BodyKind.urban_planning_agency": "agence d'urbanisme",
    "BodyKind.syndicat_mixte": "syndicat mixte",
    "BodyKind.transport_authority": "autorité organisatrice des mobilités",
    "BodyKind.state_service": "service de l'État",
    "BodyKind.network": "réseau",
    "BodyKind.other": "autre",
    # BodyLevel
    "BodyLevel.political": "politique",
    "BodyLevel.technical": "technique",
    # MemberRole
    "MemberRole.full_member": "membre de plein droit",
    "MemberRole.associate_member": "membre associé",
    "MemberRole.member": "membre",
    # PostRole
    "PostRole.president": "président(e)",
    "PostRole.vice_president": "vice-président(e)",
    "PostRole.secretary": "secrétaire",
    "PostRole.treasurer": "trésorier(ère)",
    "PostRole.referent_official": "élu(e) référent(e)",
    "PostRole.member": "membre",
    "PostRole.director": "directeur(rice)",
    "PostRole.other": "autre",
    # MandateRole
    "MandateRole.president": "président(e)",
    "MandateRole.vice_president": "vice-président(e)",
    "MandateRole.mayor": "maire",
    "MandateRole.councillor": "conseiller(ère)",
    "MandateRole.prime_minister": "Premier ministre",
    "MandateRole.minister": "ministre",
    "MandateRole.official": "agent, chargé(e) de mission",
    "MandateRole.other": "autre",
    # Severity (coop.yaml)
    "Severity.error": "erreur",
    "Severity.warning": "avertissement",
    "Severity.info": "information",
    "Severity.off": "non signalé",
}


def field_description(model: type[BaseModel], name: str) -> str | None:
    """The French explanation of ``model``'s field ``name``, or None."""
    info = model.model_fields.get(name)
    if info is not None and info.description:
        return info.description
    for cls in model.__mro__:
        found = FIELDS.get(f"{cls.__name__}.{name}")
        if found:
            return found
    return FIELDS.get(name)


def value_label(enum: type[Enum], member: Enum) -> str | None:
    """The French label of one vocabulary value, or None."""
    return VALUES.get(f"{enum.__name__}.{member.name}")


def values_text(enum: type[Enum]) -> str:
    """``a (label), b (label)…``: the allowed values of a vocabulary, for a comment."""
    parts = []
    for member in enum:
        label = value_label(enum, member)
        parts.append(
            f"{member.value} ({label})" if label and label != member.value else str(member.value)
        )
    return ", ".join(parts)
