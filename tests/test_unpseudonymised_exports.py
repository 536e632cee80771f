"""An interview ingested with --no-pseudonymise keeps its names in the store (the user chose that), but no
export writes them: not its text (masked before), and not its speakers, interviewers or front matter either."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import DEMO_DIR, new_project
from sqlalchemy import select

from kritischeblik.cli import main
from kritischeblik.services.ingest import IngestOptions, ingest_paths
from kritischeblik.store import sessions as st
from kritischeblik.store.codings import decide
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Interview, Segment

# Names that occur nowhere in the demo corpus, the codebook or Dutch vocabulary.
RAW = """\
---
id: wijk-77
omgeving: wijk
duo: [Wendelmoet Stroobandt, Gijsbrecht Vandenameele]
respondent: Ermengarde Poortvliet
respondent_rol: buurvrouw van Ermengarde Poortvliet
organisatie: Stichting Poortvliet
datum: 2020-02-03
contactpersoon: Wendelmoet Stroobandt
---

## Mooi voorbeeld

Wendelmoet: Kun je een moment noemen waarop de samenwerking echt het verschil maakte?
Ermengarde: We zaten met het gezin aan de keukentafel en keken samen wat er thuis nodig was.
Gijsbrecht: En hoe ging dat verder?
Ermengarde: De regels zaten in de weg, maar we hebben het toch geregeld met de buurtcoach.

## Vastloopmoment

Gijsbrecht: En waar liep het vast?
Ermengarde: Niemand wist wie aan zet was. De indicatie duurde maanden en het formulier bleef liggen.

## Scores

mooi voorbeeld | Leefwereld centraal | 5
vastloopmoment | Eenvoud | 2

## Keuze principe

- Leefwereld centraal

## Nieuw principe

Vraag het de buurvrouw zelf.
"""
NAMES = ["wendelmoet", "stroobandt", "gijsbrecht", "vandenameele", "ermengarde", "poortvliet"]


@pytest.fixture(scope="module")
def exports(tmp_path_factory, nlp, pseudonymiser) -> Path:
    base = tmp_path_factory.mktemp("raw")
    src = base / "wijk-77.md"
    src.write_text(RAW, encoding="utf-8")
    path = base / "p.kb"
    with new_project(path) as p:
        ingest_paths(p, [DEMO_DIR / "wijk-03.md"], nlp=nlp, pseudonymiser=pseudonymiser)
        ingest_paths(p, [src], IngestOptions(pseudonymise=False), nlp=nlp)
        with p.write() as s:
            assert not s.get(Interview, "wijk-77").pseudonymised
            segs = s.scalars(select(Segment).order_by(Segment.interview_id.desc(), Segment.id)).all()
            for seg in segs:
                decide(s, seg.id, "be-systeemwereld", "Anna", "add", memo="memo")
            st.create_session(
                s,
                "2020-01-30",
                ["Anna"],
                "belemmerende_elementen",
                [st.ThemeInput("Systeemwereld", [x.id for x in segs])],
                title="S",
            )
    out = base / "uit"
    out.mkdir()
    for args in (
        ["themes", "-p", path, "--kind", "belemmerend"],
        ["export", "csv", "-p", path, out / "csv"],
        ["export", "xlsx", "-p", path, out / "p.xlsx"],
        ["export", "qdpx", "-p", path, out / "p.qdpx"],
        ["export", "samenvatting", "-p", path, out / "s.md"],
        ["session", "export", "-p", path, "1", out / "m.md", "--alles"],
    ):
        assert main([str(a) for a in args]) == 0
    return out


def _texts(out: Path):
    for f in sorted(out.rglob("*")):
        if not f.is_file():
            continue
        if zipfile.is_zipfile(f):
            with zipfile.ZipFile(f) as zf:
                for name in zf.namelist():
                    yield f"{f.name}:{name}", zf.read(name).decode("utf-8", "replace")
        else:
            yield f.name, f.read_text(encoding="utf-8")


def test_no_export_names_speakers_or_interviewers_of_an_unpseudonymised_interview(exports):
    seen = dict(_texts(exports))
    assert {"segments.csv", "codings.csv", "interviews.csv", "m.md", "s.md"} <= set(seen)
    assert any(k.startswith("p.xlsx:") for k in seen) and "p.qdpx:project.qde" in seen
    for where, text in seen.items():
        low = text.lower()
        assert [n for n in NAMES if n in low] == [], where


def test_the_interview_is_still_counted_and_linked(exports):
    import csv

    rows = {
        r["interview_id"]: r
        for r in csv.DictReader((exports / "csv" / "interviews.csv").open(encoding="utf-8"))
    }
    raw = rows["wijk-77"]
    assert raw["omgeving"] == "wijk" and raw["datum"] == "2020-02-03"
    assert (
        raw["duo"]
        == raw["respondent_rol"]
        == raw["organisatie"]
        == raw["attr_contactpersoon"]
        == "[niet gepseudonimiseerd]"
    )
    assert rows["wijk-03"]["duo"].startswith("Onderzoeker ")  # pseudonymised interviews are untouched
    segs = list(csv.DictReader((exports / "csv" / "segments.csv").open(encoding="utf-8")))
    assert {r["speaker"] for r in segs if r["interview_id"] == "wijk-77"} == {"[niet gepseudonimiseerd]"}
    assert any(r["speaker"].startswith("Respondent") for r in segs if r["interview_id"] == "wijk-03")
    minutes = (exports / "m.md").read_text(encoding="utf-8")
    assert "niet gepseudonimiseerd fragment, wijk-77" in minutes and "keukentafel" not in minutes


def test_the_store_keeps_what_the_user_chose(exports):
    project = exports.parent / "p.kb"
    with Project.open(project) as p, p.read() as s:
        assert "Ermengarde" in s.get(Interview, "wijk-77").text
