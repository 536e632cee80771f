"""REFI-QDA export (.qdc, .qdpx): schema validity, stable GUIDs, exact positions, privacy."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from export_helpers import WITHDRAWN_MARK, coded_copy, xsd_dir

from kritischeblik.cli import main
from kritischeblik.interop.qdc_writer import export_qdc
from kritischeblik.interop.qdpx_writer import export_qdpx
from kritischeblik.services.ingest import IngestOptions, ingest_paths
from kritischeblik.store.codings import decide
from kritischeblik.store.db import Project

NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.fixture(scope="module")
def coded(demo_project_path, tmp_path_factory) -> Path:
    return coded_copy(demo_project_path, tmp_path_factory.mktemp("refi") / "coded.kb")


@pytest.fixture(scope="module")
def exported(coded, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("refi-out") / "project.qdpx"
    assert main(["export", "qdpx", "-p", str(coded), str(out)]) == 0
    return out


def _qde(path: Path) -> ET.Element:
    with zipfile.ZipFile(path) as zf:
        return ET.fromstring(zf.read("project.qde"))


def _sources(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("sources/")}


def test_xsd_dir_has_both_schemas():
    assert (xsd_dir() / "Project.xsd").exists() and (xsd_dir() / "Codebook.xsd").exists()


def test_qdpx_is_valid_against_project_xsd(exported):
    schema = xmlschema.XMLSchema(str(xsd_dir() / "Project.xsd"))
    with zipfile.ZipFile(exported) as zf:
        names = zf.namelist()
        schema.validate(zf.read("project.qde").decode("utf-8"))
    assert "project.qde" in names
    root = _qde(exported)
    # Every plainTextPath resolves to a file under sources/ (lowercase) in the archive.
    for src in root.iterfind(".//q:TextSource", NS):
        path = src.get("plainTextPath")
        assert path == f"internal://{src.get('guid')}.txt"
        assert f"sources/{src.get('guid')}.txt" in names


def test_qdc_is_valid_against_codebook_xsd(coded, tmp_path):
    out = tmp_path / "codes.qdc"
    assert main(["export", "qdc", "-p", str(coded), str(out)]) == 0
    xmlschema.XMLSchema(str(xsd_dir() / "Codebook.xsd")).validate(str(out))
    root = ET.parse(out).getroot()
    ns = {"c": "urn:QDA-XML:codebook:1.0"}
    top = root.findall("c:Codes/c:Code", ns)
    # One non-codable parent per kind, the codes under it, with colours.
    assert {t.get("name") for t in top} >= {"Leidend principe", "Werkend element", "Belemmerend element"}
    assert all(t.get("isCodable") == "false" for t in top)
    lp = next(t for t in top if t.get("name") == "Leidend principe")
    assert [c.get("name") for c in lp.findall("c:Code", ns)][:2] == [
        "Leefwereld centraal",
        "Doen wat nodig is",
    ]
    assert all(
        re.fullmatch(r"#[0-9A-F]{6}", c.get("color")) for c in root.iter("{urn:QDA-XML:codebook:1.0}Code")
    )
    with Project.open(coded) as p, p.read() as s:
        n_codes = s.connection().exec_driver_sql("SELECT count(*) FROM codes").scalar()
    assert (
        sum(1 for c in root.iter("{urn:QDA-XML:codebook:1.0}Code") if c.get("isCodable") == "true") == n_codes
    )


def test_guids_stable_across_exports_and_unique(coded, exported, tmp_path):
    again = tmp_path / "again.qdpx"
    with Project.open(coded) as p:
        export_qdpx(p, again)
    first, second = _qde(exported), _qde(again)
    guids1 = [el.get("guid") for el in first.iter() if el.get("guid")]
    guids2 = [el.get("guid") for el in second.iter() if el.get("guid")]
    assert guids1 == guids2
    assert len(set(guids1)) == len(guids1), "GUIDs must be unique within a project"
    assert _sources(exported) == _sources(again)


def test_guids_differ_between_projects(coded, tmp_path, project):
    out_a, out_b = tmp_path / "a.qdc", tmp_path / "b.qdc"
    with Project.open(coded) as p:
        export_qdc(p, out_a)
    export_qdc(project, out_b)
    g = re.compile(r'guid="([^"]+)"')
    assert set(g.findall(out_a.read_text())).isdisjoint(g.findall(out_b.read_text()))


def _selection_texts(path: Path) -> list[tuple[str, int, int, str]]:
    root = _qde(path)
    sources = _sources(path)
    out = []
    for src in root.iterfind(".//q:TextSource", NS):
        text = sources[f"sources/{src.get('guid')}.txt"]
        for sel in src.iterfind("q:PlainTextSelection", NS):
            a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
            out.append((src.get("name"), a, b, text[a:b]))
    return out


def test_positions_match_stored_segments(coded, exported):
    con = sqlite3.connect(coded)
    stored = {
        (iid, t)
        for iid, t in con.execute(
            "SELECT s.interview_id, s.text FROM segments s JOIN codings c ON c.segment_id = s.id "
            "WHERE c.status='accepted' AND s.state != 'ingetrokken'"
        )
    }
    n_sel_expected = con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT c.segment_id, c.coder_id FROM codings c JOIN segments s "
        "ON s.id=c.segment_id JOIN coders k ON k.id=c.coder_id WHERE c.status='accepted' "
        "AND s.state!='ingetrokken' AND k.name!='auto')"
    ).fetchone()[0]
    con.close()
    sels = _selection_texts(exported)
    assert len(sels) == n_sel_expected > 20
    for name, _a, _b, text in sels:
        assert (name, text) in stored


def test_positions_with_non_ascii_and_emoji(project, nlp, pseudonymiser, tmp_path):
    src = tmp_path / "emoji-01.md"
    src.write_text(
        "---\nid: emoji-01\nomgeving: wijk\nduo: [Marieke de Vries, Ahmed Benali]\n---\n\n## Mooi voorbeeld\n\n"
        "Marieke: Wat gebeurde er? 😀 Vertel!\n"
        "Respondent: Het café aan de Oudegracht 🎉 was één grote ruïne. Daarna ging het beter 👍🏽 echt waar. "
        'Ze zei: "Ik ben blij" ✨. Coördinatie was goed.\n\n## Vastloopmoment\n\nMarieke: En toen? 🤔\n'
        "Respondent: Geen idee… 💥 Het liep vast bij de gemeente, naïef van ons.\n",
        encoding="utf-8",
    )
    ingest_paths(project, [src], IngestOptions(), nlp=nlp, pseudonymiser=pseudonymiser)
    with project.write() as s:
        ids = [r[0] for r in s.connection().exec_driver_sql("SELECT id FROM segments ORDER BY idx")]
        for sid in ids:
            decide(s, sid, "lp-eenvoud", "Anna", "add")
    out = tmp_path / "emoji.qdpx"
    export_qdpx(project, out)
    xmlschema.XMLSchema(str(xsd_dir() / "Project.xsd")).validate(_zip_text(out, "project.qde"))
    with project.read() as s:
        stored = [r[0] for r in s.connection().exec_driver_sql("SELECT text FROM segments ORDER BY idx")]
    got = [t for _n, _a, _b, t in sorted(_selection_texts(out), key=lambda x: x[1])]
    assert got == stored
    assert any(ord(ch) > 0xFFFF for t in got for ch in t), "test needs characters outside the BMP"
    assert any("é" in t or "ë" in t for t in got)


def _zip_text(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name).decode("utf-8")


def test_withdrawn_never_exported_and_confidential_marked(coded, exported):
    with zipfile.ZipFile(exported) as zf:
        for name in zf.namelist():
            assert WITHDRAWN_MARK not in zf.read(name).decode("utf-8"), name
    assert "memo bij ingetrokken" not in _zip_text(exported, "project.qde")
    root = _qde(exported)
    descriptions = [d.text for d in root.iterfind(".//q:PlainTextSelection/q:Description", NS)]
    con = sqlite3.connect(coded)
    n_conf = con.execute(
        "SELECT count(DISTINCT c.coder_id) FROM codings c JOIN segments s ON s.id=c.segment_id "
        "WHERE s.state='vertrouwelijk' AND c.status='accepted'"
    ).fetchone()[0]
    con.close()
    assert n_conf >= 1
    assert sum("vertrouwelijk" in (d or "") for d in descriptions) == n_conf


def test_users_codings_notes_and_case_variables(coded, exported):
    root = _qde(exported)
    users = {u.get("guid"): u.get("name") for u in root.iterfind("q:Users/q:User", NS)}
    assert set(users.values()) == {"Anna", "Bram"}
    for sel in root.iterfind(".//q:PlainTextSelection", NS):
        assert sel.get("creatingUser") in users
    notes = {
        n.get("guid"): n.find("q:PlainTextContent", NS).text for n in root.iterfind("q:Notes/q:Note", NS)
    }
    memo_refs = [r.get("targetGUID") for r in root.iterfind(".//q:Coding/q:NoteRef", NS)]
    con = sqlite3.connect(coded)
    n_memos = con.execute(
        "SELECT count(*) FROM codings c JOIN segments s ON s.id=c.segment_id WHERE c.memo != '' "
        "AND c.status='accepted' AND s.state!='ingetrokken'"
    ).fetchone()[0]
    scores = con.execute("SELECT interview_id, example, code_id, score FROM principle_scores").fetchall()
    names = dict(con.execute("SELECT id, name FROM codes").fetchall())
    con.close()
    assert len(memo_refs) == n_memos and all(notes[g] for g in memo_refs)
    assert "Belangrijk: één cliënt" in notes.values()
    # Principle scores as case variables, value for value.
    var_names = {v.get("guid"): v.get("name") for v in root.iterfind("q:Variables/q:Variable", NS)}
    got = set()
    for case in root.iterfind("q:Cases/q:Case", NS):
        for vv in case.iterfind("q:VariableValue", NS):
            name = var_names[vv.find("q:VariableRef", NS).get("targetGUID")]
            iv = vv.find("q:IntegerValue", NS)
            if iv is not None:
                got.add((case.get("name"), name, int(iv.text)))
    want = {(iid, f"score {ex}: {names[cid]}", sc) for iid, ex, cid, sc in scores}
    assert got == want and len(want) > 50


def test_unpseudonymised_interviews_are_left_out(project, nlp, tmp_path):
    src = tmp_path / "plain-01.md"
    src.write_text(
        "---\nid: plain-01\nomgeving: school\nduo: [Marieke de Vries, Ahmed Benali]\n---\n\n## Mooi voorbeeld\n\n"
        "Marieke: Hoe ging het met Jan Jansen?\nRespondent: Jan Jansen woont in de Kanaalstraat 12.\n",
        encoding="utf-8",
    )
    ingest_paths(project, [src], IngestOptions(pseudonymise=False), nlp=nlp)
    out = tmp_path / "plain.qdpx"
    summary = export_qdpx(project, out)
    assert summary.sources == 0 and any("plain-01" in w for w in summary.warnings)
    with zipfile.ZipFile(out) as zf:
        assert all("Jansen" not in zf.read(n).decode() for n in zf.namelist())
