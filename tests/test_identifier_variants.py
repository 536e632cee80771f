"""Identifiers in the forms of the seventh dev author (corpora/privacy/dev/priv-d60..d69) and the rules changed
for them: an O typed for a zero, a BSN read in groups after its cue, a name with "van" and an age before a verb,
the house number after a postcode, a birth season, a Belgian phone number, an extension in brackets, an
apostrophe year after spaced separators or an abbreviated month, a birthday cue before a spoken date, a
hesitation inside a dictated postcode, a note after an ellipsis or before a correction, "Van 't" in a street, a
difference of years, a bare number under an identifier key in the front matter. The examples differ from the
corpus; each rule has look-alikes that must stay.
"""

from __future__ import annotations

import pytest

from kritischeblik.ingest.frontmatter import plan
from kritischeblik.ingest.pseudonymisation.finders.identifier_numbers import elfproef
from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers
from kritischeblik.ingest.pseudonymisation.finders.name_cues import titled_short_names
from kritischeblik.ingest.pseudonymisation.finders.names import name_forms


def of(text: str, category: str) -> list[str]:
    return [text[a:b] for a, b, c in find_identifiers(text) if c == category]


def everything(text: str) -> list[str]:
    return [text[a:b] for a, b, _ in find_identifiers(text)]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("bel me op O6-52 19 83 40, na zessen", "O6-52 19 83 40"),
        ("het vaste nummer, O30 - 241 88 17.", "O30 - 241 88 17"),
        ("haar mobiel 06-7O 14 22 91 staat op het briefje", "06-7O 14 22 91"),
    ],
)
def test_an_o_typed_for_a_zero_in_a_phone_number(text: str, phone: str) -> None:
    assert of(text, "TELEFOONNUMMER") == [phone]


@pytest.mark.parametrize(
    "text",
    [
        "Oost 12 en West 14 zijn de blokken",
        "O 12 keer heb ik het gezegd",
        "NO 45 graden",
        "Ook 06 is zijn nummer niet",
    ],
)
def test_an_o_beside_a_number_is_no_phone_number(text: str) -> None:
    assert of(text, "TELEFOONNUMMER") == []


def test_the_bsn_examples_pass_the_elfproef() -> None:
    assert elfproef("409182734") and elfproef("715038266") and not elfproef("409182735")


@pytest.mark.parametrize(
    ("text", "bsn"),
    [
        ("Zijn BSN, 409, 182, 734, heb ik genoteerd", "409, 182, 734"),
        ("bsn is 4 0 9, 1 8 2, 7 3 4 en toen", "4 0 9, 1 8 2, 7 3 4"),
        ("burgerservicenummer 715 eh 038 266, geloof ik", "715 eh 038 266"),
        ("het sofinummer: 7150, 38266.", "7150, 38266"),
    ],
)
def test_a_bsn_read_in_groups_after_its_cue(text: str, bsn: str) -> None:
    assert of(text, "BSN") == [bsn]


@pytest.mark.parametrize(
    "text",
    [
        "Zijn BSN, 409, 182, 735, klopte niet",  # no elfproef
        "bsn aanvragen kostte 3 keer 20 minuten, 2 weken wachten",
        "BSN: geen idee, 12, 13, 14 jaar geleden",
    ],
)
def test_groups_after_a_bsn_cue_that_fail_the_elfproef_stay(text: str) -> None:
    assert of(text, "BSN") == []


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("ik zag dat Fenna van zes niet meer at", "zes"),
        ("de kinderen, Mo van 7 gaat al alleen", "7"),
        ("en Anne-Fleur van negen speelde buiten", "negen"),
    ],
)
def test_a_name_van_an_age_before_a_verb(text: str, age: str) -> None:
    assert of(text, "LEEFTIJD") == [age]


@pytest.mark.parametrize(
    "text",
    [
        "ik zag dat Jan van Acht niet meer kwam",  # a surname
        "de groep van Fenna van 12 kinderen ging mee",  # a count
        "we zaten in Utrecht van zes tot acht",  # a time
    ],
)
def test_a_name_van_a_number_that_is_no_age(text: str) -> None:
    assert of(text, "LEEFTIJD") == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("ze woont op 3514 KV, nou ja, zo heet de postcode, nummer 22.", "22"),
        ("postcode 3571 GH en dan huisnummer 8 b, denk ik", "8 b"),
    ],
)
def test_the_house_number_a_few_words_after_a_postcode(text: str, number: str) -> None:
    assert number in of(text, "LOCATIE")


@pytest.mark.parametrize(
    "text",
    [
        "postcode 3514 KV. Nummer 22 op de lijst was hij.",  # another sentence
        "in 3514 KV wonen 22 gezinnen",  # no number word
        "postcode 3514 KV, groep 8, klas 3, week 12",
    ],
)
def test_no_house_number_after_a_postcode_without_the_word(text: str) -> None:
    assert of(text, "LOCATIE") == []


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("hij is geboren in de winter van '97, begin februari", ["winter van '97", "begin februari"]),
        ("geb. in het voorjaar van 1962", ["voorjaar van 1962"]),
    ],
)
def test_a_birth_season(text: str, dates: list[str]) -> None:
    assert of(text, "DATUM") == dates


def test_a_season_without_a_birth_cue_stays() -> None:
    assert of("in de zomer van 2019 waren we 3 keer op vakantie", "DATUM") == []


@pytest.mark.parametrize(
    "phone",
    ["0032-(0)478/23.45.67", "+32 (0)478/23 45 67", "0049-(0)171/2345678"],
)
def test_a_foreign_number_written_the_belgian_way(phone: str) -> None:
    assert of(f"zijn broer, {phone}, belt zondag", "TELEFOONNUMMER") == [phone]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("de balie, 030 - 2 41 88 17 (ext. 31).", "030 - 2 41 88 17 (ext. 31)"),
        ("bel 088-7654321 (toestel 4) maar", "088-7654321 (toestel 4)"),
    ],
)
def test_an_extension_in_brackets(text: str, phone: str) -> None:
    assert of(text, "TELEFOONNUMMER") == [phone]


def test_a_bracket_after_a_number_that_is_no_extension_stays_out() -> None:
    assert of("bel 088-7654321 (keuze 4) maar", "TELEFOONNUMMER") == ["088-7654321"]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("geboortedatum 7 - 9 - '52.", "7 - 9 - '52"),
        ("zijn moeder, 14 / 3 / '29, woont", "14 / 3 / '29"),
        ("geb. 22 sept. '64 in Tiel", "22 sept. '64"),
        ("oma's verjaardag is op de negentiende mei", "negentiende mei"),
    ],
)
def test_apostrophe_years_and_a_birthday_cue(text: str, date: str) -> None:
    assert of(text, "DATUM") == [date]


@pytest.mark.parametrize(
    "text",
    ["het was 4 - 5 - 6 voor de thuisploeg", "op de negentiende mei gingen we vissen", "score 3 - 1 - '0"],
)
def test_no_date_without_year_form_or_cue(text: str) -> None:
    assert of(text, "DATUM") == []


def test_a_hesitation_between_dictated_postcode_digits() -> None:
    text = "de postcode is 3 5 eh 7 2, eh, KV, ja"
    assert of(text, "POSTCODE") == ["3 5 eh 7 2, eh, KV"]


def test_a_note_after_an_ellipsis_and_before_a_correction() -> None:
    phone = "nul zes... (stilte) ... 28 44 10 97"
    assert of(f"haar nummer is {phone}. Ja.", "TELEFOONNUMMER") == [phone]
    text = "ze woont op de Zadelstraat 31 [onverstaanbaar], nee 33, boven"
    assert of(text, "LOCATIE") == ["Zadelstraat 31", "33"]


def test_a_note_after_a_full_stop_stays_out() -> None:
    assert everything("Het was in 2019. [00:01:02] 3 keer ben ik gegaan, 20 minuten.") == []


def test_van_t_in_a_street_name() -> None:
    assert of("ze woont op de Van 't Hoffstraat 9 hs, vlakbij", "LOCATIE") == ["Van 't Hoffstraat 9 hs"]


def test_a_cued_street_with_an_adverb_and_a_range() -> None:
    assert of("ze woont nu op Zonnenburg 9 t/m 11 bij haar zus", "LOCATIE") == ["Zonnenburg 9 t/m 11"]
    assert of("hij woont nu in Marokko 20 jaar en komt terug", "LOCATIE") == []


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("haar man is 52, vier jaar ouder dan zij", ["52"]),
        ("zij is 30, twee jaar jonger dan hij", ["30"]),
        ("zo'n joch van twaalf weet dat niet", ["twaalf"]),
    ],
)
def test_a_difference_of_years_is_no_age_and_joch_is_a_person(text: str, ages: list[str]) -> None:
    assert of(text, "LEEFTIJD") == ages


def test_a_bare_number_under_an_identifier_key_in_the_front_matter() -> None:
    fields = {"leeftijd": 67, "geboortejaar": "1953", "huisnummer": 12, "telefoon": "0612345678", "aantal": 3}
    p = plan(fields, structural=())
    # The phone number is left to the finders, which know it by its form; "aantal" is no identifier key.
    assert p.pieces == ["[LEEFTIJD]", "[DATUM]", "[LOCATIE]", "0612345678", "3"]


def test_a_dwelling_with_a_floor_after_a_street_and_number() -> None:
    assert of("Biltstraat 40A is de kapper, zij woont op 40-2, boven", "LOCATIE") == [
        "Biltstraat 40A",
        "40-2",
    ]
    assert of("In de Biltstraat 40 hebben we op 3-1 gewonnen", "LOCATIE") == ["Biltstraat 40"]
    assert of("hij zit op 14-1, denk ik", "LOCATIE") == []  # no street before


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("op discord is hij daan.vl#0712, zegt hij", "daan.vl#0712"),
        ("insta: zoe.celik.jw", "zoe.celik.jw"),
        ("zijn snap is noor2009 en", "noor2009"),
        ("skype henkjan.degroot, elke dinsdag", "henkjan.degroot"),
    ],
)
def test_online_handles_without_an_at_sign(text: str, handle: str) -> None:
    assert of(text, "URL") == [handle]


@pytest.mark.parametrize(
    "text",
    [
        "ze heeft het op insta gezet",
        "op tiktok leuk gevonden",
        "Ticketnummer #48213",
        "Instagram is het beste",
    ],
)
def test_platform_words_without_a_handle_stay(text: str) -> None:
    assert of(text, "URL") == []


def test_a_double_first_name_goes_by_its_initials() -> None:
    forms, firsts = name_forms("Dirk-Jan Meerman")
    assert "DJ" in forms and "dj" in firsts
    forms, _ = name_forms("Anna-Sophie-Marie de Wit")  # three parts: no two-letter initials
    assert not any(len(f) == 3 and f.isupper() for f in forms)
    forms, _ = name_forms("Jan Meerman")
    assert not any(len(f) == 2 and f.isupper() for f in forms)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Hij is een 1994'er, dus nu zesentwintig.", "zesentwintig"),
        ("ze is van '61, dus toen 59, nee", "59"),
        ("de tweeling, die zijn nu negen, komt mee", "negen"),
        ("Onze drieling is 4 en ze rennen alles plat", "4"),
    ],
)
def test_an_age_after_a_year_of_birth_and_the_age_of_twins(text: str, age: str) -> None:
    assert age in of(text, "LEEFTIJD")


@pytest.mark.parametrize(
    "text",
    [
        "De brief is van 2019, dus nu 3 keer verstuurd.",
        "in 2019, dus 12 weken later",
        "de tweeling zijn er 2 keer geweest",
        "een tweeling is 2 kinderen tegelijk",
    ],
)
def test_no_age_after_a_year_of_an_event_or_a_count_of_twins(text: str) -> None:
    assert of(text, "LEEFTIJD") == []


def test_a_room_in_a_care_home() -> None:
    assert of("Oma ligt in het verpleeghuis, kamer 214, aan de tuin.", "LOCATIE") == ["214"]
    assert of("ze zit in De Weide, kamernummer 12b.", "LOCATIE") == ["12b"]
    assert (
        of("Thuis heeft hij kamer 12 en de Tweede Kamer 150 zetels. Het hotel had kamer 204.", "LOCATIE")
        == []
    )


def test_housemates_in_the_front_matter_are_persons_with_initials() -> None:
    p = plan({"huisgenoten": "Jan-Willem (zoon), Roos (dochter)", "gezinslid": "oma Truus"}, structural=())
    assert "Jan-Willem" in p.persons and "Roos" in p.persons
    assert "JW" in name_forms("Jan-Willem")[0]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("de buurvrouw, mevrouw K., kwam elke dag", ["K"]),
        ("dhr. P.J. en mw. O'Connor waren er", ["P.J", "O'Connor"]),
        ("Meneer A. zei niks", ["A"]),
        ("fam. El'Haddaoui woont ernaast", ["El'Haddaoui"]),
        ("toen belde dokter N’Goma terug", ["N’Goma"]),
    ],
)
def test_initials_and_apostrophe_names_after_a_title(text: str, names: list[str]) -> None:
    assert [text[a:b] for a, b in titled_short_names(text)] == names


@pytest.mark.parametrize(
    "text",
    [
        "mevrouw Jansen kwam. Daarna de juf.",
        "meneer zei: 't is goed",
        "de dokter. Hij",
        "mevrouw de Vries's tuin",
    ],
)
def test_no_titled_short_name(text: str) -> None:
    assert titled_short_names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "We zaten in het gemeentehuis, kamer 204.",
        "Het gesprek vond plaats in de kantine, kamer 12 was bezet.",
        "In de eerste week zat ik in kamer 15 met mijn collega.",
        "We hebben in de Raadzaal, kamer 204 vergaderd.",
    ],
)
def test_a_room_elsewhere_is_no_care_home(text: str) -> None:
    assert of(text, "LOCATIE") == []


@pytest.mark.parametrize(
    "text",
    [
        "De trein naar Utrecht van 9 heeft vertraging.",
        "De vergadering in Zwolle van 10 gaat niet door.",
    ],
)
def test_a_place_van_a_time_is_no_name_and_age(text: str) -> None:
    assert of(text, "LEEFTIJD") == []


@pytest.mark.parametrize("text", ["Ik heb op insta 3.5 uur gezeten.", "Op tiktok 1.5 miljoen views."])
def test_a_number_after_a_platform_is_no_handle(text: str) -> None:
    assert of(text, "URL") == []


@pytest.mark.parametrize(
    "text",
    [
        "Mijn postcode is 3552 EH, en ik sta nummer 2 op de wachtlijst.",
        "Hij woont in de Kanaalstraat 14, ik was er op 12-3 om tien uur.",
    ],
)
def test_a_ranking_or_a_date_after_an_address_is_no_house_number(text: str) -> None:
    from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers

    found = [text[s:e] for s, e, category in find_identifiers(text) if category == "LOCATIE"]
    assert not any(f in ("2", "12-3") for f in found), found
