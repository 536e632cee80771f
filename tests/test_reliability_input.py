"""Bad input end-to-end through the CLI: a clear message naming the file, no traceback, project unchanged.

tests/test_ingest.py covers the same cases through the ingest service; here the user's path is tested
(``kritischeblik.cli.main``), plus REFI-QDA archives and a fuzz test of the parser and readers.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import DEMO_DIR, dump_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kritischeblik.cli import build_parser, main
from kritischeblik.errors import KBError
from kritischeblik.ingest.parse import parse_transcript
from kritischeblik.ingest.readers import decode_bytes, subtitles_to_text

GOOD = DEMO_DIR / "wijk-02.md"


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def base_project(tmp_path_factory, pseudonymiser) -> Path:
    """A project holding one interview, built once; tests copy it."""
    path = tmp_path_factory.mktemp("bad") / "base.kb"
    assert main(["init", "-p", str(path)]) == 0
    assert main(["ingest", "-p", str(path), str(DEMO_DIR / "wijk-01.md")]) == 0
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


@pytest.fixture
def proj(base_project, tmp_path) -> Path:
    dest = tmp_path / "p.kb"
    dest.write_bytes(base_project.read_bytes())
    return dest


def _variant(old: str, new: str) -> bytes:
    text = GOOD.read_text(encoding="utf-8")
    assert old in text, f"testdata veranderd: '{old}' staat niet in {GOOD.name}"
    return text.replace(old, new, 1).encode("utf-8")


def _bad(name: str) -> tuple[bytes, str, str]:
    """(content, suffix, expected message fragment)."""
    text = GOOD.read_text(encoding="utf-8")
    cases = {
        "binary": (bytes(range(256)) * 40, ".md", "binair bestand"),
        "cp1252": (text.replace("Utrecht", "Utrécht").encode("cp1252"), ".md", "--encoding cp1252"),
        "utf16-bom": (text.encode("utf-16"), ".md", "UTF-16"),
        "utf16-be-bom": (b"\xfe\xff" + text.encode("utf-16-be"), ".txt", "UTF-16"),
        "empty": (b"", ".md", "leeg bestand"),
        "whitespace-only": (b"  \n\n\t\n", ".md", "leeg bestand"),
        "frontmatter-not-yaml": (_variant("id: wijk-02", "id: [wijk-02"), ".md", "geen geldige YAML"),
        "frontmatter-not-mapping": (
            _variant("---\n", "---\n- lijst\n- geen mapping\n"),
            ".md",
            "front matter",
        ),
        "unknown-omgeving": (
            _variant("omgeving: wijk", "omgeving: stad"),
            ".md",
            "onbekende omgeving 'stad'",
        ),
        "unknown-principle": (
            _variant("| Eenvoud |", "| Eenvoudigheid |"),
            ".md",
            "onbekend leidend principe 'Eenvoudigheid'",
        ),
        "score-out-of-scale": (_variant("| 5\n", "| 9\n"), ".md", "buiten de schaal"),
        "truncated-docx": (_truncated_docx(), ".docx", "beschadigd of onvolledig .docx"),
        "unknown-suffix": (b"hallo", ".pages", "onbekend bestandstype"),
        "not-a-pdf": (b"hallo, ik ben geen PDF", ".pdf", "geen leesbare PDF"),
    }
    return cases[name]


def _truncated_docx() -> bytes:
    # A real .docx cut in half: the ZIP central directory is gone.
    data = (DEMO_DIR / "huishouden-09.docx").read_bytes()
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    "name",
    [
        "binary",
        "cp1252",
        "utf16-bom",
        "utf16-be-bom",
        "empty",
        "whitespace-only",
        "frontmatter-not-yaml",
        "frontmatter-not-mapping",
        "unknown-omgeving",
        "unknown-principle",
        "score-out-of-scale",
        "truncated-docx",
        "unknown-suffix",
        "not-a-pdf",
    ],
)
def test_bad_file_refused_with_message_and_project_unchanged(capsys, proj, tmp_path, name):
    data, suffix, message = _bad(name)
    bad = tmp_path / f"slecht-{name}{suffix}"
    bad.write_bytes(data)
    before = dump_project(proj)
    code, out, err = _cli(capsys, "ingest", "-p", proj, GOOD, bad)
    assert code == 2
    assert err.startswith("fout: ") and "Traceback" not in err
    assert str(bad) in err and message in err, err
    assert "er is niets ingelezen" in err
    assert dump_project(proj) == before


def test_duplicate_ids_in_one_batch_refused(capsys, proj, tmp_path):
    twin = tmp_path / "tweeling.md"
    twin.write_bytes(GOOD.read_bytes() + b"\nNog een regel.\n")
    before = dump_project(proj)
    code, _, err = _cli(capsys, "ingest", "-p", proj, GOOD, twin)
    assert code == 2 and "id 'wijk-02' komt ook voor in" in err and str(twin) in err
    assert dump_project(proj) == before


def test_existing_id_with_other_content_refused(capsys, proj, tmp_path):
    changed = tmp_path / "wijk-01-anders.md"
    changed.write_text(
        (DEMO_DIR / "wijk-01.md")
        .read_text(encoding="utf-8")
        .replace("## Vastloopmoment", "Extra.\n\n## Vastloopmoment"),
        encoding="utf-8",
    )
    before = dump_project(proj)
    code, _, err = _cli(capsys, "ingest", "-p", proj, changed)
    assert code == 2 and "--replace" in err and "wijk-01" in err
    assert dump_project(proj) == before


def test_missing_file_and_directory(capsys, proj, tmp_path):
    before = dump_project(proj)
    code, _, err = _cli(capsys, "ingest", "-p", proj, tmp_path / "bestaat-niet.md", tmp_path)
    assert code == 2 and "bestand bestaat niet" in err and "Traceback" not in err
    assert dump_project(proj) == before


def test_not_a_project_file(capsys, tmp_path):
    fake = tmp_path / "nep.kb"
    fake.write_bytes(b"dit is geen sqlite")
    code, _, err = _cli(capsys, "status", "-p", fake)
    assert code == 2 and "geen Kritische Blik-project" in err
    assert fake.read_bytes() == b"dit is geen sqlite"


# -- REFI-QDA archives ------------------------------------------------------------------------------------


def _has_command(*names: str) -> bool:
    import argparse

    parser = build_parser()
    for name in names:
        sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
        if sub is None or name not in sub.choices:
            return False
        parser = sub.choices[name]
    return True


needs_qdpx_import = pytest.mark.skipif(
    not _has_command("import", "qdpx"),
    reason="'kb import qdpx' bestaat nog niet (collega schrijft de importer)",
)


@needs_qdpx_import
def test_qdpx_that_is_not_a_zip(capsys, proj, tmp_path):
    bad = tmp_path / "kapot.qdpx"
    bad.write_bytes(b"<Project>geen zip</Project>")
    before = dump_project(proj)
    code, _, err = _cli(capsys, "import", "qdpx", "-p", proj, bad)
    assert code == 2 and "geen ZIP" in err and str(bad) in err and "Traceback" not in err
    assert dump_project(proj) == before


@needs_qdpx_import
@pytest.mark.parametrize("evil", ["../../x", "sources/../../../x", "/tmp/x", "..\\..\\x"])
def test_qdpx_with_path_traversal_is_refused(capsys, proj, tmp_path, evil):
    work = tmp_path / "diep" / "map"
    work.mkdir(parents=True)
    archive = work / "boos.qdpx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("project.qde", '<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"/>')
        zf.writestr(evil, "geheim")
    archive.write_bytes(buf.getvalue())
    before = dump_project(proj)
    listing = sorted(str(p) for p in tmp_path.rglob("*"))
    code, _, err = _cli(capsys, "import", "qdpx", "-p", proj, archive)
    assert code == 2 and "onveilige paden" in err and "Traceback" not in err
    assert dump_project(proj) == before
    # Nothing written anywhere: not beside the archive, not where the entry points.
    assert sorted(str(p) for p in tmp_path.rglob("*")) == listing
    assert not Path("/tmp/x").is_file() or Path("/tmp/x").read_bytes() != b"geheim"


# -- fuzzing -------------------------------------------------------------------------------------------------

_FRAGMENTS = [
    "---\n",
    "id: a-1\n",
    "omgeving: wijk\n",
    "omgeving: stad\n",
    "duo: [An Bos, Bo Kok]\n",
    "duo: \n",
    "id: [\n",
    "## Mooi voorbeeld\n",
    "## Vastloopmoment\n",
    "## Scores\n",
    "## Keuze principe\n",
    "## Nieuw principe\n",
    "An Bos: hallo\n",
    "R: ja\n",
    "mooi voorbeeld | Eenvoud | 4\n",
    "vastloopmoment | Eenvoud | 99\n",
    "x | y\n",
    "- Eenvoud\n",
    "- Bestaat niet\n",
    "\ufeff",
    "\r\n",
    "\x00",
    ": : :\n",
    "datum: 2020-13-45\n",
    "respondent: {a: b}\n",
    "...\n",
    "!!python/object:os.system\n",
    "&a [*a]\n",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=40)), max_size=25))
def test_parser_raises_only_project_errors(codebook, parts):
    text = "".join(parts)
    with contextlib.suppress(KBError):
        parse_transcript(text, "fuzz.md", codebook)


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=600), st.sampled_from([None, "utf-8", "cp1252", "utf-16", "latin-1", "bestaat-niet"])
)
def test_decode_bytes_raises_only_project_errors(data, encoding):
    with contextlib.suppress(KBError):
        decode_bytes(data, "fuzz.md", encoding)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "WEBVTT\n\n",
                    "NOTE ---\nid: x\n---\n\n",
                    "00:00:01.000 --> 00:00:02.000\n",
                    "<v Sandra>hallo</v>\n",
                    "\n\n",
                    "1\n",
                    "NOTE ## Mooi voorbeeld\n\n",
                    "## Scores\n",
                ]
            ),
            st.text(max_size=30),
        ),
        max_size=20,
    )
)
def test_subtitles_then_parser_raise_only_project_errors(codebook, tmp_path, parts):
    try:
        md = subtitles_to_text("".join(parts), tmp_path / "fuzz.vtt")
        parse_transcript(md, "fuzz.vtt", codebook)
    except KBError:
        pass
