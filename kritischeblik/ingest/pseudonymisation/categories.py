"""Placeholder categories of pseudonymisation: the WORD in ``[WORD-n]``.

Kept apart from :mod:`.pseudonymiser` so that the pure finders in :mod:`.finders` can name them
without importing deduce. A category is upper-case letters only: other modules find placeholders
with ``\\[([A-Z]+)-\\d+\\]``.
"""

from __future__ import annotations

PERSOON = "PERSOON"
LOCATIE = "LOCATIE"
INSTELLING = "INSTELLING"
DATUM = "DATUM"
LEEFTIJD = "LEEFTIJD"
TELEFOONNUMMER = "TELEFOONNUMMER"
EMAIL = "EMAIL"
URL = "URL"
BSN = "BSN"
IBAN = "IBAN"
KENTEKEN = "KENTEKEN"
POSTCODE = "POSTCODE"
DOSSIER = "DOSSIER"
ID = "ID"
ANONIEM = "ANONIEM"

CATEGORIES = (
    PERSOON,
    LOCATIE,
    INSTELLING,
    IBAN,
    BSN,
    TELEFOONNUMMER,
    EMAIL,
    URL,
    KENTEKEN,
    POSTCODE,
    DOSSIER,
    DATUM,
    LEEFTIJD,
    ID,
    ANONIEM,
)

# Lower rank wins a tie between overlapping spans of equal length (see spans.resolve).
CATEGORY_RANK = {c: i for i, c in enumerate(CATEGORIES)}
