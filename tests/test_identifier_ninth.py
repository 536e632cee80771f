"""Identifiers in the forms of the ninth dev author (corpora/privacy/dev/priv-d80..d89): transcripts written by
speech recognition (lowercase, no commas) and lists pasted into a transcript. The examples differ from the corpus;
each rule has look-alikes that must stay.
"""

from __future__ import annotations

import pytest

from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers
from kritischeblik.ingest.pseudonymisation.finders.lower_streets import lower_streets


def of(text: str, category: str) -> list[str]:
    return [text[a:b] for a, b, c in find_identifiers(text) if c == category]


TABLE = """Ik heb de lijst er even bij gepakt:
| naam | groep | geb.datum | lft | tel |
|---|---|---|---|---|
| Fleur Jansma | 6 | 12-04-2013 | 10 | 06-18 23 45 67 |
| Sem Otten | 7 | 2012 | 11 (bijna 12) | |
Meer staat er niet op."""


def test_the_columns_of_a_pasted_table_by_their_heading() -> None:
    assert of(TABLE, "LEEFTIJD") == ["10", "11 (bijna 12)"]
    assert of(TABLE, "DATUM") == ["12-04-2013", "2012"]
    assert of(TABLE, "TELEFOONNUMMER") == ["06-18 23 45 67"]


def test_a_table_without_such_headings_keeps_its_numbers() -> None:
    text = "| principe | score |\n|---|---|\n| Eenvoud | 4 |\n| Nabijheid | 5 |"
    assert find_identifiers(text) == []


def test_an_age_in_brackets_after_a_date_of_birth_in_a_list() -> None:
    text = "- Anouk: 4 maart (12) - ik: 19-8 (70) - Daan: 02-11-2016 (bijna 7)"
    assert of(text, "LEEFTIJD") == ["12", "70", "7"]
    assert "19-8" in of(text, "DATUM")
    assert of("de scores waren 3-4 (5) en 2-3 (4)", "LEEFTIJD") == []


def test_et_for_the_at_sign_as_speech_recognition_writes_it() -> None:
    text = "mail maar naar lisa punt vermeer et gmail punt com dan komt het goed"
    assert of(text, "EMAIL") == ["lisa punt vermeer et gmail punt com"]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("en de oudste noor die is 12 die zit al op de middelbare", "12"),
        ("en zijn vader die is eh 47 en die werkt in de haven", "47"),
    ],
)
def test_an_age_without_commas(text: str, age: str) -> None:
    assert of(text, "LEEFTIJD") == [age]


def test_no_age_without_commas_in_talk_about_scores() -> None:
    assert of("bij eenvoud die is 4 en die is 3 op de schaal", "LEEFTIJD") == []


def test_street_names_in_lowercase(pseudonymiser) -> None:
    out = pseudonymiser.pseudonymise(
        [
            "ze woont aan de meidoorndreef sinds vorig jaar",
            "het was op de rozenstraat 14 boven de bakker",
            "ze zaten toen aan de molen weg 7 op de hoek",
            "we reden over de snelweg en op de arbeidsmarkt is het lastig",
        ]
    ).pieces
    assert "meidoorndreef" not in out[0] and "[LOCATIE-" in out[0]
    assert "rozenstraat" not in out[1] and " 14 " not in out[1]
    assert "molen weg" not in out[2]
    assert out[3] == "we reden over de snelweg en op de arbeidsmarkt is het lastig"
    # A unit after the number: a count, not an address (deduce may still take "straat 5" on its own).
    assert list(lower_streets("in de grote straat 5 keer", lambda _w: False)) == []


def test_a_postcode_after_a_house_number_with_a_capital_addition() -> None:
    assert of("Adres: Lindelaan 14-B, 3512 CL Utrecht.", "POSTCODE") == ["3512 CL"]
    assert of("IN 2020 EN 2021 WAS HET DRUK", "POSTCODE") == []


def test_spoken_signs_between_the_groups_of_a_phone_number() -> None:
    assert of("zijn nummer is 06 streepje 27 83 19 40 en hij belt", "TELEFOONNUMMER") == [
        "06 streepje 27 83 19 40"
    ]
    assert of("ik belde 030 dan 2 64 dan 81 19 en kreeg", "TELEFOONNUMMER") == ["030 dan 2 64 dan 81 19"]
    assert of("we hadden 10 dan 20 dan 30 mensen", "TELEFOONNUMMER") == []


def test_years_of_birth_after_a_name_and_after_is_van() -> None:
    assert of("Dhr. K. Veldhuis-Brons (1941), weduwnaar", "DATUM") == ["1941"]
    assert of("en zijn moeder die is van 79 dus die is nog jong", "DATUM") == ["79"]
    assert of("die rekening is van 86 euro", "DATUM") == []


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("en toen zei opa ik ben 83 ik heb alles gezien", ["83"]),
        ("ze zegt als ik 30 word dan stop ik", ["30"]),
        ("dus ze was 15 16 toen ze wegliep", ["15", "16"]),
        ("een vrouw van een jaar of 40 45 met een kinderwagen", ["40", "45"]),
        ("een jochie van negen tien stond daar", ["negen", "tien"]),
    ],
)
def test_ages_as_speech_recognition_writes_them(text: str, ages: list[str]) -> None:
    assert of(text, "LEEFTIJD") == ages


@pytest.mark.parametrize(
    "text",
    ["we hadden 10 12 mensen", "in 2019 2020 ging het mis", "van 10 12 uur open", "de scores 3 4 en 5"],
)
def test_number_pairs_without_an_age_cue_stay(text: str) -> None:
    assert of(text, "LEEFTIJD") == []


def test_a_house_number_next_to_woont_without_a_street() -> None:
    assert of("terwijl ze al jaren op 27 woont, naast de bakker", "LOCATIE") == ["27"]
    assert of("hij woont al twee jaar op 8, bij zijn zus", "LOCATIE") == ["8"]
    assert of("ze woont op 3 hoog", "LOCATIE") == []
    assert of("hij woont op 2 km afstand", "LOCATIE") == []


def test_an_international_number_with_a_space_after_00() -> None:
    assert of("haar oom belt vanaf 00 963 11 224 58 19 elke week", "TELEFOONNUMMER") == [
        "00 963 11 224 58 19"
    ]


def test_spaces_inside_a_dictated_address() -> None:
    assert of("zijn mail was tim fietst 88 at hotmail punt com en verder", "EMAIL") == [
        "tim fietst 88 at hotmail punt com"
    ]
    assert of("ik mailde naar info at de wijk kamer punt nl gisteren", "EMAIL") == [
        "info at de wijk kamer punt nl"
    ]
    assert of("we keken at home, punt uit", "EMAIL") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("we hebben het dossiernummer k m 2021 0 7 7 2 3 en dan verder", "k m 2021 0 7 7 2 3"),
        ("zijn zaaknummer is 19 slash 55 02 en dat klopt", "19 slash 55 02"),
        ("beschikking nummer w z 21 dash 4 4 0 9 maar niet bij ons", "w z 21 dash 4 4 0 9"),
    ],
)
def test_a_case_code_dictated_sign_by_sign(text: str, code: str) -> None:
    assert of(text, "DOSSIER") == [code]


@pytest.mark.parametrize(
    "text",
    [
        "het nummer is 3 en dat is het",
        "mijn nummer is 06 12 34 56 78 en verder",
        "op nummer 1 2 en 3 stonden ze",
    ],
)
def test_numbers_after_nummer_that_are_no_dictated_code(text: str) -> None:
    assert of(text, "DOSSIER") == []


def test_a_house_number_before_a_lowercase_street(pseudonymiser) -> None:
    out = pseudonymiser.pseudonymise(
        ["ze woont op 14 van de merelstraat al jaren", "we stonden op 3 van de snelweg"]
    ).pieces
    assert "14" not in out[0] and "merelstraat" not in out[0]
    assert out[1] == "we stonden op 3 van de snelweg"


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("Haar nummer is 06-19 58 27 44, of was het 47, dat weet ik niet.", "TELEFOONNUMMER", "47"),
        ("op 06 - 52 91 84 07, of nee, de laatste twee andersom, 70, en hij zei", "TELEFOONNUMMER", "70"),
        ("en dani die is 15 nou ja hij zegt zelf 16 want hij schaamt zich", "LEEFTIJD", "16"),
        ("Ze is 14, sorry, vijftien, en ze zit in de tweede.", "LEEFTIJD", "vijftien"),
    ],
)
def test_a_number_taken_back_right_after_an_identifier_is_part_of_it(text, category, expected) -> None:
    assert expected in of(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "Hij is 15, nee, hij heeft 2 broers en een zus.",
        "Bel 06-12345678, of nee, 2 minuten later nog eens.",
        "Ze is 14 jaar, nou ja, en toen kwam 3 keer de politie.",
        "Bel 06-12345678, nee, 3 mensen hebben dat nummer.",
        "Ik woon in de Kerkstraat, nee, 2 jaar al.",
        "Hij woont op de Dorpsstraat 2, twee huizen van ons.",
        "We wonen op nummer 4, vier jaar nu.",
        "Ze is 5, drie kinderen heeft ze.",
    ],
)
def test_a_number_after_a_correction_that_is_not_the_same_thing_stays(text) -> None:
    found = [text[a:b] for a, b, _ in find_identifiers(text)]
    assert not any(x in found for x in ("2", "3", "twee", "vier", "drie")), found


def test_an_age_said_again_in_words_is_the_same_age() -> None:
    assert of("Hij is 61, eenenzestig, en woont hier al zeven jaar.", "LEEFTIJD") == ["61", "eenenzestig"]
    assert of("Hij is 61, twaalf mensen wonen hier.", "LEEFTIJD") == ["61"]


def test_an_unpunctuated_age_before_the_next_persons_clause() -> None:
    assert "44" in of("de familie de wit kees die is 44 anja is 2 jaar jonger en", "LEEFTIJD")
    for text in (
        "de flat die is 50 jaar is oud",
        "mijn score die is 4 ruimte is weg",
        "de bus die is 20 minuten weg",
    ):
        assert of(text, "LEEFTIJD") == [], text


def test_an_unpunctuated_turn_is_also_read_with_commas_before_a_new_clause() -> None:
    from kritischeblik.ingest.pseudonymisation.finders.identifier_unpunctuated import (
        unpunctuated,
        with_commas,
    )

    text = "en ik ken het huis heel goed want de jongste bewoner is 23 de oudste 71 dus dat is een hele range"
    assert unpunctuated(text) and len(with_commas(text)) == len(text)
    assert of(text, "LEEFTIJD") == ["23", "71"]
    asr = "want oma die is eh 60 nee 61 geworden in januari en die woont zelf ook maar in een klein flatje"
    assert of(asr, "LEEFTIJD") == ["60", "61"]
    # With punctuation a missing comma is meant, and a decimal stays a decimal.
    written = "De jongste bewoner is 23. Dat zei ze, en de rest weet ik niet, want ik was er niet bij."
    assert not unpunctuated(written)
    assert "3,5" not in with_commas("de kinderen zijn 3 5 en 9 en die kwamen binnen")
