"""Which placeholder a mention gets, and what codebook terms may not hide.

Pins the linking of mentions to known people (issue 12, point 9): two known people who share a first name, one
person written in many ways, a misspelling of a known name; and that the codebook shield (terms never replaced)
does not drop structured identifiers or a known name that is more than a codebook term (issue 11). Uses the real
deduce instance (slow: shared per process, built once per machine).
"""

from __future__ import annotations

import re

import pytest

from kritischeblik.ingest.pseudonymisation.pseudonymiser import Pseudonymiser, get_pseudonymiser

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


# --- linking mentions to known people (issue 12, point 9) ----------------------------------------


@pytest.mark.slow
def test_a_misspelled_known_name_gets_the_persons_number(pseudo: Pseudonymiser) -> None:
    pieces = [
        "Annelies Ouazzani belde eerst. Daarna sprak ik Tomasz Kowalczyk.",
        "Op de brief van de woningcorporatie stond KOWALCZIK, met een i, en bij de huisarts Kowalsczyk.",
        "Mevrouw OUAZANI kwam later, en Ouazzani's dochter ook.",
    ]
    out = pseudo.pseudonymise(pieces, known_persons=["Annelies Ouazzani", "Tomasz Kowalczyk"]).pieces
    assert persons(out[0]) == ["[PERSOON-1]", "[PERSOON-2]"]
    assert persons(out[1]) == ["[PERSOON-2]", "[PERSOON-2]"], out[1]
    assert persons(out[2]) == ["[PERSOON-1]", "[PERSOON-1]"], out[2]


@pytest.mark.slow
def test_a_misspelling_of_two_known_names_is_linked_to_neither(pseudo: Pseudonymiser) -> None:
    # "Jansen" is one letter from both Janssen and Jensen: replaced, but not given either person's number.
    pieces = ["Kees Janssen en Anna Jensen kwamen samen.", "Later belde Jansen nog."]
    out = pseudo.pseudonymise(pieces, known_persons=["Kees Janssen", "Anna Jensen"]).pieces
    assert persons(out[0]) == ["[PERSOON-1]", "[PERSOON-2]"]
    assert "Jansen" not in out[1]
    assert persons(out[1]) and persons(out[1])[0] not in ("[PERSOON-1]", "[PERSOON-2]"), out[1]


@pytest.mark.slow
def test_two_known_people_sharing_a_first_name(pseudo: Pseudonymiser) -> None:
    pieces = [
        "Jan de Boer belde me op maandag.",
        "Jan Smit kwam dinsdag langs.",
        "Toen zei Jan dat het klaar was.",  # which Jan? neither gets this mention
        "Meneer De Boer en meneer Smit waren het eens, en jan ook.",
    ]
    out = pseudo.pseudonymise(pieces, known_persons=["Jan de Boer", "Jan Smit"]).pieces
    assert persons(out[0]) == ["[PERSOON-1]"]
    assert persons(out[1]) == ["[PERSOON-2]"]
    bare = persons(out[2])
    assert len(bare) == 1 and bare[0] not in ("[PERSOON-1]", "[PERSOON-2]"), out[2]
    assert persons(out[3]) == ["[PERSOON-1]", "[PERSOON-2]", bare[0]], out[3]
    assert "Jan" not in " ".join(out) and "jan" not in " ".join(out)


@pytest.mark.slow
def test_one_person_written_in_many_ways_gets_one_number(pseudo: Pseudonymiser) -> None:
    pieces = [
        "Pieter de Vries woont hier al lang.",
        "De Vries zei dat het goed ging, en meneer de vries knikte.",
        "Pieter's fiets stond buiten. Pieters moeder belde.",
        "Op de lijst stond PIETER DE VRIES, en P. de Vries op de brief.",
        "Iedereen noemt hem Pietje, of gewoon pieter.",
        "Meneer Vries, zei de buurvrouw, nee: meneer De Vries.",
    ]
    result = pseudo.pseudonymise(pieces, known_persons=["Pieter de Vries"])
    text = " ".join(result.pieces)
    assert set(persons(text)) == {"[PERSOON-1]"}, result.pieces
    assert result.counts["PERSOON"] == 1
    for surface in ("Pieter", "pieter", "PIETER", "Vries", "vries", "VRIES", "Pietje"):
        assert not re.search(rf"(?<!\w){surface}(?!\w)", text), (surface, result.pieces)
    assert [len(persons(p)) for p in result.pieces] == [1, 2, 2, 2, 2, 2]


@pytest.mark.slow
def test_a_known_person_signing_with_initials_is_that_person(pseudo: Pseudonymiser) -> None:
    """A duo member or transcriber signs with initials ("gecorrigeerd door W.R."): the same placeholder as
    the full name; initials of nobody known stay."""
    known = ["Wendy Reijnders", "Mustafa Kaya", "Jan van der Berg"]
    out = pseudo.pseudonymise(
        [
            "Wendy Reijnders stelde de vragen.",
            "Transcriptie gecorrigeerd door W.R., nagekeken door M. K. en J.B.",
            "Zie bijlage A.B. voor de planning.",
        ],
        known_persons=known,
    ).pieces
    wendy = persons(out[0])
    assert len(wendy) == 1
    assert "W.R." not in out[1] and "M. K." not in out[1] and "J.B." not in out[1], out[1]
    assert persons(out[1])[0] == wendy[0] and len(set(persons(out[1]))) == 3
    assert out[2] == "Zie bijlage A.B. voor de planning."


@pytest.mark.slow
def test_initials_that_are_abbreviations_or_nouns_stay(pseudo: Pseudonymiser) -> None:
    """Known people whose initials are also ordinary abbreviations (O.A., N.B., P.S.) or a noun after an
    article ("de DJ"): the abbreviations and the noun stay; the initials in capitals after a cue do not."""
    known = ["Omar Ali", "Nina Bakker", "Peter Smit", "Dirk-Jan de Wit", "Anne-Marie Peters"]
    texts = [
        "Er waren o.a. klachten, N.B. dit is belangrijk, P.S. ik bel morgen.",
        "De DJ op het feest draaide tot twee uur; we zeggen am en pm.",
        "Getekend: DJ.",
    ]
    out = pseudo.pseudonymise(texts, known_persons=known).pieces
    assert out[:2] == texts[:2]
    assert "DJ" not in out[2] and persons(out[2]), out[2]
