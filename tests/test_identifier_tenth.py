"""Identifiers in the forms of the tenth dev author (corpora/privacy/dev/priv-d90..d99): an age with its next
birthday, a guess taken back after "denk ik", two people and one age, a birthday, a house number corrected with its
letter, a date with the month first. The examples differ from the corpus; each rule has look-alikes that stay."""

from __future__ import annotations

import pytest

from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers


def of(text: str, category: str) -> list[str]:
    return [text[a:b] for a, b, c in find_identifiers(text) if c == category]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Een meisje van zeventien, volgende maand achttien, die bij ons kwam.", ["zeventien", "achttien"]),
        ("Haar zoon, die is acht, in oktober negen, zit in groep 5.", ["acht", "negen"]),
        ("Zijn vader is, eh, 71 denk ik, of 72, hij is ziek.", ["71", "72"]),
        ("Ik ben 58, nee, 59 sinds de zomer, ik vergeet het.", ["58", "59"]),
        ("Dan de tweeling, Sara en Nora, die zijn 9, en de kleine.", ["9"]),
        ("Ze heeft in mei haar verjaardag gevierd, 91 geworden, met taart.", ["91"]),
    ],
)
def test_ages_of_the_tenth_author(text, expected) -> None:
    assert of(text, "LEEFTIJD") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jan en Piet zijn 3 keer langs geweest.",
        "Ajax en PSV zijn 2 clubs uit de eredivisie.",
        "Het meisje is zeventien, volgende maand 3 weken op vakantie.",
        "Op haar verjaardag kwamen er 12 mensen.",
    ],
)
def test_numbers_that_only_look_like_those_ages_stay(text) -> None:
    assert of(text, "LEEFTIJD") in ([], ["zeventien"]), of(text, "LEEFTIJD")


def test_a_house_number_taken_back_keeps_its_letter_and_a_phone_its_last_digits() -> None:
    text = "de moeder woont op de kastanjelaan 48 of was het 46 b ik weet het niet meer"
    assert "46 b" in of(text, "LOCATIE")
    phone = "het nummer van de moeder, 06 31 55 27 10, nee, wacht, 11 aan het eind, ik had het verkeerd."
    assert of(phone, "TELEFOONNUMMER") == ["06 31 55 27 10", "11"]


def test_a_date_with_the_month_first() -> None:
    assert of("In het systeem stond 07-23-1979, omgedraaid.", "DATUM") == ["07-23-1979"]
    assert of("Score 3-4 en groep 7-8.", "DATUM") == []


def test_a_year_of_birth_with_the_verb_last_or_spelled_before_geboren() -> None:
    assert of("Hij denkt zelf dat hij van '81 is, maar de pas zegt anders.", "DATUM") == ["'81"]
    assert of("een oude meneer die is negentienachtendertig geboren dus", "DATUM") == [
        "negentienachtendertig"
    ]
    assert of("Ik denk dat het van 2019 is, die brief.", "DATUM") == []


def test_unpunctuated_ages_with_a_hesitation_or_a_correction() -> None:
    assert of("een meisje van eh veertien vijftien die woonde daar", "LEEFTIJD") == ["veertien", "vijftien"]
    assert of("en de moeder die is nog jong zo'n 31 32 en die werkt", "LEEFTIJD") == ["31", "32"]
    assert of("er kwamen er zo'n 10 12 mensen op af", "LEEFTIJD") == []
    text = "het meisje sanne die is dertien nee veertien inmiddels die wilde niet meer"
    assert of(text, "LEEFTIJD") == ["dertien", "veertien"]


def test_a_number_above_ten_near_score_words_is_still_an_age() -> None:
    # "professional" is in a principle's name, so near it a pronoun with a bare number read as a score (1-5)
    text = "Bilal zit erbij als de professional. Ik ben 67, nee, 68 sinds kerst."
    assert of(text, "LEEFTIJD") == ["67", "68"]
    assert of("Ruimte voor de professional? Die is 4.", "LEEFTIJD") == []


def test_speech_recognition_lists_children_side_by_side_in_lowercase() -> None:
    text = "en de kinderen daan en mila daan is elf mila is zeven en ze kwamen bij ons binnen via de school"
    assert of(text, "LEEFTIJD") == ["elf", "zeven"]
    assert of("de huur is 600 de prijs is 12 euro per week en dat is veel te veel voor hem", "LEEFTIJD") == []
    text = "en zijn opa van vaders kant die is in de zeventig die komt nu op dinsdag dus dat is eh fijn"
    assert of(text, "LEEFTIJD") == ["zeventig"]
