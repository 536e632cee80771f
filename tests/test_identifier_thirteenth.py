"""Identifiers in the forms of the thirteenth dev author (corpora/privacy/dev/priv-d120..d129): forms pasted as
tables of two columns, tables one under the other, telephone intakes that spell with a spelling alphabet, and
speakers of Dutch as a second language. The examples differ from the corpus; each rule has look-alikes that stay.
"""

from __future__ import annotations

import pytest

from kritischeblik.ingest.pseudonymisation.finders.identifier_tables import label_cells
from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers


def of(text: str, category: str) -> list[str]:
    return [text[a:b] for a, b, c in find_identifiers(text) if c == category]


FORM = """| Aanmelding | |
|---|---|
| Dossier | 2020-118 |
| Adres | Lindeplein 4 |
| Postcode | 3571 0B |
| Tel. | 06 - 4419 2087 |
| Geboortedatum | 3 maart 1961 |
| Soort hulp | budgetcoaching |"""


def test_a_form_of_two_columns_gives_each_value_the_category_of_its_label() -> None:
    assert of(FORM, "POSTCODE") == ["3571 0B"]
    assert "06 - 4419 2087" in of(FORM, "TELEFOONNUMMER")
    assert "3 maart 1961" in of(FORM, "DATUM")
    # A row below the first is no heading: the labels under "Adres" are no addresses.
    assert not [s for s in of(FORM, "LOCATIE") if s in ("Postcode", "Tel.", "Geboortedatum", "Soort hulp")]


def test_a_blank_line_ends_a_table_and_the_next_one_has_its_own_heading() -> None:
    text = (
        "| Telefoon | 030 - 231 44 90 |\n| Ophalen | vrijdag |\n\n"
        "| Naam | Rol | Lft |\n|---|---|---|\n| Dirk | vader | 41 |\n| Roos | dochter | 9 |"
    )
    assert of(text, "LEEFTIJD") == ["41", "9"]
    assert of(text, "TELEFOONNUMMER") == ["030 - 231 44 90"]  # "Ophalen" under "Telefoon" is no phone number


def test_months_and_totals_in_the_first_column_of_a_table_stay() -> None:
    text = "| Periode | Loon | Uitkering |\n|---|---|---|\n| mei 2019 | € 600 | € 1.400 |\n| **Totaal** | | € 2.000 |"
    assert of(text, "DATUM") == []


def test_headings_and_labels_are_never_names() -> None:
    text = "| Naam | Geb. datum | Lft |\n|---|---|---|\n| Jan | 01-02-2003 | 17 |"
    cells = [text[a:b] for a, b in label_cells(text)]
    assert cells == ["Geb. datum", "Lft"]
    assert label_cells("Een zin met | één streep.") == []


@pytest.mark.parametrize(
    ("text", "expected", "category"),
    [
        (
            "Dat is met een q. Ik spel: k van karel, u, i, j, p van pieter, e, r, s van simon.",
            "k van karel, u, i, j, p van pieter, e, r, s van simon",
            "PERSOON",
        ),
        (
            "Het kenmerk is Kilo Lima, achttien, streepje, vijf vijf nul twee.",
            "Kilo Lima, achttien, streepje, vijf vijf nul twee",
            "DOSSIER",
        ),
        (
            "Ik woon op de Meidoornlaan 9, twee acht één vier, Delta Romeo, in Tiel.",
            "twee acht één vier, Delta Romeo",
            "POSTCODE",
        ),
        (
            "Drie zes nul zeven, r van rudolf, b van bernard.",
            "Drie zes nul zeven, r van rudolf, b van bernard",
            "POSTCODE",
        ),
    ],
)
def test_spelled_with_a_spelling_alphabet(text, expected, category) -> None:
    assert of(text, category) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Hij rijdt in een oude Golf en slaapt in Hotel De Wereld.",
        "Dat was de a van de week, zeg maar, en toen ging het mis.",
        "We spelen Papa en Mama met de kleintjes.",
        "Wat vindt u van uw nieuwe woning?",
        "Ik kreeg vitamine D van de huisarts.",
        "Ik had 't van tevoren al gezegd.",
        "Mijn papa, november vorig jaar is hij overleden.",
    ],
)
def test_words_that_only_look_like_spelling_stay(text) -> None:
    assert find_identifiers(text) == []


def test_a_postcode_given_as_the_answer_to_a_question() -> None:
    text = "En uw postcode? > Beller: Vier één twee negen, ka el. > VT: Dank u."
    assert of(text, "POSTCODE") == ["Vier één twee negen, ka el"]
    assert of("Wat is de postcode? Dat weet ik niet, zes of zeven jaar geleden verhuisd.", "POSTCODE") == []


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Toen ik hier kwam, ik had negentien jaar.", "negentien"),
        ("Ja. En nu hij heeft zevenentwintig.", "zevenentwintig"),
        ("Die jongen bleek pas zeventien.", "zeventien"),
        ("Haar broer, die zal een jaar of... nee, die zal elf zijn.", "elf"),
        ("Die man kan nooit jonger zijn dan zestig.", "zestig"),
        ("terwijl ze eigenlijk gewoon vijftien is", "vijftien"),
    ],
)
def test_ages_said_with_another_verb(text, age) -> None:
    assert of(text, "LEEFTIJD") == [age]


@pytest.mark.parametrize(
    "text",
    [
        "Ik had twee jaar een baan bij de bakker.",
        "Hij bleek twee uur te laat.",
        "Die kan niet meer dan vijf kilo tillen.",
        "Hoeveel kinderen? Ik heb drie.",
        "Dat zal twintig euro zijn.",
        "Hij heeft vier jaar en zes maanden gekregen.",
        "Hoelang heeft hij gezeten? Hij heeft vijf jaar.",
        "Eerst had ik vier schuldeisers, nu ik heb twee.",
        "Ze bleek al twee jaar geen huur te betalen.",
        "Zij leek ook tien jaar ouder.",
        "De wachtlijst, die zal ongeveer vijf jaar zijn.",
        "Die kamer is niet ouder dan twintig.",
    ],
)
def test_durations_counts_and_amounts_with_those_verbs_stay(text) -> None:
    assert of(text, "LEEFTIJD") == []


def test_what_something_turned_out_to_be_is_no_age() -> None:
    assert of("Het bleek drie. De rekening bleek twee keer betaald.", "LEEFTIJD") == []


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        (
            "Ze woont in de Molenstraat, op nummer nege-en-veertig, achter de kerk.",
            "LOCATIE",
            "nege-en-veertig",
        ),
        ("Oma is vief-en-tachtig en nog kwiek.", "LEEFTIJD", "vief-en-tachtig"),
        ("Zien opa, die is twijentachteg, komt elke week.", "LEEFTIJD", "twijentachteg"),
        (
            "Het nummer is nul-veer-drie, twie-aach-ein, vief-nege, drei-ein.",
            "TELEFOONNUMMER",
            "nul-veer-drie, twie-aach-ein, vief-nege, drei-ein",
        ),
        ("En die jongen van ellef van hiernaast komt helpen.", "LEEFTIJD", "ellef"),
    ],
)
def test_numbers_in_dialect_are_read_as_the_standard_words(text, category, expected) -> None:
    assert expected in of(text, category)


@pytest.mark.parametrize(
    "text",
    [
        "De veer naar Texel ging om vier uur.",
        "Ein Hund, sagte er, und ich bin nicht da.",
        "Ach, dat weet ik niet meer.",
        "Ze is eenentwintig keer verhuisd.",
    ],
)
def test_dutch_and_german_words_that_look_like_dialect_numbers_stay(text) -> None:
    assert of(text, "LEEFTIJD") == [] and of(text, "TELEFOONNUMMER") == []


def test_spans_found_in_dialect_map_back_to_the_words_said() -> None:
    from kritischeblik.ingest.pseudonymisation.finders.dialect_numbers import back, standardised

    text = "Hae is ach-en-zeventig, zien vrouw vief-en-zestig."
    copy, edits = standardised(text)
    assert copy == "Hae is acht-en-zeventig, zien vrouw vijf-en-zestig."
    spans = back(
        [(copy.index("acht"), copy.index(","), "X"), (copy.index("vijf"), len(copy) - 1, "Y")], edits
    )
    assert [text[a:b] for a, b, _ in spans] == ["ach-en-zeventig", "vief-en-zestig"]
    assert standardised("Gewone tekst zonder streektaal, drie-en-veertig.") is None


def test_a_table_right_under_another_starts_at_the_row_above_its_rule() -> None:
    # Ingest drops the blank lines inside a turn: two tables touch.
    text = "| Telefoon | 030 - 231 44 90 |\n| Ophalen | vrijdag |\n| Naam | Lft |\n|---|---|\n| Dirk | 41 |\n| Roos | 9 |"
    assert of(text, "LEEFTIJD") == ["41", "9"]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Mijn broer? Hij is van zesenzeventig, denk ik.", "zesenzeventig"),
        ("Dat weet ik zeker, omdat ik zelf van tweeënzestig ben.", "tweeënzestig"),
        ("En vierenvijftig is ze geboren, in Paramaribo.", "vierenvijftig"),
        ("Hij is geboren in negentien eenenvijftig, in de winter.", "negentien eenenvijftig"),
    ],
)
def test_a_year_of_birth_in_words_around_the_verb(text, year) -> None:
    assert year in of(text, "DATUM")


@pytest.mark.parametrize(
    "text",
    [
        "Die is van zestig jaar geleden.",
        "Omdat ik van tien ben, snap ik dat niet.",
        "Die kast is van vijftig euro.",
    ],
)
def test_a_spelled_number_after_van_that_is_no_year_stays(text) -> None:
    assert of(text, "DATUM") == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Mijn zus woont drie huizen verder, op 27.", "27"),
        ("De buren, op negenentwintig, hebben een sleutel.", "negenentwintig"),
        ("Ik woon op achttien, al veertig jaar.", "achttien"),
        # The neighbours' number stayed before this round: with the street it gives the respondent's address.
        ("die woont hiernaast op 41, al jaren", "41"),
    ],
)
def test_a_house_number_alone_where_the_sentence_is_about_living(text, number) -> None:
    assert number in of(text, "LOCATIE")


@pytest.mark.parametrize(
    "text",
    [
        "Ik woon hier op tien minuten van mijn werk.",
        "Ze woont op 3 hoog, zonder lift.",
        "We woonden met z'n vieren op 40 vierkante meter.",
        "Het huis was op tijd klaar, op 1 na.",
    ],
)
def test_distances_floors_and_counts_after_op_stay(text) -> None:
    assert of(text, "LOCATIE") == []


def test_a_heading_and_notes_in_a_table_are_no_values() -> None:
    assert of("| Leeftijd | Aantal |\n|---|---|\n| 12 | 3 |", "LEEFTIJD") == ["12"]
    notes = "| Telefoon | 3 keer gebeld |\n| Adres | 2 keer verhuisd |"
    assert find_identifiers(notes) == []


def test_spelled_runs_leave_the_numbers_around_them_to_their_own_finders() -> None:
    assert of("Mijn nummer is 06 12 34 56 78, a van anton.", "TELEFOONNUMMER") == ["06 12 34 56 78"]


@pytest.mark.parametrize(
    "text", ["Mijn nummer in het Arabisch: +٩٦١ ٣ ٤١٨ ٢٢٧, zei ze.", "bel ۰۶ ۱۲ ۳۴ ۵۶ ۷۸ maar niet na tienen"]
)
def test_digits_of_other_scripts_are_read_as_digits(text) -> None:
    assert len(of(text, "TELEFOONNUMMER")) == 1
    assert of("Het waren ٣ kinderen.", "TELEFOONNUMMER") == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Op zijn papieren staat 14 Safar 1385, dat rekenen we nog om.", "14 Safar 1385"),
        ("Ze is geboren op 7 Tahsas 1990, in Addis.", "7 Tahsas 1990"),
        ("Volgens de Iraanse kalender 3 Bahman 1362.", "3 Bahman 1362"),
    ],
)
def test_a_date_in_another_calendar(text, date) -> None:
    assert date in of(text, "DATUM")


def test_a_month_of_another_calendar_without_day_and_year_stays() -> None:
    assert of("In de Ramadan van 2019 ging het mis, in Safar werd het beter.", "DATUM") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Op haar telefoon staat: فاطمة الزهراء. Zo schrijft zij het.", "فاطمة الزهراء"),
        ("Zijn naam in Ge'ez is ዮሃንስ, dat spreek je uit als Yohannes.", "ዮሃንስ"),
        ("Ze tekent met Ірина Шевченко, in het Oekraïens.", "Ірина Шевченко"),
    ],
)
def test_names_in_another_script_are_replaced(text, name) -> None:
    assert of(text, "PERSOON") == [name]


def test_latin_letters_with_accents_are_no_other_script() -> None:
    assert of("We dronken koffie in café Zoë, met crème brûlée erbij.", "PERSOON") == []


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        (
            "Straat: Lindelaan. Huisnummer: 14 Toevoeging: B. Plaats: Zeist.",
            "LOCATIE",
            ["Lindelaan", "14", "B"],
        ),
        ("Postcode in de hokjes: |3|7|0|1|K|L|, zo stond het er.", "POSTCODE", ["|3|7|0|1|K|L|"]),
        (
            "Het was postcode 3722, en dan de letters, even kijken, B T. Dat klopte.",
            "POSTCODE",
            ["3722", "B T"],
        ),
        (
            "Zijn geboortedatum zegt hij als een rijtje: een twee nul vijf acht acht. Knap.",
            "DATUM",
            ["een twee nul vijf acht acht"],
        ),
    ],
)
def test_fields_boxes_later_letters_and_rows_of_digits(text, category, expected) -> None:
    assert of(text, category) == expected


def test_letters_after_a_postcode_that_are_no_postcode_stay() -> None:
    assert of("Postcode 3722, dat is OK voor de TV-gids.", "POSTCODE") == ["3722"]
    assert find_identifiers("| a | b | c | d | e |") == []
    assert of("Postcode 3513, dat is bij de AH om de hoek.", "POSTCODE") == ["3513"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bij oma Riet, in Zuilen, slaapt ze nu.", "Riet"),
        ("Ik sprak met tante Roos over de verhuizing.", "Roos"),
    ],
)
def test_a_name_that_is_a_dutch_word_after_a_family_title(pseudonymiser, text, name) -> None:
    assert name not in pseudonymiser.pseudonymise_text(text)


def test_words_after_a_family_title_that_are_no_names_stay(pseudonymiser) -> None:
    out = pseudonymiser.pseudonymise_text(
        "ik ging naar oma Maar die was er niet. Maar ik ging toch. Maar goed"
    )
    assert out.count("Maar") == 3
    assert "Groep 7" in pseudonymiser.pseudonymise_text("Ze zit bij juf Groep 7 in de klas, zegt ze.")


def test_a_dialect_unit_that_is_a_word_too_counts_in_a_hyphenated_compound() -> None:
    assert of("Hae is ach-en-zeventig. Weduwnaar.", "LEEFTIJD") == ["ach-en-zeventig"]


def test_the_subject_of_an_age_is_a_name_everywhere_in_the_interview(pseudonymiser) -> None:
    out = pseudonymiser.pseudonymise_text("Veertien is van Dien, die woont beneden. Dien is vierennegentig.")
    assert "Dien" not in out
    out = pseudonymiser.pseudonymise_text("Roos is zeven. Ze kreeg een rode roos van haar opa.")
    assert "Roos is" not in out and "rode roos" in out


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        ("Us heit? Hy is sânentachtich. Ik bin fjouwerenfyftich.", "LEEFTIJD", "fjouwerenfyftich"),
        (
            "Har nûmer is nul seis, tolve, trije fjouwer, fiif sân, acht njoggen.",
            "TELEFOONNUMMER",
            "nul seis, tolve, trije fjouwer, fiif sân, acht njoggen",
        ),
    ],
)
def test_frisian_numbers_are_read_as_dutch(text, category, expected) -> None:
    assert expected in of(text, category)


def test_papiamento_and_frisian_words_that_are_words_elsewhere_count_only_beside_a_number() -> None:
    assert (
        standardised_text("Ik had un petit café en dos amigos, seis of zes.")
        == "Ik had un petit café en dos amigos, seis of zes."
    )
    assert standardised_text("un un dos dos") == "een een twee twee"


def standardised_text(text: str) -> str:
    from kritischeblik.ingest.pseudonymisation.finders.dialect_numbers import standardised

    done = standardised(text)
    return text if done is None else done[0]


@pytest.mark.parametrize(
    "text",
    [
        "In het huis staat de verwarming op 20, dat is te koud.",
        "Mijn buren hebben de muziek op 10, elke nacht.",
        "Ik woon alleen en ik sta op de wachtlijst op 345.",
        "Qua woonsituatie zit ik op 6, op een schaal van tien.",
    ],
)
def test_numbers_after_op_that_are_no_house_number_stay(text) -> None:
    assert of(text, "LOCATIE") == []


@pytest.mark.parametrize(
    "text", ["Toevoeging: geen.", "Mijn scores waren |7|8|6|9|.", "| 3 | 4 | 5 | 2 | 4 |"]
)
def test_fields_and_boxes_that_identify_no_one_stay(text) -> None:
    assert find_identifiers(text) == []


def test_boxes_after_a_field_name() -> None:
    assert of("BSN: |1|1|1|2|2|2|3|3|3|", "BSN") == ["|1|1|1|2|2|2|3|3|3|"]
    assert of("Geboortedatum: |0|3|0|5|1|9|8|8|", "DATUM") == ["|0|3|0|5|1|9|8|8|"]


@pytest.mark.parametrize(
    ("turns", "kept"),
    [
        (["Dus de huur is 650?", "Nee, 700."], "700"),
        (["Hoe laat is het? Het is tien.", "Elf."], "Elf"),
        (["Je schuld is 300, toch?", "Ruim 400."], "400"),
    ],
)
def test_a_number_after_a_turn_that_said_no_age_stays(pseudonymiser, turns, kept) -> None:
    assert kept in pseudonymiser.pseudonymise(turns, known_persons=[]).pieces[1]


def test_a_bare_number_after_an_age_said_in_the_turn_before_is_an_age(pseudonymiser) -> None:
    turns = [
        "En dit is Bas, die is negen.",
        "Negen en driekwart.",
        "Hoe oud zijn jullie?",
        "Zestien, wallah.",
    ]
    out = pseudonymiser.pseudonymise(turns, known_persons=[]).pieces
    assert "driekwart" not in out[1] and "Zestien" not in out[3]


@pytest.mark.parametrize(
    "text", ["Ik bin fyftich en wenje yn Snits.", "Hij is zestien ook, net als zijn neef."]
)
def test_ages_in_frisian_and_before_ook(text) -> None:
    assert len(of(text, "LEEFTIJD")) == 1


def test_a_day_with_an_old_count_is_no_name(pseudonymiser) -> None:
    out = pseudonymiser.pseudonymise_text("Vrijdag (12) was het druk. Op Vrijdag eten we vis.")
    assert "Op Vrijdag" in out


def test_the_article_een_makes_no_dialect_number() -> None:
    assert of("Mijn moeder is ach, een lieve vrouw.", "LEEFTIJD") == []
    assert of("Vanaf 15 Ramadan 1440 begon hij te vasten, zei hij; dat was in mei.", "DATUM") == [
        "15 Ramadan 1440"
    ]


def test_a_year_of_birth_as_digit_words_and_an_ecli() -> None:
    assert of("Zij is een-negen-acht-zeven, dat weet ik zeker.", "DATUM") == ["een-negen-acht-zeven"]
    assert of("Ik ben nul nul nul nul, zei hij als grap.", "DATUM") == []
    assert of("De uitspraak staat online, ECLI:NL:RBAMS:2020:1234, lees maar.", "DOSSIER") == [
        "ECLI:NL:RBAMS:2020:1234"
    ]
