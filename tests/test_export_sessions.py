"""Duidingssessies in the exports: a sheet row per duiding (xlsx) and a project Note per session (qdpx)."""

from __future__ import annotations

import sqlite3
import zipfile
from xml.etree import ElementTree as ET

import openpyxl
from export_helpers import coded_copy

from kritischeblik.export.xlsx import export_xlsx
from kritischeblik.interop.qdpx_writer import export_qdpx
from kritischeblik.store import sessions as st
from kritischeblik.store.db import Project

NS = {"q": "urn:QDA-XML:project:1.0"}


def test_duidingen_exported_without_withdrawn_fragments(demo_project_path, tmp_path):
    path = coded_copy(demo_project_path, tmp_path / "coded.kb")
    con = sqlite3.connect(path)
    withdrawn = con.execute("SELECT id FROM segments WHERE state='ingetrokken'").fetchone()[0]
    visible = [r[0] for r in con.execute("SELECT id FROM segments WHERE state='actief' LIMIT 2")]
    con.close()
    with Project.open(path) as p:
        with p.write() as s:
            sid = st.create_session(
                s,
                "2020-01-30",
                ["Anna", "Bram"],
                "belemmerende_elementen",
                [st.ThemeInput("Systeemwereld", [withdrawn, *visible])],
                title="Sessie 1",
            )
            theme_id = st.load_session(s, sid).themes[0].id
            st.add_duiding(
                s,
                sid,
                "Anna",
                "We zien vooral regels die in de weg zitten.",
                theme_id=theme_id,
                segment_ids=[withdrawn, visible[0]],
            )
        export_xlsx(p, tmp_path / "kb.xlsx")
        export_qdpx(p, tmp_path / "kb.qdpx")
    rows = list(openpyxl.load_workbook(tmp_path / "kb.xlsx")["Duidingen"].iter_rows(values_only=True))
    header, data = rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert "tekst" in header and len(data) == 1
    assert (
        data[0]["tekst"] == "We zien vooral regels die in de weg zitten."
        and data[0]["thema"] == "Systeemwereld"
    )
    assert str(withdrawn) not in (data[0]["fragmenten"] or "") and str(visible[0]) in data[0]["fragmenten"]
    with zipfile.ZipFile(tmp_path / "kb.qdpx") as zf:
        root = ET.fromstring(zf.read("project.qde"))
    notes = {
        n.get("guid"): n.find("q:PlainTextContent", NS).text for n in root.iterfind("q:Notes/q:Note", NS)
    }
    refs = [r.get("targetGUID") for r in root.findall("q:NoteRef", NS)]
    assert len(refs) == 1 and "We zien vooral regels" in notes[refs[0]] and "Sessie 1" in notes[refs[0]]
