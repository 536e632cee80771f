"""What the pseudonymiser completes once every name and street of an interview is known (passes.resolve_piece):
the rest of a house number after a street, a house number said again after a correction, a street word taken
for a name ("Zuilenkamp 7"), and an age right after a name in unpunctuated speech. Also two age forms of the
identifier finders found while measuring: a surname behind its tussenvoegsels ("Jan de Vries is 84") and a
compound number with hyphens ("drie-en-veertig"). Sentences are written for these tests; each rule has
look-alikes that stay."""

from __future__ import annotations

import pytest

from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers
from kritischeblik.ingest.pseudonymisation.finders.spoken_numbers import spelled_value


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("toen stond er lindenhof zeven op de envelop, zonder toevoeging", ["zeven"]),
        ("ze kreeg een woning op de dahliastraat tweeënveertig en dat was fijn", ["tweeënveertig"]),
        ("hij woont aan de parklaan nummer honderd en acht sinds de zomer", ["honderd en acht"]),
        ("een kamer aan de weerdsingel nummer tweehonderdvier twee hoog en verder niks", ["tweehonderdvier"]),
        ("ze zit op de lauwerhof 2 1 4 b en daar komt de post", ["1 4 b"]),
        ("De nieuwe flat is Merelstraat 31, bel 2 (de bel werkt niet)", ["bel 2"]),
        ("Het adres is de Esdoornlaan vijftig 50 zei ze nog", ["vijftig 50"]),
        ("ze woont op de lijsterbeslaan 8 b en c, de hele rij", ["en c"]),
        ("Moeder: Zwanenstraat zestien. Nee. Achttien. Zestien is de buurvrouw.", ["Achttien"]),
        ("Er stond Reigerkamp 9, maar dat klopte niet.", ["Reigerkamp", "9"]),
    ],
)
def test_the_rest_of_a_house_number_after_a_street_is_replaced(pseudonymiser, text, gone) -> None:
    out = pseudonymiser.pseudonymise_text(text)
    assert not [g for g in gone if g in out], out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("ik fiets over de Kerkstraat twee keer per dag naar mijn werk", ["twee keer"]),
        ("die woont in de Merelstraat, drie hoog, met een lift", ["drie hoog"]),
        ("Ze woont in de Beukenlaan 12. Nee, al drie jaar.", ["al drie jaar"]),
        ("Ik ben in de Kerkstraat drie of vier keer langs geweest.", ["drie of vier keer"]),
        ("Ik heb in de Dorpsstraat twee en een half jaar gewoond.", ["twee en een half jaar"]),
        ("Daarna verhuisden we naar Rotterdam, 2015 was dat.", ["2015"]),
        ("Ze woont in Houten, eh, drie of vier jaar al.", ["drie of vier jaar"]),
        ("Mevrouw Veldkamp, 3 of 4 keer heb ik haar gebeld.", ["3 of 4 keer"]),
        ("Bij de Dorpsstraat 4 en 6 keer per jaar een buurtfeest, zo gaat dat.", ["6 keer"]),
    ],
)
def test_counts_and_floors_after_a_street_stay(pseudonymiser, text, kept) -> None:
    out = pseudonymiser.pseudonymise_text(text)
    assert all(k in out for k in kept), out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("en dan heb je noortje 11 dus die zit in groep 8", ["11"]),
        ("de middelste, joost, 14, wil kok worden", ["14"]),
        ("en toen kwam femke 23 dus die had al een baan", ["23"]),
        ("en zijn zus yara van 9 zat erbij", ["9"]),
        ("Hij heette meneer de graaf en meneer de graaf is zesentachtig en woont alleen", ["zesentachtig"]),
        ("Ik belde Anna van den Broek. Anna van den Broek is 44 en werkt fulltime.", ["44"]),
        ("En nu is hij zeven-en-twintig en werkt hij in de bouw.", ["zeven-en-twintig"]),
    ],
)
def test_an_age_right_after_a_name_is_replaced(pseudonymiser, text, gone) -> None:
    out = pseudonymiser.pseudonymise_text(text)
    assert not [g for g in gone if g in out.split() or g + "," in out], out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("ik heb met Fatima 3 keer gebeld over de rekening", ["3 keer"]),
        ("Toen kwam Ahmed 2 dagen later terug met de papieren", ["2 dagen"]),
        ("ik zag Lotte, 2 weken geleden, bij de bakker", ["2 weken"]),
        ("Afspraak met Kevin, 9.30 uur, op het kantoor.", ["9.30 uur"]),
        ("De schuld bij Sanne, 1.200 euro, is betaald.", ["1.200 euro"]),
        ("Ik heb Anna 1 of 2 keer gezien.", ["1 of 2 keer"]),
        ("Ik heb Kevin 2, 3 keer gebeld.", ["2, 3 keer"]),
        ("Sanne zit in groep 7 en dat gaat goed", ["groep 7"]),
        ("Als het langer is dan drie maanden, gaat het via de Wlz.", ["drie maanden"]),
        ("De deur is vier-vijf keer opengebroken.", ["vier-vijf keer"]),
    ],
)
def test_counts_after_a_name_stay(pseudonymiser, text, kept) -> None:
    out = pseudonymiser.pseudonymise_text(text)
    assert all(k in out for k in kept), out


@pytest.mark.parametrize(
    ("words", "value"),
    [("drie-en-veertig", 43), ("een-en-twintig", 21), ("zes en negentig", 96), ("vier-vijf", None)],
)
def test_hyphenated_compounds_have_their_value(words, value) -> None:
    assert spelled_value(words) == value


def test_a_surname_after_its_tussenvoegsels_is_the_subject_of_an_age() -> None:
    found = [
        (t[a:b], c)
        for t in ("Gisteren vertelde Karin de Wit is 52 geworden.",)
        for a, b, c in find_identifiers(t)
    ]
    assert ("52", "LEEFTIJD") in found
    assert not [c for a, b, c in find_identifiers("Als de deur is 84 centimeter breed, past het.")]


def test_a_house_number_after_a_hash_as_on_the_islands(pseudonymiser) -> None:
    out = pseudonymiser.pseudonymise_text(
        "Ze had een adres op een briefje: Seroe Blancostraat #17. Een kamer."
    )
    assert "17" not in out
