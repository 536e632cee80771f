"""Hostile input at ingest, through the real CLI (``kb ingest``, ``kb import form``): every file in
tests/data/hostile/ (made by make_hostile.py there) gets a clear Dutch message naming the file and line and
leaves the project byte-for-byte unchanged, or is read safely (ids as written, invisible characters removed
and counted); with --skip-bad the rest of the batch goes on. Terminal output never carries escape sequences.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DEMO_DIR, dump_project, sql_rows
from test_reliability_input import _cli, base_project, proj  # noqa: F401 - fixtures: one project with wijk-01

from kritischeblik.ingest.text_clean import clean_text

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
GOOD = DEMO_DIR / "wijk-02.md"
# What must never reach the database, an export or the terminal.
INVISIBLE = [
    "\x00",
    "\x1b",
    "\x07",
    "\x9b",
    "\u00ad",
    "\u200b",
    "\u202e",
    "\u202c",
    "\u2066",
    "\u2069",
    "\U000e0041",
]

REFUSED = [
    # (file, line or None, message fragment)
    ("alias-bomb.md", 7, "front matter: YAML-verwijzingen (&/*) zijn niet toegestaan"),
    ("duplicate-key.md", 8, "dubbele sleutel 'omgeving' (ook op regel 3)"),
    ("duplicate-key-nested.md", 10, "dubbele sleutel 'wijk' (ook op regel 8)"),
    ("duplicate-key-case.md", 7, "dubbele sleutel 'Datum': op regel 6 staat al 'datum'"),
    ("frontmatter-too-large.md", 1, "front matter is te groot (maximaal 64 KB)"),
    ("frontmatter-deep.md", 7, "front matter: te diep genest"),
    ("frontmatter-python-tag.md", 7, "YAML-tag '!!python/object/apply:os.system' is niet toegestaan"),
    ("frontmatter-bad-date.md", 6, "ongeldige datum '2021-02-30'"),
    (
        "section-twice.md",
        19,
        "'## Mooi voorbeeld' staat twee keer in het bestand: regel 9 ('## Mooi voorbeeld') en regel 19",
    ),
    ("section-twice-variant.md", 19, "regel 9 ('## Mooi voorbeeld') en regel 19 ('## mooi  VOORBEELD:')"),
    ("section-misspelled.md", 14, "onbekende sectiekop '## Vastlopmoment'. Bedoel je '## Vastloopmoment'?"),
    ("docx-bad-crc.docx", None, "onderdeel 'word/document.xml' is beschadigd (CRC-fout)"),
    (
        "docx-zlib-error.docx",
        None,
        "onderdeel 'word/document.xml' is beschadigd (gecomprimeerde gegevens onleesbaar)",
    ),
    ("docx-bomb.docx", None, "onderdeel 'word/padding.xml' pakt uit van 47 KB tot 48 MB (meer dan 100 keer"),
    ("docx-too-large.docx", None, "uitgepakt meer dan 200 MB (limiet)"),
    ("docx-duplicate-entry.docx", None, "onderdeel 'word/document.xml' staat er twee keer in"),
    ("odt-bad-crc.odt", None, "onderdeel 'content.xml' is beschadigd (CRC-fout)"),
    ("docx-xml-bomb.docx", None, "beschadigd of onvolledig .docx-bestand (XMLSyntaxError)"),
    ("odt-xml-bomb.odt", None, "beschadigd of onvolledig .odt-bestand (EntitiesForbidden)"),
]


def _where(path: Path, line: int | None) -> str:
    return f"{path}:{line}: " if line else f"{path}: "


@pytest.mark.parametrize(("name", "line", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_hostile_transcript_refused_project_unchanged(capsys, proj, name, line, message):  # noqa: F811
    bad = HOSTILE / name
    before = dump_project(proj)
    code, out, err = _cli(capsys, "ingest", "-p", proj, GOOD, bad)
    assert code == 2, out + err
    assert err.startswith("fout: ") and "Traceback" not in err
    assert _where(bad, line) + "" in err and message in err, err
    assert "er is niets ingelezen" in err
    assert dump_project(proj) == before


def test_skip_bad_reads_the_rest_of_a_hostile_batch(capsys, proj):  # noqa: F811
    bad = [HOSTILE / name for name, _, _ in REFUSED]
    form = HOSTILE / "form-bad-sheet-xml.xlsx"
    code, out, err = _cli(capsys, "ingest", "-p", proj, *bad, GOOD, form, "--skip-bad")
    assert code == 0, err
    assert "Traceback" not in err
    skipped = [ln for ln in err.splitlines() if ln.startswith("overgeslagen: ")]
    assert len(skipped) == len(bad) + 1
    for path in [*bad, form]:
        assert any(str(path) in ln for ln in skipped), path
    assert sql_rows(proj, "SELECT id FROM interviews ORDER BY id") == [("wijk-01",), ("wijk-02",)]


# -- ids -------------------------------------------------------------------------------------------------


def test_ids_are_kept_as_written(capsys, proj):  # noqa: F811
    files = [HOSTILE / n for n in ("id-hex.md", "id-true.md", "id-leading-zero.md")]
    code, _, err = _cli(capsys, "ingest", "-p", proj, *files)
    assert code == 0, err
    ids = {r[0] for r in sql_rows(proj, "SELECT id FROM interviews")}
    assert ids == {"wijk-01", "0x1F", "true", "007"}  # not "31", "True", "7"


def test_id_differing_only_in_case_is_warned(capsys, proj):  # noqa: F811
    twin = HOSTILE / "id-case-twin.md"
    code, _, err = _cli(capsys, "ingest", "-p", proj, twin)
    assert code == 0, err
    assert f"waarschuwing: {twin}: id 'WIJK-01' verschilt alleen in hoofdletters van 'wijk-01'" in err


def test_ids_differing_only_in_case_within_a_batch_are_warned(capsys, proj, tmp_path):  # noqa: F811
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    text = (HOSTILE / "id-case-twin.md").read_text(encoding="utf-8")
    a.write_text(text.replace("WIJK-01", "Buurt-7"), encoding="utf-8")
    b.write_text(text.replace("WIJK-01", "buurt-7"), encoding="utf-8")
    code, _, err = _cli(capsys, "ingest", "-p", proj, a, b)
    assert code == 0, err
    assert f"{b}: id 'buurt-7' verschilt alleen in hoofdletters van 'Buurt-7' ({a})" in err


# -- sections --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["section-misspelled.md", "section-twice.md"])
def test_lenient_reads_the_file_and_warns(capsys, proj, name):  # noqa: F811
    path = HOSTILE / name
    code, _, err = _cli(capsys, "ingest", "-p", proj, path, "--lenient")
    assert code == 0, err
    assert f"waarschuwing: {path}: regel " in err
    assert (
        "Bedoel je '## Vastloopmoment'?" if "misspelled" in name else "staat twee keer in het bestand"
    ) in err
    assert len(sql_rows(proj, "SELECT id FROM interviews")) == 2


# -- sidecar metadata ------------------------------------------------------------------------------------


def _with_sidecar(tmp_path: Path, name: str) -> tuple[Path, Path]:
    vtt = tmp_path / f"{name}.vtt"
    shutil.copy(HOSTILE / f"{name}.vtt", vtt)
    yaml = tmp_path / f"{name}.yaml"
    if (HOSTILE / yaml.name).exists():
        shutil.copy(HOSTILE / yaml.name, yaml)
    return vtt, yaml


def test_sidecar_in_cp1252_gets_the_encoding_hint(capsys, proj, tmp_path):  # noqa: F811
    vtt, yaml = _with_sidecar(tmp_path, "sidecar-cp1252")
    before = dump_project(proj)
    code, _, err = _cli(capsys, "ingest", "-p", proj, vtt)
    assert code == 2 and "Traceback" not in err
    assert f"{yaml}:6: geen geldige UTF-8 (byte 0xe9)" in err and "--encoding cp1252" in err
    assert dump_project(proj) == before
    code, _, err = _cli(capsys, "ingest", "-p", proj, vtt, "--encoding", "cp1252")
    assert code == 0, err
    assert sql_rows(proj, "SELECT id FROM interviews WHERE id = 'bijlage-01'") == [("bijlage-01",)]


def test_sidecar_that_is_a_directory(capsys, proj, tmp_path):  # noqa: F811
    vtt, yaml = _with_sidecar(tmp_path, "sidecar-dir")
    yaml.mkdir()
    before = dump_project(proj)
    code, _, err = _cli(capsys, "ingest", "-p", proj, vtt)
    assert code == 2 and "Traceback" not in err
    assert f"{yaml}: is een map; hier wordt de metadata (front matter) van {vtt.name} verwacht" in err
    assert dump_project(proj) == before


def test_sidecar_errors_name_the_sidecar_and_its_line(capsys, proj, tmp_path):  # noqa: F811
    vtt, yaml = _with_sidecar(tmp_path, "sidecar-duplicate-key")
    before = dump_project(proj)
    code, _, err = _cli(capsys, "ingest", "-p", proj, vtt)
    assert code == 2 and "Traceback" not in err
    assert f"{yaml}:7: front matter: dubbele sleutel 'gemeente' (ook op regel 6)" in err
    assert dump_project(proj) == before


def test_device_or_symlink_to_one_is_refused(capsys, proj, tmp_path):  # noqa: F811
    link = tmp_path / "eindeloos.md"
    link.symlink_to("/dev/zero")
    before = dump_project(proj)
    code, _, err = _cli(capsys, "ingest", "-p", proj, link)
    assert code == 2 and f"{link}: is geen gewoon bestand" in err
    assert dump_project(proj) == before


# -- invisible characters --------------------------------------------------------------------------------


def test_control_and_invisible_characters_are_removed_and_counted(capsys, proj, tmp_path):  # noqa: F811
    path = HOSTILE / "control-chars.md"
    raw = path.read_text(encoding="utf-8")
    assert all(ch in raw for ch in INVISIBLE if ch != "\x00")  # the test file really holds them
    code, out, err = _cli(capsys, "ingest", "-p", proj, path, HOSTILE / "nul-byte.md")
    assert code == 0, err
    assert f"waarschuwing: {path}: 15 onzichtbare tekens verwijderd (5 terminal-stuurcodes, " in err
    assert "1 zacht afbreekstreepje" in err
    assert f"waarschuwing: {HOSTILE / 'nul-byte.md'}: 1 onzichtbaar teken verwijderd (1 stuurteken)" in err
    # The warning counts, it does not echo: no interview text in it.
    assert "overdracht" not in err
    dump = "\n".join(dump_project(proj))
    assert not [ch for ch in INVISIBLE if ch in dump]
    assert "[31m" not in dump and "0;titel" not in dump
    assert sql_rows(proj, "SELECT organisatie FROM interviews WHERE id = 'teken-01'") == [("Buurtteam Oost",)]
    out_dir = tmp_path / "csv"
    code, _, err = _cli(capsys, "export", "csv", "-p", proj, out_dir)
    assert code == 0, err
    for f in out_dir.iterdir():
        data = f.read_text(encoding="utf-8")
        assert not [ch for ch in INVISIBLE if ch in data], f.name


def test_clean_text_removes_each_kind():
    text, report = clean_text(
        "a\x1b[1;31mb\x1b]8;;http://x\x1b\\c\u00add\u200be\u2060f\u202eg\u2067h\u200fi\x00j\x85k\u00a0l"
    )
    assert text == "abcdefghij\nk l"
    assert report.removed == {
        "terminal-stuurcode": 2,
        "zacht afbreekstreepje": 1,
        "teken van nul breedte": 2,
        "schrijfrichtingsteken": 3,
        "stuurteken": 1,
    }
    assert clean_text("e\u0301")[0] == "\u00e9"  # NFC
    assert clean_text("a\tb\nc")[0] == "a\tb\nc"


# -- terminal output -------------------------------------------------------------------------------------


def test_stored_escape_sequences_never_reach_the_terminal(capsys, proj):  # noqa: F811
    """A project from before this check (or an import) may hold escape sequences in stored text."""
    import sqlite3

    con = sqlite3.connect(proj)
    con.execute(
        "UPDATE interviews SET respondent_rol = 'rol\x1b]0;titel\x07\x1b[2J', organisatie = '\u202eorg'"
    )
    con.execute(
        "UPDATE segments SET text = text || '\x1b[31m\x9b2J\u2066' WHERE id IN (SELECT min(id) FROM segments)"
    )
    con.execute("UPDATE codes SET name = name || '\x1b[5m' WHERE id IN (SELECT min(id) FROM codes)")
    con.commit()
    con.close()
    for args in (["interviews", "list"], ["code", "list"], ["codebook", "show"], ["status"]):
        for fmt in ("table", "csv", "json"):
            code, out, err = _cli(capsys, *args, "-p", proj, "--format", fmt)
            assert code == 0, err
            leaked = [ch for ch in INVISIBLE if ch in out + err]
            assert not leaked, (args, fmt, leaked)
    code, out, _ = _cli(capsys, "interviews", "list", "-p", proj)
    assert "rol" in out and "org" in out  # the text itself is still shown


def test_file_name_with_escape_sequence_is_shown_safely(capsys, proj, tmp_path):  # noqa: F811
    name = tmp_path / "naam\x1b[2Jmet\u202ecode.md"
    code, _, err = _cli(capsys, "ingest", "-p", proj, name)
    assert code == 2 and "bestand bestaat niet" in err
    assert "\x1b" not in err and "\u202e" not in err


# -- forms -----------------------------------------------------------------------------------------------


def _suggestions(path: Path) -> list[tuple]:
    return sql_rows(path, "SELECT interview_id, idx, text, source FROM principle_suggestions ORDER BY 1, 2")


def _choices(path: Path) -> list[tuple]:
    return sql_rows(path, "SELECT interview_id, code_id, source FROM principle_choices ORDER BY 1, 2")


FORM_REFUSED = [
    (
        "form-bad-sheet-xml.xlsx",
        3,
        "blad 'Keuzes' is beschadigd (ParseError); open en bewaar het bestand opnieuw in Excel",
    ),
    (
        "form-formula-no-cache.xlsx",
        2,
        "blad 'Keuzes', cel C2: formule zonder opgeslagen waarde; open het bestand in Excel "
        "en sla het op, of vul de waarde in",
    ),
    (
        "form-bad-crc.xlsx",
        None,
        ".xlsx-bestand geweigerd: onderdeel 'xl/worksheets/sheet1.xml' is beschadigd (CRC-fout)",
    ),
    (
        "form-interview-case.csv",
        2,
        "onbekend interview 'WIJK-01' (bedoel je 'wijk-01'? hoofdletters tellen mee)",
    ),
]


@pytest.mark.parametrize(("name", "line", "message"), FORM_REFUSED, ids=[c[0] for c in FORM_REFUSED])
def test_hostile_form_refused_project_unchanged(capsys, proj, name, line, message):  # noqa: F811
    bad = HOSTILE / name
    assert _suggestions(proj), "wijk-01 has a suggestion from its transcript"
    before = dump_project(proj)
    code, _, err = _cli(capsys, "import", "form", "-p", proj, bad)
    assert code == 2 and "Traceback" not in err
    assert _where(bad, line) + message in err, err
    assert dump_project(proj) == before


def test_import_form_skip_bad_applies_the_good_form(capsys, proj):  # noqa: F811
    bad, good = HOSTILE / "form-bad-sheet-xml.xlsx", HOSTILE / "form-good.xlsx"
    code, _, err = _cli(capsys, "import", "form", "-p", proj, bad, good, "--skip-bad")
    assert code == 0, err
    assert f"overgeslagen: {bad}:3: blad 'Keuzes' is beschadigd" in err
    assert _choices(proj) == [("wijk-01", "lp-eenvoud", "formulier")]
    assert [r[2] for r in _suggestions(proj)] == ["Samen optrekken"]
    assert "wijk-01: 1 bestaande suggestie(s) voor een nieuw principe vervangen" in err


def test_empty_form_cells_change_nothing(capsys, proj):  # noqa: F811
    before = dump_project(proj)
    code, out, err = _cli(capsys, "import", "form", "-p", proj, HOSTILE / "form-empty-cells.csv")
    assert code == 0, err
    assert "form-empty-cells.csv (choices, 1 interviews)" in out
    assert dump_project(proj) == before


def test_clearing_a_suggestion_takes_a_dash_and_is_reported(capsys, proj):  # noqa: F811
    form = HOSTILE / "form-clear-cell.csv"
    choices = _choices(proj)
    code, _, err = _cli(capsys, "import", "form", "-p", proj, form)
    assert code == 0, err
    assert _suggestions(proj) == []
    assert _choices(proj) == choices  # the empty keuze cell left the choices alone
    assert f"waarschuwing: {form}:2: wijk-01: 1 bestaande suggestie(s) voor een nieuw principe gewist" in err


def test_form_text_is_cleaned(capsys, proj):  # noqa: F811
    form = HOSTILE / "form-escape.csv"
    code, _, err = _cli(capsys, "import", "form", "-p", proj, form)
    assert code == 0, err
    assert f"waarschuwing: {form}: 2 onzichtbare tekens verwijderd" in err
    assert [r[2] for r in _suggestions(proj)] == ["Samen optrekken"]
