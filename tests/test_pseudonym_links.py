"""Which placeholder a mention gets, and what codebook terms may not hide.

Pins the linking of mentions to known people (issue 12, point 9): two known people who share a first name, one
person written in many ways, a misspelling of a known name; and that the codebook shield (terms never replaced)
does not drop structured identifiers or a known name that is more than a codebook term (issue 11). Uses the real
deduce instance (slow: shared per process, built once per machine).
"""

from __future__ import annotations

import re

import pytest

from kritischeblik.ingest.pseudonymise import Pseudonymiser, get_pseudonymiser

PLACEHOLDER = re.compile(r"\[([A-Z]+)-(\d+)\]")
CODEBOOK_TERMS = ["Leefwereld centraal", "Eenvoud", "Kompas", "Zonnehof", "buurtteam", "Kaardebol"]


@pytest.fixture(scope="module")
def pseudo() -> Pseudonymiser:
    return get_pseudonymiser()


def persons(text: str) -> list[str]:
    return [m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(1) == "PERSOON"]


# --- the codebook shield --------------------------------------------------------------------------


@pytest.mark.slow
def test_structured_identifiers_are_not_shielded_by_codebook_terms(pseudo: Pseudonymiser) -> None:
    text = (
        "Mail naar eenvoud@buurtteam.nl of kompas [at] wijk [punt] nl. Ze woont op de Zonnehof 3, en het "
        "adres van het kantoor is Kaardebol 12-II. Kijk op www.leefwereld-centraal.nl voor de folder."
    )
    out = pseudo.pseudonymise_text(text, protected_terms=CODEBOOK_TERMS)
    for leaked in ("eenvoud@", "buurtteam.nl", "kompas [at]", "Zonnehof 3", "Kaardebol 12", "www."):
        assert leaked not in out, out
    assert "[EMAIL-1]" in out and "[EMAIL-2]" in out and "[URL-1]" in out
    assert out.count("[LOCATIE-") == 2
    # Without identifiers around them, the same words are codebook terms and stay.
    kept = pseudo.pseudonymise_text(
        "Eenvoud, het Kompas en de Zonnehof van het buurtteam.", protected_terms=CODEBOOK_TERMS
    )
    assert kept == "Eenvoud, het Kompas en de Zonnehof van het buurtteam."


@pytest.mark.slow
def test_a_known_name_longer_than_a_codebook_term_is_replaced_whole(pseudo: Pseudonymiser) -> None:
    text = "Joke Eenvoud belde. Ik zei tegen Joke Eenvoud: bel maar terug."
    out = pseudo.pseudonymise_text(text, known_persons=["Joke Eenvoud"], protected_terms=CODEBOOK_TERMS)
    assert "Eenvoud" not in out and "Joke" not in out, out
    assert persons(out) == ["[PERSOON-1]", "[PERSOON-1]"]


@pytest.mark.slow
def test_a_known_name_that_is_only_a_codebook_term_stays_the_term(pseudo: Pseudonymiser) -> None:
    # The shield still wins where the name is nothing but the term (tests/test_pseudonymise.py pins the rest).
    out = pseudo.pseudonymise_text(
        "Eenvoud is voor mij het belangrijkste.",
        known_persons=["Joke Eenvoud"],
        protected_terms=CODEBOOK_TERMS,
    )
    assert out == "Eenvoud is voor mij het belangrijkste."
