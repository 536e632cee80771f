"""The key behind researcher pseudonyms (Onderzoeker N) lives outside the project: a project file, a backup or
an export cannot confirm a guessed interviewer name, and a colleague without the key can do everything except
ingest transcripts that name interviewers."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import stat
import unicodedata
import uuid
import zipfile
from pathlib import Path

import pytest
from conftest import DEMO_DIR, dump_project, new_project, sql_rows
from sqlalchemy import select

from kritischeblik.cli import main
from kritischeblik.codebook import load_codebook
from kritischeblik.errors import KBError
from kritischeblik.services.ingest import ingest_paths
from kritischeblik.store import keys
from kritischeblik.store.codebooks import save_codebook
from kritischeblik.store.db import Project
from kritischeblik.store.engines import sqlite_engine
from kritischeblik.store.migrations import all_migrations
from kritischeblik.store.schema import Meta, Researcher, Segment

DUO_02 = ["Joost van Dam", "Naima Ouali"]  # wijk-02's interviewers (corpora/demo/wijk-02.md)


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _old_hash(salt: str, name: str) -> str:
    """How version 7 stored a researcher: HMAC-SHA256 of the normalised name under the salt from meta."""
    norm = unicodedata.normalize("NFKC", " ".join(name.lower().split()))
    return hmac.new(salt.encode(), norm.encode(), hashlib.sha256).hexdigest()


def _version_7_project(path: Path, salt: str, researchers: list[str]) -> None:
    """A project as version 7 left it: the salt in meta and researchers hashed with it."""
    # The frozen DDL of versions 1..7 run through the same upgrade functions the store uses.
    engine_project = Project(path, sqlite_engine(path))
    with engine_project.write() as s:
        for m in all_migrations():
            if m.version <= 7:
                m.upgrade(s.connection())
        s.add_all(
            [
                Meta(key="schema_version", value="7"),
                Meta(key="created_at", value="2020-01-01T00:00:00+00:00"),
                Meta(key="pseudonym_salt", value=salt),
            ]
        )
        for n, name in enumerate(researchers, start=1):
            s.add(Researcher(key_hash=_old_hash(salt, name), label=f"Onderzoeker {n}"))
    engine_project.close()


@pytest.fixture
def key_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "sleutels-a"
    monkeypatch.setenv("KB_KEY_DIR", str(d))
    return d


def test_new_project_keeps_its_key_outside_with_mode_0600(tmp_path, key_dir):
    path = tmp_path / "nieuw.kb"
    new_project(path).close()
    meta = dict(sql_rows(path, "SELECT key, value FROM meta"))
    assert "pseudonym_salt" not in meta
    project_uuid = str(uuid.UUID(meta[keys.UUID_META]))
    key_file = key_dir / f"{project_uuid}.key"
    assert key_file.is_file() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_dir.stat().st_mode) == 0o700
    found_uuid, key = keys.parse(key_file.read_text(encoding="utf-8"), str(key_file))
    assert found_uuid == project_uuid and key.encode() not in path.read_bytes()
    assert (
        meta[keys.CHECK_META]
        == hmac.new(key.encode(), b"kritischeblik:sleutelcontrole:1", hashlib.sha256).hexdigest()
    )


def test_project_is_not_created_when_the_key_cannot_be_written(tmp_path, monkeypatch):
    blocker = tmp_path / "geen-map"
    blocker.write_text("ik ben een bestand")
    monkeypatch.setenv("KB_KEY_DIR", str(blocker / "sleutels"))
    code = main(["init", "-p", str(tmp_path / "x.kb")])
    assert code == 2 and not (tmp_path / "x.kb").exists()


def test_migration_moves_the_salt_out_and_keeps_every_label(tmp_path, key_dir, nlp, pseudonymiser, capsys):
    salt = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    path = tmp_path / "oud.kb"
    _version_7_project(path, salt, ["Iemand Anders", *DUO_02])
    assert salt.encode() in path.read_bytes()
    with Project.open(path) as p:
        meta = p.meta()
    # The old salt is now the key, in the key folder, under the uuid its REFI-QDA GUIDs were made in.
    old_namespace = uuid.uuid5(
        uuid.NAMESPACE_URL,
        "urn:kritischeblik:" + hashlib.sha256(("kritischeblik-refi:" + salt).encode()).hexdigest(),
    )
    assert meta[keys.UUID_META] == str(old_namespace) and "pseudonym_salt" not in meta
    assert keys.load(meta[keys.UUID_META]) == salt
    # Vacuumed: nothing of the salt is left in the file, its free pages or a WAL.
    for suffix in ("", "-wal", "-shm"):
        f = Path(f"{path}{suffix}")
        assert not f.exists() or salt.encode() not in f.read_bytes()
    # Interviewers keep the labels they had: the same key gives the same hash.
    with Project.open(path) as p:
        with p.write() as s:
            save_codebook(s, load_codebook("kritische-blik"), primary=True)
        ingest_paths(p, [DEMO_DIR / "wijk-02.md"], nlp=nlp, pseudonymiser=pseudonymiser)
    (duo,) = sql_rows(path, "SELECT duo FROM interviews WHERE id='wijk-02'")[0]
    assert json.loads(duo) == ["Onderzoeker 2", "Onderzoeker 3"]
    assert sql_rows(path, "SELECT count(*) FROM researchers") == [(3,)]
    code, out, _ = _cli(capsys, "status", "-p", path, "--format", "json")
    assert code == 0 and json.loads(out)["sleutel_onderzoekers"] == "aanwezig"


def test_migration_fails_cleanly_when_the_key_cannot_be_written(tmp_path, monkeypatch):
    path = tmp_path / "oud.kb"
    monkeypatch.setenv("KB_KEY_DIR", str(tmp_path / "ok"))
    _version_7_project(path, "aa" * 16, DUO_02)
    before = dump_project(path)
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    monkeypatch.setenv("KB_KEY_DIR", str(blocker))
    with pytest.raises(KBError, match="kan de sleutel voor onderzoekerspseudoniemen niet opslaan"):
        Project.open(path)
    assert dump_project(path) == before
    assert ("schema_version", "7") in sql_rows(path, "SELECT key, value FROM meta")


@pytest.fixture
def exported_everything(tmp_path, key_dir, nlp, pseudonymiser, capsys):
    """A project with interviewers, coded, a session; backed up and exported in every format."""
    path = tmp_path / "p.kb"
    with new_project(path) as p:
        ingest_paths(
            p, [DEMO_DIR / "wijk-02.md", DEMO_DIR / "wijk-01.md"], nlp=nlp, pseudonymiser=pseudonymiser
        )
        from kritischeblik.store import sessions as st
        from kritischeblik.store.codings import decide

        with p.write() as s:
            segs = s.scalars(select(Segment).order_by(Segment.id).limit(6)).all()
            for seg in segs:
                decide(s, seg.id, "be-systeemwereld", "Anna", "add", memo="zie ook het vervolg")
            st.create_session(
                s,
                "2020-01-30",
                ["Anna"],
                "belemmerende_elementen",
                [st.ThemeInput("Systeemwereld", [x.id for x in segs])],
                title="S",
            )
    out = tmp_path / "uit"
    out.mkdir()
    for args in (
        ["backup", "-p", path, out / "backup.kb"],
        ["export", "csv", "-p", path, out / "csv"],
        ["export", "xlsx", "-p", path, out / "p.xlsx"],
        ["export", "qdpx", "-p", path, out / "p.qdpx"],
        ["export", "qdc", "-p", path, out / "p.qdc"],
        ["export", "samenvatting", "-p", path, out / "s.md"],
        ["session", "export", "-p", path, "1", out / "m.md"],
    ):
        code, _, err = _cli(capsys, *args)
        assert code == 0, err
    meta = dict(sql_rows(path, "SELECT key, value FROM meta"))
    return path, out, keys.load(meta[keys.UUID_META])


def _all_bytes(out: Path):
    for f in out.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            yield f.name, data
            if zipfile.is_zipfile(f):
                with zipfile.ZipFile(f) as zf:
                    for name in zf.namelist():
                        yield f"{f.name}:{name}", zf.read(name)


def test_no_key_material_in_project_backup_or_exports(exported_everything):
    path, out, key = exported_everything
    assert key and len(key) == 32
    checked = 0
    for where, data in [("project", path.read_bytes()), *_all_bytes(out)]:
        assert key.encode() not in data and key.upper().encode() not in data, where
        assert b"pseudonym_salt" not in data, where
        checked += 1
    assert checked >= 8
    backup_meta = dict(sql_rows(out / "backup.kb", "SELECT key, value FROM meta"))
    assert "pseudonym_salt" not in backup_meta and key not in backup_meta.values()


def test_stored_labels_cannot_be_confirmed_from_anything_in_the_project(exported_everything):
    """Brute force as an outsider would: every value in meta (and the backup's) as HMAC key over the
    interviewers' real names, in the way the labels are made. None reproduces a stored hash."""
    path, out, key = exported_everything
    stored = {h for (h,) in sql_rows(path, "SELECT key_hash FROM researchers")}
    assert len(stored) == 4
    names = DUO_02 + ["Sandra Kok", "Pieter Bakker", "Marieke de Vries"]
    candidates = {v for (v,) in sql_rows(path, "SELECT value FROM meta")} | {
        v for (v,) in sql_rows(out / "backup.kb", "SELECT value FROM meta")
    }
    for candidate in candidates:
        for name in names:
            assert _old_hash(candidate, name) not in stored
    # ... whereas the key from the key folder does: the test would notice a wrong recipe.
    assert _old_hash(key, DUO_02[0]) in stored


def test_colleague_without_key_reads_codes_exports_but_cannot_ingest_new_interviewers(
    exported_everything, tmp_path, monkeypatch, capsys, nlp, pseudonymiser
):
    path, _out, _key = exported_everything
    machine_a = os.environ["KB_KEY_DIR"]
    empty = tmp_path / "leeg"
    empty.mkdir()
    monkeypatch.setenv("KB_KEY_DIR", str(empty))
    code, out, _ = _cli(capsys, "status", "-p", path, "--format", "json")
    assert code == 0 and json.loads(out)["sleutel_onderzoekers"] == "ontbreekt"
    seg = sql_rows(path, "SELECT id FROM segments ORDER BY id LIMIT 1")[0][0]
    assert _cli(capsys, "code", "add", "-p", path, seg, "we-aanpakken", "--coder", "Bram")[0] == 0
    assert _cli(capsys, "export", "csv", "-p", path, tmp_path / "csv-b")[0] == 0
    assert _cli(capsys, "export", "qdpx", "-p", path, tmp_path / "b.qdpx")[0] == 0
    before = dump_project(path)
    code, _, err = _cli(capsys, "ingest", "-p", path, DEMO_DIR / "wijk-04.md")
    assert code == 2 and "Traceback" not in err
    assert (
        "sleutel" in err
        and str(empty) in err
        and "kb sleutel importeer" in err
        and "kb sleutel exporteer" in err
    )
    assert dump_project(path) == before
    # Machine A hands the key over; machine B imports it and gets the same labels as A would.
    monkeypatch.setenv("KB_KEY_DIR", machine_a)
    handed = tmp_path / "voor-bram.key"
    code, out, _ = _cli(capsys, "sleutel", "exporteer", "-p", path, handed)
    assert code == 0 and stat.S_IMODE(handed.stat().st_mode) == 0o600
    assert _cli(capsys, "sleutel", "exporteer", "-p", path, handed)[0] == 2  # never overwrites
    copy_a = tmp_path / "a.kb"
    Project.open(path).close()
    sqlite3.connect(path).backup(sqlite3.connect(copy_a))
    with Project.open(copy_a) as p:
        ingest_paths(p, [DEMO_DIR / "wijk-04.md"], nlp=nlp, pseudonymiser=pseudonymiser)
    monkeypatch.setenv("KB_KEY_DIR", str(empty))
    code, out, err = _cli(capsys, "sleutel", "importeer", "-p", path, handed)
    assert code == 0, err
    assert _cli(capsys, "ingest", "-p", path, DEMO_DIR / "wijk-04.md")[0] == 0
    label = "SELECT duo FROM interviews WHERE id='wijk-04'"
    assert sql_rows(path, label) == sql_rows(copy_a, label) and "Onderzoeker" in sql_rows(path, label)[0][0]
    # wijk-01 and wijk-04 were done by the same duo (corpora/README.md): the same labels on machine B too.
    assert sql_rows(path, label) == sql_rows(path, "SELECT duo FROM interviews WHERE id='wijk-01'")


def test_key_import_refuses_another_projects_key(exported_everything, tmp_path, capsys):
    path, _out, _key = exported_everything
    other = tmp_path / "ander.kb"
    new_project(other).close()
    handed = tmp_path / "ander.key"
    assert _cli(capsys, "sleutel", "exporteer", "-p", other, handed)[0] == 0
    code, _, err = _cli(capsys, "sleutel", "importeer", "-p", path, handed)
    assert code == 2 and "ander project" in err
    junk = tmp_path / "junk.key"
    junk.write_text("hallo")
    code, _, err = _cli(capsys, "sleutel", "importeer", "-p", path, junk)
    assert code == 2 and "geen sleutelbestand" in err and "Traceback" not in err


def test_key_is_never_printed(exported_everything, capsys):
    path, _out, key = exported_everything
    for args in (
        ["sleutel", "toon", "-p", path],
        ["sleutel", "toon", "-p", path, "--format", "json"],
        ["status", "-p", path, "--format", "json"],
    ):
        code, out, err = _cli(capsys, *args)
        assert code == 0 and key not in out and key not in err
