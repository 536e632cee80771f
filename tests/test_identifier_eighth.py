"""Identifiers in the forms of the eighth dev author (corpora/privacy/dev/priv-d70..d79) and the rules added for
them: ages behind a hedge, with the verb after them, to come, of two people, after a name and "van", in years and
months, in a decade; unit and pitch numbers; digits dictated one by one; "op" for the at sign; an em dash in a
number; house numbers with a colour or a spelled letter; case codes of several groups; dates with "van" between
day and month, a second day and month in a birth sentence, a year said with its own word; the NATO alphabet in a
postcode; a plate spelled sign by sign; surnames in capitals with initials. The examples differ from the corpus;
each rule has look-alikes that must stay.
"""

from __future__ import annotations

import re

import pytest

from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers
from kritischeblik.ingest.pseudonymisation.finders.name_cues import file_names


def of(text: str, category: str) -> list[str]:
    return [text[a:b] for a, b, c in find_identifiers(text) if c == category]


def everything(text: str) -> list[str]:
    return [text[a:b] for a, b, _ in find_identifiers(text)]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Haar broer, de jongste, krap twaalf, zat ernaast.", "twaalf"),
        ("Ze stuurden een meisje, hooguit 19, net klaar met school.", "19"),
        ("Noah is precies zeven.", "zeven"),
        ("De buurman, die pas tachtig geweest is, kwam kijken.", "tachtig"),
        ("Lotte, die toen negen was, bleef thuis.", "negen"),
        ("Mijn zoon moet in maart elf worden.", "elf"),
        ("Ze gaat volgend jaar 18 worden, dan verandert alles.", "18"),
        ("Toen waren ze allebei 79, en nog fit.", "79"),
        ("Omdat hij zestig geworden is, kreeg hij een taart.", "zestig"),
        ("De twee jongens, Bram en Ties, van negen, gingen mee.", "negen"),
        ("Het jongste kind, Fenna, drie jaar en twee maanden, sliep.", "drie"),
        ("Er woonde een opa van rond de negentig naast hen.", "negentig"),
        ("Een ukkie van vier stond bij de deur.", "vier"),
    ],
)
def test_ages_of_the_eighth_author(text: str, age: str) -> None:
    assert of(text, "LEEFTIJD") == [age]


@pytest.mark.parametrize(
    "text",
    [
        "We hebben bijna drie, vier gesprekken gehad.",
        "Dat duurde precies veertien dagen.",
        "Die toen drie kinderen had, kwam niet.",
        "Het is twee keer geweest.",
        "Utrecht, van twee tot vier open.",
        "Het moet twee teams worden.",
        "Over de principes: die is nu vier, zei ze, op de schaal.",
    ],
)
def test_numbers_that_are_no_age_stay(text: str) -> None:
    assert of(text, "LEEFTIJD") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Post gaat naar unit 12, bij de balie.", "unit 12"),
        ("Ze staan op standplaats 8 sinds de zomer.", "standplaats 8"),
        ("De boot ligt op ligplaats 31.", "ligplaats 31"),
        ("Hij woonde toen op zesendertig rood, vlak bij het park.", "zesendertig rood"),
        ("Wij wonen Klaverstraat negentien b, naast de school.", "Klaverstraat negentien b"),
        ("Zijn oude adres: Hoefijzerstraat 8 achterhuis.", "Hoefijzerstraat 8 achterhuis"),
    ],
)
def test_places_inside_a_building_site_or_harbour(text: str, place: str) -> None:
    assert place in of(text, "LOCATIE")


@pytest.mark.parametrize(
    "text",
    ["De unit 3 km verderop.", "We zaten op twee boven elkaar.", "Het team van unit A vergaderde."],
)
def test_look_alikes_of_places_stay(text: str) -> None:
    assert of(text, "LOCATIE") == []


def test_digits_dictated_one_by_one_and_an_em_dash() -> None:
    assert of("De rest van het nummer: 4 1 7 7 0 2 3 9, na de 06.", "TELEFOONNUMMER") == ["4 1 7 7 0 2 3 9"]
    assert of("Ze appt vanaf 06—71 38 24 96 elke dag.", "TELEFOONNUMMER") == ["06—71 38 24 96"]
    assert of("De scores waren 3, 4, 5, 6, 7, 8, 9 en 10.", "TELEFOONNUMMER") == []


def test_op_for_the_at_sign_needs_a_dot_or_digit_and_a_provider() -> None:
    assert of("schrijf maar naar m.verbeek80 op hotmail punt com, dat leest ze", "EMAIL") == [
        "m.verbeek80 op hotmail punt com"
    ]
    assert of("ik zit op gmail punt com, net als iedereen", "EMAIL") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Het dossier, JZ-U-21-4410, lag al klaar.", "JZ-U-21-4410"),
        ("Kenmerk van de rechtbank: Rb/FT/2021/00412.", "Rb/FT/2021/00412"),
    ],
)
def test_case_codes_of_several_groups(text: str, code: str) -> None:
    assert of(text, "DOSSIER") == [code]


def test_a_date_with_a_month_in_it_is_no_case_code() -> None:
    assert of("Op 12-MEI-2020 was de zitting.", "DOSSIER") == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Zij is op de 3e van juni geboren, in Gouda.", "3e van juni"),
        ("Het geboortejaar negenenvijftig staat er goed in.", "negenenvijftig"),
        ("Ach, wij zijn bouwjaar '47, zegt hij dan.", "'47"),
        ("Ze is van het jaar 1999, in de zomer.", "1999"),
    ],
)
def test_dates_of_birth_of_the_eighth_author(text: str, date: str) -> None:
    assert date in of(text, "DATUM")


def test_a_second_day_and_month_in_a_birth_sentence_only() -> None:
    text = "Ze is geboren op 14-07, maar het ene formulier zegt op 15-07."
    assert of(text, "DATUM") == ["14-07", "15-07"]
    assert of("We hebben op 01-03 een overleg.", "DATUM") == []
    assert of("Het bouwjaar van de flat is 1965.", "DATUM") == []


def test_a_postcode_in_the_nato_alphabet_after_the_cue() -> None:
    assert of("De postcode is 3521, Hotel Papa, zei hij.", "POSTCODE") == ["3521, Hotel Papa"]
    assert of("Hotel Papa is een mooi hotel aan de 3521 meter lange weg.", "POSTCODE") == []


def test_a_plate_spelled_sign_by_sign_near_a_vehicle() -> None:
    assert of("Hij rijdt een scooter, F K L 48 T, altijd te hard.", "KENTEKEN") == ["F K L 48 T"]
    assert of("In groep A B C 1 2 3 zaten ze samen.", "KENTEKEN") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("De brief ging naar J. KOSTERMANS, met kopie.", "KOSTERMANS"),
        ("In het systeem staat ze als ODENTHAL, M.A., zonder adres.", "ODENTHAL"),
        ("Er kwam post voor mevrouw B. van WESTREENEN vandaag.", "van WESTREENEN"),
    ],
)
def test_surnames_in_capitals_with_initials(text: str, name: str) -> None:
    assert [text[a:b] for a, b in file_names(text)] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "DE BRIEF. J. DE WIT. Zo ging het.",
        "zie bijlage B. NB: niet vergeten",
        "via de dienst A. GGD regelt het",
    ],
)
def test_capitals_that_are_no_file_name_stay(text: str) -> None:
    assert file_names(text) == []


def test_a_spoken_number_after_is_and_with_a_group_taken_back() -> None:
    assert of("Zijn 06 is tweeënzestig, achttien, eenenvijftig, nul negen, zei hij.", "TELEFOONNUMMER") == [
        "06 is tweeënzestig, achttien, eenenvijftig, nul negen"
    ]
    text = "Ze zei: 06, vierenveertig, nee, vijfenveertig, tien, dertig, zeventig. Klopt."
    assert of(text, "TELEFOONNUMMER") == ["06, vierenveertig, nee, vijfenveertig, tien, dertig, zeventig"]
    assert of("Het was 06, twee nee drie keer.", "TELEFOONNUMMER") == []


def test_a_hesitation_between_the_letters_of_a_dictated_postcode() -> None:
    text = "De postcode is vierendertig twaalf, tee, eh, es, en dan de straat."
    assert of(text, "POSTCODE") == ["vierendertig twaalf, tee, eh, es"]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Haar man, die is al gepensioneerd, 67, doet de boodschappen.", "67"),
        ("De tolk is nog jong, die is nog jong, drieëntwintig of zo, en slim.", "drieëntwintig"),
        ("Ik schat dat ze rond de zestig moet zijn.", "zestig"),
        ("Mijn buurman tikt bijna de veertig aan, zegt hij.", "veertig"),
        ("Ze heeft net Sarah gezien, vijftig dus, met taart.", "vijftig"),
        ("Toen ik zo oud was als zij, veertien, mocht ik niks.", "veertien"),
        ("Haar moeder is van mijn leeftijd, tweeënvijftig, en werkt nog.", "tweeënvijftig"),
        ("Ze is 33, vierendertig in juni, en heeft twee kinderen.", "vierendertig"),
    ],
)
def test_ages_in_sayings_descriptions_and_comparisons(text: str, age: str) -> None:
    assert age in of(text, "LEEFTIJD")


@pytest.mark.parametrize(
    "text",
    [
        "Het is oud, 12 stuks in de kast.",
        "Ze is ziek, 3 dagen al.",
        "De teller tikt de 100 km aan.",
        "We zagen 3, 4 in mei.",
    ],
)
def test_numbers_near_those_words_that_are_no_age_stay(text: str) -> None:
    assert of(text, "LEEFTIJD") == []


def test_a_phone_number_said_again_without_its_area_code() -> None:
    text = "Het is 06-5120 7794, ja, 5120 7794, en niet 7794 alleen."
    assert of(text, "TELEFOONNUMMER") == ["06-5120 7794", "5120 7794"]


def test_the_first_letter_lookaheads_cover_every_word_they_stand_before() -> None:
    """Several scans start with a lookahead for the first letters their words can have (a speed-up, see
    identifier_dates._SPELLED_DAY_RE); a word outside it would silently never match."""
    from kritischeblik.ingest.pseudonymisation.finders.age_words import MONTHS
    from kritischeblik.ingest.pseudonymisation.finders.name_lists import TITLE_RE
    from kritischeblik.ingest.pseudonymisation.finders.spoken_numbers import _ORDINAL_WORDS, NUMBER_VALUES

    days = [*NUMBER_VALUES, "eerste", "tweede", "derde", *_ORDINAL_WORDS]
    assert [w for w in days if w[0].lower() not in "eétdvzanh"] == []
    assert [m for m in MONTHS if m[0].lower() not in "jfmasond"] == []
    titles = re.sub(r"\\s\+|\\\.\?|\\\.|\(\?:|\)", "", TITLE_RE.pattern).split("|")
    assert [t for t in titles if t[0].lower() not in "dmpizbjcf"] == []
