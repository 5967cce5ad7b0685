"""The files of a new knowledge base, as ``coop init`` writes them."""

from __future__ import annotations

COOP_YAML = """\
# Réglages de cette base de connaissances (coop validate --help, coop rules).
documents: documents   # dossier des documents sources cités par les fiches
# severity:            # sévérité d'une règle : error, warning, info ou off
#   P004: warning
"""

THEMES_YAML = """\
# Thèmes des accords et des engagements : liste contrôlée, extensible.
# Après un ajout, `coop schema` met à jour la liste proposée par l'éditeur.
themes:
  - id: developpement-economique
    label: Développement économique
  - id: mobilites
    label: Mobilités
  - id: enseignement-superieur-recherche
    label: Enseignement supérieur et recherche
  - id: culture
    label: Culture
  - id: tourisme
    label: Tourisme
  - id: transition-ecologique
    label: Transition écologique
  - id: agriculture-alimentation
    label: Agriculture et alimentation
  - id: sante
    label: Santé
  - id: habitat
    label: Habitat
  - id: numerique
    label: Numérique
"""

README = """\
# Base de connaissances des coopérations territoriales

Une fiche YAML par enregistrement dans `data/` (territoires, accords,
instances, personnes), les thèmes dans `data/vocabulary/themes.yaml`, les
documents sources cités dans `documents/`.

```sh
coop new agreement accord-cadre-a-b   # une fiche à remplir
coop validate                         # tout vérifier
coop fmt                              # ordre des clés et mise en page
coop diff main                        # ce qui a changé, pour la demande de fusion
```

L'éditeur (VS Code et son extension YAML) complète les clés et signale les
erreurs grâce aux schémas de `schemas/` ; `coop schema` les régénère.
"""

GITHUB_WORKFLOW = """\
# Checks the knowledge base on every push and pull request.
name: coop
on:
  push:
  pull_request:
jobs:
  validate:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install coop
        run: pip install {install}
      - name: Validate (annotations on the pull request)
        run: coop validate --format github
      - name: Formatting
        run: coop fmt --check
"""

GITLAB_CI = """\
# Checks the knowledge base on every pipeline; findings appear in the merge
# request's Code Quality widget.
coop-validate:
  image: python:3.11-slim
  script:
    - pip install {install}
    - coop validate --format gitlab --output gl-code-quality-report.json || true
    - coop validate
    - coop fmt --check
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
"""

PRE_COMMIT_CONFIG = """\
# Checks run before each commit: pip install pre-commit && pre-commit install
# These hooks use the coop installed on this machine (`language: system`).
repos:
  - repo: local
    hooks:
      - id: coop-fmt
        name: coop fmt
        entry: coop fmt
        language: system
        files: ^(data/.*\\.ya?ml|coop\\.yaml)$
      - id: coop-validate
        name: coop validate
        entry: coop validate
        language: system
        pass_filenames: false
        files: ^(data/.*\\.ya?ml|coop\\.yaml|documents/.*)$
"""

GITIGNORE = """\
gl-code-quality-report.json
"""
