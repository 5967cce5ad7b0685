"""The message catalog: every label a note prints, in French and in English.

Content (titles, names, texts) stays as the knowledge base writes it; only
these labels change with ``--lang``. Enum values are keyed
``ClassName.value`` so a template writes ``{{ agreement.kind | t }}``.
"""

from __future__ import annotations

from enum import Enum

LANGUAGES = ("fr", "en")

# key -> (fr, en)
_CATALOG: dict[str, tuple[str, str]] = {
    # page furniture
    "site_title": (
        "Recensement des coopérations territoriales",
        "Census of territorial cooperation",
    ),
    "overview": ("Vue d'ensemble", "Overview"),
    "search": ("Rechercher", "Search"),
    "search_placeholder": ("Nom, sigle ou identifiant…", "Name, acronym or id…"),
    "search_results": ("Résultats de la recherche", "Search results"),
    "no_result": ("Aucun résultat.", "No result."),
    "as_of": ("Situation au", "As of"),
    "generated_by": ("Note produite par", "Note produced by"),
    "back_to_index": ("Retour à la vue d'ensemble", "Back to the overview"),
    "sources": ("Sources", "Sources"),
    "notes": ("Remarques", "Remarks"),
    "none": ("Aucun", "None"),
    "unknown": ("inconnu", "unknown"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "id": ("Identifiant", "Identifier"),
    "name": ("Nom", "Name"),
    "kind": ("Nature", "Kind"),
    "status": ("Statut", "Status"),
    "date": ("Date", "Date"),
    "event": ("Événement", "Event"),
    "page": ("page", "page"),
    "section": ("partie", "section"),
    "quote": ("citation", "quote"),
    "document": ("document", "document"),
    # French typography: a no-break space before a colon, inside guillemets.
    "colon": ("\u00a0:", ":"),
    "open_quote": ("«\u00a0", "“"),
    "close_quote": ("\u00a0»", "”"),
    # collections
    "agreements": ("Accords", "Agreements"),
    "territories": ("Territoires", "Territories"),
    "bodies": ("Instances", "Bodies"),
    "people": ("Personnes", "People"),
    "themes": ("Thèmes", "Themes"),
    "agreement": ("Accord", "Agreement"),
    "territory": ("Territoire", "Territory"),
    "body": ("Instance", "Body"),
    "person": ("Personne", "Person"),
    "theme": ("Thème", "Theme"),
    # agreements
    "in_force_on": ("En vigueur au", "In force on"),
    "parties": ("Parties", "Parties"),
    "party_count": ("Nombre de parties selon la source", "Number of parties per the source"),
    "role": ("Rôle", "Role"),
    "population": ("Population", "Population"),
    "signed_by": ("Signataires", "Signed by"),
    "key_dates": ("Dates clés", "Key dates"),
    "deliberation": ("Délibération", "Deliberation"),
    "deliberation_scheduled": ("Délibération annoncée", "Deliberation scheduled"),
    "signature": ("Signature", "Signature"),
    "entry_into_force": ("Entrée en vigueur", "Entry into force"),
    "end": ("Fin", "End"),
    "duration": ("Durée", "Duration"),
    "framework": ("Cadre dont il découle", "Framework it derives from"),
    "derived": ("Contrats qui en découlent", "Agreements derived from it"),
    "axes": ("Axes", "Axes"),
    "commitments": ("Engagements par thème", "Commitments by theme"),
    "commitment": ("Engagement", "Commitment"),
    "no_theme": ("Sans thème", "No theme"),
    "actions": ("Actions", "Actions"),
    "lead": ("Chef de file", "Lead"),
    "pilots": ("Pilotes", "Pilots"),
    "on_behalf_of": ("pour", "for"),
    "linked_body": ("Instance liée", "Linked body"),
    "observation": ("Constat", "Observation"),
    "need": ("Besoin", "Need"),
    "added_value": ("Plus-value", "Added value"),
    "mandatory": ("obligatoire", "mandatory"),
    "bodies_set_up": ("Instances créées", "Bodies set up"),
    "review": ("Bilan", "Review"),
    "timeline": ("Chronologie", "Timeline"),
    # territories
    "cooperations": ("Coopérations", "Cooperations"),
    "partners": ("Partenaires", "Partners"),
    "member_of": ("Instances dont il est membre", "Bodies it belongs to"),
    "officials_posts": ("Postes tenus par ses élus", "Posts held by its officials"),
    "parent": ("Rattachement", "Part of"),
    "members": ("Membres", "Members"),
    "member_count": ("Nombre de membres selon la source", "Number of members per the source"),
    "identifiers": ("Identifiants", "Identifiers"),
    "network": ("Réseau de coopération", "Cooperation network"),
    "network_desc": (
        "Territoires et instances reliés par un accord commun",
        "Territories and bodies linked by a shared agreement",
    ),
    "shared_agreements": ("Accords communs", "Shared agreements"),
    # bodies
    "composition": ("Composition", "Composition"),
    "posts": ("Postes et titulaires", "Posts and holders"),
    "holder": ("Titulaire", "Holder"),
    "period": ("Période", "Period"),
    "meets": ("Rythme de réunion", "Meeting rhythm"),
    "per_year": ("fois par an", "times a year"),
    "at_least": ("au moins", "at least"),
    "sub_bodies": ("Instances rattachées", "Sub-bodies"),
    "animated_by": ("Animée par", "Run by"),
    "set_up_by": ("Créée par", "Set up by"),
    "level": ("Niveau", "Level"),
    "active": ("Activité", "Active"),
    "address": ("Adresse", "Address"),
    "since": ("depuis", "since"),
    "until": ("jusqu'à", "until"),
    # people
    "mandates": ("Mandats", "Mandates"),
    "attested": ("attesté", "attested"),
    "signed_agreements": ("Accords signés", "Agreements signed"),
    "piloted": ("Engagements pilotés", "Commitments piloted"),
    # themes
    "commitments_on_theme": ("Engagements sur ce thème", "Commitments on this theme"),
    # overview
    "counts": ("En chiffres", "In figures"),
    "by_kind": ("Accords par nature", "Agreements by kind"),
    "by_status": ("Accords par statut", "Agreements by status"),
    "count": ("Nombre", "Count"),
    "all_agreements": ("Tous les accords", "All agreements"),
    "matrix": ("Qui coopère avec qui", "Who cooperates with whom"),
    "matrix_desc": (
        "Nombre d'accords communs à deux territoires",
        "Number of agreements two territories share",
    ),
    "capped_timeline": (
        "Seuls les accords les plus récents figurent ici ; le tableau ci-dessous les donne tous",
        "Only the most recent agreements are drawn; the table below lists them all",
    ),
    "capped_network": (
        "Seules figurent les parties qui comptent le plus d'accords, et les accords qui en "
        "relient au moins deux",
        "Only the parties in the most agreements are drawn, with the agreements binding two "
        "of them or more",
    ),
    "capped_matrix": (
        "Seuls figurent les territoires qui ont le plus de partenaires ; la page de chaque "
        "territoire les donne tous",
        "Only the territories with the most partners are shown; each territory's page lists "
        "all its partners",
    ),
    "shown_of": ("affichés sur", "shown of"),
    "timeline_desc": (
        "Chaque ligne est un accord, de sa signature ou entrée en vigueur à sa fin",
        "Each row is an agreement, from signature or entry into force to its end",
    ),
}

_ENUMS: dict[str, tuple[str, str]] = {
    # TerritoryKind
    "TerritoryKind.commune": ("commune", "municipality"),
    "TerritoryKind.metropole": ("métropole", "metropolis"),
    "TerritoryKind.cu": ("communauté urbaine", "urban community"),
    "TerritoryKind.ca": ("communauté d'agglomération", "agglomeration community"),
    "TerritoryKind.cc": ("communauté de communes", "community of municipalities"),
    "TerritoryKind.ept": ("établissement public territorial", "public territorial establishment"),
    "TerritoryKind.petr": ("pôle d'équilibre territorial et rural", "rural balance hub (PETR)"),
    "TerritoryKind.pays": ("pays", "pays"),
    "TerritoryKind.pole_metropolitain": ("pôle métropolitain", "metropolitan hub"),
    "TerritoryKind.syndicat_mixte": ("syndicat mixte", "joint syndicate"),
    "TerritoryKind.departement": ("département", "département"),
    "TerritoryKind.region": ("région", "region"),
    "TerritoryKind.etat": ("État", "State"),
    "TerritoryKind.other": ("autre", "other"),
    # AgreementKind
    "AgreementKind.accord_cadre": ("accord-cadre", "framework agreement"),
    "AgreementKind.contrat_reciprocite": ("contrat de réciprocité", "reciprocity contract"),
    "AgreementKind.pacte_etat_metropoles": ("pacte État-métropoles", "State–metropolises pact"),
    "AgreementKind.pacte_metropolitain_innovation": (
        "pacte métropolitain d'innovation",
        "metropolitan innovation pact",
    ),
    "AgreementKind.projet_cooperation": ("projet de coopération", "cooperation project"),
    "AgreementKind.convention_partenariat": ("convention de partenariat", "partnership agreement"),
    "AgreementKind.contrat_partenariat": ("contrat de partenariat", "partnership contract"),
    "AgreementKind.entente": ("entente", "entente"),
    "AgreementKind.other": ("autre", "other"),
    # AgreementStatus
    "AgreementStatus.announced": ("annoncé", "announced"),
    "AgreementStatus.in_preparation": ("en préparation", "in preparation"),
    "AgreementStatus.adopted": ("adopté", "adopted"),
    "AgreementStatus.signed": ("signé", "signed"),
    "AgreementStatus.in_force": ("en vigueur", "in force"),
    "AgreementStatus.expired": ("échu", "expired"),
    "AgreementStatus.terminated": ("résilié", "terminated"),
    "AgreementStatus.abandoned": ("abandonné", "abandoned"),
    "AgreementStatus.unknown": ("inconnu", "unknown"),
    # PartyRole
    "PartyRole.signatory": ("signataire", "signatory"),
    "PartyRole.party": ("partie", "party"),
    "PartyRole.beneficiary": ("bénéficiaire", "beneficiary"),
    "PartyRole.observer": ("observateur", "observer"),
    "PartyRole.coordinator": ("coordinateur", "coordinator"),
    # ActionStatus
    "ActionStatus.planned": ("prévue", "planned"),
    "ActionStatus.ongoing": ("en cours", "ongoing"),
    "ActionStatus.done": ("réalisée", "done"),
    "ActionStatus.stopped": ("arrêtée", "stopped"),
    "ActionStatus.unknown": ("état inconnu", "status unknown"),
    # BodyKind
    "BodyKind.association": ("association", "association"),
    "BodyKind.general_assembly": ("assemblée générale", "general assembly"),
    "BodyKind.bureau": ("bureau", "bureau"),
    "BodyKind.conference": ("conférence", "conference"),
    "BodyKind.club": ("club", "club"),
    "BodyKind.council": ("conseil", "council"),
    "BodyKind.urban_planning_agency": ("agence d'urbanisme", "urban planning agency"),
    "BodyKind.syndicat_mixte": ("syndicat mixte", "joint syndicate"),
    "BodyKind.transport_authority": ("autorité organisatrice des mobilités", "transport authority"),
    "BodyKind.state_service": ("service de l'État", "State service"),
    "BodyKind.network": ("réseau", "network"),
    "BodyKind.other": ("autre", "other"),
    # BodyLevel
    "BodyLevel.political": ("politique", "political"),
    "BodyLevel.technical": ("technique", "technical"),
    # MemberRole
    "MemberRole.full_member": ("membre de plein droit", "full member"),
    "MemberRole.associate_member": ("membre associé", "associate member"),
    "MemberRole.member": ("membre", "member"),
    # PostRole
    "PostRole.president": ("présidence", "president"),
    "PostRole.vice_president": ("vice-présidence", "vice-president"),
    "PostRole.secretary": ("secrétaire", "secretary"),
    "PostRole.treasurer": ("trésorerie", "treasurer"),
    "PostRole.referent_official": ("élu référent", "referent official"),
    "PostRole.member": ("membre", "member"),
    "PostRole.director": ("direction", "director"),
    "PostRole.other": ("autre", "other"),
    # MandateRole
    "MandateRole.president": ("président", "president"),
    "MandateRole.vice_president": ("vice-président", "vice-president"),
    "MandateRole.mayor": ("maire", "mayor"),
    "MandateRole.councillor": ("conseiller", "councillor"),
    "MandateRole.prime_minister": ("Premier ministre", "Prime Minister"),
    "MandateRole.minister": ("ministre", "minister"),
    "MandateRole.official": ("agent", "official"),
    "MandateRole.other": ("autre", "other"),
}


class UnknownMessage(KeyError):
    """A template asked for a label the catalog does not have."""


def translate(key: object, lang: str) -> str:
    """The label for ``key`` (a catalog key or an enum member) in ``lang``.

    An unknown key is an error, not a silent fallback: a typo in a template
    must fail the tests like a missing variable does.
    """
    index = LANGUAGES.index(lang)
    if isinstance(key, Enum):
        name = f"{type(key).__name__}.{key.value}"
        entry = _ENUMS.get(name)
        if entry is None:  # an enum value added to the model but not here yet
            return str(key.value)
        return entry[index]
    entry = _CATALOG.get(str(key))
    if entry is None:
        raise UnknownMessage(f"no message {key!r} in the catalog")
    return entry[index]


def enum_keys() -> set[str]:
    return set(_ENUMS)
