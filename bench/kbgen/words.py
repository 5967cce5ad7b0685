"""French words the generator draws from: themes, commitments, actions, names.

Everything here is generic vocabulary for a synthetic corpus; no record it
produces describes a real agreement or a real person.
"""

from __future__ import annotations

# id -> (label, commitments that cooperation on the theme typically takes on)
THEMES: dict[str, tuple[str, list[str]]] = {
    "mobilite": (
        "Mobilités",
        [
            "Coordonner les offres de transport collectif",
            "Développer le covoiturage domicile-travail",
            "Aménager un réseau cyclable continu",
            "Créer un pôle d'échanges multimodal",
        ],
    ),
    "developpement-economique": (
        "Développement économique",
        [
            "Promouvoir conjointement les zones d'activités",
            "Accompagner la reprise d'entreprises",
            "Animer un réseau d'entreprises du territoire",
        ],
    ),
    "tourisme": (
        "Tourisme",
        [
            "Construire une offre touristique commune",
            "Partager un stand sur les salons professionnels",
            "Baliser des itinéraires de randonnée",
        ],
    ),
    "alimentation": (
        "Alimentation et circuits courts",
        [
            "Élaborer un projet alimentaire territorial",
            "Approvisionner la restauration collective en produits locaux",
        ],
    ),
    "transition-ecologique": (
        "Transition écologique",
        [
            "Conduire un plan climat commun",
            "Développer les énergies renouvelables",
            "Préserver la biodiversité des continuités écologiques",
        ],
    ),
    "enseignement-superieur": (
        "Enseignement supérieur et recherche",
        [
            "Accueillir une antenne universitaire",
            "Soutenir les partenariats entre laboratoires et entreprises",
        ],
    ),
    "sante": (
        "Santé",
        [
            "Attirer des professionnels de santé",
            "Coordonner un contrat local de santé",
        ],
    ),
    "culture": (
        "Culture",
        [
            "Mutualiser une programmation culturelle",
            "Mettre en réseau les bibliothèques",
        ],
    ),
    "numerique": (
        "Numérique",
        [
            "Déployer le très haut débit",
            "Ouvrir des tiers-lieux numériques",
            "Partager un service d'inclusion numérique",
        ],
    ),
    "amenagement": (
        "Aménagement et urbanisme",
        [
            "Articuler les documents d'urbanisme",
            "Revitaliser les centres-bourgs",
        ],
    ),
    "habitat": (
        "Habitat",
        [
            "Rénover le parc de logements anciens",
            "Coordonner les politiques de logement social",
        ],
    ),
    "eau": (
        "Eau et milieux aquatiques",
        [
            "Sécuriser l'alimentation en eau potable",
            "Gérer ensemble les milieux aquatiques",
        ],
    ),
    "dechets": (
        "Déchets",
        [
            "Mutualiser le traitement des déchets",
            "Réduire les déchets à la source",
        ],
    ),
    "emploi-formation": (
        "Emploi et formation",
        [
            "Partager un observatoire de l'emploi",
            "Développer l'apprentissage",
        ],
    ),
    "attractivite": (
        "Attractivité et marketing territorial",
        [
            "Porter une marque territoriale commune",
            "Accueillir de nouveaux actifs",
        ],
    ),
    "services-publics": (
        "Services au public",
        [
            "Ouvrir des espaces France services",
            "Mutualiser l'ingénierie territoriale",
        ],
    ),
}

ACTIONS = [
    "Réaliser un diagnostic partagé",
    "Organiser un séminaire des élus",
    "Lancer une étude de faisabilité",
    "Signer une convention d'application",
    "Recruter un chargé de mission commun",
    "Publier un bilan annuel",
    "Mettre en place un groupe de travail technique",
    "Ouvrir un appel à projets",
    "Tenir une réunion publique",
    "Créer un site internet commun",
]

ACTION_PLACES = ["en mairie", "au siège de l'intercommunalité", "en visioconférence"]

FIRST_NAMES_F = [
    "Anne", "Camille", "Catherine", "Christine", "Claire", "Élise", "Émilie", "Françoise",
    "Hélène", "Isabelle", "Jeanne", "Julie", "Laurence", "Léa", "Marie", "Martine",
    "Monique", "Nathalie", "Nicole", "Pascale", "Sandrine", "Sophie", "Sylvie", "Valérie",
    "Véronique", "Agnès", "Brigitte", "Cécile", "Delphine", "Florence",
]  # fmt: skip
FIRST_NAMES_M = [
    "Alain", "André", "Antoine", "Bernard", "Bruno", "Christian", "Daniel", "Denis",
    "Didier", "Éric", "François", "Gérard", "Guillaume", "Henri", "Jacques", "Jean",
    "Jean-Luc", "Jean-Pierre", "Julien", "Laurent", "Louis", "Luc", "Marc", "Michel",
    "Nicolas", "Olivier", "Patrick", "Philippe", "Pierre", "Thierry",
]  # fmt: skip
SURNAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
    "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David",
    "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
    "Rousseau", "Vincent", "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc",
    "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
    "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu",
    "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire",
    "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly",
    "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard",
    "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
    "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix",
    "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet",
    "Rolland", "Leclercq", "Guillaume", "Lecomte",
]  # fmt: skip

NETWORK_NAMES = [
    "Dialogue territorial",
    "Alliance des territoires",
    "Pôle de coopération",
    "Réseau des intercommunalités",
    "Conférence territoriale",
]

CLUBS = [
    ("mobilite", "Club mobilités"),
    ("developpement-economique", "Club économie"),
    ("tourisme", "Club tourisme"),
    ("transition-ecologique", "Club transition écologique"),
    ("alimentation", "Club alimentation"),
    ("numerique", "Club numérique"),
    ("habitat", "Club habitat"),
    ("culture", "Club culture"),
]
