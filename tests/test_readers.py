"""Readers for the non-Markdown formats produce the protocol text the parser understands."""

from __future__ import annotations

import pytest

from kritischeblik.commands.hints import cli_message
from kritischeblik.errors import InputError
from kritischeblik.ingest.parse import parse_transcript
from kritischeblik.ingest.readers import decode_bytes, read_source, subtitles_to_text

FRONT = [
    "---",
    "id: odt-01",
    "omgeving: school",
    "duo: [Anna de Wit, Bram Berg]",
    "respondent: Carla Smit",
    "---",
]
TURNS = [
    ("Mooi voorbeeld", ["Anna de Wit: Wat ging er goed?", "Carla Smit: We belden meteen met de mentor."]),
    ("Vastloopmoment", ["Bram: En waar liep het vast?", "Carla: Bij de wachtlijst, die duurde maanden."]),
]


def _odt(path):
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    doc = OpenDocumentText()
    for line in FRONT:
        doc.text.addElement(P(text=line))
    for title, turns in TURNS:
        heading = H(outlinelevel=2)
        heading.addText(title)
        doc.text.addElement(heading)
        for t in turns:
            doc.text.addElement(P(text=t))
    doc.save(str(path))


def _docx(path):
    import docx

    d = docx.Document()
    for line in FRONT:
        d.add_paragraph(line)
    for title, turns in TURNS:
        d.add_heading(title, level=2)
        for t in turns:
            d.add_paragraph(t)
    d.save(str(path))


@pytest.mark.parametrize(("maker", "suffix"), [(_odt, ".odt"), (_docx, ".docx")])
def test_office_documents(tmp_path, codebook, maker, suffix):
    path = tmp_path / f"interview{suffix}"
    maker(path)
    src = read_source(path)
    raw = parse_transcript(src.text, src.source, codebook)
    assert raw.id == "odt-01" and raw.respondents == ["Carla Smit"]
    assert [(t.section, t.speaker) for t in raw.turns] == [
        ("mooi voorbeeld", "Anna de Wit"),
        ("mooi voorbeeld", "Carla Smit"),
        ("vastloopmoment", "Bram"),
        ("vastloopmoment", "Carla"),
    ]
    assert raw.turns[3].text == "Bij de wachtlijst, die duurde maanden."


def test_srt_with_sidecar_metadata(tmp_path, codebook):
    srt = tmp_path / "gesprek.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:04,000\n## Mooi voorbeeld\n\n"
        "2\n00:00:05,000 --> 00:00:09,000\nAnna: Vertel eens.\n\n"
        "3\n00:00:10,000 --> 00:00:14,000\nCarla: We gingen samen op huisbezoek.\nHet hielp echt.\n",
        encoding="utf-8",
    )
    (tmp_path / "gesprek.yaml").write_text(
        "id: srt-1\nomgeving: wijk\nduo: [Anna de Wit, Bram Berg]\n", encoding="utf-8"
    )
    raw = parse_transcript(read_source(srt).text, str(srt), codebook)
    assert [(t.speaker, t.text) for t in raw.turns] == [
        ("Anna", "Vertel eens."),
        ("Carla", "We gingen samen op huisbezoek. Het hielp echt."),
    ]


def test_subtitles_without_metadata_are_refused(tmp_path):
    with pytest.raises(InputError, match="geen metadata"):
        subtitles_to_text("WEBVTT\n\n00:00.000 --> 00:01.000\n<v Anna>Hoi\n", tmp_path / "x.vtt")


def test_decode_reports_line_of_bad_byte():
    data = "regel een\nregel twee\nmet één fout".encode("cp1252")
    with pytest.raises(InputError) as exc:
        decode_bytes(data, "f.md")
    assert exc.value.line == 3 and "--encoding cp1252" in cli_message(
        exc.value
    )  # the CLI's wording of the hint
    assert decode_bytes("\ufeffhallo".encode(), "f.md") == "hallo"
