"""Identifiers in forms found while measuring on the dev split in round 2's tenth session: a licence plate
written with dots between its groups. The examples differ from the corpus; look-alikes stay."""

from __future__ import annotations

import pytest

from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers


def of(text: str, category: str) -> list[str]:
    return [text[a:b] for a, b, c in find_identifiers(text) if c == category]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die bestelbus, met kenteken V.264.RT, stond elke dag voor de deur.", ["V.264.RT"]),
        ("Op de parkeerplaats stond 31.PLK.7 al weken stil.", ["31.PLK.7"]),
        ("het kenteken was zo iets als gz.58.np maar dat weet ik niet zeker", ["gz.58.np"]),
        ("Hij noemde het nummerbord: 7-TGB-40.", ["7-TGB-40"]),
    ],
)
def test_plates_with_dots_between_the_groups(text, expected) -> None:
    assert of(text, "KENTEKEN") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Dat staat in versie 2.4.1 van het protocol.",
        "Zie art. 12 lid 3 van de Participatiewet.",
        "Het was om 10.30 uur, in lokaal B.12.",
        "De score ging van 3.5 naar 4.2 in een jaar.",
    ],
)
def test_dotted_numbers_that_are_no_plate_stay(text) -> None:
    assert of(text, "KENTEKEN") == []
