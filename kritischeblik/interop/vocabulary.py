"""The names both sides of the REFI-QDA interchange agree on, so that an export reads back as it was written:
XML namespaces, the origin stamp, the case variables we write, and the colours of the code kinds."""

from __future__ import annotations

from .. import __version__

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"Kritische Blik {__version__}"

VAR_OMGEVING = "omgeving"
VAR_ROL = "rol"
VAR_ORGANISATIE = "organisatie"
VAR_DATUM = "datum"
VAR_NIEUW = "nieuw principe"
SCORE_PREFIX = "score "  # "score mooi voorbeeld: Leefwereld centraal"
CHOICE_PREFIX = "keuze: "  # "keuze: Leefwereld centraal"
CODER_SCORE_PREFIX = "codeurscore "  # "codeurscore Anna | vastloopmoment: Eenvoud" (a coder's own score)
COLOR_RE = r"#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})"
KIND_COLORS = {
    "leidend_principe": "#1F77B4",
    "werkend_element": "#2CA02C",
    "belemmerend_element": "#D62728",
    "commissie_werkend": "#98DF8A",
    "commissie_belemmerend": "#FF9896",
    "toekomstrichting": "#9467BD",
    "vraag_voor_de_toekomst": "#FF7F0E",
}


def score_variable(example: str, principle: str) -> str:
    return f"{SCORE_PREFIX}{example}: {principle}"


def choice_variable(principle: str) -> str:
    return f"{CHOICE_PREFIX}{principle}"


def coder_score_variable(coder: str, example: str, principle: str) -> str:
    return f"{CODER_SCORE_PREFIX}{coder} | {example}: {principle}"
