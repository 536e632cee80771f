"""Everything that enters goes through the pseudonymiser: REFI-QDA imports (source text, source name, speaker
labels, memos, case variables) with codings kept on the same words, and forms; opting out is explicit per
command, recorded per interview, and `kb status` never says "aan" while unpseudonymised text is stored."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from conftest import DEMO_DIR, sql_rows

from kritischeblik.cli import main

# Identifying text in the imported project, as another tool would hold it (CRLF, as written on Windows).
NAMES = ["Fatima", "Bouzid", "Jansen", "Pieter", "Bakker", "Wilhelmina", "Brouwer", "Kaardebolstraat"]
NUMBERS = ["123456782", "06-12345678", "06-98765432"]
TEXT = (
    "Interviewer: Hoe ging het met mevrouw Jansen?\r\n"
    "Fatima: Mevrouw Jansen woont op de Kaardebolstraat 17. Haar BSN is 123456782 en ze belde 06-12345678.\r\n"
    "Fatima: Samen met Pieter Bakker hebben we een plan gemaakt voor de buurt.\r\n"
    "\r\n"
    "Interviewer: Wat liep er vast?\r\n"
    "Fatima: De gemeente reageerde niet op onze mails. Dat was heel frustrerend. Pieter Bakker belde nog.\r\n"
)
SELECTIONS = {  # guid suffix → (selected text, code)
    "1": ("Samen met Pieter Bakker hebben we een plan gemaakt", "Samen plannen"),
    "2": ("Haar BSN is 123456782 en ze belde", "Contact"),
    "3": ("Bakker hebben we een plan", "Samenwerking"),  # starts inside a name
    # ends inside a name that opens the next sentence: that sentence is coded too, as without pseudonymisation
    "4": ("De gemeente reageerde niet op onze mails. Dat was heel frustrerend. Pieter", "Samenwerking"),
}
G = "{%s-0000-4000-8000-000000000001}"


def build_qdpx(path: Path) -> Path:
    sels = []
    for n, (fragment, code) in SELECTIONS.items():
        a = TEXT.index(fragment)
        note = f'<NoteRef targetGUID="{G % "E0000000"}"/>' if n == "1" else ""
        sels.append(
            f'<PlainTextSelection guid="{G % ("C000000" + n)}" startPosition="{a}" endPosition="{a + len(fragment)}">'
            f'<Coding guid="{G % ("D000000" + n)}" creatingUser="{G % "A1000000"}">'
            f'<CodeRef targetGUID="{G % CODE_GUIDS[code]}"/>{note}</Coding></PlainTextSelection>'
        )
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Ander project" origin="AnderTool 9">
  <Users><User guid="{G % "A1000000"}" name="Carla"/></Users>
  <CodeBook><Codes>
    <Code guid="{G % "A2000000"}" name="Samenwerking" isCodable="true"><Description>Samen optrekken</Description>
      <Code guid="{G % "A3000000"}" name="Samen plannen" isCodable="true"/></Code>
    <Code guid="{G % "A4000000"}" name="Contact" isCodable="true"/>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="{G % "F1000001"}" name="rol" typeOfVariable="Text"/>
    <Variable guid="{G % "F1000002"}" name="contactpersoon" typeOfVariable="Text"/>
    <Variable guid="{G % "F1000003"}" name="gemeente" typeOfVariable="Text"/>
    <Variable guid="{G % "F1000004"}" name="nieuw principe" typeOfVariable="Text"/>
  </Variables>
  <Cases><Case guid="{G % "F0000000"}" name="Fatima Bouzid">
    <VariableValue><VariableRef targetGUID="{G % "F1000001"}"/><TextValue>buurvrouw van Pieter Bakker</TextValue></VariableValue>
    <VariableValue><VariableRef targetGUID="{G % "F1000002"}"/><TextValue>Wilhelmina Brouwer, 06-98765432</TextValue></VariableValue>
    <VariableValue><VariableRef targetGUID="{G % "F1000003"}"/><TextValue>Zeist</TextValue></VariableValue>
    <VariableValue><VariableRef targetGUID="{G % "F1000004"}"/><TextValue>Vraag het mevrouw Jansen zelf</TextValue></VariableValue>
    <SourceRef targetGUID="{G % "B0000000"}"/>
  </Case></Cases>
  <Sources>
    <TextSource guid="{G % "B0000000"}" name="Gesprek Fatima Bouzid.txt" plainTextPath="internal://bron.txt">
      <NoteRef targetGUID="{G % "E0000002"}"/>
      {"".join(sels)}
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="{G % "E0000000"}" name="memo"><PlainTextContent>Fatima vertelde dit; bel haar op 06-98765432</PlainTextContent></Note>
    <Note guid="{G % "E0000002"}" name="bron"><PlainTextContent>Opgenomen bij Fatima Bouzid thuis</PlainTextContent></Note>
  </Notes>
</Project>
"""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde.encode("utf-8"))
        zf.writestr("sources/bron.txt", TEXT.encode("utf-8"))
    return path


CODE_GUIDS = {"Samenwerking": "A2000000", "Samen plannen": "A3000000", "Contact": "A4000000"}


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _leaks(text: str) -> list[str]:
    return [w for w in NAMES + NUMBERS if w.lower() in text.lower()]


def _everything_stored(path: Path) -> str:
    """Every text column of every row: what a reader of the project file would see."""
    return "\n".join(line for line in __import__("conftest").dump_project(path) if "INSERT INTO" in line)


def _coded(path: Path) -> dict[str, list[tuple[int, str]]]:
    rows = sql_rows(
        path,
        "SELECT k.name, s.idx, s.text FROM codings c JOIN segments s ON s.id = c.segment_id "
        "JOIN codes k ON k.id = c.code_id ORDER BY k.name, s.idx",
    )
    out: dict[str, list[tuple[int, str]]] = {}
    for name, idx, text in rows:
        out.setdefault(name, []).append((idx, text))
    return out


@pytest.fixture
def imported(tmp_path, capsys, pseudonymiser, nlp):
    """The same .qdpx imported twice: pseudonymised (default) and with --no-pseudonymise."""
    qdpx = build_qdpx(tmp_path / "ander.qdpx")
    paths = {}
    for label, extra in (("pseudo", []), ("raw", ["--no-pseudonymise"])):
        path = tmp_path / f"{label}.kb"
        assert _cli(capsys, "init", "-p", path)[0] == 0
        code, out, err = _cli(capsys, "import", "qdpx", "-p", path, qdpx, *extra)
        assert code == 0, err
        paths[label] = path
    return paths


def test_import_stores_no_names_or_numbers(imported):
    path = imported["pseudo"]
    stored = _everything_stored(path)
    assert "mevrouw" in stored and "Kaardebolstraat" not in stored
    assert _leaks(stored) == []
    ((iid, source_name, text, rol, attrs),) = sql_rows(
        path, "SELECT id, source_name, text, respondent_rol, attributes FROM interviews"
    )
    attrs = json.loads(attrs)
    assert "PERSOON" in source_name and "PERSOON" in iid and _leaks(iid + source_name) == []
    assert re.search(r"\[PERSOON-\d+\]: Samen met \[PERSOON-\d+\] hebben we een plan gemaakt", text)
    assert rol.startswith("buurvrouw van [PERSOON-") and attrs["gemeente"] == "Zeist"
    assert "[PERSOON-" in attrs["contactpersoon"] and "[PERSOON-" in attrs["notities"]
    speakers = {sp for (sp,) in sql_rows(path, "SELECT DISTINCT speaker FROM turns")}
    assert "Interviewer" in speakers and _leaks(" ".join(speakers)) == []
    (memo,) = {m for (m,) in sql_rows(path, "SELECT memo FROM codings WHERE memo != ''")}
    assert memo.startswith("[PERSOON-") and "vertelde dit; bel haar op [TELEFOONNUMMER-" in memo
    (suggestion,) = sql_rows(path, "SELECT text, pseudonymised FROM principle_suggestions")
    assert suggestion[0].startswith("Vraag het mevrouw [PERSOON-") and suggestion[1] == 1
    # The same person is the same placeholder in text, memo and variables: one call per source.
    fatima = re.search(r"(\[PERSOON-\d+\]): Mevrouw", text).group(1)
    assert memo.startswith(fatima)
    # The codebook is the project's own vocabulary and coders keep their names.
    assert ("Samen optrekken",) in sql_rows(path, "SELECT definition FROM codes WHERE name='Samenwerking'")
    assert sql_rows(path, "SELECT name FROM coders") == [("Carla",)]
    assert main(["check", "-p", str(path)]) == 0


def test_codings_stay_on_the_same_words(imported):
    pseudo, raw = _coded(imported["pseudo"]), _coded(imported["raw"])
    assert set(pseudo) == set(raw) == {"Samenwerking", "Samen plannen", "Contact"}
    for code in pseudo:
        # The same fragments (by position in the interview) carry the code ...
        assert [i for i, _ in pseudo[code]] == [i for i, _ in raw[code]], code
        # ... and hold the same words, apart from the names and numbers that were replaced.
        for (_, a), (_, b) in zip(pseudo[code], raw[code], strict=True):
            words = [w for w in re.findall(r"[\w-]+", b) if w not in NAMES + NUMBERS and not w.isdigit()]
            assert [
                w for w in re.findall(r"[\w-]+", a) if not re.fullmatch(r"[A-Z]+-\d+", w) and w in words
            ] == words
            assert _leaks(a) == []
    for fragment, code in SELECTIONS.values():
        kept = [w for w in fragment.split() if w.strip(".") not in NAMES + NUMBERS]
        joined = " ".join(t for _, t in pseudo[code])
        assert all(w in joined for w in kept), (fragment, joined)
    assert sql_rows(imported["pseudo"], "SELECT count(*) FROM codings") == sql_rows(
        imported["raw"], "SELECT count(*) FROM codings"
    )


def test_opt_out_is_visible_and_masked(imported, capsys, tmp_path):
    raw = imported["raw"]
    (text,) = sql_rows(raw, "SELECT text FROM interviews")[0]
    assert "Fatima" in text  # opted out: stored as it was
    code, out, err = _cli(capsys, "status", "-p", raw, "--format", "json")
    status = json.loads(out)
    assert status["niet_gepseudonimiseerd"] == 1 and status["pseudonimisering"] != "aan"
    assert list(status["niet_gepseudonimiseerd_waarom"].values()) == [
        ["geïmporteerd (REFI-QDA) met --no-pseudonymise"]
    ]
    assert "WAARSCHUWING" in err
    assert _cli(capsys, "export", "csv", "-p", raw, tmp_path / "csv")[0] == 0
    (iid,) = sql_rows(raw, "SELECT id FROM interviews")[0]
    for f in (tmp_path / "csv").glob("*.csv"):
        # The id is made from the source name as it was (documented: opting out keeps it); nothing else may name.
        assert _leaks(f.read_text(encoding="utf-8").replace(iid, "ID")) == [], f.name
    code, out, _ = _cli(capsys, "status", "-p", imported["pseudo"], "--format", "json")
    assert json.loads(out)["pseudonimisering"] == "aan" and json.loads(out)["niet_gepseudonimiseerd"] == 0


def _form(path: Path, iid: str, text: str) -> Path:
    path.write_text(
        f'interview_id,keuze_principes,nieuw_principe\n{iid},Eenvoud,"{text}"\n', encoding="utf-8"
    )
    return path


def test_status_is_truthful_in_every_combination(imported, capsys, tmp_path):
    path = imported["pseudo"]
    (iid,) = sql_rows(path, "SELECT id FROM interviews")[0]

    def status() -> dict:
        code, out, _ = _cli(capsys, "status", "-p", path, "--format", "json")
        assert code == 0
        return json.loads(out)

    assert status()["pseudonimisering"] == "aan"
    # A form with free text: pseudonymised as typed text (lettered placeholders), status unchanged.
    assert (
        _cli(
            capsys,
            "import",
            "form",
            "-p",
            path,
            _form(tmp_path / "a.csv", iid, "Bel Fatima Bouzid, 06-12345678"),
        )[0]
        == 0
    )
    ((text, flag),) = sql_rows(path, "SELECT text, pseudonymised FROM principle_suggestions")
    assert _leaks(text) == [] and "[PERSOON-A]" in text and "[TELEFOONNUMMER-A]" in text and flag == 1
    assert status()["pseudonimisering"] == "aan"
    # The same form with --no-pseudonymise: stored as typed, and status says so for that interview.
    assert (
        _cli(
            capsys,
            "import",
            "form",
            "-p",
            path,
            "--no-pseudonymise",
            _form(tmp_path / "b.csv", iid, "Bel Fatima Bouzid"),
        )[0]
        == 0
    )
    s = status()
    assert s["pseudonimisering"] != "aan" and s["niet_gepseudonimiseerd"] == 1
    assert s["niet_gepseudonimiseerd_waarom"] == {iid: ["suggestie uit een formulier met --no-pseudonymise"]}
    assert _cli(capsys, "export", "csv", "-p", path, tmp_path / "csv")[0] == 0
    assert "Fatima" not in (tmp_path / "csv" / "suggestions.csv").read_text(encoding="utf-8")
    assert _cli(capsys, "export", "xlsx", "-p", path, tmp_path / "p.xlsx")[0] == 0
    assert _cli(capsys, "export", "qdpx", "-p", path, tmp_path / "p.qdpx")[0] == 0
    for archive in ("p.xlsx", "p.qdpx"):
        with zipfile.ZipFile(tmp_path / archive) as zf:
            assert not any("Fatima" in zf.read(n).decode("utf-8", "replace") for n in zf.namelist()), archive
    # A pseudonymised form again: the interview is clean again.
    assert _cli(capsys, "import", "form", "-p", path, _form(tmp_path / "c.csv", iid, "Samen doen"))[0] == 0
    assert status()["pseudonimisering"] == "aan"
    # An ingest with --no-pseudonymise adds an interview that says why.
    assert _cli(capsys, "ingest", "-p", path, "--no-pseudonymise", DEMO_DIR / "wijk-03.md")[0] == 0
    s = status()
    assert s["niet_gepseudonimiseerd_waarom"] == {"wijk-03": ["ingelezen met --no-pseudonymise"]}
    assert s["pseudonimisering"] == "UIT voor 1 interview"


def test_offset_map_keeps_every_unreplaced_character_in_place(pseudonymiser):
    from kritischeblik.ingest.offsets import OffsetMap

    text = TEXT.replace("\r\n", "\n")
    result = pseudonymiser.pseudonymise([text], known_persons=["Fatima"], with_replacements=True)
    new, spans = result.pieces[0], result.replacements[0]
    assert len(spans) >= 6 and _leaks(new) == []
    offsets = OffsetMap(spans)
    inside = {p for a, b, _na, _nb in spans for p in range(a, b)}
    for p, ch in enumerate(text):
        if p not in inside:
            assert new[offsets.start(p)] == ch and offsets.end(p + 1) == offsets.start(p) + 1
    for a, b, na, nb in spans:
        assert re.fullmatch(r"\[[A-Z]+-\d+\]", new[na:nb])
        for p in range(a, b):  # a range starting or ending inside a name covers its whole placeholder
            assert offsets.start(p) == na and offsets.end(p + 1) == nb
    # Without the option the result is what it always was.
    plain = pseudonymiser.pseudonymise([text], known_persons=["Fatima"])
    assert plain.pieces == result.pieces and plain.replacements is None
