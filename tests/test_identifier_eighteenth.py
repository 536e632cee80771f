"""Forms of the eighteenth dev author (corpora/privacy/dev/priv-d170..d179), who wrote ordinary interviews as
automatic speech recognition types them and a duo corrects them lightly: timestamps and transcriber's notes
before a sentence, children's ages in a list without commas, an address at a foreign provider with " at ", a
person's role in a nested front-matter map; each with look-alikes that must stay."""

from __future__ import annotations

import pytest
from identifier_support import covered, found


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("Drie. Filmon die is 9 Ruta die is 6 en de kleine Sara die is 2.", "9"),
        ("Drie. Filmon die is 9 Ruta die is 6 en de kleine Sara die is 2.", "6"),
        ("Yusuf is 12 Emre is 9 en de kleine is 4.", "12"),
        ("Ik heb hem laatst nog gemaild op pawel.kowalczyk75 at wp.pl om te vragen hoe het gaat.", "wp.pl"),
        ("Stuur het maar naar ana.popescu at yahoo.ro dat leest ze wel.", "ana.popescu"),
        # an age said twice, as speech recognition types a repeat
        ("en ronald is 61 eenenzestig en toen hij binnenkwam", "eenenzestig"),
        ("die is eh die is negentien negentien ja en ze heeft een zoontje", "negentien"),
        ("ze is eh ze is 41 41 jaar en ze zei", "41"),
        ("die is zesenveertig 46 jaar denk ik", "zesenveertig"),
        # an age against another's, and an age corrected or guessed again
        ("die is twee jaar ouder, dus achtenzestig, en die had hem", "achtenzestig"),
        ("een paar jaar jonger, zesenzeventig denk ik, of zevenenzeventig, ik haal", "zevenenzeventig"),
        ("een stuk ouder, ik denk vijfentwintig, zesentwintig. Die stond daar", "vijfentwintig"),
        ("Die is... zestig. Eenenzestig? Die is al met de AOW.", "Eenenzestig"),
        ("Die is 6, 7 misschien.", "7"),
    ],
)
def test_eighteenth_author_forms(text: str, part: str) -> None:
    assert covered(text, part), found(text)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("De score is 4 Mark vond het te laag.", "4"),
        ("Het hotel is 4 Sterren waard.", "4"),
        ("Ze at het punt af en ging slapen.", "at"),
        ("Ze at brood punt uit.", "brood"),
        ("We hebben 12 12 stoelen neergezet.", "12"),
        ("Het was 3, 3 keer achter elkaar.", "3"),
        ("hij is een jaar ouder, een jaar of zo", "een"),
        ("ze is ouder, 2 kinderen heeft ze", "2"),
        ("Jan is 45. 12 mensen kwamen er.", "12"),
        ("Het is... 12 uur.", "12"),
    ],
)
def test_eighteenth_author_look_alikes_stay(text: str, kept: str) -> None:
    assert not any(kept in surface for surface, _ in found(text)), found(text)


def test_a_repeat_inside_a_phone_number_is_no_age() -> None:
    text = "bel haar op 06 12 12 34 56 als het kan"
    assert found(text) == [("06 12 12 34 56", "TELEFOONNUMMER")], found(text)


def test_a_word_after_a_timestamp_or_a_note_starts_a_sentence(pseudonymiser) -> None:  # noqa: ANN001
    pieces = [
        "[00:03:20] Mooi. En als je het aan een principe koppelt?",
        "(00:08) Mooi. Het mooie voorbeeld.",
        "[00:04:05] Oei.",
        "[lacht] Mooi zo.",
        "[vertaalt] Dankjewel.",
    ]
    out = pseudonymiser.pseudonymise(pieces).pieces
    for before, after in zip(pieces, out, strict=True):
        assert before == after, after


def test_a_name_after_a_note_or_inside_a_sentence_is_still_replaced(pseudonymiser) -> None:  # noqa: ANN001
    pieces = [
        "[lacht] Kacper kwam binnen.",
        "Ik belde (lacht) Bakker gisteren.",
        "00:01:10 Tesfaye zei het zelf.",
    ]
    out = pseudonymiser.pseudonymise(pieces).pieces
    for name, text in zip(("Kacper", "Bakker", "Tesfaye"), out, strict=True):
        assert name not in text, text


def test_what_a_person_in_a_nested_map_does_is_no_second_person(pseudonymiser) -> None:  # noqa: ANN001
    from kritischeblik.ingest import frontmatter

    lists = pseudonymiser.name_lists
    fields = {
        "begeleider": {"naam": "Piotr Wiśniewski", "rol": "vrijwilliger thuisadministratie"},
        "contactpersoon": {"naam": "Marian de Vos", "functie": "casemanager dementie"},
        "mentor": {"naam": "Mieke Gulpers", "rol": "collega van Gerrit Hoekstra"},
    }
    planned = frontmatter.plan(fields, (), lists)
    assert planned.persons == ["Piotr Wiśniewski", "Marian de Vos", "Mieke Gulpers"], planned.persons
    # a describing value is scanned like the transcript's text, so a name in it is still replaced
    assert "collega van Gerrit Hoekstra" in planned.pieces
    out = pseudonymiser.pseudonymise(["collega van Gerrit Hoekstra"]).pieces[0]
    assert "Gerrit" not in out and "Hoekstra" not in out, out
