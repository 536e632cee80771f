"""Pin for the REFI-QDA export (issue 12, point 9): every coding in a .qdpx is an accepted coding in the store,
and every accepted coding of a human layer is in the .qdpx, with its fragment, code, coder and memo.

The round trip in test_refi_import compares an export with its own re-export, so a bug that maps every code of a
fragment to its first code survives it. Here the archive is read with zipfile and ElementTree only (never the
project's own reader), and compared with the codings read from the project file with SQL. The project has several
codes per fragment in every layer, two coders plus the consensus layer, a rejected coding, a machine suggestion, a
withdrawn and a confidential fragment, and memos.
"""

from __future__ import annotations

import sqlite3
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from export_helpers import coded_copy

from kritischeblik.cli import main
from kritischeblik.store.codings import CONSENSUS, decide
from kritischeblik.store.db import Project

Q = "{urn:QDA-XML:project:1.0}"
C = "{urn:QDA-XML:codebook:1.0}"
REDACTED = "Ingetrokken fragment."  # what docs/privacy.md says stands in for withdrawn text

Coding = tuple[str, int, int, str, str, str, str]
"""interview, start, end (in the exported text), fragment text, code name, coder, memo"""


def _add_layers(path: Path) -> None:
    """On top of coded_copy (Anna one code, Bram one or two per fragment): Anna a second code on every third
    fragment she coded, the consensus layer two codes where Anna and Bram both coded, one rejected coding."""
    con = sqlite3.connect(path)
    rows = con.execute(
        "SELECT c.segment_id, k.name FROM codings c JOIN coders k ON k.id = c.coder_id JOIN segments s "
        "ON s.id = c.segment_id WHERE s.state != 'ingetrokken' ORDER BY c.segment_id"
    ).fetchall()
    con.close()
    anna = sorted({sid for sid, who in rows if who == "Anna"})
    both = sorted(set(anna) & {sid for sid, who in rows if who == "Bram"})
    with Project.open(path) as p, p.write() as s:
        for sid in anna[::3]:
            decide(s, sid, "lp-eenvoud", "Anna", "add", memo=f"tweede code op {sid}")
        for sid in both[::2]:
            decide(s, sid, "lp-leefwereld-centraal", CONSENSUS, "accept", memo="samen besloten")
            decide(s, sid, "we-aanpakken", CONSENSUS, "accept")
        decide(s, anna[1], "lp-doen-wat-nodig-is", "Anna", "reject")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT OR IGNORE INTO coders (name, created_at) VALUES ('auto', '2020-01-01T00:00:00+00:00')"
    )
    auto = con.execute("SELECT id FROM coders WHERE name = 'auto'").fetchone()[0]
    con.execute(
        "INSERT INTO codings (segment_id, code_id, coder_id, status, source, memo, created_at, updated_at, "
        "revision, evidence, confidence) VALUES (?, 'be-systeemwereld', ?, 'suggested', 'regel', '', "
        "'2020-01-01T00:00:00+00:00', '2020-01-01T00:00:00+00:00', 1, 'trefwoord', 0.9)",
        (anna[0], auto),
    )
    con.commit()
    con.close()


@pytest.fixture(scope="module")
def project(demo_project_path, tmp_path_factory) -> Path:
    path = coded_copy(demo_project_path, tmp_path_factory.mktemp("pin") / "pin.kb")
    _add_layers(path)
    return path


@pytest.fixture(scope="module")
def exported(project, tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("pin-out")
    assert main(["export", "qdpx", "-p", str(project), str(out / "p.qdpx")]) == 0
    assert main(["export", "qdc", "-p", str(project), str(out / "c.qdc")]) == 0
    return out / "p.qdpx", out / "c.qdc"


def _shifted(withdrawn: list[tuple[int, int]], pos: int) -> int:
    """Where a stored position lands in the exported text, in which each withdrawn span became REDACTED."""
    return pos + sum(len(REDACTED) - (b - a) for a, b in withdrawn if b <= pos)


def _store(project: Path) -> tuple[Counter[Coding], dict[str, str]]:
    """The accepted codings of the human layers on fragments that are not withdrawn, as the export should
    have them; and each interview's text as it should be exported."""
    con = sqlite3.connect(project)
    texts = dict(con.execute("SELECT id, text FROM interviews WHERE pseudonymised = 1"))
    withdrawn: dict[str, list[tuple[int, int]]] = {}
    for iid, a, b in con.execute(
        "SELECT interview_id, char_start, char_end FROM segments WHERE state = 'ingetrokken' ORDER BY char_start"
    ):
        withdrawn.setdefault(iid, []).append((a, b))
    rows = con.execute(
        "SELECT s.interview_id, s.char_start, s.char_end, s.text, k.name, d.name, c.memo FROM codings c "
        "JOIN segments s ON s.id = c.segment_id JOIN codes k ON k.id = c.code_id JOIN coders d ON d.id = c.coder_id "
        "WHERE c.status = 'accepted' AND d.name != 'auto' AND s.state != 'ingetrokken'"
    ).fetchall()
    con.close()
    want: Counter[Coding] = Counter()
    for iid, a, b, text, code, coder, memo in rows:
        if iid in texts:
            spans = withdrawn.get(iid, [])
            want[
                (iid, _shifted(spans, a), _shifted(spans, b), text, code, coder, memo if memo.strip() else "")
            ] += 1
    for iid, spans in withdrawn.items():
        text = texts[iid]
        for a, b in reversed(spans):
            text = text[:a] + REDACTED + text[b:]
        texts[iid] = text
    return want, texts


def _codes(codes_el: ET.Element, ns: str) -> dict[str, str]:
    """GUID → name of every codable code in a <Codes> tree."""
    return {c.get("guid"): c.get("name") for c in codes_el.iter(f"{ns}Code") if c.get("isCodable") == "true"}


def _exported(qdpx: Path) -> tuple[Counter[Coding], dict[str, str], dict[str, str]]:
    """The codings in the archive, read independently; the exported text per interview; the code GUIDs."""
    with zipfile.ZipFile(qdpx) as zf:
        root = ET.fromstring(zf.read("project.qde"))
        files = {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("sources/")}
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{Q}User")}
    codes = _codes(root.find(f"{Q}CodeBook/{Q}Codes"), Q)
    notes = {n.get("guid"): n.findtext(f"{Q}PlainTextContent") for n in root.iter(f"{Q}Note")}
    got: Counter[Coding] = Counter()
    texts: dict[str, str] = {}
    for src in root.iter(f"{Q}TextSource"):
        path = src.get("plainTextPath")
        assert path.startswith("internal://")
        text = texts[src.get("name")] = files["sources/" + path[len("internal://") :]]
        for sel in src.findall(f"{Q}PlainTextSelection"):
            a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
            for coding in sel.findall(f"{Q}Coding"):
                assert coding.get("creatingUser") == sel.get("creatingUser")
                refs = coding.findall(f"{Q}CodeRef")
                assert len(refs) == 1
                note = coding.find(f"{Q}NoteRef")
                memo = notes[note.get("targetGUID")] if note is not None else ""
                assert note is None or memo.strip(), "a note is only made for a memo"
                code, coder = codes[refs[0].get("targetGUID")], users[coding.get("creatingUser")]
                got[(src.get("name"), a, b, text[a:b], code, coder, memo)] += 1
    return got, texts, codes


def test_every_exported_coding_is_an_accepted_coding_in_the_store(project, exported):
    want, want_texts = _store(project)
    got, texts, _codes_by_guid = _exported(exported[0])
    assert texts == want_texts
    assert got == want
    # The project is what the pin needs: several codes per fragment in each layer, two coders and consensus.
    per_fragment = Counter((iid, a, b, coder) for iid, a, b, _t, _code, coder, _m in want.elements())
    coders = {coder for (_iid, _a, _b, coder), n in per_fragment.items() if n > 1}
    assert coders == {"Anna", "Bram", CONSENSUS}
    assert sum(1 for c in want if c[6]) > 10 and len(want) > 100


def test_codebook_and_project_name_the_same_codes(project, exported):
    """The .qdc and the .qdpx give each code the same GUID, and hold exactly the project's codes."""
    con = sqlite3.connect(project)
    names = Counter(name for (name,) in con.execute("SELECT name FROM codes"))
    con.close()
    qdc = _codes(ET.parse(exported[1]).getroot().find(f"{C}Codes"), C)
    _got, _texts, in_project = _exported(exported[0])
    assert Counter(qdc.values()) == names
    assert qdc == in_project
