"""Forms of the sixteenth dev author (corpora/privacy/dev/priv-d150..d159): handles that hold a known name, a
houseboat and a caravan pitch, rooms numbered by floor, ages in letters and reports, dictated postcodes without
their cue, dates with a month in another language and national numbers; each with look-alikes that must stay."""

from __future__ import annotations

import pytest

from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers


def _found(text: str) -> list[tuple[str, str]]:
    return [(text[a:b], c) for a, b, c in find_identifiers(text)]


def _covered(text: str, part: str) -> bool:
    at = text.index(part)
    return any(a <= at and at + len(part) <= b for a, b, _ in find_identifiers(text))


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
    assert _covered(text, part), _found(text)


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
    assert not _covered(text, kept), _found(text)


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
