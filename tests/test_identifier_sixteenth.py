"""Forms of the sixteenth dev author (corpora/privacy/dev/priv-d150..d159): handles that hold a known name, a
houseboat and a caravan pitch, rooms numbered by floor, ages in letters and reports, dictated postcodes without
their cue, dates with a month in another language and national numbers; each with look-alikes that must stay."""

from __future__ import annotations

import pytest
from identifier_support import covered, found

from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("Zijn adres is Amstelkade 112 ws, daar ligt de boot.", "Amstelkade 112 ws"),
        ("Ze staan op Kermisweg 9 standplaats 14, naast de oom.", "Kermisweg 9 standplaats 14"),
        ("Hij ligt op de afdeling Kortdurende Opname, kamer 3.07, sinds gisteren.", "3.07"),
        ("Betreft: mw. J. Pronk, V, 02-11-1990 (29 jr), BSN volgt.", "29"),
        ("Cliënt is een 52 j.o. vrouw die alleen woont.", "52"),
        (
            "Zeg het maar. Twee acht vier één, hoofdletter D, hoofdletter G.",
            "Twee acht vier één, hoofdletter D",
        ),
        ("Vier nul drie één, M K. Dat is bij het station.", "Vier nul drie één, M K"),
        ("Op haar kaart staat: née le 3 mars 1951 à Oujda.", "3 mars 1951"),
        ("In de nüfus staat 14 Temmuz 1962 als datum.", "14 Temmuz 1962"),
        ("Zijn CIN is AB 471920, zegt hij.", "471920"),
        ("Hij slaapt in de auto bij de Leidsche Ring 12, achter de bouwmarkt.", "Leidsche Ring 12"),
        ("Op het formulier schreef ze Zonnelaan No:34 D:2, zoals in Ankara.", "Zonnelaan No:34 D:2"),
        ("Zijn locatie stond in de app: 52.09124, 5.11877. Daar vonden we hem.", "52.09124, 5.11877"),
    ],
)
def test_sixteenth_author_forms(text: str, part: str) -> None:
    assert covered(text, part), found(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Op 14-06-2019 (8 bezoekers) kwamen ze langs.", "8"),
        ("Het is een 3 j. opleiding aan het mbo.", "3"),
        ("We oefenden het alfabet: een twee drie vier, A B C D.", "een twee drie vier"),
        ("De vergadering is in kamer 2.14 van het stadhuis.", "2.14"),
        ("Ze kocht 3 mars repen en 2 mais.", "3"),
        ("We liepen de Nederlandse Weg 3 keer af.", "3"),
        ("De kosten waren 12,50, 13,75 en 14,25 euro.", "12,50"),
    ],
)
def test_sixteenth_author_look_alikes_stay(text: str, kept: str) -> None:
    assert not covered(text, kept), found(text)


def test_a_handle_or_hashtag_that_holds_a_known_name(pseudonymiser) -> None:  # noqa: ANN001
    pieces = [
        "Volg me op insta, noor.vandam_03, en op TikTok als NoorDanst.",
        "Iedereen zette #jaydenblijft onder zijn filmpje.",
        "Zie www.gemeente.nl en het mailtje van 12.30 uur.",
    ]
    out = pseudonymiser.pseudonymise(pieces, known_persons=["Noor van Dam", "Jayden Pinas"]).pieces
    for gone in ("noor.vandam_03", "#jaydenblijft"):
        assert gone not in " ".join(out), out
    assert "12.30 uur" in out[2], out


def test_a_description_in_a_person_field_is_no_name(pseudonymiser) -> None:  # noqa: ANN001
    from kritischeblik.ingest import frontmatter

    fields = {
        "leerlingen": "Yasmina (11) en Stijn (12), uit de leerlingenraad",
        "begeleider": "Karel de Wit, bij de buren; Van Dam",
    }
    persons = frontmatter.plan(fields, (), pseudonymiser.name_lists).persons
    assert persons == ["Yasmina", "Stijn", "Karel de Wit", "Van Dam"]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("En dan tellen: een, twee, drie, vier. O, O, wat was dat spannend.", "vier"),
        ("We telden af, vier drie twee een. U B moet dan springen.", "vier"),
        ("In de opvang kost een kamer 7.50 per nacht.", "7.50"),
        ("Activiteit voor 6-12 j.o. in het buurthuis.", "12"),
        ("Voor 12 j.o. en ouder is er een avond.", "12"),
    ],
)
def test_review_look_alikes_of_the_sixteenth_round_stay(text: str, kept: str) -> None:
    assert not covered(text, kept), found(text)


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("In het verpleeghuis lag ze eerst op kamer 1.05, daarna op kamer 2.14.", "2.14"),
        ("Mijn vader woont Kerkweg 12 sp 3 jaar al.", "Kerkweg 12"),
        ("Zijn T.C. kimlik numarası is 12345678901.", "12345678901"),
    ],
)
def test_review_misses_of_the_sixteenth_round(text: str, part: str) -> None:
    assert covered(text, part), found(text)


@pytest.mark.parametrize(
    "text",
    ["een twee drie vier A" + " " * 20000 + "x", "een twee drie vier A" + "\n \n" * 7000 + "x"],
)
def test_long_hostile_input_ends(text: str) -> None:
    # The dictated postcode without its cue backtracked for seconds on long runs of spaces.
    assert isinstance(find_identifiers(text), list)


@pytest.mark.parametrize(
    ("known", "text"),
    [
        (
            ["Anna de Groot"],
            "Het was groot.Daarna gingen we naar huis, zie www.grootouderszorg.nl en #grootouderdag.",
        ),
        (["Tom Koning"], "Met #koningsdag en Koningsdag2024 is het buurthuis dicht."),
        (["Albert Jansen"], "Ze werkt bij de AlbertHeijn aan de overkant."),
        (["Peter Bakker"], "De sheets staan in bakkers_2023.pptx op de schijf."),
    ],
)
def test_words_brands_and_files_that_hold_a_name_are_no_handles(pseudonymiser, known, text) -> None:  # noqa: ANN001
    out = pseudonymiser.pseudonymise([text], known_persons=known).pieces[0]
    assert "[PERSOON" not in out, out


def test_a_handle_of_someone_else_is_not_the_known_person(pseudonymiser) -> None:  # noqa: ANN001
    pieces = ["Sanne zelf zit op TikTok als #sannevisser.", "Haar klasgenoot @susanne_2009 plaagde haar."]
    out = pseudonymiser.pseudonymise(pieces, known_persons=["Sanne Visser"]).pieces
    assert "#sannevisser" not in out[0]
    sanne = out[0].split()[0]
    assert sanne not in out[1], out


@pytest.mark.parametrize(
    ("text", "part"),
    [
        (
            "Haar nummer zei ze in het Frans: zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit.",
            "zéro six",
        ),
        (
            "Zijn adres is karim.benali arobase gmail point com, zei hij.",
            "karim.benali arobase gmail point com",
        ),
        (
            "Haar mail: ayse.demir92 et işareti hotmail nokta com, dat ging mis.",
            "ayse.demir92 et işareti hotmail nokta com",
        ),
    ],
)
def test_numbers_and_mail_said_in_french_or_turkish(text: str, part: str) -> None:
    assert covered(text, part), found(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Onze buurvrouw is er altijd en onze zoon ook.", "Onze"),
        ("Het was six o'clock en de point is dat we at home waren.", "six"),
        ("Ze zei 'merci' en 'à bientôt', en twintig minuten later was ze terug.", "twintig"),
    ],
)
def test_french_and_english_words_that_are_no_numbers_stay(text: str, kept: str) -> None:
    assert not covered(text, kept), found(text)
