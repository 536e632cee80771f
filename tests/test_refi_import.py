"""REFI-QDA import: foreign spellings (braced upper-case GUIDs, Sources/, CRLF, nested codes), refusals of
unsafe archives, the report of what could not be carried over, and the round trip export → import → export."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from export_helpers import coded_copy, xsd_dir

from kritischeblik.cli import main
from kritischeblik.errors import KBError
from kritischeblik.interop.codebook_reader import import_qdc
from kritischeblik.interop.project_reader import import_qdpx
from kritischeblik.interop.qdpx_writer import export_qdpx
from kritischeblik.interop.sources_reader import normalise_newlines
from kritischeblik.store.coder_scores import set_coder_score
from kritischeblik.store.db import Project

NS = {"q": "urn:QDA-XML:project:1.0"}
G = {  # GUIDs as another tool might write them: upper case, in braces
    "user": "{6F1C2A9E-0B1D-4C55-9E3A-1A2B3C4D5E6F}",
    "group": "{A0000000-0000-4000-8000-000000000001}",
    "parent": "{A0000000-0000-4000-8000-000000000002}",
    "child": "{A0000000-0000-4000-8000-000000000003}",
    "known": "{A0000000-0000-4000-8000-000000000004}",
    "src": "{B0000000-0000-4000-8000-00000000000A}",
    "pdf": "{B0000000-0000-4000-8000-00000000000B}",
    "sel1": "{C0000000-0000-4000-8000-000000000001}",
    "sel2": "{C0000000-0000-4000-8000-000000000002}",
    "sel3": "{C0000000-0000-4000-8000-000000000003}",
    "cod1": "{D0000000-0000-4000-8000-000000000001}",
    "cod2": "{D0000000-0000-4000-8000-000000000002}",
    "cod3": "{D0000000-0000-4000-8000-000000000003}",
    "note": "{E0000000-0000-4000-8000-000000000001}",
    "case": "{F0000000-0000-4000-8000-000000000001}",
    "v_om": "{F1000000-0000-4000-8000-000000000001}",
    "v_rol": "{F1000000-0000-4000-8000-000000000002}",
    "v_score": "{F1000000-0000-4000-8000-000000000003}",
    "v_extra": "{F1000000-0000-4000-8000-000000000004}",
    "set": "{F2000000-0000-4000-8000-000000000001}",
}
# CRLF text as a Windows tool writes it; positions below count the CR characters.
TEXT = (
    "Interviewer: Hoe ging het met de buurvrouw?\r\n"
    "Respondent: Het ging eerst slecht. Daarna hebben we samen met de wijkagent een plan gemaakt.\r\n"
    "\r\n"
    "Respondent: De gemeente reageerde niet op onze mails. Dat was heel frustrerend voor iedereen.\r\n"
)


def _pos(fragment: str) -> tuple[int, int]:
    a = TEXT.index(fragment)
    return a, a + len(fragment)


def build_qdpx(path: Path, extra_entries: dict[str, bytes] | None = None) -> Path:
    s1 = _pos("Daarna hebben we samen met de wijkagent een plan gemaakt.")
    s2 = _pos("De gemeente reageerde niet op onze mails.")
    s3 = _pos("onze mails. Dat was heel")  # crosses a sentence boundary: misaligned
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Vreemd project" origin="AnderTool 9">
  <Users><User guid="{G["user"]}" name="Carla"/></Users>
  <CodeBook><Codes>
    <Code guid="{G["group"]}" name="Thema's" isCodable="false">
      <Code guid="{G["parent"]}" name="Samenwerking" isCodable="true" color="#123456">
        <Description>Alles over samenwerken</Description>
        <Code guid="{G["child"]}" name="Samen plannen" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="{G["known"]}" name="ruimte voor professionals" isCodable="true"/>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="{G["v_om"]}" name="omgeving" typeOfVariable="Text"/>
    <Variable guid="{G["v_rol"]}" name="rol" typeOfVariable="Text"/>
    <Variable guid="{G["v_score"]}" name="score vastloopmoment: Eenvoud" typeOfVariable="Integer"/>
    <Variable guid="{G["v_extra"]}" name="gemeente" typeOfVariable="Text"/>
  </Variables>
  <Cases><Case guid="{G["case"]}" name="R1">
    <VariableValue><VariableRef targetGUID="{G["v_om"]}"/><TextValue>wijk</TextValue></VariableValue>
    <VariableValue><VariableRef targetGUID="{G["v_rol"]}"/><TextValue>buurtwerker</TextValue></VariableValue>
    <VariableValue><VariableRef targetGUID="{G["v_score"]}"/><IntegerValue>2</IntegerValue></VariableValue>
    <VariableValue><VariableRef targetGUID="{G["v_extra"]}"/><TextValue>Zeist</TextValue></VariableValue>
    <SourceRef targetGUID="{G["src"]}"/>
  </Case></Cases>
  <Sources>
    <TextSource guid="{G["src"]}" name="Interview buurt.txt" plainTextPath="internal://{G["src"][1:-1]}.TXT">
      <PlainTextSelection guid="{G["sel1"]}" startPosition="{s1[0]}" endPosition="{s1[1]}" creatingUser="{G["user"]}">
        <Coding guid="{G["cod1"]}" creatingUser="{G["user"]}"><CodeRef targetGUID="{G["child"]}"/>
          <NoteRef targetGUID="{G["note"]}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{G["sel2"]}" startPosition="{s2[0]}" endPosition="{s2[1]}" creatingUser="{G["user"]}">
        <Coding guid="{G["cod2"]}"><CodeRef targetGUID="{G["known"].lower()}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{G["sel3"]}" startPosition="{s3[0]}" endPosition="{s3[1]}" creatingUser="{G["user"]}">
        <Coding guid="{G["cod3"]}"><CodeRef targetGUID="{G["parent"]}"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <PDFSource guid="{G["pdf"]}" name="Verslag.pdf" path="internal://x.pdf"/>
  </Sources>
  <Notes><Note guid="{G["note"]}" name="memo"><PlainTextContent>Mooi voorbeeld van samen plannen ✓</PlainTextContent></Note></Notes>
  <Sets><Set guid="{G["set"]}" name="Selectie"/></Sets>
</Project>
"""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde.encode("utf-8"))
        zf.writestr(f"Sources/{G['src'][1:-1]}.TXT", TEXT.encode("utf-8"))
        for name, data in (extra_entries or {}).items():
            zf.writestr(name, data)
    return path


def _rows(path: Path, sql: str, *args) -> list[tuple]:  # noqa: ANN002
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def test_normalise_newlines_maps_positions():
    text = "a\r\nbc\rd\r\n"
    new, shift = normalise_newlines(text)
    assert new == "a\nbc\nd\n"
    for old in range(len(text)):
        if text[old] != "\r" or text[old : old + 2] != "\r\n":
            assert new[shift(old)] == text[old].replace("\r", "\n")


def test_import_hand_built_qdpx(project, nlp, tmp_path):
    report = import_qdpx(project, build_qdpx(tmp_path / "vreemd.qdpx"), nlp=nlp)
    path = project.path
    assert report.interviews == ["Interview-buurt"]
    ((text, omgeving, rol, attrs),) = _rows(
        path, "SELECT text, omgeving, respondent_rol, attributes FROM interviews"
    )
    assert text == TEXT.replace("\r\n", "\n") and "\r" not in text
    assert (omgeving, rol) == ("wijk", "buurtwerker") and '"gemeente": "Zeist"' in attrs
    assert _rows(path, "SELECT example, code_id, score FROM principle_scores") == [
        ("vastloopmoment", "lp-eenvoud", 2)
    ]
    # Nested codes: the new ones go into the refi-import codebook with their parent; the known one is matched.
    codes = dict(_rows(path, "SELECT name, parent_id FROM codes WHERE codebook_id='refi-import'"))
    assert set(codes) == {"Samenwerking", "Samen plannen"}
    parent_id = _rows(path, "SELECT id FROM codes WHERE name='Samenwerking'")[0][0]
    assert codes["Samen plannen"] == parent_id
    coded = _rows(
        path,
        "SELECT s.text, k.name, d.name, c.memo FROM codings c JOIN segments s ON s.id=c.segment_id "
        "JOIN codes k ON k.id=c.code_id JOIN coders d ON d.id=c.coder_id ORDER BY s.idx, k.name",
    )
    assert (
        "Daarna hebben we samen met de wijkagent een plan gemaakt.",
        "Samen plannen",
        "Carla",
        "Mooi voorbeeld van samen plannen ✓",
    ) in coded
    assert ("De gemeente reageerde niet op onze mails.", "Ruimte voor de professional", "Carla", "") in coded
    # The misaligned selection is coded on both segments it overlaps, and reported.
    assert {t for t, k, _c, _m in coded if k == "Samenwerking"} == {
        "De gemeente reageerde niet op onze mails.",
        "Dat was heel frustrerend voor iedereen.",
    }
    assert len(report.misaligned) == 1 and "onze mails" in report.misaligned[0]
    joined = "\n".join(report.not_carried)
    assert "PDFSource" in joined and "sets" in joined
    assert report.coders == ["Carla"] and report.codes_new == 2 and report.codes_matched == 1


def test_import_cli_reports_what_was_not_carried(project, tmp_path, capsys):
    qdpx = build_qdpx(tmp_path / "vreemd.qdpx")
    project.close()
    assert main(["import", "qdpx", "-p", str(project.path), str(qdpx)]) == 0
    out = capsys.readouterr().out
    assert "Niet overgenomen" in out and "Verslag.pdf" in out and "segmentgrenzen" in out


@pytest.mark.parametrize(
    "name", ["../../evil.txt", "/tmp/evil.txt", "sources/../../evil.txt", "C:/evil.txt", "..\\..\\evil.txt"]
)
def test_refuses_path_traversal_and_writes_nothing(project, tmp_path, name):
    qdpx = build_qdpx(tmp_path / "evil.qdpx", {name: b"boo"})
    before = _rows(project.path, "SELECT count(*) FROM interviews")
    with pytest.raises(KBError, match="onveilige paden"):
        import_qdpx(project, qdpx)
    assert _rows(project.path, "SELECT count(*) FROM interviews") == before
    assert not (tmp_path.parent / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_refuses_non_zip(project, tmp_path, capsys):
    bad = tmp_path / "nep.qdpx"
    bad.write_text("<Project/>")
    with pytest.raises(KBError, match="geen ZIP"):
        import_qdpx(project, bad)
    project.close()
    new = tmp_path / "nieuw.kb"
    assert main(["import", "qdpx", "-p", str(project.path), str(bad), "--into-new", str(new)]) != 0
    assert "geen ZIP" in capsys.readouterr().err
    assert not new.exists()


def test_refuses_xml_bomb(project, tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>'
    )
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", bomb)
    with pytest.raises(KBError, match="onveilige XML"):
        import_qdpx(project, path)


def _codings(qdpx: Path) -> set[tuple[str, str, str, str]]:
    """(source name, selected text, code name, user name) for every coding in a .qdpx."""
    with zipfile.ZipFile(qdpx) as zf:
        root = ET.fromstring(zf.read("project.qde"))
        texts = {n: zf.read(n).decode() for n in zf.namelist() if n.startswith("sources/")}
    codes = {c.get("guid"): c.get("name") for c in root.iter("{urn:QDA-XML:project:1.0}Code")}
    users = {u.get("guid"): u.get("name") for u in root.iterfind("q:Users/q:User", NS)}
    out = set()
    for src in root.iterfind(".//q:TextSource", NS):
        text = texts[f"sources/{src.get('guid')}.txt"]
        for sel in src.iterfind("q:PlainTextSelection", NS):
            a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
            for c in sel.iterfind("q:Coding", NS):
                code = codes[c.find("q:CodeRef", NS).get("targetGUID")]
                out.add((src.get("name"), f"{a}:{b}:{text[a:b]}", code, users[c.get("creatingUser")]))
    return out


_OWN_SCORES = (
    "SELECT k.name, c.interview_id, c.example, c.code_id, c.score FROM coder_scores c "
    "JOIN coders k ON k.id = c.coder_id ORDER BY 1, 2, 3, 4"
)


def test_round_trip_keeps_codings(demo_project_path, tmp_path, capsys):
    coded = coded_copy(demo_project_path, tmp_path / "coded.kb")
    first, second, new = tmp_path / "first.qdpx", tmp_path / "second.qdpx", tmp_path / "terug.kb"
    with Project.open(coded) as p:
        with p.write() as s:
            for who, iid, ex, principle, score in [
                ("Anna", "wijk-02", "mooi voorbeeld", "Eenvoud", 4),
                ("Bram", "wijk-02", "mooi voorbeeld", "Eenvoud", 5),
                ("Anna", "school-03", "vastloopmoment", "Leefwereld centraal", 1),
            ]:
                set_coder_score(s, iid, ex, principle, score, who)
        export_qdpx(p, first)
    with zipfile.ZipFile(first) as zf:
        xmlschema.XMLSchema(str(xsd_dir() / "Project.xsd")).validate(zf.read("project.qde").decode("utf-8"))
    assert main(["import", "qdpx", str(first), "--into-new", str(new), "--format", "json"]) == 0
    assert '"niet_uitgelijnd": []' in capsys.readouterr().out
    with Project.open(new) as p:
        export_qdpx(p, second)
    a, b = _codings(first), _codings(second)
    assert len(a) > 50 and a == b
    # Scores, choices and suggestions travel as case variables.
    for table in ("principle_scores", "principle_choices", "principle_suggestions"):
        assert _rows(coded, f"SELECT count(*) FROM {table}") == _rows(new, f"SELECT count(*) FROM {table}")
    # and so do the coders' own scores (variables "codeurscore NAAM | voorbeeld: principe")
    assert _rows(new, _OWN_SCORES) == _rows(coded, _OWN_SCORES) and len(_rows(new, _OWN_SCORES)) == 3
    assert main(["check", "-p", str(new)]) == 0


def test_import_qdc_adds_only_unknown_codes(project, tmp_path):
    qdc = tmp_path / "codes.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        f'<Code guid="{G["group"]}" name="Leidend principe" isCodable="false">'
        f'<Code guid="{G["known"]}" name="Eenvoud" isCodable="true"/></Code>'
        f'<Code guid="{G["parent"]}" name="Nieuwe code" isCodable="true"/></Codes>'
        f'<Sets><Set guid="{G["set"]}" name="s"/></Sets></CodeBook>',
        encoding="utf-8",
    )
    report = import_qdc(project, qdc)
    assert (report.codes_matched, report.codes_new) == (1, 1)
    assert _rows(project.path, "SELECT name, kind FROM codes WHERE codebook_id='refi-import'") == [
        ("Nieuwe code", "overig")
    ]
    assert any("sets" in m for m in report.not_carried)
    # Importing the same codebook again adds nothing new.
    assert import_qdc(project, qdc).codes_new == 0


def test_qdpx_bytes_in_memory_are_not_needed_on_disk(project, tmp_path):
    """A .qdpx with a project.qde but an empty sources folder imports the codebook and reports the source."""
    buf = io.BytesIO()
    build_qdpx(tmp_path / "full.qdpx")
    with zipfile.ZipFile(tmp_path / "full.qdpx") as src, zipfile.ZipFile(buf, "w") as dst:
        dst.writestr("project.qde", src.read("project.qde"))
    (tmp_path / "nosrc.qdpx").write_bytes(buf.getvalue())
    report = import_qdpx(project, tmp_path / "nosrc.qdpx")
    assert report.interviews == [] and any("ontbreekt in het archief" in m for m in report.not_carried)
