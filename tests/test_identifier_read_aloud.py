"""Structured identifiers as the fourth dev author wrote them (corpora/privacy/dev/priv-d30..d37), with examples
that are not in the corpus: phone numbers half in digits and half in words, with fillers, false starts and
transcriber notes; e-mail spoken with "underscore" and spelled letters; postcodes in the spelling alphabet; case
numbers and IBANs read aloud; restated numbers; plates a few words after their cue; chained house-number
additions, flats; identifiers broken off by a speaker turn; handles and user names. Property tests build the
numbers with their own checksums; each form has a look-alike that must stay.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kritischeblik.ingest.pseudonymisation.finders.identifier_turns import neighbours
from kritischeblik.ingest.pseudonymisation.finders.identifiers import (
    find_identifiers,
    find_identifiers_in_turn,
)
from kritischeblik.ingest.pseudonymisation.finders.lexicon import ORIGIN_WORDS
from kritischeblik.ingest.pseudonymisation.finders.public_names import public_name_spans

UNITS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]


def of(text: str, category: str) -> list[str]:
    return [text[a:b] for a, b, c in find_identifiers(text) if c == category]


def iban_check(bank: str, account: str) -> int:
    digits = "".join(str(int(c, 36)) for c in bank + account + "NL00")
    return 98 - int(digits) % 97


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Bel hem op 06 twaalf 45 zeven acht 9 3, zei ze.", "06 twaalf 45 zeven acht 9 3"),
        ("Het was 030 drie vier 56 78 negen, toch?", "030 drie vier 56 78 negen"),
        ("Haar nummer: nul zes, en dan 14, 22, acht-negen, 31.", "nul zes, en dan 14, 22, acht-negen, 31"),
        (
            "vier-vier-een, nee sorry, nul zes 44 10 23 89 belde ze",
            "vier-vier-een, nee sorry, nul zes 44 10 23 89",
        ),
        ("Noteer 06 [pauze] 18 77 23 45 maar", "06 [pauze] 18 77 23 45"),
        ("Het was 06 12 [onverstaanbaar] 45 90, geloof ik.", "06 12 [onverstaanbaar] 45 90"),
    ],
)
def test_phone_numbers_said_in_mixed_forms(text: str, phone: str) -> None:
    assert of(text, "TELEFOONNUMMER") == [phone]


@pytest.mark.parametrize(
    "text",
    [
        "We waren met 06 zeven personen.",
        "Om 06 uur twee keer gebeld.",
        "Het werd 0 - 3 voor de thuisploeg.",
        "Groep 6 (lacht) had 12 kinderen.",
    ],
)
def test_look_alikes_of_phone_numbers_stay(text: str) -> None:
    assert of(text, "TELEFOONNUMMER") == []


@given(st.lists(st.integers(0, 9), min_size=8, max_size=8), st.lists(st.booleans(), min_size=8, max_size=8))
@settings(max_examples=60, deadline=None)
def test_mobile_with_digits_and_words_mixed(digits: list[int], as_word: list[bool]) -> None:
    groups = [UNITS[d] if w else str(d) for d, w in zip(digits, as_word, strict=True)]
    number = "06 " + " ".join(groups)
    if all(g.isdigit() for g in groups):
        return  # digits only: the ordinary phone finder's case, tested elsewhere
    text = f"Ze zei: {number}, dat is haar nummer."
    assert of(text, "TELEFOONNUMMER") == [number]


@pytest.mark.parametrize(
    ("text", "email"),
    [
        (
            "Mail naar s punt el idrissi laag streepje 88 at hotmail punt com, zei hij.",
            "s punt el idrissi laag streepje 88 at hotmail punt com",
        ),
        (
            "Het adres is t punt v.d. linden apenstaartje z i g g o punt n l.",
            "t punt v.d. linden apenstaartje z i g g o punt n l",
        ),
        (
            "mail piet streepje jan apestaartje live punt nl graag",
            "piet streepje jan apestaartje live punt nl",
        ),
    ],
)
def test_spoken_email(text: str, email: str) -> None:
    assert of(text, "EMAIL") == [email]


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("De postcode is drie vijf zes twee, Hendrik Pieter.", "drie vijf zes twee, Hendrik Pieter"),
        ("Postcode 3571 T van Theodoor, W van Willem, graag.", "3571 T van Theodoor, W van Willem"),
    ],
)
def test_postcode_in_the_spelling_alphabet(text: str, postcode: str) -> None:
    assert of(text, "POSTCODE") == [postcode]


def test_spelling_alphabet_names_without_postcode_stay() -> None:
    assert of("Karel en Lodewijk kwamen ook, met drie vijf kinderen.", "POSTCODE") == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (
            "Haar klantnummer bij de energie, eh, zes-zes-een, nul vier, negen negen.",
            "zes-zes-een, nul vier, negen negen",
        ),
        ("Het zaaknummer van de rechtbank was 4 4 1 0 2 8.", "4 4 1 0 2 8"),
        ("Leerlingnummer van Sem, 2011.0304.15, staat op de brief.", "2011.0304.15"),
    ],
)
def test_case_numbers_read_aloud(text: str, number: str) -> None:
    assert of(text, "DOSSIER") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Zijn telefoonnummer, drie vier vijf zes zeven, klopt niet.",
        "Het nummer van de bus was 1 2, geloof ik.",
        "Het kenmerk van de brief was 12.500 euro.",
    ],
)
def test_look_alikes_of_case_numbers_stay(text: str) -> None:
    assert of(text, "DOSSIER") == []


def test_restated_number_gets_the_category_of_the_first() -> None:
    text = "Dossiernummer negen-een-twee, drie drie vier, vijf; ik schreef het op als 912 334 5."
    assert of(text, "DOSSIER") == ["negen-een-twee, drie drie vier, vijf", "912 334 5"]


@given(st.sampled_from(["RABO", "INGB", "ABNA", "SNSB"]), st.integers(0, 10**10 - 1))
@settings(max_examples=40, deadline=None)
def test_iban_read_out_with_letter_names(bank: str, number: int) -> None:
    account = f"{number:010d}"
    check = f"{iban_check(bank, account):02d}"
    spoken = ", ".join(
        [" ".join(UNITS[int(c)] for c in check), bank.lower(), " ".join(UNITS[int(c)] for c in account)]
    )
    text = f"Ze las het voor als en el, {spoken}, klopt dat?"
    assert of(text, "IBAN") == [f"en el, {spoken}"]


def test_iban_read_out_with_a_wrong_check_stays() -> None:
    text = "Het was en el, twee twee, rabo, een twee drie vier vijf zes zeven acht negen nul."
    assert of(text, "IBAN") == []


def test_plate_a_few_words_after_its_cue() -> None:
    text = "Het kenteken van die oude bus, zei hij later, was k, x, vier, vier, negen, b."
    assert of(text, "KENTEKEN") == ["k, x, vier, vier, negen, b"]
    assert of("Het kenteken van de auto van mijn broer weet ik niet.", "KENTEKEN") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Ze woont op de Laan van Chartroise 81 B-boven, al jaren.", "Laan van Chartroise 81 B-boven"),
        ("Adres: Biltstraat 7-bis-3, dat is achter.", "Biltstraat 7-bis-3"),
        ("Ze woonde lang bij haar zus in de buurt aan de Vaartsche Rijn 12-A.", "Vaartsche Rijn 12-A"),
        ("Hij woont in het complex, appartement 3.07, en", "3.07"),
        ("Huisnummer 22 - 3 hoog, zei ze.", "22 - 3 hoog"),
    ],
)
def test_house_numbers_with_chained_additions_and_flats(text: str, address: str) -> None:
    assert of(text, "LOCATIE") == [address]


@pytest.mark.parametrize(
    "text",
    [
        "we wonen op 5 minuten van school",
        "het appartement is 3 kamers",
    ],
)
def test_look_alikes_of_house_numbers_stay(text: str) -> None:
    assert of(text, "LOCATIE") == []


def test_identifier_broken_off_by_a_speaker_turn() -> None:
    pieces = ["Mijn cliëntnummer is CL-2019-", "Ja, ga door.", "77341. Zo staat het op de brief.", "Mooi."]
    spans = [
        [(p[a:b], c) for a, b, c in find_identifiers_in_turn(p, *neighbours(pieces, i))]
        for i, p in enumerate(pieces)
    ]
    assert spans[0] == [("CL-2019-", "DOSSIER")]
    assert spans[2] == [("77341", "DOSSIER")]
    assert spans[1] == spans[3] == []


def test_turns_that_do_not_hang_are_read_alone() -> None:
    pieces = ["We gingen naar huis.", "Ja.", "12 mensen kwamen er."]
    assert neighbours(pieces, 2) == ("", "")


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("Op Insta heet ze @lisa.b_2007 en ze post veel.", "@lisa.b_2007"),
        ("Zijn gamer-naam is darkknight_030, zegt hij.", "darkknight_030"),
        ("Zie tiktok.com/@mees.vlogt voor zijn filmpjes.", "tiktok.com/@mees.vlogt"),
    ],
)
def test_online_accounts(text: str, account: str) -> None:
    assert of(text, "URL") == [account]


def test_a_spreadsheet_function_is_no_handle() -> None:
    assert find_identifiers("In de memo stond =@SUM(1,1) als grapje.") == []
    assert of("Op Insta heet ze @sumit en ze post veel.", "URL") == ["@sumit"]


def test_origin_words_and_public_names_are_no_names() -> None:
    assert {"surinaamse", "marokkanen", "eritrese", "syrische", "pools"} <= ORIGIN_WORDS
    text = "Ze werkte bij de Albert Heijn en hij viste op de Noordzee, zijn familie woont in Gdańsk."
    shielded = [text[a:b] for a, b in public_name_spans(text)]
    assert shielded == ["Albert Heijn", "Noordzee", "Gdańsk"]
    assert public_name_spans("Gisteren kwam Piet Noordzee langs.") == []
