"""Text from PDFs: words broken over lines mended, running headers, page numbers and icon names removed,
lost table columns reported; real PDFs read through pypdf; the ingest reports what it cleaned and where to
check, without ever printing the text."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from conftest import dump_project
from hypothesis import given, settings
from hypothesis import strategies as st
from pdf_support import write_pdf

from kritischeblik.cli import main
from kritischeblik.ingest.cleanup import clean_extracted_text
from kritischeblik.ingest.readers import read_source

DATA = Path(__file__).parent / "data" / "pdf"
FRONT = "id: verslag-oost\nomgeving: wijk\nduo: [Anna Jansen, Bram de Boer]\ndatum: 2020-01-21\n"
HEADER = "Gespreksverslag door Marieke Pietersen"  # a running header that carries a name


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def test_pdftotext_output_is_cleaned_and_what_could_not_be_is_reported():
    cleaned, report = clean_extracted_text(_body(DATA / "verslag-pdftotext.txt"))
    assert cleaned == (DATA / "verslag-opgeschoond.txt").read_text(encoding="utf-8")
    assert (report.pages, report.headers_removed, report.page_numbers_removed, report.icons_removed) == (
        3,
        3,
        3,
        2,
    )
    # samen-werking has evidence (written whole elsewhere); Noord-Holland (capital) and zee-egel (vowel
    # clash) keep their hyphen; the rest are joined without evidence, so their pages are named.
    assert (report.joined_words, report.kept_hyphens) == (5, 2)
    assert report.table_pages == [2]
    notes = " ".join(report.notes())
    assert "5 afgebroken woord(en) hersteld" in notes and "controleer pagina 2" in notes


def test_a_hyphen_the_document_itself_uses_is_kept():
    text = "Stuur een e-mail naar het team.\nDaarna kwam er nog een e-\nmail van de school.\n"
    cleaned, report = clean_extracted_text(text)
    assert "nog een e-mail van de school" in cleaned
    assert (report.kept_hyphens, report.joined_words, report.uncertain_pages) == (1, 0, [])


def test_page_numbers_glued_to_words_are_removed_only_when_they_count_up():
    starts = ["Op deze pagina", "De buurt", "2020Het jaar van de Kritische Blik", "Het wijkteam", "Daarna"]
    ends = ["kwam de school.", "bleef het stil.", "was het druk.", "ging het goed.", "volgde een gesprek."]
    # printed page numbers 4..8 glued to the first word; page 6 starts with a year instead
    pages = [
        (start if start[0].isdigit() else f"{4 + i}{start}") + f" begint hier.\nEn toen {end}"
        for i, (start, end) in enumerate(zip(starts, ends, strict=True))
    ]
    cleaned, report = clean_extracted_text("\f".join(pages))
    assert report.page_numbers_removed == 4
    assert "Op deze pagina begint hier." in cleaned and "4Op" not in cleaned and "8Daarna" not in cleaned
    assert "2020Het jaar" in cleaned  # left alone: it does not fit the page sequence


_WHO = [
    "de wijkagent",
    "een moeder",
    "de huisarts",
    "twee leerkrachten",
    "de mentor",
    "een buurman",
    "de jongerenwerker",
    "het buurtteam",
    "een vrijwilliger",
]


def test_headers_that_change_per_chapter_go_by_their_page_number():
    """'Hoofdstuk 2: De wijk 7' differs per chapter, but its number counts up with the pages; a numbered
    chapter heading right under a lone page number stays, even when its number happens to fit."""
    chapters = {1: "Inleiding", 2: "De wijk", 3: "De school"}
    pages = []
    for page in range(1, 10):
        chapter = 1 + (page - 1) // 3
        body = [
            f"Op pagina {page} vertelt een respondent over {chapters[chapter].lower()} en wat daar gebeurde.",
            f"Daarna sprak {_WHO[page - 1]} over de samenwerking.",
        ]
        if (page - 1) % 3 == 0:  # a chapter opens: lone page number, then the numbered heading
            lines = [str(page), f"{chapter} {chapters[chapter]}", *body]
        else:
            lines = [f"Hoofdstuk {chapter}: {chapters[chapter]} {page}", *body]
        pages.append("\n".join(lines))
    cleaned, report = clean_extracted_text("\f".join(pages))
    assert "Hoofdstuk" not in cleaned and report.headers_removed == 6 and report.page_numbers_removed == 3
    assert "1 Inleiding" in cleaned  # page 1 opens chapter 1: the numbers agree by chance, the heading stays
    assert all(f"Op pagina {p} vertelt" in cleaned for p in range(1, 10))


def test_text_without_page_breaks_is_read_unchanged(tmp_path):
    text = "---\n" + FRONT + "---\n## Mooi voorbeeld\nR: De samen-\nwerking arrow-right liep goed.\n"
    path = tmp_path / "gewoon.md"
    path.write_text(text, encoding="utf-8")
    src = read_source(path)
    assert src.text == text and src.notes == []


def _pdf(tmp_path: Path, name: str = "verslag.pdf", sidecar: bool = True) -> Path:
    pages = [
        [
            HEADER,
            "## Mooi voorbeeld",
            "Anna Jansen: Wat ging er goed?",
            "Respondent: De samen-",
            "werking met het buurtteam was sterk. arrow-right We kenden elkaar.",
            "1",
        ],
        [
            HEADER,
            "Respondent: Iedereen voelde eige-",
            "naarschap voor het gezin.",
            "## Vastloopmoment",
            "Bram de Boer: En waar liep het vast?",
            "2",
        ],
        [
            HEADER,
            "Respondent: Bij de wacht-",
            "lijst; niemand wist wie aan zet was. De samenwerking stokte.",
            "3",
        ],
    ]
    path = write_pdf(tmp_path / name, pages)
    if sidecar:
        path.with_suffix(".yaml").write_text(FRONT, encoding="utf-8")
    return path


def test_pdf_is_read_with_front_matter_from_the_sidecar(tmp_path):
    src = read_source(_pdf(tmp_path))
    assert src.text.startswith("---\nid: verslag-oost\n")
    assert "De samenwerking met het buurtteam was sterk. We kenden elkaar." in src.text
    assert "eigenaarschap" in src.text and "wachtlijst;" in src.text
    assert HEADER not in src.text and "arrow-right" not in src.text
    assert any("3 kop-/voetregel(s) verwijderd" in n for n in src.notes)


def test_pdf_ingest_reports_the_cleaning_without_text_or_names(tmp_path, capsys, pseudonymiser):
    project = tmp_path / "p.kb"
    assert main(["init", "-p", str(project)]) == 0
    capsys.readouterr()
    assert main(["ingest", "-p", str(project), str(_pdf(tmp_path))]) == 0
    out, err = capsys.readouterr()
    assert "PDF-tekst opgeschoond (3 pagina's)" in err
    for name in ("Marieke", "Pietersen", "Anna Jansen", "Bram de Boer"):
        assert name not in out + err
    con = sqlite3.connect(project)
    try:
        text = con.execute("SELECT text FROM interviews WHERE id = 'verslag-oost'").fetchone()[0]
    finally:
        con.close()
    assert "samenwerking met het buurtteam" in text and "Pietersen" not in text


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda d: _pdf(d, sidecar=False),
            "geen metadata: zet de front matter (tussen '---') in verslag.yaml",
        ),
        (lambda d: write_pdf(d / "leeg.pdf", [[], []]), "geen metadata"),
        (lambda d: _with_sidecar(write_pdf(d / "scan.pdf", [[], []])), "geen tekst gevonden"),
    ],
)
def test_unusable_pdfs_are_refused_with_a_clear_message(tmp_path, capsys, make, message):
    project = tmp_path / "p.kb"
    assert main(["init", "-p", str(project)]) == 0
    before = dump_project(project)
    capsys.readouterr()
    assert main(["ingest", "-p", str(project), str(make(tmp_path))]) != 0
    assert message in capsys.readouterr().err
    assert dump_project(project) == before


def _with_sidecar(path: Path) -> Path:
    path.with_suffix(".yaml").write_text(FRONT, encoding="utf-8")
    return path


def test_preview_writes_the_text_ingest_would_read_and_reports_the_cleaning(tmp_path, capsys):
    pdf = _pdf(tmp_path)
    out = tmp_path / "gelezen.md"
    capsys.readouterr()
    assert main(["preview", str(pdf), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert out.read_text(encoding="utf-8") == read_source(pdf).text
    assert "afgebroken woord(en) hersteld" in printed and "Anna" not in printed  # the text stays in the file
    assert main(["preview", str(pdf), "-o", str(pdf)]) != 0  # never over the source
    assert pdf.read_bytes().startswith(b"%PDF")


_PIECES = st.sampled_from(
    [
        "De samen-",
        "werking",
        "\n",
        "\f",
        " ",
        "Pagina 3 van 9",
        "12",
        "arrow-right",
        "Noord-",
        "Holland",
        "Kop van het rapport",
        "zee-",
        "egel",
        "a    b    c",
        "—",
        "é",
        "Wie is aan zet?",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40))
def test_cleaning_only_ever_removes_text(parts):
    """Whatever the extraction produced, cleaning never fails and never invents characters: it removes
    headers, numbers, icons and line-break hyphens, and turns page breaks into line breaks."""
    text = "".join(parts)
    cleaned, report = clean_extracted_text(text)
    before, after = Counter(text.replace("\f", "\n")), Counter(cleaned)
    assert all(after[c] <= before[c] for c in after if c != "\n")
    assert report.pages == text.count("\f") + 1
