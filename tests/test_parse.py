import pytest

from kritischeblik.errors import InputError
from kritischeblik.ingest.parse import parse_transcript
from kritischeblik.model import Example

SAMPLE = """\
---
id: t-01
omgeving: wijk
duo: [Marieke de Vries, Ahmed Benali]
respondent: Sandra Kok
respondent_rol: wijkverpleegkundige
organisatie: Buurtteam West
datum: 2020-01-14
gemeente: Utrecht
golf: 1
---

## Mooi voorbeeld

Marieke: Kun je een moment noemen?
Sandra Kok: Ja. Vorig jaar belde de school ons.
Dat was echt bijzonder.

Ahmed Benali: Wat deed je toen?
Sandra: Wat ik bedoel: we gingen meteen langs.

## Vastloopmoment

I: En waar liep het vast?
R: Bij de indicatie.

## Scores

mooi voorbeeld | Leefwereld centraal | 4
mooi voorbeeld | Ruimte voor professionals | 5
vastloopmoment | Eenvoud | 1

## Keuze principe

- Leefwereld centraal
- Eenvoud — omdat het zo ingewikkeld is

## Nieuw principe

Samen optrekken: niet ieder vanuit de eigen organisatie.

- Transparantie
"""


def test_parse_sample(codebook):
    raw = parse_transcript(SAMPLE, "t.md", codebook)
    assert raw.id == "t-01" and raw.omgeving == "wijk"
    assert raw.duo == ["Marieke de Vries", "Ahmed Benali"]
    assert raw.respondents == ["Sandra Kok"]
    assert raw.datum == "2020-01-14"
    assert raw.attributes == {"gemeente": "Utrecht", "golf": 1}
    assert [(t.speaker, t.section) for t in raw.turns] == [
        ("Marieke", "mooi voorbeeld"),
        ("Sandra Kok", "mooi voorbeeld"),
        ("Ahmed Benali", "mooi voorbeeld"),
        ("Sandra", "mooi voorbeeld"),
        ("I", "vastloopmoment"),
        ("R", "vastloopmoment"),
    ]
    # a continuation line joins the turn; "Wat ik bedoel:" is prose, not a speaker
    assert raw.turns[1].text == "Ja. Vorig jaar belde de school ons.\nDat was echt bijzonder."
    assert raw.turns[3].text == "Wat ik bedoel: we gingen meteen langs."
    assert raw.turns[1].line == 16
    assert [(s.example, s.code_id, s.score) for s in raw.scores] == [
        (Example.MOOI, "lp-leefwereld-centraal", 4),
        (Example.MOOI, "lp-ruimte-voor-de-professional", 5),
        (Example.VASTLOOP, "lp-eenvoud", 1),
    ]
    assert raw.choices == ["lp-leefwereld-centraal", "lp-eenvoud"]
    assert raw.suggestions == ["Samen optrekken: niet ieder vanuit de eigen organisatie.", "Transparantie"]
    assert raw.warnings == []


@pytest.mark.parametrize(
    ("mutate", "line", "fragment"),
    [
        (lambda s: s.replace("omgeving: wijk", "omgeving: dorp"), 3, "onbekende omgeving 'dorp'"),
        (
            lambda s: s.replace("Leefwereld centraal | 4", "Leefwereld centraal | 7"),
            29,
            "buiten de schaal 1–5",
        ),
        (
            lambda s: s.replace("Eenvoud | 1", "Eenvoudig leven | 1"),
            31,
            "onbekend leidend principe 'Eenvoudig leven'",
        ),
        (lambda s: s.replace("Eenvoud | 1", "Eenvoud | hoog"), 31, "geen geheel getal"),
        (
            lambda s: s.replace("vastloopmoment | Eenvoud", "slecht voorbeeld | Eenvoud"),
            31,
            "onbekend voorbeeld",
        ),
        (
            lambda s: s.replace("- Leefwereld centraal", "- Leefwereld"),
            35,
            "onbekend leidend principe 'Leefwereld'",
        ),
        (lambda s: s.replace("id: t-01\n", ""), 1, "mist 'id'"),
        (
            lambda s: s.replace("duo: [Marieke de Vries, Ahmed Benali]", "duo: [Marieke"),
            4,
            "geen geldige YAML",
        ),
        (lambda s: s.replace("---\n\n## Mooi", "\n## Mooi"), 1, "niet afgesloten"),
        (lambda s: s[4:], 1, "front matter ontbreekt"),
    ],
)
def test_bad_input_names_line(codebook, mutate, line, fragment):
    with pytest.raises(InputError) as exc:
        parse_transcript(mutate(SAMPLE), "t.md", codebook)
    assert exc.value.line == line, str(exc.value)
    assert fragment in str(exc.value)
    assert str(exc.value).startswith(f"t.md:{line}: ")


def test_duplicate_score_is_refused(codebook):
    text = SAMPLE.replace("vastloopmoment | Eenvoud | 1", "mooi voorbeeld | Leefwereld centraal | 2")
    with pytest.raises(InputError, match="dubbele score"):
        parse_transcript(text, "t.md", codebook)


def test_empty_and_textless(codebook):
    with pytest.raises(InputError, match="leeg bestand"):
        parse_transcript("  \n", "e.md", codebook)
    with pytest.raises(InputError, match="geen interviewtekst"):
        parse_transcript("---\nid: x\nomgeving: wijk\nduo: [A B, C D]\n---\n## Scores\n", "e.md", codebook)


def test_missing_section_warns(codebook):
    raw = parse_transcript(SAMPLE.split("## Vastloopmoment")[0], "t.md", codebook)
    assert any("Vastloopmoment" in w for w in raw.warnings)


def test_markdown_table_scores(codebook):
    table = "| voorbeeld | principe | score |\n|---|---|---|\n| mooi voorbeeld | Eenvoud | 3 |\n"
    text = SAMPLE.split("## Scores")[0] + "## Scores\n\n" + table
    raw = parse_transcript(text, "t.md", codebook)
    assert [(s.code_id, s.score) for s in raw.scores] == [("lp-eenvoud", 3)]
