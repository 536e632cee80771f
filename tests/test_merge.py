"""kb merge on real data: two duos who coded overlapping demo interviews (one withdrew a fragment), and a third
project with another version of one interview. Every check is against plain SQL on the files, not against
the merge's own bookkeeping."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import DEMO_DIR, dump_project, new_project, sql_rows
from merge_fixtures import FILES_A, FILES_B, SHARED, build, copy

from kritischeblik.api import ProjectData
from kritischeblik.cli import main
from kritischeblik.safefiles import TargetExists
from kritischeblik.services import coding, merge_sessions
from kritischeblik.services.agreement import agreement_frame
from kritischeblik.services.merge import merge
from kritischeblik.services.merge_report import render
from kritischeblik.store.db import Project

CODINGS = """
    SELECT s.interview_id, s.idx, c.code_id, lower(trim(k.name)), c.status, c.memo
    FROM codings c JOIN segments s ON s.id = c.segment_id JOIN coders k ON k.id = c.coder_id"""
SCORES = """
    SELECT interview_id, example, code_id, lower(trim(k.name)), score
    FROM coder_scores c JOIN coders k ON k.id = c.coder_id"""


@pytest.fixture(scope="module")
def duos(tmp_path_factory, nlp, pseudonymiser):
    return build(tmp_path_factory.mktemp("duos"), nlp, pseudonymiser)


@pytest.fixture
def work(duos, tmp_path):
    """Private copies of the sources, and an empty target with the same codebook."""
    a, b = copy(duos.a, tmp_path / "a.kb"), copy(duos.b, tmp_path / "b.kb")
    other = copy(duos.other_version, tmp_path / "ander.kb")
    new_project(tmp_path / "doel.kb").close()
    return tmp_path / "doel.kb", a, b, other


def _keyed(rows: list[tuple], width: int) -> Counter:
    return Counter(r[:width] for r in rows)


def _digest(path: Path) -> tuple[str, bytes]:
    """The project file's bytes, and what its WAL holds: SQLite may make an empty -wal/-shm beside a file it
    reads (mode=ro needs the WAL index), which holds nothing of the project."""
    wal = Path(f"{path}-wal")
    return hashlib.sha256(path.read_bytes()).hexdigest(), wal.read_bytes() if wal.exists() else b""


def test_every_coding_score_and_memo_comes_over_once_with_its_coder(work):
    target, a, b, other = work
    report = merge(target, [a, b, other])
    merged = sql_rows(target, CODINGS)
    assert max(_keyed(merged, 4).values()) == 1  # no (fragment, code, coder) twice
    by_key = {r[:4]: r[4:] for r in merged}
    expected = {}
    for src in (a, b):
        for row in sql_rows(src, CODINGS):
            expected.setdefault(row[:4], row[4:])  # the first source wins a conflict
            assert row[:4] in by_key
    assert by_key == expected
    assert sum(1 for r in merged if r[5]) == sum(1 for v in expected.values() if v[1])  # memos
    # one coder per person whatever the spelling: Anna (duo A) and "anna " (duo B)
    assert sorted(n.lower() for (n,) in sql_rows(target, "SELECT name FROM coders")) == [
        "anna",
        "bram",
        "carla",
    ]
    scores = {r[:4]: r[4] for r in sql_rows(target, SCORES)}
    for src in (b, a):
        for row in sql_rows(src, SCORES):
            assert row[:4] in scores
    assert scores == {r[:4]: r[4] for src in (b, a) for r in sql_rows(src, SCORES)}  # a's written last wins
    conflicts = [c for r in report.sources for c in r.conflicts if "score" in c.subject]
    differing = {r[:4] for r in sql_rows(a, SCORES)} & {r[:4] for r in sql_rows(b, SCORES)}
    assert len(conflicts) == sum(
        1
        for k in differing
        if dict((r[:4], r[4]) for r in sql_rows(a, SCORES))[k]
        != dict((r[:4], r[4]) for r in sql_rows(b, SCORES))[k]
    )


def test_histories_come_over_once(work):
    target, a, b, _ = work
    merge(target, [a, b])
    query = """SELECT s.interview_id, s.idx, e.code_id, lower(e.coder), e.action, e.new_status, e.at
               FROM coding_events e JOIN segments s ON s.id = e.segment_id"""
    merged = Counter(sql_rows(target, query))
    union = Counter(sql_rows(a, query)) | Counter(sql_rows(b, query))
    assert merged == union
    score_q = (
        "SELECT interview_id, example, code_id, lower(coder), old_score, new_score, at FROM score_events"
    )
    assert Counter(sql_rows(target, score_q)) == Counter(sql_rows(a, score_q)) + Counter(
        r for r in sql_rows(b, score_q) if r[:4] not in {x[:4] for x in sql_rows(a, score_q)}
    )


def test_tallies_equal_those_of_the_distinct_interviews(work, duos):
    target, a, b, other = work
    merge(target, [a, b, other])
    with ProjectData(target) as merged, ProjectData(duos.union) as union:
        got, want = merged.tallies(), union.tallies()
    assert len(want) and got.reset_index(drop=True).equals(want.reset_index(drop=True))
    ids = sorted({Path(f).stem for f in FILES_A + FILES_B})
    assert [r[0] for r in sql_rows(target, "SELECT id FROM interviews ORDER BY id")] == ids


def test_agreement_between_the_duos_after_the_merge(work):
    from sklearn.metrics import cohen_kappa_score

    target, a, b, _ = work
    merge(target, [a, b])
    with Project.open(target) as p:
        table = agreement_frame(p, coders=["Anna", "Carla"], interview_ids=SHARED)
    rows = sql_rows(
        target,
        CODINGS + " WHERE s.interview_id IN (?, ?) AND c.status = 'accepted'",
        *SHARED,
    )
    segments = sql_rows(
        target,
        "SELECT interview_id, idx FROM segments WHERE interview_id IN (?, ?) AND state != 'ingetrokken'",
        *SHARED,
    )
    checked = 0
    for code in sorted({r[2] for r in rows}):
        ann = [int((iid, idx, code, "anna") in {r[:4] for r in rows}) for iid, idx in segments]
        car = [int((iid, idx, code, "carla") in {r[:4] for r in rows}) for iid, idx in segments]
        row = table[table["code"] == code]
        if len(row) and row["kappa"].notna().all() and len(set(ann)) > 1 and len(set(car)) > 1:
            assert row["kappa"].iloc[0] == pytest.approx(cohen_kappa_score(ann, car), abs=1e-6)
            checked += 1
    assert checked


def test_a_conflicting_version_is_reported_and_left_alone(work):
    target, a, b, other = work
    merge(target, [b])
    before = sql_rows(target, "SELECT content_hash, text FROM interviews WHERE id = 'wijk-03'")
    report = merge(target, [other])
    assert report.sources[0].conflicting == ["wijk-03"] and not report.sources[0].added
    assert "andere versie" in render(report)
    assert sql_rows(target, "SELECT content_hash, text FROM interviews WHERE id = 'wijk-03'") == before
    assert not sql_rows(target, "SELECT 1 FROM coders WHERE lower(name) = 'dirk'")


def test_a_withdrawn_fragment_stays_withdrawn_whichever_source_comes_first(work, tmp_path):
    target, a, b, _ = work
    withdrawn = sql_rows(b, "SELECT interview_id, idx FROM segments WHERE state = 'ingetrokken'")
    assert len(withdrawn) == 1 and withdrawn[0][0] in SHARED
    for order, path in (([a, b], target), ([b, a], tmp_path / "andersom.kb")):
        if not path.exists():
            new_project(path).close()
        merge(path, order)
        assert (
            sql_rows(path, "SELECT interview_id, idx FROM segments WHERE state = 'ingetrokken'") == withdrawn
        )
        events = sql_rows(path, "SELECT new_state, changed_by, reason FROM segment_events")
        assert events == [("ingetrokken", "Carla", "respondent trekt dit in")]


def test_merging_twice_adds_nothing(work):
    target, a, b, other = work
    merge(target, [a, b, other])
    before = dump_project(target)
    again = merge(target, [a, b, other])
    assert dump_project(target) == before
    assert not again.changed and "niets toegevoegd" in render(again)


def test_the_sources_stay_byte_identical(work):
    target, a, b, other = work
    before = {p: _digest(p) for p in (a, b, other)}
    merge(target, [a, b, other], dry_run=True)
    merge(target, [a, b, other])
    assert {p: _digest(p) for p in (a, b, other)} == before


def test_a_failure_half_way_leaves_the_target_unchanged(work, monkeypatch):
    target, a, b, _ = work
    merge(target, [a])
    before = dump_project(target)

    def broken(*args, **kwargs):
        raise RuntimeError("stroomstoring")

    monkeypatch.setattr(merge_sessions, "merge_sessions", broken)
    with pytest.raises(RuntimeError):
        merge(target, [b])
    assert dump_project(target) == before


def test_a_dry_run_writes_nothing_and_says_what_a_merge_would_do(work):
    target, a, b, other = work
    before = _digest(target)
    dry = merge(target, [a, b, other], dry_run=True)
    assert _digest(target) == before
    real = merge(target, [a, b, other])
    assert [(r.added, r.matched, r.conflicting, r.counts) for r in dry.sources] == [
        (r.added, r.matched, r.conflicting, r.counts) for r in real.sources
    ]
    assert "Proef" in render(dry)


def _front_matter(name: str) -> dict:
    return yaml.safe_load((DEMO_DIR / name).read_text(encoding="utf-8").split("---")[1])


def test_researcher_pseudonyms_stay_consistent_and_no_name_is_written(work):
    target, a, b, other = work
    report = merge(target, [a, b, other], report_path=target.parent / "verslag.md")
    names_of: dict[str, set[str]] = {}
    for iid, duo in sql_rows(target, "SELECT id, duo FROM interviews"):
        labels = yaml.safe_load(duo)
        for name, label in zip(_front_matter(f"{iid}.md")["duo"], labels, strict=True):
            names_of.setdefault(label, set()).add(name)
    assert names_of and all(len(n) == 1 for n in names_of.values())  # a label is never two people
    # a person in a transcript both duos ingested has one label, also in the other interviews of duo B
    labels_of: dict[str, set[str]] = {}
    for label, names in names_of.items():
        labels_of.setdefault(next(iter(names)), set()).add(label)
    shared_people = {n for iid in SHARED for n in _front_matter(f"{iid}.md")["duo"]}
    assert all(len(labels_of[n]) == 1 for n in shared_people)
    real = {n for f in FILES_A + FILES_B for n in _front_matter(f)["duo"] + [_front_matter(f)["respondent"]]}
    text = render(report) + (target.parent / "verslag.md").read_text(encoding="utf-8")
    stored = "\n".join(dump_project(target))
    for name in real:
        assert name not in text and name not in stored


def test_the_report_file_is_new_or_refused(work):
    target, a, _, _ = work
    out = target.parent / "verslag.md"
    out.write_text("eigen aantekeningen\n", encoding="utf-8")
    before = dump_project(target)
    with pytest.raises(TargetExists):
        merge(target, [a], report_path=out)
    assert out.read_text(encoding="utf-8") == "eigen aantekeningen\n"
    assert dump_project(target) == before  # refused before anything was merged


def test_a_duo_copy_with_the_same_key_brings_only_its_new_work(work):
    target, a, _, _ = work
    merge(target, [a])
    duo = copy(target, target.parent / "kopie.kb")  # the project handed to a duo: the same key
    with Project.open(duo) as p, p.read() as s:
        from kritischeblik.store.segment_states import interview_segment_ids

        seg = interview_segment_ids(s, SHARED[0])[0]
    with Project.open(duo) as p:
        coding.decide(p, seg, "lp-leefwereld-centraal", "Eva", "add", memo="nieuw")
    labels = sql_rows(target, "SELECT label FROM researchers")
    report = merge(target, [duo])
    assert report.sources[0].counts["codings"] == 1 and report.sources[0].counts["researchers"] == 0
    assert sql_rows(target, "SELECT label FROM researchers") == labels
    assert not report.sources[0].notes


def test_cli_merge_prints_the_report_in_dutch(work, capsys):
    target, a, b, _ = work
    assert main(["merge", str(target), str(a), str(b), "--proef"]) == 0
    out = capsys.readouterr().out
    assert "Proef: er is niets geschreven." in out and "interviews toegevoegd: 4" in out
    assert main(["merge", str(target), str(a), "--format", "json"]) == 0
    (source,) = json.loads(capsys.readouterr().out)["bronnen"]
    assert len(source["toegevoegd"]) == len(FILES_A) and source["overgenomen"]["codings"] == len(
        sql_rows(a, CODINGS)
    )
    assert main(["merge", str(target), str(target)]) != 0
    assert "met zichzelf" in capsys.readouterr().err


def test_another_codebook_version_is_a_conflict_and_codings_of_missing_codes_are_counted(work):
    import dataclasses

    from kritischeblik.codebook import load_codebook
    from kritischeblik.store.codebooks import save_codebook

    _, a, _, _ = work
    target = a.parent / "ander-codeboek.kb"
    book = load_codebook("kritische-blik")
    dropped = "lp-leefwereld-centraal"
    older = dataclasses.replace(book, version="0.9", codes=[c for c in book.codes if c.id != dropped])
    with Project.create(target) as p, p.write() as s:
        save_codebook(s, older, primary=True)
    report = merge(target, [a]).sources[0]
    assert any("codeboek kritische-blik" in c.subject and "0.9" in c.problem for c in report.conflicts)
    uses = sql_rows(a, "SELECT count(*) FROM codings WHERE code_id = ?", dropped)[0][0]
    uses += sql_rows(a, "SELECT count(*) FROM coder_scores WHERE code_id = ?", dropped)[0][0]
    uses += sql_rows(a, "SELECT count(*) FROM principle_scores WHERE code_id = ?", dropped)[0][0]
    uses += sql_rows(a, "SELECT count(*) FROM principle_choices WHERE code_id = ?", dropped)[0][0]
    assert uses and report.unknown_codes == {dropped: uses}
    assert not sql_rows(target, "SELECT 1 FROM codings WHERE code_id = ?", dropped)
    assert sql_rows(target, "SELECT version FROM codebooks") == [("0.9",)]


def test_a_restore_in_the_target_is_not_undone_by_merging_the_withdrawal_again(work):
    from kritischeblik.services import member_checks

    target, _, b, _ = work
    merge(target, [b])
    (seg,) = sql_rows(target, "SELECT id FROM segments WHERE state = 'ingetrokken'")
    with Project.open(target) as p:
        member_checks.set_states(p, [seg[0]], "actief", "Carla", reason="respondent akkoord na overleg")
    before = dump_project(target)
    report = merge(target, [b])
    assert dump_project(target) == before and report.sources[0].counts["member_checks"] == 0


def _segment(path: Path, interview_id: str, nr: int) -> int:
    return sql_rows(path, "SELECT id FROM segments WHERE interview_id = ? AND idx = ?", interview_id, nr)[0][
        0
    ]


def test_a_coding_decided_otherwise_is_a_conflict_and_keeps_the_targets_history(work):
    target, a, _, _ = work
    merge(target, [a])
    duo = copy(target, target.parent / "kopie.kb")
    iid, nr, code, _, status = sql_rows(
        duo, CODINGS.replace("lower(trim(k.name))", "k.name") + " WHERE k.name = 'Anna' ORDER BY c.id LIMIT 1"
    )[0][:5]
    assert status == "accepted"
    with Project.open(duo) as p:
        coding.decide(p, _segment(duo, iid, nr), code, "Anna", "reject")
    before = dump_project(target)
    report = merge(target, [duo]).sources[0]
    assert [c.subject for c in report.conflicts] == [
        f"interview {iid}, fragment {nr + 1}, code {code}, codeur Anna"
    ]
    assert dump_project(target) == before  # the reject and its history stayed behind


def test_a_new_contribution_to_a_session_both_have_comes_over(work):
    from kritischeblik.services import sessions

    target, a, _, _ = work
    merge(target, [a])
    duo = copy(target, target.parent / "kopie.kb")
    ((sid,),) = sql_rows(duo, "SELECT id FROM duiding_sessions")
    with Project.open(duo) as p:
        sessions.add_duiding(p, sid, "Commissielid A", "nog een gedachte", kind="meenemen")
    report = merge(target, [duo]).sources[0]
    assert report.counts["contributions"] == 1 and report.counts["sessions"] == 0
    query = "SELECT author, text, kind FROM duidingen ORDER BY id"
    assert sql_rows(target, query) == sql_rows(duo, query)


def test_edits_to_themes_and_sessions_both_hold_are_reported_not_mixed(work):
    from kritischeblik.services import sessions
    from kritischeblik.services import themes as theme_service

    target, a, _, _ = work
    merge(target, [a])
    duo = copy(target, target.parent / "kopie.kb")
    ((theme_id,),) = sql_rows(duo, "SELECT min(id) FROM themes")
    ((sid,),) = sql_rows(duo, "SELECT id FROM duiding_sessions")
    with Project.open(duo) as p:
        theme_service.rename(p, theme_id, "Wachtlijsten")
        sessions.set_phase(p, sid, "duiden", by="Anna")
        ((contribution,),) = sql_rows(duo, "SELECT min(id) FROM duidingen")
        sessions.edit_duiding(p, contribution, "Anna", "anders gezegd", by="Anna")
    before = dump_project(target)
    report = merge(target, [duo]).sources[0]
    problems = " ".join(c.problem for c in report.conflicts)
    assert (
        "anders bewerkt (naam of status)" in problems
        and "in fase leestijd in het doel, duiden in de bron" in problems
    )
    assert "de tekst is in de bron anders bewerkt" in problems  # an edited contribution is not a new one
    assert dump_project(target) == before


def test_the_same_file_pseudonymised_otherwise_is_a_conflict(work):
    import sqlite3

    target, a, _, _ = work
    merge(target, [a])
    other = copy(a, a.parent / "anders.kb")
    con = sqlite3.connect(other)
    with (
        con
    ):  # as if the duo's codebook shielded one word less: the stored text differs, the file is the same
        con.execute("UPDATE interviews SET text = replace(text, 'e', 'é') WHERE id = ?", (SHARED[0],))
    con.close()
    before = dump_project(target)
    report = merge(target, [other]).sources[0]
    assert report.conflicting == [SHARED[0]] and "anders gepseudonimiseerd" in render(
        merge(target, [other], dry_run=True)
    )
    assert dump_project(target) == before


def test_a_merged_session_keeps_its_leader_and_a_merge_needs_a_beheerder(work):
    from kritischeblik.errors import KBError
    from kritischeblik.services import roles, sessions

    target, a, _, _ = work
    with Project.open(a) as p:
        sid = sessions.create(p, "2020-02-01", ["Commissielid B"], "belemmerende_elementen", leader="Anna")
    ((source_leader,),) = sql_rows(a, f"SELECT value FROM meta WHERE key = 'session_leader:{sid}'")
    with Project.open(target) as p:
        roles.set_role(p, "Bea", "beheerder", actor="Bea")
        roles.set_role(p, "Anna", "codeur", actor="Bea")
    before = _digest(target)
    with pytest.raises(KBError, match="beheerder"):
        merge(target, [a], actor="Anna")
    assert _digest(target)[0] == before[0]
    merge(target, [a], actor="bea")
    ((new_id,),) = sql_rows(target, "SELECT id FROM duiding_sessions WHERE datum = '2020-02-01'")
    assert sql_rows(target, f"SELECT value FROM meta WHERE key = 'session_leader:{new_id}'") == [
        (source_leader,)
    ]


def test_a_merge_into_a_postgresql_project_gives_what_it_gives_in_a_file(work, pg_server):
    from kritischeblik.store.project_copy import content

    target, a, b, _ = work
    url = pg_server.url(pg_server.new_database())
    assert main(["init", "-p", url, "--codebook", "kritische-blik"]) == 0
    in_file = merge(target, [a, b]).as_dict()
    in_db = merge(url, [a, b]).as_dict()
    assert in_file["doel"] != in_db["doel"]
    assert in_db["bronnen"] == in_file["bronnen"]
    with Project.open(target) as f, Project.open(url) as d:
        file_rows, db_rows = content(f), content(d)
    for table in ("interviews", "segments", "codings", "coding_events", "coder_scores", "duidingen"):
        assert db_rows[table] == file_rows[table], table
    assert merge(url, [a, b]).changed is False  # a second merge adds nothing, in a database too


def test_the_report_lists_only_researcher_labels_that_changed(work):
    import re

    target, a, b, _other = work
    report = merge(target, [a, b])
    notes = [n for s in report.sources for n in s.notes if "andere sleutel" in n]
    assert notes, "separately made projects have their own keys"
    pairs = [
        p for n in notes for p in re.findall(r"(Onderzoeker \d+) \(bron\) = (Onderzoeker \d+) \(doel\)", n)
    ]
    assert all(a != b for a, b in pairs), pairs
    # into an empty target duo A's labels stay as they were, and the report says so in one phrase
    assert re.search(r"\d+ labels? (bleef|bleven) gelijk", notes[0]), notes[0]


def test_every_table_is_merged_or_read_as_meta():
    """A table added later must be carried over by a merge or be named here: nothing the user made is lost."""
    from kritischeblik.store.project_rows import TABLES
    from kritischeblik.store.schema import Base, Meta

    every = {t.name for t in Base.metadata.sorted_tables}
    assert every - set(TABLES) == {Meta.__tablename__}  # meta rows: session rows, key check, uuid (read_rows)
    assert set(TABLES) <= every
